// The trace file format, byte by byte (trace/FORMAT.md is the prose version of this file).
//
//   file    = file header | frame* | footer | trailer
//   header  = "PSRRTRC\0" | u32 version | u32 body length | 8-byte check | msgpack TraceHeader
//   frame   = block "PSFR" holding a msgpack array of records
//   footer  = block "PSFT" holding the msgpack index
//   trailer = u64 footer offset | "PSRREND\0"
//   block   = 60-byte block header | chunk table | zstd chunks (each ≤ 1 MiB uncompressed)
//
// All integers are little-endian. A "check" is the first 8 bytes of the SHA-256 of what it
// covers. Everything here is synchronous and throws only TraceError.

import { createHash } from 'node:crypto';
import { Packr, Unpackr } from 'msgpackr';
import { RECORD_KINDS, type RecordKind, type TraceHeader, type TraceRecord } from './records.js';
import { describeThrown, n, TraceError } from './errors.js';
import { ZSTD_CHUNK_MAX, zstdCompress, zstdDecompress } from './zstd.js';

// ---------------------------------------------------------------- constants

export const FILE_MAGIC = Buffer.from('PSRRTRC\0', 'latin1');
/** The format version this code writes, and the newest it reads. */
export const FORMAT_VERSION = 1;
/** Magic, version, body length, check: frozen for every format version. */
export const FILE_HEADER_FIXED = 24;
export const MAX_HEADER_BODY = 1 << 20;
export const FRAME_MAGIC = 'PSFR';
export const FOOTER_MAGIC = 'PSFT';
export const BLOCK_HEADER_BYTES = 60;
export const TRAILER_MAGIC = Buffer.from('PSRREND\0', 'latin1');
export const TRAILER_BYTES = 16;
export const CHUNK_RAW_MAX = ZSTD_CHUNK_MAX;

/** Record kind codes (the first element of every encoded record). */
export const KIND_CODE: Readonly<Record<RecordKind, number>> = {
  console: 1, random: 2, rtc: 3, rngseed: 4, interrupt: 5, checkpoint: 6, snapshot: 7, end: 8,
};
const CODE_KIND: (RecordKind | undefined)[] = [];
for (const k of RECORD_KINDS) CODE_KIND[KIND_CODE[k]] = k;

const HINT_DAMAGED = 're-record, or use an intact copy of the file';

export function check8(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest().subarray(0, 8);
}

function eq(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

const packr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' } as ConstructorParameters<typeof Unpackr>[0]);

function pack(v: unknown): Buffer {
  return Buffer.from(packr.pack(v)); // a copy: msgpackr hands out views of its reused buffer
}

function unpack(raw: Uint8Array, where: string, offset: number, frame?: number): unknown {
  try {
    return unpackr.unpack(raw);
  } catch (e) {
    throw new TraceError('msgpack', `${where} at byte ${n(offset)} does not decode as msgpack (${describeThrown(e).slice(0, 60)}) although its checksums match: the writer was faulty; re-record`, offset, frame);
  }
}

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isBytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array;
const HEX64 = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------- file header

export function encodeFileHeader(h: TraceHeader, version = FORMAT_VERSION): Buffer {
  return frameFileHeader(FILE_MAGIC, version, pack({ ...h, formatVersion: version }));
}

/** The fixed 24 bytes every pseries-rr file starts with (magic, u32 version, u32 body length,
 *  check8 of both) followed by the header body. */
export function frameFileHeader(magic: Buffer, version: number, body: Uint8Array): Buffer {
  const fixed = Buffer.alloc(FILE_HEADER_FIXED);
  magic.copy(fixed, 0);
  fixed.writeUInt32LE(version, 8);
  fixed.writeUInt32LE(body.length, 12);
  check8(fixed.subarray(0, 16), body).copy(fixed, 16);
  return Buffer.concat([fixed, body]);
}

/** Index of the first frame whose last icount is ≥ `icount` (frames are in icount order);
 *  frames.length if none. */
export function firstFrameAt(frames: readonly { lastIcount: number }[], icount: number): number {
  let lo = 0, hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid].lastIcount < icount) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Parse the fixed part; returns the body length. `size` is the whole file's size. */
