// The inputs QEMU's guest consumed, taken from the same log as the state rows, each with the
// icount of the instruction that consumed it — what reference-driven replay feeds the engine
// so that it runs QEMU's run:
//   - time reads: the value mftb / mfspr TB, TBU, DEC, HDEC, PURR, SPURR, VTB put in RT (read
//     from the next dump: the TB printed in the dumps is when QEMU printed them, not the read);
//   - hypercall results (sc 1): every one with r3 (return code) and r4..r12 after it, and
//     decoded H_RANDOM (r4) and H_GET_TERM_CHAR (r4 = length, r5/r6 = bytes) records;
//   - asynchronous interrupts, with the number of instructions completed before delivery.
// What the log cannot show (results written to guest memory: RTAS calls such as
// get-time-of-day, the VOF client interface; the device tree QEMU built) is listed in `notes`.
import { REG_INDEX } from '../../trace/state/row.js';
import { ASYNC_EXCEPTIONS, EXCEPTION_VECTORS, type RowContext } from './rows.js';

export const H_GET_TERM_CHAR = 0x54;
export const H_RANDOM = 0x300;
export const KVMPPC_H_RTAS = 0xf000;
export const KVMPPC_H_VOF_CLIENT = 0xf005;

/** SPRs whose value is time (TB, DEC, ...), by number: what mfspr/mftb of them reads. */
export const TIME_SPRS: Readonly<Record<number, string>> = {
  22: 'DEC', 268: 'TB', 269: 'TBU', 308: 'SPURR', 309: 'PURR', 310: 'HDEC', 351: 'VTB',
};

export interface TimeRead { icount: number; pc: bigint; spr: number; name: string; rt: number; value: bigint }
export interface HcallResult { icount: number; pc: bigint; nr: number; args: bigint[]; ret: bigint; out: bigint[] }
export interface RandomRead { icount: number; ret: bigint; value: bigint }
export interface ConsoleRead { icount: number; ret: bigint; bytes: Uint8Array }
export interface AsyncInterrupt {
  /** Instructions completed before the delivery (the row that shows the entry). */
  icount: number;
  vector: number;
  name: string;
  /** Where it was taken (SRR0). */
  at: bigint;
}
export interface InputNote { icount: number; note: string }

export interface ReferenceInputs {
  time: TimeRead[];
  random: RandomRead[];
  /** H_GET_TERM_CHAR calls that returned bytes (polls that found nothing are only counted). */
  console: ConsoleRead[];
  emptyConsolePolls: number;
  hcalls: HcallResult[];
  interrupts: AsyncInterrupt[];
  /** Inputs the log does not show. */
  notes: InputNote[];
}

export type ReferenceInput =
  | ({ kind: 'time' } & TimeRead)
  | ({ kind: 'random' } & RandomRead)
  | ({ kind: 'console' } & ConsoleRead)
  | ({ kind: 'hcall' } & HcallResult)
  | ({ kind: 'interrupt' } & AsyncInterrupt)
  | ({ kind: 'note' } & InputNote);

/** mfspr (31/339) or mftb (31/371) of a time SPR: [spr, RT], else undefined. */
export function decodeTimeRead(word: number): [number, number] | undefined {
  if (word < 0 || word >>> 26 !== 31) return undefined;
  const xo = (word >>> 1) & 0x3ff;
  if (xo !== 339 && xo !== 371) return undefined;
  const spr = ((word >>> 16) & 0x1f) | ((word >>> 6) & 0x3e0);
  if (TIME_SPRS[spr] === undefined) return undefined;
  return [spr, (word >>> 21) & 31];
}

const R3 = REG_INDEX.r3;
const OUT_REGS = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => REG_INDEX[`r${n}` as 'r4']);

function termBytes(len: bigint, r5: bigint, r6: bigint): Uint8Array {
  const n = Number(len > 16n ? 16n : len);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = i < 8 ? r5 : r6;
    out[i] = Number((w >> BigInt(56 - 8 * (i % 8))) & 0xffn);
  }
  return out;
}

export interface ExtractorOptions {
  /** Keep the records (default true); with false only onInput sees them. */
  keep?: boolean;
  onInput?: (r: ReferenceInput) => void;
}

export class ReferenceInputExtractor {
  readonly inputs: ReferenceInputs = { time: [], random: [], console: [], emptyConsolePolls: 0, hcalls: [], interrupts: [], notes: [] };
  private readonly keep: boolean;

  constructor(private readonly o: ExtractorOptions = {}) {
    this.keep = o.keep ?? true;
  }

  private out<K extends ReferenceInput['kind']>(kind: K, list: unknown[], r: object): void {
    if (this.keep) list.push(r);
    this.o.onInput?.({ kind, ...r } as ReferenceInput);
  }

  note(icount: number, note: string): void {
    this.out('note', this.inputs.notes, { icount, note });
  }

  /** Look at one row (call for every row, in order). */
  row(c: RowContext): void {
    const { row, before, after } = c;
    const icount = row.icount;
    const synchronous = c.raises.some((r) => !ASYNC_EXCEPTIONS.has(r.name) && r.pc === row.pc);

    const t = decodeTimeRead(row.word);
    if (t) {
      const [spr, rt] = t;
      if (after === null) this.note(icount, `${TIME_SPRS[spr]} read at 0x${row.pc.toString(16)}: the log ends before its result`);
      else if (!synchronous) this.out('time', this.inputs.time, { icount, pc: row.pc, spr, name: TIME_SPRS[spr], rt, value: after[REG_INDEX[`r${rt}` as 'r0']] });
    }

    for (const h of c.hcalls) {
      if (h.kind !== 'hypercall') continue;
      const nr = Number(h.regs.get('r3') ?? before[R3]);
      const args = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => h.regs.get(`r${n}`) ?? 0n);
      if (after === null) {
        if (nr !== KVMPPC_H_RTAS) this.note(icount, `hcall 0x${nr.toString(16)}: the log ends before its result`);
      } else {
        const ret = after[R3];
        const out = OUT_REGS.map((i) => after[i]);
        this.out('hcall', this.inputs.hcalls, { icount, pc: row.pc, nr, args, ret, out });
        if (nr === H_RANDOM) this.out('random', this.inputs.random, { icount, ret, value: out[0] });
        else if (nr === H_GET_TERM_CHAR) {
          const bytes = ret === 0n ? termBytes(out[0], out[1], out[2]) : new Uint8Array();
          if (bytes.length) this.out('console', this.inputs.console, { icount, ret, bytes });
          else this.inputs.emptyConsolePolls++;
        }
      }
      if (nr === KVMPPC_H_RTAS) {
        this.note(icount, `RTAS call (hcall 0xf000, argument buffer at 0x${args[0].toString(16)}): its token and results are in guest memory, which the log does not show (e.g. get-time-of-day)`);
      } else if (nr === KVMPPC_H_VOF_CLIENT) {
        this.note(icount, `VOF client-interface call (hcall 0xf005, buffer at 0x${args[0].toString(16)}): results are written to guest memory, which the log does not show`);
      }
    }

    for (const r of c.raises) {
      if (!ASYNC_EXCEPTIONS.has(r.name)) continue;
      const vector = EXCEPTION_VECTORS[r.name] ?? (c.nextPc !== null ? Number(c.nextPc) : -1);
      this.out('interrupt', this.inputs.interrupts, { icount, vector, name: r.name, at: r.pc });
    }
  }
}
