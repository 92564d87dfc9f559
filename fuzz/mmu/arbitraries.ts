// fast-check arbitraries for MMU states built to make translations hit: SLB entries of both
// segment and page sizes; HPTEs placed at the PTEG the reference model's hash gives for some
// SLB entry's page (with random PP, key, N, WIMG, R, C), near misses of those (one AVA bit,
// B, L, LP, V or H wrong), random junk HPTEs, some in the same PTEGs; and an access to a
// mapped page, to an unmapped page of a segment, or to no segment. What actually happens is
// decided by the model (case.ts), never by how a case was built.

import fc from 'fast-check';
import {
  DEFINED_PP, HPTE_BYTES, PTEG_HPTES, basePageShift, encodeHpte, ones, ptegs, rpnFieldFor,
  segmentShift, virtualAddress, type Access, type Hpte, type SlbEntry,
} from '../../oracle/mmu-model/index.js';
import { MAPPED_RAM_BASE, RAM_BYTES, type MmuCase, type PlacedHpte } from './case.js';

const weighted = <T>(...xs: Array<[number, fc.Arbitrary<T>]>): fc.Arbitrary<T> =>
  fc.oneof(...xs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
const often = (pct: number): fc.Arbitrary<boolean> => weighted([pct, fc.constant(true)], [100 - pct, fc.constant(false)]);
const bigBits = (n: number): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max: ones(n) });
/** n random bits, often a small value (so that entries collide and shrinking reads well). */
const smallOrAny = (n: number, small = 15n): fc.Arbitrary<bigint> =>
  weighted([2, fc.bigInt({ min: 0n, max: small })], [1, bigBits(n)]);

// ---- SLB -----------------------------------------------------------------------------------

export const slbEntryArb: fc.Arbitrary<SlbEntry> = fc.record({
  tera: often(35), esid: smallOrAny(36), vsid: smallOrAny(50, 0xfffn), v: often(85),
  ks: fc.boolean(), kp: fc.boolean(), n: often(15), big: fc.boolean(), c: fc.boolean(),
}).map(({ tera, esid, vsid, v, ks, kp, n, big, c }): SlbEntry => ({
  // 1 TB: ESID(24:35) = 0 and VSID(38:49) = 0, as software keeps them (slb.ts).
  esid: tera ? (esid & ones(24)) << 12n : esid,
  v, b: tera ? '1T' : '256M',
  vsid: tera ? (vsid & ones(38)) << 12n : vsid,
  ks, kp, n, l: big, lp: big ? 0b01 : 0, c,
}));

/** Do two segments share an EA? (The SLB must never hold two valid ones that do, §5.7.6.) */
function overlap(a: SlbEntry, b: SlbEntry): boolean {
  return a.b === '256M' && b.b === '256M' ? a.esid === b.esid : a.esid >> 12n === b.esid >> 12n;
}

/** 1-6 entries; a valid entry overlapping an earlier valid one is made invalid. */
export const slbArb: fc.Arbitrary<SlbEntry[]> = fc.array(slbEntryArb, { minLength: 1, maxLength: 6 }).map((es) => {
  const out: SlbEntry[] = [];
  for (const e of es) out.push(e.v && out.some((o) => o.v && overlap(o, e)) ? { ...e, v: false } : e);
  return out;
});

// ---- Pages and HPTEs -------------------------------------------------------------------------

/** A page in a segment: the raw draw is cut to the segment's page-index width later. */
const pageArb = smallOrAny(28, 7n);

export type Miss = 'none' | 'ava' | 'b' | 'l' | 'lp' | 'v' | 'h';

export interface Placement {
  seg: number; page: bigint; rpn: number; pp: number; key: number; n: boolean; wimg: number;
  r: boolean; c: boolean; sw: number; secondary: boolean; slot: number; miss: Miss; missBit: number;
  /** Map the page after the previous placement's (same segment) instead of seg/page, so
   *  that an access crossing the end of that page finds its second page mapped. */
  follows: boolean;
}

export const placementArb: fc.Arbitrary<Placement> = fc.record({
  seg: fc.nat(7), page: pageArb, rpn: fc.nat(1023),
  pp: fc.constantFrom(...DEFINED_PP),
  key: weighted([2, fc.constant(0)], [1, fc.nat(31)]),
  n: often(15),
  wimg: weighted([3, fc.constant(0b0010)], [1, fc.nat(15)]), // M alone, or anything (G = 1 in half)
  r: fc.boolean(), c: fc.boolean(), sw: fc.nat(15),
  secondary: often(30), slot: fc.nat(7),
  miss: weighted<Miss>([24, fc.constant('none')], [1, fc.constant('ava')], [1, fc.constant('b')], [1, fc.constant('l')],
    [1, fc.constant('lp')], [1, fc.constant('v')], [1, fc.constant('h')]),
  missBit: fc.nat(54),
  follows: often(35),
});

export interface Junk { near: { placement: number; secondary: boolean; slot: number } | null; index: number; d0: bigint; d1: bigint; rpn: number }

