// The SLB instructions (Power ISA 2.07 Book III-S §5.9.3.1) and segment lookup (§5.7.6.1).
// Operand layouts: slbmte RB = ESID(0:35) | V(36) | index(52:63), RS = B(0:1) | VSID(2:51) |
// Ks Kp N L C (52:56) | LP (58:59).
import { describe, expect, test } from 'vitest';
import { MSR_ME, MSR_PR, MSR_SF, exec, gpr, mmuCpu, slb, srr1Cause } from './test-harness.js';
import { GPR, W_CR, W_SO } from '../cpu/regs.js';
import { PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED } from '../cpu/vectors.js';
import { slbFind } from './slb.js';

const set = (c: ReturnType<typeof mmuCpu>, n: number, v: bigint) => { c.u64[GPR + n] = v; };

describe('slbmte / slbmfee / slbmfev', () => {
  test('round trip: ESID||V comes back from slbmfee, RS exactly from slbmfev', () => {
    const c = mmuCpu();
    // RS: VSID 0x123456 (bits 2:51 → value << 12) | Ks 0x800 | Kp 0x400 | C 0x80; plus a
    // reserved bit (57, 0x40) that slbmfev returns as written (QEMU 7.2 keeps RS whole).
    const rs = (0x123456n << 12n) | 0x800n | 0x400n | 0x80n | 0x40n;
    set(c, 3, rs);
    set(c, 4, 0x0000000018000003n); // ESID 1 (EA 0x1000_0000), V, entry 3
    expect(exec(c, 'slbmte', { RS: 3, RB: 4 })).toBe(true);
    set(c, 7, 3n);
    expect(exec(c, 'slbmfee', { RT: 5, RB: 7 })).toBe(true);
    expect(gpr(c, 5)).toBe(0x0000000018000000n); // the index is not part of the entry
    expect(exec(c, 'slbmfev', { RT: 6, RB: 7 })).toBe(true);
    expect(gpr(c, 6)).toBe(rs);
  });

  test('a 1 TB entry (B = 01) with 64 KB pages (L||LP = 0b1_01) is accepted', () => {
    const c = mmuCpu();
    set(c, 3, 0x4000002b2b000110n);
    set(c, 4, 0x0000020008000004n); // EA(0:23) = 0x000002, V, entry 4
    expect(exec(c, 'slbmte', { RS: 3, RB: 4 })).toBe(true);
    expect(slbFind(c.u32, 0x000002f0, 0xf1234567)).toBe(4);
    expect(slbFind(c.u32, 0x000003f0, 0xf1234567)).toBe(-1);
  });

  test.each([
    ['an index beyond the 32 entries', 0x123000n, 0x0000000018000020n],
    ['RB bits 37:51 set', 0x123000n, 0x0000000018001000n],
    ['B = 0b10', 0x8000000000123000n, 0x0000000018000001n],
    ['L||LP = 0b1_00 (16 MB, not offered)', 0x123100n, 0x0000000018000001n],
    ['L||LP = 0b1_11', 0x123130n, 0x0000000018000001n],
    ['L = 0 with LP = 01', 0x123010n, 0x0000000018000001n],
  ])('slbmte refuses %s: illegal instruction (as QEMU 7.2), the entry unchanged', (_, rs, rb) => {
    const c = mmuCpu();
    set(c, 3, rs);
    set(c, 4, rb);
    expect(exec(c, 'slbmte', { RS: 3, RB: 4 })).toBe(false);
    expect(c.pc).toBe(0x700n);
    expect(srr1Cause(c)).toBe(BigInt(PROGRAM_ILLEGAL));
    expect(slbFind(c.u32, 0, 0x10000000)).toBe(-1);
  });

  test('slbmfee/slbmfev beyond entry 31: illegal; all SLB instructions privileged', () => {
    const c = mmuCpu();
    set(c, 7, 32n);
    expect(exec(c, 'slbmfee', { RT: 5, RB: 7 })).toBe(false);
    expect(srr1Cause(c)).toBe(BigInt(PROGRAM_ILLEGAL));
    for (const [name, ops] of [['slbmte', { RS: 3, RB: 4 }], ['slbmfee', { RT: 5, RB: 4 }], ['slbmfev', { RT: 5, RB: 4 }],
      ['slbfee.', { RT: 5, RB: 4 }], ['slbie', { RB: 4 }], ['slbia', {}], ['tlbiel', { RB: 4 }]] as const) {
      const p = mmuCpu();
      p.setMsr(MSR_SF | MSR_ME | MSR_PR);
      expect(exec(p, name, ops), name).toBe(false);
      expect(srr1Cause(p), name).toBe(BigInt(PROGRAM_PRIVILEGED));
    }
  });
});

