// Book I fixed-point computational instructions (Power ISA 2.07 §3.3.8–3.3.16), keyed by
// the instruction table's row names (engine/isa/table.ts).
import type { Sem } from '../../../cpu/dispatch.js';
import { ARITH } from './arith.js';
import { BCD } from './bcd.js';
import { COMPARE } from './compare.js';
import { LOGICAL } from './logical.js';
import { ROTATE } from './rotate.js';

export const FIXEDPOINT: Record<string, Sem> = { ...ARITH, ...COMPARE, ...LOGICAL, ...ROTATE, ...BCD };
