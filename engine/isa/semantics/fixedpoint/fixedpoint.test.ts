// Hand-derived cases for the fixed-point semantics (Power ISA 2.07 Book I §3.3.8–3.3.15):
// what the QEMU vectors (qemu-vectors.test.ts) cannot show — traps, CA32/OV32 in 32-bit
// mode, the family's table coverage — plus worked examples whose reasoning is in comments.
import { describe, expect, it } from 'vitest';
import { Cpu, INTERRUPT } from '../../../cpu/cpu.js';
import { cpuModel } from '../../../cpu/model.js';
import { CIA, NIA, SPR, SPR_PPR, SRR0, SRR1, W_CA, W_CA32, W_CR, W_OV, W_OV32, W_SO } from '../../../cpu/regs.js';
import { PROGRAM_TRAP, VEC_PROGRAM } from '../../../cpu/vectors.js';
import { Ram } from '../../../memory/ram.js';
import { encode, type Operands, type Variant } from '../../encode.js';
import { FORMS } from '../../table.js';
import { FIXEDPOINT } from './index.js';

const SF = 0x8000000000000000n;

function cpu(model: 'POWER8' | 'POWER9' = 'POWER8', sf = true): Cpu {
  const c = new Cpu(new Ram(1 << 20), cpuModel(model), { hcall() {} });
  c.setMsr(sf ? SF : 0n);
  return c;
}
/** Execute `name` with the given operands on c. */
function exec(c: Cpu, name: string, ops: Operands, v?: Variant): void {
  FIXEDPOINT[name](c, encode(name, ops, v));
}
const xer = (c: Cpu) => ({
  so: c.u32[W_SO], ov: c.u32[W_OV], ca: c.u32[W_CA], ov32: c.u32[W_OV32], ca32: c.u32[W_CA32],
});
const cr0 = (c: Cpu): number => c.u32[W_CR] >>> 28;

describe('table coverage', () => {
  it('every fixed-point row of the table has semantics', () => {
    const missing = FORMS.filter((f) => f.family === 'fixedpoint' && !FIXEDPOINT[f.name]).map((f) => f.name);
    expect(missing).toEqual([]);
  });
  it('every semantic function names a fixed-point table row', () => {
    const names = new Map(FORMS.map((f) => [f.name, f.family]));
    const stray = Object.keys(FIXEDPOINT).filter((n) => names.get(n) !== 'fixedpoint');
    expect(stray).toEqual([]);
  });
});

