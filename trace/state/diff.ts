// Walk two state streams in step and stop at the first instruction whose architected state
// differs: address, word, or any register (after the instruction) not masked.
import { disasm } from '../../engine/index.js';
import { applyRow, newState, NREGS, STATE_REGS, type RegState, type StateRow } from './row.js';
import type { StateSource } from './engine.js';

export interface RegDifference { name: string; a: bigint; b: bigint; before: bigint }

export interface HistoryEntry { icount: number; pc: bigint; word: number; text: string }

export interface StateDivergence {
  /** 0: the states before the first instruction differ. */
  icount: number;
  kind: 'initial' | 'pc' | 'word' | 'registers' | 'length';
  pcA?: bigint; pcB?: bigint;
  wordA?: number; wordB?: number;
  /** The instruction at the divergence, disassembled (side A's word). */
  text?: string;
  registers: RegDifference[];
  /** For 'length': which side ended first. */
  ended?: 'a' | 'b';
  /** The instructions before it (side A), oldest first. */
  history: HistoryEntry[];
}

/** What a known-deviation rule sees at a register divergence. */
export interface DeviationContext {
  icount: number;
  pc: bigint;
  word: number;
  text: string;
  /** a = side A's value after the instruction, b = side B's. */
  registers: RegDifference[];
  /** The side that will take the other's values (the live one). */
  adopter: 'a' | 'b';
  /** The icount of the last hypercall (`sc 1`) with number `nr` (r3) before this one. */
  lastHcall(nr: bigint): number | undefined;
}

/** A difference explained elsewhere (e.g. a reference known to be wrong, with the ISA text
 *  that says so): the live side adopts the other side's values and the walk goes on. */
export interface KnownDeviation {
  id: string;
  reason: string;
  /** False if it does not apply; else where the adopting side goes on (default: as it is). */
  applies(c: DeviationContext): false | { continueAt?: bigint };
}

export interface DiffResult {
  labelA: string;
  labelB: string;
  /** Instructions compared (rows where both sides agreed, plus the divergent one). */
  compared: number;
  divergence?: StateDivergence;
  /** Known deviations passed on the way (each adopted from the other side). */
  deviations: { icount: number; id: string }[];
}

export interface DiffOptions {
  /** Register names not compared (e.g. ones a reference gets wrong, each with a reason). */
  mask?: readonly string[];
  /** Differences to step over (the live side adopts the other's values). */
  deviations?: readonly KnownDeviation[];
  /** Instructions of context kept before a divergence (default 20). */
  history?: number;
  /** Stop after this many instructions. */
  limit?: number;
  /** Read B's row before A's (B is the reference whose inputs drive A). Default true. */
  bFirst?: boolean;
  onProgress?: (compared: number) => void;
}

const SC_1 = 0x44000022; // sc 1: a hypercall
const R3 = STATE_REGS.indexOf('r3');

const text = (word: number, pc: bigint) => (word < 0 ? '(word unknown)' : disasm(word >>> 0, pc));

export async function diffStates(a: StateSource, b: StateSource, o: DiffOptions = {}): Promise<DiffResult> {
  const masked = new Uint8Array(NREGS);
  for (const n of o.mask ?? []) {
    const i = (STATE_REGS as readonly string[]).indexOf(n);
    if (i < 0) throw new Error(`cannot mask '${n}': not a compared register (${STATE_REGS.join(', ')})`);
    masked[i] = 1;
  }
  const keep = o.history ?? 20;
  const history: HistoryEntry[] = [];
  const res: DiffResult = { labelA: a.label, labelB: b.label, compared: 0, deviations: [] };
  const adopter = a.adopt ? 'a' : b.adopt ? 'b' : null;
  const lastHcalls = new Map<bigint, number>();
  const lastHcall = (nr: bigint) => lastHcalls.get(nr);
  const sa = newState(), sb = newState();
  sa.set(await a.initial);
  sb.set(await b.initial);
  const regDiffs = (prev?: RegState) => {
    const out: RegDifference[] = [];
    for (let i = 0; i < NREGS; i++) if (!masked[i] && sa[i] !== sb[i]) out.push({ name: STATE_REGS[i], a: sa[i], b: sb[i], before: prev ? prev[i] : sa[i] });
    return out;
  };
  const initialDiffs = regDiffs();
  if (initialDiffs.length) {
    res.divergence = { icount: 0, kind: 'initial', registers: initialDiffs, history };
    return res;
  }
  /** Try the known deviations on a register divergence of the current row. */
  let cur: { icount: number; pc: bigint; word: number; text: string } = { icount: 0, pc: 0n, word: -1, text: '' };
  const stepOver = (d: RegDifference[]): boolean => {
    const ctx: DeviationContext = { ...cur, registers: d, adopter: adopter!, lastHcall };
    for (const dev of o.deviations ?? []) {
      const hit = dev.applies(ctx);
      if (!hit) continue;
      const values = d.map((r) => [(STATE_REGS as readonly string[]).indexOf(r.name), adopter === 'a' ? r.b : r.a] as [number, bigint]);
      (adopter === 'a' ? a : b).adopt!(values, hit.continueAt);
      for (const [i, v] of values) { sa[i] = v; sb[i] = v; }
      res.deviations.push({ icount: cur.icount, id: dev.id });
      return true;
    }
    return false;
  };
  const ia = iterate(a.rows), ib = iterate(b.rows);
  const bFirst = o.bFirst ?? true;
  const limit = o.limit ?? Infinity;
  const prev = newState();
  try {
    while (res.compared < limit) {
      let ra: IteratorResult<StateRow>, rb: IteratorResult<StateRow>;
      if (bFirst) { rb = await ib.next(); ra = await ia.next(); } else { ra = await ia.next(); rb = await ib.next(); }
      if (ra.done && rb.done) return res;
      if (ra.done || rb.done) {
        res.divergence = { icount: res.compared + 1, kind: 'length', ended: ra.done ? 'a' : 'b', registers: [], history };
        return res;
      }
      const x = ra.value, y = rb.value;
      res.compared++;
      const base = { icount: x.icount, pcA: x.pc, pcB: y.pc, wordA: x.word, wordB: y.word, text: text(x.word, x.pc), history };
      cur = { icount: x.icount, pc: x.pc, word: x.word, text: base.text };
      if (x.pc !== y.pc) { res.divergence = { ...base, kind: 'pc', registers: [] }; return res; }
      if (x.word >= 0 && y.word >= 0 && x.word !== y.word) { res.divergence = { ...base, kind: 'word', registers: [] }; return res; }
      prev.set(sa);
      applyRow(sa, x);
      applyRow(sb, y);
      if (!x.partial && !y.partial) {
        const d = regDiffs(prev);
        if (d.length && !(adopter && stepOver(d))) { res.divergence = { ...base, kind: 'registers', registers: d }; return res; }
      } else {
        // After an instruction whose result one side cannot show, adopt the other's state.
        if (x.partial) sa.set(sb); else sb.set(sa);
      }
      if (x.word === SC_1) lastHcalls.set(prev[R3], x.icount);
      history.push({ icount: x.icount, pc: x.pc, word: x.word, text: base.text });
      if (history.length > keep) history.shift();
      if (o.onProgress && (res.compared & 0xffff) === 0) o.onProgress(res.compared);
    }
    return res;
  } finally {
    await ia.return?.();
    await ib.return?.();
  }
}

function iterate(rows: AsyncIterable<StateRow> | Iterable<StateRow>): AsyncIterator<StateRow> | Iterator<StateRow> {
  return Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
}
