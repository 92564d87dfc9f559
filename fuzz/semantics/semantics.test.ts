// Semantic fuzzing in the test budget: fixed seeds, both byte orders, POWER8 and POWER9,
// against qemu-user; and the machinery itself (runner, comparison, shrinking, regression files)
// checked on hand-computed cases and on a deliberately broken engine.
import { describe, expect, it } from 'vitest';
import { encode, SEMANTICS } from '../../engine/isa/index.js';
import type { Sem } from '../../engine/cpu/dispatch.js';
import { W_CA } from '../../engine/cpu/regs.js';
import { harnessAvailable } from '../../oracle/qemu-user/harness.js';
import { CODE_ADDR, WINDOW_ADDR } from '../../oracle/qemu-user/layout.js';
import { SIGSEGV, SIGTRAP, type UserResult } from '../../oracle/qemu-user/protocol.js';
import { EngineRunner } from './engine-run.js';
import { FUZZ_FORMS } from './forms.js';
import { runSemantics } from './property.js';
import { checkRegression, emptyCase, formatRegression, parseRegression } from './regression.js';

const qemu = harnessAvailable();
if (!qemu && !process.env.CI) console.warn('\n*** qemu-user or the ppc64 cross gcc missing: semantic fuzzing against QEMU skipped (apt-get install qemu-user gcc-powerpc64-linux-gnu gcc-powerpc64le-linux-gnu) ***\n');
const withQemu = qemu || process.env.CI ? it : it.skip;

const w = (name: string, ops: Record<string, number>, rc = false) => encode(name, ops, rc ? { rc } : undefined);

describe('engine runner (problem state, harness layout)', () => {
  const r = new EngineRunner();
  it('runs to the end trap and reports the registers', () => {
    const c = emptyCase();
    c.gpr[4] = 0x7fffffffffffffffn;
    c.gpr[5] = 1n;
    c.code = [w('add', { RT: 3, RA: 4, RB: 5 }, true)];
    const o = r.run(c, false);
    expect(o.signal).toBe(0);
    expect(o.nip).toBe(BigInt(CODE_ADDR + 4));
    expect(o.gpr[3]).toBe(0x8000000000000000n);
    expect(o.cr >>> 28).toBe(0b1000); // negative as a signed doubleword, SO clear (Book I §3.3.8)
  });
  it('loads from the window in either byte order', () => {
    const c = emptyCase();
    c.window.set([0x11, 0x22, 0x33, 0x44], 16);
    c.gpr[14] = BigInt(WINDOW_ADDR);
    c.code = [w('lwz', { RT: 3, D: 16, RA: 14 })];
    expect(r.run(c, false).gpr[3]).toBe(0x11223344n);
    expect(r.run(c, true).gpr[3]).toBe(0x44332211n);
  });
  it('a trap before the end is SIGTRAP there; a jump out of the code area is SIGSEGV at the target', () => {
    const c = emptyCase();
    c.code = [w('tw', { TO: 4, RA: 0, RB: 0 }), 0x60000000];
    const t = r.run(c, false);
    expect([t.signal, t.nip]).toEqual([SIGTRAP, BigInt(CODE_ADDR)]);
    c.code = [w('b', { LI: 0x20000 })]; // to CODE_ADDR + 128 KiB: past the code area
    const s = r.run(c, false);
    expect([s.signal, s.nip]).toEqual([SIGSEGV, BigInt(CODE_ADDR + 0x20000)]);
  });
});

