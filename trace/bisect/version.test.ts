// Version bisect names the first instruction where two engine builds part on a recorded run.
// Build B is a copy of the built engine (dist/engine) with one instruction's semantics
// changed; the expected icount is found independently, by stepping the real engine.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FixedInputs, Machine, disasm } from '../../engine/index.js';
import { guestImage } from '../../corpus/bare/guests.js';
import { record } from '../recorder.js';
import { TraceReader } from '../reader.js';
import { configFromHeader } from '../machine-config.js';
import { loadBuild } from './builds.js';
import { versionBisect } from './version.js';

const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
if (!existsSync(join(DIST, 'engine/index.js'))) throw new Error(`${DIST}/engine is missing: run npm run build (npm test does) first`);

/** A copy of the built engine with `from` replaced by `to` in one compiled file. */
function patched(file: string, from: RegExp, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-build-'));
  cpSync(join(DIST, 'engine'), join(dir, 'engine'), { recursive: true });
  const f = join(dir, 'engine', file);
  const src = readFileSync(f, 'utf8');
  const out = src.replace(from, to);
  if (out === src) throw new Error(`patch of ${file} did not apply`);
  writeFileSync(f, out);
  return dir;
}

/** The icount of the first instruction whose disassembly starts with `mnemonic`, stepping
 *  the real engine from `from` (run there first). */
function firstExecution(guest: string, mnemonic: string, from = 0): number {
  const m = new Machine({ bios: new Uint8Array(readFileSync(guestImage(guest))) }, new FixedInputs(), () => {});
  m.runTo(from);
  while (m.halted === null) {
    const w = m.instructionAt(m.cpu.pc);
    if (w !== undefined && disasm(w, m.cpu.pc).split(/\s/)[0] === mnemonic) return m.icount + 1;
    m.step();
  }
  throw new Error(`${mnemonic} never runs in ${guest}`);
}

// andis. with one result bit flipped; mfspr of DAR (SPR 19) with bit 63 flipped.
const ANDIS = /(const andisDot = \(c, w\) => \{\n\s+const u32 = c\.u32, a = ra\(w\);\n\s+u32\[a \* 2\] = u32\[rt\(w\) \* 2\] & \(w << 16\))/;
const ANDIS_WRONG = '$1 ^ 0x10000';
const MFDAR = /default:\n(\s+)c\.u64\[dst\] = c\.u64\[SPR \+ \(def\.alias \?\? n\)\];/;
const MFDAR_WRONG = 'default:\n$1c.u64[dst] = c.u64[SPR + (def.alias ?? n)] ^ (n === 19 ? 1n : 0n);';

async function recordGuest(guest: string): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'pseries-rr-bisect-')), `${guest}.trace`);
  await record({
    config: { bios: new Uint8Array(readFileSync(guestImage(guest))) }, paths: { bios: guestImage(guest) }, out,
    inputs: new FixedInputs(), console: () => {}, checkpointInterval: 250_000, snapshotInterval: 1_000_000,
  });
  return out;
}

describe('version bisect', () => {
  test('a build whose andis. is wrong parts after 3 million instructions: bisect names that andis.', async () => {
    const trace = await recordGuest('exceptions');
    const reader = await TraceReader.open(trace);
    const a = await loadBuild(DIST);
    const b = await loadBuild(patched('isa/semantics/fixedpoint/logical.js', ANDIS, ANDIS_WRONG));
    const expected = firstExecution('exceptions', 'andis.', 3_000_000);
    expect(expected).toBeGreaterThan(3_000_000);
    const r = await versionBisect(reader, configFromHeader(reader.header), a, b);
    expect(r.status).toBe('found');
    const d = r.diff!.divergence!;
    expect(d.icount).toBe(expected);
    expect(d.text).toMatch(/^andis\./);
    expect(r.positioned).toBe('snapshot');
    // Cost: one replay plus at most one checkpoint interval of lockstep.
    expect(r.interval![1] - r.interval![0]).toBeLessThanOrEqual(250_000);
  }, 120_000);

  test('a divergence inside an interrupt handler (a build whose mfdar is wrong)', async () => {
    const trace = await recordGuest('exceptions');
    const reader = await TraceReader.open(trace);
    const b = await loadBuild(patched('cpu/spr.js', MFDAR, MFDAR_WRONG));
    const r = await versionBisect(reader, configFromHeader(reader.header), await loadBuild(DIST), b);
    const d = r.diff!.divergence!;
    expect(d.icount).toBe(firstExecution('exceptions', 'mfdar'));
    expect(d.text).toMatch(/^mfdar/);
    expect(d.registers.map((g) => g.name)).toContain('r27'); // the handlers keep DAR in r27
  }, 120_000);

  test('the same build bisects to no divergence; a build A that does not replay the trace itself is refused', async () => {
    const hello = await TraceReader.open(await recordGuest('hello'));
    const real = await loadBuild(DIST);
    expect((await versionBisect(hello, configFromHeader(hello.header), real, real)).status).toBe('same');
    // A parts from the recording early (mfdar), B late (andis.): at the last checkpoint B
    // agrees with, A already does not.
    const trace = await TraceReader.open(await recordGuest('exceptions'));
    const a = await loadBuild(patched('cpu/spr.js', MFDAR, MFDAR_WRONG));
    const b = await loadBuild(patched('isa/semantics/fixedpoint/logical.js', ANDIS, ANDIS_WRONG));
    await expect(versionBisect(trace, configFromHeader(trace.header), a, b)).rejects.toThrow(/engine A .* does not replay this trace itself/);
  }, 120_000);
});
