// TraceReader: opens a trace (complete, or cut short by a killed recorder), checks it, and
// reads its records by icount range. Every problem is a TraceError (trace/errors.ts).

import * as fs from 'node:fs';
import type { RecordKind, TraceHeader, TraceRecord } from './records.js';
import { describeThrown, n, TraceError } from './errors.js';
import { initZstd } from './zstd.js';
import {
  BLOCK_HEADER_BYTES, decodeBlockPayload, decodeIndex, decodeRecords, emptyKinds, encodeRecord, encodeTrailer,
  FILE_HEADER_FIXED, firstFrameAt, FOOTER_MAGIC, FRAME_MAGIC, parseBlockHeader, parseFileHeaderBody, parseFileHeaderFixed,
  TRAILER_BYTES, TRAILER_MAGIC, type FrameEntry, type KindStat, type SnapshotEntry, type TraceIndex,
} from './format.js';

export type { FrameEntry, KindStat, SnapshotEntry } from './format.js';
export type SnapshotRecord = Extract<TraceRecord, { kind: 'snapshot' }>;

/** Why and where a trace without a valid footer ends. */
export interface CutShortInfo {
  /** One line, as `cutShort`. */
  message: string;
  /** Complete frames in the file. */
  frames: number;
  /** Icount of the last record in a complete frame (0 if none). */
  lastIcount: number;
  /** Bytes after the last complete frame that were ignored (a partial frame or footer). */
  ignoredBytes: number;
  /** Where the ignored bytes start. */
  ignoredAt: number;
}

export interface SnapshotSeek {
  /** Icount of the last snapshot at or before the requested icount. */
  icount: number;
  snapshot: SnapshotRecord;
  /** The full snapshot it builds on, then every delta up to and including `snapshot`. */
  records: SnapshotRecord[];
  /** The same as state bytes, ready for Machine.restore. */
  chain: Uint8Array[];
}

export interface TraceStats {
  records: number;
  frames: number;
  fileBytes: number;
  /** File header bytes (magic, version, check, msgpack TraceHeader). */
  headerBytes: number;
  /** Bytes of all complete frames (compressed, with their headers). */
  frameBytes: number;
  /** Footer + trailer bytes (0 when cut short). */
  footerBytes: number;
  /** Records and encoded (msgpack, before compression) bytes per kind. */
  perKind: Record<RecordKind, KindStat>;
}

// ---------------------------------------------------------------- byte sources

interface Source {
  readonly size: number;
  read(offset: number, len: number): Uint8Array;
  /** Run f with the file held open (a FileSource otherwise opens it for every read). */
  hold<T>(f: () => T): T;
}

class BytesSource implements Source {
  constructor(private readonly buf: Uint8Array) {}
  get size(): number {
    return this.buf.length;
  }
  read(offset: number, len: number): Uint8Array {
    return this.buf.subarray(offset, offset + len);
  }
  hold<T>(f: () => T): T {
    return f();
  }
}

class FileSource implements Source {
  private fd: number | undefined;
  constructor(private readonly path: string, readonly size: number) {}
  hold<T>(f: () => T): T {
    if (this.fd !== undefined) return f();
    this.fd = this.openFd();
    try {
      return f();
    } finally {
      const fd = this.fd;
      this.fd = undefined;
      fs.closeSync(fd);
    }
  }
  private openFd(): number {
    try {
      return fs.openSync(this.path, 'r');
    } catch (e) {
      throw new TraceError('io', `cannot open trace ${this.path}: ${describeThrown(e)}`);
    }
  }
  read(offset: number, len: number): Uint8Array {
    return this.hold(() => {
      const b = Buffer.alloc(len);
      let got = 0;
      try {
        while (got < len) {
          const k = fs.readSync(this.fd!, b, got, len - got, offset + got);
          if (k === 0) break;
          got += k;
        }
      } catch (e) {
        throw new TraceError('io', `cannot read trace ${this.path} at byte ${n(offset + got)}: ${describeThrown(e)}`, offset + got);
      }
      if (got < len) throw new TraceError('truncated', `trace ${this.path} became shorter while being read (byte ${n(offset + got)}): do not modify a trace while reading it`, offset + got);
      return b;
    });
  }
}

// ---------------------------------------------------------------- the reader

