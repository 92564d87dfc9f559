// Storage protection (Power ISA 2.07 Book III-S §5.7.9) and the interrupts it causes
// (§6.5.3 DSI: DSISR bit 36 protection, 38 store, 42 key; §6.5.5 ISI: SRR1 bit 35
// no-execute/guarded, 36 protection, 42 key). One 4 KB page: segment ESID 3, VSID 0x0A5A5,
// EA 0x3456_7000 → HPTE 0x613 (see translate.test.ts for the hash), RA 0x42000.
import { describe, expect, test } from 'vitest';
import { dar, dsisr, exec, fetch, gpr, hpte, hpteWords, load, mmuCpu, poke32, slb, srr0, srr1Cause, store } from './test-harness.js';
import { GPR } from '../cpu/regs.js';
import { encode } from '../isa/encode.js';

const EA = 0x34567000n, PTEX = 0x613, D0 = 0x0a5a5401n, RA = 0x42000;
const VSID_RS = 0x0a5a5000n, KS = 0x800n, KP = 0x400n, SLB_N = 0x200n;

/** dword 1 with PP0||PP = pp, key k, WIMG = M, plus `more` bits. */
const d1 = (pp: number, k = 0, more = 0n): bigint =>
  (BigInt(pp >> 2) << 63n) | (BigInt(k >> 3) << 60n) | BigInt(RA) | (BigInt(k & 7) << 9n) | 0x10n | BigInt(pp & 3) | more;

function page(pp: number, slbFlags: bigint, k = 0, more = 0n) {
  const c = mmuCpu();
  slb(c, 0, VSID_RS | slbFlags, 0x30000000n);
  hpte(c, PTEX, D0, d1(pp, k, more));
  return c;
}

// §5.7.9.2 "PP bits": the ISA's table, written out (not derived from the engine's).
const AUTHORITY: Record<number, ['rw' | 'r' | '-', 'rw' | 'r' | '-']> = {
  0b000: ['rw', '-'], 0b001: ['rw', 'r'], 0b010: ['rw', 'rw'], 0b011: ['r', 'r'], 0b110: ['r', '-'],
  // reserved values: no access (the ISA reserves them; QEMU 7.2 denies them too)
  0b100: ['-', '-'], 0b101: ['-', '-'], 0b111: ['-', '-'],
};

describe('basic protection: every PP value, key from Ks (MSR[PR] = 0) or Kp (PR = 1)', () => {
  const cases: [number, boolean, boolean, boolean][] = [];
  for (const pp of [0, 1, 2, 3, 4, 5, 6, 7]) for (const pr of [false, true]) for (const ks of [false, true]) for (const kp of [false, true]) cases.push([pp, pr, ks, kp]);
  test.each(cases)('PP %i, PR %s, Ks %s, Kp %s', (pp, pr, ks, kp) => {
    const key = (pr ? kp : ks) ? 1 : 0;
    const auth = AUTHORITY[pp][key];
    const flags = (ks ? KS : 0n) | (kp ? KP : 0n);

    const c = page(pp, flags);
    poke32(c, RA + 0x10, 0x600d600d);
    const loaded = load(c, EA + 0x10n, pr);
    expect(loaded).toBe(auth !== '-');
    if (loaded) {
      expect(gpr(c, 5)).toBe(0x600d600dn);
      expect(hpteWords(c, PTEX)[1] & 0x180n).toBe(0x100n); // R only
    } else {
      expect(c.pc).toBe(0x300n);
      expect(dsisr(c)).toBe(0x08000000n); // bit 36
      expect(dar(c)).toBe(EA + 0x10n);
      expect(hpteWords(c, PTEX)[1] & 0x180n).toBe(0n); // nothing recorded for a denied access
    }

    const s = page(pp, flags);
    const stored = store(s, EA + 0x20n, 0x5707e000, pr);
    expect(stored).toBe(auth === 'rw');
    if (stored) {
      expect(s.ram.dv.getUint32(RA + 0x20)).toBe(0x5707e000);
      expect(hpteWords(s, PTEX)[1] & 0x180n).toBe(0x180n); // R and C
    } else {
      expect(dsisr(s)).toBe(0x0a000000n); // bits 36 and 38
      expect(s.ram.dv.getUint32(RA + 0x20)).toBe(0);
      expect(hpteWords(s, PTEX)[1] & 0x180n).toBe(0n);
    }
  });
});

