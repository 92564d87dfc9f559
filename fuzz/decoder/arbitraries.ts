// fast-check arbitraries for instruction words, all derived from the instruction table.
//
// - formWordArb(i): a word of FORMS[i] built with encode() from operand fields drawn over
//   their whole range (fieldRange), biased to the edges min, max, 0 and ±1, with its Rc/OE
//   variants;
// - anyFormWordArb: one of those, uniform over the forms so that every form is drawn;
// - randomWordArb: any 32-bit word; nearValidWordArb: a primary opcode of the table with
//   random low 26 bits; formNoiseWordArb: a form's opcode bits (mask/match) with every other
//   bit random, reserved bits included (Book I §1.3.3); formBitFlipWordArb: a form's word
//   with a few such bits flipped. The last two probe reserved-bit and invalid-form handling.
import fc from 'fast-check';
import type { Field } from '../../engine/isa/form.js';
import { FORMS } from '../../engine/isa/table.js';
import { fieldRange } from '../../engine/isa/fields.js';
import { encode, type Operands, type Variant } from '../../engine/isa/encode.js';

export interface FormWord {
  form: number;
  ops: Partial<Record<Field, number>>;
  variant: Variant;
  word: number;
}

/** Values of one operand field: any in range (as a multiple of its alignment), or an edge. */
export function fieldArb(f: Field): fc.Arbitrary<number> {
  const { min, max, align } = fieldRange(f);
  const edges = [...new Set([min, max, 0, align, -align].filter((v) => v >= min && v <= max))];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
    { weight: 3, arbitrary: fc.integer({ min: min / align, max: max / align }).map((v) => v * align) },
  );
}

const FIELD_ARBS = new Map<Field, fc.Arbitrary<number>>();
const fieldArbCached = (f: Field) => {
  let a = FIELD_ARBS.get(f);
  if (!a) FIELD_ARBS.set(f, a = fieldArb(f));
  return a;
};

/** Operand fields of FORMS[i]. */
export function formOperandsArb(i: number): fc.Arbitrary<Partial<Record<Field, number>>> {
  const rec: Partial<Record<Field, fc.Arbitrary<number>>> = {};
  for (const f of FORMS[i].operands) rec[f] = fieldArbCached(f);
  return fc.record(rec as Record<Field, fc.Arbitrary<number>>);
}

/** Rc/OE variants FORMS[i] has (Book I §1.6.28: Rc bit 31, OE bit 21). */
export function variantArb(i: number): fc.Arbitrary<Variant> {
  const f = FORMS[i];
  return fc.record({ rc: f.rc ? fc.boolean() : fc.constant(false), oe: f.oe ? fc.boolean() : fc.constant(false) });
}

const FORM_ARBS: fc.Arbitrary<FormWord>[] = [];
/** A word of FORMS[i] with its operand fields and variant. */
export function formWordArb(i: number): fc.Arbitrary<FormWord> {
  return FORM_ARBS[i] ??= fc.tuple(formOperandsArb(i), variantArb(i)).map(([ops, variant]) =>
    ({ form: i, ops, variant, word: encode(FORMS[i].name, ops as Operands, variant) }));
}

/** A word of any form, each form equally likely. */
export const anyFormWordArb: fc.Arbitrary<FormWord> = fc.oneof(...FORMS.map((_, i) => formWordArb(i)));

/** Any 32-bit word (as an unsigned number). */
export const randomWordArb: fc.Arbitrary<number> = fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((v) => v >>> 0);

/** Primary opcodes the table uses. */
export const PRIMARIES: readonly number[] = [...new Set(FORMS.map((f) => f.match >>> 26))].sort((a, b) => a - b);

/** A table primary opcode with random bits 6:31: near-valid words. */
export const nearValidWordArb: fc.Arbitrary<number> = fc.tuple(fc.constantFrom(...PRIMARIES), fc.integer({ min: 0, max: 0x3ffffff }))
  .map(([p, low]) => ((p << 26) | low) >>> 0);

/** FORMS[i]'s opcode bits with every other bit (operands and reserved bits) random. */
export const formNoiseWordArb: fc.Arbitrary<number> = fc.tuple(fc.integer({ min: 0, max: FORMS.length - 1 }), randomWordArb)
  .map(([i, r]) => (FORMS[i].match | (r & ~FORMS[i].mask)) >>> 0);

/** A form's word with one to three bits outside its mask flipped: mostly a reserved bit
 *  set in an otherwise valid word (uniform noise rarely leaves all the others 0). */
export const formBitFlipWordArb: fc.Arbitrary<number> = fc.tuple(anyFormWordArb, fc.array(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 3 }))
  .map(([x, bits]) => bits.reduce((w, b) => w ^ ((1 << b) & ~FORMS[x.form].mask), x.word) >>> 0);

/** The words the objdump property compares: table words (with edge operands), table
 *  words and opcodes with noise, and anything at all. */
export const fuzzWordArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: anyFormWordArb.map((x) => x.word) },
  { weight: 1, arbitrary: formBitFlipWordArb },
  { weight: 1, arbitrary: formNoiseWordArb },
  { weight: 1, arbitrary: nearValidWordArb },
  { weight: 1, arbitrary: randomWordArb },
);