export class TraceReader {
  /** Footer present and valid. */
  readonly complete: boolean;
  /** When not complete: one line saying where and why the recording stopped. */
  readonly cutShort: string | undefined;
  readonly cutShortInfo: CutShortInfo | undefined;

  private constructor(
    private readonly src: Source,
    readonly header: TraceHeader,
    private readonly dataStart: number,
    private readonly index: TraceIndex,
    private readonly footerBytes: number,
    cut: CutShortInfo | undefined,
  ) {
    this.complete = cut === undefined;
    this.cutShort = cut?.message;
    this.cutShortInfo = cut;
  }

  static async open(path: string): Promise<TraceReader> {
    await loadZstd();
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      throw new TraceError('io', code === 'ENOENT' ? `cannot open trace ${path}: no such file: check the path` : `cannot open trace ${path}: ${describeThrown(e)}`);
    }
    if (!st.isFile()) throw new TraceError('io', `cannot open trace ${path}: it is not a regular file: give the file written by "pseries-rr record -o"`);
    const src = new FileSource(path, st.size);
    return src.hold(() => TraceReader.load(src));
  }

  static async fromBytes(buf: Uint8Array): Promise<TraceReader> {
    await loadZstd();
    return TraceReader.load(new BytesSource(buf));
  }

  private static load(src: Source): TraceReader {
    const size = src.size;
    const fixed = src.read(0, Math.min(FILE_HEADER_FIXED, size));
    const { bodyLen } = parseFileHeaderFixed(fixed, size);
    const header = parseFileHeaderBody(fixed, src.read(FILE_HEADER_FIXED, bodyLen));
    const dataStart = FILE_HEADER_FIXED + bodyLen;
    if (size >= dataStart + TRAILER_BYTES && Buffer.compare(src.read(size - 8, 8), TRAILER_MAGIC) === 0) {
      const { index, footerBytes } = readFooter(src, dataStart);
      return new TraceReader(src, header, dataStart, index, footerBytes, undefined);
    }
    const { index, cut } = scan(src, dataStart);
    return new TraceReader(src, header, dataStart, index, 0, cut);
  }

  /** The frames (index entries), in file order. */
  get frames(): readonly FrameEntry[] {
    return this.index.frames;
  }

  /** Records with fromIcount ≤ icount ≤ toIcount (both inclusive), in trace order. Reads only
   *  the frames that can hold them. */
  *records(fromIcount = 0, toIcount = Infinity): Generator<TraceRecord> {
    const frames = this.index.frames;
    for (let i = firstFrameAt(frames, fromIcount); i < frames.length && frames[i].firstIcount <= toIcount; i++) {
      for (const r of this.readFrame(i)) if (r.icount >= fromIcount && r.icount <= toIcount) yield r;
    }
  }

  /** The records of frame i, checked against the index. */
  readFrame(i: number): TraceRecord[] {
    const f = this.index.frames[i];
    if (!f) throw new TraceError('usage', `there is no frame ${i} (the trace has ${this.index.frames.length})`);
    const b = this.src.read(f.offset, f.bytes);
    const what = `frame ${i}`;
    const bh = parseBlockHeader(b.subarray(0, BLOCK_HEADER_BYTES), f.offset, f.bytes - BLOCK_HEADER_BYTES, what, i);
    const magic = Buffer.from(b.subarray(0, 4)).toString('latin1');
    if (magic !== FRAME_MAGIC || bh.payloadLen !== f.bytes - BLOCK_HEADER_BYTES || bh.count !== f.records || bh.first !== f.firstIcount || bh.last !== f.lastIcount) {
      throw new TraceError('shape', `${what} at byte ${n(f.offset)} does not match the footer index: the file is damaged; re-record, or use an intact copy of the file`, f.offset, i);
    }
    const raw = decodeBlockPayload(bh, b.subarray(BLOCK_HEADER_BYTES), f.offset, what, i);
    return decodeRecords(raw, bh, f.offset, i);
  }

  /** Every checkpoint (icount, state hash), in order. */
  checkpoints(): { icount: number; hash: string }[] {
    return this.index.checkpoints.map((c) => ({ ...c }));
  }

  /** Where the snapshot records are (icount, full, frame offset), in order. */
  snapshots(): SnapshotEntry[] {
    return this.index.snapshots.map((s) => ({ ...s }));
  }

  stats(): TraceStats {
    const perKind = emptyKinds();
    for (const [k, v] of Object.entries(this.index.kinds) as [RecordKind, KindStat][]) perKind[k] = { ...v };
    const frameBytes = this.index.frames.reduce((s, f) => s + f.bytes, 0);
    return {
      records: this.index.frames.reduce((s, f) => s + f.records, 0),
      frames: this.index.frames.length,
      fileBytes: this.src.size,
      headerBytes: this.dataStart,
      frameBytes,
      footerBytes: this.footerBytes,
      perKind,
    };
  }

  /** The last snapshot at or before `icount` with the chain (full snapshot first) a seek
   *  restores; undefined if there is none with a full snapshot before it. */
  snapshotBefore(icount: number): SnapshotSeek | undefined {
    const snaps = this.index.snapshots;
    let target = -1;
    for (let i = 0; i < snaps.length && snaps[i].icount <= icount; i++) target = i;
    let full = target;
    while (full >= 0 && !snaps[full].full) full--;
    if (full < 0) return undefined;
    const frames = this.index.frames;
    const startFrame = frames.findIndex((f) => f.offset === snaps[full].frameOffset);
    let ordinal = snaps.findIndex((s) => s.frameOffset === snaps[full].frameOffset);
    const out: SnapshotRecord[] = [];
    for (let i = startFrame; i >= 0 && i < frames.length && ordinal <= target; i++) {
      for (const r of this.readFrame(i)) {
        if (r.kind !== 'snapshot') continue;
        const e = snaps[ordinal];
        if (!e || e.icount !== r.icount || e.full !== r.full || e.frameOffset !== frames[i].offset) {
          throw new TraceError('shape', `snapshot ${ordinal} in frame ${i} at byte ${n(frames[i].offset)} does not match the index: the file is damaged; re-record, or use an intact copy of the file`, frames[i].offset, i);
        }
        if (ordinal >= full && ordinal <= target) out.push(r);
        ordinal++;
      }
    }
    if (out.length !== target - full + 1) throw new TraceError('shape', `the snapshots the index lists before icount ${n(icount)} are not all in the frames: the file is damaged; re-record`);
    return { icount: out[out.length - 1].icount, snapshot: out[out.length - 1], records: out, chain: out.map((r) => r.state) };
  }
}

