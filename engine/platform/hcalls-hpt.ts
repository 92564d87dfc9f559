// The page frame table hypercalls (PAPR §14.5.4.1, hcall-pft and hcall-bulk): the guest's
// only way to change the hashed page table, which the hypervisor owns (engine/mmu/hpt.ts).
// Behaviour, arguments and return codes are QEMU 7.2's (hw/ppc/spapr_softmmu.c) for a
// POWER8 guest, each checked against a live QEMU 7.2 run:
//
//   H_ENTER 0x08 (flags, ptex, pteh, ptel) → r4 = the index used. Page size from L / LP
//     (4 KB, or 64 KB with LP 0b0001; anything else H_PARAMETER); a real address in RAM
//     needs WIMG = 0010, anywhere else WIM = 010 or 011; ptex beyond the table H_PARAMETER;
//     without H_EXACT the first free slot of the PTEG, else exactly ptex (taken: H_PTEG_FULL).
//     Other flags are ignored. SW bits 57:58 of pteh are cleared.
//   H_REMOVE 0x04 (flags, ptex, avpn) → r4, r5 = the HPTE removed. H_AVPN: dword 0 bits 0:56
//     must equal avpn; H_ANDCOND: dword 0 AND avpn must be 0; otherwise (or V = 0) H_NOT_FOUND.
//   H_READ 0x0c (flags, ptex) → r4.. = the HPTE(s); H_READ_4 reads the 4 from ptex & ~3.
//   H_PROTECT 0x18 (flags, ptex, avpn): PP0 ← flags bit 55, key(0:1) ← flags bits 50:51,
//     PP, N, key(2:4) ← the same bits of flags; H_AVPN as above.
//   H_BULK_REMOVE 0x124 (4 × (translation specifier high, low)): each request is answered in
//     place: type 0b10, return code in bits 2:3, flags kept, and for a removal R || C at
//     bits 12:13 (QEMU shifts them by 43; PAPR puts them at bits 4:5). An END ends the list,
//     any other type or ANDCOND with AVPN is H_PARAMETER.
//
// Every HPTE QEMU writes has SW bit 57 set (its migration dirty flag, hpt.ts D0_SW_DIRTY),
// including a removed one (dword 0 = that bit alone); guests see it through H_READ/H_REMOVE.
// QEMU 7.2 does not implement H_CLEAR_MOD and H_CLEAR_REF (H_FUNCTION); PAPR's versions are
// here (returning the HPTE's old dword 1 in r4, as KVM does) and registered only on request.
//
// An HPTE removed or changed drops the TLB's translations made from it.

import type { Cpu } from '../cpu/cpu.js';
import { D0_L, D0_SW_DIRTY, D0_V, D1_C, D1_I, D1_M, D1_R, D1_W, D1_WIMG, LP_64K, type HashPageTable } from '../mmu/hpt.js';
import type { HcallTable } from './hcalls.js';
import {
  H_BULK_REMOVE, H_CLEAR_MOD, H_CLEAR_REF, H_ENTER, H_HARDWARE, H_NOT_FOUND, H_PARAMETER, H_PROTECT,
  H_PTEG_FULL, H_READ, H_REMOVE, H_SUCCESS,
} from './papr.js';

const bit = (n: number): bigint => 1n << BigInt(63 - n);
export const H_EXACT = bit(24);
export const H_READ_4 = bit(26);
export const H_AVPN = bit(32);
export const H_ANDCOND = bit(33);

const V = BigInt(D0_V), L = BigInt(D0_L), SW_DIRTY = BigInt(D0_SW_DIRTY);
const RPN = 0x0ffffffffffff000n;
const PP0 = bit(0), KEY_HI = 0x3000000000000000n, KEY_LO = 0xe00n, N = 0x4n, PP = 0x3n;

// Translation specifier high of H_BULK_REMOVE.
const TYPE = 0xc000000000000000n;
const TYPE_REQUEST = 0x4000000000000000n;
const TYPE_RESPONSE = 0x8000000000000000n;
const TYPE_END = 0xc000000000000000n;
const BULK_ANDCOND = 0x0100000000000000n;
const BULK_AVPN = 0x0200000000000000n;
const BULK_FLAGS = BULK_ANDCOND | BULK_AVPN;
const BULK_PTEX = 0x00ffffffffffffffn;
const BULK_PARM = 0x2000000000000000n;

