// Vector storage access (Power ISA 2.07 Book I §6.7) and the data-stream hints (Book II
// §4.3.2).
//
// lvx/stvx move the aligned quadword (EA & ~15) as one 16-byte value in the current byte
// order: in little-endian mode the byte at EA is the least significant (element 15). The
// element forms access the aligned element at EA; its place is (EA & 15) / size counted
// from the most significant end, mirrored in little-endian mode, and the other elements
// are left as they were (the ISA leaves them undefined; QEMU 7.2 keeps them).
import type { Sem } from '../../../cpu/dispatch.js';
import type { Cpu } from '../../../cpu/cpu.js';
import { VSR, vrWord } from '../../../cpu/regs.js';
import { eaX } from '../common.js';
import { QT, vmx, vra, vrb, vrt } from './common.js';

/** Register-file slot of VR n's doubleword 0 (doubleword 1 is the next slot). */
const dw0 = (n: number): number => VSR + 2 * (32 + n);

function quad(c: Cpu, w: number, store: boolean): void {
  eaX(c, vra(w), vrb(w));
  const hi = c.eaHi, lo = (c.eaLo & ~15) >>> 0, s = dw0(vrt(w));
  // Both doublewords lie in one aligned quadword, so the second access cannot fault
  // after the first succeeded.
  const first = c.le ? s + 1 : s, second = c.le ? s : s + 1;
  if (store) { c.st64(hi, lo, first); c.st64(hi, lo + 8, second); } else { c.ld64(hi, lo, first); c.ld64(hi, lo + 8, second); }
}
const lvx: Sem = (c, w) => quad(c, w, false);
const stvx: Sem = (c, w) => quad(c, w, true);

/** Element number (big-endian numbering) and the aligned EA of an element access. */
function element(c: Cpu, w: number, size: number): number {
  eaX(c, vra(w), vrb(w));
  c.eaLo = (c.eaLo & -size) >>> 0;
  const n = 16 / size, i = (c.eaLo & 15) / size;
  return c.le ? n - 1 - i : i;
}

const lvebx: Sem = (c, w) => {
  const i = element(c, w, 1), v = c.ld8(c.eaHi, c.eaLo);
  QT.read(c, vrt(w)).b[i] = v;
  QT.write(c, vrt(w));
};
const lvehx: Sem = (c, w) => {
  const i = element(c, w, 2), v = c.ld16(c.eaHi, c.eaLo);
  QT.read(c, vrt(w)).dv.setUint16(2 * i, v);
  QT.write(c, vrt(w));
};
const lvewx: Sem = (c, w) => {
  const i = element(c, w, 4);
  c.u32[vrWord(vrt(w), i)] = c.ld32(c.eaHi, c.eaLo);
};
const stvebx: Sem = (c, w) => {
  const i = element(c, w, 1);
  c.st8(c.eaHi, c.eaLo, QT.read(c, vrt(w)).b[i]);
};
const stvehx: Sem = (c, w) => {
  const i = element(c, w, 2);
  c.st16(c.eaHi, c.eaLo, QT.read(c, vrt(w)).dv.getUint16(2 * i));
};
const stvewx: Sem = (c, w) => {
  const i = element(c, w, 4);
  c.st32(c.eaHi, c.eaLo, c.u32[vrWord(vrt(w), i)]);
};

/** §6.7.6 lvsl/lvsr: the permute control vector for a misaligned EA (byte order
 *  independent: bytes sh, sh+1, … and 16-sh, 17-sh, …). */
function shiftControl(c: Cpu, w: number, left: boolean): void {
  eaX(c, vra(w), vrb(w));
  const sh = c.eaLo & 15, first = left ? sh : 16 - sh, b = QT.b;
  for (let j = 0; j < 16; j++) b[j] = first + j;
  QT.write(c, vrt(w));
}

/** dst/dstst with RA = 0 are invalid forms; QEMU 7.2 reports them as illegal. */
const stream: Sem = (c, w) => { if (vra(w) === 0) c.illegal(); };
const nothing: Sem = () => {};

export const VECTOR_STORAGE: Readonly<Record<string, Sem>> = {
  lvx: vmx(lvx), lvxl: vmx(lvx), stvx: vmx(stvx), stvxl: vmx(stvx),
  lvebx: vmx(lvebx), lvehx: vmx(lvehx), lvewx: vmx(lvewx),
  stvebx: vmx(stvebx), stvehx: vmx(stvehx), stvewx: vmx(stvewx),
  lvsl: vmx((c, w) => shiftControl(c, w, true)), lvsr: vmx((c, w) => shiftControl(c, w, false)),
  dst: stream, dstt: stream, dstst: stream, dststt: stream, dss: nothing, dssall: nothing,
};
