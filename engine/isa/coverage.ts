// Coverage report: how many table forms exist per family and per ISA level (to set against
// the ~914 forms Power ISA ≤ 3.0 defines).
import { ALIASES, FORMS } from './table.js';

export interface Coverage {
  forms: number;
  aliases: number;
  byFamily: Record<string, number>;
  byIsa: Record<string, number>;
}

export function coverage(): Coverage {
  const byFamily: Record<string, number> = {}, byIsa: Record<string, number> = {};
  for (const f of FORMS) {
    byFamily[f.family] = (byFamily[f.family] ?? 0) + 1;
    byIsa[f.isa] = (byIsa[f.isa] ?? 0) + 1;
  }
  return { forms: FORMS.length, aliases: ALIASES.length, byFamily, byIsa };
}