describe('instruction fetch', () => {
  const LI = encode('addi', { RT: 3, RA: 0, SI: 77 });
  const withCode = (pp: number, slbFlags = 0n, k = 0, more = 0n) => {
    const c = page(pp, slbFlags, k, more);
    c.ram.dv.setUint32(RA + 0x40, LI);
    return c;
  };

  test('a fetch with read authority runs the instruction and sets R', () => {
    const c = withCode(3); // read only
    expect(fetch(c, EA + 0x40n)).toBe(EA + 0x44n);
    expect(gpr(c, 3)).toBe(77n);
    expect(hpteWords(c, PTEX)[1] & 0x180n).toBe(0x100n);
  });

  test.each([
    ['HPTE N = 1', 2, 0n, 0n, 0x4n, 0x10000000n],
    ['HPTE G = 1 (guarded)', 2, 0n, 0n, 0x8n, 0x10000000n],
    ['no read authority (PP 000, Kp = 1, problem state)', 0, KP, 0n, 0n, 0x08000000n],
    // Each cause sets its own bit (§6.5.5); QEMU 7.2 reports bit 35 alone here.
    ['N = 1 and no read authority', 0, KS, 0n, 0x4n, 0x18000000n],
  ] as const)('%s: ISI with SRR1 cause %s', (_, pp, slbFlags, _k, more, cause) => {
    const c = withCode(pp, slbFlags, 0, more);
    const pr = slbFlags === KP;
    expect(fetch(c, EA + 0x40n, pr)).toBe(0x400n);
    expect(srr1Cause(c)).toBe(cause);
    expect(srr0(c)).toBe(EA + 0x40n);
    expect(gpr(c, 3)).toBe(0n);
  });

  test('a no-execute segment (SLBE N = 1): ISI, SRR1 bit 35, the page table is not searched (no R)', () => {
    const c = withCode(2, SLB_N);
    expect(fetch(c, EA + 0x40n)).toBe(0x400n);
    expect(srr1Cause(c)).toBe(0x10000000n);
    expect(hpteWords(c, PTEX)[1] & 0x100n).toBe(0n);
    // data accesses to the segment are unaffected
    expect(load(c, EA + 0x40n)).toBe(true);
  });

  test('IAMR bit 2k+1 prohibits fetches from key k pages (SRR1 bit 42); loads still work', () => {
    const c = withCode(2, 0n, 5);
    c.u64[GPR + 9] = 1n << BigInt(63 - 11); // IAMR bit 11 = 2*5+1
    expect(exec(c, 'mtspr', { SPR: 61, RS: 9 })).toBe(true);
    expect(fetch(c, EA + 0x40n)).toBe(0x400n);
    expect(srr1Cause(c)).toBe(0x00200000n);
    expect(load(c, EA + 0x40n)).toBe(true);
  });
});

describe('virtual page class keys (AMR)', () => {
  // Key k: HPTE dword 1 bits 2:3 = k(0:1), bits 52:54 = k(2:4). AMR bit 2k: no stores;
  // bit 2k+1: no loads.
  const amr = (c: ReturnType<typeof mmuCpu>, v: bigint) => {
    c.setMsr(0x8000000000001000n);
    c.u64[GPR + 9] = v;
    expect(exec(c, 'mtspr', { SPR: 29, RS: 9 })).toBe(true);
  };
  test.each([0, 5, 17, 31])('key %i: AMR bit 2k stops stores (DSISR 38|42), bit 2k+1 loads (DSISR 42)', (k) => {
    const c = page(2, 0n, k);
    amr(c, 1n << BigInt(63 - 2 * k));
    expect(load(c, EA)).toBe(true);
    expect(store(c, EA, 1)).toBe(false);
    expect(dsisr(c)).toBe(0x02200000n);
    amr(c, 1n << BigInt(63 - (2 * k + 1)));
    expect(store(c, EA, 1)).toBe(true);
    expect(load(c, EA)).toBe(false);
    expect(dsisr(c)).toBe(0x00200000n);
    // another key's bits do not matter
    amr(c, ~(3n << BigInt(62 - 2 * k)) & 0xffffffffffffffffn);
    expect(load(c, EA)).toBe(true);
    expect(store(c, EA, 2)).toBe(true);
  });

  test('a key and PP both denying: DSISR bits 36, 38 and 42 together', () => {
    const c = page(3, 0n, 4); // read only
    amr(c, 1n << BigInt(63 - 8));
    expect(store(c, EA, 1)).toBe(false);
    expect(dsisr(c)).toBe(0x0a200000n);
  });

  test('an AMR write applies to translations already cached (the ISA: after the mtspr)', () => {
    // QEMU 7.2 keeps using its TLB entry here until something flushes it.
    const c = page(2, 0n, 5);
    expect(load(c, EA)).toBe(true);
    amr(c, 1n << BigInt(63 - 11));
    expect(load(c, EA)).toBe(false);
    expect(dsisr(c)).toBe(0x00200000n);
  });

  test('problem state: mtspr 13 changes only the AMR bits UAMOR allows', () => {
    const c = mmuCpu();
    c.u64[GPR + 9] = 0xf0f0_0000_0000_000fn;
    expect(exec(c, 'mtspr', { SPR: 157, RS: 9 })).toBe(true); // UAMOR
    c.setMsr(0x8000000000005000n); // PR
    c.u64[GPR + 9] = 0xffff_ffff_ffff_ffffn;
    expect(exec(c, 'mtspr', { SPR: 13, RS: 9 })).toBe(true);
    expect(exec(c, 'mfspr', { RT: 10, SPR: 13 })).toBe(true);
    expect(gpr(c, 10)).toBe(0xf0f0_0000_0000_000fn);
  });
});

describe('the MMU registers a guest can and cannot reach (as QEMU 7.2)', () => {
  test('SDR1, LPCR and AMOR are the hypervisor\'s: privileged-instruction program interrupt', () => {
    for (const spr of [25, 318, 349]) {
      const c = mmuCpu();
      expect(exec(c, 'mtspr', { SPR: spr, RS: 9 }), `mtspr ${spr}`).toBe(false);
      expect(srr1Cause(c)).toBe(0x40000n);
      const d = mmuCpu();
      expect(exec(d, 'mfspr', { RT: 9, SPR: spr }), `mfspr ${spr}`).toBe(false);
      expect(srr1Cause(d)).toBe(0x40000n);
    }
  });
  test('IAMR (61) and UAMOR (157) are privileged registers that read back what was written', () => {
    for (const spr of [61, 157]) {
      const c = mmuCpu();
      c.u64[GPR + 9] = 0xffff0000ffff0000n;
      expect(exec(c, 'mtspr', { SPR: spr, RS: 9 })).toBe(true);
      expect(exec(c, 'mfspr', { RT: 10, SPR: spr })).toBe(true);
      expect(gpr(c, 10)).toBe(0xffff0000ffff0000n);
      c.setMsr(0x8000000000005000n);
      expect(exec(c, 'mfspr', { RT: 10, SPR: spr })).toBe(false);
      expect(srr1Cause(c)).toBe(0x40000n);
    }
  });
});
