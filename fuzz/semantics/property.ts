// The semantic fuzzing property: a random case run on qemu-user and on the engine must end
// in the same user state. For speed, a round first samples its cases with fast-check and runs
// them in batches (one harness process per batch and byte order); fast-check's sample at index
// i is the value its runner generates at path "i", so a failing case is then replayed and
// shrunk by fast-check itself (seed, path "i") to the fewest instructions and simplest values
// that still disagree, and that seed and path reproduce it whatever the batch size.
import fc from 'fast-check';
import { FORMS, decode, disasm } from '../../engine/isa/index.js';
import { CODE_ADDR } from '../../oracle/qemu-user/layout.js';
import type { UserCase } from '../../oracle/qemu-user/protocol.js';
import { caseArb, resolve, type ResolvedCase } from './case.js';
import { checkBatch, checkBatches, isAbort, type CaseVerdict, type Endian, type Model } from './check.js';
import { runBatch } from '../../oracle/qemu-user/harness.js';
import type { EngineRunner } from './engine-run.js';
import { formatRegression } from './regression.js';
import type { Failure } from '../campaign.js';

export interface SemanticsOptions {
  /** Cases per harness call in the batched first pass. */
  batch: number;
  /** Instructions per case, at most. */
  maxInsns: number;
  endians: readonly Endian[];
  model: Model;
  engine?: EngineRunner;
}

export class SemanticMismatch extends Error {
  constructor(readonly verdict: CaseVerdict, readonly userCase: UserCase) {
    super(describeMismatch(verdict, userCase));
  }
}

export function describeMismatch(v: CaseVerdict, c: UserCase): string {
  const code = c.code.map((w, i) => `  ${(CODE_ADDR + 4 * i).toString(16)}: ${w.toString(16).padStart(8, '0')}  ${disasm(w, BigInt(CODE_ADDR + 4 * i))}`);
  return [`engine and qemu-user (${v.endian}) disagree after:`, ...code, ...v.diffs.map((d) => `  ${d}`)].join('\n');
}

const arbs = new Map<number, fc.Arbitrary<ResolvedCase>>();
function resolvedArb(maxInsns: number): fc.Arbitrary<ResolvedCase> {
  let a = arbs.get(maxInsns);
  if (!a) arbs.set(maxInsns, (a = caseArb(maxInsns).map(resolve)));
  return a;
}

/** The property over one case (what fast-check replays and shrinks). */
export function semanticsProperty(o: SemanticsOptions): fc.IPropertyWithHooks<[ResolvedCase]> {
  return fc.property(resolvedArb(o.maxInsns), (r) => {
    const res = checkBatch([r.userCase], o.endians, o.model, o.engine);
    const bad = res.verdicts.find((v) => v.diffs.length > 0);
    if (bad) throw new SemanticMismatch(bad, r.userCase);
  });
}

export interface SemanticsRun {
  runs: number;
  cases: number;
  compared: number;
  deviations: Record<string, number>;
  /** Table forms executed at least once (by name). */
  formsHit: Set<string>;
  failure: Failure | null;
}

/** One round: `cases` cases from `seed` (or only the one at `path`); a failure comes back
 *  shrunk, with its seed, path and a regression file for corpus/regressions/. */
export async function runSemantics(seed: number, cases: number, o: SemanticsOptions, path?: string): Promise<SemanticsRun> {
  const out: SemanticsRun = { runs: 0, cases: 0, compared: 0, deviations: {}, formsHit: new Set(), failure: null };
  let failedAt = path ?? null, failingEndian: Endian | undefined;
  if (failedAt === null) {
    const sample = fc.sample(resolvedArb(o.maxInsns), { seed, numRuns: cases });
    const parts = function* () {
      for (let from = 0; from < sample.length; from += o.batch) yield sample.slice(from, from + o.batch).map((r) => r.userCase);
    };
    let from = 0;
    for await (const r of checkBatches(parts(), o.endians, o.model, o.engine)) {
      const part = r.cases;
      out.runs++;
      out.cases += part.length;
      out.compared += r.compared;
      for (const [k, n] of Object.entries(r.deviations)) out.deviations[k] = (out.deviations[k] ?? 0) + n;
      for (const c of part) for (const w of c.code) { const f = decode(w); if (f >= 0) out.formsHit.add(FORMS[f].name); }
      const bad = r.verdicts.find((v) => v.diffs.length > 0);
      if (bad) { failedAt = String(from + bad.index); failingEndian = bad.endian; break; }
      from += part.length;
    }
    if (failedAt === null) return out;
  }
  // Shrinking runs the failing byte order only (half the QEMU runs).
  const endian = path === undefined ? failingEndian : undefined;
  const d = fc.check(semanticsProperty(endian ? { ...o, endians: [endian] } : o), { seed, numRuns: cases, path: failedAt });
  if (!d.failed) {
    if (path === undefined) throw new Error(`case ${failedAt} of seed ${seed} failed in its batch but not alone: state leaks between cases`);
    return out;
  }
  const err = d.errorInstance;
  if (!(err instanceof SemanticMismatch)) throw err instanceof Error ? err : new Error(String(err));
  const shrunk = err.userCase;
  const { userCase: c, verdict } = foldPrefix(...zeroWindow(...dropEach(shrunk, err.verdict, o), o), o);
  // QEMU's result for each byte order becomes the regression's expectation.
  const both = checkBatch([c], ['be', 'le'], o.model, o.engine);
  const expect = Object.fromEntries(both.verdicts.flatMap((v) => (isAbort(v.qemu) ? [] : [[v.endian, v.qemu]])));
  const p = d.counterexamplePath ?? failedAt;
  const name = `semantics-${o.model.toLowerCase()}-${fnv(c.code.join(','))}.s`;
  const text = formatRegression({ model: o.model, userCase: c, expect }, [
    `pseries-rr regression: semantics (qemu-user, ${o.model}), found by fast-check seed ${d.seed} path "${p}"`,
    `reproduce: pseries-rr fuzz --target semantics --cpu ${o.model} --max-insns ${o.maxInsns} --seed ${d.seed} --path "${p}"`,
    ...(c.code.length < shrunk.code.length ? [`(fast-check's shrunk case had ${shrunk.code.length} instructions; this one has ${c.code.length}: instructions it did not need are dropped and leading ones folded into the initial state, as QEMU left it after them)`] : []),
    ...verdict.diffs.map((l) => `${verdict.endian}: ${l}`),
  ]);
  out.failure = { seed: d.seed, path: p, summary: describeMismatch(verdict, c), regression: { file: name, text } };
  return out;
}

