// The page frame table hypercalls (PAPR §14.5.4.1) as QEMU 7.2 implements them: return
// codes H_SUCCESS 0, H_PARAMETER -4, H_PTEG_FULL -6, H_NOT_FOUND -7, H_FUNCTION -2 (not
// offered). The machine has 512 MiB of RAM, so its HPT is 2^22 bytes (ibm,pft-size):
// 2^15 PTEGs, valid HPTE indices 0..0x3ffff. Values marked "QEMU" were seen on QEMU 7.2.
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { GPR } from '../cpu/regs.js';
import type { Machine } from '../machine.js';
import { HcallTable } from './hcalls.js';
import { registerHpt } from './hcalls-hpt.js';

const H_ENTER = 0x08, H_REMOVE = 0x04, H_READ = 0x0c, H_PROTECT = 0x18, H_BULK_REMOVE = 0x124;
const H_CLEAR_MOD = 0x10, H_CLEAR_REF = 0x14, H_SET_MODE = 0x31c;
const H_EXACT = 1n << 39n, H_READ_4 = 1n << 37n, H_AVPN = 1n << 31n, H_ANDCOND = 1n << 30n;

// One valid 4 KB HPTE: VSID 0x123456 in a 256 MB segment for EA 0x1000_0000 (page 0):
// dword 0 = VSID << 12 | V = 0x1_2345_6001; dword 1 = RA 0x90000 | M | PP 2 = 0x90012.
// Its primary PTEG is 0x123456 & 0x7fff = 0x3456 → HPTEs 0x1A2B0..0x1A2B7.
const PTEH = 0x123456001n, PTEL = 0x90012n, GROUP = 0x1a2b0n;

function machine(): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] })).m;
}

/** Make hypercall `nr` with r4.. = args; returns r3 as a signed value. */
function call(m: Machine, nr: number, ...args: bigint[]): bigint {
  const c = m.cpu;
  c.u64[GPR + 3] = BigInt(nr);
  args.forEach((a, i) => { c.u64[GPR + 4 + i] = BigInt.asUintN(64, a); });
  m.hcalls.dispatch(c);
  return c.i64[GPR + 3];
}
const r = (m: Machine, n: number): bigint => m.cpu.u64[GPR + n];

describe('H_ENTER', () => {
  test('fills the first free slot of the PTEG and returns its index; SW bit 57 set as QEMU does', () => {
    const m = machine();
    expect(call(m, H_ENTER, 0n, GROUP + 5n, PTEH, PTEL)).toBe(0n);
    expect(r(m, 4)).toBe(GROUP); // slot 0: the low 3 bits of ptex are ignored without H_EXACT
    expect(call(m, H_ENTER, 0n, GROUP, PTEH | 0x60n, PTEL)).toBe(0n);
    expect(r(m, 4)).toBe(GROUP + 1n);
    // pteh bits 57:58 are cleared, then QEMU's dirty bit (57) set: v = PTEH | 0x40 (QEMU).
    expect(m.cpu.mmu.hpt!.hpte(Number(GROUP) + 1)).toEqual([PTEH | 0x40n, PTEL]);
  });

  test('H_EXACT: exactly ptex, H_PTEG_FULL if it is taken; a full PTEG is H_PTEG_FULL', () => {
    const m = machine();
    expect(call(m, H_ENTER, H_EXACT, GROUP + 2n, PTEH, PTEL)).toBe(0n);
    expect(r(m, 4)).toBe(GROUP + 2n);
    expect(call(m, H_ENTER, H_EXACT, GROUP + 2n, PTEH, PTEL)).toBe(-6n);
    for (let i = 0; i < 7; i++) expect(call(m, H_ENTER, 0n, GROUP, PTEH, PTEL)).toBe(0n);
    expect(call(m, H_ENTER, 0n, GROUP, PTEH, PTEL)).toBe(-6n);
  });

  test('H_PARAMETER: a page size it does not offer, RAM not WIMG = 0010, I/O not WIM = 01x, ptex beyond the table', () => {
    const m = machine();
    expect(call(m, H_ENTER, 0n, GROUP, PTEH | 4n, PTEL)).toBe(-4n); // L = 1, LP 0000 (16 MB): QEMU
    expect(call(m, H_ENTER, 0n, GROUP, PTEH | 4n, 0x1002012n)).toBe(-4n); // LP 0010
    expect(call(m, H_ENTER, 0n, GROUP, PTEH, 0x90002n)).toBe(-4n); // WIMG 0000 in RAM: QEMU
    expect(call(m, H_ENTER, 0n, GROUP, PTEH, 0x90018n)).toBe(-4n); // WIMG 0011 (M|G) in RAM
    expect(call(m, H_ENTER, 0n, GROUP, PTEH, 0x40000002n)).toBe(-4n); // I/O, WIMG 0000
    expect(call(m, H_ENTER, 0n, 0x40000n, PTEH, PTEL)).toBe(-4n); // PTEG 0x8000: QEMU
    // accepted: a 64 KB page (L = 1, LP 0001), I/O with I|G and with I|M|G, the last PTEG
    expect(call(m, H_ENTER, 0n, GROUP, PTEH | 4n, 0x1001012n)).toBe(0n);
    expect(call(m, H_ENTER, 0n, 0x8000n, 0x111001n, 0x4000002an)).toBe(0n);
    expect(call(m, H_ENTER, 0n, 0x8000n, 0x111001n, 0x4000003an)).toBe(0n);
    expect(call(m, H_ENTER, 0n, 0x3fff8n, PTEH, PTEL)).toBe(0n);
    expect(r(m, 4)).toBe(0x3fff8n);
  });
});

