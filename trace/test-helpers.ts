// Test-only helpers for the trace format tests: a header, records of every kind, a seeded
// generator of record streams.

import type { TraceHeader, TraceRecord } from './records.js';
import { rng } from '../engine/testing.js';

export function testHeader(over: Partial<TraceHeader> = {}): TraceHeader {
  return {
    formatVersion: 0,
    engineVersion: '0.1.0-test',
    engineCommit: 'deadbeefcafe',
    config: { ramBytes: 64 << 20, cpu: 'power9', tbTicksPerInsn: 1, unassigned: 'machine-check', rng: true, append: 'console=hvc0' },
    images: { bios: { path: 'corpus/bare/hello.img', size: 4096, sha256: 'a'.repeat(64) } },
    fdtSha256: 'b'.repeat(64),
    checkpointInterval: 1000,
    snapshotInterval: 0,
    ...over,
  };
}


export function bytes(r: () => number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  for (let i = 0; i < len; i++) b[i] = Math.floor(r() * 256);
  return b;
}

export function hex64(r: () => number): string {
  return Buffer.from(bytes(r, 32)).toString('hex');
}

/** One record of every kind (icounts non-decreasing from `start`). */
export function everyKind(start = 0): TraceRecord[] {
  const r = rng(start + 1);
  return [
    { kind: 'rngseed', icount: start, bytes: bytes(r, 64) },
    { kind: 'console', icount: start + 10, bytes: new TextEncoder().encode('hello\n') },
    { kind: 'console', icount: start + 10, bytes: new Uint8Array(0) },
    { kind: 'random', icount: start + 11, value: 0xfedcba9876543210n },
    { kind: 'random', icount: start + 11, value: 0n },
    { kind: 'random', icount: start + 12, value: (1n << 64n) - 1n },
    { kind: 'rtc', icount: start + 13, millis: 1_700_000_000_123 },
    { kind: 'rtc', icount: start + 13, millis: -5.25 },
    { kind: 'interrupt', icount: start + 500, vector: 0x900 },
    { kind: 'checkpoint', icount: start + 1000, hash: hex64(r) },
    { kind: 'checkpoint', icount: start + 1000, hash: 'not-hex-but-fine' },
    { kind: 'snapshot', icount: start + 1000, full: true, state: bytes(r, 5000) },
    { kind: 'snapshot', icount: start + 1500, full: false, state: bytes(r, 100) },
    { kind: 'end', icount: 2 ** 53 - 1, hash: hex64(r), reason: 'halted (power off)' },
  ];
}

/** A stream of `count` random records in icount order (no end record). */
export function randomRecords(seed: number, count: number, opts: { snapshotBytes?: number } = {}): TraceRecord[] {
  const r = rng(seed);
  const out: TraceRecord[] = [];
  let icount = 0;
  let snaps = 0;
  for (let i = 0; i < count; i++) {
    icount += Math.floor(r() * r() * 5000);
    const k = Math.floor(r() * 7);
    switch (k) {
      case 0: out.push({ kind: 'console', icount, bytes: bytes(r, 1 + Math.floor(r() * 8)) }); break;
      case 1: out.push({ kind: 'random', icount, value: BigInt(Math.floor(r() * 2 ** 32)) << 32n | BigInt(Math.floor(r() * 2 ** 32)) }); break;
      case 2: out.push({ kind: 'rtc', icount, millis: 1_700_000_000_000 + Math.floor(icount / 1000) }); break;
      case 3: out.push({ kind: 'interrupt', icount, vector: r() < 0.5 ? 0x500 : 0x900 }); break;
      case 4: out.push({ kind: 'checkpoint', icount, hash: hex64(r) }); break;
      case 5:
        out.push({ kind: 'snapshot', icount, full: snaps++ % 4 === 0, state: bytes(r, opts.snapshotBytes ?? 1 + Math.floor(r() * 300)) });
        break;
      default: out.push({ kind: 'console', icount, bytes: new TextEncoder().encode(String(i)) });
    }
  }
  return out;
}

export { rng };
