// Sequences of accesses on one Cpu: the single-access property starts every case on a fresh
// Cpu, so nothing the engine caches (its TLBs) survives from one access to the next. Here 2-5
// accesses share a Cpu, often to the same page, with MSR[PR], the AMR and the SLB changing
// between them (an SLB change is made as a guest makes it: slbia, slbmte …, isync). The
// model is stateless apart from the HPT's R and C bits, which carry over.

import fc from 'fast-check';
import { HPTE_C, HPTE_R, hex, readHpte, writeHpte, type Access, type SlbEntry } from '../../oracle/mmu-model/index.js';
import { amrArb, amrValue, buildState, caseSpecArb, targetArb, targetEa, type AmrChoice, type Target } from './arbitraries.js';
import { accessParts, buildHpt, reached, type AccessPart, type MmuCase, type PlacedHpte } from './case.js';
import { compareOutcome, plantFor } from './compare.js';
import { EngineHarness, type AccessStep } from './engine-adapter.js';

export interface SequenceStep extends AccessStep {
  /** The SLB for this access (reloaded before it when it differs from the previous step's). */
  slb: SlbEntry[];
}

export interface MmuSequence {
  hptLog2: number;
  hptes: PlacedHpte[];
  steps: SequenceStep[];
}

type Mutation = { entry: number; what: 'v' | 'ks' | 'kp' | 'n' | 'vsid' | 'esid' } | null;

interface StepSpec {
  target: Target | 'same';
  offset: number;
  access: Access;
  pr: boolean | 'same';
  amr: AmrChoice | 'same';
  value: number;
  mutate: Mutation;
}

const stepSpecArb: fc.Arbitrary<StepSpec> = fc.record({
  target: fc.oneof({ weight: 3, arbitrary: fc.constant('same' as const) }, { weight: 2, arbitrary: targetArb }),
  offset: fc.nat(0xfff),
  access: fc.constantFrom<Access>('load', 'store', 'fetch'),
  pr: fc.oneof({ weight: 3, arbitrary: fc.constant('same' as const) }, { weight: 1, arbitrary: fc.boolean() }),
  amr: fc.oneof({ weight: 2, arbitrary: fc.constant('same' as const) }, { weight: 1, arbitrary: amrArb }),
  value: fc.integer({ min: 1, max: 0xffffffff }),
  mutate: fc.option(fc.record({ entry: fc.nat(7), what: fc.constantFrom('v', 'ks', 'kp', 'n', 'vsid', 'esid') as fc.Arbitrary<NonNullable<Mutation>['what']> }), { freq: 3, nil: null }),
});

const overlap = (a: SlbEntry, b: SlbEntry): boolean =>
  a.b === '256M' && b.b === '256M' ? a.esid === b.esid : a.esid >> 12n === b.esid >> 12n;

/** The SLB with one field of one entry changed (never making two valid entries overlap). */
function mutate(slb: SlbEntry[], m: NonNullable<Mutation>): SlbEntry[] {
  const i = m.entry % slb.length;
  const e = { ...slb[i] };
  switch (m.what) {
    case 'v': e.v = !e.v; break;
    case 'ks': e.ks = !e.ks; break;
    case 'kp': e.kp = !e.kp; break;
    case 'n': e.n = !e.n; break;
    case 'vsid': e.vsid ^= 1n << 12n; break; // keeps a 1 TB VSID's low 12 bits 0
    case 'esid': e.esid ^= 1n << 12n; break; // likewise for a 1 TB ESID
  }
  if (e.v && slb.some((o, k) => k !== i && o.v && overlap(o, e))) return slb;
  return slb.map((o, k) => (k === i ? e : o));
}

export const sequenceArb: fc.Arbitrary<MmuSequence> = fc.record({
  base: caseSpecArb,
  more: fc.array(stepSpecArb, { minLength: 1, maxLength: 4 }),
}).map(({ base, more }): MmuSequence => {
  const st = buildState(base);
  const first = targetEa(st, base.target);
  let amr = amrValue(base.amr, first.key);
  const steps: SequenceStep[] = [{ slb: st.slb, pr: base.pr, amr, access: base.access, ea: base.access === 'fetch' ? first.ea & ~3n : first.ea, value: base.value }];
  for (const s of more) {
    const prev = steps[steps.length - 1];
    const slb = s.mutate ? mutate(prev.slb, s.mutate) : prev.slb;
    let ea: bigint, key = 0;
    if (s.target === 'same') ea = (prev.ea & ~0xfffn) | (BigInt(s.offset) & ~3n); // same 4K block
    else ({ ea, key } = targetEa({ ...st, slb }, s.target));
    if (s.access === 'fetch') ea &= ~3n;
    if (s.amr !== 'same') amr = amrValue(s.amr, key);
    steps.push({ slb, pr: s.pr === 'same' ? prev.pr : s.pr, amr, access: s.access, ea, value: s.value });
  }
  return { hptLog2: base.hptLog2, hptes: st.hptes, steps };
});

const sameSlb = (a: readonly SlbEntry[], b: readonly SlbEntry[]): boolean =>
  a.length === b.length && a.every((e, i) => Object.entries(e).every(([k, v]) => (b[i] as unknown as Record<string, unknown>)[k] === v));

const stepCase = (q: MmuSequence, s: SequenceStep): MmuCase => ({ hptLog2: q.hptLog2, hptes: [], ...s });

function stepParts(hpt: Uint8Array, s: SequenceStep): AccessPart[] {
  const fetch = s.access === 'fetch';
  return accessParts({ slb: s.slb, hpt, msr: { pr: s.pr, ir: fetch, dr: !fetch }, amr: s.amr }, s.ea, s.access);
}

/** The model's view of each step, R and C carried over from step to step. */
export function modelSequence(q: MmuSequence): AccessPart[][] {
  const hpt = buildHpt({ hptLog2: q.hptLog2, hptes: q.hptes } as MmuCase);
  return q.steps.map((s) => {
    const parts = stepParts(hpt, s);
    const r = reached(parts);
    if (r[r.length - 1].t.kind === 'ok') {
      for (const { t } of parts) {
        if (t.kind !== 'ok') continue;
        const [d0, d1] = readHpte(hpt, t.hpteIndex);
        writeHpte(hpt, t.hpteIndex, d0, d1 | HPTE_R | (t.setC ? HPTE_C : 0n));
      }
    }
    return parts;
  });
}

/** Mismatches between the engine and the model over the whole sequence (the first step
 *  that differs ends it). */
export function checkSequence(q: MmuSequence, stats?: { inPlaceSteps: number }): string[] {
  const hpt = buildHpt({ hptLog2: q.hptLog2, hptes: q.hptes } as MmuCase);
  const h = new EngineHarness(q.hptLog2, hpt);
  let loaded: SlbEntry[] | null = null;
  for (let k = 0; k < q.steps.length; k++) {
    const s = q.steps[k];
    const what = `step ${k} (${s.access} ${hex(s.ea)} pr=${+s.pr})`;
    if (loaded === null || !sameSlb(loaded, s.slb)) {
      const err = h.loadSlb(s.slb);
      if (err) return [`${what}: ${err}`];
      loaded = s.slb;
    }
    const parts = stepParts(hpt, s);
    const before = hpt.slice();
    const o = h.access(s, plantFor(stepCase(q, s), parts));
    const m = compareOutcome(stepCase(q, s), before, parts, o);
    if (m.length) return m.map((x) => `${what}: ${x}`);
    hpt.set(o.hpt); // R and C as the engine left them (checked just now)
    if (stats) stats.inPlaceSteps = h.inPlaceSteps;
  }
  return [];
}
