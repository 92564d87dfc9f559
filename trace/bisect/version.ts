// Version bisect: the first instruction at which engine build B, replaying a trace, parts from
// build A. B replays the whole trace against the recorded checkpoints (one replay); at the
// first disagreement both builds are put at the last agreeing checkpoint — from the nearest
// snapshot when their snapshot formats allow, else by running there — and stepped in lockstep
// through (a narrowed part of) that one interval, compared instruction by instruction.
import type { Inputs, Machine, MachineConfig } from '../../engine/index.js';
import type { TraceReader } from '../reader.js';
import { replay, type ReplayResult } from '../replayer.js';
import { isInputRecord, ReplayInputs, type InputRecord } from '../inputs.js';
import { engineStateSource } from '../state/engine.js';
import { diffStates, type DiffResult } from '../state/diff.js';
import { BisectError, type EngineBuild } from './builds.js';

export interface BisectResult {
  /** 'same': B replays the trace exactly; 'found': the first differing instruction is known;
   *  'memory-only': checkpoint hashes differ in the interval but no register does (the
   *  difference is in memory or device state). */
  status: 'same' | 'found' | 'memory-only';
  /** What B's replay reported. */
  replay: ReplayResult;
  /** The interval the lockstep walked: last agreeing checkpoint … first disagreement. */
  interval?: [number, number];
  /** How the two builds reached the interval's start. */
  positioned?: 'snapshot' | 'run';
  diff?: DiffResult;
  seconds: { replay: number; position: number; lockstep: number };
}

export interface BisectOptions {
  onProgress?: (phase: 'replay' | 'position' | 'lockstep', icount: number) => void;
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

export async function versionBisect(reader: TraceReader, config: MachineConfig, a: EngineBuild, b: EngineBuild, o: BisectOptions = {}): Promise<BisectResult> {
  let t = now();
  const seconds = { replay: 0, position: 0, lockstep: 0 };
  const rep = await replay({ reader, config, machine: b.Machine, console: () => {}, between: (m) => o.onProgress?.('replay', m.icount) });
  seconds.replay = now() - t;
  if (rep.status !== 'diverged') return { status: 'same', replay: rep, seconds };

  // The first disagreement lies after the last checkpoint B matched and at or before the
  // icount B's replay stopped at.
  const stop = rep.divergence!.icount;
  const agreed = reader.checkpoints().filter((c) => c.icount < stop).at(-1)?.icount ?? 0;
  t = now();
  const [ma, ia] = machineFor(a, reader, config);
  const [mb, ib] = machineFor(b, reader, config);
  const seek = agreed > 0 ? reader.snapshotBefore(agreed) : undefined;
  let restored = 0;
  for (const [m, inputs] of [[ma, ia], [mb, ib]] as const) {
    if (seek) {
      try {
        m.restore(seek.chain);
        inputs.seek(m.icount);
        restored++;
      } catch {
        // This build cannot read that snapshot (another format): it runs there from boot.
      }
    }
    m.runTo(agreed);
    o.onProgress?.('position', m.icount);
  }
  const positioned: BisectResult['positioned'] = restored === 2 ? 'snapshot' : 'run';
  seconds.position = now() - t;

  t = now();
  const [from, to] = narrow([ma, ia], [mb, ib], agreed, stop, o);
  const diff = await diffStates(engineStateSource(ma, { to }, a.label), engineStateSource(mb, { to }, b.label), {
    bFirst: false, onProgress: (n) => o.onProgress?.('lockstep', from + n),
  });
  seconds.lockstep = now() - t;
  // A must be the build that agrees with the recording where B first did not; otherwise the
  // difference found may be A's own.
  const want = recordedHash(reader, stop);
  if (want !== undefined) {
    ma.runTo(stop);
    if (ma.hash() !== want) throw new BisectError(`engine A (${a.label}) does not replay this trace itself: at icount ${stop} its state differs from the recording too`);
  }
  return { status: diff.divergence ? 'found' : 'memory-only', replay: rep, interval: [agreed, stop], positioned, diff, seconds };
}

/** Stepping both builds instruction by instruction is ~100× slower than running them, so the
 *  interval is first narrowed at full speed: run both in 64 chunks, compare their state
 *  hashes at each chunk end (keeping delta snapshots to step back), recurse into the first
 *  chunk that differs. Leaves both machines at the start of an interval of at most
 *  LOCKSTEP_MAX instructions that holds the first difference; returns it. */
const LOCKSTEP_MAX = 20_000;
type Side = [Machine, SeekableInputs];

function narrow(a: Side, b: Side, lo: number, hi: number, o: BisectOptions): [number, number] {
  const chains = [[a[0].snapshot(true)], [b[0].snapshot(true)]];
  while (hi - lo > LOCKSTEP_MAX) {
    const step = Math.ceil((hi - lo) / 64);
    let start = lo, end = hi;
    for (let e = lo + step; ; e += step) {
      const at = Math.min(e, hi);
      a[0].runTo(at);
      b[0].runTo(at);
      o.onProgress?.('lockstep', at);
      if (a[0].icount !== at || b[0].icount !== at || a[0].hash() !== b[0].hash()) { end = at; break; }
      if (at === hi) break; // no difference in state hashes: walk the last chunk in lockstep
      chains[0].push(a[0].snapshot(false));
      chains[1].push(b[0].snapshot(false));
      start = at;
    }
    // Back to the chunk's start.
    for (const [i, [m, inputs]] of [a, b].entries()) {
      m.restore(chains[i]);
      inputs.seek(m.icount);
    }
    if (end === hi && start === lo) break;
    [lo, hi] = [start, end];
  }
  return [lo, hi];
}

/** The recorded state hash at `icount` (a checkpoint or the end), if the trace has one. */
function recordedHash(reader: TraceReader, icount: number): string | undefined {
  const c = reader.checkpoints().find((k) => k.icount === icount);
  if (c) return c.hash;
  for (const r of reader.records(icount, icount)) if (r.kind === 'end' || r.kind === 'checkpoint') return r.hash;
  return undefined;
}

/** A machine of build `e` fed the trace's recorded inputs. */
function machineFor(e: EngineBuild, reader: TraceReader, config: MachineConfig): [Machine, SeekableInputs] {
  const records: InputRecord[] = [];
  for (const r of reader.records()) if (isInputRecord(r)) records.push(r);
  const inputs = new SeekableInputs(records);
  return [new e.Machine(config, inputs, () => {}), inputs];
}

/** Recorded inputs that can be positioned anywhere: after a restore to icount N, the inputs
 *  consumed up to N are skipped. */
class SeekableInputs implements Inputs {
  private inner = new ReplayInputs();
  constructor(private readonly records: InputRecord[]) {
    records.forEach((r) => this.inner.feed(r));
  }
  seek(icount: number): void {
    this.inner = new ReplayInputs();
    for (const r of this.records) if (r.icount > icount) this.inner.feed(r);
  }
  consoleRead(icount: number, max: number): Uint8Array { return this.inner.consoleRead(icount, max); }
  random64(icount: number): bigint { return this.inner.random64(icount); }
  rtcMillis(icount: number): number { return this.inner.rtcMillis(icount); }
  rngSeed(icount: number, len: number): Uint8Array { return this.inner.rngSeed(icount, len); }
}
