// The page table hash functions (Power ISA 2.07 Book III-S §5.7.7.3 "Primary hash",
// §5.7.7.4 "Secondary hash") and where a hash value's PTEG lies.
//
// The hash value is 39 bits. With p = log2(page size):
//   256 MB segment: hash = VSID(11:49) XOR (0^(11+p) || EA(36:63-p))
//   1 TB segment:   hash = (0 || VSID(0:37)) XOR (VSID(24:37) || 0^25) XOR (0^(p-1) || EA(24:63-p))
//                   i.e. vsid ^ (vsid << 25) ^ (EA offset in segment >> p), cut to 39 bits,
//                   where vsid is the 38-bit 1 TB VSID.
//   secondary hash = the one's complement of the primary hash.
// The PTEG is hash AND (number of PTEGs - 1) (HTABSIZE selects how many low-order hash
// bits are used; the table is 2^n bytes, 2^(n-7) PTEGs).

import { ones } from './bits.js';
import { segmentShift } from './slb.js';
import { PTEG_BYTES } from './hpte.js';
import type { SlbEntry } from './types.js';

export const HASH_BITS = 39;

export function primaryHash(e: SlbEntry, ea: bigint, p: number): bigint {
  const s = segmentShift(e);
  const pageIndex = (ea & ones(s)) >> BigInt(p); // EA(64-s : 63-p)
  if (e.b === '256M') return (e.vsid ^ pageIndex) & ones(HASH_BITS);
  const vsid = e.vsid >> 12n; // VSID(0:37)
  return (vsid ^ (vsid << 25n) ^ pageIndex) & ones(HASH_BITS);
}

export const secondaryHash = (primary: bigint): bigint => ~primary & ones(HASH_BITS);

/** Number of PTEGs in a table of `hptBytes` bytes. */
export const ptegCount = (hptBytes: number): number => hptBytes / PTEG_BYTES;

/** The PTEG a hash value selects. */
export const ptegOf = (hash: bigint, hptBytes: number): number => Number(hash & BigInt(ptegCount(hptBytes) - 1));

/** The primary and secondary PTEG numbers for `ea` in segment `e` with pages of 2^p bytes. */
export function ptegs(e: SlbEntry, ea: bigint, p: number, hptBytes: number): { primary: number; secondary: number } {
  const h = primaryHash(e, ea, p);
  return { primary: ptegOf(h, hptBytes), secondary: ptegOf(secondaryHash(h), hptBytes) };
}
