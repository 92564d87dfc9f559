// State-trace files: the per-instruction state trace (ARCHITECTURE.md "Traces"), one row per
// instruction (trace/state/row.ts), written as it is produced and read back as a stream.
// trace/FORMAT.md "State traces" is the prose version of this file.
//
//   file    = file header | frame* | footer | trailer
//   header  = "PSRRSTT\0" | u32 version | u32 body length | 8-byte check | msgpack StateTraceHeader
//   frame   = block "PSSF" holding a msgpack array of encoded rows
//   footer  = block "PSSX" holding the msgpack index
//   trailer = u64 footer offset | "PSRSEND\0"
//
// Blocks (60-byte header, chunk table, zstd chunks, checks) are those of the input trace:
// trace/format.ts encodeBlock / parseBlockHeader / decodeBlockPayload. Every problem is a
// TraceError (trace/errors.ts) with a one-line message.

import * as fs from 'node:fs';
import { Packr, Unpackr } from 'msgpackr';
import { describeThrown, n, TraceError } from '../errors.js';
import { initZstd } from '../zstd.js';
import {
  BLOCK_HEADER_BYTES, check8, decodeBlockPayload, encodeBlock, FILE_MAGIC as INPUT_TRACE_MAGIC, firstFrameAt, frameFileHeader,
  MAX_HEADER_BODY, parseBlockHeader, type BlockHeader,
} from '../format.js';
import { STATE_REGS, type RegState, type StateRow } from './row.js';

// ---------------------------------------------------------------- constants

export const STATE_FILE_MAGIC = Buffer.from('PSRRSTT\0', 'latin1');
/** The state-trace format version this code writes, and the newest it reads. */
export const STATE_FORMAT_VERSION = 1;
/** Magic, version, body length, check: frozen for every version. */
export const STATE_HEADER_FIXED = 24;
export const STATE_FRAME_MAGIC = 'PSSF';
export const STATE_FOOTER_MAGIC = 'PSSX';
export const STATE_TRAILER_MAGIC = Buffer.from('PSRSEND\0', 'latin1');
export const STATE_TRAILER_BYTES = 16;
export const DEFAULT_FRAME_ROWS = 8192;
export const DEFAULT_MAX_FRAME_BYTES = 1 << 20;

/** Row control byte (the first element of every encoded row). */
export const CTL_PARTIAL = 0x01;
export const CTL_GAP = 0x02;
export const CTL_PC_SHIFT = 2;
export const PC_NEXT = 0;
export const PC_REL = 1;
export const PC_ABS = 2;
export const CTL_WORD = 0x10;
const CTL_RESERVED = 0xe0;

const U64 = (1n << 64n) - 1n;
const TWO64 = 1n << 64n;
const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;
const SMALL_NEG_MIN = TWO64 - (1n << 31n); // values ≥ this are written as a negative int

const HINT_DAMAGED = 're-record, or use an intact copy of the file';
const HINT_FAULTY = 'the writer was faulty; re-record';
const GIVE = 'give a file written by "--state-trace" or the QEMU adapter';

// ---------------------------------------------------------------- header

export interface StateTraceHeader {
  /** The format version (the writer sets it; callers may pass 0 or leave it out). */
  formatVersion: number;
  /** Who produced the rows: 'engine', 'qemu', or any other tool's name. */
  source: 'engine' | 'qemu' | (string & {});
  /** Free-form: image path, options, tool versions, command line. */
  description: string;
  /** Register names, as written: a row's register id is an index into this list. The writer
   *  uses STATE_REGS unless told otherwise. */
  regs: readonly string[];
  /** Icount of the first row the producer meant to write (the first instruction of the
   *  window); `initial` is the state before it. Every row's icount is ≥ this. */
  fromIcount: number;
  /** Last icount of the window asked for (inclusive), when it was bounded; every row's
   *  icount is ≤ this. Absent: until the run ended. */
  toIcount?: number;
  /** The full state before the first row: one value per `regs` entry. */
  initial: RegState;
}

export type StateTraceHeaderInit = Omit<StateTraceHeader, 'formatVersion' | 'regs'> & { formatVersion?: number; regs?: readonly string[] };

const headerPackr = new Packr({ useRecords: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' } as ConstructorParameters<typeof Unpackr>[0]);

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isU64 = (x: unknown): x is bigint => typeof x === 'bigint' && x >= 0n && x <= U64;

/** A register value (or pc) as a msgpack field: uint below 2^32, a negative int for values
 *  ≥ 2^64 − 2^31 (sign-extended small negatives), otherwise 8 bytes big-endian (bin). */
export function valueField(v: bigint): number | Buffer {
  if (v < 0x1_0000_0000n) return Number(v);
  if (v >= SMALL_NEG_MIN) return Number(v - TWO64);
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(v);
  return b;
}

/** The value of a field written by valueField (or any integer in 0..2^53 or −2^53..−1). */
function fieldValue(x: unknown): bigint | undefined {
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) return undefined;
    return x >= 0 ? BigInt(x) : TWO64 + BigInt(x);
  }
  if (x instanceof Uint8Array && x.length === 8) return Buffer.from(x.buffer, x.byteOffset, 8).readBigUInt64BE(0);
  return undefined;
}

function headerProblem(h: Partial<StateTraceHeader> | Record<string, unknown>): string | undefined {
  const x = h as Record<string, unknown>;
  if (typeof x.source !== 'string' || x.source === '') return 'source is not a non-empty string';
  if (typeof x.description !== 'string') return 'description is not a string';
  const regs = x.regs;
  if (!Array.isArray(regs) || regs.length === 0 || regs.length > 0xffff || !regs.every((r) => typeof r === 'string' && r !== '')) return 'regs is not a list of 1..65535 register names';
  if (new Set(regs).size !== regs.length) return 'regs names a register twice';
  if (!isCount(x.fromIcount)) return 'fromIcount is not a non-negative safe integer';
  if (x.toIcount !== undefined && !(isCount(x.toIcount) && x.toIcount >= x.fromIcount)) return 'toIcount is not a safe integer ≥ fromIcount';
  return undefined;
}

