// Fixed-point logical instructions (Power ISA 2.07 Book I §3.3.13), on 32-bit halves.
// X-form operands: RA is the target, RS (the RT position) and RB the sources.

import type { Cpu } from '../../../cpu/cpu.js';
import type { Sem } from '../../../cpu/dispatch.js';
import { MSR, MSR_HV_HI, SPR, SPR_PPR } from '../../../cpu/regs.js';
import { hasRc, ra, rb, rt, setCR0, ui } from '../common.js';

/** RA = (hi, lo), CR0 if `rc`. */
function put(c: Cpu, a: number, hi: number, lo: number, rc: boolean): void {
  const u32 = c.u32;
  u32[a * 2] = lo;
  u32[a * 2 + 1] = hi;
  if (rc) setCR0(c, a);
}

// ---- D-form immediates ---------------------------------------------------------------------

/** andi. RA,RS,UI: RA = (RS) & (48 0s || UI); always sets CR0. */
const andiDot: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w);
  u32[a * 2] = u32[rt(w) * 2] & ui(w);
  u32[a * 2 + 1] = 0;
  setCR0(c, a);
};
/** andis. RA,RS,UI: RA = (RS) & (32 0s || UI || 16 0s); always sets CR0. */
const andisDot: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w);
  u32[a * 2] = u32[rt(w) * 2] & (w << 16);
  u32[a * 2 + 1] = 0;
  setCR0(c, a);
};
/** ori RA,RS,UI (ori 0,0,0 is nop). */
const ori: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  u32[a] = u32[s] | ui(w);
  u32[a + 1] = u32[s + 1];
};
/** oris RA,RS,UI. */
const oris: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  u32[a] = u32[s] | (w << 16);
  u32[a + 1] = u32[s + 1];
};
/** xori RA,RS,UI. */
const xori: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  u32[a] = u32[s] ^ ui(w);
  u32[a + 1] = u32[s + 1];
};
/** xoris RA,RS,UI. */
const xoris: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, a = ra(w) * 2;
  u32[a] = u32[s] ^ (w << 16);
  u32[a + 1] = u32[s + 1];
};

// ---- X-form register-register ---------------------------------------------------------------

/** and[.] RA,RS,RB. */
const and: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = u32[s] & u32[b];
  u32[a * 2 + 1] = u32[s + 1] & u32[b + 1];
  if (w & 1) setCR0(c, a);
};
/** or[.] RA,RS,RB (or rx,ry,ry is mr; or rx,rx,rx a priority hint). */
const or: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = u32[s] | u32[b];
  u32[a * 2 + 1] = u32[s + 1] | u32[b + 1];
  if (w & 1) setCR0(c, a);
  else if (s === b && a * 2 === s) priorityHint(c, a);
};

// Program priority hints (Book II §3.2; Book III-S, Program Priority Register): `or Rx,Rx,Rx`
// sets PPR[PRI] (bits 11:13) to the level Rx names. Very low, medium high and high need
// privilege, very high hypervisor state; otherwise, and for every other Rx, it is a no-op.
// Indexed by Rx: [level, who may set it (0 anyone, 1 privileged, 2 hypervisor)].
const PRIORITY_HINTS: ReadonlyMap<number, readonly [number, number]> = new Map([
  [31, [1, 1]], [1, [2, 0]], [6, [3, 0]], [2, [4, 0]], [5, [5, 1]], [3, [6, 1]], [7, [7, 2]],
]);
const PPR_HI = (SPR + SPR_PPR) * 2 + 1;
const PPR_PRI_HI = 0x001c0000; // PPR bits 11:13 in the high word
function priorityHint(c: Cpu, x: number): void {
  const h = PRIORITY_HINTS.get(x);
  if (!h) return;
  const [level, who] = h;
  if (who >= 1 && c.pr) return;
  if (who === 2 && (c.u32[MSR * 2 + 1] & MSR_HV_HI) === 0) return;
  c.u32[PPR_HI] = (c.u32[PPR_HI] & ~PPR_PRI_HI) | (level << 18);
}
/** xor[.] RA,RS,RB. */
const xor: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = u32[s] ^ u32[b];
  u32[a * 2 + 1] = u32[s + 1] ^ u32[b + 1];
  if (w & 1) setCR0(c, a);
};
/** nand[.] RA,RS,RB. */
const nand: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = ~(u32[s] & u32[b]);
  u32[a * 2 + 1] = ~(u32[s + 1] & u32[b + 1]);
  if (w & 1) setCR0(c, a);
};
/** nor[.] RA,RS,RB. */
const nor: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = ~(u32[s] | u32[b]);
  u32[a * 2 + 1] = ~(u32[s + 1] | u32[b + 1]);
  if (w & 1) setCR0(c, a);
};
/** eqv[.] RA,RS,RB. */
const eqv: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = ~(u32[s] ^ u32[b]);
  u32[a * 2 + 1] = ~(u32[s + 1] ^ u32[b + 1]);
  if (w & 1) setCR0(c, a);
};
/** andc[.] RA,RS,RB: (RS) & ¬(RB). */
const andc: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = u32[s] & ~u32[b];
  u32[a * 2 + 1] = u32[s + 1] & ~u32[b + 1];
  if (w & 1) setCR0(c, a);
};
/** orc[.] RA,RS,RB: (RS) | ¬(RB). */
const orc: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2, a = ra(w);
  u32[a * 2] = u32[s] | ~u32[b];
  u32[a * 2 + 1] = u32[s + 1] | ~u32[b + 1];
  if (w & 1) setCR0(c, a);
};

