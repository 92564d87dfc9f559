// Disassembler whose text equals `powerpc64-linux-gnu-objdump -d -M power8` after the hex
// bytes (binutils 2.40), without objdump's trailing " <symbol+off>" annotation.
import type { Field } from './form.js';
import { ALIASES, FORMS, type AliasOperand } from './table.js';
import { decode } from './decode.js';
import { extractField, fieldMask } from './fields.js';
import { isInvalidForm } from './invalid.js';

const CC = ['lt', 'gt', 'eq', 'so'];
const CRBIT = new Set<Field>(['BT', 'BA', 'BB', 'BC', 'BI']);
const MASK64 = (1n << 64n) - 1n;

/** Bits objdump requires to equal `match`: everything but operands, Rc, OE and the
 *  reserved bits binutils leaves unchecked for the form (Row.loose). */
const STRICT = FORMS.map((f) => {
  let m = f.operands.reduce((a, o) => a | fieldMask(o), f.loose ?? 0);
  if (f.rc) m |= 1;
  if (f.oe) m |= 0x400;
  return ~m >>> 0;
});

const score = (i: number) => {
  const a = ALIASES[i];
  let n = 0;
  for (let m = a.mask; m; m &= m - 1) n++;
  return n + 5 * ((a.same?.length ?? 0) + (a.sum ? 1 : 0));
};
/** Aliases of each form, most specific first (stable in table order). */
const ALIASES_OF: number[][] = FORMS.map(() => []);
ALIASES.map((_, i) => i).sort((x, y) => score(y) - score(x) || x - y).forEach((i) => {
  const b = FORMS.findIndex((f) => f.name === ALIASES[i].base);
  ALIASES_OF[b].push(i);
});

const hex = (v: bigint | number) => '0x' + v.toString(16);

function operand(o: AliasOperand, w: number, pc: bigint, ra0: boolean): string {
  if (o.startsWith('=')) return o.slice(1);
  switch (o) {
    case 'CRF': return `cr${(w >>> 18) & 7}`;
    case 'N31ME': return String(31 - extractField('ME', w));
    case 'N63ME': return String(63 - extractField('ME6', w));
  }
  const f = o as Field, v = extractField(f, w);
  switch (f) {
    case 'RT': case 'RS': case 'RB': return `r${v}`;
    case 'VRT': case 'VRS': case 'VRA': case 'VRB': case 'VRC': return `v${v}`;
    case 'RA': return ra0 && v === 0 ? '0' : `r${v}`;
    case 'BF': case 'BFA': return `cr${v}`;
    // objdump prints absolute (AA=1) targets truncated to 32 bits
    case 'LI': case 'BD': return hex((w & 2) ? BigInt(v >>> 0) : (pc + BigInt(v)) & MASK64);
    case 'NB': return String(v === 0 ? 32 : v);
  }
  if (CRBIT.has(f)) return (v >> 2 ? `4*cr${v >> 2}+` : '') + CC[v & 3];
  return String(v);
}

function render(name: string, ops: readonly AliasOperand[], optional: readonly AliasOperand[] | undefined,
  w: number, pc: bigint, ra0: boolean): string {
  const isDefault = (o: AliasOperand) =>
    o === 'CRF' ? ((w >>> 18) & 7) === 0 : extractField(o as Field, w) === 0;
  const parts: string[] = [];
  for (let k = 0; k < ops.length; k++) {
    const o = ops[k];
    // objdump omits an optional operand when it and every optional operand after it
    // hold their default (0).
    if (optional?.includes(o) && ops.slice(k).every((p) => !optional.includes(p) || isDefault(p))) continue;
    if ((o === 'D' || o === 'DS' || o === 'DQ') && ops[k + 1] === 'RA') {
      parts.push(`${operand(o, w, pc, ra0)}(${operand('RA', w, pc, ra0)})`);
      k++;
    } else parts.push(operand(o, w, pc, ra0));
  }
  if (parts.length === 0) return name;
  return name + ' '.repeat(Math.max(1, 8 - name.length)) + parts.join(',');
}

/** Branch prediction suffix objdump appends to bc/bclr/bcctr/bctar (§2.4 "at" bits). */
function hint(bo: number): string {
  if ((bo & 0x14) === 0x04) return (bo & 3) === 2 ? '-' : (bo & 3) === 3 ? '+' : '';
  if ((bo & 0x14) === 0x10 && (bo & 8)) return bo & 1 ? '+' : '-';
  return '';
}

/** objdump's text for `word` at address `pc`. */
export function disasm(word: number, pc: bigint): string {
  const w = word >>> 0;
  const i = decode(w);
  const f = i < 0 ? undefined : FORMS[i];
  if (!f || f.objdump === false) return `.long ${hex(w)}`;
  const sfx = (f.oe && (w & 0x400) ? 'o' : '') + (f.rc && (w & 1) ? '.' : '');
  // Reserved bits must be 0 unless the form leaves them loose; an alias may fix reserved
  // bits itself (dcbzl) or insist on loose ones (isellt), so its own mask decides those.
  const reserved = ((w ^ f.match) & STRICT[i]) >>> 0;
  for (const ai of ALIASES_OF[i]) {
    const a = ALIASES[ai];
    if (((w & a.mask) >>> 0) !== a.match || (reserved & ~a.mask) !== 0) continue;
    if (a.same && !a.same.every(([x, y]) => extractField(x, w) === extractField(y, w))) continue;
    if (a.sum && extractField(a.sum[0], w) + extractField(a.sum[1], w) !== a.sum[2]) continue;
    return render(a.name + sfx, a.operands, a.optional, w, pc, f.ra0 ?? false);
  }
  // objdump tries the aliases first; only the base form checks operand validity.
  if (reserved !== 0 || (f.invalid && isInvalidForm(f.invalid, w))) return `.long ${hex(w)}`;
  const h = f.invalid === 'bo' ? hint((w >>> 21) & 31) : '';
  return render(f.name + sfx + h, f.operands, f.optional, w, pc, f.ra0 ?? false);
}
