// A bad trace is one TraceError with a one-line message: wrong magic, newer version,
// truncation, bit flips anywhere, corrupted zstd data under a valid checksum, msgpack of the
// wrong shape. Plus a fast-check property over random truncations and bit flips.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { TraceWriter } from './writer.js';
import { TraceReader } from './reader.js';
import { TraceError } from './errors.js';
import type { TraceRecord } from './records.js';
import { randomRecords, testHeader } from './test-helpers.js';
import { expectTraceError } from './test-assert.js';
import { BLOCK_HEADER_BYTES, check8, encodeBlock, encodeFileHeader, FRAME_MAGIC } from './format.js';
import { initZstd, zstdCompress, zstdDecompress } from './zstd.js';

let dir: string;
let good: Buffer;
let goodRecs: TraceRecord[];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-robust-'));
  goodRecs = randomRecords(21, 40);
  const file = path.join(dir, 'good.trc');
  const w = await TraceWriter.create(file, testHeader(), { frameRecords: 9 });
  for (const r of goodRecs) w.append(r);
  await w.close();
  good = fs.readFileSync(file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

/** Open and read everything; the TraceError if any. */
async function readAll(b: Uint8Array): Promise<{ err?: TraceError; recs?: TraceRecord[]; reader?: TraceReader }> {
  try {
    const reader = await TraceReader.fromBytes(b);
    return { recs: [...reader.records()], reader };
  } catch (e) {
    if (e instanceof TraceError) return { err: e };
    throw e;
  }
}

async function expectError(b: Uint8Array, code: TraceError['code'], msg: RegExp): Promise<TraceError> {
  return expectTraceError((await readAll(b)).err, code, msg);
}

const headerOnly = () => encodeFileHeader(testHeader());
const packr = new Packr({ useRecords: false });
const frame = (v: unknown, count: number, first: number, last: number) => encodeBlock(FRAME_MAGIC, packr.pack(v), count, first, last);

describe('files that are not traces', () => {
  test('missing file, directory, empty file, wrong magic', async () => {
    await expect(TraceReader.open(path.join(dir, 'nope.trc'))).rejects.toThrow(/cannot open trace .*nope\.trc: no such file: check the path/);
    await expect(TraceReader.open(dir)).rejects.toThrow(/not a regular file/);
    fs.writeFileSync(path.join(dir, 'empty'), '');
    await expect(TraceReader.open(path.join(dir, 'empty'))).rejects.toThrow(/not a pseries-rr trace \(bad magic at byte 0: the file is empty\)/);
    await expectError(Buffer.from('#!/bin/sh\necho hello\n'), 'not-a-trace', /^not a pseries-rr trace \(bad magic at byte 0: "#!\/bin\/s"\): give the file written by "pseries-rr record -o"$/);
    const b = Buffer.from(good);
    b[3] ^= 0x20;
    await expectError(b, 'not-a-trace', /bad magic/);
  });

  test('a newer format version is refused with an upgrade hint', async () => {
    const b = Buffer.concat([encodeFileHeader(testHeader(), 7), good.subarray(headerOnly().length)]);
    await expectError(b, 'newer-version', /^trace format version 7 is newer than this pseries-rr understands \(max 1\): upgrade pseries-rr$/);
  });

  test('a header of the wrong shape (valid checksum)', async () => {
    await expectError(encodeFileHeader({ ...testHeader(), config: { ...testHeader().config, ramBytes: 'lots' } } as never), 'shape', /header \(byte 24\) has the wrong shape: config\.ramBytes is not a non-negative integer/);
    await expectError(encodeFileHeader({ ...testHeader(), images: null } as never), 'shape', /images is not a map/);
  });
});

describe('damage', () => {
  test('truncated inside the header', async () => {
    const h = headerOnly();
    for (const len of [8, 12, 23, 24, 30, h.length - 1]) await expectError(good.subarray(0, len), 'truncated', /truncated/);
  });

  test('every single bit flip anywhere in the file is detected', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < good.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = Buffer.from(good);
        b[i] ^= 1 << bit;
        const { err } = await readAll(b);
        expect(err, `flip of bit ${bit} at byte ${i} went unnoticed`).toBeInstanceOf(TraceError);
        expect(err!.message).not.toMatch(/\n/);
        seen.add(err!.code);
      }
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['checksum', 'not-a-trace']));
  });

  test('bit flips name the place: header, frame, footer, trailer', async () => {
    const r = await TraceReader.fromBytes(good);
    const at = (i: number) => { const b = Buffer.from(good); b[i] ^= 4; return b; };
    await expectError(at(30), 'checksum', /^the trace header \(bytes 0\.\.[\d,]+\) is damaged \(checksum mismatch\): re-record, or use an intact copy of the file$/);
    const f1 = r.frames[1];
    await expectError(at(f1.offset + 5), 'checksum', new RegExp(`^frame 1 at byte ${f1.offset.toLocaleString('en-US')} is damaged \\(its header checksum does not match\\)`));
    const e = await expectError(at(f1.offset + BLOCK_HEADER_BYTES + 20), 'checksum', /^frame 1 at byte [\d,]+ is damaged \(checksum mismatch in its [\d,]+ compressed bytes\)/);
    expect(e.frame).toBe(1);
    expect(e.offset).toBe(f1.offset);
    const footer = f1.offset + r.frames.slice(1).reduce((s, f) => s + f.bytes, 0);
    await expectError(at(footer + 70), 'checksum', /^the footer at byte [\d,]+ is damaged/);
    await expectError(at(good.length - 16), 'checksum', /^the trailer at byte [\d,]+ points to byte [\d,]+, where/);
    await expectError(at(good.length - 3), 'checksum', /^the trailer after the footer at byte [\d,]+ is damaged/);
  });

  test('corrupted zstd data under a valid checksum reaches the decompressor and is refused', async () => {
    const r = await TraceReader.fromBytes(good);
    const f = r.frames[0];
    const corrupt = (mutate: (payload: Buffer) => void) => {
      const b = Buffer.from(good);
      const payload = b.subarray(f.offset + BLOCK_HEADER_BYTES, f.offset + f.bytes);
      mutate(payload);
      check8(payload).copy(b, f.offset + 36);
      check8(b.subarray(f.offset, f.offset + 52)).copy(b, f.offset + 52);
      return b;
    };
    const chunk = 8; // one chunk: the table is 8 bytes
    // garbage in the compressed block: the decompressor refuses it or yields wrong bytes
    await expectError(corrupt((p) => { for (let i = chunk + 12; i < p.length; i += 3) p[i] ^= 0x5a; }), 'zstd', /^frame 0 at byte [\d,]+(: zstd cannot decompress chunk 0 \(the decompressor refused the data\)| decompresses to the wrong bytes)/);
    // a zstd frame header claiming 16 MiB (zstd-codec would print OOM and throw a string)
    await expectError(corrupt((p) => { p[chunk + 4] = 0xa0; p.writeUInt32LE(16 << 20, chunk + 5); }), 'zstd', /zstd cannot decompress chunk 0 \(the zstd frame declares 16,777,216 bytes, the trace [\d,]+\)/);
    // not zstd at all
    await expectError(corrupt((p) => { p[chunk] = 0; }), 'zstd', /no zstd frame magic/);
    // a chunk table that does not add up
    await expectError(corrupt((p) => { p.writeUInt32LE(p.readUInt32LE(0) + 1, 0); }), 'shape', /impossible chunk table/);
  });

  test('msgpack of the wrong shape (valid checksums) is a shape error', async () => {
    const h = headerOnly();
    const cases: [Buffer, TraceError['code'], RegExp][] = [
      [frame({ a: 1 }, 1, 0, 0), 'shape', /frame 0 at byte 428 does not hold an array of records/],
      [frame([[1, 0, new Uint8Array(1)]], 2, 0, 0), 'shape', /holds 1 records, its header says 2/],
      [frame([[99, 0, 1]], 1, 0, 0), 'shape', /record 0 that has unknown kind code 99/],
      [frame([[2, 0, new Uint8Array(7)]], 1, 0, 0), 'shape', /\(random\) has no 8-byte value/],
      [frame([[3, 0, 'noon']], 1, 0, 0), 'shape', /\(rtc\) has no millisecond count/],
      [frame([[5, 0]], 1, 0, 0), 'shape', /\(interrupt\) has 2 fields instead of 3/],
      [frame([[7, 0, 1, new Uint8Array(1)]], 1, 0, 0), 'shape', /\(snapshot\) has no full flag or state/],
      [frame([[6, 0, new Uint8Array(31)]], 1, 0, 0), 'shape', /\(checkpoint\) has no hash/],
      [frame([[3, 0, 1], [3, -5, 1]], 2, 10, 5), 'shape', /impossible header \(first icount 10 after last 5\)/],
      [frame([[3, 0, 1], [3, -5, 1]], 2, 10, 10), 'order', /record 1 of frame 0 at byte 428 goes back in icount/],
      [frame([[3, 0.5, 1]], 1, 0, 0), 'shape', /record 0 of frame 0 .*has no valid icount/],
      [frame([[3, 0, 1], [3, 4, 1]], 2, 10, 20), 'shape', /ends at icount 14, its header says 20/],
      [frame(['x'], 1, 0, 0), 'shape', /record 0 that is not an array/],
      [Buffer.concat([frame([[3, 0, 1]], 1, 50, 50), frame([[3, 0, 1]], 1, 40, 40)]), 'order', /frame 1 at byte [\d,]+ starts at icount 40, before the previous frame's last icount 50/],
      [encodeBlock(FRAME_MAGIC, Buffer.from([0x92, 0xc1, 0xc1, 0x00]), 2, 0, 0), 'msgpack', /frame 0 at byte 428 does not decode as msgpack/],
      [encodeBlock(FRAME_MAGIC, Buffer.from([0xdd, 0xff, 0xff, 0xff, 0xff]), 1, 0, 0), 'msgpack', /does not decode as msgpack/],
    ];
    for (const [f, code, msg] of cases) await expectError(Buffer.concat([h, f]), code, msg);
  });

  test('zstd-codec behaviour on bad input, as FORMAT.md describes', async () => {
    await initZstd();
    const c = zstdCompress(Buffer.from('hello hello hello hello'));
    expect(Buffer.from(zstdDecompress(c, 23)).toString()).toBe('hello hello hello hello');
    expect(() => zstdDecompress(c, 22)).toThrow(/declares 23 bytes, the trace 22/);
    expect(() => zstdDecompress(c.subarray(0, c.length - 2), 23)).toThrow(/refused/);
    expect(() => zstdCompress(new Uint8Array(0))).toThrow(/cannot compress 0 bytes/);
    expect(() => zstdCompress(new Uint8Array((1 << 20) + 1))).toThrow(/cannot compress/);
  });
});

