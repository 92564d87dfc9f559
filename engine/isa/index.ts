// Public face of the instruction table and everything derived from it.
export type { Field, Format, Family, Form } from './form.js';
export { FORMS, ALIASES, type Row, type Alias, type AliasOperand, type InvalidRule } from './table.js';
export { FIELDS, extractField, insertField, fieldRange, fieldMask } from './fields.js';
export { decode } from './decode.js';
export { encode, encodeAlias, fieldsOf, type Operands, type Variant } from './encode.js';
export { disasm } from './disasm.js';
export { isInvalidForm } from './invalid.js';
export { coverage, type Coverage } from './coverage.js';
export { SEMANTICS } from './semantics/index.js';
