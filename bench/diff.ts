// Streaming diff against a live QEMU: instructions per second and peak memory over a long
// window of the benchmark guest (issue 4: bounded memory over 10 million instructions).
import { readFileSync } from 'node:fs';
import { qemuAvailable } from '../oracle/qemu/system.js';
import { qemuStateStream } from '../oracle/qemu/state-stream.js';
import { ReferenceFeed, referenceDrivenEngine } from '../oracle/reference-engine.js';
import { QEMU_DEVIATIONS } from '../oracle/qemu/deviations.js';
import { diffStates } from '../trace/state/diff.js';
import { guestImage } from '../corpus/bare/guests.js';

export async function diffBench(insns = Number(process.env.BENCH_DIFF_INSNS ?? 10_000_000)): Promise<void> {
  if (!qemuAvailable()) {
    console.log('  diff vs live QEMU: qemu-system-ppc64 not installed; skipped');
    return;
  }
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 200);
  const feed = new ReferenceFeed();
  const s = qemuStateStream(guestImage('bench'), { maxInsns: insns, keepInputs: false, onInput: feed.onInput });
  const engine = referenceDrivenEngine({ bios: new Uint8Array(readFileSync(guestImage('bench'))) }, feed, 'engine', insns);
  const t0 = process.hrtime.bigint();
  const r = await diffStates(engine, { label: 'qemu', initial: s.initial, rows: s.rows }, { deviations: QEMU_DEVIATIONS });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`  diff vs live QEMU (bench guest): ${r.compared.toLocaleString('en')} instructions in ${secs.toFixed(1)} s = ${Math.round(r.compared / secs).toLocaleString('en')} instructions/s, ` +
    `${r.divergence ? `DIVERGED at icount ${r.divergence.icount}` : 'no divergence'}; peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (${((peak - rss0) / 2 ** 20).toFixed(0)} MiB above the start)`);
}
