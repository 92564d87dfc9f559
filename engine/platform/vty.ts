// The VIO virtual terminal (PAPR §16.4 "Virtual Terminal"; QEMU's spapr-vty): bytes out via
// H_PUT_TERM_CHAR, in via H_GET_TERM_CHAR from the inputs door.
//
// Interrupts as QEMU's spapr-vty gives them: off until the guest sets bit 0 of the signal
// mode with H_VIO_SIGNAL (the only bit a vty has; other bits H_PARAMETER). While on, the
// console is looked at when the guest idles (H_CEDE: a point fixed by machine state): bytes
// that arrive go to a 16-byte buffer and, as the buffer was empty, the vty's source (its
// FDT `interrupts`, an MSI) gets one edge. H_GET_TERM_CHAR drains that buffer first.

import type { Cpu } from '../cpu/cpu.js';
import type { Inputs } from '../inputs.js';
import type { HcallTable } from './hcalls.js';
import { H_GET_TERM_CHAR, H_PARAMETER, H_PUT_TERM_CHAR, H_SUCCESS, H_VIO_SIGNAL } from './papr.js';

export interface VtyState { signal: number; buffered: number[] }

export class Vty {
  /** H_VIO_SIGNAL mode (bit 0: interrupts on). */
  signal = 0;
  /** Console bytes read while interrupts are on, not yet taken by H_GET_TERM_CHAR. */
  private buffered: number[] = [];
  /** Edge on the vty's interrupt source (wired to the ICS by the machine). */
  irq: (() => void) | null = null;

  constructor(readonly unit: number, private readonly inputs: Inputs, private readonly out: (bytes: Uint8Array) => void) {}

  register(t: HcallTable): void {
    t.register(H_PUT_TERM_CHAR, (c) => this.put(c));
    t.register(H_GET_TERM_CHAR, (c) => this.get(c));
  }

  /** H_VIO_SIGNAL (unit, mode) for the vty and for VIO units without signals (`quiet`:
   *  mode 0 only); an unknown unit is H_PARAMETER (QEMU h_vio_signal). */
  registerSignal(t: HcallTable, quiet: readonly number[]): void {
    t.register(H_VIO_SIGNAL, (c) => {
      const unit = c.u64[4], mode = c.u64[5];
      if (unit === BigInt(this.unit)) {
        if (mode & ~1n) return H_PARAMETER;
        this.signal = Number(mode);
        return H_SUCCESS;
      }
      if (!quiet.some((u) => BigInt(u) === unit)) return H_PARAMETER;
      return mode === 0n ? H_SUCCESS : H_PARAMETER;
    });
  }

  /** With interrupts on and nothing buffered, take what console input there is now and
   *  signal it with one edge. */
  poll(icount: number): void {
    if (!(this.signal & 1) || this.buffered.length) return;
    const bytes = this.inputs.consoleRead(icount, 16);
    if (!bytes.length) return;
    this.buffered = Array.from(bytes);
    this.irq?.();
  }

  save(): VtyState { return { signal: this.signal, buffered: [...this.buffered] }; }
  load(s: VtyState): void {
    this.signal = s.signal;
    this.buffered = [...s.buffered];
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
    let bytes: Uint8Array;
    if (this.buffered.length) {
      bytes = Uint8Array.from(this.buffered);
      this.buffered = [];
    } else bytes = this.inputs.consoleRead(c.icount, 16);
    const packed = new Uint8Array(16);
    packed.set(bytes);
    const dv = new DataView(packed.buffer);
    c.u64[4] = BigInt(bytes.length);
    c.u64[5] = dv.getBigUint64(0);
    c.u64[6] = dv.getBigUint64(8);
    return H_SUCCESS;
  }
}
