// One word, two disassemblers: ours (engine/isa/disasm.ts) against objdump's text.
//
// objdump -M power8 also knows the FP, VMX, VSX, DFP and HTM facilities (and a few
// implementation-specific words such as attn) that the table does not hold yet. A word we
// print as `.long` is "outside" the table when no form decodes it and objdump's mnemonic is
// none the table can print; every other difference, including a disagreement on which
// words are invalid, is a mismatch.
import { ALIASES, FORMS } from '../../engine/isa/table.js';
import { decode } from '../../engine/isa/decode.js';
import { disasm } from '../../engine/isa/disasm.js';

export type Verdict = 'agree' | 'outside' | 'mismatch';

export interface Comparison {
  word: number;
  pc: bigint;
  ours: string;
  objdump: string;
  verdict: Verdict;
}

/** Every mnemonic disasm() can print: forms and aliases with their Rc/OE (and, for
 *  conditional branches, +/- hint) spellings. */
export const TABLE_MNEMONICS: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  const spell = (name: string, rc?: boolean, oe?: boolean, hints = false) => {
    for (const o of oe ? ['', 'o'] : ['']) for (const d of rc ? ['', '.'] : [''])
      for (const h of hints ? ['', '+', '-'] : ['']) out.add(name + o + d + h);
  };
  for (const f of FORMS) spell(f.name, f.rc, f.oe, f.invalid === 'bo');
  for (const a of ALIASES) {
    const b = FORMS.find((f) => f.name === a.base)!;
    spell(a.name, b.rc, b.oe);
  }
  return out;
})();

const mnemonic = (text: string) => text.split(/\s/, 1)[0];

export function compareWord(word: number, pc: bigint, objdump: string): Comparison {
  const w = word >>> 0, ours = disasm(w, pc);
  let verdict: Verdict = 'agree';
  if (ours !== objdump) {
    const outside = ours.startsWith('.long') && decode(w) < 0 && !TABLE_MNEMONICS.has(mnemonic(objdump));
    verdict = outside ? 'outside' : 'mismatch';
  }
  return { word: w, pc, ours, objdump, verdict };
}

export const hex8 = (w: number) => '0x' + (w >>> 0).toString(16).padStart(8, '0');

/** One line naming the word and both texts. */
export function describe(c: Comparison): string {
  return `${hex8(c.word)} at ${'0x' + c.pc.toString(16)}: objdump "${c.objdump}", disasm "${c.ours}"`;
}
