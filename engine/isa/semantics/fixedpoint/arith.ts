// Fixed-point arithmetic (Power ISA 2.07 Book I §3.3.8): add/subtract family, multiply,
// divide. Everything works on 32-bit halves; see common.ts for the register layout.
//
// Carry and overflow (§3.3.8, "in 32-bit mode ... bit 32"): the full 64-bit result is always
// written; XER[CA] is the carry out of bit 0 in 64-bit mode and out of bit 32 in 32-bit mode,
// XER[OV] likewise the 64- or 32-bit signed overflow. CA32/OV32 (ISA 3.0) are always the
// 32-bit ones (setCA/setOV only write them on ISA 3.0 models). Subtraction is computed as
// the ISA defines it, ¬(RA) + (RB) + 1, so one adder serves both.
//
// Undefined results of divides (divide by zero, overflow) follow QEMU 7.2: divw/divwu/divd/
// divdu divide by 1 instead (RT = the dividend; the word forms zero-extend their 32-bit
// result), the extended divides give 0.

import type { Cpu } from '../../../cpu/cpu.js';
import type { Sem } from '../../../cpu/dispatch.js';
import { W_CA } from '../../../cpu/regs.js';
import { hasOe, hasRc, ra, rb, rt, setCA, setCR0, setOV, si } from '../common.js';
import { mul64lo, mul64s, mul64u, mulhs32, mulhu32, out } from './wide.js';

/** RT = X + Y + cin on halves (X and Y as 32-bit halves), then XER[CA] if `ca`, XER[OV] if
 *  `oe`, CR0 if `rc`. Int32 arithmetic only: the carry out of a word is recovered from the
 *  operand and result sign bits, (x & y) | ((x | y) & ¬r). */
function addx(c: Cpu, t: number, xh: number, xl: number, yh: number, yl: number, cin: number,
  ca: boolean, oe: boolean, rc: boolean): void {
  const u32 = c.u32;
  const rl = (xl + yl + cin) | 0;
  const c32 = ((xl & yl) | ((xl | yl) & ~rl)) >>> 31;
  const rh = (xh + yh + c32) | 0;
  u32[t * 2] = rl;
  u32[t * 2 + 1] = rh;
  if (ca) setCA(c, c.sf ? ((xh & yh) | ((xh | yh) & ~rh)) >>> 31 : c32, c32);
  if (oe) {
    // Signed overflow: both addends have the same sign and the result's sign differs.
    const ov32 = ((rl ^ xl) & (rl ^ yl)) >>> 31;
    setOV(c, c.sf ? ((rh ^ xh) & (rh ^ yh)) >>> 31 : ov32, ov32);
  }
  if (rc) setCR0(c, t);
}

/** Sign-extended 16-bit immediates as 64-bit values (addi, addis add them to a doubleword
 *  without building a BigInt per instruction). */
const SI64 = new BigInt64Array(65536);
const SI64_HI = new BigInt64Array(65536); // EXTS(SI || 0x0000)
for (let i = 0; i < 65536; i++) {
  SI64[i] = BigInt((i << 16) >> 16);
  SI64_HI[i] = BigInt(i << 16);
}

// ---- §3.3.8 add / subtract --------------------------------------------------------------

/** addi RT,RA,SI: RT = (RA|0) + EXTS(SI). */
const addi: Sem = (c, w) => {
  const a = ra(w);
  c.u64[rt(w)] = a === 0 ? SI64[w & 0xffff] : c.u64[a] + SI64[w & 0xffff];
};
/** addis RT,RA,SI: RT = (RA|0) + EXTS(SI || 0x0000). */
const addis: Sem = (c, w) => {
  const a = ra(w);
  c.u64[rt(w)] = a === 0 ? SI64_HI[w & 0xffff] : c.u64[a] + SI64_HI[w & 0xffff];
};

/** addic RT,RA,SI: RT = (RA) + EXTS(SI), sets CA. */
const addic: Sem = (c, w) => {
  const a = ra(w) * 2, s = si(w);
  addx(c, rt(w), c.u32[a + 1], c.u32[a], (s >> 31) >>> 0, s >>> 0, 0, true, false, false);
};
/** addic. RT,RA,SI: as addic, and CR0. */
const addicDot: Sem = (c, w) => {
  const a = ra(w) * 2, s = si(w);
  addx(c, rt(w), c.u32[a + 1], c.u32[a], (s >> 31) >>> 0, s >>> 0, 0, true, false, true);
};
/** subfic RT,RA,SI: RT = ¬(RA) + EXTS(SI) + 1, sets CA. */
const subfic: Sem = (c, w) => {
  const a = ra(w) * 2, s = si(w), u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, (s >> 31) >>> 0, s >>> 0, 1, true, false, false);
};

