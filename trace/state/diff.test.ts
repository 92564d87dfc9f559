// diff names the first instruction whose state differs. Side B here is a second engine build
// loaded beside the first — a copy of dist/engine whose adde ignores XER[CA] — as bisect will
// load two builds.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FixedInputs, Machine, disasm } from '../../engine/index.js';
import { guestImage } from '../../corpus/bare/guests.js';
import { engineStateSource } from './engine.js';
import { diffStates } from './diff.js';

const DIST_ENGINE = fileURLToPath(new URL('../../dist/engine', import.meta.url));
if (!existsSync(DIST_ENGINE)) throw new Error(`${DIST_ENGINE} is missing: run npm run build (npm test does) first`);

const bios = (g: string) => new Uint8Array(readFileSync(guestImage(g)));
const machine = (M: typeof Machine, g: string) => new M({ bios: bios(g) }, new FixedInputs(), () => {});

async function patchedEngine(): Promise<typeof Machine> {
  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-patched-'));
  cpSync(DIST_ENGINE, join(dir, 'engine'), { recursive: true });
  const f = join(dir, 'engine/isa/semantics/fixedpoint/arith.js');
  const src = readFileSync(f, 'utf8');
  const bad = src.replace(/(const adde = \(c, w\) => \{[\s\S]*?addx\(c, rt\(w\), u32\[a \+ 1\], u32\[a\], u32\[b \+ 1\], u32\[b\], )u32\[W_CA\]/, '$10');
  if (bad === src) throw new Error('could not patch adde in the built engine');
  writeFileSync(f, bad);
  return (await import(pathToFileURL(join(dir, 'engine/index.js')).href)).Machine as typeof Machine;
}

describe('diff', () => {
  test('identical engines agree on every instruction of a guest', async () => {
    const r = await diffStates(engineStateSource(machine(Machine, 'arith')), engineStateSource(machine(Machine, 'arith')));
    expect(r.divergence).toBeUndefined();
    expect(r.compared).toBeGreaterThan(100_000);
  });

  test('an engine whose adde ignores the carry is caught at the first adde with XER[CA] = 1', async () => {
    // Independent expectation: step the real engine to the first adde executed with CA = 1.
    const ref = machine(Machine, 'arith');
    const readXer = ref.registerReader(['xer']);
    const x = new BigUint64Array(1);
    let expected = -1, expectedRT = -1;
    while (ref.halted === null) {
      const w = ref.instructionAt(ref.cpu.pc)!;
      readXer(x);
      if (disasm(w, ref.cpu.pc).startsWith('adde') && (x[0] & 0x20000000n) !== 0n) {
        expected = ref.icount + 1;
        expectedRT = (w >>> 21) & 31;
        break;
      }
      ref.step();
    }
    expect(expected).toBeGreaterThan(0);

    const Patched = await patchedEngine();
    const r = await diffStates(engineStateSource(machine(Machine, 'arith')), engineStateSource(machine(Patched, 'arith'), {}, 'patched'));
    const d = r.divergence!;
    expect(d.kind).toBe('registers');
    expect(d.icount).toBe(expected);
    expect(d.text).toMatch(/^adde/);
    expect(d.registers.map((g) => g.name)).toContain(`r${expectedRT}`);
    const rt = d.registers.find((g) => g.name === `r${expectedRT}`)!;
    expect(rt.a - rt.b).toBe(1n); // the carry that was dropped
    expect(d.history).toHaveLength(20);
    expect(d.history[19].icount).toBe(expected - 1);
  });

  test('masking the registers that differ lets the walk go on', async () => {
    const Patched = await patchedEngine();
    const first = await diffStates(engineStateSource(machine(Machine, 'arith')), engineStateSource(machine(Patched, 'arith')));
    const names = first.divergence!.registers.map((g) => g.name);
    const masked = await diffStates(engineStateSource(machine(Machine, 'arith')), engineStateSource(machine(Patched, 'arith')), { mask: names, limit: first.divergence!.icount });
    expect(masked.divergence).toBeUndefined();
    await expect(diffStates(engineStateSource(machine(Machine, 'hello')), engineStateSource(machine(Machine, 'hello')), { mask: ['r99'] })).rejects.toThrow(/cannot mask 'r99'/);
  });

  test('one side ending first is a divergence', async () => {
    const r = await diffStates(engineStateSource(machine(Machine, 'hello')), engineStateSource(machine(Machine, 'hello'), { to: 1000 }));
    expect(r.divergence!.kind).toBe('length');
    expect(r.divergence!.ended).toBe('b');
    expect(r.divergence!.icount).toBe(1001);
  });
});
