// State-trace files (trace/state/file.ts, FORMAT.md "State traces"): round trips of random and
// edge-case rows, streaming a million rows in bounded memory, range reads through the index,
// killed writers, and damage of every kind giving one TraceError.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { TraceError } from '../errors.js';
import { expectTraceError } from '../test-assert.js';
import { check8, encodeBlock } from '../format.js';
import { initZstd } from '../zstd.js';
import { NREGS, REG_INDEX, STATE_REGS, newState, type StateRow } from './row.js';
import {
  encodeStateHeader, readStateRows, STATE_FRAME_MAGIC, STATE_HEADER_FIXED, StateTraceReader, StateTraceWriter,
  writeStateTrace, type StateTraceHeaderInit,
} from './file.js';
import { loopHeader, loopRows, norm } from './test-rows.js';

let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-trace-'));
  await initZstd();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const tmp = (name = 'x') => path.join(dir, `${name}-${fileNo++}.pst`);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Open bytes and read every row; the TraceError if any (anything else fails the test). */
async function readAll(b: Uint8Array): Promise<{ err?: TraceError; rows?: StateRow[]; reader?: StateTraceReader }> {
  try {
    const reader = await StateTraceReader.fromBytes(b);
    return { rows: await collect(reader.rows()), reader };
  } catch (e) {
    if (e instanceof TraceError) return { err: e };
    throw e;
  }
}

async function expectError(b: Uint8Array, code: TraceError['code'], msg: RegExp): Promise<TraceError> {
  return expectTraceError((await readAll(b)).err, code, msg);
}

// ---------------------------------------------------------------- arbitraries

const U64 = (1n << 64n) - 1n;
const value = fc.oneof(
  fc.bigInt({ min: 0n, max: 0xffn }),
  fc.bigInt({ min: 0n, max: 0xffff_ffffn }),
  fc.bigInt({ min: U64 - 0xffff_ffffn, max: U64 }),
  fc.bigInt({ min: 0n, max: U64 }),
  fc.constantFrom(0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 1n << 53n, (1n << 63n) - 1n, 1n << 63n, U64 - (1n << 31n), U64 - (1n << 31n) - 1n, U64),
);
const changes = fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: NREGS - 1 }), value), { maxLength: 6, selector: (c) => c[0] });
type Step = { gap: number; pc: { k: 'next' } | { k: 'rel'; d: number } | { k: 'abs'; v: bigint }; word: number; changes: [number, bigint][]; partial: boolean };
const step: fc.Arbitrary<Step> = fc.record({
  gap: fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) }, { weight: 1, arbitrary: fc.constant(2 ** 40) }),
  pc: fc.oneof(
    { weight: 6, arbitrary: fc.constant({ k: 'next' as const }) },
    { weight: 2, arbitrary: fc.integer({ min: -(2 ** 33), max: 2 ** 33 }).map((d) => ({ k: 'rel' as const, d: d * 4 })) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: U64 }).map((v) => ({ k: 'abs' as const, v })) },
  ),
  word: fc.oneof(fc.constantFrom(0x38630001, 0x7c0802a6, 0x4e800020, -1, 0xffffffff, 0), fc.integer({ min: 0, max: 0xffffffff })),
  changes,
  partial: fc.boolean(),
});

function buildRows(start: number, pc0: bigint, steps: Step[]): StateRow[] {
  const out: StateRow[] = [];
  let icount = start - 1;
  let pc = pc0 - 4n;
  for (const s of steps) {
    icount += 1 + s.gap;
    pc = s.pc.k === 'next' ? (pc + 4n) & U64 : s.pc.k === 'rel' ? (pc + 4n + BigInt(s.pc.d)) & U64 : s.pc.v;
    const r: StateRow = { icount, pc, word: s.word, changes: s.changes };
    if (s.partial) r.partial = true;
    out.push(r);
  }
  return out;
}

// ---------------------------------------------------------------- round trips