describe('add/subtract: carry and overflow by mode (§3.3.8)', () => {
  it('64-bit mode: CA is the 64-bit carry, CA32 (POWER9) the carry out of bit 32', () => {
    // 0x00000000ffffffff + 1 = 0x0000000100000000: carry out of the low word, none out of bit 0.
    const c = cpu('POWER9');
    c.u64[4] = 0xffffffffn;
    c.u64[5] = 1n;
    exec(c, 'addc', { RT: 3, RA: 4, RB: 5 }, { oe: true, rc: true });
    expect(c.u64[3]).toBe(0x100000000n);
    expect(xer(c)).toEqual({ so: 0, ov: 0, ca: 0, ov32: 0, ca32: 1 });
    expect(cr0(c)).toBe(0b0100); // positive
  });
  it('32-bit mode: CA/OV come from the low word, the full 64-bit sum is kept (POWER9: CA32 = CA)', () => {
    // Same sum with SF=0: CA = carry out of bit 32 = 1; the low word is 0 so CR0 = EQ even
    // though RT = 0x100000000.
    const c = cpu('POWER9', false);
    c.u64[4] = 0xffffffffn;
    c.u64[5] = 1n;
    exec(c, 'addc', { RT: 3, RA: 4, RB: 5 }, { oe: true, rc: true });
    expect(c.u64[3]).toBe(0x100000000n);
    expect(xer(c)).toEqual({ so: 0, ov: 0, ca: 1, ov32: 0, ca32: 1 });
    expect(cr0(c)).toBe(0b0010);
  });
  it('32-bit mode: 0x7fffffff + 1 overflows (OV = OV32 = SO = 1), CR0 LT from the low word', () => {
    const c = cpu('POWER9', false);
    c.u64[4] = 0x7fffffffn;
    c.u64[5] = 1n;
    exec(c, 'add', { RT: 3, RA: 4, RB: 5 }, { oe: true, rc: true });
    expect(c.u64[3]).toBe(0x80000000n);
    expect(xer(c)).toEqual({ so: 1, ov: 1, ca: 0, ov32: 1, ca32: 0 });
    expect(cr0(c)).toBe(0b1001); // LT, and SO copied
  });
  it('64-bit mode: the same add sets only OV32', () => {
    const c = cpu('POWER9');
    c.u64[4] = 0x7fffffffn;
    c.u64[5] = 1n;
    exec(c, 'add', { RT: 3, RA: 4, RB: 5 }, { oe: true, rc: true });
    expect(xer(c)).toEqual({ so: 0, ov: 0, ca: 0, ov32: 1, ca32: 0 });
    expect(cr0(c)).toBe(0b0100);
  });
  it('POWER8 never writes CA32/OV32', () => {
    const c = cpu('POWER8', false);
    c.u64[4] = 0xffffffffn;
    c.u64[5] = 0x7fffffffn;
    exec(c, 'addic', { RT: 3, RA: 4, SI: 1 }); // carry out of bit 32
    exec(c, 'add', { RT: 3, RA: 5, RB: 5 }, { oe: true }); // 32-bit overflow
    expect(xer(c)).toEqual({ so: 1, ov: 1, ca: 1, ov32: 0, ca32: 0 });
  });
  it('subf in 32-bit mode: 0 - 1 borrows (CA = 0), 1 - 0 does not (CA = 1)', () => {
    // subfc RT,RA,RB = ¬RA + RB + 1: RA=1, RB=0 → ¬1 + 1 = 0xff..ff, no carry out of bit 32.
    const c = cpu('POWER8', false);
    c.u64[4] = 1n;
    c.u64[5] = 0n;
    exec(c, 'subfc', { RT: 3, RA: 4, RB: 5 });
    expect(c.u64[3]).toBe(0xffffffffffffffffn);
    expect(c.u32[W_CA]).toBe(0);
    exec(c, 'subfc', { RT: 3, RA: 5, RB: 4 });
    expect(c.u64[3]).toBe(1n);
    expect(c.u32[W_CA]).toBe(1);
  });
  it('32-bit mode: high words do not affect CA (carry only out of bit 32)', () => {
    // 0xffffffff_00000001 + 0x00000001_00000000 = 2^64 + 1: CA=1 in 64-bit mode, but the
    // low words 1 + 0 do not carry, so CA=0 in 32-bit mode.
    const c = cpu('POWER8', false);
    c.u64[4] = 0xffffffff00000001n;
    c.u64[5] = 0x0000000100000000n;
    exec(c, 'addc', { RT: 3, RA: 4, RB: 5 });
    expect(c.u64[3]).toBe(1n);
    expect(c.u32[W_CA]).toBe(0);
    c.setMsr(SF);
    exec(c, 'addc', { RT: 3, RA: 4, RB: 5 });
    expect(c.u32[W_CA]).toBe(1);
  });
  it('SO is sticky: OV cleared by a later non-overflowing addo, SO stays', () => {
    const c = cpu();
    c.u64[4] = 0x7fffffffffffffffn;
    c.u64[5] = 1n;
    exec(c, 'add', { RT: 3, RA: 4, RB: 5 }, { oe: true });
    expect([c.u32[W_OV], c.u32[W_SO]]).toEqual([1, 1]);
    exec(c, 'add', { RT: 3, RA: 5, RB: 5 }, { oe: true });
    expect([c.u32[W_OV], c.u32[W_SO]]).toEqual([0, 1]);
  });
});