/** add[o][.] RT,RA,RB: RT = (RA) + (RB). */
const add: Sem = (c, w) => {
  if ((w & 0x400) === 0) { // no XER update: a doubleword add
    const t = rt(w);
    c.u64[t] = c.u64[ra(w)] + c.u64[rb(w)];
    if (w & 1) setCR0(c, t);
    return;
  }
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), u32[a + 1], u32[a], u32[b + 1], u32[b], 0, false, hasOe(w), hasRc(w));
};
/** addc[o][.]: RT = (RA) + (RB), sets CA. */
const addc: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), u32[a + 1], u32[a], u32[b + 1], u32[b], 0, true, hasOe(w), hasRc(w));
};
/** adde[o][.]: RT = (RA) + (RB) + CA. */
const adde: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), u32[a + 1], u32[a], u32[b + 1], u32[b], u32[W_CA], true, hasOe(w), hasRc(w));
};
/** addme[o][.]: RT = (RA) + CA - 1. */
const addme: Sem = (c, w) => {
  const a = ra(w) * 2, u32 = c.u32;
  addx(c, rt(w), u32[a + 1], u32[a], 0xffffffff, 0xffffffff, u32[W_CA], true, hasOe(w), hasRc(w));
};
/** addze[o][.]: RT = (RA) + CA. */
const addze: Sem = (c, w) => {
  const a = ra(w) * 2, u32 = c.u32;
  addx(c, rt(w), u32[a + 1], u32[a], 0, 0, u32[W_CA], true, hasOe(w), hasRc(w));
};
/** subf[o][.]: RT = ¬(RA) + (RB) + 1. */
const subf: Sem = (c, w) => {
  if ((w & 0x400) === 0) { // no XER update: (RB) − (RA)
    const t = rt(w);
    c.u64[t] = c.u64[rb(w)] - c.u64[ra(w)];
    if (w & 1) setCR0(c, t);
    return;
  }
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, u32[b + 1], u32[b], 1, false, hasOe(w), hasRc(w));
};
/** subfc[o][.]: RT = ¬(RA) + (RB) + 1, sets CA. */
const subfc: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, u32[b + 1], u32[b], 1, true, hasOe(w), hasRc(w));
};
/** subfe[o][.]: RT = ¬(RA) + (RB) + CA. */
const subfe: Sem = (c, w) => {
  const a = ra(w) * 2, b = rb(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, u32[b + 1], u32[b], u32[W_CA], true, hasOe(w), hasRc(w));
};
/** subfme[o][.]: RT = ¬(RA) + CA - 1. */
const subfme: Sem = (c, w) => {
  const a = ra(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, 0xffffffff, 0xffffffff, u32[W_CA], true, hasOe(w), hasRc(w));
};
/** subfze[o][.]: RT = ¬(RA) + CA. */
const subfze: Sem = (c, w) => {
  const a = ra(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, 0, 0, u32[W_CA], true, hasOe(w), hasRc(w));
};
/** neg[o][.]: RT = ¬(RA) + 1. */
const neg: Sem = (c, w) => {
  const a = ra(w) * 2, u32 = c.u32;
  addx(c, rt(w), ~u32[a + 1] >>> 0, ~u32[a] >>> 0, 0, 0, 1, false, hasOe(w), hasRc(w));
};

// ---- §3.3.9 multiply ----------------------------------------------------------------------

/** mulli RT,RA,SI: RT = low 64 bits of (RA) × EXTS(SI). */
const mulli: Sem = (c, w) => {
  const a = ra(w) * 2, t = rt(w) * 2, s = si(w), u32 = c.u32;
  mul64lo(u32[a + 1], u32[a], s >> 31, s);
  u32[t] = out.lo;
  u32[t + 1] = out.hi;
};

/** mullw[o][.]: RT = (RA)32:63 × (RB)32:63 signed, the full 64-bit product; OV if it does
 *  not fit in 32 bits (OV32 = OV). */
const mullw: Sem = (c, w) => {
  const u32 = c.u32, x = u32[ra(w) * 2], y = u32[rb(w) * 2], t = rt(w);
  const lo = Math.imul(x, y), hi = mulhs32(x, y);
  u32[t * 2] = lo;
  u32[t * 2 + 1] = hi;
  if (hasOe(w)) {
    const ov = hi !== ((lo >> 31) >>> 0) ? 1 : 0;
    setOV(c, ov, ov);
  }
  if (hasRc(w)) setCR0(c, t);
};

/** mulhw[.]: RT32:63 = high word of the signed product of the low words; QEMU zero-fills
 *  RT0:31 (undefined in the ISA). */
