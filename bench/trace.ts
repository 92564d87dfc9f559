// Record/replay cost against a plain run of the same guest, measured in the same process,
// and the size of a console-driven trace.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedInputs, ScriptedInputs, type MachineConfig } from '../engine/index.js';
import { guestImage, runGuest } from '../corpus/bare/guests.js';
import { record } from '../trace/recorder.js';
import { replay } from '../trace/replayer.js';
import { TraceReader } from '../trace/reader.js';
import { configFromHeader } from '../trace/machine-config.js';

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

export async function traceBench(repeats: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-bench-'));
  try {
    const config: MachineConfig = { bios: new Uint8Array(readFileSync(guestImage('bench'))) };
    const file = join(dir, 'bench.trace');
    let plain = Infinity, rec = Infinity, rep = Infinity, icount = 0, bytes = 0;
    for (let i = 0; i < repeats; i++) {
      plain = Math.min(plain, runGuest('bench').seconds);
      let t0 = process.hrtime.bigint();
      const r = await record({ config, paths: { bios: guestImage('bench') }, out: file, inputs: new FixedInputs(), console: () => {} });
      rec = Math.min(rec, seconds(t0));
      icount = r.icount;
      bytes = r.bytes;
      t0 = process.hrtime.bigint();
      const reader = await TraceReader.open(file);
      const p = await replay({ reader, config: configFromHeader(reader.header), console: () => {} });
      rep = Math.min(rep, seconds(t0));
      if (p.status !== 'matched') throw new Error(`bench replay did not match: ${JSON.stringify(p.divergence)}`);
    }
    console.log(`  record: ${rec.toFixed(3)} s = ${(rec / plain).toFixed(3)} × the plain run (${plain.toFixed(3)} s; target ≤ 1.10); trace ${bytes.toLocaleString('en')} bytes for ${icount.toLocaleString('en')} instructions`);
    console.log(`  replay: ${rep.toFixed(3)} s = ${(rep / plain).toFixed(3)} × the plain run (target ≤ 1.0)`);

    // Console-driven: the inputs guest with a byte arriving every 20,000 instructions.
    const text = 'the quick brown fox jumps over the lazy dog\n';
    const consoleScript = [...text].map((ch, i) => ({ at: 100_000 + 20_000 * i, bytes: new TextEncoder().encode(ch) }));
    const cfile = join(dir, 'console.trace');
    const c = await record({
      config: { bios: new Uint8Array(readFileSync(guestImage('inputs'))) }, paths: { bios: guestImage('inputs') }, out: cfile,
      inputs: new ScriptedInputs({ console: consoleScript, clockStepMillis: 1 }), console: () => {}, snapshotInterval: 0,
    });
    console.log(`  console-driven trace (inputs guest, ${text.length} keystrokes over ${c.icount.toLocaleString('en')} instructions, no snapshots): ${c.bytes.toLocaleString('en')} bytes = ${(c.bytes / (c.icount / 1e6)).toFixed(0)} bytes per million instructions`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
