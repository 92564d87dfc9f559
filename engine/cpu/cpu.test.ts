// CPU behaviour outside the instruction families: machine checks, checkstop, the decoded-code
// cache under self-modifying code, little-endian fetch, 32-bit address wrap. Expected values
// from Book III-S (interrupt registers) and hand reasoning.
import { describe, expect, test } from 'vitest';
import { boot, image, type Insn } from '../testing.js';
import { encode } from '../isa/encode.js';
import { SPR_DAR, SPR_DSISR, SPR_SRR0, SPR_SRR1 } from './regs.js';

const SPIN: Insn = ['b', { LI: 0 }];
const ld40 = (store: boolean): Insn[] => [
  ['lis', { RT: 4, SI: 0x4000 }], // 0x40000000: beyond 512 MiB of RAM
  store ? ['stw', { RS: 5, RA: 4, D: 8 }] : ['lwz', { RT: 5, RA: 4, D: 8 }],
  SPIN,
];

describe('access outside RAM', () => {
  test('a load takes a machine check: SRR0 = the load, SRR1 bit 42, DAR = EA, DSISR bit 57, ME cleared', () => {
    const { m } = boot(image({ 0x100: ld40(false), 0x200: [SPIN] }));
    m.cpu.setMsr(0x1000n); // ME
    m.run(3);
    expect(m.cpu.pc).toBe(0x200n);
    expect(m.cpu.spr(SPR_SRR0)).toBe(0x104n);
    expect(m.cpu.spr(SPR_SRR1)).toBe(0x1000n | 0x200000n);
    expect(m.cpu.spr(SPR_DAR)).toBe(0x40000008n);
    expect(m.cpu.spr(SPR_DSISR)).toBe(0x40n);
    expect(m.cpu.msr & 0x1000n).toBe(0n);
    expect(m.cpu.msr >> 63n).toBe(1n); // interrupts run in 64-bit mode
  });
  test('a store reports bits 36, 42, 43, 45', () => {
    const { m } = boot(image({ 0x100: ld40(true), 0x200: [SPIN] }));
    m.cpu.setMsr(0x1000n);
    m.run(3);
    expect(m.cpu.spr(SPR_SRR1)).toBe(0x1000n | 0x08340000n);
  });
  test('with MSR[ME] = 0 the machine checkstops', () => {
    const { m } = boot(image({ 0x100: ld40(false) }));
    expect(m.run(10)).toEqual({ stop: 'checkstop', icount: 2 });
  });
  test('unassigned: ignore reads 0 and drops stores, as QEMU 7.2 does', () => {
    const { m } = boot(image({ 0x100: [['li', { RT: 5, SI: 77 }], ...ld40(true).slice(0, 2), ['lwz', { RT: 6, RA: 4, D: 8 }], SPIN] }), { unassigned: 'ignore' });
    m.cpu.setGpr(6, 99n);
    m.run(5);
    expect(m.cpu.gpr(6)).toBe(0n);
    expect(m.halted).toBeNull();
  });
  test('fetching outside RAM is a machine check (SRR1 bits 36, 44, 45)', () => {
    const { m } = boot(image({ 0x100: [['lis', { RT: 4, SI: 0x4000 }], ['mtspr', { SPR: 9, RS: 4 }], ['bcctr', { BO: 20, BI: 0, BH: 0 }]], 0x200: [SPIN] }));
    m.cpu.setMsr(0x1000n);
    m.run(4);
    expect(m.cpu.pc).toBe(0x200n);
    expect(m.cpu.spr(SPR_SRR0)).toBe(0x40000000n);
    expect(m.cpu.spr(SPR_SRR1)).toBe(0x1000n | 0x080c0000n);
  });
});

