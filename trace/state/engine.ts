// State rows from a running machine: step one instruction, take any interrupt due before the
// next, and report what changed (trace/state/row.ts defines the row).
import type { Machine } from '../../engine/index.js';
import { changesBetween, newState, STATE_REGS, type RegState, type StateRow } from './row.js';

export interface StateSource {
  /** What this side is, for messages (e.g. "engine", "qemu", a file name). */
  label: string;
  /** The state before the first row. */
  initial: Promise<RegState> | RegState;
  rows: AsyncIterable<StateRow> | Iterable<StateRow>;
}

export interface EngineRowsOptions {
  /** Run silently to this icount first; rows start with the next instruction. */
  from?: number;
  /** Stop after this icount. */
  to?: number;
  /** Called after each instruction, before its state is read (reference-driven runs deliver
   *  the reference's interrupts here). */
  afterInstruction?: (m: Machine) => void;
}

export function engineStateSource(m: Machine, o: EngineRowsOptions = {}, label = 'engine'): StateSource {
  if (o.from) m.runTo(o.from);
  const read = m.registerReader(STATE_REGS);
  m.takePendingInterrupt();
  const initial = newState();
  read(initial);
  return { label, initial, rows: rows(m, read, initial.slice(), o) };
}

function* rows(m: Machine, read: (out: BigUint64Array) => void, before: RegState, o: EngineRowsOptions): Generator<StateRow> {
  const after = newState();
  const to = o.to ?? Infinity;
  while (m.halted === null && m.icount < to) {
    const pc = m.cpu.pc;
    const word = m.instructionAt(pc) ?? -1;
    m.step();
    if (o.afterInstruction) o.afterInstruction(m);
    else m.takePendingInterrupt();
    read(after);
    yield { icount: m.icount, pc, word, changes: changesBetween(before, after) };
    before.set(after);
  }
}
