// Bisect cost against one full replay of a long trace (issue 5: target ≤ 2). Build B is a
// copy of the built engine whose add goes wrong after icount 95,000,000.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FixedInputs } from '../engine/index.js';
import { guestImage } from '../corpus/bare/guests.js';
import { record } from '../trace/recorder.js';
import { replay } from '../trace/replayer.js';
import { TraceReader } from '../trace/reader.js';
import { configFromHeader } from '../trace/machine-config.js';
import { loadBuild } from '../trace/bisect/builds.js';
import { versionBisect } from '../trace/bisect/version.js';

const DIST = fileURLToPath(new URL('..', import.meta.url));

export async function bisectBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-bench-bisect-'));
  try {
    cpSync(join(DIST, 'engine'), join(dir, 'engine'), { recursive: true });
    const f = join(dir, 'engine/isa/semantics/fixedpoint/arith.js');
    const src = readFileSync(f, 'utf8');
    const bad = src.replace(/(c\.u64\[t\] = c\.u64\[ra\(w\)\] \+ c\.u64\[rb\(w\)\];)/, '$1 if (c.icount > 95_000_000) c.u64[t] ^= 1n;');
    if (bad === src) throw new Error('could not patch add for the bisect benchmark');
    writeFileSync(f, bad);
    const file = join(dir, 'bench.trace');
    await record({
      config: { bios: new Uint8Array(readFileSync(guestImage('bench'))) }, paths: { bios: guestImage('bench') }, out: file,
      inputs: new FixedInputs(), console: () => {}, checkpointInterval: 10_000_000, snapshotInterval: 10_000_000,
    });
    const reader = await TraceReader.open(file);
    const config = configFromHeader(reader.header);
    const [a, b] = [await loadBuild(DIST), await loadBuild(dir)];
    let t0 = process.hrtime.bigint();
    const full = await replay({ reader, config, machine: a.Machine, console: () => {} });
    const replaySecs = Number(process.hrtime.bigint() - t0) / 1e9;
    t0 = process.hrtime.bigint();
    const r = await versionBisect(reader, config, a, b);
    const bisectSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const d = r.diff?.divergence;
    console.log(`  bisect (100 M-instruction trace, checkpoints and snapshots every 10 M; B parts after icount 95 M): ${bisectSecs.toFixed(2)} s = ${(bisectSecs / replaySecs).toFixed(2)} × one full replay (${replaySecs.toFixed(2)} s, ${full.status}; target ≤ 2); ` +
      `found icount ${d?.icount.toLocaleString('en')} (${d?.text}); replay ${r.seconds.replay.toFixed(2)} s, positioning ${r.seconds.position.toFixed(2)} s, narrowing + lockstep ${r.seconds.lockstep.toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
