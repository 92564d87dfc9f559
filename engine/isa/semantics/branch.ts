import type { Sem } from '../../cpu/dispatch.js';

export const BRANCH: Record<string, Sem> = {};
