// TraceWriter: appends records to a trace file, one zstd frame at a time. Each frame is
// written with fs.writeSync as soon as it is complete, so a recorder killed with SIGKILL
// leaves a file whose complete frames the reader still returns (FORMAT.md "Crash safety").

import * as fs from 'node:fs';
import { type RecordKind, type TraceHeader, type TraceRecord } from './records.js';
import { describeThrown, n, TraceError } from './errors.js';
import { initZstd } from './zstd.js';
import {
  arrayHeader, emptyKinds, encodeBlock, encodeFileHeader, encodeIndex, encodeRecord, encodeTrailer,
  FOOTER_MAGIC, FRAME_MAGIC, recordProblem, type FrameEntry, type KindStat, type TraceIndex,
} from './format.js';

export interface TraceWriterOptions {
  /** Flush a frame after this many records (default 4096). */
  frameRecords?: number;
  /** Flush a frame once its encoded records reach this many bytes (default 4 MiB), so big
   *  snapshot records do not pile up in memory. */
  maxFrameBytes?: number;
}

export class TraceWriter {
  private fd: number | undefined;
  private offset = 0;
  private readonly frameRecords: number;
  private readonly maxFrameBytes: number;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private first = 0;
  private last = 0;
  private lastIcount = 0;
  private readonly index: TraceIndex = { frames: [], checkpoints: [], snapshots: [], kinds: emptyKinds() };
  private closed = false;

  private constructor(readonly path: string, fd: number, opts: TraceWriterOptions) {
    this.fd = fd;
    this.frameRecords = opts.frameRecords ?? 4096;
    this.maxFrameBytes = opts.maxFrameBytes ?? 4 << 20;
    if (!(Number.isSafeInteger(this.frameRecords) && this.frameRecords >= 1)) throw new TraceError('usage', `frameRecords must be a positive integer, not ${this.frameRecords}`);
    if (!(this.maxFrameBytes >= 1)) throw new TraceError('usage', `maxFrameBytes must be positive, not ${this.maxFrameBytes}`);
  }

  /** Create (or truncate) `path` and write the file header. */
  static async create(path: string, header: TraceHeader, opts: TraceWriterOptions = {}): Promise<TraceWriter> {
    await initZstd();
    let fd: number;
    try {
      fd = fs.openSync(path, 'w');
    } catch (e) {
      throw new TraceError('io', `cannot create trace ${path}: ${describeThrown(e)}`);
    }
    const w = new TraceWriter(path, fd, opts);
    w.write(encodeFileHeader(header));
    return w;
  }

  /** Bytes written to the file so far (the current partial frame is not yet among them). */
  get bytesWritten(): number {
    return this.offset;
  }
  /** Complete frames written so far. */
  get framesWritten(): number {
    return this.index.frames.length;
  }
  /** Records written to the file so far (in complete frames). */
  get recordsWritten(): number {
    return this.index.frames.reduce((s, f) => s + f.records, 0);
  }
  /** Records appended but not yet written (the current frame). */
  get pendingRecords(): number {
    return this.parts.length;
  }
  /** Records and encoded bytes per kind, of everything appended. */
  get counts(): Readonly<Record<RecordKind, KindStat>> {
    return this.index.kinds;
  }

  append(rec: TraceRecord): void {
    if (this.closed) throw new TraceError('usage', `cannot append to trace ${this.path}: it is closed`);
    const p = recordProblem(rec);
    if (p) throw new TraceError('usage', `cannot append a ${String(rec?.kind)} record to ${this.path}: ${p}`);
    const total = this.index.frames.length || this.parts.length;
    if (total && rec.icount < this.lastIcount) {
      throw new TraceError('order', `cannot append a ${rec.kind} record at icount ${n(rec.icount)} to ${this.path}: the previous record is at icount ${n(this.lastIcount)} (records must be in icount order)`);
    }
    if (this.parts.length === 0) this.first = rec.icount;
    const bytes = encodeRecord(rec, this.parts.length === 0 ? 0 : rec.icount - this.last);
    this.parts.push(bytes);
    this.partBytes += bytes.length;
    this.last = this.lastIcount = rec.icount;
    const k = this.index.kinds[rec.kind];
    k.count++;
    k.bytes += bytes.length;
    if (rec.kind === 'checkpoint') this.index.checkpoints.push({ icount: rec.icount, hash: rec.hash });
    // The current frame will start at this.offset: nothing else is written before it.
    if (rec.kind === 'snapshot') this.index.snapshots.push({ icount: rec.icount, full: rec.full, frameOffset: this.offset });
    if (this.parts.length >= this.frameRecords || this.partBytes >= this.maxFrameBytes) this.flush();
  }

  /** Write the current partial frame now (a no-op when it is empty). */
  flush(): void {
    if (this.parts.length === 0 || this.fd === undefined) return;
    const raw = Buffer.concat([arrayHeader(this.parts.length), ...this.parts]);
    const block = encodeBlock(FRAME_MAGIC, raw, this.parts.length, this.first, this.last);
    const entry: FrameEntry = { offset: this.offset, bytes: block.length, firstIcount: this.first, lastIcount: this.last, records: this.parts.length };
    this.write(block);
    this.index.frames.push(entry);
    this.parts = [];
    this.partBytes = 0;
  }

  /** Flush, write the footer index and the trailer, close the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    const frames = this.index.frames;
    const raw = encodeIndex(this.index);
    const footerOffset = this.offset;
    const first = frames.length ? frames[0].firstIcount : 0;
    const last = frames.length ? frames[frames.length - 1].lastIcount : 0;
    // Footer and trailer in one write: a kill between them would cost nothing anyway.
    this.write(Buffer.concat([encodeBlock(FOOTER_MAGIC, raw, frames.length, first, last), encodeTrailer(footerOffset)]));
    const fd = this.fd!;
    this.fd = undefined;
    try {
      fs.closeSync(fd);
    } catch (e) {
      throw new TraceError('io', `cannot close trace ${this.path}: ${describeThrown(e)}`);
    }
  }

  private write(b: Uint8Array): void {
    let done = 0;
    try {
      while (done < b.length) done += fs.writeSync(this.fd!, b, done, b.length - done);
    } catch (e) {
      throw new TraceError('io', `cannot write trace ${this.path} at byte ${n(this.offset + done)}: ${describeThrown(e)}`, this.offset + done);
    }
    this.offset += b.length;
  }
}