/** The whole file header: fixed part and msgpack body. */
export function encodeStateHeader(h: StateTraceHeaderInit, version = STATE_FORMAT_VERSION): Buffer {
  const regs = h.regs ?? STATE_REGS;
  const p = headerProblem({ ...h, regs: [...regs] });
  if (p) throw new TraceError('usage', `cannot write a state trace header: ${p}`);
  const init = h.initial as ArrayLike<unknown>;
  if (!init || typeof init.length !== 'number' || init.length !== regs.length) throw new TraceError('usage', `cannot write a state trace header: initial has ${String(init?.length)} values for ${regs.length} registers`);
  const initial: (number | Buffer)[] = [];
  for (let i = 0; i < init.length; i++) {
    const v = init[i];
    if (!isU64(v)) throw new TraceError('usage', `cannot write a state trace header: initial value of ${regs[i]} is not a bigint in 0..2^64-1`);
    initial.push(valueField(v));
  }
  const m: Record<string, unknown> = { formatVersion: version, source: h.source, description: h.description, regs: [...regs], fromIcount: h.fromIcount };
  if (h.toIcount !== undefined) m.toIcount = h.toIcount;
  m.initial = initial;
  const body = Buffer.from(headerPackr.pack(m));
  if (body.length > MAX_HEADER_BODY) throw new TraceError('usage', `cannot write a state trace header of ${n(body.length)} bytes (max ${n(MAX_HEADER_BODY)}): shorten the description`);
  return frameFileHeader(STATE_FILE_MAGIC, version, body);
}

function parseHeaderFixed(b: Buffer, size: number): number {
  const m = Math.min(8, b.length);
  if (b.length === 0) throw new TraceError('not-a-trace', `not a pseries-rr state trace (the file is empty): ${GIVE}`, 0);
  if (b.length >= 8 && b.subarray(0, 8).equals(INPUT_TRACE_MAGIC)) {
    throw new TraceError('not-a-trace', `this is a pseries-rr input trace (written by "pseries-rr record"), not a state trace: ${GIVE}, or replay the input trace with --state-trace`, 0);
  }
  if (!b.subarray(0, m).equals(STATE_FILE_MAGIC.subarray(0, m))) {
    throw new TraceError('not-a-trace', `not a pseries-rr state trace (bad magic at byte 0: ${JSON.stringify(b.subarray(0, m).toString('latin1'))}): ${GIVE}`, 0);
  }
  if (b.length < STATE_HEADER_FIXED) throw new TraceError('truncated', `the state trace is truncated inside its header (only ${b.length} of at least ${STATE_HEADER_FIXED} bytes): re-record`, b.length);
  const bodyLen = b.readUInt32LE(12);
  if (bodyLen > MAX_HEADER_BODY || STATE_HEADER_FIXED + bodyLen > size) {
    throw new TraceError('truncated', `the state trace header claims ${n(bodyLen)} bytes but the file has ${n(Math.max(0, size - STATE_HEADER_FIXED))} after byte ${STATE_HEADER_FIXED}: the file is truncated or its header damaged; ${HINT_DAMAGED}`, 12);
  }
  return bodyLen;
}

function parseHeaderBody(fixed: Buffer, body: Uint8Array): StateTraceHeader {
  if (!check8(fixed.subarray(0, 16), body).equals(fixed.subarray(16, 24))) {
    throw new TraceError('checksum', `the state trace header (bytes 0..${n(STATE_HEADER_FIXED + body.length)}) is damaged (checksum mismatch): ${HINT_DAMAGED}`, 16);
  }
  const version = fixed.readUInt32LE(8);
  if (version > STATE_FORMAT_VERSION) {
    throw new TraceError('newer-version', `state trace format version ${version} is newer than this pseries-rr understands (max ${STATE_FORMAT_VERSION}): upgrade pseries-rr`, 8);
  }
  if (version < 1) throw new TraceError('shape', `state trace format version ${version} does not exist (versions start at 1): the file was not written by pseries-rr`, 8);
  const bad = (why: string) => new TraceError('shape', `the state trace header (byte ${STATE_HEADER_FIXED}) has the wrong shape: ${why}; ${HINT_FAULTY}`, STATE_HEADER_FIXED);
  let h: unknown;
  try {
    h = unpackr.unpack(body);
  } catch (e) {
    throw new TraceError('msgpack', `the state trace header at byte ${STATE_HEADER_FIXED} does not decode as msgpack (${describeThrown(e).slice(0, 60)}) although its checksum matches: ${HINT_FAULTY}`, STATE_HEADER_FIXED);
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h) || h instanceof Uint8Array) throw bad('not a map');
  const x = h as Record<string, unknown>;
  if (x.formatVersion !== version) throw bad(`formatVersion ${String(x.formatVersion)} differs from the file's ${version}`);
  const p = headerProblem(x);
  if (p) throw bad(p);
  const regs = x.regs as string[];
  const init = x.initial;
  if (!Array.isArray(init) || init.length !== regs.length) throw bad(`initial does not hold ${regs.length} values`);
  const initial = new BigUint64Array(regs.length);
  for (let i = 0; i < init.length; i++) {
    const v = fieldValue(init[i]);
    if (v === undefined) throw bad(`initial value of ${regs[i]} is not a register value`);
    initial[i] = v;
  }
  const out: StateTraceHeader = { formatVersion: version, source: x.source as string, description: x.description as string, regs, fromIcount: x.fromIcount as number, initial };
  if (x.toIcount !== undefined) out.toIcount = x.toIcount as number;
  return out;
}

// ---------------------------------------------------------------- row encoding

/** Bytes of the msgpack encoding of a safe integer. */
function intBytes(x: number): number {
  if (x >= 0) return x < 0x80 ? 1 : x < 0x100 ? 2 : x < 0x10000 ? 3 : x < 0x1_0000_0000 ? 5 : 9;
  return x >= -32 ? 1 : x >= -128 ? 2 : x >= -32768 ? 3 : x >= I32_MIN ? 5 : 9;
}

