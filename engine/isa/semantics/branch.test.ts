// Branch facility (Book I §2.4) and sc (§3.3.1). Expected values from the ISA's RTL; the
// bcctr BO[2]=0 case follows QEMU 7.2 / the POWER8 UM "test and decrement".
import { describe, expect, it } from 'vitest';
import { CTR, LR, SPR, SPR_CFAR, SPR_TAR, W_CR } from '../../cpu/regs.js';
import { exec, gpr, newCpu, nia, run, setGpr, srr0, word } from './control-harness.js';

const cfar = (c: ReturnType<typeof newCpu>): bigint => c.u64[SPR + SPR_CFAR];

describe('b (I-form)', () => {
  it('relative forward and backward, CFAR = CIA', () => {
    const c = newCpu();
    run(c, 'b', { LI: 0x100 });
    expect(nia(c)).toBe(0x1100n);
    expect(cfar(c)).toBe(0x1000n);
    run(c, 'b', { LI: -0x10 });
    expect(nia(c)).toBe(0xff0n);
  });
  it('bl sets LR = CIA + 4; b leaves LR', () => {
    const c = newCpu();
    c.u64[LR] = 0x55n;
    run(c, 'b', { LI: 8 });
    expect(c.u64[LR]).toBe(0x55n);
    run(c, 'bl', { LI: 8 }, 0x4000n);
    expect(c.u64[LR]).toBe(0x4004n);
    expect(nia(c)).toBe(0x4008n);
  });
  it('ba/bla: absolute, sign-extended LI (truncated to 32 bits in 32-bit mode)', () => {
    const c = newCpu();
    run(c, 'ba', { LI: 0x2000 });
    expect(nia(c)).toBe(0x2000n);
    run(c, 'bla', { LI: -4 }, 0x3000n);
    expect(nia(c)).toBe(0xfffffffffffffffcn);
    expect(c.u64[LR]).toBe(0x3004n);
    const c32 = newCpu({ sf: false });
    run(c32, 'ba', { LI: -4 });
    expect(nia(c32)).toBe(0xfffffffcn);
  });
  it('target wraps at 2^32 in 32-bit mode, not in 64-bit mode', () => {
    const c32 = newCpu({ sf: false });
    run(c32, 'bl', { LI: 0x20 }, 0xfffffff0n);
    expect(nia(c32)).toBe(0x10n);
    expect(c32.u64[LR]).toBe(0xfffffff4n);
    const c64 = newCpu();
    run(c64, 'b', { LI: 0x20 }, 0xfffffff0n);
    expect(nia(c64)).toBe(0x100000010n);
    run(c64, 'b', { LI: -0x20 }, 0x100000010n); // borrow from the high word
    expect(nia(c64)).toBe(0xfffffff0n);
  });
});

