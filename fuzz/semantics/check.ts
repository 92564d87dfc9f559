// One batch of semantic cases through both sides: qemu-user (the harness, one process per
// batch and byte order) and the engine, compared case by case.
import { runBatch, startBatch } from '../../oracle/qemu-user/harness.js';
import { SIGBUS, SIGSEGV, type Endian, type UserCase, type UserResult } from '../../oracle/qemu-user/protocol.js';
import { CODE_ADDR, CODE_AREA_SIZE } from '../../oracle/qemu-user/layout.js';
import { FORMS, decode } from '../../engine/isa/index.js';
import { EngineRunner, type Outcome } from './engine-run.js';
import { compareOutcome } from './compare.js';

export type { Endian };
export type Model = 'POWER8' | 'POWER9';

export interface CaseVerdict {
  index: number;
  endian: Endian;
  diffs: string[];
  engine: Outcome;
  qemu: UserResult | QemuAbort;
}

/** QEMU itself died on the case (its message, and the NIP of its register dump). */
export interface QemuAbort { abort: string; nip: bigint | null }

export const isAbort = (r: UserResult | QemuAbort): r is QemuAbort => 'abort' in r;

/** QEMU's results for `cases`; a case that kills QEMU 7.2 (it aborts on some exceptions it
 *  does not expect in user mode) is found by halving the batch and reported as a QemuAbort. */
function qemuResults(endian: Endian, cases: UserCase[], cpu: 'power8' | 'power9'): (UserResult | QemuAbort)[] {
  try {
    return runBatch(endian, cases, { cpu });
  } catch (e) {
    const msg = (e as Error).message;
    if (!/qemu: fatal|exited with/.test(msg)) throw e;
    if (cases.length === 1) {
      const nip = msg.match(/NIP ([0-9a-f]{16})/);
      return [{ abort: msg.match(/qemu: fatal: ([^\n]*)/)?.[1] ?? msg, nip: nip ? BigInt('0x' + nip[1]) : null }];
    }
    const half = cases.length >> 1;
    return [...qemuResults(endian, cases.slice(0, half), cpu), ...qemuResults(endian, cases.slice(half), cpu)];
  }
}

/** qemu-user 7.2 has no alignment case in its ppc cpu_loop for the alignment interrupt
 *  (Book III-S §6.5.8) of the multiple and string forms in little-endian mode: it aborts
 *  with "Unknown exception 0x5" where Linux delivers SIGBUS. The engine must have taken one
 *  there. */
export const QEMU_ALIGNMENT_ABORT = 'qemu-user-alignment-abort';
export const QEMU_ALIGNMENT_PREFIX = 'qemu-user-alignment-abort (prefix compared)';

/** `c` cut before the instruction at `nip`. */
function prefix(c: UserCase, nip: bigint): UserCase {
  return { ...c, code: c.code.slice(0, Number(nip - BigInt(CODE_ADDR)) / 4) };
}
function abortVerdict(q: QemuAbort, engine: Outcome): string[] {
  if (/Unknown exception 0x5\b/.test(q.abort) && engine.signal === SIGBUS && engine.nip === q.nip) return [];
  return [`qemu aborted (${q.abort}) at ${q.nip === null ? '?' : '0x' + q.nip.toString(16)}; engine: signal ${engine.signal} at 0x${engine.nip.toString(16)}`];
}

export interface BatchResult {
  verdicts: CaseVerdict[];
  /** Cases × byte orders compared. */
  compared: number;
  /** Known QEMU deviations adopted, by id (deviations.ts). */
  deviations: Record<string, number>;
}

const runners = new Map<Model, EngineRunner>();
function runner(model: Model): EngineRunner {
  let r = runners.get(model);
  if (!r) runners.set(model, (r = new EngineRunner(model)));
  return r;
}

/** The engine's outcome for `c`, guided by QEMU's: where QEMU faulted on memory the harness
 *  leaves unmapped but the engine's RAM holds, the engine is stopped at that instruction (and
 *  its effective address is checked against the fault address instead). */
export function engineOutcome(c: UserCase, le: boolean, model: Model, qemu?: UserResult, r = runner(model)): Outcome {
  return guided(c, le, model, r.run(c, le), qemu, r);
}

function guided(c: UserCase, le: boolean, model: Model, out: Outcome, qemu?: UserResult, r = runner(model)): Outcome {
  if (!qemu || qemu.signal !== SIGSEGV || (out.signal === SIGSEGV && out.nip === qemu.nip)) return out;
  const inCode = qemu.nip >= BigInt(CODE_ADDR) && qemu.nip < BigInt(CODE_ADDR + CODE_AREA_SIZE);
  return inCode && qemu.siAddr !== qemu.nip ? r.run(c, le, { nip: qemu.nip }) : out;
}

/** In little-endian mode the multiple and string forms always take an alignment interrupt
 *  (Book I §3.3.6, §3.3.7), which QEMU 7.2 aborts on. */
const LE_ALIGNMENT = /^(lmw|stmw|lswi|lswx|stswi|stswx)$/;
function mnemonicAt(c: UserCase, nip: bigint): string {
  const k = Number(nip - BigInt(CODE_ADDR)) / 4;
  const f = Number.isInteger(k) && k >= 0 && k < c.code.length ? decode(c.code[k]) : -1;
  return f >= 0 ? FORMS[f].name : '';
}

/** At most this many cases a batch (or a round of batches, sharing one budget) that the
 *  engine says take such an alignment interrupt are run whole on QEMU, each in a process of
 *  its own, to see QEMU abort there; of the others QEMU runs the instructions before the
 *  faulting one, and its end state must be the engine's state at the fault. */
