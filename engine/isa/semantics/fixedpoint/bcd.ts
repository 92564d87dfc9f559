// BCD assist (Power ISA 2.07 Book I §3.3.15): cdtbcd, cbcdtd, addg6s. Declets are Densely
// Packed Decimal (IEEE 754-2008 §3.5.2), converted through two lookup tables built once.

import type { Sem } from '../../../cpu/dispatch.js';
import { ra, rb, rt } from '../common.js';

/** DPD declet (10 bits) → three BCD digits (12 bits); defined for all 1024 declets
 *  (non-canonical ones decode like the canonical declet with the same digits). */
const DPD2BCD = new Uint16Array(1024);
/** Three BCD digits (12 bits) → DPD declet. Digits above 9 are undefined in the ISA; QEMU
 *  (like POWER9, per its comment) uses digit & 9 instead. */
const BCD2DPD = new Uint16Array(4096);

function decodeDeclet(d: number): number {
  const b = (i: number): number => (d >>> i) & 1;
  const hi3 = (d >>> 7) & 7, mid3 = (d >>> 4) & 7, lo3 = d & 7;
  const b98 = (d >>> 8) & 3, b65 = (d >>> 5) & 3;
  let d2: number, d1: number, d0: number;
  if (!b(3)) {
    d2 = hi3; d1 = mid3; d0 = lo3;
  } else {
    switch ((d >>> 1) & 7) {
      case 4: d2 = hi3; d1 = mid3; d0 = 8 | b(0); break;
      case 5: d2 = hi3; d1 = 8 | b(4); d0 = (b65 << 1) | b(0); break;
      case 6: d2 = 8 | b(7); d1 = mid3; d0 = (b98 << 1) | b(0); break;
      default: // 111: b6 b5 select which digits are large
        switch (b65) {
          case 0: d2 = 8 | b(7); d1 = 8 | b(4); d0 = (b98 << 1) | b(0); break;
          case 1: d2 = 8 | b(7); d1 = (b98 << 1) | b(4); d0 = 8 | b(0); break;
          case 2: d2 = hi3; d1 = 8 | b(4); d0 = 8 | b(0); break;
          default: d2 = 8 | b(7); d1 = 8 | b(4); d0 = 8 | b(0); break;
        }
    }
  }
  return (d2 << 8) | (d1 << 4) | d0;
}

function encodeDigits(d2: number, d1: number, d0: number): number {
  // Digit bits: d2 = a b c d, d1 = e f g h, d0 = i j k m (a, e, i are the 8s).
  const a = d2 >>> 3, e = d1 >>> 3, i = d0 >>> 3;
  const bcd2 = d2 & 7, fgh = d1 & 7, jkm = d0 & 7;
  const dd = d2 & 1, h = d1 & 1, m = d0 & 1;
  const jk = (d0 >>> 1) & 3, fg = (d1 >>> 1) & 3;
  switch ((a << 2) | (e << 1) | i) {
    case 0: return (bcd2 << 7) | (fgh << 4) | jkm;
    case 1: return (bcd2 << 7) | (fgh << 4) | 8 | m;
    case 2: return (bcd2 << 7) | (jk << 5) | (h << 4) | 10 | m;
    case 4: return (jk << 8) | (dd << 7) | (fgh << 4) | 12 | m;
    case 6: return (jk << 8) | (dd << 7) | (h << 4) | 14 | m;
    case 5: return (fg << 8) | (dd << 7) | (1 << 5) | (h << 4) | 14 | m;
    case 3: return (bcd2 << 7) | (2 << 5) | (h << 4) | 14 | m;
    default: return (dd << 7) | (3 << 5) | (h << 4) | 14 | m;
  }
}

for (let d = 0; d < 1024; d++) DPD2BCD[d] = decodeDeclet(d);
for (let x = 0; x < 4096; x++) {
  const fix = (n: number): number => (n > 9 ? n & 9 : n);
  BCD2DPD[x] = encodeDigits(fix(x >>> 8), fix((x >>> 4) & 15), fix(x & 15));
}

/** One word: two declets (bits 12:31) → six BCD digits (bits 8:31). */
const dpdWord = (x: number): number => (DPD2BCD[(x >>> 10) & 1023] << 12) | DPD2BCD[x & 1023];
/** One word: six BCD digits (bits 8:31) → two declets (bits 12:31). */
const bcdWord = (x: number): number => (BCD2DPD[(x >>> 12) & 4095] << 10) | BCD2DPD[x & 4095];

/** cdtbcd RA,RS: each word of RS, two declets → six BCD digits. */
const cdtbcd: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  const hi = dpdWord(u32[s + 1]), lo = dpdWord(u32[s]);
  u32[a] = lo;
  u32[a + 1] = hi;
};
/** cbcdtd RA,RS: each word of RS, six BCD digits → two declets. */
const cbcdtd: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  const hi = bcdWord(u32[s + 1]), lo = bcdWord(u32[s]);
  u32[a] = lo;
  u32[a + 1] = hi;
};

/** addg6s RT,RA,RB: each digit of RT is 6 where the corresponding digit position of
 *  (RA) + (RB) produced no carry out, else 0. */
const addg6s: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w) * 2, b = rb(w) * 2, t = rt(w) * 2;
  const al = u32[a], bl = u32[b], ah = u32[a + 1], bh = u32[b + 1];
  const lo = al + bl, c32 = lo > 0xffffffff ? 1 : 0;
  const hi = ah + bh + c32, c64 = hi > 0xffffffff ? 1 : 0;
  // Carry into each bit is (x ^ y ^ sum); a digit's carry out is the carry into the bit
  // above it (bit 32 / beyond bit 0 for the top digit of each word).
  const outLo = (((al ^ bl ^ lo) >>> 4) | (c32 << 28)) & 0x11111111;
  const outHi = (((ah ^ bh ^ hi) >>> 4) | (c64 << 28)) & 0x11111111;
  u32[t] = (~outLo & 0x11111111) * 6;
  u32[t + 1] = (~outHi & 0x11111111) * 6;
};

export const BCD: Record<string, Sem> = { cdtbcd, cbcdtd, addg6s };
