// The one door for the outside world (ARCHITECTURE.md "Determinism", rule 1). Everything
// the machine learns from outside its own state comes through an `Inputs`: console bytes,
// H_RANDOM entropy, the RTC, the FDT rng-seed. Each request carries the icount at which
// the guest asked, so a recording implementation can log it and a replaying one can check
// it. This file is the only place in engine/ allowed to touch host time or randomness.

import { randomBytes } from 'node:crypto';

export interface Inputs {
  /** Up to `max` console bytes available to the guest now (may be empty). */
  consoleRead(icount: number, max: number): Uint8Array;
  /** 64 bits of entropy for H_RANDOM. */
  random64(icount: number): bigint;
  /** Wall-clock time for RTAS get-time-of-day, in milliseconds since the Unix epoch. */
  rtcMillis(icount: number): number;
  /** The /chosen/rng-seed bytes of the device tree: at machine creation (icount 0), and
   *  again when client-architecture-support rebuilds the tree. */
  rngSeed(icount: number, len: number): Uint8Array;
}

/** Live inputs: the host's clock and entropy, console bytes pushed in by the host side. */
export class LiveInputs implements Inputs {
  private pending: Uint8Array[] = [];
  private closed = false;

  /** Queue console bytes typed by the user (the CLI feeds stdin here). */
  pushConsole(bytes: Uint8Array): void {
    if (bytes.length) this.pending.push(bytes);
  }
  /** No more console input will come (stdin reached EOF). */
  closeConsole(): void { this.closed = true; }
  get consoleClosed(): boolean { return this.closed && this.pending.length === 0; }

  consoleRead(_icount: number, max: number): Uint8Array {
    const out: number[] = [];
    while (out.length < max && this.pending.length) {
      const head = this.pending[0];
      const take = Math.min(max - out.length, head.length);
      for (let i = 0; i < take; i++) out.push(head[i]);
      if (take === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(take);
    }
    return Uint8Array.from(out);
  }
  random64(): bigint {
    return randomBytes(8).readBigUInt64BE(0);
  }
  rtcMillis(): number {
    return Date.now();
  }
  rngSeed(_icount: number, len: number): Uint8Array {
    return new Uint8Array(randomBytes(len));
  }
}

/** The default fixed clock: 2025-01-01T00:00:00Z. */
export const FIXED_CLOCK_MILLIS = 1_735_689_600_000;

/** Fixed inputs for tests and reproducible runs: no console input, a seeded entropy
 *  stream (splitmix64), a fixed clock. */
export class FixedInputs implements Inputs {
  private state: bigint;
  constructor(seed = 1n, private readonly clockMillis = FIXED_CLOCK_MILLIS, private readonly console: Uint8Array = new Uint8Array()) {
    this.state = BigInt.asUintN(64, seed);
  }
  private consoleAt = 0;
  consoleRead(_icount: number, max: number): Uint8Array {
    const out = this.console.subarray(this.consoleAt, this.consoleAt + max);
    this.consoleAt += out.length;
    return out;
  }
  random64(): bigint {
    // splitmix64 (Steele, Lea, Flood 2014): a well-mixed deterministic stream.
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  rtcMillis(): number { return this.clockMillis; }
  rngSeed(_icount: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i += 8) {
      const v = this.random64();
      for (let j = 0; j < 8 && i + j < len; j++) out[i + j] = Number((v >> BigInt(56 - 8 * j)) & 0xffn);
    }
    return out;
  }
}

/** Inputs following a script, for tests and reproducible experiments: console bytes that
 *  become available at given instruction counts, a clock that moves by a fixed step at every
 *  read, and FixedInputs' seeded entropy. */
export class ScriptedInputs extends FixedInputs {
  private readonly chunks: { at: number; bytes: Uint8Array }[];
  private chunk = 0;
  private offset = 0;
  private clock: number;
  private readonly step: number;

  constructor(script: { seed?: bigint; clockStartMillis?: number; clockStepMillis?: number; console?: { at: number; bytes: Uint8Array }[] }) {
    super(script.seed ?? 1n);
    this.chunks = [...(script.console ?? [])].sort((a, b) => a.at - b.at);
    this.clock = script.clockStartMillis ?? FIXED_CLOCK_MILLIS;
    this.step = script.clockStepMillis ?? 0;
  }

  override consoleRead(icount: number, max: number): Uint8Array {
    const out: number[] = [];
    while (out.length < max && this.chunk < this.chunks.length && this.chunks[this.chunk].at <= icount) {
      const c = this.chunks[this.chunk];
      while (out.length < max && this.offset < c.bytes.length) out.push(c.bytes[this.offset++]);
      if (this.offset === c.bytes.length) { this.chunk++; this.offset = 0; }
    }
    return Uint8Array.from(out);
  }

  override rtcMillis(): number {
    const t = this.clock;
    this.clock += this.step;
    return t;
  }
}