describe('traps (§3.3.11)', () => {
  function trapped(c: Cpu, name: string, ops: Operands): boolean {
    c.u64[CIA] = 0x2000n;
    c.u64[NIA] = 0x2004n;
    try {
      exec(c, name, ops);
    } catch (e) {
      expect(e).toBe(INTERRUPT);
      expect(c.u64[NIA]).toBe(BigInt(VEC_PROGRAM));
      expect(c.u64[SRR0]).toBe(0x2000n); // the trap instruction itself
      expect(Number(c.u64[SRR1] & 0xffffffffn) & PROGRAM_TRAP).toBe(PROGRAM_TRAP);
      c.setMsr(SF);
      return true;
    }
    expect(c.u64[NIA]).toBe(0x2004n);
    return false;
  }
  // TO bits: 16 <, 8 >, 4 =, 2 <u, 1 >u.
  it('tw compares the low words: −1 vs 1 is < signed and >u unsigned', () => {
    const c = cpu();
    c.u64[4] = 0x00000005ffffffffn; // low word −1; the high word must be ignored
    c.u64[5] = 0xffffffff00000001n; // low word 1
    expect(trapped(c, 'tw', { TO: 16, RA: 4, RB: 5 })).toBe(true);
    expect(trapped(c, 'tw', { TO: 8, RA: 4, RB: 5 })).toBe(false);
    expect(trapped(c, 'tw', { TO: 1, RA: 4, RB: 5 })).toBe(true);
    expect(trapped(c, 'tw', { TO: 2, RA: 4, RB: 5 })).toBe(false);
    expect(trapped(c, 'tw', { TO: 4, RA: 4, RB: 4 })).toBe(true);
    expect(trapped(c, 'tw', { TO: 0, RA: 4, RB: 4 })).toBe(false);
    expect(trapped(c, 'tw', { TO: 31, RA: 0, RB: 0 })).toBe(true); // trap (unconditional)
  });
  it('td compares doublewords', () => {
    const c = cpu();
    c.u64[4] = 0x00000005ffffffffn; // positive doubleword
    c.u64[5] = 0xffffffff00000001n; // negative doubleword
    expect(trapped(c, 'td', { TO: 8, RA: 4, RB: 5 })).toBe(true); // >
    expect(trapped(c, 'td', { TO: 16, RA: 4, RB: 5 })).toBe(false);
    expect(trapped(c, 'td', { TO: 2, RA: 4, RB: 5 })).toBe(true); // <u
    expect(trapped(c, 'td', { TO: 4, RA: 4, RB: 5 })).toBe(false);
  });
  it('twi/tdi sign-extend SI', () => {
    const c = cpu();
    c.u64[4] = 0xffffffffn; // word −1; doubleword 2^32 − 1
    expect(trapped(c, 'twi', { TO: 4, RA: 4, SI: -1 })).toBe(true);
    expect(trapped(c, 'tdi', { TO: 4, RA: 4, SI: -1 })).toBe(false);
    expect(trapped(c, 'tdi', { TO: 8, RA: 4, SI: -1 })).toBe(true);
    expect(trapped(c, 'tdi', { TO: 1, RA: 4, SI: -1 })).toBe(false); // 2^32−1 <u 2^64−1
    expect(trapped(c, 'twi', { TO: 0x18, RA: 4, SI: 0 })).toBe(true); // −1 < 0
  });
});

describe('isel, compare (§3.3.10, §3.3.12)', () => {
  it('isel with RA=0 selects the value 0, not r0', () => {
    const c = cpu();
    c.u64[0] = 0x1234n;
    c.u64[5] = 0x5678n;
    c.u32[W_CR] = 0x80000000; // CR bit 0 set
    exec(c, 'isel', { RT: 3, RA: 0, RB: 5, BC: 0 });
    expect(c.u64[3]).toBe(0n);
    exec(c, 'isel', { RT: 3, RA: 0, RB: 5, BC: 1 });
    expect(c.u64[3]).toBe(0x5678n);
  });
  it('cmp L=1 compares doublewords even in 32-bit mode; L=0 only the low words', () => {
    const c = cpu('POWER8', false);
    c.u64[4] = 0x100000000n; // low word 0
    c.u64[5] = 1n;
    c.u32[W_SO] = 1;
    exec(c, 'cmp', { BF: 7, L10: 1, RA: 4, RB: 5 });
    expect(c.u32[W_CR] & 15).toBe(0b0101); // GT | SO
    exec(c, 'cmp', { BF: 7, L10: 0, RA: 4, RB: 5 });
    expect(c.u32[W_CR] & 15).toBe(0b1001); // LT | SO
  });
});

