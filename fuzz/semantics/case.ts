// A semantic test case: an initial user state, a sequence of 1–N instructions drawn from the
// table, and a memory window. The arbitrary draws symbolic operands (forms.ts); resolve()
// turns them into instruction words against the case's register pools and the layout both
// sides share (oracle/qemu-user/layout.ts).
import fc from 'fast-check';
import { encode, type Field, type Operands } from '../../engine/isa/index.js';
import { CODE_ADDR, MAX_CODE_WORDS, WINDOW_ADDR, WINDOW_SIZE } from '../../oracle/qemu-user/layout.js';
import type { UserCase } from '../../oracle/qemu-user/protocol.js';
import { FUZZ_FORMS, insnArb, invalidWord, type InsnDraw } from './forms.js';
import { FP_EDGES, INT_EDGES, fillBytes, int64Arb } from '../values.js';

/** Memory base registers (each points into the window) and index registers (small offsets);
 *  the other GPR operands come from the case's arithmetic pool. */
export const BASE_REGS = [14, 15, 16, 17] as const;
/** Holds bctar's target for the mtspr TAR before it (no pool uses it). */
const TAR_SOURCE = 13;
const MTSPR = FUZZ_FORMS.findIndex((f) => f.row.name === 'mtspr');
export const INDEX_REGS = [18, 19] as const;
const ARITH_CANDIDATES = [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31];

export interface CaseDraw {
  insns: InsnDraw[];
  /** Arithmetic register pool (slots 0..7 of the draws index it modulo its length). */
  pool: number[];
  /** Values of the pool registers (shrinkable, edge-weighted); the other GPRs, the FPRs and
   *  the vector registers come from `fillSeed` (0: zeros), mixing edge values in. */
  poolValues: bigint[];
  fillSeed: number;
  bases: number[]; // byte offsets of BASE_REGS into the window
  indexes: number[];
  cr: number;
  xerFlags: number; // SO OV CA OV32 CA32 as bits 4..0
  xerCount: number;
  /** LR/CTR initial values: indexes into safeTargets(), or a random value. */
  lr: number | bigint;
  ctr: number | bigint;
  /** The target bctar gets (through r13 and mtspr TAR), likewise. */
  tar: number | bigint;
  fpscr: number;
  windowSeed: number;
}

const M64 = (1n << 64n) - 1n;
const code = BigInt(CODE_ADDR), window = BigInt(WINDOW_ADDR);

/** Branch-register values that cannot send a sequence backwards into itself (which could loop
 *  forever): the end trap, the zeroed rest of the code area (an illegal word there), the
 *  unmapped gap, the window (not executable), 0 and the top of the address space. */
function safeTarget(k: number, end: bigint): bigint {
  return [end, end + 64n, code + 0xfff0n, window, window + 0x800n, 0n, 0xfffffffffffff000n, code + 0x10000n][k % 8];
}

export function caseArb(maxInsns: number, formWeights?: (i: number) => number): fc.Arbitrary<CaseDraw> {
  const forms = FUZZ_FORMS.map((_, i) => ({ weight: formWeights?.(i) ?? 1, arbitrary: insnArb(i) }));
  const insn = fc.oneof(...forms);
  const branchReg = fc.oneof({ weight: 3, arbitrary: fc.nat(7) }, { weight: 1, arbitrary: int64Arb });
  return fc.record({
    insns: fc.array(insn, { minLength: 1, maxLength: Math.min(maxInsns, MAX_CODE_WORDS) }),
    pool: fc.uniqueArray(fc.constantFrom(...ARITH_CANDIDATES), { minLength: 1, maxLength: 6 }),
    poolValues: fc.array(int64Arb, { minLength: 6, maxLength: 6 }),
    fillSeed: fc.nat(),
    bases: fc.array(fc.integer({ min: 64, max: 448 }).map((k) => k * 8), { minLength: 4, maxLength: 4 }),
    indexes: fc.array(fc.oneof(fc.integer({ min: 0, max: 32 }).map((k) => k * 8), fc.integer({ min: 0, max: 255 })), { minLength: 2, maxLength: 2 }),
    cr: fc.oneof(fc.constant(0), fc.nat({ max: 0xffffffff })),
    xerFlags: fc.nat(31),
    xerCount: fc.oneof({ weight: 3, arbitrary: fc.nat(31) }, { weight: 1, arbitrary: fc.nat(127) }),
    lr: branchReg,
    tar: branchReg,
    ctr: fc.oneof(branchReg, fc.constantFrom(0, 1, 2) as fc.Arbitrary<number>).map((v) => (typeof v === 'number' && v < 3 ? BigInt(v) : v)),
    fpscr: fc.nat({ max: 0xffffffff }),
    windowSeed: fc.nat(),
  });
}

