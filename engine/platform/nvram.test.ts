// RTAS nvram-fetch (token 0x2012) and nvram-store (0x2013) against QEMU 7.2's
// spapr_nvram.c, worked out by hand: without -drive or -prom-env the nvram is 64 KiB of
// zeros (the FDT's "#bytes" 0x10000); both calls need exactly 3 args (offset, buffer,
// length) and 2 rets (status, count); offset+length past 64 KiB is PARAM_ERROR (-3), fetch
// then also zeroes the count, store leaves it. The guest buffer is mapped as
// cpu_physical_memory_map does: cut at the end of RAM, or a 4 KiB bounce page when no RAM is
// there (fetch data then goes nowhere, store reads zeros); the count says what was mapped.
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { GPR } from '../cpu/regs.js';
import type { Machine } from '../machine.js';
import { Nvram } from './nvram.js';
import { nvramDevice } from './fdt/vio.js';

const FETCH = 0x2012, STORE = 0x2013;
const BUF = 0x3000; // RTAS argument buffer
const SENTINEL = 0x5a5a5a5a;
const RAM = 512 * 1024 * 1024;

function machine(): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] })).m;
}

/** RTAS call through hcall 0xf000; rets words start as SENTINEL. Returns the rets (signed),
 *  and one word more than nret to show what QEMU writes with nret 0. */
function rtas(m: Machine, token: number, args: number[], nret: number): number[] {
  const dv = m.ram.dv;
  [token, args.length, nret, ...args].forEach((v, i) => dv.setUint32(BUF + 4 * i, v >>> 0));
  const rb = BUF + 12 + 4 * args.length;
  for (let i = 0; i <= nret; i++) dv.setUint32(rb + 4 * i, SENTINEL);
  m.cpu.u64[GPR + 3] = 0xf000n;
  m.cpu.u64[GPR + 4] = BigInt(BUF);
  m.hcalls.dispatch(m.cpu);
  expect(m.cpu.u64[GPR + 3]).toBe(0n);
  return Array.from({ length: nret + 1 }, (_, i) => dv.getInt32(rb + 4 * i)).slice(0, Math.max(nret, 1));
}

const S = SENTINEL | 0;

describe('nvram as QEMU 7.2 makes it without a -drive', () => {
  test('64 KiB, announced so in the FDT, all zeros: the first partition header has length 0', () => {
    const m = machine();
    expect(m.nvram.size).toBe(65536);
    const node = nvramDevice();
    const bytes = node.props.find(([k]) => k === '#bytes')![1];
    expect(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0)).toBe(65536);
    m.ram.u8.fill(0xaa, 0x8000, 0x8010);
    expect(rtas(m, FETCH, [0, 0x8000, 16], 2)).toEqual([0, 16]);
    expect([...m.ram.u8.subarray(0x8000, 0x8010)]).toEqual(new Array(16).fill(0));
    expect(m.ram.u8[0x8010]).toBe(0); // nothing past the length
  });
});

