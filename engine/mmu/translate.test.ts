// EA → RA through the SLB and the hashed page table (Power ISA 2.07 Book III-S §5.7.6-5.7.8).
// Every expected value below is worked out by hand from the ISA in the comments. The HPT is
// 2^18 bytes: 2^11 PTEGs, so the PTEG is hash & 0x7ff and HPTE n sits at byte 16n.
//
// Virtual address (§5.7.6): 256 MB segment VA = VSID(0:49) || EA(36:63); 1 TB segment
// VA = VSID(0:37) || EA(24:63). AVA (HPTE bits 2:56) = VA(0:54).
// Primary hash (§5.7.7.3): 256 MB: VSID ^ (EA(36:63) >> p); 1 TB: VSID ^ (VSID << 25) ^
// (EA(24:63) >> p); secondary hash = ~primary.
import { describe, expect, test } from 'vitest';
import {
  dar, dsisr, exec, fetch, gpr, hpte, hpteWords, load, mmuCpu, peek32, poke32, slb, srr0, srr1Cause, store,
} from './test-harness.js';
import { GPR, SPR, SPR_DSISR } from '../cpu/regs.js';

// Case A: 256 MB segment ESID 3, VSID 0x0A5A5, 4 KB pages (SLB RS = VSID << 12).
// EA 0x3456_7ABC: EA(36:63) = 0x456_7ABC, page 0x4567, offset 0xABC.
//   hash = 0x0A5A5 ^ 0x4567 = 0x0E0C2 → PTEG 0x0C2 → HPTEs 0x610-0x617.
//   EA(36:40) = 0x456_7ABC >> 23 = 0x08 → dword 0 = 0x0A5A5 << 12 | 0x08 << 7 | V
//   = 0x0A5A_5401.
const A = { rs: 0x0a5a5000n, esid: 0x30000000n, ea: 0x34567abcn, ptex: 0x613, d0: 0x0a5a5401n };
// dword 1: RA page 0x42000, WIMG = 0010 (M), PP = 010 (read/write for key 0 and 1).
const A_D1 = 0x42012n;

describe('256 MB segment, 4 KB page', () => {
  test('primary hash: the load reads RA 0x42ABC and sets R only', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0, A_D1);
    poke32(c, 0x42abc, 0xdeadbeef);
    expect(load(c, A.ea)).toBe(true);
    expect(gpr(c, 5)).toBe(0xdeadbeefn);
    expect(hpteWords(c, A.ptex)[1]).toBe(A_D1 | 0x100n); // R (bit 55)
  });

  test('a store writes RA 0x42ABC and sets R and C (bit 56), as byte stores into dword 1', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0, A_D1);
    expect(store(c, A.ea, 0x01020304)).toBe(true);
    expect(peek32(c, 0x42abc)).toBe(0x01020304);
    const b = c.mmu.hpt!.bytes;
    // dword 1 0x42012 → byte 14 = 0x20 (RA bits 48:55) | R 0x01; byte 15 = C 0x80 | M | PP 2.
    expect([b[A.ptex * 16 + 14], b[A.ptex * 16 + 15]]).toEqual([0x21, 0x92]);
  });

  test('secondary hash: EA 0x3456_8ABC, page 0x4568: hash 0x0E0CD, ~hash & 0x7ff = 0x732', () => {
    // HPTEs 0x3990-0x3997; dword 0 needs H = 1: 0x0A5A_5401 | 0x2.
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, 0x3990 + 5, A.d0 | 2n, 0x43012n);
    poke32(c, 0x43abc, 0x5eccdd01);
    expect(load(c, 0x34568abcn)).toBe(true);
    expect(gpr(c, 5)).toBe(0x5eccdd01n);
  });

  test('near misses are not used: H wrong for the PTEG, AVA one bit off, B = 1, L = 1, V = 0', () => {
    for (const [what, n, d0] of [
      ['H = 1 in the primary PTEG', A.ptex, A.d0 | 2n],
      ['H = 0 in the secondary PTEG (0x739 for page 0x4567)', 0x739 * 8, A.d0],
      ['AVA bit 56 flipped', A.ptex, A.d0 ^ 0x80n],
      ['B = 01 (1 TB)', A.ptex, A.d0 | 0x4000000000000000n],
      ['L = 1 (a large page in a 4 KB segment)', A.ptex, A.d0 | 4n],
      ['V = 0', A.ptex, A.d0 & ~1n],
    ] as const) {
      const c = mmuCpu();
      slb(c, 0, A.rs, A.esid);
      hpte(c, n, d0, A_D1);
      expect(load(c, A.ea), what).toBe(false);
      expect(c.pc, what).toBe(0x300n);
      expect(dsisr(c), what).toBe(0x40000000n); // DSISR bit 33: no HPTE
      expect(dar(c), what).toBe(A.ea);
    }
  });

  test('the SW bits (57:60) play no part in the match', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0 | 0x78n, A_D1);
    expect(load(c, A.ea)).toBe(true);
  });
});