export const junkArb: fc.Arbitrary<Junk> = fc.record({
  near: fc.option(fc.record({ placement: fc.nat(7), secondary: fc.boolean(), slot: fc.nat(7) }), { nil: null }),
  index: fc.nat(1 << 20), d0: bigBits(64), d1: bigBits(64), rpn: fc.nat(1 << 12),
});

export type Target =
  | { kind: 'mapped'; placement: number; offset: number }
  /** A data access `back` bytes before the end of a placed page: it crosses into the next. */
  | { kind: 'straddle'; placement: number; back: number }
  | { kind: 'segment'; seg: number; page: bigint; offset: number }
  | { kind: 'nosegment'; ea: bigint };

export const targetArb: fc.Arbitrary<Target> = weighted<Target>(
  [6, fc.record({ kind: fc.constant('mapped' as const), placement: fc.nat(7), offset: fc.nat(0xffff) })],
  [2, fc.record({ kind: fc.constant('straddle' as const), placement: fc.nat(7), back: fc.integer({ min: 1, max: 3 }) })],
  [2, fc.record({ kind: fc.constant('segment' as const), seg: fc.nat(7), page: pageArb, offset: fc.nat(0xffff) })],
  [1, fc.record({ kind: fc.constant('nosegment' as const), ea: bigBits(64) })],
);

export type AmrChoice = { mode: 'zero' } | { mode: 'any'; v: bigint } | { mode: 'target-key'; bits: number };

export const amrArb: fc.Arbitrary<AmrChoice> = weighted<AmrChoice>(
  [4, fc.constant({ mode: 'zero' as const })],
  [1, bigBits(64).map((v) => ({ mode: 'any' as const, v }))],
  [2, fc.nat(3).map((bits) => ({ mode: 'target-key' as const, bits }))],
);

export interface CaseSpec {
  hptLog2: number; slb: SlbEntry[]; placements: Placement[]; junk: Junk[];
  target: Target; access: Access; pr: boolean; amr: AmrChoice; value: number;
}

/** HPT sizes: mostly the smallest the ISA allows (2^18 bytes, 2048 PTEGs). Tables of 2^24
 *  bytes (17-bit PTEG numbers) cost ~50 ms a run, so they have a property of their own. */
export const HPT_LOG2_DEFAULT = weighted([4, fc.constant(18)], [1, fc.constant(19)], [1, fc.constant(20)]);

export const caseSpecArbFor = (hptLog2: fc.Arbitrary<number>): fc.Arbitrary<CaseSpec> => fc.record({
  hptLog2,
  slb: slbArb,
  placements: fc.array(placementArb, { minLength: 1, maxLength: 8 }),
  junk: fc.array(junkArb, { maxLength: 10 }),
  target: targetArb,
  access: fc.constantFrom<Access>('load', 'store', 'fetch'),
  pr: fc.boolean(),
  amr: amrArb,
  value: fc.integer({ min: 1, max: 0xffffffff }),
});

export const caseSpecArb: fc.Arbitrary<CaseSpec> = caseSpecArbFor(HPT_LOG2_DEFAULT);

// ---- From a spec to a case ------------------------------------------------------------------

const segmentBase = (e: SlbEntry): bigint => (e.esid >> BigInt(segmentShift(e) - 28)) << BigInt(segmentShift(e));

/** EA of byte `offset` (word-aligned, cut to the page) of page `page` of segment `e`. */
function eaIn(e: SlbEntry, page: bigint, offset: number): bigint {
  const p = basePageShift(e)!, s = segmentShift(e);
  return segmentBase(e) | ((page & ones(s - p)) << BigInt(p)) | (BigInt(offset) & ones(p) & ~3n);
}

/** A page-aligned real address in the mapped part of RAM. */
function realPage(rpn: number, p: number): bigint {
  const pages = (RAM_BYTES - MAPPED_RAM_BASE) >> p;
  return BigInt(MAPPED_RAM_BASE + (rpn % pages) * (1 << p));
}

interface Built { hpte: PlacedHpte; ea: bigint; key: number; pteg: { primary: number; secondary: number }; seg: number; page: bigint }

