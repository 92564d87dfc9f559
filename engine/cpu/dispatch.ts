// Dispatch: one semantic function per row of the instruction table, in table order.
// Semantics live beside the table, one file per family (engine/isa/semantics/), keyed by the
// row's name. The interpreter executes a form through one generated `switch` on the form
// index: each case is its own call site that only ever sees one function, so V8 can inline
// it, where one call through an array of ~200 functions would stay megamorphic.

import type { Cpu } from './cpu.js';
import { FORMS } from '../isa/table.js';
import { SEMANTICS } from '../isa/semantics/index.js';

/** Executes one instruction word; may call c.raise()/c.program() which throw INTERRUPT. */
export type Sem = (c: Cpu, w: number) => void;

/** Forms in the table with no semantics yet execute as illegal instructions. */
const unimplemented: Sem = (c) => c.illegal();

export function semanticsTable(): Sem[] {
  return FORMS.map((f) => SEMANTICS[f.name] ?? unimplemented);
}

/** The interpreter's inner loop, generated with the dispatch switch inline. When NIA enters
 *  another EA page it asks the CPU for the real page (c.fetchPage with translation on) and
 *  runs from that page's decoded words; c.fetchSlow fetches any other way. */
export type Loop = (c: Cpu) => void;

export { UNDECODED, type CodePage } from '../memory/ram.js';
import { UNDECODED } from '../memory/ram.js';

export interface LoopParts {
  sem: readonly Sem[];
  notInTable: Sem;
  decode: (w: number) => number;
  niaLo: number; ciaLo: number;
}

export function makeLoop(p: LoopParts): Loop {
  const cases = p.sem.map((_, i) => `case ${i}: s${i}(c, w); break;`).join('\n');
  const names = p.sem.map((_, i) => `s${i}`);
  // The current EA page, its high address word and its real page are kept in locals: while
  // NIA stays in them, the fetch needs no checks. Anything that could make them stale (an
  // MSR change, a translation dropped from the TLB, a write by the host in a hypercall, a
  // byte-order flip) ends the batch through c.recheck().
  const src = `
return function loop(c) {
  const u32 = c.u32, code = c.ram.code, ramSize = c.ram.size;
  const niaLo = ${p.niaLo}, niaHi = ${p.niaLo + 1}, ciaLo = ${p.ciaLo}, ciaHi = ${p.ciaLo + 1};
  let curPn = -1, curHi = -1, rpn = 0, page = null, form = null, word = null;
  while (c.icount < c.stopAt) {
    const lo = u32[niaLo], hi = u32[niaHi];
    u32[ciaLo] = lo;
    c.icount++;
    // NIA = CIA + 4; in 32-bit mode NIA's high word is 0 and addresses wrap at 2^32.
    if (lo < 0xfffffffc) u32[niaLo] = lo + 4;
    else { u32[niaLo] = 0; u32[niaHi] = c.sf ? hi + 1 : 0; }
    const pn = lo >>> 12;
    if (pn !== curPn || hi !== curHi) {
      // Another EA page: its real page (translated when MSR[IR] = 1; real mode ignores EA
      // bits 0:3), or -1 when no RAM is there.
      u32[ciaHi] = hi;
      rpn = c.ir ? c.fetchPage(hi, lo) : (hi & 0x0fffffff) !== 0 || lo >= ramSize ? -1 : pn;
      if (rpn < 0) {
        curPn = -1;
        const w = c.fetchSlow(hi, lo), f = decode(w);
        if (f < 0) nit(c, w); else sem[f](c, w);
        continue;
      }
      page = code[rpn] ?? c.newCodePage(rpn);
      form = page.form; word = page.word; curPn = pn; curHi = hi;
    }
    const i = (lo >>> 2) & 1023;
    let f = form[i];
    if (f === ${UNDECODED}) f = c.decodeSlot(page, rpn, i);
    const w = word[i];
    switch (f) {
${cases}
    default: nit(c, w);
    }
  }
};`;
  return new Function(...names, 'nit', 'decode', 'sem', src)(...p.sem, p.notInTable, p.decode, p.sem) as Loop;
}

/** Names of table forms that have no semantics (reported by tests and coverage). */
export function missingSemantics(): string[] {
  return FORMS.filter((f) => !SEMANTICS[f.name]).map((f) => f.name);
}