describe('rotates and shifts (§3.3.14)', () => {
  it('rlwinm with MB > ME wraps the mask into the high word', () => {
    // rlwinm ra,rs,0,31,0: MASK(63, 32) = ones at bits 0..32 and 63, i.e. 0xffffffff_80000001;
    // ROTL32(x, 0) = x || x, so RA = low word replicated, then masked.
    const c = cpu();
    c.u64[4] = 0x12345678_deadbeefn;
    exec(c, 'rlwinm', { RA: 3, RS: 4, SH: 0, MB: 31, ME: 0 });
    expect(c.u64[3]).toBe(0xdeadbeef_80000001n);
    exec(c, 'rlwinm', { RA: 3, RS: 4, SH: 8, MB: 0, ME: 31 }); // rotlwi: high word cleared
    expect(c.u64[3]).toBe(0xadbeefden);
  });
  it('rlwimi with MB ≤ ME keeps RA high word; with MB > ME replaces it', () => {
    const c = cpu();
    c.u64[4] = 0x00000000_000000abn;
    c.u64[3] = 0x11111111_22222222n;
    exec(c, 'rlwimi', { RA: 3, RS: 4, SH: 8, MB: 16, ME: 23 }); // insert 0xab at bits 48..55
    expect(c.u64[3]).toBe(0x11111111_2222ab22n);
    c.u64[3] = 0x11111111_22222222n;
    // MB=24 > ME=7: mask ones at 0..39 and 56..63: high word ← ROTL32(0xab, 8) = 0xab00.
    exec(c, 'rlwimi', { RA: 3, RS: 4, SH: 8, MB: 24, ME: 7 });
    // Mask 0xffffffff_ff0000ff; ROTL32 replicated = 0x0000ab00_0000ab00.
    expect(c.u64[3]).toBe(0x0000ab00_00222200n);
  });
  it('slw/srw/sraw shift counts 0, 31, 32, 63 (RB bits 58:63) and 64 (≡ 0)', () => {
    const c = cpu();
    c.u64[4] = 0xffffffff_80000001n;
    const run = (name: string, n: bigint): bigint => {
      c.u64[5] = n;
      exec(c, name, { RA: 3, RS: 4, RB: 5 });
      return c.u64[3];
    };
    expect(run('slw', 0n)).toBe(0x80000001n);
    expect(run('slw', 31n)).toBe(0x80000000n);
    expect(run('slw', 32n)).toBe(0n);
    expect(run('slw', 63n)).toBe(0n);
    expect(run('slw', 64n)).toBe(0x80000001n); // only bits 58:63 count
    expect(run('srw', 31n)).toBe(1n);
    expect(run('sraw', 31n)).toBe(0xffffffffffffffffn);
    expect(c.u32[W_CA]).toBe(1); // negative, and 1-bits (bit 63) shifted out
    expect(run('sraw', 0n)).toBe(0xffffffff80000001n);
    expect(c.u32[W_CA]).toBe(0);
    expect(run('sraw', 32n)).toBe(0xffffffffffffffffn);
    expect(c.u32[W_CA]).toBe(1);
  });
  it('sld/srd/srad shift counts 0, 63, 64, 127 (RB bits 57:63) and 128 (≡ 0)', () => {
    const c = cpu('POWER9');
    c.u64[4] = 0x80000000_00000001n;
    const run = (name: string, n: bigint): bigint => {
      c.u64[5] = n;
      exec(c, name, { RA: 3, RS: 4, RB: 5 });
      return c.u64[3];
    };
    expect(run('sld', 63n)).toBe(0x8000000000000000n);
    expect(run('sld', 64n)).toBe(0n);
    expect(run('sld', 127n)).toBe(0n);
    expect(run('sld', 128n)).toBe(0x8000000000000001n);
    expect(run('srd', 63n)).toBe(1n);
    expect(run('srd', 32n)).toBe(0x80000000n);
    expect(run('srad', 1n)).toBe(0xc000000000000000n);
    expect([c.u32[W_CA], c.u32[W_CA32]]).toEqual([1, 1]); // bit 63 (a 1) shifted out
    expect(run('srad', 64n)).toBe(0xffffffffffffffffn);
    expect(c.u32[W_CA]).toBe(1);
    c.u64[4] = 0x8000000000000000n;
    expect(run('srad', 63n)).toBe(0xffffffffffffffffn);
    expect(c.u32[W_CA]).toBe(0); // only 0-bits shifted out
  });
});

describe('divide undefined cases (QEMU 7.2 behaviour)', () => {
  it('divw by zero gives the zero-extended dividend word and sets OV', () => {
    const c = cpu();
    c.u64[4] = 0xffffffff_fffffff9n; // −7
    c.u64[5] = 0n;
    exec(c, 'divw', { RT: 3, RA: 4, RB: 5 }, { oe: true });
    expect(c.u64[3]).toBe(0xfffffff9n);
    expect(c.u32[W_OV]).toBe(1);
  });
  it('divw result is zero-extended; divwe result sign-extended (both as QEMU)', () => {
    const c = cpu();
    c.u64[4] = 0xfffffffffffffffan; // −6
    c.u64[5] = 3n;
    exec(c, 'divw', { RT: 3, RA: 4, RB: 5 });
    expect(c.u64[3]).toBe(0xfffffffen);
    c.u64[4] = 1n; // divwe: (1 << 32) ÷ −2^31 = −2
    c.u64[5] = 0x80000000n;
    exec(c, 'divwe', { RT: 3, RA: 4, RB: 5 });
    expect(c.u64[3]).toBe(0xfffffffffffffffen);
  });
  it('divd −2^63 ÷ −1 gives the dividend, OV', () => {
    const c = cpu();
    c.u64[4] = 0x8000000000000000n;
    c.u64[5] = 0xffffffffffffffffn;
    exec(c, 'divd', { RT: 3, RA: 4, RB: 5 }, { oe: true, rc: true });
    expect(c.u64[3]).toBe(0x8000000000000000n);
    expect(c.u32[W_OV]).toBe(1);
    expect(cr0(c)).toBe(0b1001);
  });
  it('divdeu: (RA) ≥ (RB) overflows to 0; 1 ÷ 2 = 2^63', () => {
    const c = cpu();
    c.u64[4] = 1n;
    c.u64[5] = 2n;
    exec(c, 'divdeu', { RT: 3, RA: 4, RB: 5 }, { oe: true });
    expect(c.u64[3]).toBe(0x8000000000000000n);
    expect(c.u32[W_OV]).toBe(0);
    exec(c, 'divdeu', { RT: 3, RA: 5, RB: 5 }, { oe: true });
    expect(c.u64[3]).toBe(0n);
    expect(c.u32[W_OV]).toBe(1);
  });
});

