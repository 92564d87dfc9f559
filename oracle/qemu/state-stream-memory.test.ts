// Streaming a long QEMU run keeps memory bounded (its own file: a fresh worker, so other
// tests' garbage does not count). Without QEMU: fails when CI is set, else skipped.
import { describe, expect, it } from 'vitest';
import { guestImage } from '../../corpus/bare/guests.js';
import { qemuAvailable } from './system.js';
import { qemuStateStream } from './state-stream.js';

const HAVE_QEMU = qemuAvailable();
if (!HAVE_QEMU) {
  if (process.env.CI) throw new Error('qemu-system-ppc64 is required in CI (oracle/qemu/state-stream-memory.test.ts)');
  console.warn('\n*** qemu-system-ppc64 not found: SKIPPING the QEMU streaming memory test ***\n');
}
const d = HAVE_QEMU ? describe : describe.skip;

d('qemuStateStream over a long run', () => {
  it('streams 10 million instructions of bench.img (or ~60 s) with RSS growth < 200 MiB', async () => {
    const limit = 10_000_000;
    const s = qemuStateStream(guestImage('bench'), { maxInsns: limit, keepInputs: false });
    const t0 = Date.now();
    let n = 0;
    let rss0 = 0;
    let peak = 0;
    for await (const r of s.rows) {
      n++;
      if (r.icount !== n) throw new Error(`icount ${r.icount} at row ${n}`);
      if (n === 100_000) rss0 = process.memoryUsage.rss();
      if ((n & 0xffff) === 0) {
        peak = Math.max(peak, process.memoryUsage.rss());
        if (Date.now() - t0 > 58_000) break;
      }
    }
    const secs = (Date.now() - t0) / 1000;
    const done = await s.done;
    const growth = (peak - rss0) / 2 ** 20;
    console.log(`bench.img: ${n} rows in ${secs.toFixed(1)} s = ${Math.round(n / secs)} instructions/s, ` +
      `${(done.logBytes / 2 ** 20 / secs).toFixed(0)} MiB/s of log, RSS ${(rss0 / 2 ** 20).toFixed(0)} MiB at 100k rows, ` +
      `peak ${(peak / 2 ** 20).toFixed(0)} MiB (growth ${growth.toFixed(1)} MiB), stopped: ${done.killed}`);
    expect(n).toBeGreaterThan(1_000_000);
    expect(done.killed).toBe(n >= limit ? 'maxInsns' : 'consumer');
    expect(growth).toBeLessThan(200);
  }, 120_000);
});
