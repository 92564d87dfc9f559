// Vector integer instructions (Power ISA 2.07 Book I §6.9): modulo add and subtract, compare,
// logical, element rotate and shift; and the VSCR moves (§6.3.2, §6.9.4 mfvscr/mtvscr).
import type { Sem } from '../../../cpu/dispatch.js';
import { W_VSCR, vrWord } from '../../../cpu/regs.js';
import { setCRField } from '../common.js';
import { QA, QB, QT, vmx, vra, vrb, vrt } from './common.js';

const M64 = (1n << 64n) - 1n;

/** Element-wise f over VRA and VRB with elements of `size` bytes (1, 2, 4: numbers, the
 *  result reduced modulo the element size; 8: bigints). */
function lanes(size: 1 | 2 | 4, f: (a: number, b: number) => number): Sem {
  return (c, w) => {
    const a = QA.read(c, vra(w)).dv, b = QB.read(c, vrb(w)).dv, t = QT.dv;
    for (let o = 0; o < 16; o += size) {
      if (size === 1) t.setUint8(o, f(a.getUint8(o), b.getUint8(o)));
      else if (size === 2) t.setUint16(o, f(a.getUint16(o), b.getUint16(o)));
      else t.setUint32(o, f(a.getUint32(o), b.getUint32(o)));
    }
    QT.write(c, vrt(w));
  };
}
function lanes64(f: (a: bigint, b: bigint) => bigint): Sem {
  return (c, w) => {
    const a = QA.read(c, vra(w)).dv, b = QB.read(c, vrb(w)).dv;
    for (let o = 0; o < 16; o += 8) QT.dv.setBigUint64(o, f(a.getBigUint64(o), b.getBigUint64(o)) & M64);
    QT.write(c, vrt(w));
  };
}

/** Signed value of an element of `bits` bits. */
const sx = (v: number, bits: number): number => (bits === 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits));
const sx64 = (v: bigint): bigint => BigInt.asIntN(64, v);

/** §6.9.3 compare: an element of all ones where the relation holds, zeros elsewhere; the
 *  '.' forms set CR6 to 0b1000 when it held for every element, 0b0010 when for none. */
function compare(size: 1 | 2 | 4 | 8, rel: (a: number, b: number) => boolean, rel64: (a: bigint, b: bigint) => boolean, rc: boolean): Sem {
  const ones = size === 8 ? 0 : 2 ** (8 * size) - 1;
  const f = size === 8 ? lanes64((a, b) => (rel64(a, b) ? M64 : 0n)) : lanes(size, (a, b) => (rel(a, b) ? ones : 0));
  return (c, w) => {
    f(c, w);
    if (!rc) return;
    let all = true, none = true;
    for (let k = 0; k < 4; k++) {
      const v = c.u32[vrWord(vrt(w), k)];
      if (v !== 0xffffffff) all = false;
      if (v !== 0) none = false;
    }
    setCRField(c, 6, (all ? 8 : 0) | (none ? 2 : 0));
  };
}

function compares(): Record<string, Sem> {
  const out: Record<string, Sem> = {};
  const sizes = [['b', 1], ['h', 2], ['w', 4], ['d', 8]] as const;
  for (const [s, size] of sizes) {
    const bits = 8 * size;
    const rels: [string, (a: number, b: number) => boolean, (a: bigint, b: bigint) => boolean][] = [
      ['equ', (a, b) => a === b, (a, b) => a === b],
      ['gtu', (a, b) => a > b, (a, b) => a > b],
      ['gts', (a, b) => sx(a, bits) > sx(b, bits), (a, b) => sx64(a) > sx64(b)],
    ];
    for (const [r, rel, rel64] of rels) {
      out[`vcmp${r}${s}`] = vmx(compare(size, rel, rel64, false));
      out[`vcmp${r}${s}.`] = vmx(compare(size, rel, rel64, true));
    }
  }
  return out;
}

/** §6.9.5 rotate/shift each element of VRA by the low log2(bits) bits of VRB's element. */
function shifts(): Record<string, Sem> {
  const out: Record<string, Sem> = {};
  for (const [s, size] of [['b', 1], ['h', 2], ['w', 4]] as const) {
    const bits = 8 * size, m = bits - 1;
    const mask = (v: number) => (bits === 32 ? v >>> 0 : v & (2 ** bits - 1));
    out[`vrl${s}`] = vmx(lanes(size, (a, b) => { const n = b & m; return mask(n ? (a << n) | (a >>> (bits - n)) : a); }));
    out[`vsl${s}`] = vmx(lanes(size, (a, b) => mask(a << (b & m))));
    out[`vsr${s}`] = vmx(lanes(size, (a, b) => a >>> (b & m)));
    out[`vsra${s}`] = vmx(lanes(size, (a, b) => mask(sx(a, bits) >> (b & m))));
  }
  out.vrld = vmx(lanes64((a, b) => { const n = b & 63n; return (a << n) | (a >> ((64n - n) & 63n) & (n ? M64 : 0n)); }));
  out.vsld = vmx(lanes64((a, b) => a << (b & 63n)));
  out.vsrd = vmx(lanes64((a, b) => a >> (b & 63n)));
  out.vsrad = vmx(lanes64((a, b) => sx64(a) >> (b & 63n)));
  return out;
}

/** §6.9.4 logical: word by word. */
function logical(f: (a: number, b: number) => number): Sem {
  return vmx((c, w) => {
    const u32 = c.u32, a = vra(w), b = vrb(w), t = vrt(w);
    for (let k = 0; k < 4; k++) u32[vrWord(t, k)] = f(u32[vrWord(a, k)], u32[vrWord(b, k)]) >>> 0;
  });
}

/** mfvscr: VRT = 96 zeros || VSCR. mtvscr: VSCR = VRB bits 96:127. All 32 bits are kept,
 *  as QEMU 7.2 keeps them (only NJ and SAT are defined; the rest are reserved, §6.3.2). */
const mfvscr: Sem = (c, w) => {
  const t = vrt(w);
  for (let k = 0; k < 3; k++) c.u32[vrWord(t, k)] = 0;
  c.u32[vrWord(t, 3)] = c.u32[W_VSCR];
};
const mtvscr: Sem = (c, w) => { c.u32[W_VSCR] = c.u32[vrWord(vrb(w), 3)]; };

export const VECTOR_INTEGER: Readonly<Record<string, Sem>> = {
  vaddubm: vmx(lanes(1, (a, b) => (a + b) & 0xff)), vadduhm: vmx(lanes(2, (a, b) => (a + b) & 0xffff)),
  vadduwm: vmx(lanes(4, (a, b) => (a + b) >>> 0)), vaddudm: vmx(lanes64((a, b) => a + b)),
  vsububm: vmx(lanes(1, (a, b) => (a - b) & 0xff)), vsubuhm: vmx(lanes(2, (a, b) => (a - b) & 0xffff)),
  vsubuwm: vmx(lanes(4, (a, b) => (a - b) >>> 0)), vsubudm: vmx(lanes64((a, b) => a - b)),
  ...compares(), ...shifts(),
  vand: logical((a, b) => a & b), vandc: logical((a, b) => a & ~b), vor: logical((a, b) => a | b),
  vxor: logical((a, b) => a ^ b), vnor: logical((a, b) => ~(a | b)), vorc: logical((a, b) => a | ~b),
  vnand: logical((a, b) => ~(a & b)), veqv: logical((a, b) => ~(a ^ b)),
  mfvscr: vmx(mfvscr), mtvscr: vmx(mtvscr),
};