describe('64 KB pages and 1 TB segments', () => {
  test('256 MB segment, 64 KB page (SLB L||LP = 0b1_01, HPTE L = 1, LP bits 48:51 = 0001)', () => {
    // VSID 0x0C3C3, ESID 5, EA 0x5ABC_DEF0: EA(36:63) = 0xABC_DEF0, 64 KB page 0xABC,
    // offset 0xDEF0. hash = 0x0C3C3 ^ 0xABC = 0x0C97F → PTEG 0x17F → HPTEs 0xBF8-0xBFF.
    // EA(36:40) = 0xABC_DEF0 >> 23 = 0x15: dword 0 = 0x0C3C3 << 12 | 0x15 << 7 | L | V
    // = 0x0C3C_3A85. dword 1 = RA 0x60000 | LP 0x1000 | M | PP 2 = 0x61012. RA = 0x6DEF0.
    const c = mmuCpu();
    slb(c, 1, (0x0c3c3n << 12n) | 0x110n, 0x50000000n);
    hpte(c, 0xbf8 + 2, 0x0c3c3a85n, 0x61012n);
    poke32(c, 0x6def0, 0x64646464);
    expect(load(c, 0x5abcdef0n)).toBe(true);
    expect(gpr(c, 5)).toBe(0x64646464n);
    // The same HPTE with LP 0000 is not a 64 KB page: no match.
    const d = mmuCpu();
    slb(d, 1, (0x0c3c3n << 12n) | 0x110n, 0x50000000n);
    hpte(d, 0xbf8 + 2, 0x0c3c3a85n, 0x60012n);
    expect(load(d, 0x5abcdef0n)).toBe(false);
    expect(dsisr(d)).toBe(0x40000000n);
  });

  test('1 TB segment, 4 KB page via the primary hash', () => {
    // VSID 0x1234 (1 TB: RS = B 01 | VSID << 24 = 0x4000_0012_3400_0000), EA(0:23) = 1.
    // EA 0x0000_0107_6543_2ABC: EA(24:63) = 0x07_6543_2ABC, page 0x765432.
    //   hash = 0x1234 ^ 0x1234 << 25 ^ 0x765432 = 0x24_6876_4606 → PTEG 0x606 → 0x3030.
    //   EA(24:40) = 0x07_6543_2ABC >> 23 = 0xECA: dword 0 = B 01 | 0x1234 << 24 | 0xECA << 7
    //   | V = 0x4000_0012_3407_6501. RA = 0x71000 | 0xABC.
    const c = mmuCpu();
    slb(c, 2, 0x4000001234000000n, 0x0000010000000000n);
    hpte(c, 0x3030 + 7, 0x4000001234076501n, 0x71012n);
    poke32(c, 0x71abc, 0x1e1e1e1e);
    expect(load(c, 0x0000010765432abcn)).toBe(true);
    expect(gpr(c, 5)).toBe(0x1e1e1e1en);
  });

  test('1 TB segment, 64 KB page via the secondary hash', () => {
    // VSID 0x2B2B, 64 KB pages (RS = 0x4000_002B_2B00_0110), EA(0:23) = 2.
    // EA 0x0000_02F0_F123_4564: EA(24:63) = 0xF0_F123_4564, 64 KB page 0xF0F123.
    //   hash = 0x2B2B ^ 0x2B2B << 25 ^ 0xF0F123 = 0x56_56F0_DA08; ~hash & 0x7ff = 0x5F7 →
    //   HPTEs 0x2FB8-0x2FBF. EA(24:40) = 0x1E1E2: dword 0 = B 01 | 0x2B2B << 24 |
    //   0x1E1E2 << 7 | L | H | V = 0x4000_002B_2BF0_F107. RA = 0x80000 | 0x4564.
    const c = mmuCpu();
    slb(c, 4, 0x4000002b2b000110n, 0x0000020000000000n);
    hpte(c, 0x2fb8, 0x4000002b2bf0f107n, 0x81012n);
    poke32(c, 0x84564, 0xabcd1234);
    expect(load(c, 0x000002f0f1234564n)).toBe(true);
    expect(gpr(c, 5)).toBe(0xabcd1234n);
  });
});

