// Boot Debian's kernel on the engine, in process, the way `pseries-rr run -kernel … -initrd …
// -append …` does (our VOF firmware, QEMU's x-vof=on boot): the console transcript, the
// instruction count at which /init's marker reached the console, and the wall time. For the
// transcript comparison with QEMU (engine-boot.test.ts) and `npm run bench`.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FixedInputs, Machine, type HaltReason, type Inputs } from '../../engine/index.js';
import { LINUX_APPEND } from './qemu-boot.js';

export interface EngineBootOptions {
  vmlinux: string;
  initrd: string;
  append?: string;
  /** The inputs door (default FixedInputs: a fixed RTC and a fixed H_RANDOM stream). */
  inputs?: Inputs;
  /** Give up after this many instructions (default 3e9: the boot takes about 1.05e9). */
  maxInsns?: number;
  /** Console text whose arrival is counted (default: none). */
  marker?: string;
}

export interface EngineBootResult {
  transcript: string;
  stop: HaltReason | 'limit';
  icount: number;
  /** The instruction count when `marker` was first complete on the console. */
  markerIcount?: number;
  wallMs: number;
  machine: Machine;
}

export function bootLinuxOnEngine(o: EngineBootOptions): EngineBootResult {
  const chunks: string[] = [];
  let markerIcount: number | undefined;
  let tail = '';
  let m: Machine | undefined;
  const onConsole = (b: Uint8Array): void => {
    const s = Buffer.from(b).toString('latin1');
    chunks.push(s);
    if (o.marker && markerIcount === undefined) {
      tail = (tail + s).slice(-2 * o.marker.length);
      if (tail.includes(o.marker)) markerIcount = m!.icount;
    }
  };
  const t0 = performance.now();
  m = new Machine({
    kernel: new Uint8Array(readFileSync(o.vmlinux)),
    initrd: new Uint8Array(readFileSync(o.initrd)),
    append: o.append ?? LINUX_APPEND,
  }, o.inputs ?? new FixedInputs(), onConsole);
  const r = m.run(o.maxInsns ?? 3e9);
  return { transcript: chunks.join(''), stop: r.stop, icount: r.icount, markerIcount, wallMs: performance.now() - t0, machine: m };
}
