// The reference model against hand-computed expectations (Power ISA 2.07 Book III-S §5.7).
// The arithmetic is in the comments; the model's code is not used to compute any expected
// value.

import { describe, expect, test } from 'vitest';
import {
  decodeHpte, encodeHpte, primaryHash, ptegs, secondaryHash, slbFromOperands, slbmteRB,
  slbmteRS, translate, writeHpte, type Access, type Hpte, type MmuState, type SlbEntry,
} from './index.js';

const slbe = (o: Partial<SlbEntry>): SlbEntry => ({
  esid: 1n, v: true, b: '256M', vsid: 0x123456n, ks: false, kp: false, n: false, l: false, lp: 0, c: false, ...o,
});
const SEG_64K = { l: true, lp: 0b01 };
const KB256 = 1 << 18; // 2^18-byte table: 2048 PTEGs, PTEG mask 0x7ff

function state(slb: SlbEntry[], hptes: Array<[number, bigint, bigint]>, o: Partial<MmuState> & { pr?: boolean } = {}): MmuState {
  const hpt = new Uint8Array(o.hpt?.length ?? KB256);
  for (const [i, d0, d1] of hptes) writeHpte(hpt, i, d0, d1);
  return { slb, hpt, msr: { pr: o.pr ?? false, ir: true, dr: true }, amr: o.amr ?? 0n, iamr: o.iamr };
}

// ---- The four worked examples -----------------------------------------------------------
//
// (A) 256 MB segment, 4 KB pages, VSID = 0x123456, EA = 0x0000_0000_1234_5678:
//     ESID = EA(0:35) = 0x1; offset in segment EA(36:63) = 0x234_5678;
//     page index EA(36:51) = 0x2345; byte in page 0x678.
//     hash = VSID(11:49) XOR (0^23 || EA(36:51)) = 0x12_3456 ^ 0x2345:
//            1 2 3 4 5 6
//          ^ 0 0 2 3 4 5  = 0x12_1713
//     2048 PTEGs → primary PTEG = 0x12_1713 & 0x7ff = 0x713 (0x1713 = 1_0111_0001_0011, low 11 bits)
//     secondary = ~hash & 0x7ff = 0x7ff ^ 0x713 = 0x0ec.
//     With 8192 PTEGs (2^20 bytes, mask 0x1fff): 0x1713 and 0x1fff ^ 0x1713 = 0x08ec.
//     AVA = VA(0:54) = VSID || EA(36:40); EA(36:40) = 0x234_5678 >> 23 = 4 (0b00100).
//     dword 0 = AVA << 7 | V = (0x12_3456 << 12) | (4 << 7) | 1 = 0x1_2345_6201.
//
// (B) the same with 64 KB pages: page index EA(36:47) = 0x234;
//     hash = 0x12_3456 ^ 0x234 = 0x12_3662 (4^2 = 6, 5^3 = 6, 6^4 = 2);
//     PTEG 0x3662 & 0x7ff = 0x662 (0011_0110_0110_0010 → 110_0110_0010); secondary 0x19d.
//     dword 0 = 0x1_2345_6201 | L (bit 61 = 0x4) = 0x1_2345_6205.
//
// (C) 1 TB segment, 4 KB pages, VSID(0:37) = 0x1234 (the 50-bit field holds 0x1234 << 12),
//     EA = 0x0000_0112_3456_7abc: EA(0:23) = 0x000001 (ESID = 0x000001 << 12 = 0x1000);
//     offset EA(24:63) = 0x12_3456_7abc; page index EA(24:51) = 0x123_4567.
//     hash = vsid ^ (vsid << 25) ^ page index
//          = 0x1234 ^ 0x24_6800_0000 ^ 0x123_4567
//          = 0x24_6800_0000 ^ 0x123_5753            (0x123_4567 ^ 0x1234: 1,2,3,4^1,5^2,6^3,7^4)
//          = 0x24_6923_5753
//     PTEG 0x5753 & 0x7ff = 0x753; secondary 0x7ff ^ 0x753 = 0x0ac.
//     AVA = VSID(0:37) || EA(24:40); EA(24:40) = 0x12_3456_7abc >> 23 = 0x123_4567 >> 11 = 0x2468.
//     AVA = (0x1234 << 17) | 0x2468 = 0x2468_2468; dword 0 = B=01 (bit 1: 0x4000_0000_0000_0000)
//     | AVA << 7 (0x12_3412_3400) | V = 0x4000_0012_3412_3401.
//
// (D) the same with 64 KB pages: page index EA(24:47) = 0x12_3456;
//     hash = 0x24_6800_0000 ^ (0x1234 ^ 0x12_3456 = 0x12_2662) = 0x24_6812_2662;
//     PTEG 0x2662 & 0x7ff = 0x662; secondary 0x19d; dword 0 = 0x4000_0012_3412_3405.

