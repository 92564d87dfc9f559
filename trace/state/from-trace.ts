// State rows of a recorded run: the machine re-created from the trace header and fed the
// recorded inputs, stepped one instruction at a time.
import { Machine, type MachineConfig } from '../../engine/index.js';
import type { TraceReader } from '../reader.js';
import { isInputRecord, ReplayInputs } from '../inputs.js';
import { engineStateSource, type EngineRowsOptions, type StateSource } from './engine.js';

export function traceStateSource(reader: TraceReader, config: MachineConfig, o: EngineRowsOptions = {}, label = 'replay'): StateSource {
  const inputs = new ReplayInputs();
  // Input records are small (snapshots, the big ones, are not inputs): queue them all, and
  // stop where the recording ended.
  let end = Infinity;
  for (const r of reader.records()) {
    if (isInputRecord(r)) inputs.feed(r);
    else if (r.kind === 'end') end = r.icount;
  }
  const m = new Machine(config, inputs, () => {});
  return engineStateSource(m, { ...o, to: Math.min(o.to ?? Infinity, end) }, label);
}
