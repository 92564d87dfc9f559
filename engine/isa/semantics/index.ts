// All instruction semantics, keyed by the table row's name (engine/isa/table.ts).
import type { Sem } from '../../cpu/dispatch.js';
import { FIXEDPOINT } from './fixedpoint/index.js';
import { BRANCH } from './branch.js';
import { CR } from './cr.js';
import { LOADSTORE } from './loadstore.js';
import { PROCESSOR_CONTROL } from './processor-control.js';
import { STORAGE_CONTROL } from './storage-control.js';
import { VECTOR } from './vector/index.js';

export const SEMANTICS: Readonly<Record<string, Sem>> = {
  ...FIXEDPOINT, ...BRANCH, ...CR, ...LOADSTORE, ...PROCESSOR_CONTROL, ...STORAGE_CONTROL, ...VECTOR,
};
