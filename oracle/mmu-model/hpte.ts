// The hashed page table entry (Power ISA 2.07 Book III-S §5.7.7.1, "Page Table Entry"):
// two big-endian doublewords.
//
//   dword 0:  B 0:1 | AVA 2:56 | SW 57:60 | L 61 | H 62 | V 63
//   dword 1:  PP0 0 | (1 reserved) | Key0:1 2:3 | ARPN||LP 4:51 | Key2:4 52:54 | R 55 | C 56 |
//             WIMG 57:60 | N 61 | PP1:2 62:63
//
// With L = 1 the low-order bits of the 4:51 field encode the actual page size ("LP"): for a
// 64 KB page, bits 48:51 = 0b0001 (the ibm,segment-page-sizes encoding 0x1) and bits 4:47
// are the real page number.

import { bit, bits, field, readDword, writeDword } from './bits.js';

export const HPTE_BYTES = 16;
export const PTEG_HPTES = 8;
export const PTEG_BYTES = HPTE_BYTES * PTEG_HPTES;

export const HPTE_R = bit(55);
export const HPTE_C = bit(56);

export interface Hpte {
  /** B: 0 = 256 MB, 1 = 1 TB (2, 3 reserved). */
  b: number;
  /** AVA: VA(0:54). */
  ava: bigint;
  sw: number;
  l: boolean;
  /** H: 0 = found by the primary hash, 1 = by the secondary. */
  h: boolean;
  v: boolean;
  /** PP0 || PP1:2 (§5.7.9.2). */
  pp: number;
  /** Key0:4 (virtual page class key, §5.7.9.3): bits 2:3 || 52:54. */
  key: number;
  /** Bits 4:51: the RPN, whose low-order bits are LP when L = 1. */
  rpnField: bigint;
  r: boolean;
  c: boolean;
  wimg: number;
  n: boolean;
}

export function decodeHpte(d0: bigint, d1: bigint): Hpte {
  return {
    b: Number(bits(d0, 0, 1)), ava: bits(d0, 2, 56), sw: Number(bits(d0, 57, 60)),
    l: (d0 & bit(61)) !== 0n, h: (d0 & bit(62)) !== 0n, v: (d0 & bit(63)) !== 0n,
    pp: Number((bits(d1, 0, 0) << 2n) | bits(d1, 62, 63)),
    key: Number((bits(d1, 2, 3) << 3n) | bits(d1, 52, 54)),
    rpnField: bits(d1, 4, 51), r: (d1 & HPTE_R) !== 0n, c: (d1 & HPTE_C) !== 0n,
    wimg: Number(bits(d1, 57, 60)), n: (d1 & bit(61)) !== 0n,
  };
}

export function encodeHpte(h: Hpte): [bigint, bigint] {
  const d0 = field(BigInt(h.b), 0, 1) | field(h.ava, 2, 56) | field(BigInt(h.sw), 57, 60) |
    (h.l ? bit(61) : 0n) | (h.h ? bit(62) : 0n) | (h.v ? bit(63) : 0n);
  const d1 = field(BigInt(h.pp >> 2), 0, 0) | field(BigInt(h.key >> 3), 2, 3) | field(h.rpnField, 4, 51) |
    field(BigInt(h.key & 7), 52, 54) | (h.r ? HPTE_R : 0n) | (h.c ? HPTE_C : 0n) |
    field(BigInt(h.wimg), 57, 60) | (h.n ? bit(61) : 0n) | field(BigInt(h.pp & 3), 62, 63);
  return [d0, d1];
}

/** WIMG's G (guarded) bit: WIMG is bits 57:60, so G is bit 60. */
export const guarded = (h: Hpte): boolean => (h.wimg & 1) !== 0;

/** The LP code in bits 48:51 that marks a 64 KB actual page (with L = 1). */
export const LP_64K = 0b0001n;

/** Bits 4:51 for a page of 2^p bytes at real address `ra` (page-aligned). */
export function rpnFieldFor(ra: bigint, p: 12 | 16): bigint {
  const f = ra >> 12n; // RA(4:51)
  return p === 16 ? (f & ~0xfn) | LP_64K : f;
}

/** HPTE `index` of the table (dword 0 and 1). */
export function readHpte(hpt: Uint8Array, index: number): [bigint, bigint] {
  const at = index * HPTE_BYTES;
  return [readDword(hpt, at), readDword(hpt, at + 8)];
}

export function writeHpte(hpt: Uint8Array, index: number, d0: bigint, d1: bigint): void {
  const at = index * HPTE_BYTES;
  writeDword(hpt, at, d0);
  writeDword(hpt, at + 8, d1);
}