/** Bytes of a register value field (see valueField). */
function valueBytes(v: bigint): number {
  if (v < 0x1_0000_0000n) return intBytes(Number(v));
  if (v >= SMALL_NEG_MIN) return intBytes(Number(v - TWO64));
  return 10;
}

/** A growable byte buffer with the few msgpack encodings rows need. */
class Sink {
  buf = Buffer.alloc(1 << 16);
  len = 0;
  private room(k: number): void {
    if (this.len + k <= this.buf.length) return;
    const nb = Buffer.alloc(Math.max(this.buf.length * 2, this.len + k));
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }
  arrayHeader(count: number): void {
    this.room(5);
    const b = this.buf;
    if (count < 16) b[this.len++] = 0x90 | count;
    else if (count < 0x10000) {
      b[this.len++] = 0xdc;
      b.writeUInt16BE(count, this.len);
      this.len += 2;
    } else {
      b[this.len++] = 0xdd;
      b.writeUInt32BE(count, this.len);
      this.len += 4;
    }
  }
  /** Any safe integer. */
  int(x: number): void {
    this.room(9);
    const b = this.buf;
    if (x >= 0) {
      if (x < 0x80) b[this.len++] = x;
      else if (x < 0x100) {
        b[this.len++] = 0xcc;
        b[this.len++] = x;
      } else if (x < 0x10000) {
        b[this.len++] = 0xcd;
        b.writeUInt16BE(x, this.len);
        this.len += 2;
      } else if (x < 0x1_0000_0000) {
        b[this.len++] = 0xce;
        b.writeUInt32BE(x, this.len);
        this.len += 4;
      } else {
        b[this.len++] = 0xcf;
        b.writeBigUInt64BE(BigInt(x), this.len);
        this.len += 8;
      }
    } else if (x >= -32) b[this.len++] = x & 0xff;
    else if (x >= -128) {
      b[this.len++] = 0xd0;
      b.writeInt8(x, this.len);
      this.len += 1;
    } else if (x >= -32768) {
      b[this.len++] = 0xd1;
      b.writeInt16BE(x, this.len);
      this.len += 2;
    } else if (x >= I32_MIN) {
      b[this.len++] = 0xd2;
      b.writeInt32BE(x, this.len);
      this.len += 4;
    } else {
      b[this.len++] = 0xd3;
      b.writeBigInt64BE(BigInt(x), this.len);
      this.len += 8;
    }
  }
  /** A register value or pc: see valueField. */
  value(v: bigint): void {
    if (v < 0x1_0000_0000n) this.int(Number(v));
    else if (v >= SMALL_NEG_MIN) this.int(Number(v - TWO64));
    else {
      this.room(10);
      this.buf[this.len++] = 0xc4;
      this.buf[this.len++] = 8;
      this.buf.writeBigUInt64BE(v, this.len);
      this.len += 8;
    }
  }
  reset(): void {
    this.len = 0;
    if (this.buf.length > 1 << 21) this.buf = Buffer.alloc(1 << 16);
  }
}

/** Why a row cannot be written (nregs registers), or undefined. `seen`/`stamp` detect an
 *  id listed twice. */
function rowProblem(r: StateRow, nregs: number, seen: Uint32Array, stamp: number): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object';
  if (!isCount(r.icount)) return `icount ${String(r.icount)} is not a non-negative safe integer`;
  if (!isU64(r.pc)) return `pc ${String(r.pc)} is not a bigint in 0..2^64-1`;
  if (!(Number.isInteger(r.word) && r.word >= -1 && r.word <= 0xffffffff)) return `word ${String(r.word)} is not -1 or a 32-bit unsigned integer`;
  if (r.partial !== undefined && typeof r.partial !== 'boolean') return 'partial is not a boolean';
  if (!Array.isArray(r.changes)) return 'changes is not an array';
  for (const c of r.changes) {
    if (!Array.isArray(c) || c.length !== 2) return 'a change is not a [register id, value] pair';
    const [id, v] = c;
    if (!(Number.isInteger(id) && id >= 0 && id < nregs)) return `register id ${String(id)} is not in 0..${nregs - 1}`;
    if (!isU64(v)) return `the value of register ${id} is not a bigint in 0..2^64-1`;
    if (seen[id] === stamp) return `register ${id} is changed twice`;
    seen[id] = stamp;
  }
  return undefined;
}

// ---------------------------------------------------------------- footer index

export interface StateFrameEntry {
  /** Byte offset of the frame's block header. */
  offset: number;
  /** Whole block size in bytes. */
  bytes: number;
  firstIcount: number;
  lastIcount: number;
  rows: number;
  /** Encoded rows before zstd (the block's U). */
  rawBytes: number;
}

function encodeIndex(frames: StateFrameEntry[]): Buffer {
  const rows = frames.reduce((s, f) => s + f.rows, 0);
  return Buffer.from(headerPackr.pack([frames.map((f) => [f.offset, f.bytes, f.firstIcount, f.lastIcount, f.rows, f.rawBytes]), rows]));
}

function decodeIndex(raw: Uint8Array, offset: number, dataStart: number, fromIcount: number): StateFrameEntry[] {
  const bad = (why: string) => new TraceError('shape', `the state trace footer at byte ${n(offset)} has the wrong shape (${why}) although its checksums match: ${HINT_FAULTY}`, offset);
  let v: unknown;
  try {
    v = unpackr.unpack(raw);
  } catch (e) {
    throw new TraceError('msgpack', `the state trace footer at byte ${n(offset)} does not decode as msgpack (${describeThrown(e).slice(0, 60)}) although its checksums match: ${HINT_FAULTY}`, offset);
  }
  if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[0]) || !isCount(v[1])) throw bad('not [frames, rows]');
  const frames: StateFrameEntry[] = [];
  let at = dataStart;
  let prevLast = fromIcount - 1;
  let total = 0;
  for (const e of v[0] as unknown[]) {
    const i = frames.length;
    if (!Array.isArray(e) || e.length !== 6 || !e.every(isCount)) throw bad(`frame entry ${i}`);
    const [off, bytes, first, last, rows, rawBytes] = e as number[];
    if (off !== at) throw bad(`frame ${i} at byte ${n(off)}, expected ${n(at)}`);
    if (bytes <= BLOCK_HEADER_BYTES || first > last || first <= prevLast || rows < 1 || rows > last - first + 1 || rawBytes < 1) throw bad(`frame entry ${i}`);
    frames.push({ offset: off, bytes, firstIcount: first, lastIcount: last, rows, rawBytes });
    at += bytes;
    prevLast = last;
    total += rows;
  }
  if (at !== offset) throw bad(`the frames end at byte ${n(at)}, the footer starts at ${n(offset)}`);
  if (total !== v[1]) throw bad(`it counts ${n(v[1] as number)} rows, its frames ${n(total)}`);
  return frames;
}

