// Fuzzing throughput (issue 6): semantic test cases per second against qemu-user, split into
// what each part costs, and decoder words per second against objdump. Prints; asserts nothing.
import fc from 'fast-check';
import { harnessAvailable, runBatch } from '../oracle/qemu-user/harness.js';
import { caseArb, resolve } from '../fuzz/semantics/case.js';
import { runSemantics } from '../fuzz/semantics/property.js';
import { EngineRunner } from '../fuzz/semantics/engine-run.js';
import { runDecoderCampaign } from '../fuzz/decoder/campaign.js';
import { haveObjdump } from '../fuzz/decoder/objdump.js';

const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function semantics(maxInsns: number, n: number): Promise<void> {
  let t = process.hrtime.bigint();
  const cases = fc.sample(caseArb(maxInsns).map(resolve), { seed: 42, numRuns: n }).map((r) => r.userCase);
  const gen = secs(t);
  const r = new EngineRunner();
  t = process.hrtime.bigint();
  for (const le of [false, true]) for (const c of cases) r.run(c, le);
  const eng = secs(t);
  // QEMU alone, on the big-endian harness (LE batches may hold cases QEMU 7.2 aborts on).
  t = process.hrtime.bigint();
  runBatch('be', cases);
  const qemu = secs(t);
  // The whole differential round, both byte orders, as `pseries-rr fuzz` runs it (generation
  // included, QEMU working on one batch while the engine runs the next).
  t = process.hrtime.bigint();
  const round = await runSemantics(42, n, { batch: 2000, maxInsns, endians: ['be', 'le'], model: 'POWER8' });
  const all = secs(t), compared = round.compared;
  if (round.failure) console.log(`  (the round found a disagreement: ${round.failure.summary.split('\n')[0]})`);
  const per = (x: number, k = n) => `${Math.round(k / x).toLocaleString('en')}/s`;
  console.log(`  semantic fuzzing, ${n.toLocaleString('en')} cases of ≤ ${maxInsns} instruction${maxInsns > 1 ? 's' : ''}: ` +
    `${per(all, compared)} case runs (case × byte order) compared against qemu-user end to end (target ≥ 5,000/s for single instructions); ` +
    `parts: generation ${per(gen)}, engine ${per(eng, 2 * n)} runs, qemu-user harness ${per(qemu)} (one byte order)`);
}

export async function fuzzBench(): Promise<void> {
  if (!harnessAvailable()) console.log('  semantic fuzzing: qemu-user or the cross gcc missing; skipped');
  else { await semantics(1, 20_000); await semantics(8, 5_000); }
  if (!haveObjdump()) { console.log('  decoder fuzzing: objdump missing; skipped'); return; }
  const t = process.hrtime.bigint();
  const d = runDecoderCampaign({ seed: 42, runs: 20 });
  console.log(`  decoder fuzzing: ${d.words.toLocaleString('en')} words against objdump in ${secs(t).toFixed(1)} s = ${Math.round(d.words / secs(t)).toLocaleString('en')} words/s (with ${(20_000).toLocaleString('en')} encode/decode round trips)`);
}
