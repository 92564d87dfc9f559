// Fixed-point compare (Power ISA 2.07 Book I §3.3.10), trap (§3.3.11) and isel (§3.3.12).

import type { Cpu } from '../../../cpu/cpu.js';
import type { Sem } from '../../../cpu/dispatch.js';
import { W_CR, W_SO } from '../../../cpu/regs.js';
import { PROGRAM_TRAP } from '../../../cpu/vectors.js';
import { ra, rb, rt, setCRField, si, ui } from '../common.js';

const LT = 8, GT = 4, EQ = 2;

/** BF field (bits 6:8) and L (bit 10) of the compare instructions. */
const bf = (w: number): number => (w >>> 23) & 7;
const isL = (w: number): boolean => (w & 0x200000) !== 0;

/** Signed compare of 64-bit values given as (hi as int32, lo as uint32). */
function cmp64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return ah < bh ? LT : GT;
  return al < bl ? LT : al > bl ? GT : EQ;
}
/** Unsigned compare of 64-bit values given as uint32 halves. */
function cmpl64(ah: number, al: number, bh: number, bl: number): number {
  if (ah !== bh) return ah < bh ? LT : GT;
  return al < bl ? LT : al > bl ? GT : EQ;
}
const cmp32 = (a: number, b: number): number => (a < b ? LT : a > b ? GT : EQ);

/** CR field BF = the comparison result with XER[SO]. */
function setBF(c: Cpu, w: number, r: number): void {
  setCRField(c, bf(w), r | c.u32[W_SO]);
}

/** cmp BF,L,RA,RB: signed; L=0 compares the low words, L=1 the doublewords. */
const cmp: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2;
  if (isL(w)) setBF(c, w, cmp64(c.i32[a + 1], c.u32[a], c.i32[b + 1], c.u32[b]));
  else setBF(c, w, cmp32(c.i32[a], c.i32[b]));
};
/** cmpi BF,L,RA,SI. */
const cmpi: Sem = (c, w) => {
  const a = ra(w) * 2, s = si(w);
  if (isL(w)) setBF(c, w, cmp64(c.i32[a + 1], c.u32[a], s >> 31, s >>> 0));
  else setBF(c, w, cmp32(c.i32[a], s));
};
/** cmpl BF,L,RA,RB: unsigned. */
const cmpl: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2;
  if (isL(w)) setBF(c, w, cmpl64(c.u32[a + 1], c.u32[a], c.u32[b + 1], c.u32[b]));
  else setBF(c, w, cmp32(c.u32[a], c.u32[b]));
};
/** cmpli BF,L,RA,UI. */
const cmpli: Sem = (c, w) => {
  const a = ra(w) * 2, u = ui(w);
  if (isL(w)) setBF(c, w, cmpl64(c.u32[a + 1], c.u32[a], 0, u));
  else setBF(c, w, cmp32(c.u32[a], u));
};

// ---- traps: TO bits 0:4 = <, >, =, <u, >u ----------------------------------------------------

/** Does TO select a trap for this signed (s) and unsigned (u) comparison result? */
function trapTaken(to: number, s: number, u: number): boolean {
  return ((to & 0x10) !== 0 && s === LT) || ((to & 0x08) !== 0 && s === GT)
    || ((to & 0x04) !== 0 && s === EQ) || ((to & 0x02) !== 0 && u === LT)
    || ((to & 0x01) !== 0 && u === GT);
}

/** tw TO,RA,RB: word compare. */
const tw: Sem = (c, w) => {
  const to = rt(w);
  if (to === 0) return;
  const a = ra(w) * 2, b = rb(w) * 2;
  if (trapTaken(to, cmp32(c.i32[a], c.i32[b]), cmp32(c.u32[a], c.u32[b]))) c.program(PROGRAM_TRAP);
};
/** twi TO,RA,SI. */
const twi: Sem = (c, w) => {
  const to = rt(w);
  if (to === 0) return;
  const a = ra(w) * 2, s = si(w);
  if (trapTaken(to, cmp32(c.i32[a], s), cmp32(c.u32[a], s >>> 0))) c.program(PROGRAM_TRAP);
};
/** td TO,RA,RB: doubleword compare. */
const td: Sem = (c, w) => {
  const to = rt(w);
  if (to === 0) return;
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32, i32 = c.i32;
  if (trapTaken(to, cmp64(i32[a + 1], u32[a], i32[b + 1], u32[b]),
    cmpl64(u32[a + 1], u32[a], u32[b + 1], u32[b]))) c.program(PROGRAM_TRAP);
};
/** tdi TO,RA,SI. */
const tdi: Sem = (c, w) => {
  const to = rt(w);
  if (to === 0) return;
  const a = ra(w) * 2, s = si(w), u32 = c.u32;
  if (trapTaken(to, cmp64(c.i32[a + 1], u32[a], s >> 31, s >>> 0),
    cmpl64(u32[a + 1], u32[a], (s >> 31) >>> 0, s >>> 0))) c.program(PROGRAM_TRAP);
};

/** isel RT,RA,RB,BC: RT = CR[BC] ? (RA|0) : (RB). */
const isel: Sem = (c, w) => {
  const u32 = c.u32, t = rt(w) * 2, bc = (w >>> 6) & 31;
  if ((u32[W_CR] >>> (31 - bc)) & 1) {
    const a = ra(w) * 2;
    if (a === 0) {
      u32[t] = 0;
      u32[t + 1] = 0;
    } else {
      u32[t] = u32[a];
      u32[t + 1] = u32[a + 1];
    }
  } else {
    const b = rb(w) * 2;
    u32[t] = u32[b];
    u32[t + 1] = u32[b + 1];
  }
};

export const COMPARE: Record<string, Sem> = { cmp, cmpi, cmpl, cmpli, tw, twi, td, tdi, isel };
