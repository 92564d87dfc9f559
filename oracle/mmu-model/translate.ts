// EA → RA for one access, or the interrupt it takes (Power ISA 2.07 Book III-S §5.7.6–5.7.9,
// §6.5.3–6.5.6). The steps, in order:
//
//  1. Translation off for this access (MSR[DR] for data, MSR[IR] for fetches): real mode,
//     outside this model's scope ('real').
//  2. Segment translation (§5.7.6): no valid SLB entry for the EA → Data Segment (0x380) or
//     Instruction Segment (0x480) interrupt.
//  3. A fetch from a no-execute segment (SLBE[N] = 1) → ISI with SRR1 bit 35 only. The
//     segment forbids the fetch whatever its pages are, so the page table is not searched
//     (and no R bit is set). QEMU 7.2 does the same.
//  4. Page table search (§5.7.7.2): the primary PTEG, slots 0-7, then the secondary PTEG,
//     slots 0-7; the first HPTE that matches is used (the ISA leaves several matches to
//     software to avoid; first-in-search-order is the model's rule). An HPTE matches when
//       V = 1, H = 0 in the primary PTEG / 1 in the secondary,
//       B = SLBE[B], AVA = VA(0:54),
//       and its page size is the segment's: L = 0 for a 4 KB segment; L = 1 with
//       LP (bits 48:51 of dword 1) = 0b0001 for a 64 KB segment.
//     None → DSI with DSISR bit 33 (+ bit 38 for a store) / ISI with SRR1 bit 33.
//  5. Protection (§5.7.9): PP with Ks/Kp (DSISR/SRR1 bit 36), for fetches HPTE N or G (SRR1
//     bit 35), virtual page class key against AMR/IAMR (bit 42). Each violated check sets
//     its own bit (§6.5.3/§6.5.5 define each bit independently: "set to 1 if …").
//  6. Otherwise the access is performed at RA = RPN || EA(64-p:63); R is set, and C for a
//     store (§5.7.8: only for an access that is performed).

import { ones } from './bits.js';
import { findSegment, basePageShift, virtualAddress } from './slb.js';
import { primaryHash, secondaryHash, ptegOf } from './hash.js';
import { decodeHpte, guarded, readHpte, LP_64K, PTEG_HPTES, type Hpte } from './hpte.js';
import { keyProhibits, ppAuthority, ppPermits } from './protection.js';
import {
  DSISR_KEY, DSISR_NO_PTE, DSISR_PROTECTION, DSISR_STORE, SRR1_KEY, SRR1_NO_PTE,
  SRR1_NOEXEC_GUARD, SRR1_PROTECTION, type Access, type MmuState, type SlbEntry, type Translation,
} from './types.js';

export interface PteMatch {
  /** HPTE number (byte offset / 16). */
  index: number;
  d0: bigint;
  d1: bigint;
  hpte: Hpte;
  secondary: boolean;
}

/** Does HPTE (d0, d1) match `va` in segment `e` (base page 2^p) in the given PTEG? */
export function hpteMatches(h: Hpte, e: SlbEntry, va: bigint, p: 12 | 16, secondary: boolean): boolean {
  if (!h.v || h.h !== secondary) return false;
  if (h.b !== (e.b === '1T' ? 1 : 0)) return false;
  if (h.ava !== va >> 23n) return false; // VA(0:54) of the 78-bit VA
  if (p === 12) return !h.l;
  return h.l && (h.rpnField & 0xfn) === LP_64K;
}

/** §5.7.7.2: the HPTE translating `ea` in segment `e`, or null. */
export function searchPageTable(hpt: Uint8Array, e: SlbEntry, ea: bigint): PteMatch | null {
  const p = basePageShift(e);
  if (p === null) return null; // an SLB page size this machine does not have: nothing matches
  const va = virtualAddress(e, ea);
  const hash = primaryHash(e, ea, p);
  for (const secondary of [false, true]) {
    const pteg = ptegOf(secondary ? secondaryHash(hash) : hash, hpt.length);
    for (let slot = 0; slot < PTEG_HPTES; slot++) {
      const index = pteg * PTEG_HPTES + slot;
      const [d0, d1] = readHpte(hpt, index);
      const h = decodeHpte(d0, d1);
      if (hpteMatches(h, e, va, p, secondary)) return { index, d0, d1, hpte: h, secondary };
    }
  }
  return null;
}

/** RA = RPN(4:63-p) || EA(64-p:63). */
export function realAddress(m: PteMatch, ea: bigint, p: number): bigint {
  const rpnBase = (m.d1 & 0x0ffffffffffff000n) & ~ones(p);
  return rpnBase | (ea & ones(p));
}

export function translate(state: MmuState, ea: bigint, access: Access): Translation {
  ea = BigInt.asUintN(64, ea);
  const fetch = access === 'fetch';
  if (fetch ? !state.msr.ir : !state.msr.dr) return { kind: 'real', ra: ea & ones(60) };

  const si = findSegment(state.slb, ea);
  if (si < 0) return { kind: 'segment', vector: fetch ? 0x480 : 0x380 };
  const e = state.slb[si];

  if (fetch && e.n) return { kind: 'storage', vector: 0x400, srr1Bits: SRR1_NOEXEC_GUARD };

  const m = searchPageTable(state.hpt, e, ea);
  if (m === null) {
    return fetch
      ? { kind: 'storage', vector: 0x400, srr1Bits: SRR1_NO_PTE }
      : { kind: 'storage', vector: 0x300, dsisr: DSISR_NO_PTE | (access === 'store' ? DSISR_STORE : 0) };
  }

  const key = (state.msr.pr ? e.kp : e.ks) ? 1 : 0;
  const ppOk = ppPermits(ppAuthority(key, m.hpte.pp), access);
  const keyOk = !keyProhibits(m.hpte.key, access, state.amr, state.iamr ?? 0n);
  if (fetch) {
    const execOk = !m.hpte.n && !guarded(m.hpte);
    if (!ppOk || !keyOk || !execOk) {
      const srr1Bits = (execOk ? 0 : SRR1_NOEXEC_GUARD) | (ppOk ? 0 : SRR1_PROTECTION) | (keyOk ? 0 : SRR1_KEY);
      return { kind: 'storage', vector: 0x400, srr1Bits, hpteIndex: m.index };
    }
  } else if (!ppOk || !keyOk) {
    const dsisr = (ppOk ? 0 : DSISR_PROTECTION) | (access === 'store' ? DSISR_STORE : 0) | (keyOk ? 0 : DSISR_KEY);
    return { kind: 'storage', vector: 0x300, dsisr, hpteIndex: m.index };
  }

  const p = basePageShift(e)!;
  return { kind: 'ok', ra: realAddress(m, ea, p), hpteIndex: m.index, setR: true, setC: access === 'store' };
}
