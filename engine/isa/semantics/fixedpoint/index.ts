import type { Sem } from '../../../cpu/dispatch.js';

export const FIXEDPOINT: Record<string, Sem> = {};
