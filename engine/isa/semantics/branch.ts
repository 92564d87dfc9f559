// Branch facility (Power ISA 2.07 Book I §2.4): b, bc, bclr, bcctr, bctar, and sc (§3.3.1,
// listed with processor control in the table but executed here).
//
// One function per opcode covers its AA/LK variants (the table has separate rows b/ba/bl/bla
// etc.; all map to the same function, which decodes bits 30/31 itself).
//
// Behaviour where the ISA leaves a choice, as QEMU 7.2 does for POWER8:
// - bcctr with BO[2]=0 (ISA: invalid form) is "test and decrement" (POWER8 UM, QEMU's
//   Spectre-v2 flush idiom): the old CTR (its low 32 bits in 32-bit mode) is tested, and CTR
//   is decremented only if that test passes; the target is the old CTR.
// - CFAR is set to CIA on every taken branch (b always, conditional branches when taken).
// - LR is written with CIA+4 (the NIA the interpreter already computed, 32-bit wrapped in
//   32-bit mode) whether or not the branch is taken, after the target was read (bclrl).

import type { Sem } from '../../cpu/dispatch.js';
import type { Cpu } from '../../cpu/cpu.js';
import { CIA, CTR, LR, NIA, SPR, SPR_CFAR, SPR_TAR, W_CR } from '../../cpu/regs.js';

const NIA_LO = NIA * 2, NIA_HI = NIA * 2 + 1;
const CIA_LO = CIA * 2, CIA_HI = CIA * 2 + 1;
const LR_LO = LR * 2, LR_HI = LR * 2 + 1;
const CTR_LO = CTR * 2, CTR_HI = CTR * 2 + 1;
const TAR_LO = (SPR + SPR_TAR) * 2, TAR_HI = TAR_LO + 1;
const CFAR_LO = (SPR + SPR_CFAR) * 2, CFAR_HI = CFAR_LO + 1;
const TWO32 = 0x100000000;

/** LK=1: LR ← CIA + 4, i.e. the NIA computed by the interpreter before this instruction ran. */
function link(u32: Uint32Array): void {
  u32[LR_LO] = u32[NIA_LO];
  u32[LR_HI] = u32[NIA_HI];
}

/** CFAR ← CIA (Book III-S §4.3.3, updated by taken branches as QEMU does). */
function cfar(u32: Uint32Array): void {
  u32[CFAR_LO] = u32[CIA_LO];
  u32[CFAR_HI] = u32[CIA_HI];
}

/** NIA ← (AA ? 0 : CIA) + d, truncated to 32 bits in 32-bit mode. `d` is a signed offset
 *  already word-aligned. */
function branchTo(c: Cpu, w: number, d: number): void {
  const u32 = c.u32;
  let lo: number, hi: number;
  if (w & 2) { // AA: absolute, the sign-extended displacement itself
    lo = d >>> 0;
    hi = d < 0 ? 0xffffffff : 0;
  } else {
    lo = u32[CIA_LO] + d;
    hi = u32[CIA_HI];
    if (lo >= TWO32) { lo -= TWO32; hi = (hi + 1) >>> 0; } else if (lo < 0) { lo += TWO32; hi = (hi - 1) >>> 0; }
  }
  cfar(u32);
  u32[NIA_LO] = lo;
  u32[NIA_HI] = c.sf ? hi : 0;
}

/** NIA ← target & ~3 (target given as halves, read before LR was updated). */
function branchReg(c: Cpu, lo: number, hi: number): void {
  const u32 = c.u32;
  cfar(u32);
  u32[NIA_LO] = (lo & ~3) >>> 0;
  u32[NIA_HI] = c.sf ? hi : 0;
}

/** BO[2]=0: CTR ← CTR - 1; returns true if the CTR condition holds (BO[3] selects
 *  "branch if CTR = 0" vs "≠ 0"; only CTR[32:63] counts in 32-bit mode). */
function decrementCtr(c: Cpu, bo: number): boolean {
  const u32 = c.u32;
  let lo = u32[CTR_LO], hi = u32[CTR_HI];
  if (lo === 0) { lo = 0xffffffff; hi = (hi - 1) >>> 0; u32[CTR_HI] = hi; } else lo -= 1;
  u32[CTR_LO] = lo;
  const zero = c.sf ? (lo | hi) === 0 : lo === 0;
  return (bo & 2) !== 0 ? zero : !zero;
}

/** BO[0]=0: CR bit BI must equal BO[1]. */
function crOk(c: Cpu, bo: number, w: number): boolean {
  if (bo & 0x10) return true;
  const bit = (c.u32[W_CR] >>> (31 - ((w >>> 16) & 31))) & 1;
  return (bo & 8) !== 0 ? bit === 1 : bit === 0;
}

/** b / ba / bl / bla (I-form). */
const b: Sem = (c, w) => {
  if (w & 1) link(c.u32);
  branchTo(c, w, ((w << 6) >> 6) & ~3);
};

/** bc / bca / bcl / bcla (B-form). */
const bc: Sem = (c, w) => {
  const bo = (w >>> 21) & 31;
  if (w & 1) link(c.u32);
  if ((bo & 4) === 0 && !decrementCtr(c, bo)) return;
  if (!crOk(c, bo, w)) return;
  branchTo(c, w, ((w << 16) >> 16) & ~3);
};

/** Branch conditional to a register (XL-form): bclr[l] to LR, bctar[l] (ISA 2.07) to TAR.
 *  The target is read before LK overwrites LR. */
const bcToReg = (LO: number, HI: number): Sem => (c, w) => {
  const u32 = c.u32;
  const bo = (w >>> 21) & 31;
  const lo = u32[LO], hi = u32[HI];
  if (w & 1) link(u32);
  if ((bo & 4) === 0 && !decrementCtr(c, bo)) return;
  if (!crOk(c, bo, w)) return;
  branchReg(c, lo, hi);
};
const bclr = bcToReg(LR_LO, LR_HI);
const bctar = bcToReg(TAR_LO, TAR_HI);

/** bcctr / bcctrl (XL-form): target CTR. BO[2]=0 (invalid form): test, then decrement. */
const bcctr: Sem = (c, w) => {
  const u32 = c.u32;
  const bo = (w >>> 21) & 31;
  const lo = u32[CTR_LO], hi = u32[CTR_HI];
  if (w & 1) link(u32);
  if ((bo & 4) === 0) {
    const zero = c.sf ? (lo | hi) === 0 : lo === 0;
    if ((bo & 2) !== 0 ? !zero : zero) return; // CTR test failed: no decrement, not taken
    if (lo === 0) { u32[CTR_LO] = 0xffffffff; u32[CTR_HI] = (hi - 1) >>> 0; } else u32[CTR_LO] = lo - 1;
  }
  if (!crOk(c, bo, w)) return;
  branchReg(c, lo, hi);
};

/** sc LEV (SC-form, §3.3.1): LEV = bits 20:26. */
const sc: Sem = (c, w) => {
  c.systemCall((w >>> 5) & 0x7f);
};

export const BRANCH: Record<string, Sem> = {
  b, ba: b, bl: b, bla: b,
  bc, bca: bc, bcl: bc, bcla: bc,
  bclr, bclrl: bclr,
  bcctr, bcctrl: bcctr,
  bctar, bctarl: bctar,
  sc,
};