/** What resolve() makes of a draw: the harness's case, and the words with where they sit. */
export interface ResolvedCase {
  userCase: UserCase;
  words: number[];
}

const LR_WRITERS = /^(bl|bla|bcl|bcla|bclrl|bcctrl)$/;

/** Concrete instruction words for a draw (dropping draws that would form an invalid
 *  instruction or a branch that could loop), and the initial state. */
export function resolve(d: CaseDraw): ResolvedCase {
  const words: number[] = [];
  const drafts = d.insns.map((x) => FUZZ_FORMS[x.form]);
  // Tail forms only at the end; branches among them only if nothing before writes their
  // register (else they could jump back into the sequence).
  const body = d.insns.filter((_, k) => drafts[k].kind !== 'tail');
  const tail = d.insns.length > 0 && drafts[d.insns.length - 1].kind === 'tail' ? d.insns[d.insns.length - 1] : null;
  const seq = [...body];
  const writesLr = body.some((x) => { const r = FUZZ_FORMS[x.form].row; return LR_WRITERS.test(r.name) || (r.name === 'mtspr' && x.fields.SPR === 8); });
  const writesCtr = body.some((x) => {
    const r = FUZZ_FORMS[x.form].row;
    return (r.name === 'mtspr' && x.fields.SPR === 9) || (r.operands.includes('BO') && ((x.fields.BO ?? 0) & 4) === 0);
  });
  let tarSet = false;
  if (tail) {
    const name = FUZZ_FORMS[tail.form].row.name;
    if (name.startsWith('bctar')) {
      // TAR is not in the signal frame (qemu-user's keeps the previous case's value): set it
      // from r13, which holds a safe target, as the very first instruction, which no
      // forward branch can skip.
      seq.unshift({ form: MTSPR, fields: { SPR: 815, RS: TAR_SOURCE }, rc: false, oe: false, literal: true });
      seq.push(tail);
      tarSet = true;
    } else if (name === 'mftb' || (name.startsWith('bclr') ? !writesLr : !writesCtr)) seq.push(tail);
  }
  matchReservationSizes(seq);
  const n = seq.length;
  for (let k = 0; k < n; k++) {
    const w = wordOf(seq[k], k, n, d.pool);
    if (w !== null) words.push(w);
  }
  // Branch distances were resolved against n; a dropped invalid word can only move a target
  // past the end trap, onto the zeroed rest of the code area (still forward, still ending).
  const end = code + BigInt(words.length * 4);
  const br = (v: number | bigint): bigint => (typeof v === 'number' ? safeTarget(v, end) : avoidCode(v, end));
  const fill = seeded(d.fillSeed, 32 * 8 + 32 * 8 + 32 * 16 + 32 * 8 + 64);
  const fv = new DataView(fill.buffer);
  const pick = (edges: readonly bigint[], i: number, raw: bigint) => (d.fillSeed !== 0 && fill[fill.length - 64 + (i & 63)] < 64 ? edges[fill[i & 255] % edges.length] : raw);
  const g = Array.from({ length: 32 }, (_, i) => pick(INT_EDGES, i, fv.getBigUint64(i * 8)));
  d.pool.forEach((r, k) => { g[r] = d.poolValues[k]; });
  const fpr = Array.from({ length: 32 }, (_, i) => pick(FP_EDGES, i + 32, fv.getBigUint64(256 + i * 8)));
  BASE_REGS.forEach((r, i) => { g[r] = window + BigInt(d.bases[i]); });
  if (tarSet) g[TAR_SOURCE] = br(d.tar);
  INDEX_REGS.forEach((r, i) => { g[r] = BigInt(d.indexes[i]); });
  const f = d.xerFlags;
  const xer = (f & 16 ? 1n << 31n : 0n) | (f & 8 ? 1n << 30n : 0n) | (f & 4 ? 1n << 29n : 0n)
    | (f & 2 ? 1n << 19n : 0n) | (f & 1 ? 1n << 18n : 0n) | BigInt(d.xerCount);
  const vr: [bigint, bigint][] = [], vsrlo: bigint[] = [];
  for (let i = 0; i < 32; i++) vr.push([fv.getBigUint64(512 + i * 16), fv.getBigUint64(520 + i * 16)]);
  for (let i = 0; i < 32; i++) vsrlo.push(fv.getBigUint64(1024 + i * 8));
  const userCase: UserCase = {
    gpr: g, cr: d.cr >>> 0, xer, lr: br(d.lr), ctr: br(d.ctr), fpr,
    // FPSCR bits 0:31 are reserved on POWER8 (64-bit FPSCR from ISA 2.05 keeps the upper
    // word for DFP rounding only); keep the low word, with bit 52 (reserved) clear.
    fpscr: BigInt((d.fpscr & ~0x800) >>> 0),
    vr, vsrlo, vscr: 0, vrsave: 0, code: words,
    window: seeded(d.windowSeed, WINDOW_SIZE),
  };
  return { userCase, words };
}