/** The entry index ptex names an HPTE of the table (its PTEG is below ptegCount). */
const validPtex = (hpt: HashPageTable, ptex: bigint): boolean => ptex >> 3n <= BigInt(hpt.hashMask);

/** The page size an HPTE encodes on its own (no SLB entry): 12, 16, or 0 (none we have). */
function pageShift(pteh: bigint, ptel: bigint): number {
  if ((pteh & L) === 0n) return 12;
  return (ptel & 0xf000n) === BigInt(LP_64K) ? 16 : 0;
}

/** Write an HPTE as QEMU's hypervisor does (SW dirty bit set) and drop its translations. */
function store(c: Cpu, hpt: HashPageTable, n: number, d0: bigint, d1: bigint): void {
  hpt.setHpte(n, d0 | SW_DIRTY, d1);
  c.mmu.invalidateHpte(n);
}

const enum Removed { Success = 0, NotFound = 1, Parameter = 2 }

function remove(c: Cpu, hpt: HashPageTable, ptex: bigint, avpn: bigint, flags: bigint): { code: Removed; v: bigint; r: bigint } {
  if (!validPtex(hpt, ptex)) return { code: Removed.Parameter, v: 0n, r: 0n };
  const n = Number(ptex);
  const [v, r] = hpt.hpte(n);
  if ((v & V) === 0n || ((flags & H_AVPN) !== 0n && (v & ~0x7fn) !== avpn) ||
    ((flags & H_ANDCOND) !== 0n && (v & avpn) !== 0n)) return { code: Removed.NotFound, v, r };
  store(c, hpt, n, 0n, 0n);
  return { code: Removed.Success, v, r };
}

function hEnter(c: Cpu): bigint {
  const hpt = c.mmu.hpt;
  if (hpt === null) return H_HARDWARE;
  const flags = c.u64[4], ptex = c.u64[5], ptel = c.u64[7];
  let pteh = c.u64[6];
  const shift = pageShift(pteh, ptel);
  if (shift === 0) return H_PARAMETER;
  const ra = ptel & RPN & ~((1n << BigInt(shift)) - 1n);
  const wimg = ptel & BigInt(D1_WIMG), wim = ptel & BigInt(D1_W | D1_I | D1_M);
  if (ra < BigInt(c.ram.size)) {
    if (wimg !== BigInt(D1_M)) return H_PARAMETER; // RAM: WIMG = 0010
  } else if (wim !== BigInt(D1_I) && wim !== BigInt(D1_I | D1_M)) return H_PARAMETER; // I/O
  pteh &= ~0x60n;
  if (!validPtex(hpt, ptex)) return H_PARAMETER;
  const group = Number(ptex & ~7n);
  let slot = Number(ptex & 7n);
  if ((flags & H_EXACT) === 0n) {
    for (slot = 0; slot < 8; slot++) if ((hpt.word(group + slot, 1) & D0_V) === 0) break;
    if (slot === 8) return H_PTEG_FULL;
  } else if ((hpt.word(group + slot, 1) & D0_V) !== 0) return H_PTEG_FULL;
  hpt.setHpte(group + slot, pteh | SW_DIRTY, ptel); // a new entry: nothing cached to drop
  c.u64[4] = BigInt(group + slot);
  return H_SUCCESS;
}

function hRemove(c: Cpu): bigint {
  const hpt = c.mmu.hpt;
  if (hpt === null) return H_HARDWARE;
  const { code, v, r } = remove(c, hpt, c.u64[5], c.u64[6], c.u64[4]);
  if (code === Removed.Parameter) return H_PARAMETER;
  if (code === Removed.NotFound) return H_NOT_FOUND;
  c.u64[4] = v;
  c.u64[5] = r;
  return H_SUCCESS;
}