function encodeTrailer(footerOffset: number): Buffer {
  const b = Buffer.alloc(STATE_TRAILER_BYTES);
  b.writeBigUInt64LE(BigInt(footerOffset), 0);
  STATE_TRAILER_MAGIC.copy(b, 8);
  return b;
}

// ---------------------------------------------------------------- frame decoding

/** Decode and check the rows of one frame (its raw, decompressed bytes). */
export function decodeStateRows(raw: Uint8Array, bh: BlockHeader, nregs: number, offset: number, frame: number): StateRow[] {
  const where = `frame ${frame} at byte ${n(offset)}`;
  let v: unknown;
  try {
    v = unpackr.unpack(raw);
  } catch (e) {
    throw new TraceError('msgpack', `${where} does not decode as msgpack (${describeThrown(e).slice(0, 60)}) although its checksums match: ${HINT_FAULTY}`, offset, frame);
  }
  const shape = (what: string) => new TraceError('shape', `${where} ${what} although its checksums match: ${HINT_FAULTY}`, offset, frame);
  if (!Array.isArray(v)) throw shape('does not hold an array of rows');
  if (v.length !== bh.count) throw shape(`holds ${v.length} rows, its header says ${bh.count}`);
  if (v.length === 0) throw shape('holds no rows');
  const out: StateRow[] = new Array(v.length);
  const words = new Map<bigint, number>();
  const seen = new Uint32Array(nregs);
  const regSet = new Uint8Array(nregs);
  const regVal = new BigUint64Array(nregs);
  let icount = bh.first - 1;
  let pc = 0n;
  for (let i = 0; i < v.length; i++) {
    const a = v[i] as unknown[];
    const rowBad = (what: string) => shape(`has row ${i} that ${what}`);
    if (!Array.isArray(a) || a.length === 0) throw rowBad('is not a non-empty array');
    const ctl = a[0];
    if (!isCount(ctl) || ctl > 0xff || ctl & CTL_RESERVED || ((ctl >> CTL_PC_SHIFT) & 3) === 3) throw rowBad(`has an unknown control byte ${JSON.stringify(ctl)?.slice(0, 20)}`);
    let k = 1;
    if (ctl & CTL_GAP) {
      const g = a[k++];
      if (!isCount(g)) throw rowBad('has no valid icount gap');
      icount += 1 + g;
    } else icount += 1;
    if (!Number.isSafeInteger(icount)) throw rowBad('has an icount past 2^53');
    const mode = (ctl >> CTL_PC_SHIFT) & 3;
    if (i === 0 && mode !== PC_ABS) throw rowBad('is the first of its frame but has no absolute pc');
    if (mode === PC_NEXT) pc = (pc + 4n) & U64;
    else if (mode === PC_REL) {
      const d = a[k++];
      if (typeof d !== 'number' || !Number.isSafeInteger(d)) throw rowBad('has no valid pc delta');
      pc = (pc + 4n + BigInt(d)) & U64;
    } else {
      const p = fieldValue(a[k++]);
      if (p === undefined) throw rowBad('has no valid pc');
      pc = p;
    }
    let word: number;
    if (ctl & CTL_WORD) {
      const w = a[k++];
      if (!(typeof w === 'number' && Number.isInteger(w) && w >= -1 && w <= 0xffffffff)) throw rowBad('has no valid instruction word');
      word = w;
      words.set(pc, w);
    } else {
      const w = words.get(pc);
      if (w === undefined) throw rowBad('repeats the word of an earlier row at its pc but there is none in the frame');
      word = w;
    }
    if (k > a.length || (a.length - k) % 2 !== 0) throw rowBad(`has ${a.length} fields, which do not end in (register key, value) pairs`);
    const changes: [number, bigint][] = new Array((a.length - k) / 2);
    const stamp = i + 1;
    for (let j = 0; k < a.length; j++, k += 2) {
      const key = a[k];
      if (!(isCount(key) && key < 2 * nregs)) throw rowBad(`changes register key ${JSON.stringify(key)?.slice(0, 20)}, not in 0..${2 * nregs - 1}`);
      const id = key >> 1;
      if (seen[id] === stamp) throw rowBad(`changes register ${id} twice`);
      seen[id] = stamp;
      let val: bigint | undefined;
      if (key & 1) {
        const d = a[k + 1];
        if (!regSet[id]) throw rowBad(`changes register ${id} relative to a value not set earlier in the frame`);
        if (typeof d !== 'number' || !Number.isSafeInteger(d)) throw rowBad(`has no valid delta for register ${id}`);
        val = (regVal[id] + BigInt(d)) & U64;
      } else {
        val = fieldValue(a[k + 1]);
        if (val === undefined) throw rowBad(`has no valid value for register ${id}`);
      }
      regSet[id] = 1;
      regVal[id] = val;
      changes[j] = [id, val];
    }
    const row: StateRow = { icount, pc, word, changes };
    if (ctl & CTL_PARTIAL) row.partial = true;
    out[i] = row;
    if (i === 0 && icount !== bh.first) throw shape(`starts at icount ${n(icount)}, its header says ${n(bh.first)}`);
  }
  if (icount !== bh.last) throw shape(`ends at icount ${n(icount)}, its header says ${n(bh.last)}`);
  return out;
}

// ---------------------------------------------------------------- zstd

async function loadZstd(): Promise<void> {
  try {
    await initZstd();
  } catch (e) {
    throw new TraceError('io', `cannot load the zstd codec (${describeThrown(e)}): reinstall pseries-rr`);
  }
}

