// Fixed-point loads and stores (Power ISA 2.07 Book I §3.3.2–3.3.7), load and reserve /
// store conditional (Book II §4.4.2) and the cache-inhibited forms (Book III-S §4.4.1).
//
// Byte order: c.ld16/ld32/ld64 and the stores already apply MSR[LE]; the byte-reversed forms
// swap on top of that. EAs come from common.ts (truncated to 32 bits in 32-bit mode; update
// forms write that EA to RA after the access succeeded).
//
// Where the ISA leaves behaviour undefined or implementation-specific, QEMU 7.2 on a POWER8
// pseries guest is followed:
// - Loads with update and RA=0 or RA=RT, stores with update and RA=0: illegal instruction.
// - lmw/stmw/lswi/lswx/stswi/stswx in little-endian mode: alignment interrupt with DSISR
//   |= the RT/RA fields and DAR left unchanged (QEMU's gen_align_no_le). lmw with RA in the
//   loaded range is executed (RA is overwritten). lswi/lswx with RA (lswi: even RA=0) or RB
//   (lswx) in the loaded range: illegal instruction.
// - l*arx on an unaligned EA: alignment interrupt. st*cx.: if a reservation exists for the
//   same EA, an unaligned EA is an alignment interrupt; otherwise the store is performed iff
//   the reservation's length equals the store's (QEMU ≥ 8.1; QEMU 7.2 compares memory with
//   the value l*arx loaded instead, which we do not keep). The reservation is cleared.
// - lq/stq: no alignment interrupt; lq/lqarx with odd RT or RA = RT, stq/stqcx. with odd
//   RS: illegal instruction (lqarx also for RB = RT).
// - The cache-inhibited forms (l*cix/st*cix) need hypervisor state, which a guest never
//   has: privileged-instruction program interrupt.

import type { Sem } from '../../cpu/dispatch.js';
import type { Cpu } from '../../cpu/cpu.js';
import {
  CIA, RESV, SPR, SPR_DSISR, SPR_XER, TMP, W_CR, W_RESV_SIZE, W_RESV_VALID, W_SO,
} from '../../cpu/regs.js';
import { VEC_ALIGNMENT } from '../../cpu/vectors.js';
import { eaD, eaX, writeEA } from './common.js';

const TWO32 = 0x100000000;
const TMP_LO = TMP * 2, TMP_HI = TMP * 2 + 1;
const RESV_LO = RESV * 2, RESV_HI = RESV * 2 + 1;
const XER_LO = (SPR + SPR_XER) * 2;
const DSISR_LO = (SPR + SPR_DSISR) * 2;

const rtOf = (w: number): number => (w >>> 21) & 31;
const raOf = (w: number): number => (w >>> 16) & 31;
const rbOf = (w: number): number => (w >>> 11) & 31;
const dOf = (w: number): number => (w << 16) >> 16;
const dsOf = (w: number): number => ((w << 16) >> 16) & ~3;

function bswap16(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}
function bswap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

// ---- register writes -------------------------------------------------------------------

function setZ(c: Cpu, rt: number, v: number): void { // zero-extended 32-bit value
  c.u32[rt * 2] = v;
  c.u32[rt * 2 + 1] = 0;
}
function setS(c: Cpu, rt: number, v: number): void { // sign-extended 32-bit value (v is int32)
  c.i32[rt * 2] = v;
  c.i32[rt * 2 + 1] = v >> 31;
}

/** Invalid update forms (§3.3.2/§3.3.3): loads with RA=0 or RA=RT, stores with RA=0. */
function checkLoadUpdate(c: Cpu, w: number): void {
  const ra = raOf(w);
  if (ra === 0 || ra === rtOf(w)) c.illegal();
}
function checkStoreUpdate(c: Cpu, w: number): void {
  if (raOf(w) === 0) c.illegal();
}

/** EA + n, 32-bit wrapped in 32-bit mode, into c.eaHi/c.eaLo (string and multiple ops). */
function eaAdd(c: Cpu, n: number): void {
  let lo = c.eaLo + n;
  if (lo >= TWO32) {
    lo -= TWO32;
    c.eaHi = c.sf ? (c.eaHi + 1) >>> 0 : 0;
  }
  c.eaLo = lo;
}

/** Alignment interrupt of the multiple/string instructions in little-endian mode as QEMU
 *  raises it: DSISR |= instruction bits 6:15, DAR unchanged. */
