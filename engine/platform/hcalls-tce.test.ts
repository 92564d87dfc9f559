// The TCE hypercalls as QEMU 7.2 has them (hw/ppc/spapr_iommu.c). The board's one table is
// PHB 0's: LIOBN 0x80000000 (its ibm,dma-window), bus offset 0, 4 KiB pages, a 1 GiB
// window = 0x40000 entries, so valid iobas are 0..0x3fffffff. Every failure is H_PARAMETER
// (-4): no table for the LIOBN (including one with a non-zero high word, and QEMU's
// disabled DDW table 0x80000001), an entry beyond the window, npages 0 or above the window
// (H_STUFF_TCE) / above 512 (H_PUT_TCE_INDIRECT), a list address not 4 KiB aligned. A
// multi-entry call that runs off the end keeps what it wrote before.
import { describe, expect, test } from 'vitest';
import { boot, image } from '../testing.js';
import { GPR } from '../cpu/regs.js';
import type { Machine } from '../machine.js';

const H_GET_TCE = 0x1c, H_PUT_TCE = 0x20, H_STUFF_TCE = 0x138, H_PUT_TCE_INDIRECT = 0x13c;
const H_PARAMETER = -4n;
const LIOBN = 0x80000000n, ENTRIES = 0x40000n, WINDOW = 0x40000000n;
const TCE = 0x1234003n; // RPN 0x1234 with read and write permission (bits 62:63)

function machine(): Machine {
  return boot(image({ 0x100: [['b', { LI: 0 }]] })).m;
}

function call(m: Machine, nr: number, ...args: bigint[]): bigint {
  const c = m.cpu;
  c.u64[GPR + 3] = BigInt(nr);
  args.forEach((a, i) => { c.u64[GPR + 4 + i] = BigInt.asUintN(64, a); });
  m.hcalls.dispatch(c);
  return c.i64[GPR + 3];
}
/** H_GET_TCE's entry, or the error code. */
function get(m: Machine, ioba: bigint, liobn = LIOBN): bigint {
  const rc = call(m, H_GET_TCE, liobn, ioba);
  return rc === 0n ? m.cpu.u64[GPR + 4] : rc;
}

describe('H_PUT_TCE / H_GET_TCE', () => {
  test('entries start 0; a put is read back by any ioba in its page, stored unmasked', () => {
    const m = machine();
    expect(get(m, 0n)).toBe(0n);
    expect(get(m, WINDOW - 1n)).toBe(0n);
    expect(call(m, H_PUT_TCE, LIOBN, 0x5123n, TCE)).toBe(0n);
    expect(get(m, 0x5000n)).toBe(TCE);
    expect(get(m, 0x5fffn)).toBe(TCE);
    expect(get(m, 0x6000n)).toBe(0n);
    expect(call(m, H_PUT_TCE, LIOBN, WINDOW - 0x1000n, 0xffffffffffffffffn)).toBe(0n); // last entry
    expect(get(m, WINDOW - 1n)).toBe(0xffffffffffffffffn);
    expect(m.hcalls.unknown.size).toBe(0);
  });

  test('H_PARAMETER: unknown LIOBN, a high word in the LIOBN, ioba beyond the window', () => {
    const m = machine();
    for (const liobn of [0n, 0x80000001n, 0x71000000n, (1n << 32n) | LIOBN]) {
      expect(call(m, H_PUT_TCE, liobn, 0n, TCE)).toBe(H_PARAMETER);
      expect(get(m, 0n, liobn)).toBe(H_PARAMETER);
    }
    expect(call(m, H_PUT_TCE, LIOBN, WINDOW, TCE)).toBe(H_PARAMETER);
    expect(get(m, WINDOW)).toBe(H_PARAMETER);
    expect(get(m, 0xfffffffffffff000n)).toBe(H_PARAMETER);
    expect(m.tce.save()).toEqual([{ liobn: 0x80000000, entries: [] }]);
  });
});

describe('H_STUFF_TCE', () => {
  test('Linux clearing the whole window 512 entries at a time succeeds', () => {
    const m = machine();
    call(m, H_PUT_TCE, LIOBN, 0x7000n, TCE);
    for (let e = 0n; e < ENTRIES; e += 512n) expect(call(m, H_STUFF_TCE, LIOBN, e << 12n, 0n, 512n)).toBe(0n);
    expect(get(m, 0x7000n)).toBe(0n);
    expect(m.tce.save()[0].entries).toEqual([]);
  });

  test('fills npages entries from ioba (offset dropped)', () => {
    const m = machine();
    expect(call(m, H_STUFF_TCE, LIOBN, 0x10abcn, TCE, 3n)).toBe(0n);
    expect([0xf000n, 0x10000n, 0x11000n, 0x12000n, 0x13000n].map((a) => get(m, a))).toEqual([0n, TCE, TCE, TCE, 0n]);
  });

  test('running off the window: H_PARAMETER, the entries before kept; npages 0 or > window: H_PARAMETER', () => {
    const m = machine();
    expect(call(m, H_STUFF_TCE, LIOBN, WINDOW - 0x2000n, TCE, 3n)).toBe(H_PARAMETER);
    expect(get(m, WINDOW - 0x2000n)).toBe(TCE);
    expect(get(m, WINDOW - 0x1000n)).toBe(TCE);
    expect(call(m, H_STUFF_TCE, LIOBN, 0n, TCE, 0n)).toBe(H_PARAMETER); // QEMU's initial result
    expect(call(m, H_STUFF_TCE, LIOBN, 0n, TCE, ENTRIES + 1n)).toBe(H_PARAMETER);
    expect(get(m, 0n)).toBe(0n); // refused before writing anything
    expect(call(m, H_STUFF_TCE, LIOBN, 0n, TCE, ENTRIES)).toBe(0n); // exactly the window
    expect(get(m, 0x12345000n)).toBe(TCE);
    expect(call(m, H_STUFF_TCE, 0x80000001n, 0n, TCE, 1n)).toBe(H_PARAMETER);
  });
});