const A = { e: slbe({}), ea: 0x0000_0000_1234_5678n, p: 12 };
const B = { e: slbe(SEG_64K), ea: 0x0000_0000_1234_5678n, p: 16 };
const C = { e: slbe({ b: '1T', esid: 0x1000n, vsid: 0x1234n << 12n }), ea: 0x0000_0112_3456_7abcn, p: 12 };
const D = { e: slbe({ b: '1T', esid: 0x1000n, vsid: 0x1234n << 12n, ...SEG_64K }), ea: 0x0000_0112_3456_7abcn, p: 16 };

describe('hash functions (§5.7.7.3, §5.7.7.4)', () => {
  test.each([
    ['A: 256M, 4K', A, 0x12_1713n, 0x713, 0x0ec],
    ['B: 256M, 64K', B, 0x12_3662n, 0x662, 0x19d],
    ['C: 1T, 4K', C, 0x24_6923_5753n, 0x753, 0x0ac],
    ['D: 1T, 64K', D, 0x24_6812_2662n, 0x662, 0x19d],
  ])('%s', (_, x, hash, primary, secondary) => {
    expect(primaryHash(x.e, x.ea, x.p)).toBe(hash);
    expect(ptegs(x.e, x.ea, x.p, KB256)).toEqual({ primary, secondary });
  });
  test('a larger table uses more hash bits: A in 8192 PTEGs → 0x1713 / 0x08ec', () => {
    expect(ptegs(A.e, A.ea, 12, 1 << 20)).toEqual({ primary: 0x1713, secondary: 0x08ec });
  });
  test('the hash is 39 bits: VSID = 2^50 - 1, page 0 → 0x7f_ffff_ffff; secondary = 0', () => {
    const e = slbe({ vsid: (1n << 50n) - 1n, esid: 0n });
    expect(primaryHash(e, 0n, 12)).toBe(0x7f_ffff_ffffn);
    expect(secondaryHash(0x7f_ffff_ffffn)).toBe(0n);
  });
});

/** An HPTE matching example x, RA page `ra`, other fields as given. */
function hpteFor(x: typeof A, ra: bigint, o: Partial<Hpte> = {}): [bigint, bigint] {
  const d0 = { A: 0x1_2345_6201n, B: 0x1_2345_6205n, C: 0x4000_0012_3412_3401n, D: 0x4000_0012_3412_3405n }[
    x === A ? 'A' : x === B ? 'B' : x === C ? 'C' : 'D'];
  // dword 1: RPN = RA(4:51); for 64K bits 48:51 are LP = 0b0001 (0x1000). PP = 010 (read/write).
  const d1 = x.p === 16 ? ra | 0x1000n | 0x2n : ra | 0x2n;
  const [e0, e1] = [d0, d1];
  if (Object.keys(o).length === 0) return [e0, e1];
  return encodeHpte({ ...decodeHpte(e0, e1), ...o });
}

