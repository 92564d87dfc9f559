// Fixed-point loads/stores (Book I §3.3.2–3.3.7) and load-and-reserve / store-conditional
// (Book II §4.4.2). Memory images and register values worked out by hand from the ISA's RTL.
import { describe, expect, it } from 'vitest';
import type { Cpu } from '../../cpu/cpu.js';
import { RESV, SPR, SPR_DAR, SPR_DSISR, SPR_XER, W_CR, W_RESV_SIZE, W_RESV_VALID, W_SO } from '../../cpu/regs.js';
import { PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED } from '../../cpu/vectors.js';
import { dar, dsisr, exec, gpr, newCpu, nia, peek, poke, run, setGpr, srr0, srr1, word } from './control-harness.js';

const BYTES = [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88];

function expectProgram(c: Cpu, cause: number, pc = 0x1000n): void {
  expect(nia(c)).toBe(0x700n);
  expect(srr0(c)).toBe(pc);
  expect(srr1(c) & BigInt(cause)).toBe(BigInt(cause));
}
function expectAlignment(c: Cpu, pc = 0x1000n): void {
  expect(nia(c)).toBe(0x600n);
  expect(srr0(c)).toBe(pc);
}
const cr0 = (c: Cpu): number => c.u32[W_CR] >>> 28;

describe('loads, both byte orders', () => {
  for (const le of [false, true]) {
    const name = le ? 'LE' : 'BE';
    it(`${name}: lbz/lhz/lha/lwz/lwa/ld at EA = RA + D`, () => {
      const c = newCpu({ le });
      poke(c, 0x2000, BYTES);
      setGpr(c, 1, 0x1f00n);
      run(c, 'lbz', { RT: 3, D: 0x101, RA: 1 });
      expect(gpr(c, 3)).toBe(0x22n);
      run(c, 'lhz', { RT: 3, D: 0x100, RA: 1 });
      expect(gpr(c, 3)).toBe(le ? 0x2211n : 0x1122n);
      run(c, 'lwz', { RT: 3, D: 0x100, RA: 1 });
      expect(gpr(c, 3)).toBe(le ? 0x44332211n : 0x11223344n);
      run(c, 'ld', { RT: 3, DS: 0x100, RA: 1 });
      expect(gpr(c, 3)).toBe(le ? 0x8877665544332211n : 0x1122334455667788n);
      poke(c, 0x2010, [0x80, 0x01, 0x00, 0x80]);
      run(c, 'lha', { RT: 4, D: 0x110, RA: 1 }); // BE 0x8001 (negative), LE 0x0180 (positive)
      expect(gpr(c, 4)).toBe(le ? 0x0180n : 0xffffffffffff8001n);
      run(c, 'lwa', { RT: 4, DS: 0x110, RA: 1 }); // BE 0x80010080, LE 0x80000180: both negative
      expect(gpr(c, 4)).toBe(le ? 0xffffffff80000180n : 0xffffffff80010080n);
    });
    it(`${name}: stb/sth/stw/std`, () => {
      const c = newCpu({ le });
      setGpr(c, 5, 0x1122334455667788n);
      setGpr(c, 1, 0x3000n);
      run(c, 'std', { RS: 5, DS: 0, RA: 1 });
      expect(peek(c, 0x3000, 8)).toEqual(le ? [...BYTES].reverse() : BYTES);
      run(c, 'stw', { RS: 5, D: 8, RA: 1 });
      expect(peek(c, 0x3008, 4)).toEqual(le ? [0x88, 0x77, 0x66, 0x55] : [0x55, 0x66, 0x77, 0x88]);
      run(c, 'sth', { RS: 5, D: 12, RA: 1 });
      expect(peek(c, 0x300c, 2)).toEqual(le ? [0x88, 0x77] : [0x77, 0x88]);
      run(c, 'stb', { RS: 5, D: 14, RA: 1 });
      expect(peek(c, 0x300e, 2)).toEqual([0x88, 0]);
    });
  }
  it('RA=0 means 0; negative D; X-forms; lwax/lhax sign-extend', () => {
    const c = newCpu();
    poke(c, 0x100, [0xff, 0xfe, 0xfd, 0xfc]);
    setGpr(c, 0, 0x5000n); // ignored as base
    run(c, 'lwz', { RT: 3, D: 0x100, RA: 0 });
    expect(gpr(c, 3)).toBe(0xfffefdfcn);
    setGpr(c, 4, 0x200n);
    run(c, 'lbz', { RT: 3, D: -0x100, RA: 4 });
    expect(gpr(c, 3)).toBe(0xffn);
    setGpr(c, 5, 0x100n);
    run(c, 'lwzx', { RT: 6, RA: 0, RB: 5 });
    expect(gpr(c, 6)).toBe(0xfffefdfcn);
    run(c, 'lwax', { RT: 6, RA: 0, RB: 5 });
    expect(gpr(c, 6)).toBe(0xfffffffffffefdfcn);
    setGpr(c, 7, 0x80n);
    run(c, 'lhax', { RT: 6, RA: 7, RB: 7 }); // EA = 0x100
    expect(gpr(c, 6)).toBe(0xfffffffffffffffen);
    run(c, 'lhzx', { RT: 6, RA: 7, RB: 7 });
    expect(gpr(c, 6)).toBe(0xfffen);
    run(c, 'ldx', { RT: 6, RA: 7, RB: 7 });
    expect(gpr(c, 6)).toBe(0xfffefdfc00000000n);
  });
  it('X-form stores', () => {
    const c = newCpu();
    setGpr(c, 3, 0xa1a2a3a4a5a6a7a8n);
    setGpr(c, 4, 0x4000n);
    setGpr(c, 5, 0x10n);
    run(c, 'stdx', { RS: 3, RA: 4, RB: 5 });
    run(c, 'stwx', { RS: 3, RA: 4, RB: 0 }); // RB=r0 is a register (value 0 here)
    run(c, 'sthx', { RS: 3, RA: 0, RB: 4 }); // RA=0 → EA = RB... overwrites the first 2 bytes
    run(c, 'stbx', { RS: 3, RA: 5, RB: 4 }); // EA = 0x4010
    expect(peek(c, 0x4000, 4)).toEqual([0xa7, 0xa8, 0xa7, 0xa8]);
    expect(peek(c, 0x4010, 8)).toEqual([0xa8, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8]);
  });
});