describe('nvram-fetch / nvram-store', () => {
  test('store then fetch round-trips, up to the last byte', () => {
    const m = machine();
    m.ram.u8.set([1, 2, 3, 4, 5, 6, 7, 8], 0x8000);
    expect(rtas(m, STORE, [0xfff8, 0x8000, 8], 2)).toEqual([0, 8]);
    expect([...m.nvram.bytes.subarray(0xfff8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rtas(m, FETCH, [0xfffc, 0x9000, 4], 2)).toEqual([0, 4]);
    expect([...m.ram.u8.subarray(0x9000, 0x9004)]).toEqual([5, 6, 7, 8]);
  });

  test('offset + length past 64 KiB: -3; fetch zeroes the count, store leaves it', () => {
    const m = machine();
    expect(rtas(m, FETCH, [0xfff8, 0x8000, 9], 2)).toEqual([-3, 0]);
    expect(rtas(m, STORE, [0xfff8, 0x8000, 9], 2)).toEqual([-3, S]);
    expect(rtas(m, FETCH, [0x10000, 0x8000, 0], 2)).toEqual([0, 0]); // empty range at the end is fine
    expect(rtas(m, FETCH, [0x10001, 0x8000, 0], 2)).toEqual([-3, 0]);
    // QEMU adds the 32-bit words as 64-bit addresses: 0xffffffff + 1 does not wrap to 0.
    expect(rtas(m, FETCH, [0xffffffff, 0x8000, 1], 2)).toEqual([-3, 0]);
    expect(rtas(m, STORE, [1, 0x8000, 0xffffffff], 2)).toEqual([-3, S]);
  });

  test('wrong nargs / nret: -3 in rets[0], the count left alone (written even with nret 0)', () => {
    const m = machine();
    expect(rtas(m, FETCH, [0, 0x8000], 2)).toEqual([-3, S]);
    expect(rtas(m, FETCH, [0, 0x8000, 4, 0], 2)).toEqual([-3, S]);
    expect(rtas(m, FETCH, [0, 0x8000, 4], 1)).toEqual([-3]);
    expect(rtas(m, STORE, [0, 0x8000, 4], 3)).toEqual([-3, S, S]);
    expect(rtas(m, STORE, [0, 0x8000, 4], 0)).toEqual([-3]); // rtas_st(rets, 0) regardless of nret
  });

  test('a buffer running past the end of RAM is cut there; one with no RAM gets a 4 KiB bounce', () => {
    const m = machine();
    m.nvram.bytes.fill(0x11, 0, 64);
    expect(rtas(m, FETCH, [0, RAM - 8, 32], 2)).toEqual([0, 8]);
    expect([...m.ram.u8.subarray(RAM - 8, RAM)]).toEqual(new Array(8).fill(0x11));
    expect(rtas(m, FETCH, [0, RAM, 0x8000], 2)).toEqual([0, 4096]);
    expect(rtas(m, FETCH, [0, 0xfffff000, 16], 2)).toEqual([0, 16]);
    // store from nowhere: the bounce page reads as zeros, and those are stored
    expect(rtas(m, STORE, [8, RAM + 0x1000, 16], 2)).toEqual([0, 16]);
    expect([...m.nvram.bytes.subarray(0, 32)]).toEqual([...new Array(8).fill(0x11), ...new Array(16).fill(0), ...new Array(8).fill(0x11)]);
    expect(rtas(m, STORE, [0, RAM - 4, 8], 2)).toEqual([0, 4]);
  });
});

describe('nvram state', () => {
  test('save/load keep only non-zero 4 KiB chunks and restore the bytes', () => {
    const a = new Nvram();
    expect(a.save()).toEqual({ size: 65536, chunks: [] });
    a.bytes[0x1234] = 9;
    a.bytes[0xffff] = 7;
    const s = a.save();
    expect(s.chunks.map(([o]) => o)).toEqual([0x1000, 0xf000]);
    const b = new Nvram();
    b.bytes[5] = 1;
    b.load(JSON.parse(JSON.stringify(s)));
    expect(b.bytes).toEqual(a.bytes);
    expect(() => new Nvram(8192).load(s)).toThrow(RangeError);
  });

  test('nvram contents are in Machine.hash() and survive snapshot/restore (full and delta)', () => {
    const m = machine();
    const h0 = m.hash();
    const full = m.snapshot(true);
    m.nvram.bytes.set([0xde, 0xad], 0x100);
    expect(m.hash()).not.toBe(h0);
    const h1 = m.hash();
    const delta = m.snapshot(false);

    const n = machine();
    expect(n.hash()).toBe(h0);
    n.restore([full, delta]);
    expect([...n.nvram.bytes.subarray(0x100, 0x102)]).toEqual([0xde, 0xad]);
    expect(n.hash()).toBe(h1);
    n.restore([full]);
    expect(n.nvram.bytes.every((b) => b === 0)).toBe(true);
    expect(n.hash()).toBe(h0);
  });
});