const mulhw: Sem = (c, w) => {
  const u32 = c.u32, t = rt(w);
  u32[t * 2] = mulhs32(u32[ra(w) * 2], u32[rb(w) * 2]);
  u32[t * 2 + 1] = 0;
  if (hasRc(w)) setCR0(c, t);
};

/** mulhwu[.]: as mulhw, unsigned. */
const mulhwu: Sem = (c, w) => {
  const u32 = c.u32, t = rt(w);
  u32[t * 2] = mulhu32(u32[ra(w) * 2], u32[rb(w) * 2]);
  u32[t * 2 + 1] = 0;
  if (hasRc(w)) setCR0(c, t);
};

/** mulld[o][.]: RT = low 64 bits of (RA) × (RB); OV if the signed 128-bit product does not
 *  fit in 64 bits (OV32 = OV, as QEMU). */
const mulld: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w) * 2, b = rb(w) * 2, t = rt(w);
  if (hasOe(w)) {
    mul64s(u32[a + 1], u32[a], u32[b + 1], u32[b]);
    const sign = (out.hi >> 31) >>> 0;
    const ov = out.h3 !== sign || out.h2 !== sign ? 1 : 0;
    setOV(c, ov, ov);
  } else {
    mul64lo(u32[a + 1], u32[a], u32[b + 1], u32[b]);
  }
  u32[t * 2] = out.lo;
  u32[t * 2 + 1] = out.hi;
  if (hasRc(w)) setCR0(c, t);
};

/** mulhd[.]: RT = high 64 bits of the signed 128-bit product. */
const mulhd: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w) * 2, b = rb(w) * 2, t = rt(w);
  mul64s(u32[a + 1], u32[a], u32[b + 1], u32[b]);
  u32[t * 2] = out.h2;
  u32[t * 2 + 1] = out.h3;
  if (hasRc(w)) setCR0(c, t);
};

/** mulhdu[.]: RT = high 64 bits of the unsigned 128-bit product. */
const mulhdu: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w) * 2, b = rb(w) * 2, t = rt(w);
  mul64u(u32[a + 1], u32[a], u32[b + 1], u32[b]);
  u32[t * 2] = out.h2;
  u32[t * 2 + 1] = out.h3;
  if (hasRc(w)) setCR0(c, t);
};

// ---- §3.3.9 divide --------------------------------------------------------------------------

/** XER[OV] (and OV32) for a divide with OE=1. */
function divOV(c: Cpu, w: number, ov: number): void {
  if (hasOe(w)) setOV(c, ov, ov);
}

/** divw[o][.]: RT32:63 = (RA)32:63 ÷ (RB)32:63 signed. Doubles divide 32-bit integers
 *  exactly enough for truncation. QEMU: on ÷0 or −2^31 ÷ −1 the divisor becomes 1;
 *  RT0:31 = 0. */