describe('round trip', () => {
  test('random rows (fast-check), any frame size, range reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 45 }), fc.bigInt({ min: 0n, max: U64 }), fc.array(step, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }),
        fc.array(fc.bigInt({ min: 0n, max: U64 }), { minLength: NREGS, maxLength: NREGS }), fc.nat(), fc.nat(),
        async (start, pc0, steps, frameRows, init, a, b) => {
          const rows = buildRows(start, pc0, steps);
          const file = tmp('rt');
          const header: StateTraceHeaderInit = { source: 'qemu', description: 'qemu-system-ppc64 -M pseries -icount shift=0', fromIcount: start, initial: BigUint64Array.from(init) };
          const sum = await writeStateTrace(file, header, rows, { frameRows });
          expect(sum.rows).toBe(rows.length);
          const r = await StateTraceReader.open(file);
          expect(r.complete).toBe(true);
          expect(r.header).toEqual({ ...header, formatVersion: 1, regs: [...STATE_REGS] });
          expect(r.rowCount).toBe(rows.length);
          expect(r.frames.length).toBe(Math.ceil(rows.length / frameRows));
          expect((await collect(r.rows())).map(norm)).toEqual(rows.map(norm));
          if (rows.length) {
            const from = rows[a % rows.length].icount - (a & 1);
            const to = rows[b % rows.length].icount + (b & 1);
            const want = rows.filter((x) => x.icount >= from && x.icount <= to);
            expect((await collect(r.rows(from, to))).map(norm)).toEqual(want.map(norm));
          }
          fs.rmSync(file);
        },
      ),
      { seed: 20240611, numRuns: 150 },
    );
  });

  test('edge cases: partial rows, pc jumps and wraps, 64-bit pcs, huge values, unknown words, gaps', async () => {
    const big = [0n, 1n, 127n, 128n, 0xffff_ffffn, 0x1_0000_0000n, (1n << 53n) + 1n, (1n << 63n) - 1n, 1n << 63n, U64 - (1n << 31n) - 1n, U64 - (1n << 31n), U64 - 1n, U64];
    const rows: StateRow[] = [
      { icount: 5, pc: 0xc000_0000_0000_0100n, word: 0x7c0802a6, changes: [] },
      { icount: 6, pc: 0xc000_0000_0000_0104n, word: 0x7c0802a6, changes: big.slice(0, 7).map((v, i) => [i, v]) },
      { icount: 7, pc: 0xc000_0000_0000_0104n, word: 0x7c0802a6, changes: big.slice(7).map((v, i) => [NREGS - 1 - i, v]) },
      { icount: 8, pc: U64 - 3n, word: -1, changes: [[REG_INDEX.msr, 0x8000_0000_0000_1033n]] }, // the very last word of the address space
      { icount: 9, pc: 0n, word: 0xffffffff, changes: [] }, // pc + 4 wraps to 0
      { icount: 10, pc: 0x700n, word: 0, changes: [[REG_INDEX.srr0, 4n], [REG_INDEX.srr1, U64]] }, // an interrupt
      { icount: 2 ** 40, pc: 0x700n, word: 0, changes: [] }, // a gap in icounts, same pc
      { icount: 2 ** 40 + 1, pc: 0x700n - 0x7fff_fffcn & U64, word: 1, changes: [] }, // relative jump just inside int32
      { icount: 2 ** 40 + 2, pc: 0x9000_0000n, word: 2, changes: [] }, // beyond int32: absolute
      { icount: 2 ** 53 - 2, pc: 0x9000_0004n, word: 0x4e800020, changes: [[REG_INDEX.lr, 0xc000_0000_0000_0000n]], partial: true },
      { icount: 2 ** 53 - 1, pc: 0x9000_0004n, word: 0x4e800020, changes: [], partial: false },
    ];
    for (const frameRows of [1, 2, 3, 100]) {
      const file = tmp('edge');
      await writeStateTrace(file, { source: 'engine', description: '', fromIcount: 5, initial: newState() }, rows, { frameRows });
      expect((await collect(readStateRows(file))).map(norm)).toEqual(rows.map(norm));
      const r = await StateTraceReader.open(file);
      expect(r.firstIcount).toBe(5);
      expect(r.lastIcount).toBe(2 ** 53 - 1);
      expect((await collect(r.rows(9, 2 ** 40))).map((x) => x.icount)).toEqual([9, 10, 2 ** 40]);
      expect((await collect(r.rows(11, 2 ** 40 - 1))).length).toBe(0);
      expect((await collect(r.rows(2 ** 53))).length).toBe(0);
    }
  });

  test('an empty trace, a custom register list, toIcount, async row sources', async () => {
    const file = tmp('empty');
    await writeStateTrace(file, loopHeader({ toIcount: 100 }), []);
    const r = await StateTraceReader.open(file);
    expect(r.complete).toBe(true);
    expect(r.rowCount).toBe(0);
    expect(r.firstIcount).toBeUndefined();
    expect(r.header.toIcount).toBe(100);
    expect(await collect(r.rows())).toEqual([]);

    const f2 = tmp('regs');
    const regs = ['r0', 'vsr63', 'lr'];
    async function* gen(): AsyncGenerator<StateRow> {
      yield { icount: 1, pc: 0x100n, word: 0x60000000, changes: [[1, 5n]] };
      yield { icount: 2, pc: 0x104n, word: 0x60000000, changes: [[2, 0x108n], [0, 1n]] };
    }
    await writeStateTrace(f2, { source: 'some-other-tool 1.2', description: 'd', regs, fromIcount: 1, initial: new BigUint64Array([1n, 2n, 3n]) }, gen());
    const r2 = await StateTraceReader.open(f2);
    expect(r2.header.regs).toEqual(regs);
    expect(r2.header.initial).toEqual(new BigUint64Array([1n, 2n, 3n]));
    expect([...r2.regIds]).toEqual([0, -1, REG_INDEX.lr]);
    expect((await collect(r2.rows())).map(norm)).toEqual([
      { icount: 1, pc: 0x100n, word: 0x60000000, changes: [[1, 5n]] },
      { icount: 2, pc: 0x104n, word: 0x60000000, changes: [[2, 0x108n], [0, 1n]] },
    ]);
  });
});