describe('segment and storage interrupts', () => {
  test('no SLB entry: data segment interrupt 0x380, DAR = EA, DSISR left as it was', () => {
    const c = mmuCpu();
    c.u64[SPR + SPR_DSISR] = 0x12345678n;
    expect(load(c, 0x7000_0010n)).toBe(false);
    expect(c.pc).toBe(0x380n);
    expect(dar(c)).toBe(0x70000010n);
    expect(dsisr(c)).toBe(0x12345678n);
    expect(srr0(c)).toBe(0x1000n);
  });

  test('no SLB entry for a fetch: instruction segment interrupt 0x480, SRR0 = EA', () => {
    const c = mmuCpu();
    expect(fetch(c, 0x7000_0000n)).toBe(0x480n);
    expect(srr0(c)).toBe(0x70000000n);
    expect(srr1Cause(c)).toBe(0n);
  });

  test('no HPTE: DSI with DSISR bit 33 (+ 38 for a store); ISI with SRR1 bit 33', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    expect(store(c, A.ea, 1)).toBe(false);
    expect(c.pc).toBe(0x300n);
    expect(dsisr(c)).toBe(0x42000000n);
    expect(fetch(c, 0x34567000n)).toBe(0x400n);
    expect(srr1Cause(c)).toBe(0x40000000n);
  });

  test('32-bit mode: EA bits 0:31 are ignored (EA 0xFFFF_FFFF_3456_7ABC is 0x3456_7ABC)', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0, A_D1);
    poke32(c, 0x42abc, 0x32323232);
    c.setMsr(0x1010n); // ME | DR, SF = 0
    c.u64[GPR + 4] = 0xffffffff_34567abcn;
    expect(exec(c, 'lwz', { RT: 5, RA: 4, D: 0 })).toBe(true);
    expect(gpr(c, 5)).toBe(0x32323232n);
  });
});

describe('accesses across a page boundary', () => {
  // Two EA pages of segment A: page 0x4567 (RA 0x42000) and 0x4568 (secondary, RA 0x50000):
  // not adjacent in RAM, so the word at EA 0x3456_7FFE takes bytes 0x42FFE-F and 0x50000-1.
  const twoPages = () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0, A_D1);
    hpte(c, 0x3990, A.d0 | 2n, 0x50012n);
    return c;
  };
  test('a load takes its bytes from both real pages', () => {
    const c = twoPages();
    poke32(c, 0x42ffc, 0x0000aabb);
    poke32(c, 0x50000, 0xccdd0000);
    expect(load(c, 0x34567ffen)).toBe(true);
    expect(gpr(c, 5)).toBe(0xaabbccddn);
  });
  test('a store puts its bytes in both real pages and sets C in both HPTEs', () => {
    const c = twoPages();
    expect(store(c, 0x34567ffen, 0x11223344)).toBe(true);
    expect(peek32(c, 0x42ffc) & 0xffff).toBe(0x1122);
    expect(peek32(c, 0x50000) >>> 16).toBe(0x3344);
    expect(hpteWords(c, A.ptex)[1] & 0x180n).toBe(0x180n);
    expect(hpteWords(c, 0x3990)[1] & 0x180n).toBe(0x180n);
  });
  test('no HPTE for the second page: DSI with DAR = the first byte of that page', () => {
    const c = mmuCpu();
    slb(c, 0, A.rs, A.esid);
    hpte(c, A.ptex, A.d0, A_D1);
    expect(load(c, 0x34567ffen)).toBe(false);
    expect(dar(c)).toBe(0x34568000n);
    expect(dsisr(c)).toBe(0x40000000n);
  });
});
