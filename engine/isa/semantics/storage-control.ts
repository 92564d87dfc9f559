import type { Sem } from '../../cpu/dispatch.js';

export const STORAGE_CONTROL: Record<string, Sem> = {};
