// Shared pieces of the vector semantics (Power ISA 2.07 Book I ch. 6): the VMX-unavailable
// check and whole-register access in the ISA's big-endian element numbering.
//
// A VR lives in the register file as VSR 32 + n (regs.ts): vrWord(n, k) is word k, word 0
// the most significant. Element i of a VR is numbered from the most significant end in
// both byte orders (§6.3), so semantics index bytes and words the same way whatever MSR[LE].
import type { Sem } from '../../../cpu/dispatch.js';
import type { Cpu } from '../../../cpu/cpu.js';
import { CIA, MSR, MSR_VEC, vrWord } from '../../../cpu/regs.js';
import { VEC_VMX_UNAVAILABLE } from '../../../cpu/vectors.js';

/** The semantics of a vector instruction: with MSR[VEC] = 0 it takes the Vector
 *  Unavailable interrupt instead (Book III-S §6.5.15). */
export function vmx(s: Sem): Sem {
  return (c, w) => {
    if (!(c.u32[MSR * 2] & MSR_VEC)) c.raise(VEC_VMX_UNAVAILABLE, c.u64[CIA], 0);
    s(c, w);
  };
}

/** A 16-byte VR image in element order (byte 0 = the most significant). */
export class Quad {
  readonly b = new Uint8Array(16);
  readonly dv = new DataView(this.b.buffer);
  read(c: Cpu, n: number): this {
    const u32 = c.u32, dv = this.dv;
    for (let k = 0; k < 4; k++) dv.setUint32(4 * k, u32[vrWord(n, k)]);
    return this;
  }
  write(c: Cpu, n: number): void {
    const u32 = c.u32, dv = this.dv;
    for (let k = 0; k < 4; k++) u32[vrWord(n, k)] = dv.getUint32(4 * k);
  }
}

/** Scratch images: operands A, B, C and the result T (semantics never nest). */
export const QA = new Quad(), QB = new Quad(), QC = new Quad(), QT = new Quad();

export const vrt = (w: number): number => (w >>> 21) & 31; // also VRS
export const vra = (w: number): number => (w >>> 16) & 31;
export const vrb = (w: number): number => (w >>> 11) & 31;
export const vrc = (w: number): number => (w >>> 6) & 31;