describe('update forms', () => {
  it('load with update: RT loaded, RA = EA', () => {
    const c = newCpu();
    poke(c, 0x2000, BYTES);
    setGpr(c, 4, 0x1ff8n);
    run(c, 'lwzu', { RT: 3, D: 8, RA: 4 });
    expect(gpr(c, 3)).toBe(0x11223344n);
    expect(gpr(c, 4)).toBe(0x2000n);
    run(c, 'lbzu', { RT: 3, D: 1, RA: 4 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x22n, 0x2001n]);
    run(c, 'lhau', { RT: 3, D: 1, RA: 4 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x3344n, 0x2002n]);
    run(c, 'lhzu', { RT: 3, D: -2, RA: 4 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x1122n, 0x2000n]);
    run(c, 'ldu', { RT: 3, DS: 0, RA: 4 });
    expect(gpr(c, 3)).toBe(0x1122334455667788n);
    setGpr(c, 5, 4n);
    run(c, 'lwzux', { RT: 3, RA: 4, RB: 5 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x55667788n, 0x2004n]);
    setGpr(c, 5, -4n);
    run(c, 'lwaux', { RT: 3, RA: 4, RB: 5 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x11223344n, 0x2000n]);
    run(c, 'lbzux', { RT: 3, RA: 4, RB: 5 });
    expect(gpr(c, 4)).toBe(0x1ffcn);
    setGpr(c, 5, 4n);
    run(c, 'lhzux', { RT: 3, RA: 4, RB: 5 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x1122n, 0x2000n]);
    run(c, 'lhaux', { RT: 3, RA: 4, RB: 5 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x5566n, 0x2004n]);
    setGpr(c, 5, -4n);
    run(c, 'ldux', { RT: 3, RA: 4, RB: 5 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x1122334455667788n, 0x2000n]);
  });
  it('store with update: stores, then RA = EA; RA = RS stores the old value', () => {
    const c = newCpu();
    setGpr(c, 1, 0x3010n);
    run(c, 'stwu', { RS: 1, D: -16, RA: 1 }); // stwu r1,-16(r1): the stack-frame idiom
    expect(gpr(c, 1)).toBe(0x3000n);
    expect(peek(c, 0x3000, 4)).toEqual([0, 0, 0x30, 0x10]);
    run(c, 'stdu', { RS: 1, DS: -8, RA: 1 });
    expect(gpr(c, 1)).toBe(0x2ff8n);
    expect(peek(c, 0x2ff8, 8)).toEqual([0, 0, 0, 0, 0, 0, 0x30, 0x00]);
    setGpr(c, 2, 0x1n);
    run(c, 'stbu', { RS: 2, D: 1, RA: 1 });
    run(c, 'sthu', { RS: 2, D: 1, RA: 1 });
    expect(gpr(c, 1)).toBe(0x2ffan);
    expect(peek(c, 0x2ff9, 3)).toEqual([1, 0, 1]);
    setGpr(c, 3, 2n);
    run(c, 'stwux', { RS: 2, RA: 1, RB: 3 });
    run(c, 'stbux', { RS: 2, RA: 1, RB: 3 });
    run(c, 'sthux', { RS: 2, RA: 1, RB: 3 });
    run(c, 'stdux', { RS: 2, RA: 1, RB: 3 });
    expect(gpr(c, 1)).toBe(0x3002n);
  });
  it('invalid forms raise illegal-instruction interrupts before any access (QEMU 7.2)', () => {
    const bad: [string, Record<string, number>][] = [
      ['lwzu', { RT: 3, D: 0, RA: 3 }], ['lwzu', { RT: 3, D: 0, RA: 0 }],
      ['lbzux', { RT: 4, RA: 4, RB: 1 }], ['ldu', { RT: 5, DS: 8, RA: 5 }], ['lhau', { RT: 1, D: 0, RA: 0 }],
      ['lwaux', { RT: 2, RA: 0, RB: 1 }],
      ['stwu', { RS: 3, D: 0, RA: 0 }], ['stdux', { RS: 3, RA: 0, RB: 1 }], ['stbu', { RS: 0, D: 0, RA: 0 }],
    ];
    for (const [name, ops] of bad) {
      const c = newCpu();
      setGpr(c, 3, 0x2000n);
      setGpr(c, 5, 0x2000n);
      expect(run(c, name, ops), name).toBe(false);
      expectProgram(c, PROGRAM_ILLEGAL);
      expect(gpr(c, 3)).toBe(0x2000n);
      expect(peek(c, 0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    }
  });
});

describe('32-bit mode addressing', () => {
  it('high word of RA ignored; D-form and X-form EAs wrap at 2^32; update writes the 32-bit EA', () => {
    const c = newCpu({ sf: false });
    poke(c, 0x2000, BYTES);
    setGpr(c, 4, 0xffffffff_00002000n);
    run(c, 'lwz', { RT: 3, D: 0, RA: 4 });
    expect(gpr(c, 3)).toBe(0x11223344n);
    setGpr(c, 4, 0xfffffff0n);
    run(c, 'lwzu', { RT: 3, D: 0x2014, RA: 4 });
    expect(gpr(c, 3)).toBe(0x55667788n);
    expect(gpr(c, 4)).toBe(0x2004n);
    setGpr(c, 5, 0xfffff000n);
    setGpr(c, 6, 0x3000n);
    run(c, 'lbzux', { RT: 3, RA: 5, RB: 6 }); // 0xfffff000 + 0x3000 = 0x1_0000_2000 → 0x2000
    expect(gpr(c, 3)).toBe(0x11n);
    expect(gpr(c, 5)).toBe(0x2000n);
    run(c, 'lbz', { RT: 3, D: -0x8000, RA: 0 }); // EA = 0xffff8000: beyond RAM → machine check
    expect(nia(c)).toBe(0x200n);
    expect(dar(c)).toBe(0xffff8000n);
  });
  it('64-bit mode does not wrap: the same EA is 0x1_0000_2000, beyond RAM', () => {
    const c = newCpu();
    setGpr(c, 4, 0xfffffff0n);
    expect(run(c, 'lwz', { RT: 3, D: 0x2010, RA: 4 })).toBe(false);
    expect(nia(c)).toBe(0x200n); // machine check (no memory there)
    expect(dar(c)).toBe(0x100002000n);
  });
});

describe('byte-reversed loads and stores', () => {
  for (const le of [false, true]) {
    it(`${le ? 'LE' : 'BE'}: l*brx load the opposite byte order, st*brx store it`, () => {
      const c = newCpu({ le });
      poke(c, 0x2000, BYTES);
      setGpr(c, 4, 0x2000n);
      run(c, 'lhbrx', { RT: 3, RA: 0, RB: 4 });
      expect(gpr(c, 3)).toBe(le ? 0x1122n : 0x2211n);
      run(c, 'lwbrx', { RT: 3, RA: 0, RB: 4 });
      expect(gpr(c, 3)).toBe(le ? 0x11223344n : 0x44332211n);
      run(c, 'ldbrx', { RT: 3, RA: 0, RB: 4 });
      expect(gpr(c, 3)).toBe(le ? 0x1122334455667788n : 0x8877665544332211n);
      setGpr(c, 5, 0x0102030405060708n);
      setGpr(c, 6, 0x3000n);
      run(c, 'stdbrx', { RS: 5, RA: 0, RB: 6 });
      expect(peek(c, 0x3000, 8)).toEqual(le ? [1, 2, 3, 4, 5, 6, 7, 8] : [8, 7, 6, 5, 4, 3, 2, 1]);
      run(c, 'stwbrx', { RS: 5, RA: 6, RB: 0 }); // RB = r0 = 0 → EA = 0x3000
      expect(peek(c, 0x3000, 4)).toEqual(le ? [5, 6, 7, 8] : [8, 7, 6, 5]);
      run(c, 'sthbrx', { RS: 5, RA: 0, RB: 6 });
      expect(peek(c, 0x3000, 2)).toEqual(le ? [7, 8] : [8, 7]);
    });
  }
});

describe('quadword lq / stq', () => {
  it('BE: RT = [EA], RT+1 = [EA+8]; LE: RT+1 = [EA] (LE), RT = [EA+8] (LE)', () => {
    const q = [...BYTES, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00];
    const be = newCpu();
    poke(be, 0x2000, q);
    run(be, 'lq', { RT: 4, DQ: 0x2000, RA: 0 });
    expect([gpr(be, 4), gpr(be, 5)]).toEqual([0x1122334455667788n, 0x99aabbccddeeff00n]);
    run(be, 'stq', { RS: 4, DS: 0x3000, RA: 0 });
    expect(peek(be, 0x3000, 16)).toEqual(q);
    const le = newCpu({ le: true });
    poke(le, 0x2000, q);
    run(le, 'lq', { RT: 4, DQ: 0x2000, RA: 0 });
    expect([gpr(le, 4), gpr(le, 5)]).toEqual([0x00ffeeddccbbaa99n, 0x8877665544332211n]);
    run(le, 'stq', { RS: 4, DS: 0x3000, RA: 0 });
    expect(peek(le, 0x3000, 16)).toEqual(q);
  });
  it('no alignment interrupt on an unaligned quadword; odd RTp / RA = RT are illegal', () => {
    const c = newCpu();
    poke(c, 0x2008, BYTES);
    setGpr(c, 1, 0x2008n);
    expect(run(c, 'lq', { RT: 6, DQ: 0, RA: 1 })).toBe(true);
    expect(gpr(c, 6)).toBe(0x1122334455667788n);
    expect(run(c, 'lq', { RT: 5, DQ: 0, RA: 1 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lq', { RT: 6, DQ: 0, RA: 6 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'stq', { RS: 7, DS: 0, RA: 1 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
  });
});

describe('load / store multiple', () => {
  it('lmw loads RT..r31 (low words, zero-extended); stmw stores them', () => {
    const c = newCpu();
    const img: number[] = [];
    for (let r = 28; r < 32; r++) img.push(0x80 + r, 0, 0, r);
    poke(c, 0x2000, img);
    setGpr(c, 28, -1n);
    setGpr(c, 1, 0x2010n);
    run(c, 'lmw', { RT: 28, D: -0x10, RA: 1 });
    expect([28, 29, 30, 31].map((r) => gpr(c, r))).toEqual([0x9c00001cn, 0x9d00001dn, 0x9e00001en, 0x9f00001fn]);
    setGpr(c, 30, 0xdeadbeef_01020304n);
    run(c, 'stmw', { RS: 30, D: 0x3000, RA: 0 });
    expect(peek(c, 0x3000, 8)).toEqual([1, 2, 3, 4, 0x9f, 0, 0, 0x1f]);
  });
  it('lmw with RA in the range loads RA too (QEMU does not reject it)', () => {
    const c = newCpu();
    poke(c, 0x2000, [0, 0, 0, 1, 0, 0, 0, 2]);
    setGpr(c, 31, 0x1ffcn);
    run(c, 'lmw', { RT: 30, D: 4, RA: 31 });
    expect([gpr(c, 30), gpr(c, 31)]).toEqual([1n, 2n]);
  });
  it('little-endian mode: alignment interrupt, DSISR |= RT/RA bits, DAR unchanged, nothing loaded', () => {
    for (const name of ['lmw', 'stmw']) {
      const c = newCpu({ le: true });
      c.u64[SPR + SPR_DAR] = 0x1234n;
      c.u64[SPR + SPR_DSISR] = 0n;
      setGpr(c, 29, 7n);
      const w = word(name, name === 'lmw' ? { RT: 29, D: 0, RA: 3 } : { RS: 29, D: 0, RA: 3 });
      expect(exec(c, name, w)).toBe(false);
      expectAlignment(c);
      expect(dsisr(c)).toBe(BigInt((29 << 5) | 3));
      expect(dar(c)).toBe(0x1234n);
      expect(gpr(c, 29)).toBe(7n);
    }
  });
});

describe('load / store string', () => {
  const ABC = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].map((ch) => ch.charCodeAt(0));
  it('lswi: partial last register is left-justified and zero-padded', () => {
    const c = newCpu();
    poke(c, 0x2000, ABC);
    setGpr(c, 4, 0x2000n);
    setGpr(c, 6, -1n);
    run(c, 'lswi', { RT: 5, RA: 4, NB: 7 });
    expect([gpr(c, 5), gpr(c, 6)]).toEqual([0x41424344n, 0x45464700n]);
    run(c, 'lswi', { RT: 5, RA: 4, NB: 5 });
    expect([gpr(c, 5), gpr(c, 6)]).toEqual([0x41424344n, 0x45000000n]);
  });
  it('lswi NB=0 means 32 bytes; the register number wraps from r31 to r0', () => {
    const c = newCpu();
    poke(c, 0x2000, ABC);
    setGpr(c, 3, 0x2000n);
    run(c, 'lswi', { RT: 24, RA: 3, NB: 0 }); // r24..r31
    expect(gpr(c, 24)).toBe(0x41424344n);
    expect(gpr(c, 31)).toBe(0x32333435n); // bytes 28..31: "2345"
    run(c, 'lswi', { RT: 31, RA: 3, NB: 10 }); // r31, r0, r1
    expect([gpr(c, 31), gpr(c, 0), gpr(c, 1)]).toEqual([0x41424344n, 0x45464748n, 0x494a0000n]);
  });
  it('lswi with RA in the range (even RA = 0) is illegal (QEMU 7.2)', () => {
    const c = newCpu();
    expect(run(c, 'lswi', { RT: 3, RA: 4, NB: 8 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lswi', { RT: 31, RA: 0, NB: 8 })).toBe(false); // r31, r0
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lswi', { RT: 3, RA: 5, NB: 8 })).toBe(true); // r3, r4 only
  });
  it('lswx: byte count from XER[57:63]; 0 bytes leaves RT; RA/RB in range illegal', () => {
    const c = newCpu();
    poke(c, 0x2000, ABC);
    setGpr(c, 10, 0x1000n);
    setGpr(c, 11, 0x1000n);
    c.u64[SPR + SPR_XER] = 0x80n | 6n; // bits above the count are ignored
    setGpr(c, 3, -1n);
    run(c, 'lswx', { RT: 3, RA: 10, RB: 11 });
    expect([gpr(c, 3), gpr(c, 4)]).toEqual([0x41424344n, 0x45460000n]);
    c.u64[SPR + SPR_XER] = 0n;
    setGpr(c, 3, 0x77n);
    run(c, 'lswx', { RT: 3, RA: 10, RB: 11 });
    expect(gpr(c, 3)).toBe(0x77n);
    c.u64[SPR + SPR_XER] = 8n;
    expect(run(c, 'lswx', { RT: 10, RA: 0, RB: 11 })).toBe(false); // RB = r11 in r10..r11
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lswx', { RT: 9, RA: 10, RB: 12 })).toBe(false); // RA = r10 in r9..r10
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lswx', { RT: 31, RA: 0, RB: 11 })).toBe(true); // RA = 0 is not checked
  });
  it('stswi / stswx store the high-order bytes of the last register', () => {
    const c = newCpu();
    poke(c, 0x3000, [0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
    setGpr(c, 5, 0xffffffff_41424344n);
    setGpr(c, 6, 0x45464748n);
    setGpr(c, 9, 0x3000n);
    run(c, 'stswi', { RS: 5, RA: 9, NB: 6 });
    expect(peek(c, 0x3000, 8)).toEqual([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0xee, 0xee]);
    c.u64[SPR + SPR_XER] = 3n;
    setGpr(c, 10, 0x10n);
    run(c, 'stswx', { RS: 6, RA: 9, RB: 10 });
    expect(peek(c, 0x3010, 4)).toEqual([0x45, 0x46, 0x47, 0]);
    c.u64[SPR + SPR_XER] = 0n;
    run(c, 'stswx', { RS: 6, RA: 0, RB: 0 }); // nothing stored
    expect(peek(c, 0, 4)).toEqual([0, 0, 0, 0]);
  });
  it('string instructions in little-endian mode: alignment interrupt (even with count 0)', () => {
    for (const [name, ops] of [
      ['lswi', { RT: 5, RA: 4, NB: 4 }], ['lswx', { RT: 5, RA: 4, RB: 6 }],
      ['stswi', { RS: 5, RA: 4, NB: 4 }], ['stswx', { RS: 5, RA: 4, RB: 6 }],
    ] as const) {
      const c = newCpu({ le: true });
      expect(run(c, name, ops), name).toBe(false);
      expectAlignment(c);
      expect(dsisr(c)).toBe(BigInt((5 << 5) | 4));
    }
  });
  it('32-bit mode: the high word of RA is ignored', () => {
    const c = newCpu({ sf: false });
    poke(c, 0x10, [0x51, 0x52, 0x53, 0x54]);
    setGpr(c, 4, 0xffffffff_00000010n);
    run(c, 'lswi', { RT: 5, RA: 4, NB: 4 });
    expect(gpr(c, 5)).toBe(0x51525354n);
  });
});

describe('load and reserve / store conditional', () => {
  it('lwarx + stwcx. succeed: store done, CR0 = 0b001 || SO, reservation gone', () => {
    const c = newCpu();
    poke(c, 0x2000, [0, 0, 0, 5]);
    setGpr(c, 4, 0x2000n);
    run(c, 'lwarx', { RT: 3, RA: 0, RB: 4, EH: 0 });
    expect(gpr(c, 3)).toBe(5n);
    expect(c.u64[RESV]).toBe(0x2000n);
    expect(c.u32[W_RESV_VALID]).toBe(1);
    expect(c.u32[W_RESV_SIZE]).toBe(4);
    setGpr(c, 3, 6n);
    c.u32[W_CR] = 0xf0000000;
    run(c, 'stwcx.', { RS: 3, RA: 0, RB: 4 });
    expect(peek(c, 0x2000, 4)).toEqual([0, 0, 0, 6]);
    expect(cr0(c)).toBe(0b0010);
    expect(c.u32[W_RESV_VALID]).toBe(0);
    // second stwcx.: no reservation → fails, CR0[SO] copies XER[SO]
    c.u32[W_SO] = 1;
    setGpr(c, 3, 7n);
    run(c, 'stwcx.', { RS: 3, RA: 0, RB: 4 });
    expect(peek(c, 0x2000, 4)).toEqual([0, 0, 0, 6]);
    expect(cr0(c)).toBe(0b0001);
  });
  it('success with SO set gives CR0 = 0b0011; other CR fields untouched', () => {
    const c = newCpu();
    c.u32[W_SO] = 1;
    c.u32[W_CR] = 0x0abcdef1;
    setGpr(c, 4, 0x2000n);
    run(c, 'ldarx', { RT: 3, RA: 0, RB: 4, EH: 1 });
    run(c, 'stdcx.', { RS: 3, RA: 0, RB: 4 });
    expect(c.u32[W_CR]).toBe(0x3abcdef1);
  });
  it('stcx. to another address or with another size fails and drops the reservation', () => {
    const c = newCpu();
    setGpr(c, 4, 0x2000n);
    setGpr(c, 5, 0x2008n);
    setGpr(c, 3, 0x1122334455667788n);
    run(c, 'lwarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    run(c, 'stwcx.', { RS: 3, RA: 0, RB: 5 });
    expect(cr0(c)).toBe(0);
    expect(c.u32[W_RESV_VALID]).toBe(0);
    run(c, 'lwarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    run(c, 'stdcx.', { RS: 3, RA: 0, RB: 4 }); // same address, 8 bytes vs a 4-byte reservation
    expect(cr0(c)).toBe(0);
    expect(peek(c, 0x2000, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    run(c, 'lbarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    run(c, 'stbcx.', { RS: 3, RA: 0, RB: 4 });
    expect(cr0(c)).toBe(2);
    expect(peek(c, 0x2000, 1)).toEqual([0x88]);
    run(c, 'lharx', { RT: 6, RA: 4, RB: 0, EH: 0 }); // RB = r0 (value 0)
    run(c, 'sthcx.', { RS: 3, RA: 4, RB: 0 });
    expect(cr0(c)).toBe(2);
    expect(peek(c, 0x2000, 2)).toEqual([0x77, 0x88]);
  });
  it('stores by this CPU between larx and stcx. do not cancel the reservation', () => {
    const c = newCpu();
    setGpr(c, 4, 0x2000n);
    run(c, 'lwarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    setGpr(c, 7, 0x3000n);
    run(c, 'stw', { RS: 7, D: 0x2004, RA: 0 });
    run(c, 'stwcx.', { RS: 7, RA: 0, RB: 4 });
    expect(cr0(c)).toBe(2);
  });
  it('LE: ldarx/stdcx. use little-endian byte order', () => {
    const c = newCpu({ le: true });
    poke(c, 0x2000, BYTES);
    setGpr(c, 4, 0x2000n);
    run(c, 'ldarx', { RT: 3, RA: 0, RB: 4, EH: 0 });
    expect(gpr(c, 3)).toBe(0x8877665544332211n);
    setGpr(c, 3, 0x0102030405060708n);
    run(c, 'stdcx.', { RS: 3, RA: 0, RB: 4 });
    expect(peek(c, 0x2000, 8)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });
  it('unaligned l*arx: alignment interrupt with DAR = EA and DSISR = RT/RA bits; lbarx never', () => {
    for (const [name, ea] of [['lharx', 0x2001], ['lwarx', 0x2002], ['ldarx', 0x2004], ['lqarx', 0x2008]] as const) {
      const c = newCpu();
      setGpr(c, 4, BigInt(ea));
      expect(run(c, name, { RT: 6, RA: 0, RB: 4, EH: 0 }), name).toBe(false);
      expectAlignment(c);
      expect(dar(c)).toBe(BigInt(ea));
      expect(dsisr(c)).toBe(BigInt(6 << 5));
      expect(c.u32[W_RESV_VALID]).toBe(0);
    }
    const c = newCpu();
    setGpr(c, 4, 0x2003n);
    expect(run(c, 'lbarx', { RT: 6, RA: 0, RB: 4, EH: 0 })).toBe(true);
  });
  it('unaligned stcx.: alignment only when it matches the reservation address (QEMU 7.2)', () => {
    const c = newCpu();
    setGpr(c, 4, 0x2002n);
    expect(run(c, 'stwcx.', { RS: 3, RA: 0, RB: 4 })).toBe(true); // no reservation: just fails
    expect(cr0(c)).toBe(0);
    setGpr(c, 5, 0x2004n);
    run(c, 'lwarx', { RT: 6, RA: 0, RB: 5, EH: 0 });
    expect(run(c, 'stdcx.', { RS: 3, RA: 0, RB: 5 })).toBe(false); // matches, 0x2004 not 8-aligned
    expectAlignment(c);
    expect(dar(c)).toBe(0x2004n);
  });
  it('lqarx / stqcx. (BE): RT = high doubleword, RT+1 = low; invalid forms', () => {
    const c = newCpu();
    const q = [...BYTES, ...BYTES.map((b) => b ^ 0xff)];
    poke(c, 0x2000, q);
    setGpr(c, 4, 0x2000n);
    run(c, 'lqarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    expect([gpr(c, 6), gpr(c, 7)]).toEqual([0x1122334455667788n, 0xeeddccbbaa998877n]);
    expect(c.u32[W_RESV_SIZE]).toBe(16);
    setGpr(c, 8, 1n);
    setGpr(c, 9, 2n);
    run(c, 'stqcx.', { RS: 8, RA: 0, RB: 4 });
    expect(cr0(c)).toBe(2);
    expect(peek(c, 0x2000, 16)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(run(c, 'lqarx', { RT: 7, RA: 0, RB: 4, EH: 0 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'lqarx', { RT: 4, RA: 0, RB: 4, EH: 0 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
    expect(run(c, 'stqcx.', { RS: 9, RA: 0, RB: 4 })).toBe(false);
    expectProgram(c, PROGRAM_ILLEGAL);
  });
  it('lqarx / stqcx. (LE): RT+1 = [EA] (LE), RT = [EA+8] (LE)', () => {
    const c = newCpu({ le: true });
    poke(c, 0x2000, [...BYTES, ...BYTES]);
    setGpr(c, 4, 0x2000n);
    run(c, 'lqarx', { RT: 6, RA: 0, RB: 4, EH: 0 });
    expect([gpr(c, 6), gpr(c, 7)]).toEqual([0x8877665544332211n, 0x8877665544332211n]);
    setGpr(c, 6, 0x0102030405060708n);
    setGpr(c, 7, 0x1112131415161718n);
    run(c, 'stqcx.', { RS: 6, RA: 0, RB: 4 });
    expect(peek(c, 0x2000, 16)).toEqual([0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});

describe('cache-inhibited loads and stores', () => {
  for (const name of ['lbzcix', 'lhzcix', 'lwzcix', 'ldcix', 'stbcix', 'sthcix', 'stwcix', 'stdcix']) {
    it(`${name} is hypervisor-only: privileged-instruction interrupt`, () => {
      const c = newCpu();
      const ops = name.startsWith('l') ? { RT: 3, RA: 0, RB: 4 } : { RS: 3, RA: 0, RB: 4 };
      expect(run(c, name, ops)).toBe(false);
      expectProgram(c, PROGRAM_PRIVILEGED);
    });
  }
});
