// `pseries-rr record -o FILE <run options>`: run with live inputs and log them to a trace.
import { existsSync } from 'node:fs';
import { LiveInputs } from '../engine/index.js';
import { record } from '../trace/recorder.js';
import { asUsage, machineConfig, type MachineArgs } from './machine-options.js';
import { attachConsole } from './console.js';
import { Progress } from './progress.js';
import { EXIT_FOR } from './run.js';
import { UsageError } from './errors.js';

export interface RecordArgs extends MachineArgs {
  o: string;
  force?: boolean;
  'checkpoint-interval': number;
  'snapshot-interval': number;
}

export async function recordCommand(a: RecordArgs): Promise<number> {
  if (existsSync(a.o) && !a.force) throw new UsageError(`'${a.o}' exists: pass --force to overwrite it`);
  const config = machineConfig(a);
  const inputs = new LiveInputs();
  const detach = attachConsole(inputs);
  const progress = new Progress('recording');
  let stop = false;
  const onSigint = () => { stop = true; };
  process.on('SIGINT', onSigint);
  try {
    const r = await record({
      config, paths: { bios: a.bios, kernel: a.kernel, initrd: a.initrd }, out: a.o, inputs,
      console: (b) => process.stdout.write(b),
      checkpointInterval: a['checkpoint-interval'], snapshotInterval: a['snapshot-interval'],
      maxInsns: a['max-insns'], shouldStop: () => stop,
      between: async (m) => {
        progress.update(m.icount);
        await new Promise((res) => setImmediate(res));
      },
    }).catch(asUsageIfConfig);
    progress.done();
    process.stderr.write(`pseries-rr: recorded ${r.icount.toLocaleString('en')} instructions to ${a.o} ` +
      `(${r.bytes.toLocaleString('en')} bytes, ${r.checkpoints} checkpoints, ${r.snapshots} snapshots); ${describe(r.stop)}\n`);
    return r.stop === 'stopped' ? 130 : EXIT_FOR[r.stop];
  } finally {
    process.off('SIGINT', onSigint);
    detach();
  }
}

function describe(stop: string): string {
  switch (stop) {
    case 'power-off': return 'the guest powered off';
    case 'reboot': return 'the guest asked to reboot';
    case 'checkstop': return 'the machine checkstopped';
    case 'stopped': return 'stopped by Ctrl-C (the trace is complete up to there)';
    default: return 'stopped at the instruction limit';
  }
}

function asUsageIfConfig(e: unknown): never {
  if (e instanceof RangeError) throw new UsageError(e.message);
  return asUsage(e);
}
