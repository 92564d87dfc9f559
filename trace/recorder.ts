// Recording a run: the machine runs with its inputs door wrapped by RecordingInputs; input
// records, interrupt deliveries, checkpoints (state hash every N instructions) and snapshots
// (every M) go to the trace in icount order; an end record closes it.
import { Machine, type Inputs, type MachineConfig, type RunResult } from '../engine/index.js';
import { TraceWriter } from './writer.js';
import { RecordingInputs } from './inputs.js';
import { makeHeader, type ImagePaths } from './machine-config.js';
import type { TraceRecord } from './records.js';

export const DEFAULT_CHECKPOINT_INTERVAL = 10_000_000;
export const DEFAULT_SNAPSHOT_INTERVAL = 100_000_000;
/** Every this many snapshots one is full, so a seek never applies a long chain of deltas. */
export const FULL_SNAPSHOT_EVERY = 10;
/** Instructions per slice between visits to the host (flush, progress, console input). */
const SLICE = 4_000_000;

export interface RecordOptions {
  config: MachineConfig;
  paths: ImagePaths;
  out: string;
  /** Where outside values really come from (live, or scripted in tests). */
  inputs: Inputs;
  console: (bytes: Uint8Array) => void;
  checkpointInterval?: number;
  /** 0 = no snapshots. */
  snapshotInterval?: number;
  maxInsns?: number;
  /** Records per frame before the writer flushes on its own. */
  frameRecords?: number;
  /** Flush the current frame when this much host time has passed (crash safety). */
  flushMillis?: number;
  /** Polled between slices: true ends the recording (as if the limit were reached, reason
   *  'stopped'), with a complete trace. */
  shouldStop?: () => boolean;
  /** Called between slices (yield to the host, show progress). */
  between?: (m: Machine) => Promise<void> | void;
}

export interface RecordResult extends Omit<RunResult, 'stop'> {
  stop: RunResult['stop'] | 'stopped';
  hash: string;
  bytes: number;
  checkpoints: number;
  snapshots: number;
}

export async function record(o: RecordOptions): Promise<RecordResult> {
  const ci = o.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
  const si = o.snapshotInterval ?? DEFAULT_SNAPSHOT_INTERVAL;
  if (!Number.isSafeInteger(ci) || ci < 1) throw new RangeError(`checkpoint interval must be a positive integer, got ${ci}`);
  if (!Number.isSafeInteger(si) || si < 0) throw new RangeError(`snapshot interval must be a non-negative integer, got ${si}`);
  // The machine asks for its rng-seed while it is built, before the header (which holds the
  // device tree's hash) can be written: hold such records until the writer exists.
  const early: TraceRecord[] = [];
  let sink = (r: TraceRecord) => { early.push(r); };
  const m = new Machine(o.config, new RecordingInputs(o.inputs, (r) => sink(r)), o.console);
  const writer = await TraceWriter.create(o.out, makeHeader(o.config, o.paths, m, ci, si), { frameRecords: o.frameRecords });
  sink = (r) => writer.append(r);
  early.forEach(sink);
  m.onInterrupt = (vector, icount) => writer.append({ kind: 'interrupt', icount, vector });

  let checkpoints = 0, snapshots = 0;
  const checkpoint = () => { writer.append({ kind: 'checkpoint', icount: m.icount, hash: m.hash() }); checkpoints++; };
  const snapshot = () => {
    const full = snapshots % FULL_SNAPSHOT_EVERY === 0;
    writer.append({ kind: 'snapshot', icount: m.icount, full, state: m.snapshot(full) });
    snapshots++;
  };
  checkpoint();
  if (si) snapshot();
  let nextCk = ci, nextSnap = si || Infinity;
  const limit = o.maxInsns ?? Infinity;
  const flushMillis = o.flushMillis ?? 1000;
  let lastFlush = Date.now();
  let stopped = false;
  while (m.halted === null && m.icount < limit) {
    if (o.shouldStop?.()) { stopped = true; break; }
    m.runTo(Math.min(nextCk, nextSnap, limit, m.icount + SLICE));
    if (m.halted !== null) break;
    if (m.icount === nextCk) { checkpoint(); nextCk += ci; }
    if (m.icount === nextSnap) { snapshot(); nextSnap += si; }
    if (Date.now() - lastFlush >= flushMillis) {
      writer.flush();
      lastFlush = Date.now();
    }
    await o.between?.(m);
  }
  const hash = m.hash();
  const stop = m.halted ?? (stopped ? 'stopped' : 'limit');
  writer.append({ kind: 'end', icount: m.icount, hash, reason: stop });
  await writer.close();
  return { stop, icount: m.icount, hash, bytes: writer.bytesWritten, checkpoints, snapshots };
}