// ---------------------------------------------------------------- writer

export interface StateTraceWriterOptions {
  /** Write a frame after this many rows (default 8192). */
  frameRows?: number;
  /** Write a frame once its encoded rows reach this many bytes (default 1 MiB). */
  maxFrameBytes?: number;
}

/** What a writer wrote. */
export interface StateTraceSummary {
  rows: number;
  frames: number;
  /** The whole file. */
  fileBytes: number;
  /** Encoded rows before zstd (all frames' U). */
  rawBytes: number;
  /** Frame blocks as written (compressed rows plus 60 + 8k bytes of block header each). */
  frameBytes: number;
}

export class StateTraceWriter {
  private fd: number | undefined;
  private offset = 0;
  private readonly sink = new Sink();
  private readonly words = new Map<bigint, number>();
  private readonly frames: StateFrameEntry[] = [];
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** Per register: the frame number it was last written in (1-based), and that value. */
  private readonly regFrame: Uint32Array;
  private readonly regVal: BigUint64Array;
  private frameNo = 1;
  private pending = 0;
  private first = 0;
  private prevIcount = -1;
  private prevPc = 0n;
  private rawTotal = 0;
  private closed = false;
  private readonly nregs: number;
  private readonly frameRows: number;
  private readonly maxFrameBytes: number;

