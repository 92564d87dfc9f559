// Deterministic operand generators shared by the isa tests (not used by the engine).
import type { Field } from './form.js';
import { ALIASES, FORMS } from './table.js';
import { fieldRange } from './fields.js';
import { encode, encodeAlias, type Operands } from './encode.js';

export { rng } from '../testing.js';
import { rng } from '../testing.js';

type Pick = 'random' | 'min' | 'max';

function value(f: Field | 'CRF' | 'N31ME' | 'N63ME', r: () => number, how: Pick): number {
  const { min, max, align } = f === 'CRF' ? { min: 0, max: 7, align: 1 }
    : f === 'N31ME' ? { min: 0, max: 31, align: 1 } : f === 'N63ME' ? { min: 0, max: 63, align: 1 }
    : fieldRange(f);
  if (how === 'min') return min;
  if (how === 'max') return max;
  const lo = min / align, hi = max / align;
  const x = r();
  if (x < 0.1) return 0;
  return (lo + Math.floor(r() * (hi - lo + 1))) * align;
}

/** Operands for FORMS[i] (or ALIASES[i] if `alias`). */
export function operandsFor(i: number, alias: boolean, r: () => number, how: Pick = 'random'): Operands {
  const ops: Operands = {};
  const list = alias ? ALIASES[i].operands : FORMS[i].operands;
  for (const o of list) if (!o.startsWith('=')) ops[o as Field] = value(o as Field, r, how);
  return ops;
}

/** Up to `n` words for FORMS[i] with random operands and Rc/OE variants. */
export function formWords(i: number, n: number, seed: number): { word: number; ops: Operands }[] {
  const r = rng(seed), f = FORMS[i], out: { word: number; ops: Operands }[] = [];
  const hows: Pick[] = ['min', 'max'];
  for (let k = 0; k < n + 2; k++) {
    const ops = operandsFor(i, false, r, hows[k] ?? 'random');
    const v = { rc: !!f.rc && r() < 0.5, oe: !!f.oe && r() < 0.5 };
    out.push({ word: encode(f.name, ops, v), ops });
  }
  return out;
}

/** Up to `n` words for ALIASES[i]; operand sets the alias cannot express are retried. */
export function aliasWords(i: number, n: number, seed: number): { word: number; ops: Operands }[] {
  const r = rng(seed), out: { word: number; ops: Operands }[] = [];
  for (let tries = 0; out.length < n && tries < n * 20; tries++) {
    const ops = operandsFor(i, true, r);
    try { out.push({ word: encodeAlias(i, ops), ops }); } catch { /* out of range: retry */ }
  }
  return out;
}
