// Helpers shared by the semantic families: operand fields, CR0/CR-field updates, XER bits
// and effective-address computation (Power ISA 2.07 Book I §1.10.3, §3.3.1).
//
// Register values: GPR n is c.u64[n] / c.i64[n] as 64-bit, or c.u32[2n] (low word) and
// c.u32[2n+1] (high word). BigInt ops stored straight into the 64-bit views are cheap;
// BigInt(...)/Number(...) conversions and variable BigInt shifts are not — use 32-bit halves
// for word ops, rotates and variable shifts.

import type { Cpu } from '../../cpu/cpu.js';
import { W_CA, W_CA32, W_CR, W_OV, W_OV32, W_SO } from '../../cpu/regs.js';

export const rt = (w: number): number => (w >>> 21) & 31; // also RS, BO, BT, TO
export const ra = (w: number): number => (w >>> 16) & 31; // also BI, BA
export const rb = (w: number): number => (w >>> 11) & 31; // also BB, SH, NB
export const rc = (w: number): number => (w >>> 6) & 31;
export const si = (w: number): number => (w << 16) >> 16; // sign-extended 16-bit immediate
export const ui = (w: number): number => w & 0xffff;
export const hasRc = (w: number): boolean => (w & 1) !== 0;
export const hasOe = (w: number): boolean => (w & 0x400) !== 0;

/** CR0 from the result in slot `slot`: LT/GT/EQ by signed comparison with zero of the
 *  64-bit result (its low 32 bits in 32-bit mode), SO copied from XER (§3.3.8 "Rc"). */
export function setCR0(c: Cpu, slot: number): void {
  const u32 = c.u32;
  const lo = u32[slot * 2];
  let bits: number;
  if (c.sf) {
    const hi = u32[slot * 2 + 1] | 0;
    bits = hi < 0 ? 8 : hi > 0 || lo !== 0 ? 4 : 2;
  } else {
    const v = lo | 0;
    bits = v < 0 ? 8 : v > 0 ? 4 : 2;
  }
  u32[W_CR] = ((u32[W_CR] & 0x0fffffff) | ((bits | u32[W_SO]) << 28)) >>> 0;
}

/** Set 4-bit CR field `bf` (0 = CR0, the most significant nibble) to `v`. */
export function setCRField(c: Cpu, bf: number, v: number): void {
  const sh = 28 - bf * 4;
  c.u32[W_CR] = ((c.u32[W_CR] & ~(0xf << sh)) | ((v & 0xf) << sh)) >>> 0;
}

/** XER[CA] (and XER[CA32] on ISA 3.0 models). */
export function setCA(c: Cpu, ca: number, ca32: number): void {
  c.u32[W_CA] = ca;
  if (c.model.isa300) c.u32[W_CA32] = ca32;
}

/** XER[OV] (and OV32 on ISA 3.0 models); SO is sticky (§3.2.2). */
export function setOV(c: Cpu, ov: number, ov32: number): void {
  c.u32[W_OV] = ov;
  if (ov) c.u32[W_SO] = 1;
  if (c.model.isa300) c.u32[W_OV32] = ov32;
}

/** EA = (RA|0) + d into c.eaHi/c.eaLo; in 32-bit mode the high word is 0 (§1.10.3, and
 *  update forms store that truncated EA into RA as QEMU does). */
export function eaD(c: Cpu, a: number, d: number): void {
  if (a === 0) {
    c.eaLo = d >>> 0;
    c.eaHi = c.sf && d < 0 ? 0xffffffff : 0;
    return;
  }
  const u32 = c.u32;
  let lo = u32[a * 2] + d, hi = u32[a * 2 + 1];
  if (lo > 0xffffffff) { lo -= 0x100000000; hi += 1; } else if (lo < 0) { lo += 0x100000000; hi -= 1; }
  c.eaLo = lo;
  c.eaHi = c.sf ? hi >>> 0 : 0;
}

/** EA = (RA|0) + (RB) into c.eaHi/c.eaLo. */
export function eaX(c: Cpu, a: number, b: number): void {
  const u32 = c.u32;
  let lo = u32[b * 2], hi = u32[b * 2 + 1];
  if (a !== 0) {
    lo += u32[a * 2];
    hi += u32[a * 2 + 1];
    if (lo > 0xffffffff) { lo -= 0x100000000; hi += 1; }
  }
  c.eaLo = lo;
  c.eaHi = c.sf ? hi >>> 0 : 0;
}

/** Write the last EA into GPR `a` (update forms). */
export function writeEA(c: Cpu, a: number): void {
  c.u32[a * 2] = c.eaLo;
  c.u32[a * 2 + 1] = c.eaHi;
}