export function parseFileHeaderFixed(fixed: Uint8Array, size: number): { version: number; bodyLen: number } {
  const b = Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  const m = Math.min(8, b.length);
  if (!eq(b.subarray(0, m), FILE_MAGIC.subarray(0, m)) || b.length === 0) {
    throw new TraceError('not-a-trace', `not a pseries-rr trace (bad magic at byte 0${b.length ? `: ${JSON.stringify(b.subarray(0, m).toString('latin1'))}` : ': the file is empty'}): give the file written by "pseries-rr record -o"`, 0);
  }
  if (b.length < FILE_HEADER_FIXED) throw new TraceError('truncated', `the trace is truncated inside its header (only ${b.length} of at least ${FILE_HEADER_FIXED} bytes): re-record`, b.length);
  const version = b.readUInt32LE(8);
  const bodyLen = b.readUInt32LE(12);
  if (bodyLen > MAX_HEADER_BODY || FILE_HEADER_FIXED + bodyLen > size) {
    throw new TraceError('truncated', `the trace header claims ${n(bodyLen)} bytes but the file has ${n(Math.max(0, size - FILE_HEADER_FIXED))} after byte ${FILE_HEADER_FIXED}: the file is truncated or its header damaged; ${HINT_DAMAGED}`, 12);
  }
  return { version, bodyLen };
}

export function parseFileHeaderBody(fixed: Uint8Array, body: Uint8Array): TraceHeader {
  const b = Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  if (!eq(check8(b.subarray(0, 16), body), b.subarray(16, 24))) {
    throw new TraceError('checksum', `the trace header (bytes 0..${n(FILE_HEADER_FIXED + body.length)}) is damaged (checksum mismatch): ${HINT_DAMAGED}`, 16);
  }
  const version = b.readUInt32LE(8);
  if (version > FORMAT_VERSION) {
    throw new TraceError('newer-version', `trace format version ${version} is newer than this pseries-rr understands (max ${FORMAT_VERSION}): upgrade pseries-rr`, 8);
  }
  if (version < 1) throw new TraceError('shape', `trace format version ${version} does not exist (versions start at 1): the file was not written by pseries-rr`, 8);
  const h = unpack(body, 'the trace header', FILE_HEADER_FIXED);
  const p = headerProblem(h, version);
  if (p) throw new TraceError('shape', `the trace header (byte ${FILE_HEADER_FIXED}) has the wrong shape: ${p}; the writer was faulty, re-record`, FILE_HEADER_FIXED);
  return h as TraceHeader;
}

function headerProblem(h: unknown, version: number): string | undefined {
  if (!isObj(h)) return 'not a map';
  if (h.formatVersion !== version) return `formatVersion ${String(h.formatVersion)} differs from the file's ${version}`;
  for (const k of ['engineVersion', 'engineCommit', 'fdtSha256'] as const) if (typeof h[k] !== 'string') return `${k} is not a string`;
  for (const k of ['checkpointInterval', 'snapshotInterval'] as const) if (!isCount(h[k])) return `${k} is not a non-negative integer`;
  const c = h.config;
  if (!isObj(c)) return 'config is not a map';
  if (!isCount(c.ramBytes)) return 'config.ramBytes is not a non-negative integer';
  if (typeof c.cpu !== 'string') return 'config.cpu is not a string';
  if (c.append !== undefined && typeof c.append !== 'string') return 'config.append is not a string';
  if (typeof c.tbTicksPerInsn !== 'number' || !Number.isFinite(c.tbTicksPerInsn)) return 'config.tbTicksPerInsn is not a number';
  if (c.unassigned !== 'machine-check' && c.unassigned !== 'ignore') return 'config.unassigned is neither "machine-check" nor "ignore"';
  if (typeof c.rng !== 'boolean') return 'config.rng is not a boolean';
  const im = h.images;
  if (!isObj(im)) return 'images is not a map';
  for (const k of ['bios', 'kernel', 'initrd'] as const) {
    const r = im[k];
    if (r === undefined) continue;
    if (!isObj(r) || typeof r.path !== 'string' || !isCount(r.size) || typeof r.sha256 !== 'string') return `images.${k} is not {path, size, sha256}`;
  }
  return undefined;
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

// ---------------------------------------------------------------- records

/** Why a record cannot be written, or undefined when it is well formed. */
export function recordProblem(r: TraceRecord): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object';
  if (!(r.kind in KIND_CODE)) return `unknown record kind ${JSON.stringify(r.kind)}`;
  if (!isCount(r.icount)) return `icount ${String(r.icount)} is not a non-negative safe integer`;
  switch (r.kind) {
    case 'console':
    case 'rngseed':
      return isBytes(r.bytes) ? undefined : 'bytes is not a Uint8Array';
    case 'random':
      return typeof r.value === 'bigint' && r.value >= 0n && r.value < 1n << 64n ? undefined : 'value is not a bigint in 0..2^64-1';
    case 'rtc':
      return typeof r.millis === 'number' && Number.isFinite(r.millis) ? undefined : 'millis is not a finite number';
    case 'interrupt':
      return isCount(r.vector) ? undefined : 'vector is not a non-negative integer';
    case 'checkpoint':
      return typeof r.hash === 'string' ? undefined : 'hash is not a string';
    case 'snapshot':
      return typeof r.full === 'boolean' && isBytes(r.state) ? undefined : 'full is not a boolean or state not a Uint8Array';
    case 'end':
      return typeof r.hash === 'string' && typeof r.reason === 'string' ? undefined : 'hash or reason is not a string';
  }
}

