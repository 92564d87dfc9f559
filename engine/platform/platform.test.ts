// Hypercalls and RTAS as a guest sees them. Expected values come from PAPR (return codes,
// register conventions) and from the inputs given, never from the code under test.
import { describe, expect, test } from 'vitest';
import { boot, image, type Insn } from '../testing.js';
import { FixedInputs } from '../inputs.js';
import { SPR_LPCR } from '../cpu/regs.js';

const li = (rt: number, v: number): Insn => ['li', { RT: rt, SI: v }];
/** Load a 32-bit unsigned constant (lis + ori). */
const li32 = (rt: number, v: number): Insn[] => [['lis', { RT: rt, SI: (v >>> 16) << 16 >> 16 }], ['ori', { RA: rt, RS: rt, UI: v & 0xffff }]];
const HCALL: Insn = ['sc', { LEV: 1 }];
const SPIN: Insn = ['b', { LI: 0 }];

describe('hypercalls', () => {
  test('H_PUT_TERM_CHAR writes r5 bytes of r6:r7 (big-endian packed) to the vty', () => {
    const { m, out } = boot(image({
      0x100: [li(3, 0x58), ...li32(4, 0x71000001), li(5, 3), ...li32(6, 0x4f4b0a00), ['sldi', { RA: 6, RS: 6, SH6: 32 }], HCALL, SPIN],
    }));
    m.run(10);
    expect(out()).toBe('OK\n');
    expect(m.cpu.gpr(3)).toBe(0n); // H_SUCCESS
  });
  test('H_PUT_TERM_CHAR rejects a wrong unit address and a length over 16 (H_PARAMETER = -4)', () => {
    const { m, out } = boot(image({
      0x100: [li(3, 0x58), li(4, 7), li(5, 1), HCALL, ['mr', { RA: 20, RS: 3 }],
        li(3, 0x58), ...li32(4, 0x71000001), li(5, 17), HCALL, SPIN],
    }));
    m.run(14);
    expect(out()).toBe('');
    expect(m.cpu.gpr(20)).toBe(BigInt.asUintN(64, -4n));
    expect(m.cpu.gpr(3)).toBe(BigInt.asUintN(64, -4n));
  });
  test('H_GET_TERM_CHAR returns console bytes from the inputs door, 16 at most per call', () => {
    const input = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRS');
    const prog = image({ 0x100: [li(3, 0x54), ...li32(4, 0x71000001), HCALL, ['mr', { RA: 20, RS: 4 }], ['mr', { RA: 21, RS: 5 }], ['mr', { RA: 22, RS: 6 }],
      li(3, 0x54), ...li32(4, 0x71000001), HCALL, SPIN] });
    const { m } = boot(prog, {}, new FixedInputs(1n, 0, input));
    m.run(13);
    expect(m.cpu.gpr(20)).toBe(16n);
    expect(m.cpu.gpr(21)).toBe(0x4142434445464748n); // "ABCDEFGH"
    expect(m.cpu.gpr(22)).toBe(0x494a4b4c4d4e4f50n); // "IJKLMNOP"
    expect(m.cpu.gpr(4)).toBe(3n); // the rest: "QRS"
    expect(m.cpu.gpr(5)).toBe(0x5152530000000000n);
  });
  test('H_RANDOM returns the inputs door\'s entropy', () => {
    const prog = image({ 0x100: [li(3, 0x300), HCALL, ['mr', { RA: 20, RS: 4 }], li(3, 0x300), HCALL, SPIN] });
    const { m } = boot(prog, {}, new FixedInputs(42n));
    m.run(6);
    const ref = new FixedInputs(42n);
    ref.rngSeed(0, 32); // the machine draws the FDT rng-seed first
    expect(m.cpu.gpr(20)).toBe(ref.random64());
    expect(m.cpu.gpr(4)).toBe(ref.random64());
    expect(m.cpu.gpr(3)).toBe(0n);
  });
  test('H_SET_MODE(LE) sets LPCR[ILE]: interrupts are then taken little-endian', () => {
    // mflags=1 (little), resource=4 (LE, as QEMU 7.2 numbers it); then sc → 0xc00 entered
    // with MSR[LE]=1.
    const { m } = boot(image({ 0x100: [li(3, 0), ['ori', { RA: 3, RS: 3, UI: 0x31c }], li(4, 1), li(5, 4), li(6, 0), li(7, 0), HCALL, ['sc', {}], SPIN], 0xc00: [SPIN] }));
    m.run(8);
    expect(m.cpu.gpr(3)).toBe(0n);
    expect(m.cpu.spr(SPR_LPCR) & 0x02000000n).toBe(0x02000000n);
    expect(m.cpu.pc).toBe(0xc00n);
    expect(m.cpu.msr & 1n).toBe(1n);
  });
  test('H_SET_MODE with an unknown resource returns H_P2 (-55)', () => {
    const { m } = boot(image({ 0x100: [li(3, 0x31c), li(4, 0), li(5, 99), HCALL, SPIN] }));
    m.run(4);
    expect(m.cpu.gpr(3)).toBe(BigInt.asUintN(64, -55n));
  });
  test('unknown hypercalls return H_FUNCTION (-2) and are counted', () => {
    const { m } = boot(image({ 0x100: [li(3, 0x1234), HCALL, li(3, 0x1234), HCALL, SPIN] }));
    m.run(4);
    expect(m.cpu.gpr(3)).toBe(BigInt.asUintN(64, -2n));
    expect(m.unknownServices().hcalls.get(0x1234)).toBe(2);
  });
  test('a hypercall from problem state gets H_PRIVILEGE (-3) and reaches no handler (PAPR)', () => {
    const { m } = boot(image({ 0x100: [SPIN] }));
    m.cpu.setMsr(0x4000n); // PR (the fetch would fault with IR forced on, so call directly)
    m.cpu.setGpr(3, 0x1234n);
    m.cpu.systemCall(1);
    expect(m.cpu.gpr(3)).toBe(BigInt.asUintN(64, -3n));
    expect(m.unknownServices().hcalls.size).toBe(0);
  });
  test('H_CEDE enables EE and idles until the decrementer: time jumps, instructions do not', () => {
    const { m } = boot(image({ 0x100: [li(3, 0), ['ori', { RA: 3, RS: 3, UI: 30000 }], ['mtspr', { SPR: 22, RS: 3 }], li(3, 0xe0), HCALL, SPIN], 0x900: [SPIN] }));
    m.run(5);
    expect(m.icount).toBe(5);
    expect(m.cpu.msr & 0x8000n).toBe(0x8000n);
    // DEC = 30000 written at vtime 3 goes negative at vtime 30004; the idle jumped there.
    expect(m.cpu.tb.vtime()).toBe(30004);
    m.run(1); // the decrementer is taken first, then the handler's first instruction runs
    expect(m.icount).toBe(6);
    expect(m.cpu.pc).toBe(0x900n);
    expect(m.cpu.spr(26)).toBe(0x114n); // SRR0: the instruction after the sc
  });
});