  private constructor(readonly path: string, fd: number, readonly header: StateTraceHeader, opts: StateTraceWriterOptions) {
    this.fd = fd;
    this.nregs = header.regs.length;
    this.seen = new Uint32Array(this.nregs);
    this.regFrame = new Uint32Array(this.nregs);
    this.regVal = new BigUint64Array(this.nregs);
    this.frameRows = opts.frameRows ?? DEFAULT_FRAME_ROWS;
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Create (or truncate) `path` and write the file header. */
  static async create(path: string, header: StateTraceHeaderInit, opts: StateTraceWriterOptions = {}): Promise<StateTraceWriter> {
    const fr = opts.frameRows ?? DEFAULT_FRAME_ROWS;
    const mb = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (!(Number.isSafeInteger(fr) && fr >= 1 && fr <= 0xffffffff)) throw new TraceError('usage', `frameRows must be a positive integer, not ${fr}`);
    if (!(mb >= 1)) throw new TraceError('usage', `maxFrameBytes must be positive, not ${mb}`);
    const head = encodeStateHeader(header); // checks the header before the file is touched
    await loadZstd();
    let fd: number;
    try {
      fd = fs.openSync(path, 'w');
    } catch (e) {
      throw new TraceError('io', `cannot create state trace ${path}: ${describeThrown(e)}`);
    }
    const full: StateTraceHeader = { ...header, formatVersion: STATE_FORMAT_VERSION, regs: [...(header.regs ?? STATE_REGS)], initial: BigUint64Array.from(header.initial) };
    const w = new StateTraceWriter(path, fd, full, opts);
    w.write(head);
    return w;
  }

  get rowsWritten(): number {
    return this.frames.reduce((s, f) => s + f.rows, 0) + this.pending;
  }

  /** What has been written so far (complete frames; after close, everything). */
  summary(): StateTraceSummary {
    return {
      rows: this.frames.reduce((s, f) => s + f.rows, 0),
      frames: this.frames.length,
      fileBytes: this.offset,
      rawBytes: this.rawTotal,
      frameBytes: this.frames.reduce((s, f) => s + f.bytes, 0),
    };
  }

  append(row: StateRow): void {
    if (this.closed) throw new TraceError('usage', `cannot append to state trace ${this.path}: it is closed`);
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const p = rowProblem(row, this.nregs, this.seen, this.stamp);
    const at = `cannot append the row at icount ${String(row?.icount)} to state trace ${this.path}`;
    if (p) throw new TraceError('usage', `${at}: ${p}`);
    const icount = row.icount;
    if (icount <= this.prevIcount) throw new TraceError('order', `${at}: the previous row is at icount ${n(this.prevIcount)} (rows must be in strictly increasing icount order)`);
    if (icount < this.header.fromIcount) throw new TraceError('order', `${at}: it is before the header's fromIcount ${n(this.header.fromIcount)}`);
    if (this.header.toIcount !== undefined && icount > this.header.toIcount) throw new TraceError('order', `${at}: it is after the header's toIcount ${n(this.header.toIcount)}`);

    const s = this.sink;
    const firstOfFrame = this.pending === 0;
    const gap = firstOfFrame ? 0 : icount - this.prevIcount - 1;
    let ctl = row.partial ? CTL_PARTIAL : 0;
    if (gap > 0) ctl |= CTL_GAP;
    let mode = PC_ABS;
    let delta = 0;
    if (!firstOfFrame) {
      const next = (this.prevPc + 4n) & U64;
      if (row.pc === next) mode = PC_NEXT;
      else {
        let d = (row.pc - next) & U64;
        if (d >= 1n << 63n) d -= TWO64;
        if (d >= BigInt(I32_MIN) && d <= BigInt(I32_MAX)) {
          mode = PC_REL;
          delta = Number(d);
        }
      }
    }
    ctl |= mode << CTL_PC_SHIFT;
    const wordKnown = this.words.get(row.pc) === row.word;
    if (!wordKnown) ctl |= CTL_WORD;
    const changes = row.changes;
    s.arrayHeader(1 + (gap > 0 ? 1 : 0) + (mode === PC_NEXT ? 0 : 1) + (wordKnown ? 0 : 1) + 2 * changes.length);
    s.int(ctl);
    if (gap > 0) s.int(gap);
    if (mode === PC_REL) s.int(delta);
    else if (mode === PC_ABS) s.value(row.pc);
    if (!wordKnown) {
      s.int(row.word);
      this.words.set(row.pc, row.word);
    }
    const frameNo = this.frameNo;
    for (const [id, v] of changes) {
      let rel = false;
      if (this.regFrame[id] === frameNo) {
        let d = (v - this.regVal[id]) & U64;
        if (d >= 1n << 63n) d -= TWO64;
        if (d >= BigInt(I32_MIN) && d <= BigInt(I32_MAX) && intBytes(Number(d)) < valueBytes(v)) {
          s.int(2 * id + 1);
          s.int(Number(d));
          rel = true;
        }
      }
      if (!rel) {
        s.int(2 * id);
        s.value(v);
      }
      this.regFrame[id] = frameNo;
      this.regVal[id] = v;
    }
    if (firstOfFrame) this.first = icount;
    this.pending++;
    this.prevIcount = icount;
    this.prevPc = row.pc;
    if (this.pending >= this.frameRows || s.len >= this.maxFrameBytes) this.flush();
  }

  /** Write the current partial frame now (a no-op when it is empty). */
  flush(): void {
    if (this.pending === 0 || this.fd === undefined) return;
    const head = new Sink();
    head.arrayHeader(this.pending);
    const raw = Buffer.concat([head.buf.subarray(0, head.len), this.sink.buf.subarray(0, this.sink.len)]);
    const block = encodeBlock(STATE_FRAME_MAGIC, raw, this.pending, this.first, this.prevIcount);
    const entry: StateFrameEntry = { offset: this.offset, bytes: block.length, firstIcount: this.first, lastIcount: this.prevIcount, rows: this.pending, rawBytes: raw.length };
    this.write(block);
    this.frames.push(entry);
    this.rawTotal += raw.length;
    this.pending = 0;
    this.sink.reset();
    this.words.clear();
    if (++this.frameNo === 0xffffffff) {
      this.regFrame.fill(0);
      this.frameNo = 1;
    }
  }

  /** Flush, write the footer index and the trailer, close the file. */
  async close(): Promise<StateTraceSummary> {
    if (this.closed) return this.summary();
    this.flush();
    this.closed = true;
    const frames = this.frames;
    const footerOffset = this.offset;
    const first = frames.length ? frames[0].firstIcount : 0;
    const last = frames.length ? frames[frames.length - 1].lastIcount : 0;
    this.write(Buffer.concat([encodeBlock(STATE_FOOTER_MAGIC, encodeIndex(frames), frames.length, first, last), encodeTrailer(footerOffset)]));
    const fd = this.fd!;
    this.fd = undefined;
    try {
      fs.closeSync(fd);
    } catch (e) {
      throw new TraceError('io', `cannot close state trace ${this.path}: ${describeThrown(e)}`);
    }
    return this.summary();
  }

  private write(b: Uint8Array): void {
    let done = 0;
    try {
      while (done < b.length) done += fs.writeSync(this.fd!, b, done, b.length - done);
    } catch (e) {
      throw new TraceError('io', `cannot write state trace ${this.path} at byte ${n(this.offset + done)}: ${describeThrown(e)}`, this.offset + done);
    }
    this.offset += b.length;
  }
}

// ---------------------------------------------------------------- byte sources

interface Handle {
  read(offset: number, len: number): Promise<Buffer>;
  close(): Promise<void>;
}
interface Source {
  readonly size: number;
  open(): Promise<Handle>;
}

class BytesSource implements Source {
  constructor(private readonly buf: Buffer) {}
  get size(): number {
    return this.buf.length;
  }
  open(): Promise<Handle> {
    const buf = this.buf;
    return Promise.resolve({
      read: (offset: number, len: number) => Promise.resolve(buf.subarray(offset, offset + len)),
      close: () => Promise.resolve(),
    });
  }
}

class FileSource implements Source {
  constructor(private readonly path: string, readonly size: number) {}
  async open(): Promise<Handle> {
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(this.path, 'r');
    } catch (e) {
      throw new TraceError('io', `cannot open state trace ${this.path}: ${describeThrown(e)}`);
    }
    const path = this.path;
    return {
      async read(offset: number, len: number): Promise<Buffer> {
        const b = Buffer.alloc(len);
        let got = 0;
        try {
          while (got < len) {
            const { bytesRead } = await fh.read(b, got, len - got, offset + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
        } catch (e) {
          throw new TraceError('io', `cannot read state trace ${path} at byte ${n(offset + got)}: ${describeThrown(e)}`, offset + got);
        }
        if (got < len) throw new TraceError('truncated', `state trace ${path} became shorter while being read (byte ${n(offset + got)}): do not modify a trace while reading it`, offset + got);
        return b;
      },
      close: () => fh.close().catch(() => undefined),
    };
  }
}

// ---------------------------------------------------------------- reader

export interface StateTraceStats {
  rows: number;
  frames: number;
  fileBytes: number;
  /** File header bytes (fixed part + msgpack header). */
  headerBytes: number;
  /** All complete frames as stored (compressed, with block headers). */
  frameBytes: number;
  /** Encoded rows before zstd (sum of the frames' U). */
  rawBytes: number;
  /** Footer + trailer (0 when cut short). */
  footerBytes: number;
}

export class StateTraceReader {
  /** Footer present and valid. */
  readonly complete: boolean;
  /** When not complete: one line saying where and why the file stops. */
  readonly cutShort: string | undefined;
  /** File register id → index in this build's STATE_REGS, or −1 for a register it does not
   *  know (a file written with a larger register set). */
  readonly regIds: Int32Array;

  private constructor(
    private readonly src: Source,
    private readonly name: string,
    readonly header: StateTraceHeader,
    private readonly dataStart: number,
    private readonly index: StateFrameEntry[],
    private readonly footerBytes: number,
    cut: string | undefined,
  ) {
    this.complete = cut === undefined;
    this.cutShort = cut;
    const known = new Map<string, number>(STATE_REGS.map((r, i) => [r, i]));
    this.regIds = Int32Array.from(header.regs, (r) => known.get(r) ?? -1);
  }

  static async open(path: string): Promise<StateTraceReader> {
    let st: fs.Stats;
    try {
      st = fs.statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      throw new TraceError('io', code === 'ENOENT' ? `cannot open state trace ${path}: no such file: check the path` : `cannot open state trace ${path}: ${describeThrown(e)}`);
    }
    if (!st.isFile()) throw new TraceError('io', `cannot open state trace ${path}: it is not a regular file: ${GIVE}`);
    return StateTraceReader.load(new FileSource(path, st.size), path);
  }

