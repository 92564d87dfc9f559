// The harness's stdin/stdout records (c/protocol.h), in the guest's byte order: a case is
// encoded for the harness binary of that endianness, and its results decoded the same way.
// README.md documents every field.
import { MAX_CODE_WORDS, WINDOW_SIZE } from './layout.js';

export type Endian = 'be' | 'le';

/** User-visible register state: what a case starts from and a result ends with. */
export interface UserState {
  gpr: bigint[];               // 32
  cr: number;                  // full 32-bit CR
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  fpr: bigint[];               // 32, raw IEEE bits (doubleword 0 of VS0-31)
  fpscr: bigint;
  vr: [bigint, bigint][];      // 32, architected [high doubleword (bytes 0-7), low]
  vsrlo: bigint[];             // 32, doubleword 1 of VS0-31
  vscr: number;
  vrsave: number;
}

export interface UserCase extends UserState {
  code: number[];              // at most MAX_CODE_WORDS instruction words
  window: Uint8Array;          // WINDOW_SIZE bytes at WINDOW_ADDR
}

export interface UserResult extends UserState {
  signal: number;              // 0 = reached the end trap; else SIGILL 4, SIGTRAP 5, SIGBUS 7, SIGFPE 8, SIGSEGV 11
  siCode: number;
  nip: bigint;                 // the faulting/trapping instruction (the end trap's address for signal 0)
  siAddr: bigint;
  msr: bigint;                 // as the signal frame shows it
  window: Uint8Array;
}

export const SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;

export const MAGIC_CASE = 0x43415345, MAGIC_RSLT = 0x52534c54, MAGIC_DONE = 0x444f4e45;

/** Byte offsets inside struct user_state. */
export const STATE = {
  gpr: 0, cr: 256, vscr: 260, xer: 264, lr: 272, ctr: 280, fpr: 288, fpscr: 544, vr: 552,
  vsrlo: 1064, vrsave: 1320, size: 1328,
} as const;

/** Case record: magic, ncode, state, code[64], window. */
export const CASE = { state: 8, code: 8 + STATE.size, window: 8 + STATE.size + 4 * MAX_CODE_WORDS,
  size: 8 + STATE.size + 4 * MAX_CODE_WORDS + WINDOW_SIZE } as const;

/** Result record: magic, signal, si_code, pad, nip, si_addr, msr, state, window. */
export const RESULT = { signal: 4, siCode: 8, nip: 16, siAddr: 24, msr: 32, state: 40,
  window: 40 + STATE.size, size: 40 + STATE.size + WINDOW_SIZE } as const;

export function defaultCase(): UserCase {
  const z = (): bigint[] => new Array<bigint>(32).fill(0n);
  return {
    gpr: z(), cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpr: z(), fpscr: 0n,
    vr: Array.from({ length: 32 }, (): [bigint, bigint] => [0n, 0n]), vsrlo: z(), vscr: 0, vrsave: 0,
    code: [], window: new Uint8Array(WINDOW_SIZE),
  };
}

function fail(what: string): never {
  throw new Error(`qemu-user case: ${what}`);
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Byte ranges of a record holding u32 and u64 fields (the window is bytes, never swapped). */
type Ranges = readonly (readonly [from: number, to: number, size: 4 | 8])[];
const stateRanges = (at: number): Ranges => [
  [at + STATE.gpr, at + STATE.cr, 8], [at + STATE.cr, at + STATE.xer, 4],
  [at + STATE.xer, at + STATE.vrsave, 8], [at + STATE.vrsave, at + STATE.size, 4],
];
const CASE_RANGES: Ranges = [[0, CASE.state, 4], ...stateRanges(CASE.state), [CASE.code, CASE.window, 4]];
const RESULT_RANGES: Ranges = [[0, RESULT.nip, 4], [RESULT.nip, RESULT.state, 8], ...stateRanges(RESULT.state)];

/** Byte-swaps the numeric fields of every record in place: records are built and read
 *  through host-order typed arrays (fast), and swapped when the guest's order differs. */
function swapRecords(bytes: Uint8Array, recSize: number, ranges: Ranges): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.length; at += recSize) {
    for (const [from, to, size] of ranges) {
      if (size === 4) {
        for (let o = at + from; o < at + to; o += 4) dv.setUint32(o, dv.getUint32(o, true), false);
      } else {
        for (let o = at + from; o < at + to; o += 8) {
          const lo = dv.getUint32(o, true), hi = dv.getUint32(o + 4, true);
          dv.setUint32(o, hi, false);
          dv.setUint32(o + 4, lo, false);
        }
      }
    }
  }
}

