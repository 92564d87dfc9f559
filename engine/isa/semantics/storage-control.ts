// Storage control: cache management (Power ISA 2.07 Book II §4.3), memory barriers (§4.4.3),
// isync (§1.7.1), and the SLB and TLB management of Book III-S §5.9.3 (the SLB itself and the
// translation they act on are engine/mmu/).
//
// There are no caches to model, so only the storage accesses the instructions make in QEMU
// 7.2 remain (they can fault exactly as a load/store would):
// - dcbf, dcbst: a one-byte load at the EA; icbi: a word load at the start of the 128-byte
//   block; dcbt, dcbtst: nothing (never fault).
// - dcbz: zeroes the 128-byte block (POWER8 line size) containing the EA; no alignment
//   interrupt (none for cacheable memory, and QEMU raises none); drops a reservation that
//   lies in the block.
// - icbt exists only for embedded processors in QEMU 7.2: illegal instruction on POWER8.
// - tlbsync and tlbie are hypervisor privileged on POWER8 (no LPCR[GTSE]): privileged-
//   instruction program interrupt for a guest (QEMU 7.2 too; a pseries guest changes the
//   page table through hypercalls). tlbiel is privileged and drops every cached
//   translation (the ISA lets it invalidate more than the entries RB names; QEMU does the
//   same).
// - slbmte/slbmfee/slbmfev/slbfee./slbie/slbia: privileged; slbmte, slbmfee and slbmfev with
//   an index beyond the 32 entries (or slbmte operands QEMU refuses, engine/mmu/slb.ts):
//   illegal instruction. slbia invalidates entries 1-31 whatever IH says (POWER8: IH only
//   selects which lookaside information goes; entry 0 stays, ISA 2.07 §5.9.3.1). slbie
//   invalidates the entry translating the EA in RB, if any (QEMU ignores RB's B and C).

import type { Sem } from '../../cpu/dispatch.js';
import type { Cpu } from '../../cpu/cpu.js';
import { RESV, SLB_ENTRIES, W_CR, W_RESV_VALID, W_SO } from '../../cpu/regs.js';
import { esidAt, slbFind, slbInvalidate, slbmteIndex, slbValid, slbWrite, vsidAt } from '../../mmu/slb.js';
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

// ---- SLB management (Book III-S §5.9.3.1) ------------------------------------------------

const rtOf = (w: number): number => (w >>> 21) & 31;
const rbOf = (w: number): number => (w >>> 11) & 31;

const slbmte: Sem = (c, w) => {
  if (c.pr) c.privileged();
  const n = slbmteIndex(c.u32, rtOf(w), rbOf(w));
  if (n < 0) c.illegal();
  if (slbValid(c.u32, n)) c.mmu.slbChanged(n);
  slbWrite(c.u32, n, rtOf(w), rbOf(w));
  c.mmu.slbLoaded(n);
};

/** The entry slbmfee/slbmfev name in RB[52:63]. */
function entryOf(c: Cpu, w: number): number {
  if (c.pr) c.privileged();
  const n = c.u32[rbOf(w) * 2] & 0xfff;
  if (n >= SLB_ENTRIES) c.illegal();
  return n;
}

function copyTo(c: Cpu, rt: number, from: number): void {
  c.u32[rt * 2] = c.u32[from];
  c.u32[rt * 2 + 1] = c.u32[from + 1];
}

const slbmfee: Sem = (c, w) => copyTo(c, rtOf(w), esidAt(entryOf(c, w)));
const slbmfev: Sem = (c, w) => copyTo(c, rtOf(w), vsidAt(entryOf(c, w)));

/** slbfee. RT,RB: the VSID doubleword of the entry translating EA (RB) (its low 32 bits in
 *  32-bit mode), or 0; CR0 = 0b00 || found || XER[SO]. */
const slbfee: Sem = (c, w) => {
  if (c.pr) c.privileged();
  const u32 = c.u32, rb = rbOf(w), rt = rtOf(w);
  const n = slbFind(u32, c.sf ? u32[rb * 2 + 1] : 0, u32[rb * 2]);
  if (n >= 0) copyTo(c, rt, vsidAt(n));
  else { u32[rt * 2] = 0; u32[rt * 2 + 1] = 0; }
  u32[W_CR] = ((u32[W_CR] & 0x0fffffff) | (((n >= 0 ? 2 : 0) | u32[W_SO]) << 28)) >>> 0;
};

const slbie: Sem = (c, w) => {
  if (c.pr) c.privileged();
  const u32 = c.u32, rb = rbOf(w);
  const n = slbFind(u32, u32[rb * 2 + 1], u32[rb * 2]);
  if (n < 0) return;
  c.mmu.slbChanged(n);
  slbInvalidate(u32, n);
};

const slbia: Sem = (c) => {
  if (c.pr) c.privileged();
  for (let n = 1; n < SLB_ENTRIES; n++) slbInvalidate(c.u32, n);
  c.mmu.flush();
};

// ---- TLB management (Book III-S §5.9.3.2) ------------------------------------------------

const tlbiel: Sem = (c) => {
  if (c.pr) c.privileged();
  c.mmu.flush();
};

export const STORAGE_CONTROL: Record<string, Sem> = {
  dcbt: nop, dcbtst: nop, dcbf: loadByte, dcbst: loadByte, icbi, dcbz,
  icbt: (c) => c.illegal(),
  sync: nop, eieio: nop, isync: nop,
  slbmte, slbmfee, slbmfev, 'slbfee.': slbfee, slbie, slbia,
  tlbie: (c) => c.privileged(), tlbiel,
  tlbsync: (c) => c.privileged(),
};
