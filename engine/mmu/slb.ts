// The segment lookaside buffer (Power ISA 2.07 Book III-S §5.7.6.1) and the SLB management
// instructions (§5.9.3.1: slbmte, slbmfee, slbmfev, slbfee., slbie, slbia), as QEMU 7.2
// implements them for a POWER8 pseries guest. The 32 entries live in the register file
// (engine/cpu/regs.ts SLB), so state hashes and snapshots include them:
//
//   ESID doubleword: ESID 0:35 | V 36 | 0 37:63
//   VSID doubleword: B 0:1 | VSID 2:51 | Ks 52 | Kp 53 | N 54 | L 55 | C 56 | / 57 |
//                    LP 58:59 | / 60:63   (slbmte's RS as written: reserved bits are kept)
//
// slbmte refuses (illegal-instruction program interrupt, as QEMU does) an index beyond the
// 32 entries, RB bits 37:51 set, B = 0b1x, and an L||LP this machine does not offer: only
// 4 KB (0b0_00) and 64 KB (0b1_01) base pages, what ibm,segment-page-sizes advertises.

import { SLB, SLB_ENTRIES } from '../cpu/regs.js';

// Masks on the low (bits 32:63) and high (bits 0:31) words.
export const ESID_V = 0x08000000; // bit 36
export const ESID_LO_256M = 0xf0000000; // ESID(0:35) = EA(0:35): the high word and bits 32:35
export const ESID_HI_1T = 0xffffff00; // ESID(0:23) = EA(0:23)
export const VSID_B_SHIFT = 30; // B in the high word's top two bits
export const VSID_KS = 0x800;
export const VSID_KP = 0x400;
export const VSID_N = 0x200;
export const VSID_L = 0x100;
export const VSID_C = 0x80;
export const VSID_LP = 0x30;
export const VSID_LLP = VSID_L | VSID_LP;
export const LLP_4K = 0x000;
export const LLP_64K = 0x110;

const ESID_RESERVED_LO = 0x07fff000; // RB bits 37:51 (bits 52:63 are the index)

/** u32 index of entry n's ESID doubleword (its low word; the high word follows). */
export const esidAt = (n: number): number => (SLB + 2 * n) * 2;
/** u32 index of entry n's VSID doubleword. */
export const vsidAt = (n: number): number => (SLB + 2 * n + 1) * 2;

/** The entry translating EA (hi, lo), or -1 (§5.7.6.1: V = 1 and ESID = EA(0:35) for a
 *  256 MB segment, EA(0:23) for a 1 TB one). Entries are tried in index order; the ESID
 *  doubleword of a 1 TB entry must hold zeros in bits 24:35 to match (QEMU compares the
 *  whole ESID). `hi` and `lo` are unsigned 32-bit values. */
export function slbFind(u32: Uint32Array, hi: number, lo: number): number {
  const lo256 = ((lo & ESID_LO_256M) | ESID_V) >>> 0;
  const hi1t = (hi & ESID_HI_1T) >>> 0;
  for (let n = 0, o = SLB * 2; n < SLB_ENTRIES; n++, o += 4) {
    const eLo = u32[o];
    if ((eLo & ESID_V) === 0) continue;
    const b = u32[o + 3] >>> VSID_B_SHIFT;
    if (b === 0 ? u32[o + 1] === hi && eLo === lo256 : u32[o + 1] === hi1t && eLo === ESID_V) return n;
  }
  return -1;
}

/** The entry slbmte RS,RB writes, or -1 if QEMU refuses the operands (the caller raises
 *  the interrupt). */
export function slbmteIndex(u32: Uint32Array, rs: number, rb: number): number {
  const rbLo = u32[rb * 2], rsLo = u32[rs * 2], rsHi = u32[rs * 2 + 1];
  const n = rbLo & 0xfff; // RB[52:63]
  if (n >= SLB_ENTRIES || (rbLo & ESID_RESERVED_LO) !== 0) return -1;
  if (rsHi >>> 31 !== 0) return -1; // B = 0b10 or 0b11: no such segment size
  const llp = rsLo & VSID_LLP;
  return llp === LLP_4K || llp === LLP_64K ? n : -1;
}

/** slbmte: entry n ← ESID/V from RB, RS as it is. */
export function slbWrite(u32: Uint32Array, n: number, rs: number, rb: number): void {
  const e = esidAt(n), v = vsidAt(n);
  u32[e] = (u32[rb * 2] & 0xf8000000) >>> 0;
  u32[e + 1] = u32[rb * 2 + 1];
  u32[v] = u32[rs * 2];
  u32[v + 1] = u32[rs * 2 + 1];
}

/** Is entry n valid? */
export const slbValid = (u32: Uint32Array, n: number): boolean => (u32[esidAt(n)] & ESID_V) !== 0;

/** Clear entry n's V bit. */
export function slbInvalidate(u32: Uint32Array, n: number): void {
  u32[esidAt(n)] = (u32[esidAt(n)] & ~ESID_V) >>> 0;
}

/** Base page shift of a VSID doubleword's L||LP (only the two stored encodings occur). */
export const pageShiftOf = (vsidLo: number): number => ((vsidLo & VSID_LLP) === LLP_64K ? 16 : 12);
