import { describe, expect, test } from 'vitest';
import { boot, image, type Insn } from './testing.js';
import { fdtAddress, buildPseriesFdt } from './platform/fdt/pseries.js';
import { SPR_LPCR, SPR_SRR0, SPR_SRR1 } from './cpu/regs.js';
import { ConfigError, Machine } from './machine.js';
import { FixedInputs } from './inputs.js';

const SPIN: Insn[] = [['b', { LI: 0 }]];

describe('machine: QEMU 7.2 -bios boot state (engine/platform/boot-facts.md)', () => {
  test('entry 0x100, r3 = FDT address, MSR 0, POWER8 LPCR and PVR, other GPRs 0', () => {
    const { m } = boot(image({ 0x100: SPIN }));
    const s = m.state();
    expect(s.pc).toBe(0x100n);
    expect(s.msr).toBe(0n);
    expect(s.gpr[3]).toBe(0x1fe00000n); // min(RMA, 2 GiB) - 2 MiB for 512 MiB, measured on QEMU
    expect(s.gpr.filter((_, i) => i !== 3).every((g) => g === 0n)).toBe(true);
    expect(s.spr(SPR_LPCR)).toBe(0x1f008n);
    expect(s.spr(287)).toBe(0x004d0200n);
  });
  test('the device tree sits at r3 in RAM', () => {
    const { m } = boot(image({ 0x100: SPIN }), { ramBytes: 1 << 30 });
    const at = fdtAddress(1 << 30);
    expect(at).toBe(0x3fe00000);
    expect(m.ram.dv.getUint32(at)).toBe(0xd00dfeed);
    expect(Buffer.from(m.ram.read(at, m.fdt.length)).equals(Buffer.from(m.fdt))).toBe(true);
    expect(m.fdt.length).toBe(buildPseriesFdt({ ramBytes: 1 << 30, cpuModel: 'POWER8', vty: true, rng: true, rngSeed: new Uint8Array(32) }).length);
  });
  test('RAM sizes QEMU refuses are refused', () => {
    const bios = image({ 0x100: SPIN });
    expect(() => new Machine({ bios, ramBytes: 128 << 20 }, new FixedInputs(), () => {})).toThrow(ConfigError);
    expect(() => new Machine({ bios, ramBytes: 300 << 20 }, new FixedInputs(), () => {})).toThrow(/multiple of 256M/);
  });
});

describe('machine: exact instruction counts', () => {
  test('runTo stops at exactly the requested icount', () => {
    const { m } = boot(image({ 0x100: SPIN }));
    expect(m.runTo(12_345)).toEqual({ stop: 'limit', icount: 12_345 });
    m.step();
    expect(m.icount).toBe(12_346);
    expect(m.run(1)).toEqual({ stop: 'limit', icount: 12_347 });
  });
});

describe('machine: state hash', () => {
  const storeLoop: Insn[] = [
    ['li', { RT: 4, SI: 0x2000 }], ['li', { RT: 5, SI: 0x55 }], ['stw', { RS: 5, RA: 4, D: 0 }],
    ['li', { RT: 5, SI: 0 }], ['stw', { RS: 5, RA: 4, D: 0 }], ['b', { LI: 0 }],
  ];
  test('identical runs hash identically; a store changes the hash; contents alone decide it', () => {
    const a = boot(image({ 0x100: storeLoop })).m, b = boot(image({ 0x100: storeLoop })).m;
    const h0 = a.hash();
    expect(b.hash()).toBe(h0);
    a.runTo(3); b.runTo(3);
    const h3 = a.hash();
    expect(b.hash()).toBe(h3);
    expect(h3).not.toBe(h0);
    // Store 0 back over the 0x55: RAM equals the fresh machine's again, registers do not.
    a.runTo(5);
    const c = boot(image({ 0x100: storeLoop })).m;
    c.runTo(5);
    expect(c.hash()).toBe(a.hash());
  });
  test('the hash covers registers', () => {
    const a = boot(image({ 0x100: SPIN })).m, b = boot(image({ 0x100: SPIN })).m;
    b.cpu.setGpr(7, 1n);
    expect(a.hash()).not.toBe(b.hash());
  });
});

describe('machine: the decrementer lands at an exact instruction count', () => {
  // 1: li r3,1000  2: mtdec r3 (DEC = 1000 at vtime 2)  3-5: set MSR[EE]  6..: addi/b loop.
  // DEC(t) = 1000 - (t - 2) first goes negative at t = 1003, so the interrupt is taken after
  // instruction 1003 (an odd one: the loop's branch), with 499 addi done (6, 8, …, 1002).
  const prog = image({
    0x100: [
      ['li', { RT: 3, SI: 1000 }], ['mtspr', { SPR: 22, RS: 3 }],
      ['li', { RT: 7, SI: 0 }], ['ori', { RA: 7, RS: 7, UI: 0x8000 }], ['mtmsrd', { RS: 7, L15: 1 }],
      ['addi', { RT: 4, RA: 4, SI: 1 }], ['b', { LI: -4 }],
    ],
    0x900: [['addi', { RT: 9, RA: 9, SI: 1 }], ['b', { LI: 0 }]],
  });
  const finalState = (slices: number[]) => {
    const { m } = boot(prog);
    for (const s of slices) m.run(s);
    return m;
  };

  test('interrupt point and handler entry follow from the ISA timing', () => {
    const m = finalState([2000]);
    expect(m.cpu.gpr(4)).toBe(499n);
    expect(m.cpu.spr(SPR_SRR0)).toBe(0x114n); // the addi at the loop head
    expect(m.cpu.spr(SPR_SRR1) & 0x8000n).toBe(0x8000n); // EE was on
    expect(m.cpu.gpr(9)).toBe(1n);
  });

  test('any slicing of the run gives the same machine (rule 3)', () => {
    const whole = finalState([2000]).hash();
    expect(finalState(new Array(2000).fill(1)).hash()).toBe(whole);
    expect(finalState(new Array(285).fill(7).concat([5])).hash()).toBe(whole);
    expect(finalState([1002, 1, 997]).hash()).toBe(whole);
  });

  test('single-stepping takes the interrupt as its own step', () => {
    const { m } = boot(prog);
    m.runTo(1003);
    const before = m.cpu.pc;
    m.step(); // the pending decrementer is entered, no instruction runs
    expect(m.icount).toBe(1003);
    expect(m.cpu.pc).toBe(0x900n);
    expect(before).toBe(0x114n);
  });
});
