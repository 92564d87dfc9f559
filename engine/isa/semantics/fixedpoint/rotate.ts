// Fixed-point rotate and shift (Power ISA 2.07 Book I §3.3.14), on 32-bit halves.
// Bit numbering as the ISA: bit 0 is the most significant of 64. MASK(x, y) has ones from
// bit x to bit y, wrapping around (ones at 0..y and x..63) when x > y.

import type { Cpu } from '../../../cpu/cpu.js';
import type { Sem } from '../../../cpu/dispatch.js';
import { hasRc, ra, rb, rt, setCA, setCR0 } from '../common.js';

// MASK(mb, me) for the 64-bit forms, as halves, indexed mb * 64 + me.
const MASK_HI = new Uint32Array(64 * 64);
const MASK_LO = new Uint32Array(64 * 64);
// Low word of MASK(mb + 32, me + 32) for the word forms (its high word is all ones iff
// mb > me), indexed mb * 32 + me.
const MASK32 = new Uint32Array(32 * 32);
for (let mb = 0; mb < 64; mb++) {
  for (let me = 0; me < 64; me++) {
    let hi = 0, lo = 0;
    for (let i = 0; i < 64; i++) {
      const on = mb <= me ? i >= mb && i <= me : i >= mb || i <= me;
      if (!on) continue;
      if (i < 32) hi |= 1 << (31 - i);
      else lo |= 1 << (63 - i);
    }
    MASK_HI[mb * 64 + me] = hi;
    MASK_LO[mb * 64 + me] = lo;
    if (mb >= 32 && me >= 32) MASK32[(mb - 32) * 32 + (me - 32)] = lo;
  }
}

/** Write RA = (hi, lo) and CR0 if Rc. */
function put(c: Cpu, w: number, a: number, hi: number, lo: number): void {
  const u32 = c.u32;
  u32[a * 2] = lo;
  u32[a * 2 + 1] = hi;
  if (hasRc(w)) setCR0(c, a);
}

// ---- word rotates: ROTL32 rotates the low word, replicated into both halves ------------------

const rotl32 = (x: number, n: number): number => (x << n) | (x >>> (32 - n)); // n = 0 works too

/** rlwinm/rlwnm: RA = ROTL32((RS)32:63, n) & MASK(MB+32, ME+32). */
function rlwAnd(c: Cpu, w: number, n: number): void {
  const mb = (w >>> 6) & 31, me = (w >>> 1) & 31;
  const u32 = c.u32, a = ra(w), r = rotl32(u32[rt(w) * 2], n);
  u32[a * 2] = r & MASK32[mb * 32 + me];
  u32[a * 2 + 1] = mb > me ? r : 0;
  if (w & 1) setCR0(c, a);
}
/** rlwinm[.] RA,RS,SH,MB,ME. */
const rlwinm: Sem = (c, w) => rlwAnd(c, w, rb(w));
/** rlwnm[.] RA,RS,RB,MB,ME: n = (RB)59:63. */
const rlwnm: Sem = (c, w) => rlwAnd(c, w, c.u32[rb(w) * 2] & 31);
/** rlwimi[.] RA,RS,SH,MB,ME: RA = (r & m) | ((RA) & ¬m). */
const rlwimi: Sem = (c, w) => {
  const mb = (w >>> 6) & 31, me = (w >>> 1) & 31, a = ra(w), u32 = c.u32;
  const r = rotl32(u32[rt(w) * 2], rb(w));
  const m = MASK32[mb * 32 + me];
  put(c, w, a, mb > me ? r : u32[a * 2 + 1], (r & m) | (u32[a * 2] & ~m));
};

// ---- doubleword rotates ---------------------------------------------------------------------

let rotHi = 0, rotLo = 0;
/** ROTL64 of (RS) by n (0..63) into rotHi/rotLo. */
function rotl64(c: Cpu, s: number, n: number): void {
  let hi = c.u32[s * 2 + 1], lo = c.u32[s * 2];
  if (n & 32) {
    const t = hi;
    hi = lo;
    lo = t;
    n &= 31;
  }
  if (n === 0) {
    rotHi = hi;
    rotLo = lo;
  } else {
    rotHi = (hi << n) | (lo >>> (32 - n));
    rotLo = (lo << n) | (hi >>> (32 - n));
  }
}

/** MD-form sh (sh0:4 in bits 16:20, sh5 in bit 30) and mb/me (bits 21:25 low, 26 high). */
const sh6 = (w: number): number => ((w >>> 11) & 31) | ((w << 4) & 32);
const mb6 = (w: number): number => ((w >>> 6) & 31) | (w & 32);

/** RA = ROTL64((RS), n) & MASK(x, y). */
function rldAnd(c: Cpu, w: number, n: number, x: number, y: number): void {
  rotl64(c, rt(w), n);
  const k = x * 64 + y, a = ra(w), u32 = c.u32;
  u32[a * 2] = rotLo & MASK_LO[k];
  u32[a * 2 + 1] = rotHi & MASK_HI[k];
  if (w & 1) setCR0(c, a);
}
/** rldicl[.] RA,RS,SH,MB: mask MASK(mb, 63). */
const rldicl: Sem = (c, w) => rldAnd(c, w, sh6(w), mb6(w), 63);
/** rldicr[.] RA,RS,SH,ME: mask MASK(0, me). */
const rldicr: Sem = (c, w) => rldAnd(c, w, sh6(w), 0, mb6(w));
/** rldic[.] RA,RS,SH,MB: mask MASK(mb, 63 − sh). */
const rldic: Sem = (c, w) => {
  const sh = sh6(w);
  rldAnd(c, w, sh, mb6(w), 63 - sh);
};
/** rldcl[.] RA,RS,RB,MB: n = (RB)58:63, mask MASK(mb, 63). */
const rldcl: Sem = (c, w) => rldAnd(c, w, c.u32[rb(w) * 2] & 63, mb6(w), 63);
/** rldcr[.] RA,RS,RB,ME: mask MASK(0, me). */
const rldcr: Sem = (c, w) => rldAnd(c, w, c.u32[rb(w) * 2] & 63, 0, mb6(w));
/** rldimi[.] RA,RS,SH,MB: RA = (r & m) | ((RA) & ¬m), m = MASK(mb, 63 − sh). */
const rldimi: Sem = (c, w) => {
  const sh = sh6(w), k = mb6(w) * 64 + (63 - sh), a = ra(w), u32 = c.u32;
  rotl64(c, rt(w), sh);
  const mh = MASK_HI[k], ml = MASK_LO[k];
  put(c, w, a, (rotHi & mh) | (u32[a * 2 + 1] & ~mh), (rotLo & ml) | (u32[a * 2] & ~ml));
};