const needsSwap = (endian: Endian): boolean => (endian === 'le') !== HOST_LE;

function putState(q: BigUint64Array, w: Uint32Array, at: number, s: UserState): void {
  if (s.gpr.length !== 32 || s.fpr.length !== 32 || s.vr.length !== 32 || s.vsrlo.length !== 32)
    fail('gpr, fpr, vr and vsrlo need 32 entries each');
  // BigUint64Array stores reduce modulo 2^64, so negative values are accepted as two's complement.
  const q0 = at / 8, w0 = at / 4;
  for (let i = 0; i < 32; i++) q[q0 + STATE.gpr / 8 + i] = s.gpr[i];
  w[w0 + STATE.cr / 4] = s.cr;
  w[w0 + STATE.vscr / 4] = s.vscr;
  q[q0 + STATE.xer / 8] = s.xer;
  q[q0 + STATE.lr / 8] = s.lr;
  q[q0 + STATE.ctr / 8] = s.ctr;
  for (let i = 0; i < 32; i++) q[q0 + STATE.fpr / 8 + i] = s.fpr[i];
  q[q0 + STATE.fpscr / 8] = s.fpscr;
  for (let i = 0; i < 32; i++) {
    q[q0 + STATE.vr / 8 + 2 * i] = s.vr[i][0];
    q[q0 + STATE.vr / 8 + 2 * i + 1] = s.vr[i][1];
  }
  for (let i = 0; i < 32; i++) q[q0 + STATE.vsrlo / 8 + i] = s.vsrlo[i];
  w[w0 + STATE.vrsave / 4] = s.vrsave;
  w[w0 + STATE.vrsave / 4 + 1] = 0;
}

/** q[i], or `prev` itself when equal: most registers come back unchanged, and sharing the
 *  case's (immutable) bigint leaves the fresh one as short-lived garbage instead of one
 *  more object that survives, which is what makes decoding big batches expensive. */
const pick = (q: BigUint64Array, i: number, prev: bigint | undefined): bigint => {
  const v = q[i];
  return v === prev ? prev : v;
};

/** The 32 values at q[from…], or `prev` itself when all are equal (the usual case for FPRs,
 *  VSRs and most GPRs: no array allocated). Results are read, never written, by callers. */
function bigints(q: BigUint64Array, from: number, prev: readonly bigint[] | undefined): bigint[] {
  if (prev) {
    let i = 0;
    while (i < 32 && q[from + i] === prev[i]) i++;
    if (i === 32) return prev as bigint[];
  }
  const a = new Array<bigint>(32);
  for (let i = 0; i < 32; i++) a[i] = pick(q, from + i, prev?.[i]);
  return a;
}

/** The 32 VRs at q[from…] as [high, low] pairs, sharing the case's pairs that are equal. */
function vrs(q: BigUint64Array, from: number, prev: readonly (readonly [bigint, bigint])[] | undefined): [bigint, bigint][] {
  let same = prev !== undefined;
  const a = new Array<[bigint, bigint]>(32);
  for (let i = 0; i < 32; i++) {
    const p = prev?.[i], hi = q[from + 2 * i], lo = q[from + 2 * i + 1];
    if (p && p[0] === hi && p[1] === lo) a[i] = p as [bigint, bigint];
    else { a[i] = [pick(q, from + 2 * i, p?.[0]), pick(q, from + 2 * i + 1, p?.[1])]; same = false; }
  }
  return same ? (prev as [bigint, bigint][]) : a;
}