describe('page table search (§5.7.7.2) and the real address', () => {
  test('A: found in primary PTEG 0x713 slot 3: HPTE 0x713*8+3; RA = 0x12000 | 0x678', () => {
    const s = state([A.e], [[0x713 * 8 + 3, ...hpteFor(A, 0x12000n)]]);
    expect(translate(s, A.ea, 'load')).toEqual({ kind: 'ok', ra: 0x12678n, hpteIndex: 0x713 * 8 + 3, setR: true, setC: false });
  });
  test('B: 64K page: RA = 0x30000 | EA(48:63) = 0x35678', () => {
    const s = state([B.e], [[0x662 * 8, ...hpteFor(B, 0x30000n)]]);
    expect(translate(s, B.ea, 'store')).toEqual({ kind: 'ok', ra: 0x35678n, hpteIndex: 0x662 * 8, setR: true, setC: true });
  });
  test('C: 1T segment; the EA just past the segment (EA(0:23) = 2) has no segment', () => {
    const s = state([C.e], [[0x753 * 8 + 7, ...hpteFor(C, 0x5000n)]]);
    expect(translate(s, C.ea, 'load')).toMatchObject({ kind: 'ok', ra: 0x5abcn });
    expect(translate(s, C.ea + (1n << 40n), 'load')).toEqual({ kind: 'segment', vector: 0x380 });
    expect(translate(s, C.ea + (1n << 40n), 'fetch')).toEqual({ kind: 'segment', vector: 0x480 });
  });
  test('D: secondary PTEG 0x19d with H = 1', () => {
    const s = state([D.e], [[0x19d * 8 + 1, ...hpteFor(D, 0x70000n, { h: true })]]);
    expect(translate(s, D.ea, 'fetch')).toMatchObject({ kind: 'ok', ra: 0x77abcn, hpteIndex: 0x19d * 8 + 1 });
  });
  test('near misses are not found: DSISR bit 33 (0x40000000), bit 38 for a store', () => {
    const good = hpteFor(A, 0x12000n);
    const g = decodeHpte(...good);
    const misses: Array<[string, number, [bigint, bigint]]> = [
      ['AVA low bit flipped', 0x713 * 8, encodeHpte({ ...g, ava: g.ava ^ 1n })],
      ['AVA high bit flipped', 0x713 * 8, encodeHpte({ ...g, ava: g.ava ^ (1n << 54n) })],
      ['B = 1T', 0x713 * 8, encodeHpte({ ...g, b: 1 })],
      ['L = 1 in a 4K segment', 0x713 * 8, encodeHpte({ ...g, l: true, rpnField: g.rpnField | 1n })],
      ['V = 0', 0x713 * 8, encodeHpte({ ...g, v: false })],
      ['H = 1 in the primary PTEG', 0x713 * 8, encodeHpte({ ...g, h: true })],
      ['H = 0 in the secondary PTEG', 0x0ec * 8, good],
      ['right HPTE, wrong PTEG', 0x714 * 8, good],
    ];
    for (const [what, at, [d0, d1]] of misses) {
      const s = state([A.e], [[at, d0, d1]]);
      expect(translate(s, A.ea, 'load'), what).toEqual({ kind: 'storage', vector: 0x300, dsisr: 0x40000000 });
      expect(translate(s, A.ea, 'store'), what).toEqual({ kind: 'storage', vector: 0x300, dsisr: 0x42000000 });
      expect(translate(s, A.ea, 'fetch'), what).toEqual({ kind: 'storage', vector: 0x400, srr1Bits: 0x40000000 });
    }
  });
  test('64K segment: L = 0, or L = 1 with LP ≠ 0b0001 (bits 48:51), does not match', () => {
    const g = decodeHpte(...hpteFor(B, 0x30000n));
    for (const h of [{ ...g, l: false }, { ...g, rpnField: g.rpnField ^ 0x3n }, { ...g, rpnField: g.rpnField & ~0xfn }]) {
      expect(translate(state([B.e], [[0x662 * 8, ...encodeHpte(h)]]), B.ea, 'load')).toMatchObject({ kind: 'storage', dsisr: 0x40000000 });
    }
  });
  test('several matches: the first in search order wins (primary slot 2 before 5, primary before secondary)', () => {
    const s = state([A.e], [
      [0x0ec * 8, ...hpteFor(A, 0x40000n, { h: true })],
      [0x713 * 8 + 5, ...hpteFor(A, 0x20000n)],
      [0x713 * 8 + 2, ...hpteFor(A, 0x30000n)],
    ]);
    expect(translate(s, A.ea, 'load')).toMatchObject({ ra: 0x30678n, hpteIndex: 0x713 * 8 + 2 });
  });
  test('segment lookup: V = 0 or another ESID → segment interrupt; a 1T ESID ignores EA(24:35)', () => {
    expect(translate(state([slbe({ v: false })], []), A.ea, 'load')).toEqual({ kind: 'segment', vector: 0x380 });
    expect(translate(state([slbe({ esid: 2n })], []), A.ea, 'store')).toEqual({ kind: 'segment', vector: 0x380 });
    expect(translate(state([C.e], []), 0x0000_01ff_f000_0000n, 'load')).toMatchObject({ kind: 'storage' });
  });
});

