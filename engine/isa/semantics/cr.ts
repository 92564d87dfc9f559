import type { Sem } from '../../cpu/dispatch.js';

export const CR: Record<string, Sem> = {};