function hRead(c: Cpu): bigint {
  const hpt = c.mmu.hpt;
  if (hpt === null) return H_HARDWARE;
  let ptex = c.u64[5];
  if (!validPtex(hpt, ptex)) return H_PARAMETER;
  let count = 1;
  if ((c.u64[4] & H_READ_4) !== 0n) {
    ptex &= ~3n;
    count = 4;
  }
  for (let i = 0; i < count; i++) {
    const [v, r] = hpt.hpte(Number(ptex) + i);
    c.u64[4 + 2 * i] = v;
    c.u64[5 + 2 * i] = r;
  }
  return H_SUCCESS;
}

function hProtect(c: Cpu): bigint {
  const hpt = c.mmu.hpt;
  if (hpt === null) return H_HARDWARE;
  const flags = c.u64[4], ptex = c.u64[5], avpn = c.u64[6];
  if (!validPtex(hpt, ptex)) return H_PARAMETER;
  const n = Number(ptex);
  const [v, r] = hpt.hpte(n);
  if ((v & V) === 0n || ((flags & H_AVPN) !== 0n && (v & ~0x7fn) !== avpn)) return H_NOT_FOUND;
  let nr = r & ~(PP0 | PP | N | KEY_HI | KEY_LO);
  nr |= (flags << 55n) & PP0;
  nr |= (flags << 48n) & KEY_HI;
  nr |= flags & (PP | N | KEY_LO);
  store(c, hpt, n, v, BigInt.asUintN(64, nr));
  return H_SUCCESS;
}

function hBulkRemove(c: Cpu): bigint {
  const hpt = c.mmu.hpt;
  if (hpt === null) return H_HARDWARE;
  for (let i = 0; i < 4; i++) {
    const at = 4 + 2 * i;
    let tsh = c.u64[at];
    const type = tsh & TYPE;
    if (type === TYPE_END) break;
    if (type !== TYPE_REQUEST) return H_PARAMETER;
    tsh = (tsh & (BULK_PTEX | BULK_FLAGS)) | TYPE_RESPONSE;
    if ((tsh & BULK_ANDCOND) !== 0n && (tsh & BULK_AVPN) !== 0n) {
      c.u64[at] = tsh | BULK_PARM;
      return H_PARAMETER;
    }
    const { code, r } = remove(c, hpt, tsh & BULK_PTEX, c.u64[at + 1], (tsh & BULK_FLAGS) >> 26n);
    tsh |= BigInt(code) << 60n;
    if (code === Removed.Success) tsh |= (r & BigInt(D1_R | D1_C)) << 43n;
    c.u64[at] = tsh;
    if (code === Removed.Parameter) return H_PARAMETER;
  }
  return H_SUCCESS;
}

/** H_CLEAR_REF / H_CLEAR_MOD (PAPR): clear R / C of HPTE ptex; r4 = its dword 1 before. */
function clearBit(mask: number): (c: Cpu) => bigint {
  return (c) => {
    const hpt = c.mmu.hpt;
    if (hpt === null) return H_HARDWARE;
    const ptex = c.u64[5];
    if (!validPtex(hpt, ptex)) return H_PARAMETER;
    const n = Number(ptex);
    const [v, r] = hpt.hpte(n);
    if ((v & V) === 0n) return H_NOT_FOUND;
    c.u64[4] = r;
    if ((r & BigInt(mask)) !== 0n) store(c, hpt, n, v, r & ~BigInt(mask));
    return H_SUCCESS;
  };
}

export interface HptHcallOptions {
  /** Offer H_CLEAR_REF and H_CLEAR_MOD (QEMU 7.2 does not: H_FUNCTION). */
  clearRefMod?: boolean;
}

export function registerHpt(t: HcallTable, o: HptHcallOptions = {}): void {
  t.register(H_ENTER, hEnter);
  t.register(H_REMOVE, hRemove);
  t.register(H_READ, hRead);
  t.register(H_PROTECT, hProtect);
  t.register(H_BULK_REMOVE, hBulkRemove);
  if (o.clearRefMod) {
    t.register(H_CLEAR_REF, clearBit(D1_R));
    t.register(H_CLEAR_MOD, clearBit(D1_C));
  }
}
