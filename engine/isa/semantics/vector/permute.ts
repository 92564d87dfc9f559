// Vector permute and formatting (Power ISA 2.07 Book I §6.8): vperm, vsel, vsldoi, merges,
// splats and the whole-register shifts. Bytes are numbered from the most significant end.
import type { Sem } from '../../../cpu/dispatch.js';
import type { Cpu } from '../../../cpu/cpu.js';
import { vrWord } from '../../../cpu/regs.js';
import { QA, QB, QC, QT, vmx, vra, vrb, vrc, vrt } from './common.js';

/** Byte j of VR n (read straight from the register file: vperm is hot in memcpy). */
const byteOf = (c: Cpu, n: number, j: number): number => (c.u32[vrWord(n, j >> 2)] >>> (24 - 8 * (j & 3))) & 0xff;

/** §6.8.4 vperm: byte i of VRT is byte (VRC byte i & 31) of VRA || VRB. */
const vperm: Sem = (c, w) => {
  const a = vra(w), b = vrb(w), t = QT.b;
  QC.read(c, vrc(w));
  for (let i = 0; i < 16; i++) {
    const x = QC.b[i] & 31;
    t[i] = x < 16 ? byteOf(c, a, x) : byteOf(c, b, x - 16);
  }
  QT.write(c, vrt(w));
};

/** §6.8.4 vsel: bits of VRB where VRC is 1, of VRA where it is 0. */
const vsel: Sem = (c, w) => {
  const u32 = c.u32, a = vra(w), b = vrb(w), m = vrc(w), t = vrt(w);
  for (let k = 0; k < 4; k++) {
    const mk = u32[vrWord(m, k)];
    u32[vrWord(t, k)] = ((u32[vrWord(a, k)] & ~mk) | (u32[vrWord(b, k)] & mk)) >>> 0;
  }
};

/** §6.8.5 vsldoi: bytes SHB … SHB+15 of VRA || VRB. */
const vsldoi: Sem = (c, w) => {
  const sh = (w >>> 6) & 15;
  QA.read(c, vra(w)); QB.read(c, vrb(w));
  for (let i = 0; i < 16; i++) QT.b[i] = i + sh < 16 ? QA.b[i + sh] : QB.b[i + sh - 16];
  QT.write(c, vrt(w));
};

/** §6.8.2 merge high/low: interleave the elements of size `size` of VRA's and VRB's high
 *  (low = false) or low half, VRA's first. */
function merge(size: number, low: boolean): Sem {
  return (c, w) => {
    QA.read(c, vra(w)); QB.read(c, vrb(w));
    const from = low ? 8 : 0;
    for (let e = 0; e < 8 / size; e++) {
      for (let k = 0; k < size; k++) {
        QT.b[2 * e * size + k] = QA.b[from + e * size + k];
        QT.b[(2 * e + 1) * size + k] = QB.b[from + e * size + k];
      }
    }
    QT.write(c, vrt(w));
  };
}

/** §6.8.3 splat element UIM of VRB (the index is the low bits of bits 11:15 that fit). */
function splat(size: number): Sem {
  return (c, w) => {
    const i = ((w >>> 16) & 31) & (16 / size - 1);
    QB.read(c, vrb(w));
    for (let e = 0; e < 16 / size; e++) for (let k = 0; k < size; k++) QT.b[e * size + k] = QB.b[i * size + k];
    QT.write(c, vrt(w));
  };
}

/** §6.8.3 splat immediate: SIM sign-extended into every element. */
function splatImmediate(size: number): Sem {
  return (c, w) => {
    const v = ((w << 11) >> 27) >>> 0; // SIM (bits 11:15), sign-extended
    const word = size === 4 ? v : size === 2 ? ((v & 0xffff) * 0x10001) >>> 0 : ((v & 0xff) * 0x1010101) >>> 0;
    for (let k = 0; k < 4; k++) c.u32[vrWord(vrt(w), k)] = word;
  };
}

/** §6.8.7 vsl/vsr: shift the whole of VRA by the low 3 bits of VRB's last byte (the ISA
 *  asks for all 16 counts to be equal and leaves other cases undefined; POWER8 and QEMU use
 *  byte 15's). vslo/vsro shift by octets: bits 121:124 of VRB. */
function shift(left: boolean, octets: boolean): Sem {
  return (c, w) => {
    QA.read(c, vra(w));
    const last = byteOf(c, vrb(w), 15), a = QA.b, t = QT.b;
    if (octets) {
      const n = (last >>> 3) & 15;
      for (let i = 0; i < 16; i++) {
        const j = left ? i + n : i - n;
        t[i] = j >= 0 && j < 16 ? a[j] : 0;
      }
    } else {
      const n = last & 7;
      for (let i = 0; i < 16; i++) {
        t[i] = left
          ? ((a[i] << n) | (i < 15 ? a[i + 1] >>> (8 - n) : 0)) & 0xff
          : ((a[i] >>> n) | (i > 0 ? a[i - 1] << (8 - n) : 0)) & 0xff;
      }
    }
    QT.write(c, vrt(w));
  };
}

export const VECTOR_PERMUTE: Readonly<Record<string, Sem>> = {
  vperm: vmx(vperm), vsel: vmx(vsel), vsldoi: vmx(vsldoi),
  vmrghb: vmx(merge(1, false)), vmrghh: vmx(merge(2, false)), vmrghw: vmx(merge(4, false)),
  vmrglb: vmx(merge(1, true)), vmrglh: vmx(merge(2, true)), vmrglw: vmx(merge(4, true)),
  vspltb: vmx(splat(1)), vsplth: vmx(splat(2)), vspltw: vmx(splat(4)),
  vspltisb: vmx(splatImmediate(1)), vspltish: vmx(splatImmediate(2)), vspltisw: vmx(splatImmediate(4)),
  vsl: vmx(shift(true, false)), vsr: vmx(shift(false, false)),
  vslo: vmx(shift(true, true)), vsro: vmx(shift(false, true)),
};
