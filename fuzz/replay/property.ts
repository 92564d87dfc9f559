// Record/replay fuzzing: for random console-input schedules, clock steps, H_RANDOM seeds,
// checkpoint intervals and frame sizes, recording the inputs guest and replaying the trace
// must match instruction-exactly, print the same console output, and end in the state a run
// with no trace in between ends in (ARCHITECTURE.md "Determinism").
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Machine, ScriptedInputs, type MachineConfig } from '../../engine/index.js';
import { guestImage } from '../../corpus/bare/guests.js';
import { record } from '../../trace/recorder.js';
import { replay } from '../../trace/replayer.js';
import { TraceReader } from '../../trace/reader.js';
import { configFromHeader } from '../../trace/machine-config.js';
import type { Failure } from '../campaign.js';

export interface ReplayCase {
  console: { at: number; text: string }[];
  seed: bigint;
  clockStepMillis: number;
  checkpointInterval: number;
  frameRecords: number;
}

const GUEST = 'inputs';
const CLOCK_START = 1_700_000_000_000;

export const replayCaseArb: fc.Arbitrary<ReplayCase> = fc.record({
  console: fc.array(fc.record({ at: fc.integer({ min: 0, max: 80_000 }), text: fc.string({ unit: fc.constantFrom('x', 'y', '1', ' '), maxLength: 6 }) }), { maxLength: 4 }),
  seed: fc.bigInt({ min: 1n, max: 1n << 62n }),
  clockStepMillis: fc.integer({ min: 0, max: 100_000 }),
  checkpointInterval: fc.integer({ min: 1_000, max: 20_000 }),
  frameRecords: fc.integer({ min: 1, max: 17 }),
});

const enc = (s: string) => new TextEncoder().encode(s);
const config = (): MachineConfig => ({ bios: new Uint8Array(readFileSync(guestImage(GUEST))), ramBytes: 512 << 20 });

function script(c: ReplayCase) {
  // The guest reads console input until a newline, so every schedule ends with one.
  const console = [...c.console.map((x) => ({ at: x.at, bytes: enc(x.text) })), { at: 90_000, bytes: enc('\n') }];
  return { seed: c.seed, clockStartMillis: CLOCK_START, clockStepMillis: c.clockStepMillis, console };
}

/** Record, replay and re-run one case; the differences found (none: all three agree). */
export async function checkReplayCase(c: ReplayCase): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-fuzz-replay-'));
  try {
    const file = join(dir, 'case.trace');
    let recorded = '', replayed = '';
    const rec = await record({
      config: config(), paths: { bios: guestImage(GUEST) }, out: file, inputs: new ScriptedInputs(script(c)),
      console: (b) => { recorded += Buffer.from(b).toString('latin1'); },
      checkpointInterval: c.checkpointInterval, snapshotInterval: 0, frameRecords: c.frameRecords,
    });
    const reader = await TraceReader.open(file);
    const r = await replay({ reader, config: configFromHeader(reader.header), console: (b) => { replayed += Buffer.from(b).toString('latin1'); } });
    const plain = new Machine(config(), new ScriptedInputs(script(c)), () => {});
    plain.run();
    const d: string[] = [];
    if (r.status !== 'matched') d.push(`replay ${r.status}${r.divergence ? `: ${JSON.stringify(r.divergence, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}` : ''}`);
    if (replayed !== recorded) d.push(`replayed console output differs: ${JSON.stringify(replayed.slice(0, 200))} vs ${JSON.stringify(recorded.slice(0, 200))}`);
    if (plain.hash() !== rec.hash) d.push(`final hash of the recorded run ${rec.hash} differs from a run without a trace ${plain.hash()}`);
    return d;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function replayProperty(): fc.IAsyncPropertyWithHooks<[ReplayCase]> {
  return fc.asyncProperty(replayCaseArb, async (c) => {
    const d = await checkReplayCase(c);
    if (d.length) throw new Error(d.join('\n'));
  });
}

export function formatReplayRegression(c: ReplayCase, header: string[]): string {
  return [...header.map((h) => `# ${h}`), JSON.stringify({ ...c, seed: c.seed.toString() }, null, 2), ''].join('\n');
}

export function parseReplayRegression(text: string): ReplayCase {
  const json = text.split('\n').filter((l) => !l.startsWith('#')).join('\n');
  const o = JSON.parse(json) as Omit<ReplayCase, 'seed'> & { seed: string };
  return { ...o, seed: BigInt(o.seed) };
}

/** One round of `runs` cases from `seed` (or the case at `path`). */
export async function runReplay(seed: number, runs: number, path?: string): Promise<{ cases: number; failure: Failure | null }> {
  let cases = 0;
  const prop = replayProperty().beforeEach(() => { cases++; });
  const d = await fc.check(prop, { seed, numRuns: runs, ...(path ? { path } : {}) });
  if (!d.failed || !d.counterexample) return { cases, failure: null };
  const c = d.counterexample[0];
  const p = d.counterexamplePath ?? '';
  const summary = String((d.errorInstance as Error)?.message ?? d.errorInstance);
  const name = `replay-${(seed >>> 0).toString(16)}-${p.split(":")[0]}.txt`;
  return {
    cases,
    failure: {
      seed: d.seed, path: p, summary,
      regression: { file: name, text: formatReplayRegression(c, [`pseries-rr regression: replay, found by fast-check seed ${d.seed} path "${p}"`, ...summary.split('\n')]) },
    },
  };
}
