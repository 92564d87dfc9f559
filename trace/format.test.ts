// Round trips through TraceWriter / TraceReader: every record kind, small and big frames,
// random access by icount, snapshots, and traces without a footer read by scanning.
import { beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TraceWriter } from './writer.js';
import { TraceReader } from './reader.js';
import { TraceError } from './errors.js';
import { RECORD_KINDS, type TraceRecord } from './records.js';
import { bytes, everyKind, randomRecords, rng, testHeader } from './test-helpers.js';
import { BLOCK_HEADER_BYTES, encodeRecord, FORMAT_VERSION } from './format.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-format-'));
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

async function write(name: string, recs: TraceRecord[], opts: { frameRecords?: number; maxFrameBytes?: number } = {}, close = true): Promise<{ file: string; w: TraceWriter }> {
  const file = path.join(dir, name);
  const w = await TraceWriter.create(file, testHeader(), opts);
  for (const r of recs) w.append(r);
  if (close) await w.close();
  else w.flush();
  return { file, w };
}

describe('round trip', () => {
  test('every record kind, one frame and one record per frame', async () => {
    for (const frameRecords of [1, 3, 4096]) {
      const { file, w } = await write(`every-${frameRecords}.trc`, everyKind(), { frameRecords });
      const r = await TraceReader.open(file);
      expect(r.complete).toBe(true);
      expect(r.cutShort).toBeUndefined();
      expect(r.header).toEqual({ ...testHeader(), formatVersion: FORMAT_VERSION });
      expect([...r.records()]).toEqual(everyKind());
      expect(r.frames.length).toBe(Math.ceil(everyKind().length / frameRecords));
      const s = r.stats();
      expect(s.records).toBe(everyKind().length);
      expect(s.fileBytes).toBe(fs.statSync(file).size);
      expect(s.fileBytes).toBe(w.bytesWritten);
      expect(s.headerBytes + s.frameBytes + s.footerBytes).toBe(s.fileBytes);
      for (const k of RECORD_KINDS) expect(s.perKind[k].count).toBe(everyKind().filter((x) => x.kind === k).length);
      expect(s.perKind).toEqual(w.counts);
      // fromBytes reads the same
      const b = await TraceReader.fromBytes(fs.readFileSync(file));
      expect([...b.records()]).toEqual(everyKind());
    }
  });

  test('an empty trace (no records)', async () => {
    const { file } = await write('empty.trc', []);
    const r = await TraceReader.open(file);
    expect(r.complete).toBe(true);
    expect([...r.records()]).toEqual([]);
    expect(r.stats().frames).toBe(0);
    expect(r.snapshotBefore(100)).toBeUndefined();
  });

  test('many frames, random access by icount range', async () => {
    const recs = randomRecords(1, 20_000);
    const { file } = await write('many.trc', recs, { frameRecords: 97 });
    const r = await TraceReader.open(file);
    expect(r.frames.length).toBe(Math.ceil(20_000 / 97));
    expect([...r.records()]).toEqual(recs);
    const rand = rng(5);
    const last = recs[recs.length - 1].icount;
    for (let i = 0; i < 40; i++) {
      const a = Math.floor(rand() * last);
      const b = a + Math.floor(rand() * rand() * last / 4);
      expect([...r.records(a, b)]).toEqual(recs.filter((x) => x.icount >= a && x.icount <= b));
    }
    expect([...r.records(recs[500].icount, recs[500].icount)]).toEqual(recs.filter((x) => x.icount === recs[500].icount));
    expect([...r.records(last + 1)]).toEqual([]);
    expect(r.checkpoints()).toEqual(recs.filter((x) => x.kind === 'checkpoint').map((x) => ({ icount: x.icount, hash: (x as { hash: string }).hash })));
  });

  test('random access reads only the frames needed', async () => {
    const recs = randomRecords(2, 5000);
    const { file } = await write('access.trc', recs, { frameRecords: 100 });
    const r = await TraceReader.open(file);
    let reads = 0;
    const orig = r.readFrame.bind(r);
    r.readFrame = (i: number) => { reads++; return orig(i); };
    const mid = recs[2550].icount;
    expect([...r.records(mid, mid)].length).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(2);
  });

  test('big records: a 3.5 MiB snapshot is split into zstd chunks; maxFrameBytes flushes early', async () => {
    const rand = rng(3);
    const big = bytes(rand, 3.5 * 2 ** 20);
    const zeros = new Uint8Array(6 * 2 ** 20);
    const recs: TraceRecord[] = [
      { kind: 'checkpoint', icount: 5, hash: 'c'.repeat(64) },
      { kind: 'snapshot', icount: 5, full: true, state: big },
      { kind: 'console', icount: 6, bytes: new Uint8Array([65]) },
      { kind: 'snapshot', icount: 9, full: false, state: zeros },
      { kind: 'end', icount: 10, hash: 'd'.repeat(64), reason: 'halt' },
    ];
    const { file } = await write('big.trc', recs, { maxFrameBytes: 1 << 20 });
    const r = await TraceReader.open(file);
    const got = [...r.records()];
    // (toEqual on multi-MiB arrays is very slow: compare the big payloads as buffers)
    const strip = (x: TraceRecord) => (x.kind === 'snapshot' ? { ...x, state: x.state.length } : x);
    expect(got.map(strip)).toEqual(recs.map(strip));
    expect(Buffer.from((got[1] as { state: Uint8Array }).state).equals(big)).toBe(true);
    expect(Buffer.from((got[3] as { state: Uint8Array }).state).equals(zeros)).toBe(true);
    expect(r.frames.map((f) => f.records)).toEqual([2, 2, 1]);
    expect(r.frames[1].bytes).toBeLessThan(200_000); // 6 MiB of zeros compress
    const seek = r.snapshotBefore(9)!;
    expect(seek.records.map((x) => x.icount)).toEqual([5, 9]);
    expect(Buffer.from(seek.chain[0]).equals(big)).toBe(true);
    expect(Buffer.from(seek.chain[1]).equals(zeros)).toBe(true);
  });

  test('snapshotBefore returns the full snapshot and the deltas after it', async () => {
    const recs: TraceRecord[] = [];
    for (let i = 0; i < 40; i++) {
      recs.push({ kind: 'checkpoint', icount: i * 100, hash: `${i}`.padStart(64, '0') });
      if (i % 3 === 0) recs.push({ kind: 'snapshot', icount: i * 100, full: i % 12 === 3, state: new Uint8Array([i]) });
    }
    const { file } = await write('snaps.trc', recs, { frameRecords: 4 });
    for (const r of [await TraceReader.open(file), await TraceReader.fromBytes(fs.readFileSync(file).subarray(0, fs.statSync(file).size - 200))]) {
      expect(r.snapshotBefore(250)).toBeUndefined(); // only deltas before icount 300
      const s = r.snapshotBefore(1999)!;
      expect(s.icount).toBe(1800);
      expect(s.records.map((x) => [x.icount, x.full])).toEqual([[1500, true], [1800, false]]);
      expect(s.chain).toEqual([new Uint8Array([15]), new Uint8Array([18])]);
      expect(r.snapshotBefore(300)!.records.map((x) => x.icount)).toEqual([300]);
      expect(r.snapshotBefore(1200)!.records.map((x) => x.icount)).toEqual([300, 600, 900, 1200]);
    }
  });

  test('bytes per record kind (sample)', async () => {
    const sizes = Object.fromEntries(everyKind().map((x) => [x.kind, encodeRecord(x, 3).length]));
    // kind code + small delta + payload: compact arrays, bigint as 8 bytes, hashes as 32 bytes
    expect(sizes.random).toBe(1 + 1 + 1 + 2 + 8);
    expect(sizes.interrupt).toBe(1 + 1 + 1 + 3);
    expect(encodeRecord({ kind: 'checkpoint', icount: 0, hash: 'a'.repeat(64) }, 1000).length).toBe(1 + 1 + 3 + 2 + 32);
  });
});

