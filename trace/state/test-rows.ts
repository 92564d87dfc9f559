// Test-only helpers for the state-trace file tests: a realistic row stream (an integer loop
// with a call every 64 iterations), a header for it, and a comparable form of rows.

import { newState, REG_INDEX, type StateRow } from './row.js';
import { rng } from '../../engine/testing.js';
import type { StateTraceHeaderInit } from './file.js';

export function loopHeader(over: Partial<StateTraceHeaderInit> = {}): StateTraceHeaderInit {
  const initial = newState();
  initial[REG_INDEX.r1] = 0x7fff_fff0n;
  initial[REG_INDEX.msr] = 0x8000_0000_0000_d033n;
  return { source: 'engine', description: 'corpus/bare/loop.img --max-insns 1000000 (test)', fromIcount: 1, initial, ...over };
}


/**
 * The rows of a summing loop, as an emulator would report them:
 *
 *   L:  lwzu  r9,4(r10)     r9, r10
 *       add   r3,r3,r9      r3
 *       andi. r7,r4,63      r7 (when it changes), cr
 *       bne   L2
 *       bl    F             lr
 *   L2: addi  r4,r4,1       r4
 *       cmpw  r4,r5         cr (when it changes)
 *       blt   L
 *       ...
 *   F:  addi r6,r6,1 ; xor r8,r8,r3 ; blr
 *
 * `kernel` puts code and data at 0xc000… addresses (64-bit pcs and pointers).
 */
export function* loopRows(count: number, opts: { kernel?: boolean; seed?: number } = {}): Generator<StateRow> {
  const R = rng(opts.seed ?? 1);
  const s = newState();
  const base = opts.kernel ? 0xc000_0000_0001_0000n : 0x10_0000n;
  const data = opts.kernel ? 0xc000_0000_0123_4000n : 0x2000_0000n;
  const M = (1n << 64n) - 1n;
  s[REG_INDEX.r10] = data - 4n;
  s[REG_INDEX.r5] = 1_000_000_000n;
  let pc = base;
  let icount = 0;
  const L = base;
  const L2 = base + 20n;
  const F = base + 0x100n;
  const words = [0x852a0004, 0x7c634a14, 0x7087003f, 0x40820008, 0x480000fd, 0x38840001, 0x7c042800, 0x4180ffe4, 0x38c60001, 0x7c681a78, 0x4e800020];
  while (icount < count) {
    icount++;
    const changes: [number, bigint][] = [];
    const set = (name: keyof typeof REG_INDEX, v: bigint) => {
      const i = REG_INDEX[name];
      v &= M;
      if (s[i] !== v) {
        s[i] = v;
        changes.push([i, v]);
      }
    };
    const cr0 = (x: bigint) => {
      const sx = BigInt.asIntN(64, x);
      const bits = sx < 0n ? 0x8n : sx > 0n ? 0x4n : 0x2n;
      return (s[REG_INDEX.cr] & 0x0fff_ffffn) | (bits << 28n);
    };
    const off = Number(pc - (pc >= F ? F : base)) / 4 + (pc >= F ? 8 : 0);
    const word = words[off] >>> 0;
    const at = pc;
    let next = pc + 4n;
    switch (off) {
      case 0:
        set('r10', s[REG_INDEX.r10] + 4n);
        set('r9', BigInt(Math.floor(R() * 1_000_000)));
        break;
      case 1:
        set('r3', s[REG_INDEX.r3] + s[REG_INDEX.r9]);
        break;
      case 2: {
        const v = s[REG_INDEX.r4] & 63n;
        set('r7', v);
        set('cr', cr0(v));
        break;
      }
      case 3:
        if ((s[REG_INDEX.cr] >> 28n) & 2n) break; // eq: fall into the call
        next = L2;
        break;
      case 4:
        set('lr', pc + 4n);
        next = F;
        break;
      case 5:
        set('r4', s[REG_INDEX.r4] + 1n);
        break;
      case 6:
        set('cr', cr0(s[REG_INDEX.r4] - s[REG_INDEX.r5]));
        break;
      case 7:
        next = (s[REG_INDEX.cr] >> 31n) & 1n ? L : L2 + 12n;
        break;
      case 8:
        set('r6', s[REG_INDEX.r6] + 1n);
        break;
      case 9:
        set('r8', s[REG_INDEX.r8] ^ s[REG_INDEX.r3]);
        break;
      case 10:
        next = s[REG_INDEX.lr];
        break;
      default:
        throw new Error(`loopRows: no instruction at ${at.toString(16)}`);
    }
    pc = next;
    yield { icount, pc: at, word, changes };
  }
}

/** A row in a form toEqual compares exactly (partial: false and absent are the same). */
export function norm(r: StateRow): StateRow {
  const o: StateRow = { icount: r.icount, pc: r.pc, word: r.word, changes: r.changes.map(([i, v]) => [i, v]) };
  if (r.partial) o.partial = true;
  return o;
}

export { rng };
