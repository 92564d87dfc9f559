// Processor control (Book I §3.3.17, Book III-S §4.4): SPR/CR/MSR moves, rfid, hypervisor-only
// instructions in a guest.
import { describe, expect, it } from 'vitest';
import {
  CTR, LR, MSR, SPR, SPR_CFAR, SPR_SPRG0, SPR_XER, SRR0, SRR1, W_CA, W_CR, W_RESV_VALID, W_SO,
} from '../../cpu/regs.js';
import { PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED } from '../../cpu/vectors.js';
import { Cpu } from '../../cpu/cpu.js';
import { Ram } from '../../memory/ram.js';
import { cpuModel } from '../../cpu/model.js';
import { MSR_LE, MSR_ME, MSR_PR, MSR_SF, exec, gpr, msr, newCpu, nia, run, setGpr, srr0, srr1, word } from './control-harness.js';

function expectPrivileged(c: Cpu, pc = 0x1000n): void {
  expect(nia(c)).toBe(0x700n);
  expect(srr0(c)).toBe(pc);
  expect(srr1(c) & BigInt(PROGRAM_PRIVILEGED)).toBe(BigInt(PROGRAM_PRIVILEGED));
}

describe('mfspr / mtspr / mftb', () => {
  it('move LR, CTR, XER through GPRs', () => {
    const c = newCpu();
    setGpr(c, 5, 0x123456789abcdef0n);
    run(c, 'mtspr', { SPR: 8, RS: 5 });
    expect(c.u64[LR]).toBe(0x123456789abcdef0n);
    c.u64[CTR] = 42n;
    run(c, 'mfspr', { RT: 6, SPR: 9 });
    expect(gpr(c, 6)).toBe(42n);
    setGpr(c, 7, 0xa000007fn); // SO | CA | byte count 127
    run(c, 'mtspr', { SPR: 1, RS: 7 });
    expect(c.u32[W_SO]).toBe(1);
    expect(c.u32[W_CA]).toBe(1);
    expect(c.u32[(SPR + SPR_XER) * 2]).toBe(0x7f);
    run(c, 'mfspr', { RT: 8, SPR: 1 });
    expect(gpr(c, 8)).toBe(0xa000007fn);
  });
  it('privileged SPR from problem state: privileged-instruction interrupt, RT unchanged', () => {
    const c = newCpu({ pr: true });
    setGpr(c, 3, 7n);
    expect(run(c, 'mfspr', { RT: 3, SPR: SPR_SPRG0 })).toBe(false);
    expectPrivileged(c);
    expect(gpr(c, 3)).toBe(7n);
  });
  it('mftb reads the time base (TBR 268) and its upper half (269)', () => {
    const c = newCpu();
    c.icount = 1000; // TB derives from icount, 1 tick per instruction
    run(c, 'mftb', { RT: 3, TBR: 268 });
    expect(gpr(c, 3)).toBe(1000n);
    run(c, 'mftb', { RT: 4, TBR: 269 });
    expect(gpr(c, 4)).toBe(0n);
  });
});

