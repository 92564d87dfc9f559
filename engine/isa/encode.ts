// Assembler for tests and fuzzing: mnemonic + operand values → instruction word, and the
// reverse field view of a decoded word. Encodings come only from the table.
import type { Field } from './form.js';
import { ALIASES, FORMS, type Alias, type AliasOperand, type Row } from './table.js';
import { extractField, fieldRange, insertField } from './fields.js';

export type Operands = Partial<Record<Field | 'CRF', number>>;
export interface Variant { rc?: boolean; oe?: boolean }

const FORM_BY_NAME = new Map(FORMS.map((f, i) => [f.name, i]));
const ALIAS_BY_NAME = new Map<string, number>();
ALIASES.forEach((a, i) => { if (!ALIAS_BY_NAME.has(a.name)) ALIAS_BY_NAME.set(a.name, i); });

function put(name: string, f: Field, v: number | undefined, word: number, optional: boolean): number {
  if (v === undefined) {
    if (optional) return word;
    throw new Error(`encode ${name}: missing operand ${f}`);
  }
  const r = fieldRange(f);
  if (!Number.isInteger(v) || v < r.min || v > r.max || v % r.align !== 0)
    throw new Error(`encode ${name}: operand ${f}=${v} out of range [${r.min}, ${r.max}]${r.align > 1 ? ` (multiple of ${r.align})` : ''}`);
  return insertField(f, v, word);
}

function variantBits(name: string, f: Row, v: Variant | undefined, word: number): number {
  if (v?.rc) { if (!f.rc) throw new Error(`encode ${name}: no Rc variant`); word |= 1; }
  if (v?.oe) { if (!f.oe) throw new Error(`encode ${name}: no OE variant`); word |= 0x400; }
  return word >>> 0;
}

/** Encode the form or alias `name` (aliases: the first of that name in ALIASES). */
export function encode(name: string, ops: Operands, variant?: Variant): number {
  const i = FORM_BY_NAME.get(name);
  if (i !== undefined) {
    const f = FORMS[i];
    let w = f.match;
    for (const fld of f.operands) w = put(name, fld, ops[fld], w, f.optional?.includes(fld) ?? false);
    return variantBits(name, f, variant, w);
  }
  const a = ALIAS_BY_NAME.get(name);
  if (a !== undefined) return encodeAlias(a, ops, variant);
  throw new Error(`encode: unknown mnemonic '${name}'`);
}

/** Encode ALIASES[index]; derived operands (CRF, N31ME, N63ME) are given under their names. */
export function encodeAlias(index: number, ops: Operands, variant?: Variant): number {
  const a: Alias = ALIASES[index];
  const base = FORMS[FORM_BY_NAME.get(a.base)!];
  let w = a.match;
  const opt = (o: AliasOperand) => a.optional?.includes(o) ?? false;
  for (const o of a.operands) {
    const v = ops[o as Field | 'CRF'];
    if (o.startsWith('=')) continue;
    if (o === 'CRF') { w = put(a.name, 'BF', v, 0, opt(o)) >>> 23 << 18 | w; continue; }
    if (o === 'N31ME') { w = put(a.name, 'ME', v === undefined ? undefined : 31 - v, w, false); continue; }
    if (o === 'N63ME') { w = put(a.name, 'ME6', v === undefined ? undefined : 63 - v, w, false); continue; }
    w = put(a.name, o as Field, v, w, opt(o));
  }
  for (const [x, y] of a.same ?? []) w = insertField(y, extractField(x, w), w);
  if (a.sum) {
    const [x, y, n] = a.sum, have = a.operands.includes(x) ? x : y, other = have === x ? y : x;
    w = put(a.name, other, n - extractField(have, w), w, false);
  }
  if (((w & a.mask) >>> 0) !== a.match) throw new Error(`encode ${a.name}: operands outside what the mnemonic expresses`);
  return variantBits(a.name, base, variant, w >>> 0);
}

/** Operand fields of FORMS[index] in `word` (allocates; not for the hot path). */
export function fieldsOf(index: number, word: number): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  for (const f of FORMS[index].operands) out[f] = extractField(f, word);
  return out;
}