function alignLE(c: Cpu, w: number): never {
  c.u32[DSISR_LO] = (c.u32[DSISR_LO] | ((w >>> 16) & 0x3ff)) >>> 0;
  return c.raise(VEC_ALIGNMENT, c.u64[CIA], 0);
}

// ---- D/DS/X-form loads and stores ---------------------------------------------------------
// Written out per instruction so each stays monomorphic.

const lbz: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); setZ(c, rtOf(w), c.ld8(c.eaHi, c.eaLo)); };
const lbzu: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaD(c, raOf(w), dOf(w));
  setZ(c, rtOf(w), c.ld8(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};
const lbzx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setZ(c, rtOf(w), c.ld8(c.eaHi, c.eaLo)); };
const lbzux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  setZ(c, rtOf(w), c.ld8(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};

const lhz: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); setZ(c, rtOf(w), c.ld16(c.eaHi, c.eaLo)); };
const lhzu: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaD(c, raOf(w), dOf(w));
  setZ(c, rtOf(w), c.ld16(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};
const lhzx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setZ(c, rtOf(w), c.ld16(c.eaHi, c.eaLo)); };
const lhzux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  setZ(c, rtOf(w), c.ld16(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};

const lha: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); setS(c, rtOf(w), (c.ld16(c.eaHi, c.eaLo) << 16) >> 16); };
const lhau: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaD(c, raOf(w), dOf(w));
  setS(c, rtOf(w), (c.ld16(c.eaHi, c.eaLo) << 16) >> 16); writeEA(c, raOf(w));
};
const lhax: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setS(c, rtOf(w), (c.ld16(c.eaHi, c.eaLo) << 16) >> 16); };
const lhaux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  setS(c, rtOf(w), (c.ld16(c.eaHi, c.eaLo) << 16) >> 16); writeEA(c, raOf(w));
};

const lwz: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); setZ(c, rtOf(w), c.ld32(c.eaHi, c.eaLo)); };
const lwzu: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaD(c, raOf(w), dOf(w));
  setZ(c, rtOf(w), c.ld32(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};
const lwzx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setZ(c, rtOf(w), c.ld32(c.eaHi, c.eaLo)); };
const lwzux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  setZ(c, rtOf(w), c.ld32(c.eaHi, c.eaLo)); writeEA(c, raOf(w));
};

const lwa: Sem = (c, w) => { eaD(c, raOf(w), dsOf(w)); setS(c, rtOf(w), c.ld32(c.eaHi, c.eaLo) | 0); };
const lwax: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setS(c, rtOf(w), c.ld32(c.eaHi, c.eaLo) | 0); };
const lwaux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  setS(c, rtOf(w), c.ld32(c.eaHi, c.eaLo) | 0); writeEA(c, raOf(w));
};

const ld: Sem = (c, w) => { eaD(c, raOf(w), dsOf(w)); c.ld64(c.eaHi, c.eaLo, rtOf(w)); };
const ldu: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaD(c, raOf(w), dsOf(w));
  c.ld64(c.eaHi, c.eaLo, rtOf(w)); writeEA(c, raOf(w));
};
const ldx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.ld64(c.eaHi, c.eaLo, rtOf(w)); };
const ldux: Sem = (c, w) => {
  checkLoadUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  c.ld64(c.eaHi, c.eaLo, rtOf(w)); writeEA(c, raOf(w));
};

const stb: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); c.st8(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xff); };
const stbu: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaD(c, raOf(w), dOf(w));
  c.st8(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xff); writeEA(c, raOf(w));
};
const stbx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st8(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xff); };
const stbux: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  c.st8(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xff); writeEA(c, raOf(w));
};

const sth: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); c.st16(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xffff); };
const sthu: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaD(c, raOf(w), dOf(w));
  c.st16(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xffff); writeEA(c, raOf(w));
};
const sthx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st16(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xffff); };
const sthux: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  c.st16(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xffff); writeEA(c, raOf(w));
};

const stw: Sem = (c, w) => { eaD(c, raOf(w), dOf(w)); c.st32(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2]); };
const stwu: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaD(c, raOf(w), dOf(w));
  c.st32(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2]); writeEA(c, raOf(w));
};
const stwx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st32(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2]); };
const stwux: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  c.st32(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2]); writeEA(c, raOf(w));
};