/** Filler bytes from a seed; seed 0 (where shrinking ends) gives zeros, for readable cases. */
function seeded(seed: number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  return seed === 0 ? b : fillBytes(seed, b);
}

/** Load-and-reserve and store-conditional forms by access size (Book II §4.4.2). */
const LARX = ['lbarx', 'lharx', 'lwarx', 'ldarx', 'lqarx'], STCX = ['stbcx.', 'sthcx.', 'stwcx.', 'stdcx.', 'stqcx.'];
const formIndex = (name: string) => FUZZ_FORMS.findIndex((f) => f.row.name === name);
const LARX_FORMS = LARX.map(formIndex), STCX_FORMS = STCX.map(formIndex);

/** A store conditional of another length than the reservation's leaves undefined whether it
 *  stores (Book II §4.4.2), so QEMU and we may both be right: each stcx. takes the length of
 *  the last l*arx before it. */
function matchReservationSizes(seq: InsnDraw[]): void {
  let size = -1;
  seq.forEach((x, k) => {
    const l = LARX_FORMS.indexOf(x.form);
    if (l >= 0) size = l;
    const s = STCX_FORMS.indexOf(x.form);
    if (s >= 0 && size >= 0 && s !== size) seq[k] = { ...x, form: STCX_FORMS[size] };
  });
}

function avoidCode(v: bigint, end: bigint): bigint {
  const t = v & M64 & ~3n;
  return t >= code && t < end ? end : v & M64;
}

function wordOf(x: InsnDraw, k: number, n: number, pool: number[]): number | null {
  const { row, kind } = FUZZ_FORMS[x.form];
  const ops: Operands = {};
  for (const f of row.operands) {
    const v = x.fields[f] as number;
    ops[f] = x.literal ? v : gprField(row.name, f, v, kind, pool) ?? branchField(f, v, k, n, row.name) ?? v;
  }
  let w: number;
  try {
    w = encode(row.name, ops, { rc: x.rc, oe: x.oe });
  } catch {
    return null; // operands the form cannot express
  }
  return invalidWord(row, w) ? null : w;
}

/** The register a GPR field's pool slot names. Memory forms take RA from the base registers
 *  and RB from the index registers; lmw/stmw and the string forms load or store runs of
 *  registers from RT/RS on, which start high (r20..) so they spare the base registers. */
function gprField(name: string, f: Field, slot: number, kind: string, pool: number[]): number | undefined {
  if (f !== 'RT' && f !== 'RS' && f !== 'RA' && f !== 'RB' && f !== 'RC') return undefined;
  if (kind === 'memory') {
    if (f === 'RA') return slot === 7 && name !== 'lmw' ? 0 : BASE_REGS[slot & 3];
    if (f === 'RB') return INDEX_REGS[slot & 1];
    if (/^(lmw|stmw|lsw|stsw)/.test(name)) return 20 + ((slot * 5) % 12);
    if (/^(lq|stq|lqarx|stqcx\.)$/.test(name)) return (pool[slot % pool.length] ?? 4) & ~1 || 4; // even pair
  }
  return pool[slot % pool.length];
}

/** BD/LI hold a forward distance; the target is clamped to the end trap. AA=1 forms get an
 *  absolute address outside the code (it faults in both: unmapped). */
function branchField(f: Field, dist: number, k: number, n: number, name: string): number | undefined {
  if (f !== 'BD' && f !== 'LI') return undefined;
  if (/a$/.test(name)) return 4 * dist * 1024; // ba, bla, bca, bcla
  return 4 * Math.min(dist, n - k);
}