async function loadZstd(): Promise<void> {
  try {
    await initZstd();
  } catch (e) {
    throw new TraceError('io', `cannot load the zstd decompressor (${describeThrown(e)}): reinstall pseries-rr`);
  }
}

// ---------------------------------------------------------------- footer and scanning

function readFooter(src: Source, dataStart: number): { index: TraceIndex; footerBytes: number } {
  const size = src.size;
  const at = size - TRAILER_BYTES;
  const off = Number(Buffer.from(src.read(at, 8)).readBigUInt64LE(0));
  const hint = 'the file is damaged; re-record, or use an intact copy of the file';
  if (!Number.isSafeInteger(off) || off < dataStart || off + BLOCK_HEADER_BYTES > at) {
    throw new TraceError('checksum', `the trailer at byte ${n(at)} points to byte ${n(off)}, where no footer can be: ${hint}`, at);
  }
  const hb = src.read(off, BLOCK_HEADER_BYTES);
  if (Buffer.from(hb.subarray(0, 4)).toString('latin1') !== FOOTER_MAGIC) {
    throw new TraceError('checksum', `the trailer at byte ${n(at)} points to byte ${n(off)}, where there is no footer: ${hint}`, off);
  }
  const bh = parseBlockHeader(hb, off, at - off - BLOCK_HEADER_BYTES, 'the footer');
  if (bh.payloadLen !== at - off - BLOCK_HEADER_BYTES) {
    throw new TraceError('shape', `the footer at byte ${n(off)} does not end where the trailer starts (byte ${n(at)}): ${hint}`, off);
  }
  const raw = decodeBlockPayload(bh, src.read(off + BLOCK_HEADER_BYTES, bh.payloadLen), off, 'the footer');
  const index = decodeIndex(raw, off, dataStart, off);
  if (bh.count !== index.frames.length) throw new TraceError('shape', `the footer at byte ${n(off)} lists ${index.frames.length} frames, its header says ${bh.count}: ${hint}`, off);
  return { index, footerBytes: size - off };
}