const std: Sem = (c, w) => { eaD(c, raOf(w), dsOf(w)); c.st64(c.eaHi, c.eaLo, rtOf(w)); };
const stdu: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaD(c, raOf(w), dsOf(w));
  c.st64(c.eaHi, c.eaLo, rtOf(w)); writeEA(c, raOf(w));
};
const stdx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st64(c.eaHi, c.eaLo, rtOf(w)); };
const stdux: Sem = (c, w) => {
  checkStoreUpdate(c, w); eaX(c, raOf(w), rbOf(w));
  c.st64(c.eaHi, c.eaLo, rtOf(w)); writeEA(c, raOf(w));
};

// ---- byte-reversed (§3.3.5) -------------------------------------------------------------

const lhbrx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setZ(c, rtOf(w), bswap16(c.ld16(c.eaHi, c.eaLo))); };
const lwbrx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); setZ(c, rtOf(w), bswap32(c.ld32(c.eaHi, c.eaLo))); };
const ldbrx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  c.ld64(c.eaHi, c.eaLo, TMP);
  const u32 = c.u32, rt = rtOf(w);
  const lo = u32[TMP_LO], hi = u32[TMP_HI];
  u32[rt * 2] = bswap32(hi);
  u32[rt * 2 + 1] = bswap32(lo);
};
const sthbrx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st16(c.eaHi, c.eaLo, bswap16(c.u32[rtOf(w) * 2])); };
const stwbrx: Sem = (c, w) => { eaX(c, raOf(w), rbOf(w)); c.st32(c.eaHi, c.eaLo, bswap32(c.u32[rtOf(w) * 2])); };
const stdbrx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  const u32 = c.u32, rs = rtOf(w);
  u32[TMP_LO] = bswap32(u32[rs * 2 + 1]);
  u32[TMP_HI] = bswap32(u32[rs * 2]);
  c.st64(c.eaHi, c.eaLo, TMP);
};

// ---- quadword (§3.3.4) ---------------------------------------------------------------------
// Big-endian: RT ← doubleword at EA, RT+1 ← doubleword at EA+8. Little-endian: the quadword
// is byte-reversed, so RT+1 ← (LE) doubleword at EA and RT ← (LE) doubleword at EA+8.

const lq: Sem = (c, w) => {
  const rt = rtOf(w), ra = raOf(w);
  if ((rt & 1) !== 0 || ra === rt) c.illegal();
  eaD(c, ra, dOf(w) & ~15);
  const first = c.le ? rt + 1 : rt, second = c.le ? rt : rt + 1;
  const hi = c.eaHi, lo = c.eaLo;
  c.ld64(hi, lo, first);
  eaAdd(c, 8);
  c.ld64(c.eaHi, c.eaLo, second);
};
const stq: Sem = (c, w) => {
  const rs = rtOf(w);
  if ((rs & 1) !== 0) c.illegal();
  eaD(c, raOf(w), dsOf(w));
  const first = c.le ? rs + 1 : rs, second = c.le ? rs : rs + 1;
  c.st64(c.eaHi, c.eaLo, first);
  eaAdd(c, 8);
  c.st64(c.eaHi, c.eaLo, second);
};

// ---- multiple and string (§3.3.6, §3.3.7); big-endian only --------------------------------
// An interrupt may leave these partly done (Book III-S §6.7: the registers or bytes before
// the failing access altered); like QEMU 7.2 (probe_contiguous), the engine checks every
// page of the range first, so a fault alters nothing and its DAR is the EA or the first
// byte of the failing page.

/** Take the interrupt the `len`-byte access at the EA would take on any of its pages. */
function probeRange(c: Cpu, len: number, store: boolean): void {
  if (len === 0) return;
  const hi = c.eaHi, lo = c.eaLo;
  c.probeData(hi, lo, store);
  for (let off = 0x1000 - (lo & 0xfff); off < len; off += 0x1000) {
    c.eaHi = hi;
    c.eaLo = lo;
    eaAdd(c, off);
    c.probeData(c.eaHi, c.eaLo, store);
  }
  c.eaHi = hi;
  c.eaLo = lo;
}

const lmw: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  eaD(c, raOf(w), dOf(w));
  probeRange(c, 4 * (32 - rtOf(w)), false);
  for (let r = rtOf(w); r < 32; r++) {
    setZ(c, r, c.ld32(c.eaHi, c.eaLo));
    eaAdd(c, 4);
  }
};
const stmw: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  eaD(c, raOf(w), dOf(w));
  probeRange(c, 4 * (32 - rtOf(w)), true);
  for (let r = rtOf(w); r < 32; r++) {
    c.st32(c.eaHi, c.eaLo, c.u32[r * 2]);
    eaAdd(c, 4);
  }
};