/** extsb[.] RA,RS: sign-extend byte. */
const extsb: Sem = (c, w) => {
  const v = (c.u32[rt(w) * 2] << 24) >> 24, a = ra(w), u32 = c.u32;
  u32[a * 2] = v;
  u32[a * 2 + 1] = v >> 31;
  if (w & 1) setCR0(c, a);
};
/** extsh[.] RA,RS: sign-extend halfword. */
const extsh: Sem = (c, w) => {
  const v = (c.u32[rt(w) * 2] << 16) >> 16, a = ra(w), u32 = c.u32;
  u32[a * 2] = v;
  u32[a * 2 + 1] = v >> 31;
  if (w & 1) setCR0(c, a);
};
/** extsw[.] RA,RS: sign-extend word. */
const extsw: Sem = (c, w) => {
  const v = c.i32[rt(w) * 2], a = ra(w), u32 = c.u32;
  u32[a * 2] = v;
  u32[a * 2 + 1] = v >> 31;
  if (w & 1) setCR0(c, a);
};

/** cntlzw[.] RA,RS: leading zeros of (RS)32:63. */
const cntlzw: Sem = (c, w) => {
  const a = ra(w), u32 = c.u32;
  u32[a * 2] = Math.clz32(u32[rt(w) * 2]);
  u32[a * 2 + 1] = 0;
  if (w & 1) setCR0(c, a);
};
/** cntlzd[.] RA,RS. */
const cntlzd: Sem = (c, w) => {
  const s = rt(w) * 2, hi = c.u32[s + 1];
  put(c, ra(w), 0, hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(c.u32[s]), hasRc(w));
};

/** Per-byte population counts of a word (each byte holds its own count). */
function popBytes(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (x + (x >>> 4)) & 0x0f0f0f0f;
}
/** Population count of a word. */
function pop32(x: number): number {
  return Math.imul(popBytes(x), 0x01010101) >>> 24;
}

/** popcntb RA,RS: each byte of RA = number of 1 bits in that byte of RS. */
const popcntb: Sem = (c, w) => {
  const s = rt(w) * 2;
  put(c, ra(w), popBytes(c.u32[s + 1]), popBytes(c.u32[s]), false);
};
/** popcntw RA,RS: each word of RA = number of 1 bits in that word of RS. */
const popcntw: Sem = (c, w) => {
  const s = rt(w) * 2;
  put(c, ra(w), pop32(c.u32[s + 1]), pop32(c.u32[s]), false);
};
/** popcntd RA,RS. */
const popcntd: Sem = (c, w) => {
  const s = rt(w) * 2;
  put(c, ra(w), 0, pop32(c.u32[s + 1]) + pop32(c.u32[s]), false);
};

/** Parity of the least significant bit of each byte of a word. */
function parityLsb(x: number): number {
  x &= 0x01010101;
  x ^= x >>> 16;
  x ^= x >>> 8;
  return x & 1;
}
/** prtyw RA,RS: per word, the parity of bit 7 of each of its bytes, in its bit 31. */
const prtyw: Sem = (c, w) => {
  const s = rt(w) * 2;
  put(c, ra(w), parityLsb(c.u32[s + 1]), parityLsb(c.u32[s]), false);
};
/** prtyd RA,RS: the parity of bit 7 of each byte of RS, in bit 63. */
const prtyd: Sem = (c, w) => {
  const s = rt(w) * 2;
  put(c, ra(w), 0, parityLsb(c.u32[s + 1] ^ c.u32[s]), false);
};

/** 0xff in each byte where x and y are equal. */
function cmpBytes(x: number, y: number): number {
  const d = x ^ y;
  return ((d & 0xff000000) === 0 ? 0xff000000 : 0) | ((d & 0xff0000) === 0 ? 0xff0000 : 0)
    | ((d & 0xff00) === 0 ? 0xff00 : 0) | ((d & 0xff) === 0 ? 0xff : 0);
}
/** cmpb RA,RS,RB: bytes of RA are 0xff where the bytes of RS and RB are equal, else 0. */
const cmpb: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2;
  put(c, ra(w), cmpBytes(u32[s + 1], u32[b + 1]), cmpBytes(u32[s], u32[b]), false);
};

/** bpermd RA,RS,RB: for i = 0..7, index = byte i of RS; bit 56+i of RA = bit `index` of RB
 *  when index < 64, else 0. */
const bpermd: Sem = (c, w) => {
  const u32 = c.u32, s = rt(w) * 2, b = rb(w) * 2;
  const bh = u32[b + 1], bl = u32[b];
  let r = 0;
  for (let i = 0; i < 8; i++) {
    const idx = (i < 4 ? u32[s + 1] >>> (24 - 8 * i) : u32[s] >>> (56 - 8 * i)) & 0xff;
    let bit = 0;
    if (idx < 32) bit = (bh >>> (31 - idx)) & 1;
    else if (idx < 64) bit = (bl >>> (63 - idx)) & 1;
    r |= bit << (7 - i);
  }
  put(c, ra(w), 0, r, false);
};

export const LOGICAL: Record<string, Sem> = {
  'andi.': andiDot, 'andis.': andisDot, ori, oris, xori, xoris,
  and, or, xor, nand, nor, eqv, andc, orc, extsb, extsh, extsw, cntlzw, cntlzd,
  popcntb, popcntw, popcntd, prtyw, prtyd, cmpb, bpermd,
};