describe('bc (B-form): every BO kind', () => {
  // CR bit 2 (cr0[EQ]) is BI=2. Cases: [BO, CTR before, CR bit, taken, CTR after]
  // BO bits (ISA 0..4): 0 = ignore CR, 1 = CR value wanted, 2 = don't touch CTR, 3 = branch if CTR = 0.
  const cases: [number, bigint, 0 | 1, boolean, bigint][] = [
    [0b00000, 2n, 0, true, 1n], // dec, CTR≠0 and CR=0
    [0b00000, 1n, 0, false, 0n], // dec → 0: CTR test fails
    [0b00000, 2n, 1, false, 1n], // CR test fails, CTR still decremented
    [0b00010, 1n, 0, true, 0n], // dec, CTR=0 and CR=0
    [0b00010, 2n, 0, false, 1n],
    [0b00100, 5n, 0, true, 5n], // CR=0 only
    [0b00100, 5n, 1, false, 5n],
    [0b01000, 3n, 1, true, 2n], // dec, CTR≠0 and CR=1
    [0b01000, 3n, 0, false, 2n],
    [0b01010, 1n, 1, true, 0n], // dec, CTR=0 and CR=1
    [0b01100, 9n, 1, true, 9n], // CR=1 only
    [0b01100, 9n, 0, false, 9n],
    [0b10000, 2n, 0, true, 1n], // dec, CTR≠0
    [0b10000, 2n, 1, true, 1n],
    [0b10000, 1n, 1, false, 0n],
    [0b10010, 1n, 0, true, 0n], // dec, CTR=0
    [0b10010, 0n, 0, false, 0xffffffffffffffffn],
    [0b10100, 7n, 0, true, 7n], // always
    [0b11001, 2n, 0, true, 1n], // BO[4] ("t" hint) is ignored
  ];
  for (const [bo, ctr, bit, taken, after] of cases) {
    it(`BO=${bo.toString(2).padStart(5, '0')} CTR=${ctr} CR=${bit} → ${taken ? 'taken' : 'not taken'}`, () => {
      const c = newCpu();
      c.u64[CTR] = ctr;
      c.u32[W_CR] = bit ? 0x20000000 : 0xdfffffff; // only bit 2 matters
      run(c, 'bc', { BO: bo, BI: 2, BD: 0x40 });
      expect(nia(c)).toBe(taken ? 0x1040n : 0x1004n);
      expect(c.u64[CTR]).toBe(after);
      expect(cfar(c)).toBe(taken ? 0x1000n : 0n);
    });
  }
  it('CR bit selection: BI counts from the MSB of CR', () => {
    const c = newCpu();
    c.u32[W_CR] = 0x00000001; // only CR bit 31 set
    run(c, 'bc', { BO: 12, BI: 31, BD: 8 });
    expect(nia(c)).toBe(0x1008n);
    run(c, 'bc', { BO: 12, BI: 30, BD: 8 });
    expect(nia(c)).toBe(0x1004n);
  });
  it('32-bit mode: the CTR test uses CTR[32:63] but the decrement is 64-bit', () => {
    const c32 = newCpu({ sf: false });
    c32.u64[CTR] = 0x100000001n;
    run(c32, 'bc', { BO: 0b10010, BI: 0, BD: 0x40 }); // branch if CTR = 0
    expect(c32.u64[CTR]).toBe(0x100000000n);
    expect(nia(c32)).toBe(0x1040n);
    const c64 = newCpu();
    c64.u64[CTR] = 0x100000001n;
    run(c64, 'bc', { BO: 0b10010, BI: 0, BD: 0x40 });
    expect(nia(c64)).toBe(0x1004n);
  });
  it('bcl sets LR even when not taken; bca is absolute', () => {
    const c = newCpu();
    run(c, 'bcl', { BO: 4, BI: 0, BD: 0x40 }, 0x2000n); // CR bit 0 = 0 wanted... CR=0 → taken
    expect(nia(c)).toBe(0x2040n);
    expect(c.u64[LR]).toBe(0x2004n);
    c.u32[W_CR] = 0x80000000;
    run(c, 'bcl', { BO: 4, BI: 0, BD: 0x40 }, 0x3000n);
    expect(nia(c)).toBe(0x3004n);
    expect(c.u64[LR]).toBe(0x3004n);
    run(c, 'bca', { BO: 20, BI: 0, BD: -0x100 });
    expect(nia(c)).toBe(0xffffffffffffff00n);
    run(c, 'bcla', { BO: 20, BI: 0, BD: 0x100 }, 0x5000n);
    expect(nia(c)).toBe(0x100n);
    expect(c.u64[LR]).toBe(0x5004n);
  });
});

