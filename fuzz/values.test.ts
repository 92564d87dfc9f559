import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FP_EDGES, INT_EDGES, fillBytes, int64Arb } from './values.js';

describe('value arbitraries', () => {
  it('int64Arb stays in 64 bits and hits the edges often', () => {
    const xs = fc.sample(int64Arb, { seed: 1, numRuns: 2000 });
    expect(xs.every((x) => x >= 0n && x < 1n << 64n)).toBe(true);
    const edges = new Set(INT_EDGES);
    expect(xs.filter((x) => edges.has(x)).length).toBeGreaterThan(400);
    for (const e of [0n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffn, 0x80000000n]) expect(xs).toContain(e);
  });
  it('FP edges are the IEEE patterns they claim (checked through the host double)', () => {
    const dv = new DataView(new ArrayBuffer(8));
    const as = (b: bigint) => { dv.setBigUint64(0, b); return dv.getFloat64(0); };
    expect(as(FP_EDGES[2])).toBe(Infinity);
    expect(as(FP_EDGES[3])).toBe(-Infinity);
    expect(Object.is(as(FP_EDGES[1]), -0)).toBe(true);
    expect(Number.isNaN(as(FP_EDGES[4]))).toBe(true);
    expect(as(FP_EDGES[8])).toBe(Number.MIN_VALUE); // smallest denormal
    expect(as(FP_EDGES[12])).toBe(Number.MAX_VALUE);
  });
  it('fillBytes is a function of its seed', () => {
    const a = fillBytes(7, new Uint8Array(64)), b = fillBytes(7, new Uint8Array(64)), c = fillBytes(8, new Uint8Array(64));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
