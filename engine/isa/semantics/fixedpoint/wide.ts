// 64- and 128-bit multiply helpers on 32-bit halves, so the multiply instructions build no
// BigInt (ARCHITECTURE.md "The engine": BigInt conversions allocate). Results are left in the
// one module-level object `out` (unsigned 32-bit words) so no tuple is allocated per call.

/** Results of the last helper call (unsigned 32-bit halves). */
export const out = { hi: 0, lo: 0, h2: 0, h3: 0 };

/** High 32 bits of the unsigned 64-bit product of two unsigned 32-bit values. */
export function mulhu32(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const p0 = al * bl, p1 = ah * bl, p2 = al * bh, p3 = ah * bh; // each < 2^32, exact
  const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
  return (p3 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16)) >>> 0;
}

/** High 32 bits of the signed 64-bit product of two 32-bit values (given as any 32-bit
 *  representation): unsigned high part corrected for negative operands. */
export function mulhs32(a: number, b: number): number {
  let h = mulhu32(a >>> 0, b >>> 0);
  if (a & 0x80000000) h -= b;
  if (b & 0x80000000) h -= a;
  return h >>> 0;
}

/** Low 64 bits of (ah:al) * (bh:bl) into out.hi/out.lo. */
export function mul64lo(ah: number, al: number, bh: number, bl: number): void {
  out.lo = Math.imul(al, bl) >>> 0;
  out.hi = (mulhu32(al >>> 0, bl >>> 0) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

const TWO32 = 0x100000000;

/** Full unsigned 128-bit product of (ah:al) * (bh:bl): words out.h3:out.h2:out.hi:out.lo
 *  (most significant first). */
export function mul64u(ah: number, al: number, bh: number, bl: number): void {
  // Partial products of the 32-bit limbs, each as (high, low) words.
  const l00 = Math.imul(al, bl) >>> 0, h00 = mulhu32(al, bl);
  const l01 = Math.imul(al, bh) >>> 0, h01 = mulhu32(al, bh);
  const l10 = Math.imul(ah, bl) >>> 0, h10 = mulhu32(ah, bl);
  const l11 = Math.imul(ah, bh) >>> 0, h11 = mulhu32(ah, bh);
  const s1 = h00 + l01 + l10; // < 3 * 2^32, exact
  const c1 = Math.floor(s1 / TWO32);
  const s2 = h01 + h10 + l11 + c1;
  const c2 = Math.floor(s2 / TWO32);
  out.lo = l00;
  out.hi = s1 >>> 0;
  out.h2 = s2 >>> 0;
  out.h3 = (h11 + c2) >>> 0;
}

/** High 64 bits of the signed 128-bit product into out.h3/out.h2 (the low 64 bits in
 *  out.hi/out.lo are those of the unsigned product, which are the same). */
export function mul64s(ah: number, al: number, bh: number, bl: number): void {
  mul64u(ah, al, bh, bl);
  // signed high = unsigned high - (a < 0 ? b : 0) - (b < 0 ? a : 0)  (mod 2^64)
  let h3 = out.h3, h2 = out.h2;
  if (ah & 0x80000000) {
    const l = h2 - bl;
    h3 = h3 - bh - (l < 0 ? 1 : 0);
    h2 = l >>> 0;
  }
  if (bh & 0x80000000) {
    const l = h2 - al;
    h3 = h3 - ah - (l < 0 ? 1 : 0);
    h2 = l >>> 0;
  }
  out.h3 = h3 >>> 0;
  out.h2 = h2;
}