describe('bclr / bcctr / bctar (XL-form)', () => {
  it('bclr: NIA = LR with the low 2 bits cleared; bclrl branches to the old LR', () => {
    const c = newCpu();
    c.u64[LR] = 0x2003n;
    run(c, 'bclr', { BO: 20, BI: 0, BH: 0 });
    expect(nia(c)).toBe(0x2000n);
    c.u64[LR] = 0x7000n;
    run(c, 'bclrl', { BO: 20, BI: 0, BH: 0 }, 0x1234n * 4n);
    expect(nia(c)).toBe(0x7000n);
    expect(c.u64[LR]).toBe(0x1234n * 4n + 4n);
  });
  it('bclr decrements CTR (BO[2]=0) and tests CR', () => {
    const c = newCpu();
    c.u64[LR] = 0x8000n;
    c.u64[CTR] = 1n;
    run(c, 'bclr', { BO: 16, BI: 0, BH: 0 }); // CTR → 0: not taken
    expect(nia(c)).toBe(0x1004n);
    expect(c.u64[CTR]).toBe(0n);
    c.u32[W_CR] = 0x40000000; // CR bit 1 set
    run(c, 'bclr', { BO: 12, BI: 1, BH: 0 });
    expect(nia(c)).toBe(0x8000n);
  });
  it('bclr target truncated to 32 bits in 32-bit mode', () => {
    const c = newCpu({ sf: false });
    c.u64[LR] = 0x123456789n;
    run(c, 'bclr', { BO: 20, BI: 0, BH: 0 });
    expect(nia(c)).toBe(0x23456788n);
  });
  it('bcctr / bcctrl', () => {
    const c = newCpu();
    c.u64[CTR] = 0x9000n;
    run(c, 'bcctrl', { BO: 20, BI: 0, BH: 0 });
    expect(nia(c)).toBe(0x9000n);
    expect(c.u64[LR]).toBe(0x1004n);
    expect(c.u64[CTR]).toBe(0x9000n);
    c.u32[W_CR] = 0x80000000;
    run(c, 'bcctr', { BO: 4, BI: 0, BH: 0 }); // wants CR bit 0 = 0: not taken
    expect(nia(c)).toBe(0x1004n);
  });
  it('bcctr with BO[2]=0 (invalid form): test the old CTR, decrement only if it passes (QEMU 7.2)', () => {
    const c = newCpu();
    c.u64[CTR] = 0x3000n;
    run(c, 'bcctr', { BO: 16, BI: 0, BH: 0 }); // CTR≠0 → decrement, branch to the OLD CTR
    expect(c.u64[CTR]).toBe(0x2fffn);
    expect(nia(c)).toBe(0x3000n);
    c.u64[CTR] = 0n;
    run(c, 'bcctr', { BO: 16, BI: 0, BH: 0 }); // CTR=0: not taken, CTR unchanged
    expect(c.u64[CTR]).toBe(0n);
    expect(nia(c)).toBe(0x1004n);
    run(c, 'bcctr', { BO: 18, BI: 0, BH: 0 }); // branch if CTR=0: taken to 0, CTR → -1
    expect(nia(c)).toBe(0n);
    expect(c.u64[CTR]).toBe(0xffffffffffffffffn);
    c.u64[CTR] = 0x4000n;
    c.u32[W_CR] = 0;
    run(c, 'bcctr', { BO: 8, BI: 0, BH: 0 }); // CTR passes (decremented) but CR fails
    expect(c.u64[CTR]).toBe(0x3fffn);
    expect(nia(c)).toBe(0x1004n);
  });
  it('bctar / bctarl branch to TAR', () => {
    const c = newCpu();
    c.u64[SPR + SPR_TAR] = 0xabcdeff0n;
    run(c, 'bctarl', { BO: 20, BI: 0, BH: 0 });
    expect(nia(c)).toBe(0xabcdeff0n);
    expect(c.u64[LR]).toBe(0x1004n);
    c.u64[CTR] = 1n;
    run(c, 'bctar', { BO: 16, BI: 0, BH: 0 }); // CTR → 0: not taken
    expect(nia(c)).toBe(0x1004n);
  });
});

describe('sc', () => {
  it('sc 0: system call interrupt, SRR0 = CIA + 4', () => {
    const c = newCpu();
    expect(exec(c, 'sc', word('sc', { LEV: 0 }), 0x2000n)).toBe(false);
    expect(nia(c)).toBe(0xc00n);
    expect(srr0(c)).toBe(0x2004n);
  });
  it('sc 1 from supervisor state is a hypercall; from problem state H_PRIVILEGE', () => {
    let calls = 0;
    const c = newCpu({}, { hcall(cpu) { calls++; setGpr(cpu, 3, 0n); } });
    setGpr(c, 3, 0x1234n);
    expect(run(c, 'sc', { LEV: 1 })).toBe(true);
    expect(calls).toBe(1);
    expect(gpr(c, 3)).toBe(0n);
    expect(nia(c)).toBe(0x1004n);
    const p = newCpu({ pr: true }, { hcall() { calls++; } });
    expect(run(p, 'sc', { LEV: 1 })).toBe(true);
    expect(gpr(p, 3)).toBe(0xfffffffffffffffdn);
    expect(calls).toBe(1);
  });
});
