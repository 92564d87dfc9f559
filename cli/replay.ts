// `pseries-rr replay FILE`: re-create the recorded machine, feed it the recorded inputs,
// check every interrupt and checkpoint, print the console output again.
// Exit: 0 matched to the last instruction, 1 diverged, 2 bad input, 3 the trace was cut short
// (everything in it matched).
import { TraceReader } from '../trace/reader.js';
import { replay, type ReplayResult } from '../trace/replayer.js';
import { configFromHeader, ImageMismatch } from '../trace/machine-config.js';
import { UsageError } from './errors.js';
import { Progress } from './progress.js';
import { openTrace } from './open-trace.js';
import { traceStateSource } from '../trace/state/from-trace.js';
import { writeStateTrace } from '../trace/state/file.js';
import type { MachineConfig } from '../engine/index.js';

export interface ReplayArgs {
  file: string;
  bios?: string; kernel?: string; initrd?: string;
  from?: number;
  to?: number;
  'state-trace'?: string;
  quiet?: boolean;
  json?: boolean;
}

export async function replayCommand(a: ReplayArgs): Promise<number> {
  const reader: TraceReader = await openTrace(a.file);
  let config;
  try {
    config = configFromHeader(reader.header, { bios: a.bios, kernel: a.kernel, initrd: a.initrd });
  } catch (e) {
    if (e instanceof ImageMismatch) throw new UsageError(e.message);
    throw e;
  }
  if (a['state-trace']) return writeRecordedWindow(reader, config, a);
  const progress = new Progress('replaying');
  const r = await replay({
    reader, config, from: a.from,
    console: a.quiet || a.json ? () => {} : (b) => process.stdout.write(b),
    between: async (m) => {
      progress.update(m.icount);
      await new Promise((res) => setImmediate(res));
    },
  });
  progress.done();
  if (a.json) process.stdout.write(JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)) + '\n');
  else process.stderr.write(`pseries-rr: ${summary(r, reader)}\n`);
  return r.status === 'matched' ? 0 : r.status === 'diverged' ? 1 : 3;
}

/** --state-trace: the recorded run's per-instruction rows (its inputs replayed) for a window. */
async function writeRecordedWindow(reader: TraceReader, config: MachineConfig, a: ReplayArgs): Promise<number> {
  const src = traceStateSource(reader, config, { from: a.from ?? 0, to: a.to });
  const s = await writeStateTrace(a['state-trace']!, {
    source: 'engine', description: `pseries-rr replay ${a.file}`, fromIcount: a.from ?? 0, toIcount: a.to, initial: await src.initial,
  }, src.rows);
  process.stderr.write(`pseries-rr: wrote ${s.rows.toLocaleString('en')} instruction rows to ${a['state-trace']} (${s.fileBytes.toLocaleString('en')} bytes)\n`);
  return 0;
}

function summary(r: ReplayResult, reader: TraceReader): string {
  const checked = `${r.checkpoints} checkpoints, ${r.interrupts} interrupts and ${r.inputs} inputs`;
  const from = r.startIcount ? ` from the snapshot at icount ${r.startIcount.toLocaleString('en')}` : '';
  switch (r.status) {
    case 'matched':
      return `replay matched${from}: ${r.icount.toLocaleString('en')} instructions, ${checked} checked; the run ended with ${r.endReason}`;
    case 'cut-short':
      return `replay matched everything the trace holds${from} (${r.icount.toLocaleString('en')} instructions, ${checked}), but the trace was cut short: ${reader.cutShort ?? 'it has no end record'}`;
    case 'diverged': {
      const d = r.divergence!;
      return `replay diverged at icount ${d.icount.toLocaleString('en')} (pc 0x${d.pc.toString(16)}): expected ${d.expected}, but ${d.actual}`;
    }
  }
}
