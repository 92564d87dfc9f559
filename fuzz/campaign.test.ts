import { describe, expect, it } from 'vitest';
import { parseShard, roundSeed } from './campaign.js';

describe('campaign seeds', () => {
  it('shard i of n runs rounds i, i+n, … of the unsharded campaign', () => {
    const whole = Array.from({ length: 12 }, (_, k) => roundSeed(99, { index: 0, count: 1 }, k));
    const shards = [0, 1, 2].map((index) => Array.from({ length: 4 }, (_, k) => roundSeed(99, { index, count: 3 }, k)));
    expect(shards.flat().sort()).toEqual(whole.slice().sort());
    expect(shards[1][2]).toBe(whole[2 * 3 + 1]);
    expect(new Set(whole).size).toBe(12);
  });
  it('parses i/n (1-based) and refuses anything else', () => {
    expect(parseShard('3/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
