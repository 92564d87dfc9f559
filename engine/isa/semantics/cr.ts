// Condition Register logical instructions and mcrf (Power ISA 2.07 Book I §2.5.1, §2.5.2).
// CR bit n (ISA numbering, 0 = MSB) is bit 31-n of the 32-bit CR word.

import type { Sem } from '../../cpu/dispatch.js';
import type { Cpu } from '../../cpu/cpu.js';
import { W_CR } from '../../cpu/regs.js';

/** CR[BT] ← op(CR[BA], CR[BB]) where `r` is the op's result in bit 0 of a number. */
function crLogical(c: Cpu, w: number, r: number): void {
  const sh = 31 - ((w >>> 21) & 31);
  const u32 = c.u32;
  u32[W_CR] = ((u32[W_CR] & ~(1 << sh)) | ((r & 1) << sh)) >>> 0;
}
const ba = (c: Cpu, w: number): number => c.u32[W_CR] >>> (31 - ((w >>> 16) & 31));
const bb = (c: Cpu, w: number): number => c.u32[W_CR] >>> (31 - ((w >>> 11) & 31));

export const CR: Record<string, Sem> = {
  crand: (c, w) => crLogical(c, w, ba(c, w) & bb(c, w)),
  cror: (c, w) => crLogical(c, w, ba(c, w) | bb(c, w)),
  crxor: (c, w) => crLogical(c, w, ba(c, w) ^ bb(c, w)),
  crnand: (c, w) => crLogical(c, w, ~(ba(c, w) & bb(c, w))),
  crnor: (c, w) => crLogical(c, w, ~(ba(c, w) | bb(c, w))),
  creqv: (c, w) => crLogical(c, w, ~(ba(c, w) ^ bb(c, w))),
  crandc: (c, w) => crLogical(c, w, ba(c, w) & ~bb(c, w)),
  crorc: (c, w) => crLogical(c, w, ba(c, w) | ~bb(c, w)),
  /** mcrf BF,BFA: CR field BF ← CR field BFA. */
  mcrf: (c, w) => {
    const u32 = c.u32;
    const v = (u32[W_CR] >>> (28 - ((w >>> 18) & 7) * 4)) & 0xf;
    const sh = 28 - ((w >>> 23) & 7) * 4;
    u32[W_CR] = ((u32[W_CR] & ~(0xf << sh)) | (v << sh)) >>> 0;
  },
};