describe('H_PUT_TCE_INDIRECT', () => {
  const LIST = 0x20000;
  test('stores the big-endian doublewords of the list', () => {
    const m = machine();
    for (let i = 0; i < 4; i++) m.ram.dv.setBigUint64(LIST + 8 * i, TCE + (BigInt(i) << 12n));
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0x3000n, BigInt(LIST), 4n)).toBe(0n);
    expect([0x2000n, 0x3000n, 0x4000n, 0x5000n, 0x6000n, 0x7000n].map((a) => get(m, a)))
      .toEqual([0n, TCE, TCE + 0x1000n, TCE + 0x2000n, TCE + 0x3000n, 0n]);
  });

  test('H_PARAMETER: list not page aligned, npages > 512 or 0, unknown LIOBN, running off the window', () => {
    const m = machine();
    m.ram.dv.setBigUint64(LIST, TCE);
    m.ram.dv.setBigUint64(LIST + 8, TCE);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0n, BigInt(LIST + 8), 1n)).toBe(H_PARAMETER);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0n, BigInt(LIST), 513n)).toBe(H_PARAMETER);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0n, BigInt(LIST), 0n)).toBe(H_PARAMETER);
    expect(call(m, H_PUT_TCE_INDIRECT, 0x80000001n, 0n, BigInt(LIST), 1n)).toBe(H_PARAMETER);
    expect(get(m, 0n)).toBe(0n);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, WINDOW - 0x1000n, BigInt(LIST), 2n)).toBe(H_PARAMETER);
    expect(get(m, WINDOW - 0x1000n)).toBe(TCE);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0n, BigInt(LIST), 512n)).toBe(0n);
  });

  test('a list outside RAM reads as zeros', () => {
    const m = machine();
    call(m, H_PUT_TCE, LIOBN, 0n, TCE);
    expect(call(m, H_PUT_TCE_INDIRECT, LIOBN, 0n, 1n << 40n, 1n)).toBe(0n);
    expect(get(m, 0n)).toBe(0n);
  });
});

describe('TCE state', () => {
  test('entries are in the hash and come back from full and delta snapshots', () => {
    const a = machine(), b = machine(), c = machine();
    // Registers and RAM alike, one entry different: different hashes.
    expect(call(a, H_PUT_TCE, LIOBN, 0x9000n, TCE)).toBe(0n);
    expect(call(b, H_PUT_TCE, LIOBN, 0xa000n, TCE)).toBe(0n);
    new Uint8Array(b.cpu.regs).set(new Uint8Array(a.cpu.regs));
    expect(a.hash()).not.toBe(b.hash());
    expect(call(b, H_PUT_TCE, LIOBN, 0xa000n, 0n)).toBe(0n);
    expect(call(a, H_PUT_TCE, LIOBN, 0x9000n, 0n)).toBe(0n);
    // Back to all zero: the same state as a machine that only made that last call.
    expect(call(b, H_PUT_TCE, LIOBN, 0x9000n, 0n)).toBe(0n);
    expect(a.hash()).toBe(b.hash());
    expect(call(a, H_STUFF_TCE, LIOBN, 0x3ff000n, TCE, 2n)).toBe(0n);
    const full = a.snapshot(true);
    b.restore([full]);
    expect(b.hash()).toBe(a.hash()); // (before H_GET_TCE changes b's registers)
    expect(get(b, 0x3ff000n)).toBe(TCE);
    expect(get(b, 0x400000n)).toBe(TCE);
    expect(call(a, H_PUT_TCE, LIOBN, 0x3ff000n, 0n)).toBe(0n);
    expect(call(a, H_PUT_TCE, LIOBN, 0n, 7n)).toBe(0n);
    c.restore([full, a.snapshot(false)]);
    expect(c.tce.save()).toEqual([{ liobn: 0x80000000, entries: [[0, '7'], [0x400, String(TCE)]] }]);
    expect(c.hash()).toBe(a.hash());
    // Restoring an earlier state drops entries made since.
    c.restore([full]);
    b.restore([full]);
    expect(c.hash()).toBe(b.hash());
    expect(get(c, 0n)).toBe(0n);
    expect(get(c, 0x3ff000n)).toBe(TCE);
  });
});
