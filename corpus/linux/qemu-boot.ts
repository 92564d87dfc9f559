// Boot Debian's ppc64le kernel under QEMU 7.2 the way REFERENCE.md describes for Linux:
// `-M pseries,x-vof=on` (QEMU's tiny VOF firmware answers prom_init's client-interface
// calls, so the kernel negotiates CAS and instantiates RTAS as on real firmware), a
// spapr-vty on stdio as hvc0, and -no-reboot so that power-off (or a reboot) ends QEMU.
// Returns the console transcript, wall time and exit status, never hanging (SIGKILL after
// a timeout).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

import { QEMU_SYSTEM_PPC64 as QEMU } from '../../oracle/qemu/system.js';
export { QEMU };

/** The kernel command line of the corpus. The full boot log at every level (loglevel=8
 *  also prints KERN_DEBUG lines) is what an engine run is compared with, line by line.
 *  audit=0 and initramfs_async=0 remove the two sources of line-order differences seen
 *  between QEMU runs (transcript.ts says why). */
export const LINUX_APPEND = 'console=hvc0 loglevel=8 audit=0 initramfs_async=0';

export interface LinuxBootOptions {
  vmlinux: string;
  initrd: string;
  append?: string;
  /** Default 512M (the engine's default). */
  memory?: string;
  /** Default 1: fixes /chosen/rng-seed and the rng-builtin backend's bytes. */
  seed?: number;
  /** Add spapr-rng (H_RANDOM) fed by QEMU's rng-builtin backend, whose bytes -seed fixes,
   *  as the engine's device tree has one. Default true. (QEMU 7.2 hangs early in the boot
   *  with it under -icount …,rr=record: icount.ts leaves it out.) */
  rng?: boolean;
  /** e.g. 'shift=0,sleep=off': time from the instruction count instead of the host clock. */
  icount?: string;
  /** QEMU's -rtc, e.g. 'base=2020-01-01T00:00:00,clock=vm'. Default: the host's date. */
  rtc?: string;
  /** Make QEMU's run a function of its inputs: `-icount shift=0,sleep=off` (1 ns of
   *  virtual time per instruction, idle time skipped) and a fixed RTC on that virtual
   *  clock (DETERMINISTIC_RTC). Measured: two such boots print byte-identical transcripts,
   *  printk timestamps included. Overrides icount and rtc unless they are given. */
  deterministic?: boolean;
  /** Write QEMU's device tree here (-machine …,dumpdtb=FILE); QEMU then exits at once. */
  dumpdtb?: string;
  /** Kill QEMU after this long. Default 120 000 ms. */
  timeoutMs?: number;
  extraArgs?: string[];
  /** Called with each chunk of console output as it arrives. */
  onOutput?: (chunk: Buffer) => void;
}

export interface LinuxBootResult {
  /** Everything the guest wrote to hvc0 (QEMU's stdout), latin1-decoded. */
  transcript: string;
  /** QEMU's own messages (its four "TCG doesn't support requested feature" warnings). */
  stderr: string;
  /** QEMU's exit status; 0 after the guest's RTAS power-off. null if killed. */
  exitCode: number | null;
  timedOut: boolean;
  wallMs: number;
  args: string[];
}

export const DETERMINISTIC_ICOUNT = 'shift=0,sleep=off';
export const DETERMINISTIC_RTC = 'base=2020-01-01T00:00:00,clock=vm';

export function qemuLinuxArgs(o: LinuxBootOptions): string[] {
  const icount = o.icount ?? (o.deterministic ? DETERMINISTIC_ICOUNT : undefined);
  const rtc = o.rtc ?? (o.deterministic ? DETERMINISTIC_RTC : undefined);
  const machine = ['pseries', 'x-vof=on', ...(o.dumpdtb ? [`dumpdtb=${o.dumpdtb}`] : [])].join(',');
  return [
    '-M', machine,
    '-cpu', 'POWER8',
    '-m', o.memory ?? '512M',
    '-nodefaults', '-nographic',
    '-chardev', 'stdio,id=c0',
    '-device', 'spapr-vty,chardev=c0',
    ...(o.rng ?? true ? ['-object', 'rng-builtin,id=rng0', '-device', 'spapr-rng,rng=rng0'] : []),
    '-kernel', o.vmlinux,
    '-initrd', o.initrd,
    '-append', o.append ?? LINUX_APPEND,
    '-no-reboot',
    '-seed', String(o.seed ?? 1),
    ...(icount ? ['-icount', icount] : []),
    ...(rtc ? ['-rtc', rtc] : []),
    ...(o.extraArgs ?? []),
  ];
}

export { qemuAvailable } from '../../oracle/qemu/system.js';

export function bootLinux(o: LinuxBootOptions): Promise<LinuxBootResult> {
  const args = qemuLinuxArgs(o);
  const timeoutMs = o.timeoutMs ?? 120_000;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(QEMU, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    const finish = (exitCode: number | null, extraErr = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        transcript: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('utf8') + extraErr,
        exitCode, timedOut, wallMs: performance.now() - t0, args,
      });
    };
    child.stdout.on('data', (b: Buffer) => { out.push(b); o.onOutput?.(b); });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish(null, `\nspawn ${QEMU}: ${e.message}\n`));
    child.on('close', (code) => finish(code));
    child.stdin.on('error', () => { /* QEMU may exit before reading */ });
    child.stdin.end(); // no console input
  });
}
