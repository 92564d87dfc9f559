// Storage control: cache management (Power ISA 2.07 Book II §4.3), memory barriers (§4.4.3),
// isync (§1.7.1) and tlbsync (Book III-S §5.9.3.2).
//
// There are no caches to model, so only the storage accesses the instructions make in QEMU
// 7.2 remain (they can fault exactly as a load/store would):
// - dcbf, dcbst: a one-byte load at the EA; icbi: a word load at the start of the 128-byte
//   block; dcbt, dcbtst: nothing (never fault).
// - dcbz: zeroes the 128-byte block (POWER8 line size) containing the EA; no alignment
//   interrupt (none for cacheable memory, and QEMU raises none); drops a reservation that
//   lies in the block.
// - icbt exists only for embedded processors in QEMU 7.2: illegal instruction on POWER8.
// - tlbsync is hypervisor privileged on POWER8 (no LPCR[GTSE]): privileged-instruction
//   program interrupt for a guest.

import type { Sem } from '../../cpu/dispatch.js';
import { RESV, W_RESV_VALID } from '../../cpu/regs.js';
import { eaX } from './common.js';

/** POWER8 data/instruction cache block size in bytes. */
export const CACHE_BLOCK = 128;
const BLOCK_MASK = ~(CACHE_BLOCK - 1);

const nop: Sem = () => {};

/** dcbf/dcbst: treated as a load of one byte by the translation machinery. */
const loadByte: Sem = (c, w) => {
  eaX(c, (w >>> 16) & 31, (w >>> 11) & 31);
  c.ld8(c.eaHi, c.eaLo);
};

const icbi: Sem = (c, w) => {
  eaX(c, (w >>> 16) & 31, (w >>> 11) & 31);
  c.ld32(c.eaHi, (c.eaLo & BLOCK_MASK) >>> 0);
};

const dcbz: Sem = (c, w) => {
  eaX(c, (w >>> 16) & 31, (w >>> 11) & 31);
  const u32 = c.u32;
  const lo = (c.eaLo & BLOCK_MASK) >>> 0, hi = c.eaHi;
  if (u32[W_RESV_VALID] !== 0 && ((u32[RESV * 2] & BLOCK_MASK) >>> 0) === lo && u32[RESV * 2 + 1] === hi) {
    u32[W_RESV_VALID] = 0;
  }
  c.zero(hi, lo, CACHE_BLOCK);
};

export const STORAGE_CONTROL: Record<string, Sem> = {
  dcbt: nop, dcbtst: nop, dcbf: loadByte, dcbst: loadByte, icbi, dcbz,
  icbt: (c) => c.illegal(),
  sync: nop, eieio: nop, isync: nop,
  tlbsync: (c) => c.privileged(),
};