/** Drop single instructions fast-check's shrink kept (it can stop at a local minimum) while
 *  the case still fails. */
function dropEach(c: UserCase, v: CaseVerdict, o: SemanticsOptions): [UserCase, CaseVerdict] {
  for (let i = c.code.length - 1; i >= 0 && c.code.length > 1; i--) {
    if (setsTar(c.code[i])) continue; // TAR is not in the state: keep what sets it
    const shorter: UserCase = { ...c, code: c.code.filter((_, k) => k !== i) };
    const r = checkBatch([shorter], [v.endian], o.model, o.engine).verdicts[0];
    if (r.diffs.length) [c, v] = [shorter, r];
  }
  return [c, v];
}

/** Zeros in the window wherever its contents do not matter to the failure (fast-check
 *  cannot shrink the seed that fills it without losing the failure): halves, then quarters…
 *  down to 16-byte rows, each kept zero if the case still fails (at most 64 tries). */
function zeroWindow(c: UserCase, v: CaseVerdict, o: SemanticsOptions): [UserCase, CaseVerdict] {
  const todo: [number, number][] = [[0, c.window.length]];
  for (let tries = 0; todo.length > 0 && tries < 64;) {
    const [from, to] = todo.shift()!;
    if (c.window.subarray(from, to).every((b) => b === 0)) continue;
    const w = c.window.slice();
    w.fill(0, from, to);
    const z: UserCase = { ...c, window: w };
    tries++;
    const r = checkBatch([z], [v.endian], o.model, o.engine).verdicts[0];
    if (r.diffs.length) [c, v] = [z, r];
    else if (to - from > 16) todo.push([from, (from + to) >> 1], [(from + to) >> 1, to]);
  }
  return [c, v];
}

/** Fewer instructions than fast-check's shrink reaches (it cannot see that a carry set by an
 *  earlier instruction could as well be in the initial XER): drop leading instructions by
 *  starting from the state QEMU reached after them, while the case still fails. */
function foldPrefix(c: UserCase, v: CaseVerdict, o: SemanticsOptions): { userCase: UserCase; verdict: CaseVerdict } {
  let best = { userCase: c, verdict: v };
  for (let k = 1; k < c.code.length; k++) {
    if (setsTar(c.code[k - 1])) break; // TAR is not in the state the fold carries
    const [q] = runBatch(v.endian, [{ ...c, code: c.code.slice(0, k) }], { cpu: o.model === 'POWER9' ? 'power9' : 'power8' });
    if (q.signal !== 0) break;
    const { signal: _s, siCode: _c, nip: _n, siAddr: _a, msr: _m, ...state } = q;
    const folded: UserCase = { ...state, code: c.code.slice(k) };
    const r = checkBatch([folded], [v.endian], o.model, o.engine).verdicts[0];
    if (r.diffs.length) best = { userCase: folded, verdict: r };
  }
  return best;
}

/** mtspr TAR (SPR 815 = 0b11001_01111: the halves swapped in the instruction, §3.3.17). */
const setsTar = (w: number): boolean => w >>> 26 === 31 && ((w >>> 1) & 0x3ff) === 467 && ((w >>> 11) & 0x3ff) === ((815 & 31) << 5 | 815 >>> 5);

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