describe('decoded-code cache', () => {
  test('a store over an instruction already executed takes effect when it runs again', () => {
    // loop: addi r7,r7,1 ; stw r6,0(r5) [overwrites the addi with addi r7,r7,100] ; b loop
    const { m } = boot(image({ 0x100: [['addi', { RT: 7, RA: 7, SI: 1 }], ['stw', { RS: 6, RA: 5, D: 0 }], ['b', { LI: -8 }]] }));
    m.cpu.setGpr(5, 0x100n);
    m.cpu.setGpr(6, BigInt(encode('addi', { RT: 7, RA: 7, SI: 100 })));
    m.run(4); // addi(+1), stw, b, addi(+100)
    expect(m.cpu.gpr(7)).toBe(101n);
  });
  test('little-endian mode fetches byte-reversed words', () => {
    // At 0x100 (BE): rfid to 0x200 with MSR[LE]=1; at 0x200 an LE-encoded li r3,7.
    const bios = image({ 0x100: [['li', { RT: 4, SI: 0x200 }], ['mtspr', { SPR: 26, RS: 4 }], ['li', { RT: 4, SI: 1 }], ['mtspr', { SPR: 27, RS: 4 }], ['rfid', {}]] });
    new DataView(bios.buffer).setUint32(0x200, encode('li', { RT: 3, SI: 7 }), true);
    new DataView(bios.buffer).setUint32(0x204, encode('b', { LI: 0 }), true);
    const { m } = boot(bios);
    m.run(6);
    expect(m.cpu.gpr(3)).toBe(7n);
    expect(m.cpu.pc).toBe(0x204n);
  });
});

describe('32-bit mode', () => {
  test('the next instruction address wraps at 2^32 (Book I §2.3.1) after a branch to 0xfffffffc', () => {
    // With 4 GiB of address space and 512 MiB of RAM, 0xfffffffc is outside RAM: the fetch
    // machine-checks, and SRR0 shows the 32-bit address.
    const { m } = boot(image({ 0x100: [['li', { RT: 4, SI: -4 }], ['mtspr', { SPR: 9, RS: 4 }], ['bcctr', { BO: 20, BI: 0, BH: 0 }]], 0x200: [SPIN] }));
    m.cpu.setMsr(0x1000n); // 32-bit mode, ME
    m.run(4);
    expect(m.cpu.spr(SPR_SRR0)).toBe(0xfffffffcn);
  });
});

describe('asynchronous interrupts', () => {
  // 0x100: li r3,5 ; mtdec r3 (DEC negative after 6 ticks) ; b . — EE is off at first.
  const prog = image({ 0x100: [['li', { RT: 3, SI: 5 }], ['mtspr', { SPR: 22, RS: 3 }], SPIN], 0x500: [SPIN], 0x900: [SPIN] });
  test('an external interrupt waits for MSR[EE], then wins over a pending decrementer (Book III-S §6.8)', () => {
    const { m } = boot(prog);
    m.run(20); // DEC has expired, EE = 0: nothing taken
    expect(m.cpu.pc).toBe(0x108n);
    m.cpu.externalPending = true;
    m.run(1);
    expect(m.cpu.pc).toBe(0x108n);
    m.cpu.setMsr(0x8000000000008000n); // SF | EE
    m.step();
    expect(m.cpu.pc).toBe(0x500n);
    expect(m.cpu.spr(SPR_SRR0)).toBe(0x108n); // the instruction that had not run yet
    expect(m.cpu.spr(SPR_SRR1) & 0x8000n).toBe(0x8000n);
    expect(m.cpu.msr & 0x8000n).toBe(0n); // EE off in the handler
  });
  test('without an external interrupt the expired decrementer is taken at 0x900', () => {
    const { m } = boot(prog);
    m.run(20);
    m.cpu.setMsr(0x8000000000008000n);
    m.step();
    expect(m.cpu.pc).toBe(0x900n);
  });
});

describe('time registers', () => {
  test('mfspr of DEC zero-extends the 32-bit value, even when DEC is negative (Book I §3.3.17)', () => {
    // li r3,2 ; mtdec r3 ; nop ×4 ; mfdec r4 → DEC = 2 - 5 ticks = -3 → RT = 0x00000000fffffffd
    const { m } = boot(image({ 0x100: [['li', { RT: 3, SI: 2 }], ['mtspr', { SPR: 22, RS: 3 }], ['nop'], ['nop'], ['nop'], ['nop'], ['mfspr', { RT: 4, SPR: 22 }], SPIN] }));
    m.run(7);
    expect(m.cpu.gpr(4)).toBe(0xfffffffdn);
  });
});
