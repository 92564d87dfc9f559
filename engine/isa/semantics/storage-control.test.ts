// Storage control (Book II §4.3, §4.4.3): cache-block instructions and barriers.
import { describe, expect, it } from 'vitest';
import { RESV, W_RESV_VALID } from '../../cpu/regs.js';
import { PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED } from '../../cpu/vectors.js';
import { dar, newCpu, nia, peek, poke, run, setGpr, srr1 } from './control-harness.js';

describe('dcbz', () => {
  it('zeroes the aligned 128-byte block containing the EA and nothing else', () => {
    const c = newCpu();
    poke(c, 0x1f80, new Array(0x180).fill(0xaa));
    setGpr(c, 3, 0x2000n);
    setGpr(c, 4, 0x45n);
    expect(run(c, 'dcbz', { RA: 3, RB: 4 })).toBe(true);
    expect(peek(c, 0x1ffc, 4)).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
    expect(peek(c, 0x2000, 128).every((b) => b === 0)).toBe(true);
    expect(peek(c, 0x2080, 4)).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
  });
  it('32-bit mode: EA truncated; no alignment interrupt in real mode; LE is the same', () => {
    const c = newCpu({ sf: false, le: true });
    poke(c, 0x3000, [1, 2, 3]);
    setGpr(c, 4, 0xffffffff_0000307fn);
    expect(run(c, 'dcbz', { RA: 0, RB: 4 })).toBe(true);
    expect(peek(c, 0x3000, 3)).toEqual([0, 0, 0]);
  });
  it('drops a reservation in the same block, keeps one elsewhere', () => {
    const c = newCpu();
    c.u64[RESV] = 0x2040n;
    c.u32[W_RESV_VALID] = 1;
    setGpr(c, 4, 0x2100n);
    run(c, 'dcbz', { RA: 0, RB: 4 });
    expect(c.u32[W_RESV_VALID]).toBe(1);
    setGpr(c, 4, 0x207fn);
    run(c, 'dcbz', { RA: 0, RB: 4 });
    expect(c.u32[W_RESV_VALID]).toBe(0);
  });
  it('beyond RAM: machine check with DAR = the block address', () => {
    const c = newCpu();
    setGpr(c, 4, 0x100000n + 0x10n); // RAM is 1 MiB
    expect(run(c, 'dcbz', { RA: 0, RB: 4 })).toBe(false);
    expect(nia(c)).toBe(0x200n);
    expect(dar(c)).toBe(0x100000n);
  });
});

describe('other cache management', () => {
  it('dcbt / dcbtst never access storage; dcbf / dcbst / icbi load from it', () => {
    const c = newCpu();
    setGpr(c, 4, 0x200000n); // beyond RAM
    expect(run(c, 'dcbt', { RA: 0, RB: 4, TH: 0 })).toBe(true);
    expect(run(c, 'dcbtst', { RA: 0, RB: 4, TH: 16 })).toBe(true);
    for (const name of ['dcbf', 'dcbst', 'icbi']) {
      const m = newCpu(); // a machine check clears MSR[ME]: a second one would checkstop
      setGpr(m, 4, 0x200040n);
      expect(run(m, name, name === 'dcbf' ? { RA: 0, RB: 4, L: 0 } : { RA: 0, RB: 4 }), name).toBe(false);
      expect(nia(m)).toBe(0x200n);
      expect(dar(m)).toBe(name === 'icbi' ? 0x200000n : 0x200040n); // icbi loads at the block start
    }
    setGpr(c, 4, 0x2000n);
    for (const name of ['dcbf', 'dcbst', 'icbi']) {
      expect(run(c, name, name === 'dcbf' ? { RA: 0, RB: 4, L: 1 } : { RA: 0, RB: 4 }), name).toBe(true);
    }
  });
  it('icbt is not a POWER8 instruction in QEMU 7.2: illegal', () => {
    const c = newCpu();
    expect(run(c, 'icbt', { CT: 0, RA: 0, RB: 4 })).toBe(false);
    expect(nia(c)).toBe(0x700n);
    expect(srr1(c) & BigInt(PROGRAM_ILLEGAL)).toBe(BigInt(PROGRAM_ILLEGAL));
  });
  it('sync (all L), eieio, isync do nothing architecturally visible', () => {
    const c = newCpu({ pr: true });
    for (const l of [0, 1, 2]) expect(run(c, 'sync', { L: l })).toBe(true);
    expect(run(c, 'eieio', {})).toBe(true);
    expect(run(c, 'isync', {})).toBe(true);
    expect(nia(c)).toBe(0x1004n);
  });
  it('tlbsync is hypervisor-privileged on POWER8', () => {
    const c = newCpu();
    expect(run(c, 'tlbsync', {})).toBe(false);
    expect(srr1(c) & BigInt(PROGRAM_PRIVILEGED)).toBe(BigInt(PROGRAM_PRIVILEGED));
  });
});
