// Dispatch: one semantic function per row of the instruction table, in table order, so the
// interpreter calls sem[decode(word)](cpu, word). Semantics live beside the table, one file
// per family (engine/isa/semantics/), keyed by the row's name.

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

/** Names of table forms that have no semantics (reported by tests and coverage). */
export function missingSemantics(): string[] {
  return FORMS.filter((f) => !SEMANTICS[f.name]).map((f) => f.name);
}
