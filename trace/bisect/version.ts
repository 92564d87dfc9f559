// Version bisect: the first instruction at which engine build B, replaying a trace, parts from
// build A. B replays the whole trace against the recorded checkpoints (one replay); at the
// first disagreement both builds are put at the last agreeing checkpoint — from the nearest
// snapshot when their snapshot formats allow, else by running there — and stepped in lockstep
// through that one interval, compared instruction by instruction.
import type { Machine, MachineConfig } from '../../engine/index.js';
import type { TraceReader } from '../reader.js';
import { replay, type ReplayResult } from '../replayer.js';
import { isInputRecord, ReplayInputs } from '../inputs.js';
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
        inputs.skipTo(m.icount);
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
  const diff = await diffStates(engineStateSource(ma, { to: stop }, a.label), engineStateSource(mb, { to: stop }, b.label), {
    bFirst: false, onProgress: (n) => o.onProgress?.('lockstep', agreed + n),
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

/** The recorded state hash at `icount` (a checkpoint or the end), if the trace has one. */
function recordedHash(reader: TraceReader, icount: number): string | undefined {
  const c = reader.checkpoints().find((k) => k.icount === icount);
  if (c) return c.hash;
  for (const r of reader.records(icount, icount)) if (r.kind === 'end' || r.kind === 'checkpoint') return r.hash;
  return undefined;
}

/** A machine of build `e` fed the trace's recorded inputs. */
function machineFor(e: EngineBuild, reader: TraceReader, config: MachineConfig): [Machine, SeekableInputs] {
  const inputs = new SeekableInputs();
  for (const r of reader.records()) if (isInputRecord(r)) inputs.feed(r);
  return [new e.Machine(config, inputs, () => {}), inputs];
}

/** Recorded inputs that can skip what a restored snapshot already consumed. */
class SeekableInputs extends ReplayInputs {
  skipTo(icount: number): void {
    for (let r = this.pending(); r && r.icount <= icount && r.kind !== 'rngseed'; r = this.pending()) this.consume();
  }
}