/** True if register `rx` is among the `n` registers starting at `start` (wrapping r31→r0). */
function inRange(start: number, n: number, rx: number): boolean {
  const end = start + n;
  return end <= 32 ? rx >= start && rx < end : rx >= start || rx < end - 32;
}

/** Load `nb` bytes from the EA into RT, RT+1, … (wrapping to r0), four per register into
 *  bits 32:63 high-order first; the last partial register is zero-padded on the right. */
function loadString(c: Cpu, rt: number, nb: number): void {
  probeRange(c, nb, false);
  let r = rt;
  for (; nb > 3; nb -= 4) {
    setZ(c, r, c.ld32(c.eaHi, c.eaLo));
    eaAdd(c, 4);
    r = (r + 1) & 31;
  }
  if (nb === 0) return;
  let v = 0;
  for (let sh = 24; nb > 0; nb--, sh -= 8) {
    v |= c.ld8(c.eaHi, c.eaLo) << sh;
    eaAdd(c, 1);
  }
  setZ(c, r, v >>> 0);
}

/** Store `nb` bytes of RS, RS+1, … (bits 32:63, high-order first) at the EA. */
function storeString(c: Cpu, rs: number, nb: number): void {
  probeRange(c, nb, true);
  let r = rs;
  for (; nb > 3; nb -= 4) {
    c.st32(c.eaHi, c.eaLo, c.u32[r * 2]);
    eaAdd(c, 4);
    r = (r + 1) & 31;
  }
  const v = c.u32[r * 2];
  for (let sh = 24; nb > 0; nb--, sh -= 8) {
    c.st8(c.eaHi, c.eaLo, (v >>> sh) & 0xff);
    eaAdd(c, 1);
  }
}

/** EA = (RA|0) for lswi/stswi (32-bit truncated in 32-bit mode). */
function eaRA(c: Cpu, ra: number): void {
  if (ra === 0) { c.eaLo = 0; c.eaHi = 0; return; }
  c.eaLo = c.u32[ra * 2];
  c.eaHi = c.sf ? c.u32[ra * 2 + 1] : 0;
}

const lswi: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  const rt = rtOf(w), ra = raOf(w);
  const nb = rbOf(w) || 32;
  if (inRange(rt, (nb + 3) >>> 2, ra)) c.illegal();
  eaRA(c, ra);
  loadString(c, rt, nb);
};
const lswx: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  const rt = rtOf(w), ra = raOf(w), rb = rbOf(w);
  eaX(c, ra, rb);
  const nb = c.u32[XER_LO] & 0x7f;
  if (nb === 0) return; // RT undefined by the ISA: left unchanged
  const n = (nb + 3) >>> 2;
  if ((ra !== 0 && inRange(rt, n, ra)) || inRange(rt, n, rb)) c.illegal();
  loadString(c, rt, nb);
};
const stswi: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  eaRA(c, raOf(w));
  storeString(c, rtOf(w), rbOf(w) || 32);
};
const stswx: Sem = (c, w) => {
  if (c.le) alignLE(c, w);
  eaX(c, raOf(w), rbOf(w));
  storeString(c, rtOf(w), c.u32[XER_LO] & 0x7f);
};

// ---- load and reserve / store conditional (Book II §4.4.2) -------------------------------

function reserve(c: Cpu, size: number): void {
  const u32 = c.u32;
  u32[RESV_LO] = c.eaLo;
  u32[RESV_HI] = c.eaHi;
  u32[W_RESV_VALID] = 1;
  u32[W_RESV_SIZE] = size;
}

const lbarx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  setZ(c, rtOf(w), c.ld8(c.eaHi, c.eaLo));
  reserve(c, 1);
};
const lharx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  if (c.eaLo & 1) c.alignment(c.eaHi, c.eaLo, w);
  setZ(c, rtOf(w), c.ld16(c.eaHi, c.eaLo));
  reserve(c, 2);
};
const lwarx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  if (c.eaLo & 3) c.alignment(c.eaHi, c.eaLo, w);
  setZ(c, rtOf(w), c.ld32(c.eaHi, c.eaLo));
  reserve(c, 4);
};
const ldarx: Sem = (c, w) => {
  eaX(c, raOf(w), rbOf(w));
  if (c.eaLo & 7) c.alignment(c.eaHi, c.eaLo, w);
  c.ld64(c.eaHi, c.eaLo, rtOf(w));
  reserve(c, 8);
};
const lqarx: Sem = (c, w) => {
  const rt = rtOf(w);
  if ((rt & 1) !== 0 || rt === raOf(w) || rt === rbOf(w)) c.illegal();
  eaX(c, raOf(w), rbOf(w));
  if (c.eaLo & 15) c.alignment(c.eaHi, c.eaLo, w);
  const hi = c.eaHi, lo = c.eaLo;
  c.ld64(hi, lo, c.le ? rt + 1 : rt);
  eaAdd(c, 8);
  c.ld64(c.eaHi, c.eaLo, c.le ? rt : rt + 1);
  c.eaHi = hi; c.eaLo = lo;
  reserve(c, 16);
};