describe('H_READ', () => {
  test('one HPTE, or four from ptex & ~3 with H_READ_4; beyond the table H_PARAMETER', () => {
    const m = machine();
    call(m, H_ENTER, H_EXACT, GROUP + 1n, PTEH, PTEL);
    call(m, H_ENTER, H_EXACT, GROUP + 3n, PTEH | 2n, PTEL | 1n);
    expect(call(m, H_READ, 0n, GROUP + 1n)).toBe(0n);
    expect([r(m, 4), r(m, 5)]).toEqual([PTEH | 0x40n, PTEL]);
    expect(call(m, H_READ, H_READ_4, GROUP + 2n)).toBe(0n);
    expect([r(m, 4), r(m, 5), r(m, 6), r(m, 7), r(m, 8), r(m, 9), r(m, 10), r(m, 11)])
      .toEqual([0n, 0n, PTEH | 0x40n, PTEL, 0n, 0n, PTEH | 0x42n, PTEL | 1n]);
    expect(call(m, H_READ, 0n, 0x40000n)).toBe(-4n);
  });
});

describe('H_REMOVE', () => {
  test('returns the old HPTE in r4/r5 and leaves dword 0 = the SW dirty bit alone (QEMU)', () => {
    const m = machine();
    call(m, H_ENTER, 0n, GROUP, PTEH, PTEL);
    expect(call(m, H_REMOVE, 0n, GROUP, 0n)).toBe(0n);
    expect([r(m, 4), r(m, 5)]).toEqual([PTEH | 0x40n, PTEL]);
    expect(m.cpu.mmu.hpt!.hpte(Number(GROUP))).toEqual([0x40n, 0n]);
    expect(call(m, H_REMOVE, 0n, GROUP, 0n)).toBe(-7n); // V = 0 now
  });

  test('H_AVPN compares dword 0 bits 0:56; H_ANDCOND needs dword 0 AND avpn = 0', () => {
    const m = machine();
    call(m, H_ENTER, 0n, GROUP, PTEH, PTEL);
    expect(call(m, H_REMOVE, H_AVPN, GROUP, 0x1234n)).toBe(-7n);
    // dword 0 = 0x1_2345_6041 (with the SW bit): AND 0x4000 ≠ 0 → not removed.
    expect(call(m, H_REMOVE, H_ANDCOND, GROUP, 0x4000n)).toBe(-7n);
    expect(m.cpu.mmu.hpt!.hpte(Number(GROUP))[0]).toBe(PTEH | 0x40n);
  });

  test('H_ANDCOND and H_AVPN hits; beyond the table H_PARAMETER', () => {
    const m = machine();
    call(m, H_ENTER, H_EXACT, GROUP, PTEH, PTEL);
    call(m, H_ENTER, H_EXACT, GROUP + 1n, PTEH, PTEL);
    // PTEH | 0x40 = 0x1_2345_6041: AND 0x2 = 0 → removed; bits 0:56 = 0x1_2345_6000 = avpn.
    expect(call(m, H_REMOVE, H_ANDCOND, GROUP, 0x2n)).toBe(0n);
    expect(call(m, H_REMOVE, H_AVPN, GROUP + 1n, 0x123456000n)).toBe(0n);
    expect(call(m, H_REMOVE, 0n, 0x40000n, 0n)).toBe(-4n);
  });
});

describe('H_PROTECT', () => {
  test('PP0 ← flags bit 55, key(0:1) ← bits 50:51, PP, N and key(2:4) in place (QEMU)', () => {
    // dword 1 0x90013 with flags 0x3106 → 0xB000_0000_0009_0016 (measured on QEMU 7.2):
    // PP0 (0x100 << 55), key hi (0x3000 << 48), PP 2 | N; the old PP 3 is gone.
    const m = machine();
    call(m, H_ENTER, 0n, GROUP, PTEH, 0x90013n);
    expect(call(m, H_PROTECT, 0x3106n, GROUP, 0n)).toBe(0n);
    expect(m.cpu.mmu.hpt!.hpte(Number(GROUP))).toEqual([PTEH | 0x40n, 0xb000000000090016n]);
    expect(call(m, H_PROTECT, H_AVPN | 0x55n, GROUP, 0n)).toBe(-7n);
    expect(call(m, H_PROTECT, 0n, GROUP + 1n, 0n)).toBe(-7n);
    expect(call(m, H_PROTECT, 0n, 0x40000n, 0n)).toBe(-4n);
  });
});

