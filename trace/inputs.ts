// The inputs door's recording and replaying sides (ARCHITECTURE.md "Determinism", rule 1):
// RecordingInputs passes every request through to another Inputs (live, or scripted in
// tests) and logs what it answered; ReplayInputs answers from a trace and reports a
// divergence when the guest asks for something the trace does not hold at that icount.

import type { Inputs } from '../engine/index.js';
import type { TraceRecord } from './records.js';

export type InputRecord = Extract<TraceRecord, { kind: 'console' | 'random' | 'rtc' | 'rngseed' }>;

export function isInputRecord(r: TraceRecord): r is InputRecord {
  return r.kind === 'console' || r.kind === 'random' || r.kind === 'rtc' || r.kind === 'rngseed';
}

export class RecordingInputs implements Inputs {
  constructor(private readonly inner: Inputs, private readonly sink: (r: InputRecord) => void) {}

  consoleRead(icount: number, max: number): Uint8Array {
    const bytes = this.inner.consoleRead(icount, max);
    // Polls that found nothing are not logged: replay answers "nothing" wherever the trace
    // holds no console record, and icounts are exact.
    if (bytes.length) this.sink({ kind: 'console', icount, bytes: Uint8Array.from(bytes) });
    return bytes;
  }
  random64(icount: number): bigint {
    const value = this.inner.random64(icount);
    this.sink({ kind: 'random', icount, value });
    return value;
  }
  rtcMillis(icount: number): number {
    const millis = this.inner.rtcMillis(icount);
    this.sink({ kind: 'rtc', icount, millis });
    return millis;
  }
  rngSeed(icount: number, len: number): Uint8Array {
    const bytes = this.inner.rngSeed(icount, len);
    this.sink({ kind: 'rngseed', icount, bytes: Uint8Array.from(bytes) });
    return bytes;
  }
}

/** The replayed run asked for (or skipped) an input differently from the recorded one. */
export class Divergence extends Error {
  override name = 'Divergence';
  constructor(readonly icount: number, readonly expected: string, readonly actual: string) {
    super(`at icount ${icount}: expected ${expected}, but ${actual}`);
  }
}

export function describeRecord(r: TraceRecord | undefined): string {
  if (!r) return 'nothing more in the trace';
  switch (r.kind) {
    case 'console': return `console input ${JSON.stringify(Buffer.from(r.bytes).toString('latin1'))} at icount ${r.icount}`;
    case 'random': return `H_RANDOM value 0x${r.value.toString(16)} at icount ${r.icount}`;
    case 'rtc': return `an RTC read (${r.millis} ms) at icount ${r.icount}`;
    case 'rngseed': return 'the device tree rng-seed';
    case 'interrupt': return `interrupt 0x${r.vector.toString(16)} at icount ${r.icount}`;
    case 'checkpoint': return `checkpoint ${r.hash.slice(0, 16)}… at icount ${r.icount}`;
    case 'snapshot': return `a snapshot at icount ${r.icount}`;
    case 'end': return `the end (${r.reason}) at icount ${r.icount}`;
  }
}

export class ReplayInputs implements Inputs {
  private readonly queue: InputRecord[] = [];
  private head = 0;

  /** Queue the next recorded input (records arrive in trace order). */
  feed(r: InputRecord): void {
    this.queue.push(r);
  }

  /** The oldest recorded input not yet asked for, if any. */
  pending(): InputRecord | undefined {
    return this.queue[this.head];
  }

  private take(): InputRecord | undefined {
    const r = this.queue[this.head];
    if (r === undefined) return undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return r;
  }

  /** A recorded input older than `icount` that the guest never asked for is a divergence. */
  checkNoneMissedBefore(icount: number): void {
    const r = this.pending();
    if (r && r.icount < icount) throw new Divergence(r.icount, describeRecord(r), 'the guest did not ask for it');
  }

  consoleRead(icount: number, max: number): Uint8Array {
    this.checkNoneMissedBefore(icount);
    const r = this.pending();
    if (r === undefined || r.icount > icount) return new Uint8Array();
    if (r.kind !== 'console') throw new Divergence(icount, describeRecord(r), 'the guest read the console');
    if (r.bytes.length > max) throw new Divergence(icount, describeRecord(r), `the guest asked for at most ${max} bytes`);
    this.take();
    return r.bytes;
  }

  random64(icount: number): bigint {
    const r = this.expect(icount, 'random', 'the guest asked for H_RANDOM entropy');
    return (r as Extract<InputRecord, { kind: 'random' }>).value;
  }

  rtcMillis(icount: number): number {
    const r = this.expect(icount, 'rtc', 'the guest read the RTC');
    return (r as Extract<InputRecord, { kind: 'rtc' }>).millis;
  }

  rngSeed(icount: number, len: number): Uint8Array {
    const r = this.expect(icount, 'rngseed', 'the machine asked for the device tree rng-seed') as Extract<InputRecord, { kind: 'rngseed' }>;
    if (r.bytes.length !== len) throw new Divergence(icount, `an rng-seed of ${r.bytes.length} bytes`, `the machine asked for ${len}`);
    return r.bytes;
  }

  private expect(icount: number, kind: InputRecord['kind'], what: string): InputRecord {
    this.checkNoneMissedBefore(icount);
    const r = this.pending();
    if (r === undefined || r.kind !== kind || r.icount !== icount) throw new Divergence(icount, describeRecord(r), what);
    return this.take()!;
  }
}
