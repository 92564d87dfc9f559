// The `qemu:` side of diff: QEMU 7.2 streaming its per-instruction state for the same -bios
// image; when the other side is `engine:`, the engine is driven by QEMU's inputs.
import { readFileSync } from 'node:fs';
import type { MachineConfig } from '../engine/index.js';
import { qemuAvailable, type KernelBoot } from '../oracle/qemu/system.js';
import { qemuStateStream } from '../oracle/qemu/state-stream.js';
import { ReferenceFeed, referenceDrivenEngine } from '../oracle/reference-engine.js';
import type { StateSource } from '../trace/state/engine.js';
import { UsageError } from './errors.js';

export interface QemuSideArgs { m: string; input?: string; 'max-insns'?: number }

export async function qemuPair(bios: string, config: MachineConfig, a: QemuSideArgs, other: StateSource | null, kernel?: KernelBoot): Promise<{ qemu: StateSource; other: StateSource }> {
  if (!qemuAvailable()) throw new UsageError('qemu-system-ppc64 is not installed (Debian: apt-get install qemu-system-ppc)');
  const feed = new ReferenceFeed();
  const stdin = a.input ? new Uint8Array(readFileSync(a.input)) : undefined;
  const s = qemuStateStream(bios, { memory: a.m, kernel, stdin, maxInsns: a['max-insns'], keepInputs: false, onInput: other ? undefined : feed.onInput });
  const qemu: StateSource = { label: 'qemu', initial: s.initial, rows: s.rows };
  return { qemu, other: other ?? referenceDrivenEngine(config, feed) };
}