  /** A reader over bytes in memory (tests, or a file read whole). */
  static async fromBytes(buf: Uint8Array): Promise<StateTraceReader> {
    return StateTraceReader.load(new BytesSource(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)), '');
  }

  private static async load(src: Source, name: string): Promise<StateTraceReader> {
    await loadZstd();
    const h = await src.open();
    try {
      const size = src.size;
      const fixed = await h.read(0, Math.min(STATE_HEADER_FIXED, size));
      const bodyLen = parseHeaderFixed(fixed, size);
      const header = parseHeaderBody(fixed, await h.read(STATE_HEADER_FIXED, bodyLen));
      const dataStart = STATE_HEADER_FIXED + bodyLen;
      if (size >= dataStart + STATE_TRAILER_BYTES && (await h.read(size - 8, 8)).equals(STATE_TRAILER_MAGIC)) {
        const { frames, footerBytes } = await readFooter(h, size, dataStart, header);
        return new StateTraceReader(src, name, header, dataStart, frames, footerBytes, undefined);
      }
      const { frames, cut } = await scan(h, size, dataStart, header);
      return new StateTraceReader(src, name, header, dataStart, frames, 0, cut);
    } catch (e) {
      throw named(e, name);
    } finally {
      await h.close();
    }
  }

  /** The frames (index entries), in file order. */
  get frames(): readonly StateFrameEntry[] {
    return this.index;
  }
  get rowCount(): number {
    return this.index.reduce((s, f) => s + f.rows, 0);
  }
  /** Icount of the first row (undefined when there is none). */
  get firstIcount(): number | undefined {
    return this.index[0]?.firstIcount;
  }
  /** Icount of the last row (undefined when there is none). */
  get lastIcount(): number | undefined {
    return this.index[this.index.length - 1]?.lastIcount;
  }

  stats(): StateTraceStats {
    return {
      rows: this.rowCount,
      frames: this.index.length,
      fileBytes: this.src.size,
      headerBytes: this.dataStart,
      frameBytes: this.index.reduce((s, f) => s + f.bytes, 0),
      rawBytes: this.index.reduce((s, f) => s + f.rawBytes, 0),
      footerBytes: this.footerBytes,
    };
  }

  /** Rows with fromIcount ≤ icount ≤ toIcount (both inclusive), in order, read one frame at a
   *  time (memory: one frame), starting at the frame that holds fromIcount. */
  async *rows(fromIcount = 0, toIcount = Infinity): AsyncGenerator<StateRow> {
    const frames = this.index;
    const lo = firstFrameAt(frames, fromIcount);
    if (lo >= frames.length || frames[lo].firstIcount > toIcount) return;
    const h = await this.src.open().catch((e: unknown) => Promise.reject(named(e, this.name)));
    try {
      for (let i = lo; i < frames.length && frames[i].firstIcount <= toIcount; i++) {
        let rows: StateRow[];
        try {
          rows = await this.readFrameWith(h, i);
        } catch (e) {
          throw named(e, this.name);
        }
        for (const r of rows) {
          if (r.icount > toIcount) return;
          if (r.icount >= fromIcount) yield r;
        }
      }
    } finally {
      await h.close();
    }
  }

  /** The rows of frame i, checked against the index. */
  async readFrame(i: number): Promise<StateRow[]> {
    if (!this.index[i]) throw new TraceError('usage', `there is no frame ${i} (the state trace has ${this.index.length})`);
    const h = await this.src.open();
    try {
      return await this.readFrameWith(h, i);
    } catch (e) {
      throw named(e, this.name);
    } finally {
      await h.close();
    }
  }

