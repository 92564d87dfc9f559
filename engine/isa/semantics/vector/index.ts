// Vector facility semantics (Power ISA 2.07 Book I ch. 6), keyed by table row name.
import type { Sem } from '../../../cpu/dispatch.js';
import { VECTOR_INTEGER } from './integer.js';
import { VECTOR_PERMUTE } from './permute.js';
import { VECTOR_STORAGE } from './storage.js';

export const VECTOR: Readonly<Record<string, Sem>> = { ...VECTOR_STORAGE, ...VECTOR_PERMUTE, ...VECTOR_INTEGER };
