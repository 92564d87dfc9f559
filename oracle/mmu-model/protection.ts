// Storage protection (Power ISA 2.07 Book III-S §5.7.9).
//
// Basic protection (§5.7.9.2, "PP bits protection states"): the key is SLBE[Kp] in problem
// state (MSR[PR] = 1) and SLBE[Ks] in privileged state; with PP0 || PP1:2:
//
//   key  PP    access            key  PP    access
//    0   000   read/write         1   000   no access
//    0   001   read/write         1   001   read only
//    0   010   read/write         1   010   read/write
//    0   011   read only          1   011   read only
//    0   110   read only          1   110   no access
//
// PP values 100, 101 and 111 are reserved. The model treats them as no access (QEMU 7.2
// does the same); the fuzz arbitraries never produce them in an HPTE that can match.
// An instruction fetch needs read authority (§5.7.9.2: fetches are checked as loads).
//
// No-execute and guarded storage (§5.7.9.1, §5.7.6): an instruction fetch from a segment
// with SLBE[N] = 1, from a page with HPTE[N] = 1, or from a page with HPTE[G] = 1 is not
// permitted (ISI, SRR1 bit 35).
//
// Virtual page class key protection (§5.7.9.3): the HPTE's 5-bit key k selects AMR bits
// 2k (store access prohibited) and 2k+1 (load access prohibited) for data accesses, and
// IAMR bit 2k+1 (fetch prohibited) for instruction fetches. It applies in problem and
// privileged state alike (only hypervisor state is exempt, which a pseries guest never is).

import { isSet } from './bits.js';
import type { Access } from './types.js';

export type Authority = 'read/write' | 'read only' | 'no access';

const TABLE: Record<number, [Authority, Authority]> = {
  // pp: [key 0, key 1]
  0b000: ['read/write', 'no access'],
  0b001: ['read/write', 'read only'],
  0b010: ['read/write', 'read/write'],
  0b011: ['read only', 'read only'],
  0b110: ['read only', 'no access'],
};

/** PP values the ISA defines (the others are reserved). */
export const DEFINED_PP = [0b000, 0b001, 0b010, 0b011, 0b110] as const;

export function ppAuthority(key: 0 | 1, pp: number): Authority {
  return TABLE[pp]?.[key] ?? 'no access';
}

/** Does the PP authority permit `access`? */
export function ppPermits(a: Authority, access: Access): boolean {
  if (access === 'store') return a === 'read/write';
  return a !== 'no access'; // load and fetch need read authority
}

/** Is `access` to a page with virtual page class key `key` prohibited by AMR/IAMR? */
export function keyProhibits(key: number, access: Access, amr: bigint, iamr: bigint): boolean {
  if (access === 'fetch') return isSet(iamr, 2 * key + 1);
  return isSet(amr, access === 'store' ? 2 * key : 2 * key + 1);
}
