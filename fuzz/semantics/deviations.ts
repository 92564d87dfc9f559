// Where qemu-user 7.2 and the Power ISA disagree on an instruction the semantic fuzzer draws.
// The engine follows the ISA; at such an instruction the runner adopts QEMU's result (so the
// rest of the sequence is still compared exactly) and the case reports the deviation's id.
// (oracle/qemu/deviations.ts lists the same facts for system-mode diffs.)
import type { Cpu } from '../../engine/cpu/cpu.js';
import { W_CR, W_OV, W_OV32, W_SO } from '../../engine/cpu/regs.js';

/** What the runner does instead of the ISA's result: fix the state up after the instruction,
 *  or deliver the illegal-instruction SIGILL QEMU delivers in its place. */
export type Adoption = { after: (c: Cpu) => void } | { sigill: true };

export interface UserDeviation {
  id: string;
  reason: string;
  /** Called before an instruction runs; null where QEMU agrees with the ISA. */
  before(c: Cpu, word: number): Adoption | null;
}

const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

export const USER_DEVIATIONS: readonly UserDeviation[] = [
  {
    id: 'divdeo-overflow',
    reason: 'divdeo with a quotient that is not a signed doubleword (e.g. 2^64 ÷ 2): Power ISA 2.07 ' +
      'Book I §3.3.9 sets OV and SO (and CR0[SO] for the Rc form); QEMU 7.2 only tests (RB) = 0 or ' +
      '|RA| ≥ |RB| and leaves them as they were',
    before(c, w) {
      // divde: primary 31, XO 425 (bits 22:30), OE = bit 21
      if (w >>> 26 !== 31 || ((w >>> 1) & 0x1ff) !== 425 || !(w & 0x400)) return null;
      const a = s64(c.u64[(w >>> 16) & 31]), b = s64(c.u64[(w >>> 11) & 31]);
      if (b === 0n || abs(a) >= abs(b)) return null; // QEMU flags these as well
      const q = (a << 64n) / b;
      if (q <= (1n << 63n) - 1n && q >= -(1n << 63n)) return null;
      const so = c.u32[W_SO];
      return {
        after(c2) {
          c2.u32[W_OV] = 0;
          c2.u32[W_OV32] = 0;
          c2.u32[W_SO] = so;
          if (w & 1) c2.u32[W_CR] = (c2.u32[W_CR] & ~0x10000000) | (so ? 0x10000000 : 0);
        },
      };
    },
  },
  {
    id: 'dcbf-l3',
    reason: 'dcbf with L = 3 (dcbflp, flush from the primary cache: Power ISA 2.07 Book II §4.3.2, where ' +
      'only L = 2 is reserved): QEMU 7.2 accepts only L = 0 and 1 and raises an illegal instruction',
    before: (_c, w) => (w >>> 26 === 31 && ((w >>> 1) & 0x3ff) === 86 && ((w >>> 21) & 3) === 3 ? { sigill: true } : null),
  },
  {
    id: 'stqcx-fails',
    reason: 'stqcx. after an lqarx of the same quadword with nothing stored between: Power ISA 2.07 ' +
      'Book II §4.4.2 performs the store and sets CR0 to 0b001 || SO; qemu-user 7.2 (no parallel ' +
      'threads) always reports failure, CR0 = 0b000 || SO, and stores nothing',
    before(c, w) {
      if (w >>> 26 !== 31 || ((w >>> 1) & 0x3ff) !== 182 || (w & 1) !== 1) return null;
      const ra = (w >>> 16) & 31, rb = (w >>> 11) & 31;
      const ea = Number(BigInt.asUintN(32, (ra ? c.u64[ra] : 0n) + c.u64[rb]));
      if (ea + 16 > c.ram.size) return null;
      const before = c.ram.read(ea, 16);
      return {
        after(c2) {
          if (!(c2.u32[W_CR] & 0x20000000)) return; // failed on the engine too
          c2.ram.write(ea, before);
          c2.u32[W_CR] &= ~0x20000000;
        },
      };
    },
  },
  {
    id: 'slbfee-problem-state',
    reason: 'slbfee. in problem state: a privileged instruction, so the privileged-instruction program ' +
      'interrupt (Power ISA 2.07 Book III-S §5.9.3.1, §6.5.9; Linux sends SIGILL with ILL_PRVOPC); ' +
      'qemu-user 7.2 raises an illegal instruction (ILL_ILLOPC) instead',
    before: (_c, w) => (w >>> 26 === 31 && ((w >>> 1) & 0x3ff) === 979 && (w & 1) === 1 ? { sigill: true } : null),
  },
];