// ---- shifts ---------------------------------------------------------------------------------

/** slw[.] RA,RS,RB: n = (RB)58:63; n ≥ 32 gives 0. */
const slw: Sem = (c, w) => {
  const u32 = c.u32, n = u32[rb(w) * 2] & 63, a = ra(w);
  u32[a * 2] = n & 32 ? 0 : u32[rt(w) * 2] << n;
  u32[a * 2 + 1] = 0;
  if (w & 1) setCR0(c, a);
};
/** srw[.] RA,RS,RB. */
const srw: Sem = (c, w) => {
  const u32 = c.u32, n = u32[rb(w) * 2] & 63, a = ra(w);
  u32[a * 2] = n & 32 ? 0 : u32[rt(w) * 2] >>> n;
  u32[a * 2 + 1] = 0;
  if (w & 1) setCR0(c, a);
};

/** sraw/srawi: RA = EXTS((RS)32:63 >> n); CA = CA32 = result negative and 1-bits shifted
 *  out. n ≥ 32 fills with the sign. */
function sraw32(c: Cpu, w: number, n: number): void {
  const v = c.i32[rt(w) * 2];
  let r: number, ca: number;
  if (n & 32) {
    r = v >> 31;
    ca = r & 1;
  } else {
    r = v >> n;
    ca = v < 0 && (v & ~(-1 << n)) !== 0 ? 1 : 0;
  }
  setCA(c, ca, ca);
  put(c, w, ra(w), r >> 31, r);
}
/** sraw[.] RA,RS,RB: n = (RB)58:63. */
const sraw: Sem = (c, w) => sraw32(c, w, c.u32[rb(w) * 2] & 63);
/** srawi[.] RA,RS,SH. */
const srawi: Sem = (c, w) => sraw32(c, w, rb(w));

/** sld[.] RA,RS,RB: n = (RB)57:63; n ≥ 64 gives 0. */
const sld: Sem = (c, w) => {
  const n = c.u32[rb(w) * 2] & 127, s = rt(w) * 2, u32 = c.u32;
  const hi = u32[s + 1], lo = u32[s];
  if (n & 64) put(c, w, ra(w), 0, 0);
  else if (n & 32) put(c, w, ra(w), lo << n, 0); // shift counts are taken mod 32
  else if (n === 0) put(c, w, ra(w), hi, lo);
  else put(c, w, ra(w), (hi << n) | (lo >>> (32 - n)), lo << n);
};
/** srd[.] RA,RS,RB. */
const srd: Sem = (c, w) => {
  const n = c.u32[rb(w) * 2] & 127, s = rt(w) * 2, u32 = c.u32;
  const hi = u32[s + 1], lo = u32[s];
  if (n & 64) put(c, w, ra(w), 0, 0);
  else if (n & 32) put(c, w, ra(w), 0, hi >>> n);
  else if (n === 0) put(c, w, ra(w), hi, lo);
  else put(c, w, ra(w), hi >>> n, (lo >>> n) | (hi << (32 - n)));
};

/** srad/sradi: RA = (RS) >> n arithmetic (n ≤ 127; n ≥ 64 fills with the sign);
 *  CA = CA32 = result negative and 1-bits shifted out. */
function srad64(c: Cpu, w: number, n: number): void {
  const s = rt(w) * 2, hi = c.i32[s + 1], lo = c.u32[s];
  let rh: number, rl: number, lost: number;
  if (n & 64) {
    rh = rl = hi >> 31;
    lost = hi | lo;
  } else if (n & 32) {
    rh = hi >> 31;
    rl = hi >> n;
    lost = lo | (hi & ~(-1 << n)); // n mod 32 bits of the high word, and the whole low word
  } else if (n === 0) {
    rh = hi;
    rl = lo;
    lost = 0;
  } else {
    rh = hi >> n;
    rl = (lo >>> n) | (hi << (32 - n));
    lost = lo & ~(-1 << n);
  }
  const ca = hi < 0 && lost !== 0 ? 1 : 0;
  setCA(c, ca, ca);
  put(c, w, ra(w), rh, rl);
}
/** srad[.] RA,RS,RB: n = (RB)57:63. */
const srad: Sem = (c, w) => srad64(c, w, c.u32[rb(w) * 2] & 127);
/** sradi[.] RA,RS,SH. */
const sradi: Sem = (c, w) => srad64(c, w, sh6(w));

export const ROTATE: Record<string, Sem> = {
  rlwinm, rlwnm, rlwimi, rldicl, rldicr, rldic, rldimi, rldcl, rldcr,
  slw, srw, sraw, srawi, sld, srd, srad, sradi,
};
