// Reference-driven replay: our engine runs with the inputs QEMU's guest consumed — time reads
// (TB/TBU/DEC), H_RANDOM values, console bytes and the points where asynchronous interrupts
// were taken — as QEMU's per-instruction stream produces them, so both runs can be compared
// instruction by instruction even where QEMU's time follows the host clock.
import { FIXED_CLOCK_MILLIS, Machine, qemuCasRngSeed, qemuRngSeed, type Inputs, type MachineConfig, type TimeRead } from '../engine/index.js';
import { engineStateSource, type StateSource } from '../trace/state/engine.js';
import type { ReferenceInput } from './qemu/reference-inputs.js';

/** QEMU's -seed used by the oracle runs; the device tree's rng-seed follows from it. */
export const QEMU_SEED = 1;

export class ReferenceFeed implements Inputs {
  private readonly time = new Map<number, bigint>();
  private readonly random = new Map<number, bigint>();
  private readonly console = new Map<number, Uint8Array>();
  private readonly interrupts = new Map<number, number[]>();
  private seedDraws = 0;
  /** Inputs the engine asked for that the reference did not give at that icount. */
  readonly misses: string[] = [];

  /** Feed one input extracted from the reference stream (qemuStateStream's onInput). */
  readonly onInput = (r: ReferenceInput): void => {
    switch (r.kind) {
      case 'time': this.time.set(r.icount, r.value); break;
      case 'random': this.random.set(r.icount, r.value); break;
      case 'console': this.console.set(r.icount, r.bytes); break;
      case 'interrupt': {
        const l = this.interrupts.get(r.icount);
        if (l) l.push(r.vector); else this.interrupts.set(r.icount, [r.vector]);
        break;
      }
      default: break;
    }
  };

  timeRead(icount: number, which: TimeRead): bigint {
    const v = this.time.get(icount);
    this.time.delete(icount);
    if (v === undefined) { this.miss(icount, `a ${which} read`); return 0n; }
    // The reference logged the register the read wrote; TBU is the high word of TB.
    return v;
  }

  takeInterrupts(icount: number): number[] {
    const l = this.interrupts.get(icount);
    this.interrupts.delete(icount);
    return l ?? [];
  }

  consoleRead(icount: number, max: number): Uint8Array {
    const b = this.console.get(icount);
    this.console.delete(icount);
    return b ? b.subarray(0, max) : new Uint8Array();
  }
  random64(icount: number): bigint {
    const v = this.random.get(icount);
    this.random.delete(icount);
    if (v === undefined) { this.miss(icount, 'H_RANDOM'); return 0n; }
    return v;
  }
  rtcMillis(icount: number): number {
    // QEMU's RTAS results go to guest memory, which its log does not show.
    this.miss(icount, 'an RTC read (not visible in QEMU\'s log)');
    return FIXED_CLOCK_MILLIS;
  }
  /** QEMU's draws in order: at reset, then at CAS. */
  rngSeed(_icount: number, len: number): Uint8Array {
    return (this.seedDraws++ ? qemuCasRngSeed(QEMU_SEED) : qemuRngSeed(QEMU_SEED)).subarray(0, len);
  }

  private miss(icount: number, what: string): void {
    if (this.misses.length < 100) this.misses.push(`icount ${icount}: ${what}`);
  }
}

/** Our engine, as a state source driven by `feed` (which the QEMU stream fills). The
 *  reference's rows must be read before ours (diffStates' bFirst). */
export function referenceDrivenEngine(config: MachineConfig, feed: ReferenceFeed, label = 'engine', to?: number): StateSource {
  const m = new Machine(config, feed, () => {});
  m.useReferenceTime((icount, which) => feed.timeRead(icount, which));
  return engineStateSource(m, {
    to,
    afterInstruction: (mm) => {
      for (const v of feed.takeInterrupts(mm.icount)) mm.deliverInterrupt(v);
    },
  }, label);
}