describe('fuzz', () => {
  test('random truncations and bit flips: only TraceError, never a hang; survivors read a prefix-consistent list', async () => {
    const traces: { buf: Buffer; recs: TraceRecord[] }[] = [];
    for (let s = 0; s < 4; s++) {
      const recs = randomRecords(100 + s, 10 + s * 25);
      const file = path.join(dir, `fuzz${s}.trc`);
      const w = await TraceWriter.create(file, testHeader(), { frameRecords: 3 + s * 5 });
      for (const r of recs) w.append(r);
      if (s !== 3) await w.close();
      else w.flush(); // one without a footer
      traces.push({ buf: fs.readFileSync(file), recs });
    }
    const withTimeout = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('hang')), ms))]);
    const stats = { errors: 0, survived: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.nat(3),
        fc.constantFrom('cut', 'flip', 'both'),
        fc.noBias(fc.nat({ max: 999_999 })),
        fc.array(fc.tuple(fc.noBias(fc.nat({ max: 999_999 })), fc.nat(7)), { minLength: 1, maxLength: 3 }),
        async (which, mode, cut, flips) => {
          const t = traces[which];
          const len = mode === 'flip' ? t.buf.length : Math.floor((cut / 1_000_000) * t.buf.length);
          const b = Buffer.from(t.buf.subarray(0, len));
          if (mode !== 'cut') for (const [pos, bit] of flips) if (b.length) b[Math.floor((pos / 1_000_000) * b.length)] ^= 1 << bit;
          const res = await withTimeout(readAll(b), 5000);
          if (res.err) {
            stats.errors++;
            expect(res.err.message).not.toMatch(/\n/);
            return;
          }
          stats.survived++;
          // whatever survived is the start of what was written
          expect(res.recs).toEqual(t.recs.slice(0, res.recs!.length));
          if (mode === 'cut' && len === t.buf.length && which !== 3) expect(res.reader!.complete).toBe(true);
        },
      ),
      { seed: 20240611, numRuns: 200 },
    );
    expect(stats.errors).toBeGreaterThan(20);
    expect(stats.survived).toBeGreaterThan(20);
    // the codec and decoder still work after all that
    expect((await readAll(good)).recs).toEqual(goodRecs);
  });
});