describe('traces without a footer', () => {
  test('a trace whose writer never closed is read by scanning and reported cut short', async () => {
    const recs = randomRecords(4, 1000);
    const { file } = await write('open.trc', recs, { frameRecords: 50 }, false);
    const r = await TraceReader.open(file);
    expect(r.complete).toBe(false);
    expect(r.cutShort).toBe(`the recording stopped after frame 19 (20 complete frames, last icount ${recs[999].icount.toLocaleString('en-US')}): no footer — the recorder was killed or crashed`);
    expect([...r.records()]).toEqual(recs);
    expect(r.stats().records).toBe(1000);
    const full = await TraceReader.open((await write('closed.trc', recs, { frameRecords: 50 })).file);
    expect(r.stats().perKind).toEqual(full.stats().perKind);
    expect(r.checkpoints()).toEqual(full.checkpoints());
    expect(r.snapshots()).toEqual(full.snapshots());
    expect(r.frames).toEqual(full.frames);
  });

  test('truncated at every byte: a header cut is an error, otherwise every complete frame reads back', async () => {
    const recs = randomRecords(6, 60);
    const { file } = await write('cut.trc', recs, { frameRecords: 8 });
    const buf = fs.readFileSync(file);
    const full = await TraceReader.fromBytes(buf);
    const headerBytes = full.stats().headerBytes;
    const ends = full.frames.map((f) => f.offset + f.bytes);
    for (let len = 0; len < buf.length; len++) {
      let r: TraceReader;
      try {
        r = await TraceReader.fromBytes(buf.subarray(0, len));
      } catch (e) {
        expect(e).toBeInstanceOf(TraceError);
        expect(len).toBeLessThan(headerBytes);
        expect((e as TraceError).code).toMatch(len < 8 ? /not-a-trace|truncated/ : /truncated/);
        continue;
      }
      expect(len).toBeGreaterThanOrEqual(headerBytes);
      expect(r.complete).toBe(false);
      const whole = ends.filter((e) => e <= len).length;
      expect(r.frames.length).toBe(whole);
      const got = [...r.records()];
      expect(got).toEqual(recs.slice(0, got.length));
      expect(got.length).toBe(full.frames.slice(0, whole).reduce((s, f) => s + f.records, 0));
      if (len > ends[ends.length - 1] + 3) expect(r.cutShort).toMatch(/killed while writing its (footer|trailer)/);
      else if (!ends.includes(len) && len !== headerBytes && len < ends[ends.length - 1]) expect(r.cutShort).toMatch(/bytes from byte [\d,]+ \(an incomplete frame\) were ignored$/);
    }
  });

  test('the cut-short report names the frame and the partial bytes', async () => {
    const recs = randomRecords(7, 30);
    const { file } = await write('partial.trc', recs, { frameRecords: 10 });
    const buf = fs.readFileSync(file);
    const full = await TraceReader.fromBytes(buf);
    const f2 = full.frames[2];
    const r = await TraceReader.fromBytes(buf.subarray(0, f2.offset + BLOCK_HEADER_BYTES + 5));
    expect(r.cutShort).toBe(`the recording stopped after frame 1 (2 complete frames, last icount ${recs[19].icount.toLocaleString('en-US')}): no footer — the recorder was killed or crashed; ${BLOCK_HEADER_BYTES + 5} bytes from byte ${f2.offset.toLocaleString('en-US')} (an incomplete frame) were ignored`);
    expect(r.cutShortInfo).toMatchObject({ frames: 2, lastIcount: recs[19].icount, ignoredBytes: BLOCK_HEADER_BYTES + 5, ignoredAt: f2.offset });
    const none = await TraceReader.fromBytes(buf.subarray(0, full.stats().headerBytes));
    expect(none.cutShort).toBe('the recording stopped before its first frame was complete: no footer — the recorder was killed or crashed');
  });
});

