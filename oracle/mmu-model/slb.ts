// Segment translation: EA → SLB entry → virtual address (Power ISA 2.07 Book III-S §5.7.6
// "Segment translation"), the page sizes a segment may hold, and the operands of slbmte that
// load an entry (§5.9.3.1).

import { bit, bits, field, ones } from './bits.js';
import type { SlbEntry } from './types.js';

/** s: log2 of the segment size. */
export const segmentShift = (e: SlbEntry): number => (e.b === '1T' ? 40 : 28);

/** Does SLB entry `e` translate `ea`? SLBE[V] = 1 and SLBE[ESID(0:63-s)] = EA(0:63-s):
 *  ESID(0:35) for 256 MB, ESID(0:23) for 1 TB. */
export function segmentMatches(e: SlbEntry, ea: bigint): boolean {
  if (!e.v) return false;
  const s = segmentShift(e);
  // The 36-bit ESID holds EA(0:35); EA(0:63-s) is its leading 64-s bits.
  return e.esid >> BigInt(s - 28) === ea >> BigInt(s);
}

/** The SLB entry translating `ea`, or -1 (→ segment interrupt). Software must not load two
 *  entries that translate one EA (§5.7.6; the result would be undefined), so the first
 *  match is the only one. */
export function findSegment(slb: readonly SlbEntry[], ea: bigint): number {
  return slb.findIndex((e) => segmentMatches(e, ea));
}

/** p: log2 of the segment's base page size from SLBE[L||LP], or null for an encoding this
 *  machine does not advertise. ibm,segment-page-sizes (engine/platform/fdt/cpu.ts) lists
 *  base 4 KB (L||LP = 0b000) and base 64 KB (L||LP = 0b1_01), each with one actual size
 *  equal to the base. */
export function basePageShift(e: SlbEntry): 12 | 16 | null {
  if (!e.l && e.lp === 0) return 12;
  if (e.l && e.lp === 0b01) return 16;
  return null;
}

/** The 78-bit virtual address (§5.7.6, "Translation of 64-bit EA to 78-bit VA"):
 *  256 MB: VSID(0:49) || EA(36:63); 1 TB: VSID(0:37) || EA(24:63). */
export function virtualAddress(e: SlbEntry, ea: bigint): bigint {
  const s = segmentShift(e);
  const vsid = e.b === '1T' ? e.vsid >> 12n : e.vsid; // VSID(0:37) of the 50-bit field
  return (vsid << BigInt(s)) | (ea & ones(s));
}

/** RS for slbmte (§5.9.3.1): B 0:1 | VSID 2:51 | Ks 52 | Kp 53 | N 54 | L 55 | C 56 | LP 58:59. */
export function slbmteRS(e: SlbEntry): bigint {
  return field(e.b === '1T' ? 1n : 0n, 0, 1) | field(e.vsid, 2, 51) |
    (e.ks ? bit(52) : 0n) | (e.kp ? bit(53) : 0n) | (e.n ? bit(54) : 0n) |
    (e.l ? bit(55) : 0n) | (e.c ? bit(56) : 0n) | field(BigInt(e.lp), 58, 59);
}

/** RB for slbmte (§5.9.3.1): ESID 0:35 | V 36 | index 52:63. */
export function slbmteRB(e: SlbEntry, index: number): bigint {
  return field(e.esid, 0, 35) | (e.v ? bit(36) : 0n) | field(BigInt(index), 52, 63);
}

/** The inverse of slbmteRS/RB (for reading slbmte operands back, e.g. in tests). */
export function slbFromOperands(rs: bigint, rb: bigint): SlbEntry {
  return {
    esid: bits(rb, 0, 35), v: (rb & bit(36)) !== 0n,
    b: bits(rs, 0, 1) === 1n ? '1T' : '256M', vsid: bits(rs, 2, 51),
    ks: (rs & bit(52)) !== 0n, kp: (rs & bit(53)) !== 0n, n: (rs & bit(54)) !== 0n,
    l: (rs & bit(55)) !== 0n, c: (rs & bit(56)) !== 0n, lp: Number(bits(rs, 58, 59)),
  };
}