/** Writes cases[from, from + count) as records at the start of buf (which must hold them). */
export function encodeCasesInto(endian: Endian, cases: readonly UserCase[], from: number, count: number, buf: Uint8Array): void {
  if (buf.byteOffset % 8 !== 0 || buf.length < count * CASE.size) fail('encode buffer too small or not 8-aligned');
  const q = new BigUint64Array(buf.buffer, buf.byteOffset, (count * CASE.size) / 8);
  const w = new Uint32Array(buf.buffer, buf.byteOffset, (count * CASE.size) / 4);
  for (let k = 0; k < count; k++) {
    const n = from + k, c = cases[n], at = k * CASE.size;
    if (c.code.length > MAX_CODE_WORDS) fail(`case ${n}: more than ${MAX_CODE_WORDS} code words`);
    if (c.window.length !== WINDOW_SIZE) fail(`case ${n}: window must be ${WINDOW_SIZE} bytes`);
    w[at / 4] = MAGIC_CASE;
    w[at / 4 + 1] = c.code.length;
    putState(q, w, at + CASE.state, c);
    const code0 = (at + CASE.code) / 4;
    for (let i = 0; i < MAX_CODE_WORDS; i++) w[code0 + i] = i < c.code.length ? c.code[i] : 0;
    buf.set(c.window, at + CASE.window);
  }
  if (needsSwap(endian)) swapRecords(buf.subarray(0, count * CASE.size), CASE.size, CASE_RANGES);
}

/** The stdin stream for a batch: one case record each (EOF ends the input). */
export function encodeCases(endian: Endian, cases: readonly UserCase[]): Uint8Array {
  const buf = new Uint8Array(cases.length * CASE.size);
  encodeCasesInto(endian, cases, 0, cases.length, buf);
  return buf;
}

/** Results from the harness's stdout; throws on a bad magic or a partial record.
 *  Byte-swaps `bytes` in place when the guest's order is not the host's. The result
 *  windows are views into one buffer allocated per call (one allocation, not one each).
 *  `cases` (result k ran cases[first + k]) is optional and only saves memory. */
export function decodeResults(endian: Endian, bytes: Uint8Array, cases?: readonly UserCase[], first = 0): UserResult[] {
  if (bytes.length % RESULT.size !== 0) throw new Error(`qemu-user results: ${bytes.length} bytes is not a whole number of ${RESULT.size}-byte records`);
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice(); // typed-array views need an 8-aligned start
  if (needsSwap(endian)) swapRecords(own, RESULT.size, RESULT_RANGES);
  const q = new BigUint64Array(own.buffer, own.byteOffset, own.byteLength / 8);
  const w = new Uint32Array(own.buffer, own.byteOffset, own.byteLength / 4);
  const i32 = new Int32Array(own.buffer, own.byteOffset, own.byteLength / 4);
  const n = own.length / RESULT.size;
  const windows = new Uint8Array(n * WINDOW_SIZE);
  const out = new Array<UserResult>(n);
  for (let k = 0; k < n; k++) {
    const at = k * RESULT.size, q0 = (at + RESULT.state) / 8, w0 = (at + RESULT.state) / 4;
    const magic = w[at / 4];
    if (magic !== MAGIC_RSLT) throw new Error(`qemu-user results: bad magic 0x${magic.toString(16)} in record ${k}`);
    const c = cases?.[first + k];
    const vr = vrs(q, q0 + STATE.vr / 8, c?.vr);
    windows.set(own.subarray(at + RESULT.window, at + RESULT.window + WINDOW_SIZE), k * WINDOW_SIZE);
    out[k] = {
      signal: i32[(at + RESULT.signal) / 4],
      siCode: i32[(at + RESULT.siCode) / 4],
      nip: q[(at + RESULT.nip) / 8],
      siAddr: q[(at + RESULT.siAddr) / 8],
      msr: q[(at + RESULT.msr) / 8],
      gpr: bigints(q, q0 + STATE.gpr / 8, c?.gpr),
      cr: w[w0 + STATE.cr / 4],
      xer: pick(q, q0 + STATE.xer / 8, c?.xer),
      lr: pick(q, q0 + STATE.lr / 8, c?.lr),
      ctr: pick(q, q0 + STATE.ctr / 8, c?.ctr),
      fpr: bigints(q, q0 + STATE.fpr / 8, c?.fpr),
      fpscr: pick(q, q0 + STATE.fpscr / 8, c?.fpscr),
      vr,
      vsrlo: bigints(q, q0 + STATE.vsrlo / 8, c?.vsrlo),
      vscr: w[w0 + STATE.vscr / 4],
      vrsave: w[w0 + STATE.vrsave / 4],
      window: windows.subarray(k * WINDOW_SIZE, (k + 1) * WINDOW_SIZE),
    };
  }
  return out;
}