describe('regression files', () => {
  it('format and parse round-trip a case and its expectations', () => {
    const c = emptyCase();
    c.gpr[7] = 0xdeadbeefn;
    c.xer = 0x20000000n;
    c.window[100] = 9;
    c.code = [w('addze', { RT: 3, RA: 7 })];
    const q: UserResult = { ...structuredClone(c), signal: 0, siCode: 0, nip: BigInt(CODE_ADDR + 4), siAddr: 0n, msr: 0n };
    q.gpr[3] = 0xdeadbef0n;
    const text = formatRegression({ model: 'POWER8', userCase: c, expect: { be: q } }, ['test']);
    expect(text).toContain('addze   r3,r7');
    const back = parseRegression(text);
    expect(back.userCase.gpr[7]).toBe(0xdeadbeefn);
    expect(back.userCase.window[100]).toBe(9);
    expect(back.expect.be!.gpr[3]).toBe(0xdeadbef0n);
    expect(back.expect.le).toBeUndefined();
  });
  it('a hand-computed expectation passes on the engine; a wrong one is reported', () => {
    // addze r3,r7 with r7 = 0xdeadbeef and XER[CA] = 1: r3 = 0xdeadbef0, CA = 0 (Book I §3.3.9).
    const text = [
      '# cpu POWER8', '# state r7 0xdeadbeef', '# state xer 0x20000000',
      '\t.long 0x7c670194\t# addze r3,r7',
      '# expect be signal 0 si_code 0 nip 0x1ffe0004 siaddr 0x0', '# expect be r3 0xdeadbef0', '# expect be xer 0x0',
    ].join('\n');
    expect(checkRegression(text, 'hand.s', false)).toEqual([]);
    const wrong = text.replace('r3 0xdeadbef0', 'r3 0xdeadbeef');
    expect(checkRegression(wrong, 'hand.s', false).join('\n')).toMatch(/r3: engine 0xdeadbef0 qemu 0xdeadbeef/);
  });
});

describe('semantic fuzzing against qemu-user 7.2', () => {
  withQemu('POWER8: sequences of up to 8 instructions agree in both byte orders, every drawn form executed', async () => {
    const r = await runSemantics(20261206, 4000, { batch: 1000, maxInsns: 8, endians: ['be', 'le'], model: 'POWER8' });
    expect(r.failure?.summary ?? null).toBeNull();
    expect(r.compared).toBe(8000);
    const missing = FUZZ_FORMS.map((f) => f.row.name).filter((n) => !r.formsHit.has(n));
    expect(missing).toEqual([]);
    // The allow-listed QEMU deviations are exercised, not dead entries.
    expect(Object.keys(r.deviations).sort()).toEqual(expect.arrayContaining(['dcbf-l3', 'qemu-user-alignment-abort']));
    console.log(`semantics POWER8: ${r.compared} case runs, ${r.formsHit.size} forms, deviations ${JSON.stringify(r.deviations)}`);
  }, 120_000);

  withQemu('POWER9 (CA32/OV32, ISA 3.0): single instructions agree in both byte orders', async () => {
    const r = await runSemantics(77, 2000, { batch: 1000, maxInsns: 1, endians: ['be', 'le'], model: 'POWER9' });
    expect(r.failure?.summary ?? null).toBeNull();
    expect(r.compared).toBe(4000);
  }, 120_000);

  withQemu('a broken adde is found, shrunk to one instruction, and written as a regression that fails on it', async () => {
    const real = SEMANTICS.adde;
    const table = SEMANTICS as Record<string, Sem>;
    // adde that ignores XER[CA]: wrong whenever CA = 1.
    table.adde = (c, word) => { c.u32[W_CA] = 0; real(c, word); };
    let broken: EngineRunner;
    try { broken = new EngineRunner(); } finally { table.adde = real; }
    const r = await runSemantics(5, 2000, { batch: 500, maxInsns: 6, endians: ['be', 'le'], model: 'POWER8', engine: broken });
    expect(r.failure).not.toBeNull();
    const f = r.failure!;
    expect(f.summary).toMatch(/adde/);
    const insns = f.regression.text.split('\n').filter((l) => l.startsWith('\t.long'));
    expect(insns.length).toBe(1);
    expect(insns[0]).toMatch(/adde/);
    expect(f.path).toMatch(/^\d+(:\d+)*$/);
    // The regression fails on the broken engine and passes on the real one.
    expect(checkRegression(f.regression.text, f.regression.file, false, broken).length).toBeGreaterThan(0);
    expect(checkRegression(f.regression.text, f.regression.file, true)).toEqual([]);
  }, 180_000);
});
