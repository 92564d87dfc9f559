// QEMU log events -> state rows (trace/state/row.ts). Row n = the n-th dumped instruction that
// ran (icount = dumps so far, less the dumps of instructions that did not run, see below), with
// the registers that differ between its dump and the next dump of an instruction that ran
// (so an interrupt delivered after instruction n, and what sc 1 did, are part of row n).
//
// A dump is not always an instruction that ran. QEMU prints the state in cpu_tb_exec before
// it enters the block; a block whose prologue sees a pending exit request (an interrupt
// raised by the timer thread, a kick) leaves without executing its instruction, and the same
// address is dumped again later. Two signatures, both seen or derived from QEMU 7.2:
//   1. an asynchronous interrupt raised *at the dumped address* right after the dump
//      ("Raise exception at X => DECR" after "NIP X"): the instruction did not run; the
//      interrupt belongs to the row before (seen in corpus/bare/inputs.img: rfid re-enables
//      EE, the block after it is dumped, then the pending decrementer is taken there);
//   2. the next dump at the same address with identical registers and nothing logged between,
//      when the instruction cannot branch to itself (an exit request with no interrupt that
//      can be delivered, e.g. a decrementer while MSR[EE] = 0).
// Both are dropped (stats.abortedDumps). Ambiguity left: a branch to itself (`b .`) that ran
// once just before an asynchronous interrupt is taken as not having run (its rows are
// identical either way, but CFAR can differ if that was its first iteration).
import { REG_INDEX, NREGS, newState, type RegState, type StateRow } from '../../trace/state/row.js';
import type { DumpEvent, HcallEvent, InsnEvent, LogHandler, RaiseEvent } from './log-parser.js';

/** QEMU's names (powerpc_excp_name) of interrupts that are not caused by the instruction. */
export const ASYNC_EXCEPTIONS: ReadonlySet<string> = new Set([
  'CRITICAL', 'EXTERNAL', 'DECR', 'FIT', 'WDT', 'DOORI', 'DOORCI', 'GDOORI', 'GDOORCI', 'HDECR',
  'PERFM', 'EPERFM', 'THERM', 'SMI', 'SDOOR', 'SDOOR_HV', 'HVIRT', 'HV_MAINT', 'RESET', 'MAINT',
]);

/** Book III-S vectors of QEMU's exception names (for POWER7..10, without AIL offsets). */
export const EXCEPTION_VECTORS: Readonly<Record<string, number>> = {
  RESET: 0x100, MCHECK: 0x200, DSI: 0x300, DSEG: 0x380, ISI: 0x400, ISEG: 0x480, EXTERNAL: 0x500,
  ALIGN: 0x600, PROGRAM: 0x700, FPU: 0x800, DECR: 0x900, HDECR: 0x980, SDOOR: 0xa00, SYSCALL: 0xc00,
  TRACE: 0xd00, HDSI: 0xe00, HISI: 0xe20, HV_EMU: 0xe40, HV_MAINT: 0xe60, SDOOR_HV: 0xe80, HVIRT: 0xea0,
  PERFM: 0xf00, VPU: 0xf20, VSXU: 0xf40, FU: 0xf60, HV_FU: 0xf80, SYSCALL_VECTORED: 0x17000,
};

/** Everything known about one row when it is emitted. The arrays are reused: read them
 *  before returning. */
export interface RowContext {
  row: StateRow;
  /** State before the instruction. */
  before: RegState;
  /** State before the next instruction; null for the partial last row. */
  after: RegState | null;
  /** Address of the next instruction (after any interrupt); null for the partial row. */
  nextPc: bigint | null;
  /** Interrupts QEMU raised from this instruction's start to the next one's ("int" lines). */
  raises: RaiseEvent[];
  /** hypercall / syscall lines logged in the same span. */
  hcalls: HcallEvent[];
  /** Timebase printed with this instruction's dump and with the next one. */
  tbBefore: bigint;
  tbAfter: bigint | null;
}

export interface RowBuilderStats {
  rows: number;
  abortedDumps: number;
  /** Dumps with registers missing (a QEMU that prints a different set). */
  incompleteDumps: number;
}

const MSR = REG_INDEX.msr;

/** May this instruction's next address be its own (so a repeated dump can be genuine)? */
function maySelfBranch(word: number): boolean {
  if (word < 0) return true;
  const op = word >>> 26;
  if (op === 16 || op === 18) return true;
  if (op === 19) {
    const xo = (word >>> 1) & 0x3ff;
    return xo === 16 || xo === 528 || xo === 560 || xo === 18 || xo === 274;
  }
  return false;
}

export class RowBuilder implements LogHandler {
  readonly stats: RowBuilderStats = { rows: 0, abortedDumps: 0, incompleteDumps: 0 };
  /** Instruction words by address, for big-endian [0] and little-endian [1] code. */
  private readonly words = [new Map<bigint, number>(), new Map<bigint, number>()];
  private pendingInsns: InsnEvent[] = [];

