// The software TLB is a cache: only what the ISA guarantees is tested. After an HPTE
// changes, the old translation may still be used until a TLB invalidation (Book III-S §5.10),
// so the tests check the new translation after tlbiel (or the event that drops it), never
// that the old one persists without one. Page: ESID 3, VSID 0x0A5A5, EA 0x3456_7000 →
// HPTE 0x613 (translate.test.ts).
import { describe, expect, test } from 'vitest';
import { exec, fetch, gpr, hpte, hpteWords, load, mmuCpu, poke32, slb, store } from './test-harness.js';
import { GPR } from '../cpu/regs.js';
import { encode } from '../isa/encode.js';

const EA = 0x34567000n, PTEX = 0x613, D0 = 0x0a5a5401n, RS = 0x0a5a5000n;
const d1 = (ra: number, pp = 2) => BigInt(ra) | 0x10n | BigInt(pp);

function mapped() {
  const c = mmuCpu();
  slb(c, 0, RS, 0x30000000n);
  hpte(c, PTEX, D0, d1(0x42000));
  poke32(c, 0x42000, 0x42424242);
  poke32(c, 0x43000, 0x43434343);
  return c;
}

describe('invalidation', () => {
  test('tlbiel: a changed HPTE is used from the next access on', () => {
    const c = mapped();
    expect(load(c, EA)).toBe(true);
    expect(gpr(c, 5)).toBe(0x42424242n);
    hpte(c, PTEX, D0, d1(0x43000)); // the hypervisor moves the page (no invalidation yet)
    c.setMsr(0x8000000000001000n);
    c.u64[GPR + 4] = EA;
    expect(exec(c, 'tlbiel', { RB: 4 })).toBe(true);
    expect(load(c, EA)).toBe(true);
    expect(gpr(c, 5)).toBe(0x43434343n);
  });

  test('tlbie is hypervisor-privileged on POWER8: a guest takes a privileged program interrupt', () => {
    const c = mapped();
    expect(exec(c, 'tlbie', { RB: 4, RS: 0 })).toBe(false);
    expect(c.pc).toBe(0x700n);
  });

  test('slbie: the segment is gone for cached translations too (data segment interrupt)', () => {
    const c = mapped();
    expect(load(c, EA)).toBe(true);
    c.setMsr(0x8000000000001000n);
    c.u64[GPR + 4] = EA;
    expect(exec(c, 'slbie', { RB: 4 })).toBe(true);
    expect(load(c, EA)).toBe(false);
    expect(c.pc).toBe(0x380n);
  });

  test('slbmte replacing an entry: the new segment translates, with its own VSID', () => {
    // VSID 0x0B5A5 gives page 0x4567 the hash 0x0B5A5 ^ 0x4567 = 0x0F0C2 → PTEG 0x0C2 too
    // (same low 11 bits), dword 0 = 0x0B5A_5401; place it in slot 4 (HPTE 0x614).
    const c = mapped();
    expect(load(c, EA)).toBe(true);
    hpte(c, 0x614, 0x0b5a5401n, d1(0x43000));
    slb(c, 0, 0x0b5a5000n, 0x30000000n);
    expect(load(c, EA)).toBe(true);
    expect(gpr(c, 5)).toBe(0x43434343n);
  });

  test('slbmte with Ks changed: the new key applies (PP 001 with Ks = 1 is read only)', () => {
    const c = mmuCpu();
    slb(c, 0, RS, 0x30000000n);
    hpte(c, PTEX, D0, d1(0x42000, 1));
    expect(store(c, EA, 1)).toBe(true);
    slb(c, 0, RS | 0x800n, 0x30000000n);
    expect(store(c, EA, 2)).toBe(false);
    expect(c.pc).toBe(0x300n);
  });

  test('mmu.invalidatePage(ea) drops that page\'s translation (the hypervisor\'s tlbie)', () => {
    const c = mapped();
    expect(load(c, EA + 4n)).toBe(true);
    hpte(c, PTEX, D0, d1(0x43000));
    c.mmu.invalidatePage(EA + 0x800n);
    expect(load(c, EA)).toBe(true);
    expect(gpr(c, 5)).toBe(0x43434343n);
  });

  test('mmu.flush() after a direct edit of hpt.bytes', () => {
    const c = mapped();
    expect(load(c, EA)).toBe(true);
    c.mmu.hpt!.bytes.fill(0, PTEX * 16, PTEX * 16 + 16);
    c.mmu.flush();
    expect(load(c, EA)).toBe(false);
    expect(c.pc).toBe(0x300n);
  });
});

describe('what a cached translation may and may not skip', () => {
  test('a load caches no write permission: the first store still walks and sets C', () => {
    const c = mapped();
    expect(load(c, EA)).toBe(true);
    expect(hpteWords(c, PTEX)[1] & 0x180n).toBe(0x100n);
    expect(store(c, EA, 7)).toBe(true);
    expect(hpteWords(c, PTEX)[1] & 0x180n).toBe(0x180n);
  });

  test('problem and privileged state do not share translations (Kp = 1, PP 000)', () => {
    const c = mmuCpu();
    slb(c, 0, RS | 0x400n, 0x30000000n); // Kp = 1: no access from problem state
    hpte(c, PTEX, D0, d1(0x42000, 0));
    expect(load(c, EA, false)).toBe(true);
    expect(load(c, EA, true)).toBe(false);
    expect(c.pc).toBe(0x300n);
    expect(load(c, EA, false)).toBe(true);
  });

  test('translated code: a store into the real page is seen by the next fetch', () => {
    const c = mapped();
    const li = (v: number) => encode('addi', { RT: 3, RA: 0, SI: v });
    c.ram.dv.setUint32(0x42100, li(1));
    expect(fetch(c, EA + 0x100n)).toBe(EA + 0x104n);
    expect(gpr(c, 3)).toBe(1n);
    expect(store(c, EA + 0x100n, li(2))).toBe(true);
    expect(fetch(c, EA + 0x100n)).toBe(EA + 0x104n);
    expect(gpr(c, 3)).toBe(2n);
  });
});
