// The decoder's properties, as fast-check properties a test or a long CLI campaign runs
// with its own seed and budget (fc.assert / fc.check with { seed, numRuns,
// interruptAfterTimeLimit }).
import fc from 'fast-check';
import { FORMS } from '../../engine/isa/table.js';
import { decode } from '../../engine/isa/decode.js';
import { fieldsOf } from '../../engine/isa/encode.js';
import { anyFormWordArb, formWordArb, fuzzWordArb, type FormWord } from './arbitraries.js';
import { compareWord, describe, hex8 } from './compare.js';
import { FormCoverage } from './coverage.js';
import { objdumpWords } from './objdump.js';

/** fast-check parameters for these properties: put the failing word's message (hex word,
 *  objdump's text and ours) into the report beside the seed and path. */
export const REPORT: fc.Parameters<unknown> = { includeErrorInReport: true };

/** encode → decode gives the form back, fieldsOf() the fields and bits 31/21 the Rc/OE
 *  variant. Throws a message naming the word on failure. */
export function checkRoundTrip(x: FormWord): void {
  const f = FORMS[x.form], w = x.word;
  const got = decode(w);
  if (got !== x.form) throw new Error(`${f.name} ${hex8(w)}: decodes to ${got < 0 ? 'nothing' : FORMS[got].name}`);
  const fields = fieldsOf(x.form, w);
  for (const o of f.operands) {
    if (fields[o] !== x.ops[o]) throw new Error(`${f.name} ${hex8(w)}: ${o} = ${x.ops[o]} encoded, ${fields[o]} read back`);
  }
  if (f.rc && ((w & 1) === 1) !== !!x.variant.rc) throw new Error(`${f.name} ${hex8(w)}: Rc bit lost`);
  if (f.oe && ((w & 0x400) !== 0) !== !!x.variant.oe) throw new Error(`${f.name} ${hex8(w)}: OE bit lost`);
}

/** Round trip for FORMS[form], or for a form drawn uniformly when `form` is omitted. */
export function roundTripProperty(form?: number, coverage?: FormCoverage): fc.IProperty<[FormWord]> {
  return fc.property(form === undefined ? anyFormWordArb : formWordArb(form), (x) => {
    coverage?.add(x.word);
    checkRoundTrip(x);
  });
}

/** Mean words per objdump batch (the array length is mostly uniform in [0, 2 × this]). */
export const BATCH_WORDS = 4000;

/** minLength 0: fast-check's array shrinker can then drop the words after a failing one
 *  too (with minLength 1 it keeps a tail), so a failure shrinks to a single word. */
export const batchArb = (mean = BATCH_WORDS): fc.Arbitrary<number[]> =>
  fc.array(fuzzWordArb, { minLength: 0, maxLength: 2 * mean, size: 'max' });

/** What the objdump property saw (counted over every run, shrinking included). */
export class ObjdumpStats {
  batches = 0;
  words = 0;
  /** Words objdump knows that the table does not hold (FP, VMX, VSX, …). */
  outside = 0;
  /** objdump mnemonics of the outside words, with counts. */
  readonly outsideNames = new Map<string, number>();
  readonly coverage = new FormCoverage();
}

/** One batch of words, one objdump run: disasm() must print exactly objdump's text for
 *  every word, `.long` (invalid or unknown) included, except words outside the table.
 *  On failure fast-check shrinks the batch to a single word. */
export function objdumpProperty(stats = new ObjdumpStats(), mean = BATCH_WORDS): fc.IProperty<[number[]]> {
  return fc.property(batchArb(mean), (words) => {
    const texts = objdumpWords(words);
    stats.batches++;
    stats.words += words.length;
    const bad: string[] = [];
    words.forEach((w, k) => {
      stats.coverage.add(w);
      const c = compareWord(w, BigInt(k * 4), texts[k]);
      if (c.verdict === 'outside') {
        stats.outside++;
        const m = c.objdump.split(/\s/, 1)[0];
        stats.outsideNames.set(m, (stats.outsideNames.get(m) ?? 0) + 1);
      } else if (c.verdict === 'mismatch') bad.push(describe(c));
    });
    if (bad.length) throw new Error(`${bad.length} of ${words.length} words disagree with objdump; first: ${bad[0]}`);
  });
}
