// The VIO virtual terminal (PAPR §16.4 "Virtual Terminal"; QEMU's spapr-vty): bytes out via
// H_PUT_TERM_CHAR, in via H_GET_TERM_CHAR from the inputs door.

import type { Cpu } from '../cpu/cpu.js';
import type { Inputs } from '../inputs.js';
import type { HcallTable } from './hcalls.js';
import { H_GET_TERM_CHAR, H_PARAMETER, H_PUT_TERM_CHAR, H_SUCCESS } from './papr.js';

export class Vty {
  constructor(readonly unit: number, private readonly inputs: Inputs, private readonly out: (bytes: Uint8Array) => void) {}

  register(t: HcallTable): void {
    t.register(H_PUT_TERM_CHAR, (c) => this.put(c));
    t.register(H_GET_TERM_CHAR, (c) => this.get(c));
  }

  private isMine(c: Cpu): boolean {
    return c.u64[4] === BigInt(this.unit);
  }

  /** r4 = unit, r5 = length (≤ 16), r6/r7 = the bytes, big-endian packed. */
  private put(c: Cpu): bigint {
    if (!this.isMine(c)) return H_PARAMETER;
    const len = c.u64[5];
    if (len > 16n) return H_PARAMETER;
    const n = Number(len);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const reg = 6 + (i >> 3), shift = 8 * (7 - (i & 7));
      const word = shift >= 32 ? c.u32[reg * 2 + 1] >>> (shift - 32) : c.u32[reg * 2] >>> shift;
      bytes[i] = word & 0xff;
    }
    if (n) this.out(bytes);
    return H_SUCCESS;
  }

  /** r4 = unit → r4 = length, r5/r6 = up to 16 bytes, big-endian packed. */
  private get(c: Cpu): bigint {
    if (!this.isMine(c)) return H_PARAMETER;
    const bytes = this.inputs.consoleRead(c.icount, 16);
    const packed = new Uint8Array(16);
    packed.set(bytes);
    const dv = new DataView(packed.buffer);
    c.u64[4] = BigInt(bytes.length);
    c.u64[5] = dv.getBigUint64(0);
    c.u64[6] = dv.getBigUint64(8);
    return H_SUCCESS;
  }
}
