// The hypercall dispatcher: `sc 1` from supervisor state lands here with the number in r3
// and arguments in r4..r12; the return code goes to r3 and results to r4.. (PAPR §14.5).
// Unknown numbers return H_FUNCTION and are counted so gaps are visible.

import type { Cpu } from '../cpu/cpu.js';
import { H_FUNCTION } from './papr.js';

/** A hypercall handler: returns the PAPR return code; may write r4.. itself. */
export type Hcall = (c: Cpu) => bigint;

export class HcallTable {
  private readonly handlers = new Map<number, Hcall>();
  /** Calls to unknown hypercall numbers, by number. */
  readonly unknown = new Map<number, number>();

  register(n: number, h: Hcall): void {
    if (this.handlers.has(n)) throw new Error(`hypercall 0x${n.toString(16)} registered twice`);
    this.handlers.set(n, h);
  }

  dispatch(c: Cpu): void {
    const n = c.u32[3 * 2]; // hcall numbers fit in the low word
    const h = c.u32[3 * 2 + 1] === 0 ? this.handlers.get(n) : undefined;
    if (!h) {
      this.unknown.set(n, (this.unknown.get(n) ?? 0) + 1);
      c.i64[3] = H_FUNCTION;
      return;
    }
    c.i64[3] = h(c);
  }
}
