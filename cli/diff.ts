// `pseries-rr diff A B`: walk two runs instruction by instruction and stop at the first
// difference. A side is a state-trace file, an input trace (replayed on the engine),
// `engine:` (this engine on the machine options given) or `qemu:` (QEMU 7.2 on the same
// image, its inputs driving the engine side). Exit: 0 no divergence, 1 divergence, 2 error.
import { closeSync, openSync, readSync } from 'node:fs';
import { FixedInputs, Machine, type MachineConfig } from '../engine/index.js';
import { TraceReader } from '../trace/reader.js';
import { configFromHeader, ImageMismatch } from '../trace/machine-config.js';
import { StateTraceReader } from '../trace/state/file.js';
import { fileStateSource } from '../trace/state/from-file.js';
import { traceStateSource } from '../trace/state/from-trace.js';
import { engineStateSource, type StateSource } from '../trace/state/engine.js';
import { diffStates } from '../trace/state/diff.js';
import { FILE_MAGIC } from '../trace/format.js';
import { STATE_FILE_MAGIC } from '../trace/state/file.js';
import { TraceError } from '../trace/errors.js';
import { machineConfig, type MachineArgs, asUsage } from './machine-options.js';
import { diffJson, diffText } from './diff-report.js';
import { UsageError } from './errors.js';
import { Progress } from './progress.js';
import { qemuPair } from './diff-qemu.js';
import { QEMU_DEVIATIONS } from '../oracle/qemu/deviations.js';
import { QEMU_VOF_BIN, type KernelBoot } from '../oracle/qemu/system.js';

export interface DiffArgs extends MachineArgs {
  strict?: boolean;
  input?: string;
  a: string;
  b: string;
  mask?: string;
  json?: boolean;
  limit?: number;
  history: number;
}

type Side = { kind: 'engine' } | { kind: 'qemu' } | { kind: 'state'; reader: StateTraceReader; path: string } | { kind: 'trace'; reader: TraceReader; path: string };

export async function diffCommand(a: DiffArgs): Promise<number> {
  const [sa, sb] = [await resolve(a.a), await resolve(a.b)];
  const [srcA, srcB] = await sources(sa, sb, a);
  const progress = new Progress('comparing');
  const r = await diffStates(srcA, srcB, {
    bFirst: sa.kind !== 'qemu', // QEMU's row first: its inputs drive the engine side
    // Against QEMU (live, or a state trace QEMU made), step over its known deviations.
    deviations: [sa, sb].some(isQemu) && !a.strict ? QEMU_DEVIATIONS : [],
    mask: a.mask ? a.mask.split(',').map((s) => s.trim()).filter(Boolean) : [],
    limit: a.limit, history: a.history,
    onProgress: (n) => progress.update(n),
  }).catch((e) => {
    if (e instanceof Error && /cannot mask/.test(e.message)) throw new UsageError(e.message);
    throw e;
  });
  progress.done();
  process.stdout.write(a.json ? diffJson(r) : diffText(r));
  return r.divergence ? 1 : 0;
}

const isQemu = (s: Side) => s.kind === 'qemu' || (s.kind === 'state' && s.reader.header.source === 'qemu');

async function resolve(spec: string): Promise<Side> {
  if (spec === 'engine:') return { kind: 'engine' };
  if (spec === 'qemu:') return { kind: 'qemu' };
  const magic = sniff(spec);
  try {
    if (magic.equals(STATE_FILE_MAGIC)) return { kind: 'state', reader: await StateTraceReader.open(spec), path: spec };
    if (magic.equals(FILE_MAGIC)) return { kind: 'trace', reader: await TraceReader.open(spec), path: spec };
  } catch (e) {
    if (e instanceof TraceError) throw new UsageError(e.message);
    throw e;
  }
  throw new UsageError(`'${spec}' is neither a state trace nor a pseries-rr trace (sides are FILE, engine: or qemu:)`);
}

function sniff(path: string): Buffer {
  const b = Buffer.alloc(8);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new UsageError(`cannot read '${path}': no such file`);
  }
  try {
    readSync(fd, b, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  return b;
}

/** The machine a live side runs: from the machine options, or from the other side's trace.
 *  Against qemu: a -kernel boots through QEMU's own VOF firmware (QEMU_VOF_BIN) on both
 *  sides unless -bios names another, so that the two runs execute the same instructions. */
function liveConfig(other: Side, a: MachineArgs, withQemu = false): { config: MachineConfig; bios: string; kernel?: KernelBoot } {
  if (a.kernel) {
    const bios = a.bios ?? (withQemu ? QEMU_VOF_BIN : undefined);
    const kernel = { kernel: a.kernel, initrd: a.initrd, append: a.append };
    return { config: machineConfig({ ...a, bios }), bios: bios ?? '', kernel };
  }
  if (a.bios) return { config: machineConfig(a), bios: a.bios };
  if (other.kind === 'trace') {
    try {
      const h = other.reader.header;
      return { config: configFromHeader(h), bios: h.images.bios!.path };
    } catch (e) {
      if (e instanceof ImageMismatch) throw new UsageError(e.message);
      throw e;
    }
  }
  throw new UsageError('a live side (engine: or qemu:) needs the machine: pass -bios IMAGE or -kernel VMLINUX (and -m if not 512M)');
}

async function sources(sa: Side, sb: Side, a: DiffArgs): Promise<[StateSource, StateSource]> {
  if (sa.kind === 'qemu' || sb.kind === 'qemu') {
    if (sa.kind === 'qemu' && sb.kind === 'qemu') throw new UsageError('comparing QEMU with itself says nothing: make one side engine:, a trace or a state trace');
    const other = sa.kind === 'qemu' ? sb : sa;
    const { config, bios, kernel } = liveConfig(other, a, true);
    const pair = await qemuPair(bios, config, a, other.kind === 'engine' ? null : await single(other, a), kernel);
    return sa.kind === 'qemu' ? [pair.qemu, pair.other] : [pair.other, pair.qemu];
  }
  return [await single(sa, a, sb), await single(sb, a, sa)];
}

async function single(s: Side, a: MachineArgs, other?: Side): Promise<StateSource> {
  switch (s.kind) {
    case 'state':
      return fileStateSource(s.reader, s.path);
    case 'trace':
      try {
        return traceStateSource(s.reader, configFromHeader(s.reader.header), {}, s.path);
      } catch (e) {
        if (e instanceof ImageMismatch) throw new UsageError(e.message);
        throw e;
      }
    case 'engine': {
      const { config } = liveConfig(other ?? { kind: 'engine' }, a);
      try {
        return engineStateSource(new Machine(config, new FixedInputs(), () => {}), { to: a['max-insns'] });
      } catch (e) {
        return asUsage(e);
      }
    }
    case 'qemu':
      throw new Error('unreachable');
  }
}
