// Virtual time: the Time Base and Decrementer derive from the instruction count, never from
// the host (ARCHITECTURE.md "Determinism", rule 2). vtime = icount + instructions skipped
// while idle (H_CEDE); TB = vtime × ticksPerInsn (512 MHz nominal, the FDT's
// timebase-frequency). The 32-bit DEC counts down at the TB rate (Book II §5.2 / Book III-S §7.3)
// and its exception is level-like: it stays pending from the moment DEC goes negative until
// software writes a non-negative value (QEMU's PPC_DECR_UNDERFLOW_LEVEL behaviour).

interface Clocked { icount: number; recheck(): void }

/** Which time register a guest instruction reads. */
export type TimeRead = 'tb' | 'tbu' | 'dec';

/** Reference time: TB/DEC reads answered from another run (QEMU's), and no decrementer
 *  interrupts of our own — the reference says where they happen (Machine.deliverInterrupt). */
export type TimeSource = (icount: number, which: TimeRead) => bigint;

export interface TimebaseState { idle: number; decPending: boolean; deadline: number; decWriteVtime: number; decWriteValue: number }

export class Timebase {
  /** Instructions' worth of time skipped while the guest idled. */
  idle = 0;
  decPending = false;
  /** vtime at which DEC next goes negative, or Infinity when it will not before a write. */
  private deadline = Infinity;
  private decWriteVtime = 0;
  private decWriteValue = -1;
  /** When set, time is the reference's (see TimeSource). */
  source: TimeSource | null = null;

  constructor(private readonly cpu: Clocked, readonly ticksPerInsn: number) {
    if (!Number.isInteger(ticksPerInsn) || ticksPerInsn < 1) {
      throw new RangeError(`timebase ticks per instruction must be a positive integer, got ${ticksPerInsn}`);
    }
  }

  vtime(): number { return this.cpu.icount + this.idle; }

  /** The 64-bit Time Base now. */
  now(): bigint { return BigInt(this.vtime()) * BigInt(this.ticksPerInsn); }

  /** A guest read of TB, TBU or DEC (mftb/mfspr): virtual time, or the reference's. */
  read(which: TimeRead): bigint {
    if (this.source) return this.source(this.cpu.icount, which);
    if (which === 'tb') return this.now();
    if (which === 'tbu') return this.now() >> 32n;
    return BigInt(this.readDec());
  }

  /** DEC as software reads it (signed 32-bit). */
  readDec(): number {
    const elapsed = (this.vtime() - this.decWriteVtime) * this.ticksPerInsn;
    return (this.decWriteValue - elapsed) | 0;
  }

  /** mtdec: restart the countdown from `value` (its low 32 bits, signed). */
  writeDec(value: number): void {
    const v = value | 0;
    this.decWriteVtime = this.vtime();
    this.decWriteValue = v;
    if (this.source) {
      this.decPending = false;
      this.deadline = Infinity;
    } else if (v < 0) {
      this.decPending = true;
      this.deadline = Infinity;
    } else {
      this.decPending = false;
      // DEC(t) = v - (t - t0)·r becomes negative at the first t with (t - t0)·r > v.
      this.deadline = this.decWriteVtime + Math.floor(v / this.ticksPerInsn) + 1;
    }
    this.cpu.recheck();
  }

  /** Raise the decrementer exception if its deadline has passed. */
  update(): void {
    if (this.source) return;
    if (this.vtime() >= this.deadline) {
      this.decPending = true;
      this.deadline = Infinity;
    }
  }

  /** Instruction count at which the next timed event is due (Infinity if none). */
  nextEventIcount(): number {
    return this.deadline === Infinity ? Infinity : this.deadline - this.idle;
  }

  /** Idle (H_CEDE): jump virtual time to the next deadline. Returns false if none exists. */
  idleUntilEvent(): boolean {
    if (this.deadline === Infinity) return false;
    const gap = this.deadline - this.vtime();
    if (gap > 0) this.idle += gap;
    this.update();
    return true;
  }

  /** State for hashing and snapshots. */
  save(): TimebaseState {
    return { idle: this.idle, decPending: this.decPending, deadline: this.deadline, decWriteVtime: this.decWriteVtime, decWriteValue: this.decWriteValue };
  }

  load(s: TimebaseState): void {
    this.idle = s.idle;
    this.decPending = s.decPending;
    this.deadline = s.deadline;
    this.decWriteVtime = s.decWriteVtime;
    this.decWriteValue = s.decWriteValue;
  }
}
