// Where QEMU 7.2 and the engine legitimately part, instruction by instruction. At such a
// point the live engine side adopts QEMU's values and the comparison goes on; each use is
// reported. (corpus/bare/deviations.ts lists the same facts for console transcripts.)
import type { KnownDeviation } from '../../trace/state/diff.js';

const SRR1_MCE_LOADSTORE = 0x200000n; // SRR1 bit 42

export const QEMU_DEVIATIONS: readonly KnownDeviation[] = [
  {
    id: 'divdeo-overflow',
    reason: 'divdeo with a quotient that is not a signed doubleword (e.g. 2^64 ÷ 2): Power ISA 2.07 ' +
      'Book I §3.3.9 sets OV (and SO); QEMU 7.2 only tests (RB) = 0 or |RA| ≥ |RB| and leaves them 0',
    applies: (c) => /^divdeo\.?\s/.test(c.text) && c.registers.every((r) => r.name === 'xer' || r.name === 'cr') && {},
  },
  {
    id: 'access-outside-ram',
    reason: 'a real-mode load or store to an address with no memory behind it: POWER hardware (and ' +
      'the engine by default) takes a machine check (Book III-S §6.5.2); QEMU 7.2 has no ' +
      'transaction-failed hook for POWER8, reads 0 and drops the store, then goes on',
    applies: (c) => {
      const srr1 = c.registers.find((r) => r.name === 'srr1');
      if (!srr1 || !/^(l|st)/.test(c.text)) return false;
      const took = c.adopter === 'a' ? srr1.a : srr1.b;
      return (took & SRR1_MCE_LOADSTORE) !== 0n && { continueAt: c.pc + 4n };
    },
  },
  {
    id: 'rtas-results-in-memory',
    reason: 'values an RTAS call (hcall 0xf000, e.g. get-time-of-day) wrote to guest memory: QEMU\'s ' +
      'log shows registers only, so the engine cannot be given QEMU\'s values and takes them when the ' +
      'guest loads them (a load changing only its target, within 10,000 instructions of the call)',
    applies: (c) => c.icount - (c.lastHcall(0xf000n) ?? -Infinity) < 10_000 &&
      /^l[bhwd]/.test(c.text) && c.registers.length === 1 && c.registers[0].name === `r${(c.word >>> 21) & 31}` && {},
  },
];