/** Common part of st*cx.: returns true if the store is to be performed (the reservation is
 *  for this EA and length); raises the alignment interrupt QEMU raises. CR0 and the
 *  reservation are set by `finishStcx`. */
function stcxOk(c: Cpu, w: number, size: number): boolean {
  eaX(c, raOf(w), rbOf(w));
  const u32 = c.u32;
  if (u32[W_RESV_VALID] === 0 || u32[RESV_LO] !== c.eaLo || u32[RESV_HI] !== c.eaHi) return false;
  if (size <= 8 && (c.eaLo & (size - 1)) !== 0) c.alignment(c.eaHi, c.eaLo, w);
  return u32[W_RESV_SIZE] === size;
}

/** CR0 ← 0b00 || n || XER[SO]; the reservation is gone either way. */
function finishStcx(c: Cpu, n: boolean): void {
  const u32 = c.u32;
  u32[W_CR] = ((u32[W_CR] & 0x0fffffff) | (((n ? 2 : 0) | u32[W_SO]) << 28)) >>> 0;
  u32[W_RESV_VALID] = 0;
}

const stbcx: Sem = (c, w) => {
  const ok = stcxOk(c, w, 1);
  if (ok) c.st8(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xff);
  finishStcx(c, ok);
};
const sthcx: Sem = (c, w) => {
  const ok = stcxOk(c, w, 2);
  if (ok) c.st16(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2] & 0xffff);
  finishStcx(c, ok);
};
const stwcx: Sem = (c, w) => {
  const ok = stcxOk(c, w, 4);
  if (ok) c.st32(c.eaHi, c.eaLo, c.u32[rtOf(w) * 2]);
  finishStcx(c, ok);
};
const stdcx: Sem = (c, w) => {
  const ok = stcxOk(c, w, 8);
  if (ok) c.st64(c.eaHi, c.eaLo, rtOf(w));
  finishStcx(c, ok);
};
const stqcx: Sem = (c, w) => {
  const rs = rtOf(w);
  if ((rs & 1) !== 0) c.illegal();
  const ok = stcxOk(c, w, 16);
  if (ok) {
    c.st64(c.eaHi, c.eaLo, c.le ? rs + 1 : rs);
    eaAdd(c, 8);
    c.st64(c.eaHi, c.eaLo, c.le ? rs : rs + 1);
  }
  finishStcx(c, ok);
};

/** Cache-inhibited loads/stores: hypervisor real mode only (never true for a guest). */
const hypervisorOnly: Sem = (c) => c.privileged();

export const LOADSTORE: Record<string, Sem> = {
  lbz, lbzu, lbzx, lbzux, lhz, lhzu, lhzx, lhzux, lha, lhau, lhax, lhaux,
  lwz, lwzu, lwzx, lwzux, lwa, lwax, lwaux, ld, ldu, ldx, ldux,
  stb, stbu, stbx, stbux, sth, sthu, sthx, sthux, stw, stwu, stwx, stwux,
  std, stdu, stdx, stdux,
  lhbrx, lwbrx, ldbrx, sthbrx, stwbrx, stdbrx,
  lq, stq, lmw, stmw, lswi, lswx, stswi, stswx,
  lbarx, lharx, lwarx, ldarx, lqarx,
  'stbcx.': stbcx, 'sthcx.': sthcx, 'stwcx.': stwcx, 'stdcx.': stdcx, 'stqcx.': stqcx,
  lbzcix: hypervisorOnly, lhzcix: hypervisorOnly, lwzcix: hypervisorOnly, ldcix: hypervisorOnly,
  stbcix: hypervisorOnly, sthcix: hypervisorOnly, stwcix: hypervisorOnly, stdcix: hypervisorOnly,
};
