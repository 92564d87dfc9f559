// QEMU 7.2's VOF allocator (hw/ppc/vof.c vof_claim / vof_dt_memory_available), expected
// values worked by hand and from the measured /memory@0/available (corpus/linux/README.md).
import { describe, expect, test } from 'vitest';
import { CLAIM_FAILED, Claims } from './claim.js';

describe('Claims', () => {
  test('the reset claims of a QEMU VOF boot give the measured available list', () => {
    const c = new Claims(0x20000000);
    expect(c.claim(0, 0xda0, 0)).toBe(0); // vof.bin, 3,488 bytes
    expect(c.claim(0, 0x8000, 0x8000)).toBe(0x8000); // the stack: base aligned up to 0x8000
    expect(c.claim(0x400000, 0x287ca18, 0)).toBe(0x400000);
    expect(c.claim(0x2c90000, 0x430, 0)).toBe(0x2c90000);
    expect(c.available(0x20000000)).toEqual([[0xda0, 0x7260], [0x10000, 0x3f0000], [0x2c7ca18, 0x135e8], [0x2c90430, 0x1d36fbd0]]);
    expect(c.base).toBe(0x2c90430);
  });
  test('a fixed claim fails on any overlap; size 0 always fails', () => {
    const c = new Claims(0x10000000);
    c.claim(0x1000, 0x1000, 0);
    expect(c.claim(0x1fff, 1, 0)).toBe(CLAIM_FAILED);
    expect(c.claim(0x800, 0x801, 0)).toBe(CLAIM_FAILED);
    expect(c.claim(0x2000, 0x10, 0)).toBe(0x2000);
    expect(c.claim(0x5000, 0, 0)).toBe(CLAIM_FAILED);
  });
  test('an aligned claim steps the base by its size past claimed ranges, and stops at the top', () => {
    const c = new Claims(0x100000);
    c.claim(0, 0x100, 0); // base 0x100
    c.claim(0x1000, 0x2000, 0); // base 0x3000
    expect(c.claim(0, 0x800, 0x1000)).toBe(0x3000);
    expect(c.base).toBe(0x3800);
    const d = new Claims(0x10000);
    d.claim(0, 0x100, 0);
    d.claim(0x1000, 0xf000, 0);
    expect(d.claim(0, 0x1000, 0x1000)).toBe(CLAIM_FAILED); // base reaches the top
  });
  test('release needs the exact range; zero-sized gaps stay in the list', () => {
    const c = new Claims(0x10000);
    c.claim(0, 0x100, 0);
    c.claim(0x100, 0x100, 0);
    expect(c.available(0x10000)).toEqual([[0x100, 0], [0x200, 0xfe00]]);
    expect(c.release(0x100, 0x80)).toBe(false);
    expect(c.release(0x100, 0x100)).toBe(true);
    expect(c.available(0x10000)).toEqual([[0x100, 0xff00]]);
  });
});