  private async readFrameWith(h: Handle, i: number): Promise<StateRow[]> {
    const f = this.index[i];
    const b = await h.read(f.offset, f.bytes);
    const what = `frame ${i}`;
    const bh = parseBlockHeader(b.subarray(0, BLOCK_HEADER_BYTES), f.offset, f.bytes - BLOCK_HEADER_BYTES, what, i);
    if (bh.magic !== STATE_FRAME_MAGIC || bh.payloadLen !== f.bytes - BLOCK_HEADER_BYTES || bh.count !== f.rows || bh.first !== f.firstIcount || bh.last !== f.lastIcount || bh.rawLen !== f.rawBytes) {
      throw new TraceError('shape', `${what} at byte ${n(f.offset)} does not match the footer index: the file is damaged; ${HINT_DAMAGED}`, f.offset, i);
    }
    const raw = decodeBlockPayload(bh, b.subarray(BLOCK_HEADER_BYTES), f.offset, what, i);
    return decodeStateRows(raw, bh, this.header.regs.length, f.offset, i);
  }
}

/** The same TraceError with the file's name in front (for tools that read two files). */
function named(e: unknown, name: string): unknown {
  if (!(e instanceof TraceError) || name === '' || e.message.includes(name)) return e;
  return new TraceError(e.code, `state trace ${name}: ${e.message}`, e.offset, e.frame);
}

async function readFooter(h: Handle, size: number, dataStart: number, header: StateTraceHeader): Promise<{ frames: StateFrameEntry[]; footerBytes: number }> {
  const at = size - STATE_TRAILER_BYTES;
  const off = Number((await h.read(at, 8)).readBigUInt64LE(0));
  if (!Number.isSafeInteger(off) || off < dataStart || off + BLOCK_HEADER_BYTES > at) {
    throw new TraceError('checksum', `the trailer at byte ${n(at)} points to byte ${n(off)}, where no footer can be: the file is damaged; ${HINT_DAMAGED}`, at);
  }
  const hb = await h.read(off, BLOCK_HEADER_BYTES);
  if (hb.toString('latin1', 0, 4) !== STATE_FOOTER_MAGIC) {
    throw new TraceError('checksum', `the trailer at byte ${n(at)} points to byte ${n(off)}, where there is no footer: the file is damaged; ${HINT_DAMAGED}`, off);
  }
  const bh = parseBlockHeader(hb, off, at - off - BLOCK_HEADER_BYTES, 'the footer');
  if (bh.payloadLen !== at - off - BLOCK_HEADER_BYTES) {
    throw new TraceError('shape', `the footer at byte ${n(off)} does not end where the trailer starts (byte ${n(at)}): the file is damaged; ${HINT_DAMAGED}`, off);
  }
  const raw = decodeBlockPayload(bh, await h.read(off + BLOCK_HEADER_BYTES, bh.payloadLen), off, 'the footer');
  const frames = decodeIndex(raw, off, dataStart, header.fromIcount);
  const first = frames.length ? frames[0].firstIcount : 0;
  const last = frames.length ? frames[frames.length - 1].lastIcount : 0;
  if (bh.count !== frames.length || bh.first !== first || bh.last !== last) {
    throw new TraceError('shape', `the footer at byte ${n(off)} disagrees with its own header (frames or icount range): ${HINT_FAULTY}`, off);
  }
  if (header.toIcount !== undefined && last > header.toIcount) {
    throw new TraceError('order', `the state trace ends at icount ${n(last)}, after the header's toIcount ${n(header.toIcount)}: ${HINT_FAULTY}`, off);
  }
  return { frames, footerBytes: size - off };
}

/** No valid trailer: walk the frames from the start, checking each block (header check,
 *  payload check, zstd, uncompressed check; rows are decoded when read). */
async function scan(h: Handle, size: number, dataStart: number, header: StateTraceHeader): Promise<{ frames: StateFrameEntry[]; cut: string }> {
  const frames: StateFrameEntry[] = [];
  let off = dataStart;
  let lastIcount = header.fromIcount - 1;
  const stop = (why: string, ignoredBytes: number, partial: 'frame' | 'footer' = 'frame') => {
    const k = frames.length;
    const where = k === 0 ? 'the state trace stopped before its first frame was complete' : `the state trace stopped after frame ${k - 1} (${n(k)} complete frame${k === 1 ? '' : 's'}, last icount ${n(lastIcount)})`;
    const ignored = ignoredBytes ? `; ${n(ignoredBytes)} bytes from byte ${n(off)} (an incomplete ${partial}) were ignored` : '';
    return { frames, cut: `${where}: ${why}${ignored}` };
  };
  const killed = 'no footer — the writer was killed or crashed';
  for (;;) {
    const frame = frames.length;
    const rem = size - off;
    if (rem === 0) return stop(killed, 0);
    const hb = await h.read(off, Math.min(BLOCK_HEADER_BYTES, rem));
    const magic = hb.toString('latin1', 0, Math.min(4, rem));
    const isFrame = STATE_FRAME_MAGIC.startsWith(magic);
    const isFooter = STATE_FOOTER_MAGIC.startsWith(magic);
    if (!isFrame && !isFooter) {
      throw new TraceError('checksum', `unexpected bytes at byte ${n(off)} where frame ${frame} or the footer should start: the file is damaged; ${HINT_DAMAGED}`, off, frame);
    }
    if (rem < BLOCK_HEADER_BYTES) return isFooter && !isFrame ? stop('it was killed while writing its footer', rem, 'footer') : stop(killed, rem);
    const footer = magic === STATE_FOOTER_MAGIC;
    const what = footer ? 'the footer' : `frame ${frame}`;
    let bh: BlockHeader;
    try {
      bh = parseBlockHeader(hb, off, rem - BLOCK_HEADER_BYTES, what, frame);
    } catch (e) {
      if (e instanceof TraceError && e.code === 'truncated') return footer ? stop('it was killed while writing its footer', rem, 'footer') : stop(killed, rem);
      throw e;
    }
    const end = off + BLOCK_HEADER_BYTES + bh.payloadLen;
    decodeBlockPayload(bh, await h.read(off + BLOCK_HEADER_BYTES, bh.payloadLen), off, what, frame);
    if (footer) {
      const tail = await h.read(end, size - end);
      if (tail.length < STATE_TRAILER_BYTES && tail.equals(encodeTrailer(off).subarray(0, tail.length))) return stop('it was killed while writing its trailer', size - off, 'footer');
      throw new TraceError('checksum', `the trailer after the footer at byte ${n(off)} is damaged: the file is damaged; ${HINT_DAMAGED}`, end);
    }
    if (bh.first <= lastIcount) {
      throw new TraceError('order', `frame ${frame} at byte ${n(off)} starts at icount ${n(bh.first)}, ${frame ? `not after the previous frame's last icount ${n(lastIcount)}` : `before the header's fromIcount ${n(header.fromIcount)}`}: ${HINT_FAULTY}`, off, frame);
    }
    if (bh.count < 1 || bh.count > bh.last - bh.first + 1) throw new TraceError('shape', `frame ${frame} at byte ${n(off)} claims ${n(bh.count)} rows between icounts ${n(bh.first)} and ${n(bh.last)}: ${HINT_FAULTY}`, off, frame);
    if (header.toIcount !== undefined && bh.last > header.toIcount) {
      throw new TraceError('order', `frame ${frame} at byte ${n(off)} ends at icount ${n(bh.last)}, after the header's toIcount ${n(header.toIcount)}: ${HINT_FAULTY}`, off, frame);
    }
    frames.push({ offset: off, bytes: end - off, firstIcount: bh.first, lastIcount: bh.last, rows: bh.count, rawBytes: bh.rawLen });
    lastIcount = bh.last;
    off = end;
  }
}

// ---------------------------------------------------------------- conveniences

/** Write a whole state trace from rows (sync or async iterable); returns what was written. */
export async function writeStateTrace(path: string, header: StateTraceHeaderInit, rows: AsyncIterable<StateRow> | Iterable<StateRow>, opts: StateTraceWriterOptions = {}): Promise<StateTraceSummary> {
  const w = await StateTraceWriter.create(path, header, opts);
  for await (const r of rows) w.append(r);
  return w.close();
}

/** Every row of a state trace, streamed (a cut-short file yields its complete frames). */
export async function* readStateRows(path: string): AsyncGenerator<StateRow> {
  const r = await StateTraceReader.open(path);
  yield* r.rows();
}