  // The instruction whose row is pending (P): its dump's state and what was logged since.
  private started = false;
  private readonly before = newState();
  private pPc = 0n;
  private pWord = -1;
  private pTb = 0n;
  private pRaises: RaiseEvent[] = [];
  private pHcalls: HcallEvent[] = [];

  // The next dump (D), not yet known to be an instruction that ran.
  private heldValid = false;
  private readonly held = newState();
  private hPc = 0n;
  private hWord = -1;
  private hTb = 0n;
  private hRaises: RaiseEvent[] = [];
  private hHcalls: HcallEvent[] = [];

  /** Registers that may differ between `before` and `held` (union of the dumps' changes). */
  private readonly accFlag = new Uint8Array(NREGS);
  private accList: number[] = [];
  private finished = false;

  constructor(private readonly emit: (ctx: RowContext) => void, private readonly onInitial?: (s: RegState) => void) {}

  insn(i: InsnEvent): void {
    this.pendingInsns.push(i);
  }

  dump(d: DumpEvent): void {
    if (this.finished) return;
    if (d.missing) this.stats.incompleteDumps++;
    const le = Number(d.regs[MSR] & 1n);
    if (this.pendingInsns.length) {
      for (const i of this.pendingInsns) this.words[le].set(i.pc, i.word);
      this.pendingInsns = [];
    }
    const word = this.words[le].get(d.nip) ?? -1;
    if (!this.started) {
      this.started = true;
      this.before.set(d.regs);
      this.pPc = d.nip;
      this.pWord = word;
      this.pTb = d.tb;
      this.onInitial?.(d.regs.slice());
      return;
    }
    if (this.heldValid) {
      if (d.nip === this.hPc && d.changed.length === 0 && this.hRaises.length === 0 && this.hHcalls.length === 0 && !maySelfBranch(this.hWord)) {
        this.stats.abortedDumps++; // signature 2
        this.heldValid = false;
      } else this.confirmHeld();
    }
    for (const i of d.changed) this.accMark(i);
    this.held.set(d.regs);
    this.hPc = d.nip;
    this.hWord = word;
    this.hTb = d.tb;
    this.heldValid = true;
  }

  raise(r: RaiseEvent): void {
    if (this.finished || !this.started) return;
    if (this.heldValid && r.pc === this.hPc && ASYNC_EXCEPTIONS.has(r.name)) {
      // Signature 1: the held dump's instruction did not run; the interrupt follows P.
      this.stats.abortedDumps++;
      this.heldValid = false;
      this.pRaises.push(...this.hRaises, r);
      this.pHcalls.push(...this.hHcalls);
      this.hRaises = [];
      this.hHcalls = [];
      return;
    }
    (this.heldValid ? this.hRaises : this.pRaises).push(r);
  }

  hcall(h: HcallEvent): void {
    if (this.finished || !this.started) return;
    (this.heldValid ? this.hHcalls : this.pHcalls).push(h);
  }

  /** The log ended: emit the pending rows, the last one partial. */
  finish(): void {
    if (this.finished || !this.started) return;
    if (this.heldValid) this.confirmHeld();
    this.stats.rows++;
    this.emit({
      row: { icount: this.stats.rows, pc: this.pPc, word: this.pWord, changes: [], partial: true },
      before: this.before, after: null, nextPc: null, raises: this.pRaises, hcalls: this.pHcalls, tbBefore: this.pTb, tbAfter: null,
    });
    this.finished = true;
  }

  /** Stop without emitting anything more (the consumer has what it wants). */
  stop(): void {
    this.finished = true;
  }

  private accMark(i: number): void {
    if (!this.accFlag[i]) {
      this.accFlag[i] = 1;
      this.accList.push(i);
    }
  }

  private confirmHeld(): void {
    const changes: [number, bigint][] = [];
    const list = this.accList.sort((a, b) => a - b);
    for (const i of list) {
      this.accFlag[i] = 0;
      if (this.before[i] !== this.held[i]) changes.push([i, this.held[i]]);
    }
    this.accList = [];
    this.stats.rows++;
    this.emit({
      row: { icount: this.stats.rows, pc: this.pPc, word: this.pWord, changes },
      before: this.before, after: this.held, nextPc: this.hPc, raises: this.pRaises, hcalls: this.pHcalls, tbBefore: this.pTb, tbAfter: this.hTb,
    });
    this.before.set(this.held);
    this.pPc = this.hPc;
    this.pWord = this.hWord;
    this.pTb = this.hTb;
    this.pRaises = this.hRaises;
    this.pHcalls = this.hHcalls;
    this.hRaises = [];
    this.hHcalls = [];
    this.heldValid = false;
  }
}
