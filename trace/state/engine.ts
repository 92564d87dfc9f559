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
  /** A live side can take over another run's values after a known deviation: the registers
   *  (by STATE_REGS index) and, if given, the address to go on at. */
  adopt?: (values: [number, bigint][], nextPc?: bigint) => void;
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
  const before = initial.slice();
  const adopt = (values: [number, bigint][], nextPc?: bigint) => {
    for (const [i, v] of values) {
      m.writeRegister(STATE_REGS[i], v);
      before[i] = v;
    }
    if (nextPc !== undefined) m.writeRegister('pc', nextPc);
  };
  return { label, initial, rows: rows(m, read, before, o), adopt };
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