const ALIGNMENT_SINGLETONS = 2;
export interface SingletonBudget { left: number }

/** One byte order of a batch, run on the engine and ready for QEMU: which cases go to QEMU
 *  whole, cut before an alignment interrupt QEMU would abort on, or alone. */
interface Prepared {
  cases: UserCase[];
  endian: Endian;
  first: Outcome[];
  singles: Set<number>;
  skip: Set<number>;
  batched: number[];
  toQemu: UserCase[];
}

function prepare(cases: UserCase[], endian: Endian, model: Model, engine: EngineRunner | undefined, budget: SingletonBudget): Prepared {
  const le = endian === 'le';
  const first = cases.map((c) => engineOutcome(c, le, model, undefined, engine));
  const suspects = le ? cases.flatMap((_, i) => (first[i].signal === SIGBUS && LE_ALIGNMENT.test(mnemonicAt(cases[i], first[i].nip)) ? [i] : [])) : [];
  const n = Math.min(budget.left, suspects.length);
  budget.left -= n;
  const singles = new Set(suspects.slice(0, n));
  const skip = new Set(suspects.slice(n));
  const batched = cases.flatMap((_, i) => (singles.has(i) ? [] : [i]));
  const toQemu = batched.map((i) => (skip.has(i) ? prefix(cases[i], first[i].nip) : cases[i]));
  return { cases, endian, first, singles, skip, batched, toQemu };
}

type QemuOut = UserResult | QemuAbort;

/** QEMU's results for a prepared batch, given those of its batched part if already run
 *  (null: not run, or QEMU died on it, so it is run again in halves to find the case). */
function qemuFor(p: Prepared, cpu: 'power8' | 'power9', batched: QemuOut[] | null = null): Map<number, QemuOut> {
  const results = new Map<number, QemuOut>();
  (batched ?? qemuResults(p.endian, p.toQemu, cpu)).forEach((r, k) => results.set(p.batched[k], r));
  for (const i of p.singles) results.set(i, qemuResults(p.endian, [p.cases[i]], cpu)[0]);
  return results;
}

function finish(p: Prepared, results: Map<number, QemuOut>, model: Model, into: BatchResult, engine?: EngineRunner): void {
  const le = p.endian === 'le', deviations = into.deviations;
  p.cases.forEach((c, index) => {
    const qemu = results.get(index);
    if (!qemu) return;
    let out = p.first[index], diffs: string[];
    if (isAbort(qemu)) {
      diffs = abortVerdict(qemu, out);
      if (!diffs.length) deviations[QEMU_ALIGNMENT_ABORT] = (deviations[QEMU_ALIGNMENT_ABORT] ?? 0) + 1;
    } else if (p.skip.has(index) && qemu.signal === 0) {
      // QEMU ran the prefix: it ends normally where the engine took the alignment interrupt.
      diffs = compareOutcome(c, { ...out, signal: 0, siCode: 0, siAddr: 0n }, qemu, model === 'POWER9');
      if (!diffs.length) deviations[QEMU_ALIGNMENT_PREFIX] = (deviations[QEMU_ALIGNMENT_PREFIX] ?? 0) + 1;
    } else {
      out = guided(c, le, model, out, qemu, engine);
      for (const id of out.deviations) deviations[id] = (deviations[id] ?? 0) + 1;
      diffs = compareOutcome(c, out, qemu, model === 'POWER9');
    }
    into.verdicts.push({ index, endian: p.endian, diffs, engine: out, qemu });
    into.compared++;
  });
}

const cpuOf = (m: Model) => (m === 'POWER9' ? 'power9' : 'power8');

/** `engine` replaces the default runner (tests use a deliberately broken one). */
export function checkBatch(cases: UserCase[], endians: readonly Endian[], model: Model, engine?: EngineRunner): BatchResult {
  const out: BatchResult = { verdicts: [], compared: 0, deviations: {} };
  const budget = { left: ALIGNMENT_SINGLETONS };
  for (const endian of endians) {
    const p = prepare(cases, endian, model, engine, budget);
    finish(p, qemuFor(p, cpuOf(model)), model, out, engine);
  }
  return out;
}

/** Batches checked as checkBatch checks one, with QEMU running a batch (both byte orders
 *  at once, each QEMU on a core of its own) while the engine runs the next. Yields each
 *  batch's result in order; the caller may stop early. */
export async function* checkBatches(batches: Iterable<UserCase[]>, endians: readonly Endian[], model: Model, engine?: EngineRunner): AsyncGenerator<BatchResult & { cases: UserCase[] }> {
  const budget = { left: ALIGNMENT_SINGLETONS }, cpu = cpuOf(model);
  const start = (cases: UserCase[]) => ({
    cases,
    parts: endians.map((e) => {
      const p = prepare(cases, e, model, engine, budget);
      return { p, q: startBatch(e, p.toQemu, { cpu }).catch(() => null) };
    }),
  });
  let pending: ReturnType<typeof start> | null = null;
  try {
    for (const cases of batches) {
      const next = start(cases);
      if (pending) yield await settle(pending);
      pending = next;
    }
    if (pending) { const last = pending; pending = null; yield await settle(last); }
  } finally {
    // Stopped early: let the batch in flight finish (its files are removed then).
    if (pending) await Promise.all(pending.parts.map((x) => x.q));
  }

  async function settle(b: ReturnType<typeof start>) {
    const out = { cases: b.cases, verdicts: [] as CaseVerdict[], compared: 0, deviations: {} as Record<string, number> };
    for (const { p, q } of b.parts) finish(p, qemuFor(p, cpu, await q), model, out, engine);
    return out;
  }
}