function place(pl: Placement, slb: SlbEntry[], hptBytes: number, seg = pl.seg, page = pl.page): Built {
  const e = slb[seg % slb.length];
  const p = basePageShift(e)!;
  const ea = eaIn(e, page, 0);
  const g = ptegs(e, ea, p, hptBytes);
  const h: Hpte = {
    b: e.b === '1T' ? 1 : 0, ava: virtualAddress(e, ea) >> 23n, sw: pl.sw, l: p === 16, h: pl.secondary, v: true,
    pp: pl.pp, key: pl.key, rpnField: rpnFieldFor(realPage(pl.rpn, p), p), r: pl.r, c: pl.c, wimg: pl.wimg, n: pl.n,
  };
  let at = pl.secondary ? g.secondary : g.primary;
  switch (pl.miss) {
    case 'ava': h.ava ^= 1n << BigInt(pl.missBit); break;
    case 'b': h.b = h.b === 1 ? 0 : (pl.missBit & 1) + 1; break; // the other size, or reserved 0b10
    case 'l': h.l = !h.l; if (h.l) h.rpnField = (h.rpnField & ~0xfn) | 1n; break;
    case 'lp': h.l = true; h.rpnField = (h.rpnField & ~0xfn) | BigInt([0, 2, 3, 7, 8, 0xf][pl.missBit % 6]); break;
    case 'v': h.v = false; break;
    case 'h': at = pl.secondary ? g.primary : g.secondary; break; // right H, other bucket
  }
  const [d0, d1] = encodeHpte(h);
  const where = `${pl.secondary ? 'secondary' : 'primary'}${pl.miss === 'h' ? ' (in the other PTEG)' : ''}`;
  return {
    hpte: { index: at * PTEG_HPTES + pl.slot, d0, d1, note: `${pl.miss === 'none' ? 'maps' : `near miss (${pl.miss}) of`} EA ${'0x' + ea.toString(16)}, ${where}` },
    ea, key: pl.key, pteg: g, seg, page,
  };
}

/** The SLB and HPT a spec describes, and where its placements went. */
export interface BuiltState { slb: SlbEntry[]; hptes: PlacedHpte[]; built: Built[]; placements: Placement[] }

export function buildState(s: Pick<CaseSpec, 'hptLog2' | 'slb' | 'placements' | 'junk'>): BuiltState {
  const hptBytes = 2 ** s.hptLog2;
  const nHptes = hptBytes / HPTE_BYTES;
  const built: Built[] = [];
  for (const pl of s.placements) {
    const prev = built[built.length - 1];
    built.push(pl.follows && prev ? place(pl, s.slb, hptBytes, prev.seg, prev.page + 1n) : place(pl, s.slb, hptBytes));
  }
  const hptes: PlacedHpte[] = [];
  for (const j of s.junk) {
    const near = j.near && built.length ? built[j.near.placement % built.length] : null;
    const index = near ? (j.near!.secondary ? near.pteg.secondary : near.pteg.primary) * PTEG_HPTES + j.near!.slot : j.index % nHptes;
    // Junk keeps its RPN inside RAM, so that even a chance match stays a defined access.
    const d1 = (j.d1 & ~0x0ffffffffffff000n) | (realPage(j.rpn, 16) + (BigInt(j.rpn & 15) << 12n));
    hptes.push({ index, d0: j.d0, d1, note: near ? 'junk in a placed HPTE\'s PTEG' : 'junk' });
  }
  hptes.push(...built.map((b) => b.hpte)); // placed after the junk: the placements win a slot
  return { slb: s.slb, hptes, built, placements: s.placements };
}

/** The EA a target names, and the key of the placement it aims at (0 if none). */
export function targetEa(st: BuiltState, t: Target): { ea: bigint; key: number } {
  if ((t.kind === 'mapped' || t.kind === 'straddle') && st.built.length) {
    let k = t.placement % st.built.length;
    if (t.kind === 'straddle') {
      // Prefer a page whose next page was placed too (the next placement `follows` it).
      const n = st.built.length;
      for (let j = 0; j < n; j++) {
        const i = (k + j) % n;
        if (i + 1 < n && st.placements[i + 1].follows) { k = i; break; }
      }
    }
    const b = st.built[k];
    const p = basePageShift(st.slb[b.seg % st.slb.length])!;
    if (t.kind === 'straddle') {
      const ea = b.ea + (1n << BigInt(p)) - BigInt(t.back);
      return { ea: ea + 3n <= ones(64) ? ea : b.ea, key: b.key }; // (not across the top of the EA space)
    }
    return { ea: b.ea | (BigInt(t.offset) & ones(p) & ~3n), key: b.key };
  }
  if (t.kind === 'nosegment') return { ea: t.ea & ~3n, key: 0 };
  const seg = t.kind === 'segment' ? t.seg : 0, page = t.kind === 'segment' ? t.page : 0n;
  return { ea: eaIn(st.slb[seg % st.slb.length], page, t.kind === 'straddle' ? 0 : t.offset), key: 0 };
}

export const amrValue = (a: AmrChoice, key: number): bigint =>
  a.mode === 'zero' ? 0n : a.mode === 'any' ? a.v : BigInt(a.bits) << BigInt(62 - 2 * key);

/** The case a spec describes. */
export function buildCase(s: CaseSpec): MmuCase {
  const st = buildState(s);
  const { ea, key } = targetEa(st, s.target);
  return { hptLog2: s.hptLog2, slb: st.slb, hptes: st.hptes, pr: s.pr, amr: amrValue(s.amr, key), access: s.access, ea: s.access === 'fetch' ? ea & ~3n : ea, value: s.value };
}

export const mmuCaseArb: fc.Arbitrary<MmuCase> = caseSpecArb.map(buildCase);
export const mmuCaseArbFor = (hptLog2: fc.Arbitrary<number>): fc.Arbitrary<MmuCase> => caseSpecArbFor(hptLog2).map(buildCase);