describe('mfcr / mtcrf / mfocrf / mtocrf', () => {
  it('mfcr zero-extends CR', () => {
    const c = newCpu();
    setGpr(c, 3, -1n);
    c.u32[W_CR] = 0x89abcdef;
    run(c, 'mfcr', { RT: 3 });
    expect(gpr(c, 3)).toBe(0x89abcdefn);
  });
  it('mtcrf updates the selected fields only (FXM bit 0 = CR0)', () => {
    const c = newCpu();
    c.u32[W_CR] = 0x12345678;
    setGpr(c, 4, 0xffffffff_abcdef01n);
    run(c, 'mtcrf', { FXM: 0x81, RS: 4 }); // CR0 and CR7
    expect(c.u32[W_CR]).toBe(0xa2345671);
    run(c, 'mtcrf', { FXM: 0xff, RS: 4 });
    expect(c.u32[W_CR]).toBe(0xabcdef01);
    run(c, 'mtcrf', { FXM: 0, RS: 0 });
    expect(c.u32[W_CR]).toBe(0xabcdef01);
  });
  it('mtocrf with one bit moves one field; with 0 or ≥2 bits does nothing (QEMU)', () => {
    const c = newCpu();
    c.u32[W_CR] = 0x12345678;
    setGpr(c, 4, 0xabcdef01n);
    run(c, 'mtocrf', { FXM: 0x20, RS: 4 }); // CR2
    expect(c.u32[W_CR]).toBe(0x12c45678);
    run(c, 'mtocrf', { FXM: 0x21, RS: 4 });
    expect(c.u32[W_CR]).toBe(0x12c45678);
  });
  it('mfocrf: the one field in place, other bits 0; ≠1 bits: RT unchanged (QEMU)', () => {
    const c = newCpu();
    c.u32[W_CR] = 0x12345678;
    setGpr(c, 3, -1n);
    run(c, 'mfocrf', { RT: 3, FXM: 0x02 }); // CR6
    expect(gpr(c, 3)).toBe(0x70n);
    setGpr(c, 5, 0x55n);
    exec(c, 'mfocrf', word('mfocrf', { RT: 5, FXM: 0x06 }));
    expect(gpr(c, 5)).toBe(0x55n);
  });
});

describe('MSR instructions', () => {
  it('mfmsr / mtmsr / mtmsrd / rfid are privileged in problem state', () => {
    for (const [name, ops] of [
      ['mfmsr', { RT: 3 }], ['mtmsr', { RS: 3, L15: 0 }], ['mtmsrd', { RS: 3, L15: 1 }], ['rfid', {}],
    ] as const) {
      const c = newCpu({ pr: true });
      expect(run(c, name, ops)).toBe(false);
      expectPrivileged(c);
      expect(srr1(c) & MSR_PR).toBe(MSR_PR); // SRR1 holds the old MSR
    }
  });
  it('mfmsr reads the MSR', () => {
    const c = newCpu({ le: true });
    run(c, 'mfmsr', { RT: 9 });
    expect(gpr(c, 9)).toBe(MSR_SF | MSR_ME | MSR_LE);
  });
  it('mtmsrd L=1 changes only EE and RI; L=0 keeps ME and LE', () => {
    const c = newCpu();
    setGpr(c, 3, 0x8002n | MSR_PR); // EE | RI | PR
    run(c, 'mtmsrd', { RS: 3, L15: 1 });
    expect(msr(c)).toBe(MSR_SF | MSR_ME | 0x8002n);
    setGpr(c, 3, MSR_SF | MSR_LE); // tries to set LE and clear ME
    run(c, 'mtmsrd', { RS: 3, L15: 0 });
    expect(msr(c)).toBe(MSR_SF | MSR_ME);
    setGpr(c, 3, 0n);
    run(c, 'mtmsr', { RS: 3, L15: 0 }); // mtmsr keeps MSR[0:31] (SF)
    expect(msr(c)).toBe(MSR_SF | MSR_ME);
  });
  it('rfid: NIA = SRR0 & ~3, MSR = SRR1, CFAR = CIA, reservation dropped', () => {
    const c = newCpu();
    c.u64[SRR0] = 0x12345677n;
    c.u64[SRR1] = MSR_SF | MSR_ME | MSR_LE;
    c.u32[W_RESV_VALID] = 1;
    expect(run(c, 'rfid', {}, 0x700n)).toBe(true);
    expect(nia(c)).toBe(0x12345674n);
    expect(msr(c)).toBe(MSR_SF | MSR_ME | MSR_LE);
    expect(c.le).toBe(true);
    expect(c.u64[SPR + SPR_CFAR]).toBe(0x700n);
    expect(c.u32[W_RESV_VALID]).toBe(0);
  });
  it('rfid to 32-bit mode truncates the target', () => {
    const c = newCpu();
    c.u64[SRR0] = 0xffffffff_00001000n;
    c.u64[SRR1] = MSR_ME;
    run(c, 'rfid', {});
    expect(nia(c)).toBe(0x1000n);
    expect(c.sf).toBe(false);
  });
});

