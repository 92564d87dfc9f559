// Which instruction forms the semantic fuzzer draws, and how each operand field is drawn so
// that a random sequence stays meaningful: registers from small pools (so instructions depend
// on each other), memory operands inside the window, branches forward inside the sequence.
// Everything derives from the instruction table (engine/isa/table.ts).
import fc from 'fast-check';
import type { Field, Row } from '../../engine/isa/index.js';
import { FORMS, SEMANTICS, fieldRange, isInvalidForm } from '../../engine/isa/index.js';

/** Why a table form is not drawn: it cannot run the same way under qemu-user and in our
 *  problem-state runner. Every other form with semantics is drawn. */
export const NOT_FUZZED: Readonly<Record<string, string>> = {
  sc: 'a system call: the harness process would make it',
};

/** SPRs mfspr/mtspr use: the user-mode ones the signal frame carries (XER, LR, CTR,
 *  VRSAVE) and some privileged ones (SRR0, DAR, SPRG0), which must raise the privileged
 *  program interrupt (SIGILL) in problem state (Book III-S §6.5.9). */
export const FUZZ_SPRS: readonly number[] = [1, 8, 9, 256, 26, 19, 272];

/** Forms the generator puts only last in a sequence: branches through LR, CTR or TAR (which
 *  must not jump back into it), and mftb, whose result (the time base: QEMU's follows the host
 *  clock, ours the instruction count) must not feed later instructions; compare.ts leaves
 *  that one register out. */
export const TAIL = new Set(['bclr', 'bclrl', 'bcctr', 'bcctrl', 'bctar', 'bctarl', 'mftb']);

export type Kind = 'memory' | 'branch' | 'tail' | 'plain';

export interface FuzzForm {
  index: number;
  row: Row;
  kind: Kind;
}

const MEMORY_CONTROL = new Set(['dcbt', 'dcbtst', 'dcbf', 'dcbst', 'dcbz', 'icbi', 'icbt']);

function kindOf(r: Row): Kind {
  if (TAIL.has(r.name)) return 'tail';
  if (r.operands.includes('BD') || r.operands.includes('LI')) return 'branch';
  if (r.family === 'loadstore' || MEMORY_CONTROL.has(r.name)) return 'memory';
  if (r.family === 'vector' && r.operands.includes('RA')) return 'memory'; // VMX storage access, dst
  return 'plain';
}

/** Forms the fuzzer draws: everything with semantics that a user program may execute, and
 *  the privileged forms too (they must raise the privileged program interrupt, SIGILL). */
export const FUZZ_FORMS: readonly FuzzForm[] = FORMS.flatMap((row, index) =>
  SEMANTICS[row.name] && !(row.name in NOT_FUZZED) ? [{ index, row, kind: kindOf(row) }] : []);

/** Symbolic operand draws, resolved against a case's register pools and the instruction's
 *  position by case.ts. GPR fields hold a pool slot; BD/LI a forward distance. */
export interface InsnDraw {
  form: number; // index into FUZZ_FORMS
  fields: Partial<Record<Field, number>>;
  rc: boolean;
  oe: boolean;
  /** Fields are the operands themselves (instructions the generator adds, not draws). */
  literal?: boolean;
}

const GPR_FIELDS = new Set<Field>(['RT', 'RS', 'RA', 'RB', 'RC']);

const signed16 = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 0x7fff, -0x8000, 0x7ffe, -0x7fff, 0x10, -0x10),
  fc.integer({ min: -0x8000, max: 0x7fff }),
);
const unsigned16 = fc.oneof(fc.constantFrom(0, 1, 0xffff, 0x8000, 0x7fff, 0xff00, 0x00ff), fc.integer({ min: 0, max: 0xffff }));

/** Memory displacements keep EA = base + d inside the window (bases lie 512..3584 bytes into
 *  it; see case.ts): mostly naturally aligned, sometimes not. */
function displacement(align: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -32, max: 31 }).map((k) => k * 16) },
    { weight: 1, arbitrary: fc.integer({ min: -512, max: 504 }).map((d) => d - (((d % align) + align) % align)) },
  );
}

/** One operand field of `row`, symbolically. */
function fieldArb(row: Row, f: Field, kind: Kind): fc.Arbitrary<number> {
  if (GPR_FIELDS.has(f)) return fc.integer({ min: 0, max: 7 }); // a pool slot (case.ts)
  switch (f) {
    case 'SI': return signed16;
    case 'UI': return unsigned16;
    case 'D': return kind === 'memory' ? displacement(1) : signed16;
    case 'DS': return displacement(4);
    case 'DQ': return displacement(16);
    case 'BD': case 'LI': return fc.integer({ min: 1, max: 8 }); // forward distance in instructions
    case 'SPR': return fc.constantFrom(...FUZZ_SPRS);
    case 'TBR': return fc.constantFrom(268, 269); // TB, TBU (Book II §5.2)
    case 'FXM':
      // mtocrf/mfocrf need exactly one bit (Book I §3.3.17); mtcrf takes any mask.
      return row.invalid === 'fxm1' ? fc.integer({ min: 0, max: 7 }).map((b) => 1 << b)
        : fc.oneof(fc.constantFrom(0xff, 0, 0x80, 0x01), fc.integer({ min: 0, max: 255 }));
    case 'BH': return fc.constantFrom(0, 0, 1, 3);
    case 'NB': return fc.integer({ min: 0, max: 31 });
    default: {
      const r = fieldRange(f);
      return fc.integer({ min: r.min / r.align, max: r.max / r.align }).map((v) => v * r.align);
    }
  }
}

const formArbs = new Map<number, fc.Arbitrary<InsnDraw>>();

/** Draws for FUZZ_FORMS[i]. */
export function insnArb(i: number): fc.Arbitrary<InsnDraw> {
  let a = formArbs.get(i);
  if (a) return a;
  const { row, kind } = FUZZ_FORMS[i];
  const rec: Record<string, fc.Arbitrary<number>> = {};
  for (const f of row.operands) rec[f] = fieldArb(row, f, kind);
  a = fc.record({
    fields: fc.record(rec) as fc.Arbitrary<Partial<Record<Field, number>>>,
    rc: row.rc ? fc.boolean() : fc.constant(false),
    oe: row.oe ? fc.boolean() : fc.constant(false),
  }).map(({ fields, rc, oe }) => ({ form: i, fields, rc, oe }));
  formArbs.set(i, a);
  return a;
}

/** True when `word` is an invalid form of `row` (Book I §1.8.2): its result is boundedly
 *  undefined, so QEMU and we may legitimately differ; the generator avoids them. Beyond the
 *  table's own rules: bcctr with "decrement CTR" (BO[2] = 0) is invalid (§2.4). */
export function invalidWord(row: Row, word: number): boolean {
  if (row.invalid && isInvalidForm(row.invalid, word)) return true;
  if (row.name.startsWith('bcctr') && ((word >>> 21) & 4) === 0) return true;
  return false;
}
