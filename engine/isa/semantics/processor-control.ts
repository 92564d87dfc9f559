import type { Sem } from '../../cpu/dispatch.js';

export const PROCESSOR_CONTROL: Record<string, Sem> = {};
