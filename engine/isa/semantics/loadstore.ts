import type { Sem } from '../../cpu/dispatch.js';

export const LOADSTORE: Record<string, Sem> = {};