describe('writer', () => {
  test('rejects records out of order, wrongly shaped, or after close', async () => {
    const file = path.join(dir, 'w.trc');
    const w = await TraceWriter.create(file, testHeader());
    w.append({ kind: 'rtc', icount: 10, millis: 1 });
    expect(() => w.append({ kind: 'rtc', icount: 9, millis: 1 })).toThrow(/icount 9 .*previous record is at icount 10/);
    expect(() => w.append({ kind: 'rtc', icount: -1, millis: 1 })).toThrow(TraceError);
    expect(() => w.append({ kind: 'rtc', icount: 1.5, millis: 1 })).toThrow(TraceError);
    expect(() => w.append({ kind: 'random', icount: 11, value: 1n << 64n })).toThrow(/bigint/);
    expect(() => w.append({ kind: 'nope', icount: 11 } as unknown as TraceRecord)).toThrow(/unknown record kind/);
    expect(() => w.append({ kind: 'console', icount: 11, bytes: 'x' } as unknown as TraceRecord)).toThrow(TraceError);
    await w.close();
    expect(() => w.append({ kind: 'rtc', icount: 11, millis: 1 })).toThrow(/closed/);
    expect([...(await TraceReader.open(file)).records()]).toEqual([{ kind: 'rtc', icount: 10, millis: 1 }]);
  });
  test('cannot create in a missing directory: TraceError', async () => {
    await expect(TraceWriter.create(path.join(dir, 'no/such/dir.trc'), testHeader())).rejects.toThrow(TraceError);
  });
});