function encHash(h: string): string | Buffer {
  return HEX64.test(h) ? Buffer.from(h, 'hex') : h;
}
function decHash(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (isBytes(x) && x.length === 32) return Buffer.from(x).toString('hex');
  return undefined;
}

/** msgpack of one record: [kindCode, icount - previous icount, ...payload]. */
export function encodeRecord(r: TraceRecord, delta: number): Buffer {
  const c = KIND_CODE[r.kind];
  switch (r.kind) {
    case 'console':
    case 'rngseed':
      return pack([c, delta, r.bytes]);
    case 'random': {
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(r.value);
      return pack([c, delta, b]);
    }
    case 'rtc':
      return pack([c, delta, r.millis]);
    case 'interrupt':
      return pack([c, delta, r.vector]);
    case 'checkpoint':
      return pack([c, delta, encHash(r.hash)]);
    case 'snapshot':
      return pack([c, delta, r.full, r.state]);
    case 'end':
      return pack([c, delta, encHash(r.hash), r.reason]);
  }
}

/** msgpack array header for n elements. */
export function arrayHeader(count: number): Buffer {
  if (count < 16) return Buffer.from([0x90 | count]);
  if (count < 0x10000) return Buffer.from([0xdc, count >> 8, count & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0xdd;
  b.writeUInt32BE(count, 1);
  return b;
}

/** A record from its decoded array, or a reason it is wrongly shaped. */
function decodeRecord(a: unknown, icount: number): TraceRecord | string {
  if (!Array.isArray(a)) return 'is not an array';
  const kind = CODE_KIND[a[0] as number];
  if (typeof a[0] !== 'number' || kind === undefined) return `has unknown kind code ${JSON.stringify(a[0])?.slice(0, 20)}`;
  const want = kind === 'snapshot' || kind === 'end' ? 4 : 3;
  if (a.length !== want) return `(${kind}) has ${a.length} fields instead of ${want}`;
  const bad = (what: string) => `(${kind}) has ${what}`;
  switch (kind) {
    case 'console':
    case 'rngseed':
      return isBytes(a[2]) ? { kind, icount, bytes: new Uint8Array(a[2]) } : bad('no bytes');
    case 'random':
      return isBytes(a[2]) && a[2].length === 8 ? { kind, icount, value: Buffer.from(a[2]).readBigUInt64BE(0) } : bad('no 8-byte value');
    case 'rtc':
      return typeof a[2] === 'number' && Number.isFinite(a[2]) ? { kind, icount, millis: a[2] } : bad('no millisecond count');
    case 'interrupt':
      return isCount(a[2]) ? { kind, icount, vector: a[2] } : bad('no vector');
    case 'checkpoint': {
      const hash = decHash(a[2]);
      return hash !== undefined ? { kind, icount, hash } : bad('no hash');
    }
    case 'snapshot':
      return typeof a[2] === 'boolean' && isBytes(a[3]) ? { kind, icount, full: a[2], state: new Uint8Array(a[3]) } : bad('no full flag or state');
    case 'end': {
      const hash = decHash(a[2]);
      return hash !== undefined && typeof a[3] === 'string' ? { kind, icount, hash, reason: a[3] } : bad('no hash or reason');
    }
  }
}

/** Decode and check a frame's records (count, kinds, shapes, icounts against its header). */
export function decodeRecords(raw: Uint8Array, bh: BlockHeader, offset: number, frame: number): TraceRecord[] {
  const where = `frame ${frame}`;
  const v = unpack(raw, where, offset, frame);
  const shape = (what: string) => new TraceError('shape', `${where} at byte ${n(offset)} ${what} although its checksums match: the writer was faulty; re-record`, offset, frame);
  if (!Array.isArray(v)) throw shape('does not hold an array of records');
  if (v.length !== bh.count) throw shape(`holds ${v.length} records, its header says ${bh.count}`);
  if (v.length === 0) throw shape('holds no records');
  const out: TraceRecord[] = [];
  let icount = bh.first;
  for (let i = 0; i < v.length; i++) {
    const a = v[i] as unknown;
    if (!Array.isArray(a)) throw shape(`has record ${i} that is not an array`);
    const d = a[1] as unknown;
    if (!isCount(d)) {
      const order = typeof d === 'number' && d < 0;
      throw new TraceError(order ? 'order' : 'shape', `record ${i} of ${where} at byte ${n(offset)} ${order ? 'goes back in icount' : 'has no valid icount'}: the writer was faulty; re-record`, offset, frame);
    }
    icount += d as number;
    if (!Number.isSafeInteger(icount)) throw shape(`has record ${i} with an icount past 2^53`);
    const r = decodeRecord(a, icount);
    if (typeof r === 'string') throw shape(`has record ${i} that ${r}`);
    out.push(r);
  }
  if (out.length && icount !== bh.last) throw shape(`ends at icount ${n(icount)}, its header says ${n(bh.last)}`);
  return out;
}

// ---------------------------------------------------------------- blocks (frames, footer)

export interface BlockHeader {
  magic: string;
  /** Bytes after the 60-byte block header: chunk table + compressed chunks. */
  payloadLen: number;
  rawLen: number;
  count: number;
  first: number;
  last: number;
  chunks: number;
  payloadCheck: Buffer;
  rawCheck: Buffer;
}

/** A whole block: header, chunk table, zstd chunks of `raw`. */
export function encodeBlock(magic: string, raw: Uint8Array, count: number, first: number, last: number): Buffer {
  const parts: Uint8Array[] = [];
  const chunks = Math.max(1, Math.ceil(raw.length / CHUNK_RAW_MAX));
  const table = Buffer.alloc(8 * chunks);
  for (let i = 0; i < chunks; i++) {
    const piece = raw.subarray(i * CHUNK_RAW_MAX, Math.min(raw.length, (i + 1) * CHUNK_RAW_MAX));
    const c = zstdCompress(piece);
    table.writeUInt32LE(c.length, 8 * i);
    table.writeUInt32LE(piece.length, 8 * i + 4);
    parts.push(c);
  }
  const payload = Buffer.concat([table, ...parts]);
  const h = Buffer.alloc(BLOCK_HEADER_BYTES);
  h.write(magic, 0, 'latin1');
  h.writeUInt32LE(payload.length, 4);
  h.writeUInt32LE(raw.length, 8);
  h.writeUInt32LE(count, 12);
  h.writeBigUInt64LE(BigInt(first), 16);
  h.writeBigUInt64LE(BigInt(last), 24);
  h.writeUInt32LE(chunks, 32);
  check8(payload).copy(h, 36);
  check8(raw).copy(h, 44);
  check8(h.subarray(0, 52)).copy(h, 52);
  return Buffer.concat([h, payload]);
}

/** Parse and check a block header (60 bytes) found at `offset`; `remaining` bytes follow it
 *  in the file. Bounds every length by the file. */
export function parseBlockHeader(hb: Uint8Array, offset: number, remaining: number, what: string, frame?: number): BlockHeader {
  const h = Buffer.from(hb.buffer, hb.byteOffset, hb.byteLength);
  if (!eq(check8(h.subarray(0, 52)), h.subarray(52, 60))) {
    throw new TraceError('checksum', `${what} at byte ${n(offset)} is damaged (its header checksum does not match): ${HINT_DAMAGED}`, offset, frame);
  }
  const bad = (why: string) => new TraceError('shape', `${what} at byte ${n(offset)} has an impossible header (${why}) although its checksum matches: the writer was faulty; re-record`, offset, frame);
  const payloadLen = h.readUInt32LE(4);
  const rawLen = h.readUInt32LE(8);
  const count = h.readUInt32LE(12);
  const first = Number(h.readBigUInt64LE(16));
  const last = Number(h.readBigUInt64LE(24));
  const chunks = h.readUInt32LE(32);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) throw bad('icount past 2^53');
  if (first > last) throw bad(`first icount ${n(first)} after last ${n(last)}`);
  if (chunks < 1 || 8 * chunks > payloadLen) throw bad(`${chunks} chunks in ${payloadLen} bytes`);
  if (rawLen < 1 || rawLen > chunks * CHUNK_RAW_MAX) throw bad(`${n(rawLen)} bytes uncompressed in ${chunks} chunks`);
  if (payloadLen > remaining) {
    throw new TraceError('truncated', `${what} at byte ${n(offset)} needs ${n(payloadLen)} bytes but the file has ${n(remaining)} after its header: the file is truncated; ${HINT_DAMAGED}`, offset, frame);
  }
  return { magic: h.toString('latin1', 0, 4), payloadLen, rawLen, count, first, last, chunks, payloadCheck: h.subarray(36, 44), rawCheck: h.subarray(44, 52) };
}

/** Check and decompress a block's payload (chunk table + chunks) into its raw bytes. */
export function decodeBlockPayload(bh: BlockHeader, payload: Uint8Array, offset: number, what: string, frame?: number): Uint8Array {
  if (!eq(check8(payload), bh.payloadCheck)) {
    throw new TraceError('checksum', `${what} at byte ${n(offset)} is damaged (checksum mismatch in its ${n(payload.length)} compressed bytes): ${HINT_DAMAGED}`, offset, frame);
  }
  const p = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const raw = Buffer.alloc(bh.rawLen);
  let at = 8 * bh.chunks;
  let rawAt = 0;
  for (let i = 0; i < bh.chunks; i++) {
    const cl = p.readUInt32LE(8 * i);
    const rl = p.readUInt32LE(8 * i + 4);
    if (cl < 1 || at + cl > p.length || rl < 1 || rl > CHUNK_RAW_MAX || rawAt + rl > raw.length) {
      throw new TraceError('shape', `${what} at byte ${n(offset)} has an impossible chunk table (chunk ${i}) although its checksum matches: the writer was faulty; re-record`, offset, frame);
    }
    let out: Uint8Array;
    try {
      out = zstdDecompress(p.subarray(at, at + cl), rl);
    } catch (e) {
      throw new TraceError('zstd', `${what} at byte ${n(offset)}: zstd cannot decompress chunk ${i} (${describeThrown(e)}) although its checksum matches: the writer was faulty; re-record`, offset, frame);
    }
    raw.set(out, rawAt);
    at += cl;
    rawAt += rl;
  }
  if (at !== p.length || rawAt !== raw.length) {
    throw new TraceError('shape', `${what} at byte ${n(offset)}: its chunks do not add up to its header's sizes although its checksum matches: the writer was faulty; re-record`, offset, frame);
  }
  if (!eq(check8(raw), bh.rawCheck)) {
    throw new TraceError('zstd', `${what} at byte ${n(offset)} decompresses to the wrong bytes (checksum mismatch after zstd): the writer or zstd was faulty; re-record`, offset, frame);
  }
  return raw;
}

// ---------------------------------------------------------------- footer index

export interface FrameEntry {
  /** Byte offset of the frame's header in the file. */
  offset: number;
  /** Whole frame size in bytes (header + chunk table + chunks). */
  bytes: number;
  firstIcount: number;
  lastIcount: number;
  records: number;
}
export interface SnapshotEntry {
  icount: number;
  full: boolean;
  /** Offset of the frame holding the snapshot record. */
  frameOffset: number;
}
export interface KindStat {
  count: number;
  /** Encoded (msgpack, uncompressed) bytes of the records of this kind. */
  bytes: number;
}
export interface TraceIndex {
  frames: FrameEntry[];
  checkpoints: { icount: number; hash: string }[];
  snapshots: SnapshotEntry[];
  kinds: Record<RecordKind, KindStat>;
}

export function emptyKinds(): Record<RecordKind, KindStat> {
  return Object.fromEntries(RECORD_KINDS.map((k) => [k, { count: 0, bytes: 0 }])) as Record<RecordKind, KindStat>;
}

export function encodeIndex(ix: TraceIndex): Buffer {
  return pack([
    ix.frames.map((f) => [f.offset, f.bytes, f.firstIcount, f.lastIcount, f.records]),
    ix.checkpoints.map((c) => [c.icount, encHash(c.hash)]),
    ix.snapshots.map((s) => [s.icount, s.full, s.frameOffset]),
    RECORD_KINDS.map((k) => [ix.kinds[k].count, ix.kinds[k].bytes]),
  ]);
}

/** Decode the footer index and check it against the file: frames contiguous from `dataStart`
 *  to `footerOffset`, icounts ordered, counts consistent. */
export function decodeIndex(raw: Uint8Array, offset: number, dataStart: number, footerOffset: number): TraceIndex {
  const v = unpack(raw, 'the footer', offset);
  const bad = (why: string) => new TraceError('shape', `the footer at byte ${n(offset)} has the wrong shape (${why}) although its checksums match: the writer was faulty; the frames may still be read after cutting the file at byte ${n(footerOffset)}`, offset);
  if (!Array.isArray(v) || v.length !== 4 || !v.every(Array.isArray)) throw bad('not 4 lists');
  const [fr, ck, sn, ks] = v as unknown[][];
  const frames: FrameEntry[] = [];
  let at = dataStart;
  let icount = 0;
  let total = 0;
  for (const e of fr) {
    if (!Array.isArray(e) || e.length !== 5 || !e.every(isCount)) throw bad(`frame entry ${frames.length}`);
    const [off, bytes, first, last, records] = e as number[];
    if (off !== at) throw bad(`frame ${frames.length} at byte ${n(off)}, expected ${n(at)}`);
    if (bytes <= BLOCK_HEADER_BYTES || first > last || first < icount || records < 1) throw bad(`frame entry ${frames.length}`);
    frames.push({ offset: off, bytes, firstIcount: first, lastIcount: last, records });
    at += bytes;
    icount = last;
    total += records;
  }
  if (at !== footerOffset) throw bad(`the frames end at byte ${n(at)}, the footer starts at ${n(footerOffset)}`);
  const checkpoints = ck.map((e: unknown, i) => {
    const a = Array.isArray(e) ? (e as unknown[]) : [];
    const hash = a.length === 2 && isCount(a[0]) ? decHash(a[1]) : undefined;
    if (hash === undefined) throw bad(`checkpoint entry ${i}`);
    return { icount: a[0] as number, hash };
  });
  const offsets = new Set(frames.map((f) => f.offset));
  const snapshots = sn.map((e: unknown, i) => {
    if (!Array.isArray(e) || e.length !== 3 || !isCount(e[0]) || typeof e[1] !== 'boolean' || !offsets.has(e[2] as number)) throw bad(`snapshot entry ${i}`);
    return { icount: e[0] as number, full: e[1] as boolean, frameOffset: e[2] as number };
  });
  if (ks.length !== RECORD_KINDS.length) throw bad('kind counts');
  const kinds = emptyKinds();
  let sum = 0;
  RECORD_KINDS.forEach((k, i) => {
    const e = ks[i];
    if (!Array.isArray(e) || e.length !== 2 || !isCount(e[0]) || !isCount(e[1])) throw bad('kind counts');
    kinds[k] = { count: e[0], bytes: e[1] };
    sum += e[0];
  });
  if (sum !== total || kinds.checkpoint.count !== checkpoints.length || kinds.snapshot.count !== snapshots.length) throw bad('counts disagree');
  return { frames, checkpoints, snapshots, kinds };
}

export function encodeTrailer(footerOffset: number): Buffer {
  const b = Buffer.alloc(TRAILER_BYTES);
  b.writeBigUInt64LE(BigInt(footerOffset), 0);
  TRAILER_MAGIC.copy(b, 8);
  return b;
}