// ---- Protection (§5.7.9.2) -----------------------------------------------------------------

describe('PP / Ks / Kp (§5.7.9.2, one test per table row)', () => {
  // [key, PP0||PP, authority] as the ISA table gives them.
  const ROWS: Array<[0 | 1, number, 'rw' | 'ro' | 'none']> = [
    [0, 0b000, 'rw'], [0, 0b001, 'rw'], [0, 0b010, 'rw'], [0, 0b011, 'ro'], [0, 0b110, 'ro'],
    [1, 0b000, 'none'], [1, 0b001, 'ro'], [1, 0b010, 'rw'], [1, 0b011, 'ro'], [1, 0b110, 'none'],
  ];
  const outcome = (auth: string, a: Access): string =>
    a === 'store' ? (auth === 'rw' ? 'ok' : 'fault') : auth === 'none' ? 'fault' : 'ok';
  test.each(ROWS)('key %i, PP %s', (key, pp, auth) => {
    // key = Kp in problem state, Ks in privileged state: try both ways of getting it.
    for (const pr of [false, true]) {
      const e = slbe(pr ? { kp: key === 1, ks: key === 0 } : { ks: key === 1, kp: key === 0 });
      const s = state([e], [[0x713 * 8, ...hpteFor(A, 0x12000n, { pp })]], { pr });
      for (const a of ['load', 'store', 'fetch'] as const) {
        const t = translate(s, A.ea, a);
        const want = outcome(auth, a);
        if (want === 'ok') expect(t.kind, `${a} pr=${pr}`).toBe('ok');
        else if (a === 'fetch') expect(t, `${a} pr=${pr}`).toEqual({ kind: 'storage', vector: 0x400, srr1Bits: 0x08000000, hpteIndex: 0x713 * 8 });
        else expect(t, `${a} pr=${pr}`).toEqual({ kind: 'storage', vector: 0x300, dsisr: 0x08000000 | (a === 'store' ? 0x02000000 : 0), hpteIndex: 0x713 * 8 });
      }
    }
  });
});

