// Replaying a trace: the machine is re-created from the header, its inputs door answers
// from the trace, and every check record is verified: interrupt deliveries as they happen,
// state hashes at checkpoints and at the end. The first disagreement stops the replay.
import { Machine, sha256Hex, type MachineConfig } from '../engine/index.js';
import type { TraceReader } from './reader.js';
import { describeRecord, Divergence, isInputRecord, ReplayInputs } from './inputs.js';
import type { TraceRecord } from './records.js';

const SLICE = 4_000_000;

export interface ReplayOptions {
  reader: TraceReader;
  config: MachineConfig;
  console: (bytes: Uint8Array) => void;
  /** Start from the last snapshot at or before this icount instead of from boot. */
  from?: number;
  /** The engine build to replay on (another build's Machine, loaded beside this one, for
   *  bisect); default this build's. */
  machine?: typeof Machine;
  between?: (m: Machine) => Promise<void> | void;
}

export interface ReplayResult {
  /** matched: to the end record; cut-short: everything present matched but the trace has no
   *  end (the recording was killed); diverged: see `divergence`. */
  status: 'matched' | 'cut-short' | 'diverged';
  icount: number;
  /** Where the replay started (0, or a snapshot's icount). */
  startIcount: number;
  checkpoints: number;
  interrupts: number;
  inputs: number;
  endReason?: string;
  divergence?: { icount: number; pc: bigint; expected: string; actual: string };
}

export async function replay(o: ReplayOptions): Promise<ReplayResult> {
  const inputs = new ReplayInputs();
  const expected: Extract<TraceRecord, { kind: 'interrupt' }>[] = [];
  const res: ReplayResult = { status: 'cut-short', icount: 0, startIcount: 0, checkpoints: 0, interrupts: 0, inputs: 0 };
  let m: Machine | undefined;

  const create = (): Machine => {
    const machine = new (o.machine ?? Machine)(o.config, inputs, o.console);
    const fdt = sha256Hex(machine.fdt);
    if (fdt !== o.reader.header.fdtSha256) {
      throw new Divergence(0, `the recorded device tree (sha256 ${o.reader.header.fdtSha256.slice(0, 16)}…)`, `this engine builds another (${fdt.slice(0, 16)}…)`);
    }
    machine.onInterrupt = (vector, icount) => {
      const e = expected.shift();
      if (!e || e.icount !== icount || e.vector !== vector) {
        throw new Divergence(icount, e ? describeRecord(e) : 'no interrupt here', `interrupt 0x${vector.toString(16)} was taken at icount ${icount}`);
      }
      res.interrupts++;
    };
    return machine;
  };

  const runTo = async (machine: Machine, icount: number) => {
    while (machine.icount < icount && machine.halted === null) {
      machine.runTo(Math.min(icount, machine.icount + SLICE));
      await o.between?.(machine);
    }
    if (machine.icount < icount) {
      throw new Divergence(machine.icount, `the run to go on to icount ${icount}`, `the machine stopped (${machine.halted})`);
    }
  };

  /** At a check record: every input and interrupt recorded up to here has happened. */
  const settled = (icount: number) => {
    inputs.checkNoneMissedBefore(icount + 1);
    if (expected.length) throw new Divergence(expected[0].icount, describeRecord(expected[0]), 'it was not taken');
  };

  let skipInputsTo = -1;
  let records: Iterable<TraceRecord> = o.reader.records();
  try {
    if (o.from !== undefined && o.from > 0) {
      const seek = o.reader.snapshotBefore(o.from);
      if (seek) {
        // The rng-seed (icount 0) is needed to build the machine; then the snapshot chain.
        for (const r of o.reader.records(0, 0)) if (r.kind === 'rngseed') inputs.feed(r);
        m = create();
        m.restore(seek.chain);
        res.startIcount = skipInputsTo = m.icount;
        records = o.reader.records(m.icount);
      }
    }
    for (const r of records) {
      if (isInputRecord(r)) {
        // consumed before the snapshot (the icount-0 rng-seed was fed above)
        if (r.icount <= skipInputsTo) continue;
        inputs.feed(r);
        res.inputs++;
        continue;
      }
      switch (r.kind) {
        case 'interrupt':
          expected.push(r);
          break;
        case 'snapshot':
          break;
        case 'checkpoint': {
          m ??= create();
          if (r.icount < m.icount) break; // before a seek's starting point
          await runTo(m, r.icount);
          settled(r.icount);
          const h = m.hash();
          if (h !== r.hash) throw new Divergence(r.icount, `state hash ${r.hash.slice(0, 16)}…`, `the machine's state hashes to ${h.slice(0, 16)}…`);
          res.checkpoints++;
          break;
        }
        case 'end': {
          m ??= create();
          await runTo(m, r.icount);
          settled(r.icount);
          // A run the recorder stopped ('limit', 'stopped') ends with the machine still running.
          const reason = m.halted ?? (r.reason === 'stopped' ? 'stopped' : 'limit');
          if (reason !== r.reason) throw new Divergence(r.icount, `the run to end with ${r.reason}`, `it ended with ${reason}`);
          const h = m.hash();
          if (h !== r.hash) throw new Divergence(r.icount, `final state hash ${r.hash.slice(0, 16)}…`, `the machine's state hashes to ${h.slice(0, 16)}…`);
          res.status = 'matched';
          res.endReason = r.reason;
          break;
        }
      }
    }
  } catch (e) {
    if (!(e instanceof Divergence)) throw e;
    res.status = 'diverged';
    res.divergence = { icount: e.icount, pc: m?.cpu.pc ?? 0n, expected: e.expected, actual: e.actual };
  }
  res.icount = m?.icount ?? 0;
  return res;
}