describe('BCD assist (§3.3.15)', () => {
  it('cbcdtd then cdtbcd round-trips valid digits', () => {
    const c = cpu();
    c.u64[4] = 0x00987654_00123456n;
    exec(c, 'cbcdtd', { RA: 3, RS: 4 });
    // 123 → declet 0x0a3 (all digits ≤ 7: plain 3-bit groups 001 010 0 011), 456 → 0x256.
    expect(c.u64[3] & 0xfffffn).toBe((0x0a3n << 10n) | 0x256n);
    c.u64[4] = c.u64[3];
    exec(c, 'cdtbcd', { RA: 3, RS: 4 });
    expect(c.u64[3]).toBe(0x00987654_00123456n);
  });
  it('addg6s: 6 in every digit without a carry out', () => {
    const c = cpu();
    c.u64[4] = 0x0000000000000009n;
    c.u64[5] = 0x0000000000000007n; // 9 + 7 = 0x10: digit 0 carries, the rest do not
    exec(c, 'addg6s', { RT: 3, RA: 4, RB: 5 });
    expect(c.u64[3]).toBe(0x6666666666666660n);
  });
});

describe('priority hints: or Rx,Rx,Rx sets PPR[PRI] (Book II §3.2)', () => {
  const PPR = SPR + SPR_PPR;
  const MSR_PR = 0x4000n, MSR_HV = 0x1000000000000000n;
  /** PPR after `or x,x,x` (Rc as given) from a PPR of 0 in the given MSR state. */
  function after(x: number, msr: bigint, rc = false): bigint {
    const c = cpu();
    c.setMsr(SF | msr);
    c.u64[PPR] = 0n;
    c.u64[x] = 0x1234n;
    exec(c, 'or', { RA: x, RS: x, RB: x }, rc ? { rc } : undefined);
    expect(c.u64[x]).toBe(0x1234n); // the register itself is unchanged
    return c.u64[PPR];
  }
  // PRI is PPR bits 11:13, i.e. level << 50. QEMU 7.2 reads 0x0010000000000000 (medium, 4)
  // after the kernel's HMT_MEDIUM (or 2,2,2), which is how the Linux diff found this.
  it('low, medium-low, medium: any state', () => {
    for (const msr of [0n, MSR_PR]) {
      expect(after(1, msr)).toBe(2n << 50n);
      expect(after(6, msr)).toBe(3n << 50n);
      expect(after(2, msr)).toBe(0x0010000000000000n);
    }
  });
  it('very low, medium-high, high: privileged only, a no-op in problem state', () => {
    expect([after(31, 0n), after(5, 0n), after(3, 0n)]).toEqual([1n << 50n, 5n << 50n, 6n << 50n]);
    expect([after(31, MSR_PR), after(5, MSR_PR), after(3, MSR_PR)]).toEqual([0n, 0n, 0n]);
  });
  it('very high: hypervisor state only', () => {
    expect(after(7, 0n)).toBe(0n);
    expect(after(7, MSR_HV)).toBe(7n << 50n);
    expect(after(7, MSR_HV | MSR_PR)).toBe(0n);
  });
  it('other registers, or. and mr leave PPR alone; the rest of PPR is kept', () => {
    expect(after(4, 0n)).toBe(0n);
    expect(after(2, 0n, true)).toBe(0n);
    const c = cpu();
    c.u64[PPR] = 0xffffffffffffffffn;
    exec(c, 'or', { RA: 3, RS: 2, RB: 2 });
    expect(c.u64[PPR]).toBe(0xffffffffffffffffn);
    exec(c, 'or', { RA: 1, RS: 1, RB: 1 });
    expect(c.u64[PPR]).toBe(0xffe3ffffffffffffn | (2n << 50n));
  });
});