// ---------------------------------------------------------------- size and streaming

describe('size and streaming', () => {
  test('bytes per row of an integer loop (user and kernel addresses)', async () => {
    const report: string[] = [];
    for (const kernel of [false, true]) {
      const N = 200_000;
      let changes = 0;
      const file = tmp('size');
      const sum = await writeStateTrace(file, loopHeader(), (function* () {
        for (const r of loopRows(N, { kernel })) {
          changes += r.changes.length;
          yield r;
        }
      })());
      const raw = sum.rawBytes / N;
      const packed = sum.frameBytes / N;
      report.push(`${kernel ? 'kernel' : 'user'} loop: ${(changes / N).toFixed(2)} changes/row, ${raw.toFixed(2)} bytes/row before zstd, ${packed.toFixed(3)} after (${sum.fileBytes} bytes file, ${sum.frames} frames)`);
      expect(raw).toBeLessThan(8);
      expect(packed).toBeLessThan(raw);
    }
    console.log(report.join('\n'));
  });

  test('a million rows written and read back streaming, in bounded memory', async () => {
    const N = 1_000_000;
    const file = tmp('million');
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const t0 = Date.now();
    const w = await StateTraceWriter.create(file, loopHeader());
    let i = 0;
    for (const r of loopRows(N, { kernel: true })) {
      w.append(r);
      if (++i % 50_000 === 0) sample();
    }
    const sum = await w.close();
    const t1 = Date.now();
    const writePeak = peak - rss0;
    expect(sum.rows).toBe(N);

    gc?.();
    const rss1 = process.memoryUsage().rss;
    peak = rss1;
    const expected = loopRows(N, { kernel: true });
    let n = 0;
    let mismatch: string | undefined;
    for await (const r of readStateRows(file)) {
      const e = expected.next().value as StateRow;
      if (!mismatch && (r.icount !== e.icount || r.pc !== e.pc || r.word !== e.word || r.changes.length !== e.changes.length || r.changes.some((c, j) => c[0] !== e.changes[j][0] || c[1] !== e.changes[j][1]))) {
        mismatch = `row ${n}: ${r.icount}`;
      }
      if (++n % 50_000 === 0) sample();
    }
    const t2 = Date.now();
    expect(mismatch).toBeUndefined();
    expect(n).toBe(N);
    const readPeak = peak - rss1;
    console.log(`1,000,000 rows: file ${fs.statSync(file).size} bytes; write ${t1 - t0} ms (RSS +${(writePeak / 2 ** 20).toFixed(1)} MiB), read ${t2 - t1} ms (RSS +${(readPeak / 2 ** 20).toFixed(1)} MiB)`);
    // Holding the million rows as objects takes about 280 MiB; a frame is a few MiB at most
    // (the rest is V8 heap headroom, the same for 3 million rows).
    expect(readPeak).toBeLessThan(128 * 2 ** 20);
    expect(writePeak).toBeLessThan(128 * 2 ** 20);
  });

  test('range reads start at the frame that holds fromIcount (via the footer index)', async () => {
    const file = tmp('range');
    const rows = [...loopRows(10_000)];
    await writeStateTrace(file, loopHeader(), rows, { frameRows: 1000 });
    const r = await StateTraceReader.open(file);
    expect(r.frames.length).toBe(10);
    // Damage frame 2's payload: ranges that do not need it still read, ranges that do fail.
    const b = fs.readFileSync(file);
    const f2 = r.frames[2];
    b[f2.offset + f2.bytes - 5] ^= 0x10;
    const damaged = tmp('range-damaged');
    fs.writeFileSync(damaged, b);
    const d = await StateTraceReader.open(damaged);
    expect(d.complete).toBe(true);
    expect((await collect(d.rows(5001, 5003))).map(norm)).toEqual(rows.slice(5000, 5003).map(norm));
    expect((await collect(d.rows(3001))).length).toBe(7000);
    expect((await collect(d.rows(1, 2000))).length).toBe(2000);
    await expect(collect(d.rows(2500, 2600))).rejects.toThrow(/^state trace .*range-damaged.*: frame 2 at byte [\d,]+ is damaged \(checksum mismatch in its [\d,]+ compressed bytes\)/);
  });
});