describe('H_BULK_REMOVE', () => {
  test('answers each request in place; R|C at bits 12:13 (QEMU 7.2\'s shift by 43)', () => {
    // The sequence run on QEMU 7.2: three HPTEs in GROUP, slot 0 stored to (R, C set).
    const m = machine();
    for (let i = 0; i < 3; i++) call(m, H_ENTER, 0n, GROUP, PTEH, PTEL);
    m.cpu.mmu.hpt!.bytes[Number(GROUP) * 16 + 15] |= 0x80; // C
    m.cpu.mmu.hpt!.bytes[Number(GROUP) * 16 + 14] |= 0x01; // R
    expect(call(m, H_BULK_REMOVE,
      0x4000000000000000n | GROUP, 0n, // absolute
      0x4200000000000000n | (GROUP + 1n), 0x1000n, // AVPN, wrong
      0x4200000000000000n | (GROUP + 2n), 0x123456000n, // AVPN, right
      0xc000000000000000n, 0n)).toBe(0n);
    expect(r(m, 4)).toBe(0x800c00000001a2b0n); // response, success, R|C << 43
    expect(r(m, 6)).toBe(0x920000000001a2b1n); // response, not found (1 << 60), AVPN kept
    expect(r(m, 8)).toBe(0x820000000001a2b2n);
    expect(r(m, 10)).toBe(0xc000000000000000n);
    expect(m.cpu.mmu.hpt!.hpte(Number(GROUP) + 1)[0]).toBe(PTEH | 0x40n);
  });

  test('ANDCOND with AVPN, a bad type, a ptex beyond the table: H_PARAMETER (QEMU)', () => {
    const m = machine();
    expect(call(m, H_BULK_REMOVE, 0x4300000000000000n | (GROUP + 1n), 0n)).toBe(-4n);
    expect(r(m, 4)).toBe(0xa30000000001a2b1n);
    call(m, H_ENTER, H_EXACT, GROUP + 1n, PTEH, PTEL);
    expect(call(m, H_BULK_REMOVE, 0x4000000000000000n | (GROUP + 1n), 0n, 0x8000000000000000n, 0n)).toBe(-4n);
    expect(r(m, 4)).toBe(0x800000000001a2b1n); // the first request was done
    expect(call(m, H_BULK_REMOVE, 0x4000000000040000n, 0n)).toBe(-4n);
    expect(r(m, 4)).toBe(0xa000000000040000n);
    // four requests, none found: H_SUCCESS
    expect(call(m, H_BULK_REMOVE, 0x4000000000000005n, 0n, 0x4000000000000006n, 0n,
      0x4000000000000007n, 0n, 0x4000000000000008n, 0n)).toBe(0n);
    expect(r(m, 10)).toBe(0x9000000000000008n);
  });
});

describe('H_CLEAR_REF / H_CLEAR_MOD', () => {
  test('not offered by QEMU 7.2: H_FUNCTION', () => {
    const m = machine();
    expect(call(m, H_CLEAR_REF, 0n, GROUP)).toBe(-2n);
    expect(call(m, H_CLEAR_MOD, 0n, GROUP)).toBe(-2n);
  });
  test('PAPR\'s, when registered: r4 = the old dword 1, the bit cleared; V = 0 H_NOT_FOUND', () => {
    const m = machine();
    const t = new HcallTable();
    registerHpt(t, { clearRefMod: true });
    call(m, H_ENTER, 0n, GROUP, PTEH, PTEL | 0x180n);
    const c = m.cpu;
    const hc = (nr: number, ptex: bigint) => { c.u64[GPR + 3] = BigInt(nr); c.u64[GPR + 4] = 0n; c.u64[GPR + 5] = ptex; t.dispatch(c); return c.i64[GPR + 3]; };
    expect(hc(H_CLEAR_REF, GROUP)).toBe(0n);
    expect(r(m, 4)).toBe(PTEL | 0x180n);
    expect(hc(H_CLEAR_MOD, GROUP)).toBe(0n);
    expect(r(m, 4)).toBe(PTEL | 0x80n);
    expect(c.mmu.hpt!.hpte(Number(GROUP))[1]).toBe(PTEL);
    expect(hc(H_CLEAR_REF, GROUP + 1n)).toBe(-7n);
    expect(hc(H_CLEAR_REF, 0x40000n)).toBe(-4n);
  });
});

describe('H_SET_MODE (resource numbers as QEMU 7.2 has them)', () => {
  test('resource 3 is the address-translation mode: AIL 0, 2, 3 accepted, 1 reserved', () => {
    const m = machine();
    expect([0n, 1n, 2n, 3n].map((f) => call(m, H_SET_MODE, f, 3n, 0n, 0n))).toEqual([0n, -256n, 0n, 0n]);
    expect((m.cpu.spr(318) >> 23n) & 3n).toBe(3n);
  });
  test('resource 4 is the interrupt endianness: 0 and 1 accepted', () => {
    const m = machine();
    expect([0n, 1n, 2n, 3n].map((f) => call(m, H_SET_MODE, f, 4n, 0n, 0n))).toEqual([0n, 0n, -256n, -256n]);
  });
});