describe('slbfee.', () => {
  test('hit: RT = the VSID doubleword, CR0 = 0b0010 || SO; miss: RT = 0, CR0 = 0b000 || SO', () => {
    const c = mmuCpu();
    const rs = (0x0a5a5n << 12n) | 0x400n;
    slb(c, 2, rs, 0x30000000n);
    c.u32[W_SO] = 1;
    set(c, 4, 0x3456_7abcn); // in segment ESID 3
    expect(exec(c, 'slbfee.', { RT: 5, RB: 4 })).toBe(true);
    expect(gpr(c, 5)).toBe(rs);
    expect(c.u32[W_CR] >>> 28).toBe(0b0011);
    set(c, 4, 0x4456_7abcn); // ESID 4: no entry
    set(c, 5, 0x1234n);
    expect(exec(c, 'slbfee.', { RT: 5, RB: 4 })).toBe(true);
    expect(gpr(c, 5)).toBe(0n);
    expect(c.u32[W_CR] >>> 28).toBe(0b0001);
  });

  test('1 TB segments match on EA(0:23) only; in 32-bit mode RB is cut to 32 bits', () => {
    const c = mmuCpu();
    const rs = 0x4000001234000000n; // B = 1, VSID 0x1234
    slb(c, 5, rs, 0x0000010000000000n);
    set(c, 4, 0x0000_01ff_ffff_f000n);
    expect(exec(c, 'slbfee.', { RT: 5, RB: 4 })).toBe(true);
    expect(gpr(c, 5)).toBe(rs);
    // 256 MB segment 0 holds EA 0x0000_0000_0xxx_xxxx: in 32-bit mode RB 0xffff_ffff_0123_4567
    // is looked up as 0x0123_4567.
    slb(c, 6, 0x777000n, 0n);
    c.setMsr(MSR_ME);
    set(c, 4, 0xffffffff_01234567n);
    expect(exec(c, 'slbfee.', { RT: 5, RB: 4 })).toBe(true);
    expect(gpr(c, 5) & 0xffffffffn).toBe(0x777000n);
  });
});

describe('slbie / slbia', () => {
  test('slbie invalidates the entry translating the EA in RB (its V bit clears)', () => {
    const c = mmuCpu();
    slb(c, 7, 0x0a5a5000n, 0x30000000n);
    set(c, 4, 0x3fff_fff0n);
    expect(exec(c, 'slbie', { RB: 4 })).toBe(true);
    set(c, 8, 7n);
    exec(c, 'slbmfee', { RT: 5, RB: 8 });
    expect(gpr(c, 5)).toBe(0x30000000n);
    expect(slbFind(c.u32, 0, 0x34567abc)).toBe(-1);
    set(c, 4, 0x5000_0000n); // no entry: nothing happens
    expect(exec(c, 'slbie', { RB: 4 })).toBe(true);
  });

  test('slbia (any IH) invalidates entries 1-31 and keeps entry 0 (POWER8)', () => {
    for (const ih of [0, 1, 3, 7]) {
      const c = mmuCpu();
      slb(c, 0, 0x111000n, 0x10000000n);
      slb(c, 1, 0x222000n, 0x20000000n);
      slb(c, 31, 0x333000n, 0x30000000n);
      expect(exec(c, 'slbia', { IH: ih })).toBe(true);
      expect(slbFind(c.u32, 0, 0x10000000)).toBe(0);
      expect(slbFind(c.u32, 0, 0x20000000)).toBe(-1);
      expect(slbFind(c.u32, 0, 0x30000000)).toBe(-1);
    }
  });
});