// ---------------------------------------------------------------- killed writers

describe('a writer killed mid-file', () => {
  let whole: Buffer;
  let rows: StateRow[];
  let frames: readonly { offset: number; bytes: number }[];
  beforeAll(async () => {
    rows = [...loopRows(300)];
    const file = tmp('killed');
    await writeStateTrace(file, loopHeader(), rows, { frameRows: 100 });
    whole = fs.readFileSync(file);
    frames = (await StateTraceReader.open(file)).frames;
  });

  test('cut after a frame, inside a frame, inside the footer or trailer', async () => {
    const endOf = (i: number) => frames[i].offset + frames[i].bytes;
    let x = await readAll(whole.subarray(0, endOf(1)));
    expect(x.reader!.complete).toBe(false);
    expect(x.reader!.cutShort).toBe('the state trace stopped after frame 1 (2 complete frames, last icount 200): no footer — the writer was killed or crashed');
    expect(x.rows!.map(norm)).toEqual(rows.slice(0, 200).map(norm));

    x = await readAll(whole.subarray(0, endOf(1) + 70));
    expect(x.reader!.cutShort).toBe(`the state trace stopped after frame 1 (2 complete frames, last icount 200): no footer — the writer was killed or crashed; 70 bytes from byte ${endOf(1).toLocaleString('en-US')} (an incomplete frame) were ignored`);
    expect(x.rows!.length).toBe(200);

    x = await readAll(whole.subarray(0, frames[0].offset + 10));
    expect(x.reader!.cutShort).toMatch(/^the state trace stopped before its first frame was complete: no footer .*; 10 bytes from byte/);
    expect(x.rows).toEqual([]);

    x = await readAll(whole.subarray(0, endOf(2) + 30));
    expect(x.reader!.cutShort).toMatch(/after frame 2 .*: it was killed while writing its footer; 30 bytes/);
    expect(x.rows!.length).toBe(300);

    x = await readAll(whole.subarray(0, whole.length - 3));
    expect(x.reader!.cutShort).toMatch(/after frame 2 .*: it was killed while writing its trailer/);
    expect(x.rows!.length).toBe(300);

    x = await readAll(whole.subarray(0, frames[0].offset));
    expect(x.reader!.cutShort).toBe('the state trace stopped before its first frame was complete: no footer — the writer was killed or crashed');
  });

  test('a writer that is never closed leaves its complete frames readable', async () => {
    const file = tmp('unclosed');
    const w = await StateTraceWriter.create(file, loopHeader(), { frameRows: 64 });
    for (const r of loopRows(1000)) w.append(r);
    const r = await StateTraceReader.open(file);
    expect(r.complete).toBe(false);
    expect(r.rowCount).toBe(960);
    expect((await collect(r.rows(900))).length).toBe(61);
    await w.close();
  });

  test('any truncation: a TraceError or a prefix of the rows, never a hang (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length }), async (len) => {
        const { err, rows: got, reader } = await readAll(whole.subarray(0, len));
        if (err) {
          expect(err.message).not.toMatch(/\n/);
          expect(len).toBeLessThan(frames[0].offset); // only a cut inside the file header is an error
          return;
        }
        expect(reader!.complete).toBe(len === whole.length);
        expect(got!.map(norm)).toEqual(rows.slice(0, got!.length).map(norm));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------- damage and misuse

describe('bad files', () => {
  let good: Buffer;
  beforeAll(async () => {
    const file = tmp('good');
    await writeStateTrace(file, loopHeader(), loopRows(500, { kernel: true }), { frameRows: 128 });
    good = fs.readFileSync(file);
  });

  test('missing file, directory, empty file, wrong magic, an input trace', async () => {
    await expect(StateTraceReader.open(path.join(dir, 'nope.pst'))).rejects.toThrow(/^cannot open state trace .*nope\.pst: no such file: check the path$/);
    await expect(StateTraceReader.open(dir)).rejects.toThrow(/not a regular file/);
    await expectError(Buffer.alloc(0), 'not-a-trace', /^not a pseries-rr state trace \(the file is empty\): give a file written by "--state-trace" or the QEMU adapter$/);
    await expectError(Buffer.from('#!/bin/sh\necho hi\n'), 'not-a-trace', /^not a pseries-rr state trace \(bad magic at byte 0: "#!\/bin\/s"\): give a file written by "--state-trace"/);
    await expectError(Buffer.from('PSRRTRC\0\x01\0\0\0'), 'not-a-trace', /^this is a pseries-rr input trace \(written by "pseries-rr record"\), not a state trace/);
    await expectError(good.subarray(0, 12), 'truncated', /truncated inside its header \(only 12 of at least 24 bytes\)/);
    await expectError(good.subarray(0, 40), 'truncated', /the state trace header claims [\d,]+ bytes but the file has 16 after byte 24/);
    const file = tmp('named');
    fs.writeFileSync(file, 'hello world, this is not a trace');
    await expect(StateTraceReader.open(file)).rejects.toThrow(/^state trace .*named-\d+\.pst: not a pseries-rr state trace/);
  });

  test('a newer format version is refused with an upgrade hint', async () => {
    const hdr = encodeStateHeader(loopHeader());
    const b = Buffer.concat([encodeStateHeader(loopHeader(), 2), good.subarray(hdr.length)]);
    await expectError(b, 'newer-version', /^state trace format version 2 is newer than this pseries-rr understands \(max 1\): upgrade pseries-rr$/);
    await expectError(encodeStateHeader(loopHeader(), 0), 'shape', /version 0 does not exist/);
  });

  test('wrongly shaped headers and rows under valid checksums', async () => {
    const packr = new Packr({ useRecords: false, variableMapSize: true });
    const hdr = encodeStateHeader(loopHeader());
    const withBody = (m: Record<string, unknown>) => {
      const body = Buffer.from(packr.pack({ formatVersion: 1, source: 'engine', description: '', regs: ['r0', 'r1'], fromIcount: 1, initial: [0, 0], ...m }));
      const fixed = Buffer.from(hdr.subarray(0, 24));
      fixed.writeUInt32LE(body.length, 12);
      return Buffer.concat([fixed, body]);
    };
    const fix = async (b: Buffer) => {
      check8(b.subarray(0, 16), b.subarray(24)).copy(b, 16);
      return b;
    };
    await expectError(await fix(withBody({ regs: ['r0', 'r0'] })), 'shape', /header \(byte 24\) has the wrong shape: regs names a register twice/);
    await expectError(await fix(withBody({ initial: [0] })), 'shape', /initial does not hold 2 values/);
    await expectError(await fix(withBody({ initial: [0, 'x'] })), 'shape', /initial value of r1 is not a register value/);
    await expectError(await fix(withBody({ source: 3 })), 'shape', /source is not a non-empty string/);
    await expectError(await fix(withBody({ toIcount: 0 })), 'shape', /toIcount is not a safe integer ≥ fromIcount/);

    // Frames of hand-made rows (regs r0, r1; fromIcount 1).
    const head = await fix(withBody({}));
    const frame = (rows: unknown[], first: number, last: number) => encodeBlock(STATE_FRAME_MAGIC, packr.pack(rows), rows.length, first, last);
    const okRow = [0x10 | (2 << 2), 0x100, 0x60000000];
    const ok = await readAll(Buffer.concat([head, frame([okRow, [0x10, 0x60000000, 2, 5], [0x10, 0x60000000, 3, -6], [2 << 2, 0x104, 2, Buffer.from('c000000000000000', 'hex')]], 1, 4)]));
    expect(ok.rows!.map(norm)).toEqual([
      { icount: 1, pc: 0x100n, word: 0x60000000, changes: [] },
      { icount: 2, pc: 0x104n, word: 0x60000000, changes: [[1, 5n]] },
      { icount: 3, pc: 0x108n, word: 0x60000000, changes: [[1, U64]] },
      { icount: 4, pc: 0x104n, word: 0x60000000, changes: [[1, 0xc000_0000_0000_0000n]] },
    ]);
    const bad = (rows: unknown[], first: number, last: number, msg: RegExp) => expectError(Buffer.concat([head, frame(rows, first, last)]), 'shape', msg);
    await bad([[0x20 | (2 << 2), 0x100, 1]], 1, 1, /row 0 that has an unknown control byte 40/);
    await bad([[3 << 2, 0x100, 1]], 1, 1, /row 0 that has an unknown control byte 12/);
    await bad([[0x10, 1]], 1, 1, /row 0 that is the first of its frame but has no absolute pc/);
    await bad([[2 << 2, 0x100]], 1, 1, /row 0 that repeats the word of an earlier row at its pc but there is none/);
    await bad([okRow, [0x10, 1, 4, 5]], 1, 2, /row 1 that changes register key 4, not in 0..3/);
    await bad([okRow, [0x10, 1, 3, 5]], 1, 2, /row 1 that changes register 1 relative to a value not set earlier in the frame/);
    await bad([okRow, [0x10, 1, 2, 5, 3, 1]], 1, 2, /row 1 that changes register 1 twice/);
        await bad([okRow, [0x10, 1, 2]], 1, 2, /row 1 that has 3 fields, which do not end in \(register key, value\) pairs/);
    await bad([okRow, [0x10, 1, 2, 'x']], 1, 2, /row 1 that has no valid value for register 1/);
    await bad([okRow, [0x10, 1, 2, Buffer.alloc(7)]], 1, 2, /row 1 that has no valid value for register 1/);
    await bad([okRow, [0x12, 1, 0x60000000]], 1, 2, /ends at icount 3, its header says 2/);
    await bad([[0x1a, 1, 0x100, 0x60000000]], 2, 2, /starts at icount 3, its header says 2/);
    await bad([okRow, 7], 1, 2, /row 1 that is not a non-empty array/);
    await expectError(Buffer.concat([head, encodeBlock(STATE_FRAME_MAGIC, Buffer.from([0x92, 0x91]), 2, 1, 2)]), 'msgpack', /frame 0 at byte [\d,]+ does not decode as msgpack/);
    await expectError(Buffer.concat([head, frame([okRow], 0, 0)]), 'order', /frame 0 at byte [\d,]+ starts at icount 0, before the header's fromIcount 1/);
    await expectError(Buffer.concat([head, frame([okRow], 1, 1), frame([okRow], 1, 1)]), 'order', /frame 1 .* starts at icount 1, not after the previous frame's last icount 1/);
    await expectError(Buffer.concat([head, frame([okRow], 1, 1), Buffer.from('garbage that is not a frame at all, long enough for a header...')]), 'checksum', /unexpected bytes at byte [\d,]+ where frame 1 or the footer should start/);
  });

  test('every single bit flip anywhere is a TraceError (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length * 8 - 1 }), async (bit) => {
        const b = Buffer.from(good);
        b[bit >> 3] ^= 1 << (bit & 7);
        const { err } = await readAll(b);
        expect(err, `bit ${bit} (byte ${bit >> 3} of ${good.length})`).toBeInstanceOf(TraceError);
        expect(err!.message).not.toMatch(/\n/);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  test('random damage (flips, overwrites, cuts together): only TraceErrors, never a hang (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()),
        async (edits, cut) => {
          const b = Buffer.from(good);
          for (const [at, v] of edits) b[at % b.length] = v;
          const c = cut === null ? b : b.subarray(0, cut % (b.length + 1));
          await readAll(c); // throws (failing the property) on anything but a TraceError
        },
      ),
      { seed: 99, numRuns: 300 },
    );
  });

  test('footer damage: wrong trailer offset, footer disagreeing with the frames', async () => {
    const b = Buffer.from(good);
    const dataStart = (await StateTraceReader.fromBytes(good)).stats().headerBytes;
    b.writeBigUInt64LE(BigInt(dataStart), b.length - 16);
    await expectError(b, 'checksum', new RegExp(`the trailer at byte [\\d,]+ points to byte ${dataStart}, where there is no footer`));
    b.writeBigUInt64LE(BigInt(STATE_HEADER_FIXED), b.length - 16);
    await expectError(b, 'checksum', /points to byte 24, where no footer can be/);
    b.writeBigUInt64LE(1n << 60n, b.length - 16);
    await expectError(b, 'checksum', /where no footer can be/);
  });
});

describe('writer misuse', () => {
  test('bad rows and headers are usage / order errors and leave the writer usable', async () => {
    const file = tmp('misuse');
    const w = await StateTraceWriter.create(file, loopHeader({ fromIcount: 10, toIcount: 20 }));
    const row = (o: Partial<StateRow>): StateRow => ({ icount: 10, pc: 0x100n, word: 0, changes: [], ...o });
    const bad: [Partial<StateRow>, RegExp][] = [
      [{ icount: 9 }, /before the header's fromIcount 10/],
      [{ icount: 21 }, /after the header's toIcount 20/],
      [{ icount: 1.5 }, /icount 1.5 is not a non-negative safe integer/],
      [{ pc: -4n }, /pc -4 is not a bigint in 0..2\^64-1/],
      [{ pc: 1n << 64n }, /pc 18446744073709551616 is not a bigint/],
      [{ pc: 4 as unknown as bigint }, /pc 4 is not a bigint/],
      [{ word: -2 }, /word -2 is not -1 or a 32-bit unsigned integer/],
      [{ word: 2 ** 32 }, /word 4294967296/],
      [{ changes: [[NREGS, 0n]] }, new RegExp(`register id ${NREGS} is not in 0..${NREGS - 1}`)],
      [{ changes: [[1, 1n], [1, 2n]] }, /register 1 is changed twice/],
      [{ changes: [[1, 1 as unknown as bigint]] }, /the value of register 1 is not a bigint/],
      [{ changes: [[1, -1n]] }, /the value of register 1 is not a bigint/],
      [{ partial: 1 as unknown as boolean }, /partial is not a boolean/],
    ];
    for (const [o, msg] of bad) {
      let err: unknown;
      try {
        w.append(row(o));
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(o, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBeInstanceOf(TraceError);
      expect((err as TraceError).message).toMatch(msg);
    }
    w.append(row({}));
    expect(() => w.append(row({}))).toThrow(/the previous row is at icount 10 \(rows must be in strictly increasing icount order\)/);
    w.append(row({ icount: 11, changes: [[1, 1n]] }));
    await w.close();
    expect(() => w.append(row({ icount: 12 }))).toThrow(/it is closed/);
    expect((await collect(readStateRows(file))).map(norm)).toEqual([row({}), row({ icount: 11, changes: [[1, 1n]] })]);

    await expect(StateTraceWriter.create(tmp(), { ...loopHeader(), initial: new BigUint64Array(3) })).rejects.toThrow(new RegExp(`initial has 3 values for ${NREGS} registers`));
    await expect(StateTraceWriter.create(tmp(), { ...loopHeader(), source: '' })).rejects.toThrow(/source is not a non-empty string/);
    await expect(StateTraceWriter.create(tmp(), loopHeader(), { frameRows: 0 })).rejects.toThrow(/frameRows must be a positive integer/);
    await expect(StateTraceWriter.create(path.join(dir, 'no/such/dir/x.pst'), loopHeader())).rejects.toThrow(/^cannot create state trace .*: /);
  });
});
