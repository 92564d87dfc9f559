// spapr-rng: H_RANDOM returns 64 bits of entropy in r4 (PAPR "H_RANDOM"), from the inputs door.
import type { Inputs } from '../inputs.js';
import type { HcallTable } from './hcalls.js';
import { H_RANDOM, H_SUCCESS } from './papr.js';

export function registerRng(t: HcallTable, inputs: Inputs): void {
  t.register(H_RANDOM, (c) => {
    c.u64[4] = inputs.random64(c.icount);
    return H_SUCCESS;
  });
}