describe('no-execute, guarded, keys', () => {
  const at = 0x713 * 8;
  test('HPTE N, HPTE G (WIMG = 0001), SLBE N refuse fetches only (SRR1 bit 35 = 0x10000000)', () => {
    for (const o of [{ n: true }, { wimg: 0b0001 }]) {
      const s = state([A.e], [[at, ...hpteFor(A, 0x12000n, o)]]);
      expect(translate(s, A.ea, 'fetch')).toEqual({ kind: 'storage', vector: 0x400, srr1Bits: 0x10000000, hpteIndex: at });
      expect(translate(s, A.ea, 'store').kind).toBe('ok');
    }
    // No-execute segment: refused before the page table is searched, even with no HPTE.
    expect(translate(state([slbe({ n: true })], []), A.ea, 'fetch')).toEqual({ kind: 'storage', vector: 0x400, srr1Bits: 0x10000000 });
    expect(translate(state([slbe({ n: true })], [[at, ...hpteFor(A, 0x12000n)]]), A.ea, 'load').kind).toBe('ok');
  });
  test('N and no access together: SRR1 bits 35 and 36', () => {
    const s = state([slbe({ ks: true })], [[at, ...hpteFor(A, 0x12000n, { n: true, pp: 0 })]]);
    expect(translate(s, A.ea, 'fetch')).toMatchObject({ srr1Bits: 0x18000000 });
  });
  test('AMR: key k uses bits 2k (stores) and 2k+1 (loads); DSISR bit 42 = 0x00200000', () => {
    // key 21 = 0b10101: Key0:1 = 0b10 (dword 1 bits 2:3), Key2:4 = 0b101 (bits 52:54).
    const [d0, d1] = hpteFor(A, 0x12000n, { key: 21 });
    expect(d1 & 0x3000_0000_0000_0e00n).toBe(0x2000_0000_0000_0a00n);
    const store = 1n << BigInt(63 - 42), load = 1n << BigInt(63 - 43); // AMR bits 42, 43
    const s = (amr: bigint, pp = 0b010) => state([A.e], [[at, d0, (d1 & ~3n) | BigInt(pp)]], { amr });
    expect(translate(s(store), A.ea, 'store')).toEqual({ kind: 'storage', vector: 0x300, dsisr: 0x02200000, hpteIndex: at });
    expect(translate(s(store), A.ea, 'load').kind).toBe('ok');
    expect(translate(s(load), A.ea, 'load')).toEqual({ kind: 'storage', vector: 0x300, dsisr: 0x00200000, hpteIndex: at });
    expect(translate(s(load), A.ea, 'store').kind).toBe('ok');
    expect(translate(s(store | load), A.ea, 'fetch').kind).toBe('ok'); // fetches use the IAMR
    expect(translate(s(store, 0b011), A.ea, 'store')).toMatchObject({ dsisr: 0x0a200000 }); // PP and key both
    expect(translate(s(~(store | load) & ((1n << 64n) - 1n)), A.ea, 'store').kind).toBe('ok'); // other keys' bits
  });
  test('IAMR bit 2k+1 refuses a fetch (SRR1 bit 42)', () => {
    const s = state([A.e], [[at, ...hpteFor(A, 0x12000n, { key: 3 })]], { iamr: 1n << BigInt(63 - 7) });
    expect(translate(s, A.ea, 'fetch')).toMatchObject({ srr1Bits: 0x00200000 });
  });
});

describe('slbmte operands (§5.9.3.1)', () => {
  test('RS = B || VSID || Ks Kp N L C || 0 || LP; RB = ESID || V || index', () => {
    // B = 1T → 0x4000_0000_0000_0000; VSID 0x12_3456 at bits 2:51 → << 12 = 0x1_2345_6000;
    // Ks (bit 52) = 0x800; L (bit 55) = 0x100; LP = 01 at bits 58:59 → 0x10.
    const e = slbe({ b: '1T', vsid: 0x12_3456n, ks: true, ...SEG_64K });
    expect(slbmteRS(e)).toBe(0x4000_0001_2345_6910n);
    // ESID 0x1 at bits 0:35 → 0x1000_0000; V (bit 36) → 0x800_0000; index 3.
    expect(slbmteRB(e, 3)).toBe(0x1800_0003n);
    expect(slbFromOperands(slbmteRS(e), slbmteRB(e, 3))).toEqual(e);
  });
});