describe('hypervisor-only instructions in a guest', () => {
  for (const name of ['hrfid', 'doze', 'nap', 'sleep', 'rvwinkle', 'msgsnd', 'msgclr']) {
    it(`${name}: privileged-instruction interrupt even in supervisor state`, () => {
      const c = newCpu();
      const ops = name.startsWith('msg') ? { RB: 3 } : {};
      expect(run(c, name, ops)).toBe(false);
      expectPrivileged(c);
      expect(c.u64[MSR]).toBe(MSR_SF | MSR_ME);
    });
  }
  // ISA 3.0 has no doze/nap/sleep/rvwinkle (Book III §3.3.2 has only stop): illegal.
  for (const name of ['doze', 'nap', 'sleep', 'rvwinkle']) {
    it(`${name} on POWER9: illegal instruction`, () => {
      const c = new Cpu(new Ram(1 << 20), cpuModel('POWER9'), { hcall() {} });
      c.setMsr(MSR_SF | MSR_ME);
      expect(run(c, name, {})).toBe(false);
      expect(nia(c)).toBe(0x700n);
      expect(srr1(c) & BigInt(PROGRAM_ILLEGAL)).toBe(BigInt(PROGRAM_ILLEGAL));
    });
  }
});

// Book III-S §4.4.4 / QEMU 7.2 for SPR numbers the machine does not implement: a no-op from
// supervisor state (SPR 0 excepted), from problem state privileged if the number's 0x10 bit
// is set, else illegal. 894 (MMCRS on a hypervisor) = 0x37e has the bit; 897 = 0x381 not.
describe('SPR numbers the machine does not implement', () => {
  it('supervisor: mtspr/mfspr 894 do nothing (RT kept), and the next instruction follows', () => {
    const c = newCpu();
    setGpr(c, 5, 0x1234n);
    expect(run(c, 'mtspr', { SPR: 894, RS: 5 })).toBe(true);
    expect(run(c, 'mfspr', { RT: 5, SPR: 894 })).toBe(true);
    expect(gpr(c, 5)).toBe(0x1234n);
    expect(nia(c)).toBe(0x1004n);
  });
  it('supervisor: SPR 0 is illegal', () => {
    const c = newCpu();
    expect(run(c, 'mfspr', { RT: 5, SPR: 0 })).toBe(false);
    expect(srr1(c) & BigInt(PROGRAM_ILLEGAL)).toBe(BigInt(PROGRAM_ILLEGAL));
  });
  it('problem state: 894 is privileged, 897 illegal', () => {
    const c = newCpu({ pr: true });
    expect(run(c, 'mtspr', { SPR: 894, RS: 5 })).toBe(false);
    expectPrivileged(c);
    const d = newCpu({ pr: true });
    expect(run(d, 'mfspr', { RT: 5, SPR: 897 })).toBe(false);
    expect(srr1(d) & BigInt(PROGRAM_ILLEGAL)).toBe(BigInt(PROGRAM_ILLEGAL));
  });
  it('FSCR (153) and the PMU registers Linux initialises hold what supervisor code writes', () => {
    const c = newCpu();
    for (const spr of [153, 786, 795, 798, 785]) {
      setGpr(c, 5, BigInt(spr) * 3n);
      expect(run(c, 'mtspr', { SPR: spr, RS: 5 })).toBe(true);
      expect(run(c, 'mfspr', { RT: 6, SPR: spr })).toBe(true);
      expect(gpr(c, 6)).toBe(BigInt(spr) * 3n);
    }
  });
});