/** No valid trailer: walk the frames from the start, decoding (and so checking) each one. */
function scan(src: Source, dataStart: number): { index: TraceIndex; cut: CutShortInfo } {
  const size = src.size;
  const index: TraceIndex = { frames: [], checkpoints: [], snapshots: [], kinds: emptyKinds() };
  let off = dataStart;
  let lastIcount = 0;
  const stop = (why: string, ignoredBytes: number, partial: 'frame' | 'footer' = 'frame'): { index: TraceIndex; cut: CutShortInfo } => {
    const k = index.frames.length;
    const where = k === 0 ? 'the recording stopped before its first frame was complete' : `the recording stopped after frame ${k - 1} (${n(k)} complete frame${k === 1 ? '' : 's'}, last icount ${n(lastIcount)})`;
    const ignored = ignoredBytes ? `; ${n(ignoredBytes)} bytes from byte ${n(off)} (an incomplete ${partial}) were ignored` : '';
    return { index, cut: { message: `${where}: ${why}${ignored}`, frames: k, lastIcount, ignoredBytes, ignoredAt: off } };
  };
  const killed = 'no footer — the recorder was killed or crashed';
  for (;;) {
    const frame = index.frames.length;
    const rem = size - off;
    if (rem === 0) return stop(killed, 0);
    const hb = src.read(off, Math.min(BLOCK_HEADER_BYTES, rem));
    const magic = Buffer.from(hb.subarray(0, Math.min(4, rem))).toString('latin1');
    const isFrame = FRAME_MAGIC.startsWith(magic);
    const isFooter = FOOTER_MAGIC.startsWith(magic);
    if (!isFrame && !isFooter) {
      throw new TraceError('checksum', `unexpected bytes at byte ${n(off)} where frame ${frame} or the footer should start: the file is damaged; re-record, or use an intact copy of the file`, off, frame);
    }
    if (rem < BLOCK_HEADER_BYTES) return isFooter && !isFrame ? stop('it was killed while writing its footer', rem, 'footer') : stop(killed, rem);
    const what = magic === FOOTER_MAGIC ? 'the footer' : `frame ${frame}`;
    let bh;
    try {
      bh = parseBlockHeader(hb, off, rem - BLOCK_HEADER_BYTES, what, frame);
    } catch (e) {
      if (e instanceof TraceError && e.code === 'truncated') return magic === FOOTER_MAGIC ? stop('it was killed while writing its footer', rem, 'footer') : stop(killed, rem);
      throw e;
    }
    const end = off + BLOCK_HEADER_BYTES + bh.payloadLen;
    const raw = decodeBlockPayload(bh, src.read(off + BLOCK_HEADER_BYTES, bh.payloadLen), off, what, frame);
    if (magic === FOOTER_MAGIC) {
      // A complete footer but no valid trailer: killed while writing the trailer, or the
      // trailer is damaged.
      const tail = Buffer.from(src.read(end, size - end));
      if (tail.length < TRAILER_BYTES && Buffer.compare(tail, encodeTrailer(off).subarray(0, tail.length)) === 0) {
        return stop('it was killed while writing its trailer', size - off, 'footer');
      }
      throw new TraceError('checksum', `the trailer after the footer at byte ${n(off)} is damaged: re-record, or use an intact copy of the file`, end);
    }
    if (bh.first < lastIcount) {
      throw new TraceError('order', `frame ${frame} at byte ${n(off)} starts at icount ${n(bh.first)}, before the previous frame's last icount ${n(lastIcount)}: the writer was faulty; re-record`, off, frame);
    }
    const recs = decodeRecords(raw, bh, off, frame);
    let prev = bh.first;
    for (const r of recs) {
      const k = index.kinds[r.kind];
      k.count++;
      k.bytes += encodeRecord(r, r.icount - prev).length;
      prev = r.icount;
      if (r.kind === 'checkpoint') index.checkpoints.push({ icount: r.icount, hash: r.hash });
      else if (r.kind === 'snapshot') index.snapshots.push({ icount: r.icount, full: r.full, frameOffset: off });
    }
    index.frames.push({ offset: off, bytes: end - off, firstIcount: bh.first, lastIcount: bh.last, records: recs.length });
    lastIcount = bh.last;
    off = end;
  }
}
