// The reference corpus: QEMU 7.2's per-instruction state traces of the bare-metal guests,
// committed so tests compare the engine with QEMU without running it. Only guests whose
// instruction stream does not depend on QEMU's host-timed clock are kept; the others (time
// reads, decrementer interrupts, console polling) are compared against a live QEMU, which
// drives the engine with its inputs (corpus/reference/reference.test.ts).
import { fileURLToPath } from 'node:url';

export const REFERENCE_DIR = fileURLToPath(new URL('.', import.meta.url)).replace(/\/dist\/corpus\/reference\/$/, '/corpus/reference/');

/** Guests with a committed reference, and how many instructions it covers (all if absent). */
export const REFERENCE_GUESTS: Readonly<Record<string, number | undefined>> = {
  arith: undefined, atomic: undefined, be2le: undefined, branch: undefined, cache: undefined,
  compare: undefined, cr: undefined, hello: undefined, loadstore: undefined, logical: undefined,
  misc: undefined, muldiv: undefined, multiple: undefined, rotate: undefined, shift: undefined,
  bench: 200_000,
};

/** Guests whose run depends on when QEMU's host clock ticks: compared live only. */
export const LIVE_ONLY_GUESTS = ['spr', 'exceptions', 'echo', 'inputs'] as const;

export const referencePath = (guest: string) => `${REFERENCE_DIR}${guest}.pstate`;