const divw: Sem = (c, w) => {
  const i32 = c.i32, u32 = c.u32, t = rt(w);
  const x = i32[ra(w) * 2], y = i32[rb(w) * 2];
  let ov = 0;
  if (y === 0 || (y === -1 && x === -0x80000000)) {
    u32[t * 2] = x;
    ov = 1;
  } else {
    u32[t * 2] = (x / y) | 0;
  }
  u32[t * 2 + 1] = 0;
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divwu[o][.]: unsigned word divide; ÷0 gives the dividend (QEMU). */
const divwu: Sem = (c, w) => {
  const u32 = c.u32, t = rt(w);
  const x = u32[ra(w) * 2], y = u32[rb(w) * 2];
  let ov = 0;
  if (y === 0) {
    u32[t * 2] = x;
    ov = 1;
  } else {
    u32[t * 2] = (x / y) >>> 0;
  }
  u32[t * 2 + 1] = 0;
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divd[o][.]: RT = (RA) ÷ (RB) signed 64-bit; ÷0 or −2^63 ÷ −1 give the dividend (QEMU). */
const divd: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w), b = rb(w), t = rt(w);
  const ah = u32[a * 2 + 1] | 0, al = u32[a * 2], bh = u32[b * 2 + 1] | 0, bl = u32[b * 2];
  let ov = 0;
  if ((bh === 0 && bl === 0) || (bh === -1 && bl === 0xffffffff && ah === -0x80000000 && al === 0)) {
    u32[t * 2] = al;
    u32[t * 2 + 1] = ah;
    ov = 1;
  } else if (ah === (al | 0) >> 31 && bh === (bl | 0) >> 31) {
    // Both fit in 32 bits (the common case): a double divide is exact enough.
    const q = Math.trunc((al | 0) / (bl | 0)); // may be 2^31 (−2^31 ÷ −1)
    u32[t * 2] = q;
    u32[t * 2 + 1] = q < 0 ? -1 : 0;
  } else {
    c.i64[t] = c.i64[a] / c.i64[b];
  }
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divdu[o][.]: RT = (RA) ÷ (RB) unsigned 64-bit; ÷0 gives the dividend (QEMU). */
const divdu: Sem = (c, w) => {
  const u32 = c.u32, a = ra(w), b = rb(w), t = rt(w);
  const ah = u32[a * 2 + 1], al = u32[a * 2], bh = u32[b * 2 + 1], bl = u32[b * 2];
  let ov = 0;
  if (bh === 0 && bl === 0) {
    u32[t * 2] = al;
    u32[t * 2 + 1] = ah;
    ov = 1;
  } else if (ah === 0 && bh === 0) {
    u32[t * 2] = (al / bl) >>> 0;
    u32[t * 2 + 1] = 0;
  } else {
    c.u64[t] = c.u64[a] / c.u64[b];
  }
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

// The extended divides are rare; BigInt keeps them simple. QEMU 7.2 (int_helper.c): on
// overflow (including ÷0) the result is 0.

const M64 = 0xffffffffffffffffn;
const I32MIN = -0x80000000n, I32MAX = 0x7fffffffn;

/** divweu[o][.]: RT = ((RA)32:63 || 0^32) ÷ (RB)32:63 unsigned; overflow if the quotient
 *  does not fit in 32 bits. */
const divweu: Sem = (c, w) => {
  const u32 = c.u32, t = rt(w);
  const x = u32[ra(w) * 2], y = u32[rb(w) * 2];
  let ov = 0;
  if (y === 0 || x >= y) {
    ov = 1;
    c.u64[t] = 0n;
  } else {
    c.u64[t] = (BigInt(x) << 32n) / BigInt(y);
  }
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divwe[o][.]: RT = ((RA)32:63 || 0^32) ÷ EXTS((RB)32:63) signed; overflow if the
 *  quotient does not fit in 32 bits. QEMU 7.2 sign-extends the 32-bit quotient into RT0:31
 *  (undefined in the ISA) — unlike divw, whose result it zero-extends. */
const divwe: Sem = (c, w) => {
  const i32 = c.i32, t = rt(w);
  const x = i32[ra(w) * 2], y = i32[rb(w) * 2];
  let q = 0n;
  let ov = 1;
  if (y !== 0) {
    q = (BigInt(x) << 32n) / BigInt(y);
    if (q >= I32MIN && q <= I32MAX) ov = 0;
    else q = 0n;
  }
  c.i64[t] = q;
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divdeu[o][.]: RT = ((RA) || 0^64) ÷ (RB) unsigned; overflow iff (RB) = 0 or (RA) ≥ (RB). */
const divdeu: Sem = (c, w) => {
  const a = c.u64[ra(w)], b = c.u64[rb(w)], t = rt(w);
  let ov = 0;
  if (b === 0n || a >= b) {
    ov = 1;
    c.u64[t] = 0n;
  } else {
    c.u64[t] = (a << 64n) / b;
  }
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};

/** divde[o][.]: RT = ((RA) || 0^64) ÷ (RB) signed. Overflow (Book I §3.3.9) iff (RB) = 0 or
 *  the quotient is not a signed doubleword. QEMU 7.2 only tests (RB) = 0 or |RA| ≥ |RB| and so
 *  misses quotients just past 2^63 (e.g. 2^64 ÷ 2): there OV follows the ISA and RT, which
 *  the ISA leaves undefined, keeps QEMU's value (the low 64 bits of the quotient). */
const divde: Sem = (c, w) => {
  const a = c.i64[ra(w)], b = c.i64[rb(w)], t = rt(w);
  const aa = a < 0n ? -a : a, ab = b < 0n ? -b : b;
  let ov = 0;
  if (b === 0n || aa >= ab) {
    ov = 1;
    c.u64[t] = 0n;
  } else {
    const q = (a << 64n) / b;
    c.u64[t] = q & M64;
    if (q > MAX_S64 || q < MIN_S64) ov = 1;
  }
  divOV(c, w, ov);
  if (hasRc(w)) setCR0(c, t);
};
const MAX_S64 = (1n << 63n) - 1n, MIN_S64 = -(1n << 63n);

export const ARITH: Record<string, Sem> = {
  addi, addis, addic, 'addic.': addicDot, subfic,
  add, addc, adde, addme, addze, subf, subfc, subfe, subfme, subfze, neg,
  mulli, mullw, mulhw, mulhwu, mulld, mulhd, mulhdu,
  divw, divwu, divd, divdu, divwe, divweu, divde, divdeu,
};