describe('RTAS through hcall 0xf000', () => {
  // Argument buffer at 0x3000: token, nargs, nret, args..., rets...
  const rtasCall = (token: number, nargs: number, nret: number, args: number[] = []) => {
    const bios = image({ 0x100: [...li32(4, 0x3000), li(3, 0), ['ori', { RA: 3, RS: 3, UI: 0xf000 }], HCALL, SPIN] }, 0x4000);
    const dv = new DataView(bios.buffer);
    [token, nargs, nret, ...args].forEach((v, i) => dv.setUint32(0x3000 + 4 * i, v));
    return bios;
  };
  const rets = (m: ReturnType<typeof boot>['m'], nargs: number, n: number) =>
    Array.from({ length: n }, (_, i) => m.ram.dv.getInt32(0x3000 + 12 + 4 * nargs + 4 * i));

  test('power-off (token 0x2003, 2 args, 1 ret) halts the machine with status 0', () => {
    const { m } = boot(rtasCall(0x2003, 2, 1, [0, 0]));
    expect(m.run(100)).toEqual({ stop: 'power-off', icount: 5 });
    expect(rets(m, 2, 1)).toEqual([0]);
  });
  test('system-reboot (0x2004) stops the run with reason reboot', () => {
    const { m } = boot(rtasCall(0x2004, 0, 1));
    expect(m.run(100).stop).toBe('reboot');
  });
  test('display-character (0x2000) prints one byte', () => {
    const { m, out } = boot(rtasCall(0x2000, 1, 1, [0x5a]));
    m.run(5);
    expect(out()).toBe('Z');
  });
  test('get-time-of-day (0x2001) reads the inputs door\'s clock as UTC', () => {
    // 2024-02-29 23:59:58.250 UTC = 1709251198250 ms (leap day).
    const { m } = boot(rtasCall(0x2001, 0, 8), {}, new FixedInputs(1n, 1_709_251_198_250));
    m.run(5);
    expect(rets(m, 0, 8)).toEqual([0, 2024, 2, 29, 23, 59, 58, 250_000_000]);
  });
  test('wrong argument counts give RTAS parameter error (-3); unknown tokens too, and are counted', () => {
    const a = boot(rtasCall(0x2003, 1, 1, [0]));
    a.m.run(5);
    expect(rets(a.m, 1, 1)).toEqual([-3]);
    expect(a.m.halted).toBeNull();
    const b = boot(rtasCall(0x2fff, 0, 1));
    b.m.run(5);
    expect(rets(b.m, 0, 1)).toEqual([-3]);
    expect(b.m.unknownServices().rtas.get(0x2fff)).toBe(1);
  });
});
