// The unit of instruction-by-instruction comparison (ARCHITECTURE.md "Traces"): one row per
// instruction, in execution order. Row n holds the instruction's address and word and the
// architected registers whose values differ between the state before instruction n and the
// state before instruction n + 1 — so an interrupt taken after instruction n (synchronous
// or not) is part of row n, exactly as QEMU's per-instruction log shows it.

/** The registers both the engine and QEMU's `-d cpu` log report, in a fixed order; their
 *  index is their id in rows and files. TB and DEC are left out (they are time, compared as
 *  inputs), and so are registers QEMU prints but POWER8 guests cannot see. */
export const STATE_REGS = [
  'r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15',
  'r16', 'r17', 'r18', 'r19', 'r20', 'r21', 'r22', 'r23', 'r24', 'r25', 'r26', 'r27', 'r28', 'r29', 'r30', 'r31',
  'cr', 'xer', 'lr', 'ctr', 'msr', 'srr0', 'srr1', 'sprg0', 'sprg1', 'sprg2', 'sprg3', 'dar', 'dsisr', 'cfar', 'lpcr',
] as const;

export type RegName = (typeof STATE_REGS)[number];
export const REG_INDEX: Readonly<Record<RegName, number>> = Object.fromEntries(STATE_REGS.map((n, i) => [n, i])) as Record<RegName, number>;
export const NREGS = STATE_REGS.length;

/** A full architected state: one 64-bit value per STATE_REGS entry (CR, DSISR: low 32 bits). */
export type RegState = BigUint64Array;

export interface StateRow {
  /** 1 for the first instruction of the run (the icount after it started). */
  icount: number;
  pc: bigint;
  /** The instruction word as executed (byte order already applied), or -1 if unknown. */
  word: number;
  /** [register index, value after] for every register the instruction changed. */
  changes: [number, bigint][];
  /** The state after this instruction is not known (QEMU's log ends before the next
   *  instruction, e.g. at power-off): only pc and word can be compared. */
  partial?: boolean;
}

export function newState(): RegState {
  return new BigUint64Array(NREGS);
}

/** Apply a row's changes to a running full state. */
export function applyRow(s: RegState, r: StateRow): void {
  for (const [i, v] of r.changes) s[i] = v;
}

/** The changes that turn `before` into `after`. */
export function changesBetween(before: RegState, after: RegState): [number, bigint][] {
  const out: [number, bigint][] = [];
  for (let i = 0; i < NREGS; i++) if (before[i] !== after[i]) out.push([i, after[i]]);
  return out;
}
