// QEMU 7.2 system emulation (qemu-system-ppc64 -M pseries) as the reference for bare-metal
// guests booted with -bios: the guest's console (spapr-vty on a stdio chardev) is QEMU's
// stdout, byte for byte; QEMU's own messages (e.g. the four "TCG doesn't support requested
// feature, cap-..." warnings it prints on every start) go to stderr. RTAS power-off exits
// with status 0 and prints nothing more.
import { spawn, spawnSync } from 'node:child_process';

export const QEMU_SYSTEM_PPC64 = 'qemu-system-ppc64';

export interface QemuBiosOptions {
  /** Guest RAM, QEMU's -m syntax. Default 512M. */
  memory?: string;
  /** Kill QEMU after this many milliseconds. Default 60 000. */
  timeoutMs?: number;
  /** Bytes fed to the guest console (stdin of the stdio chardev). Default: none (EOF). */
  stdin?: Uint8Array;
  /** Extra arguments appended to the command line. */
  extraArgs?: string[];
  /** A kernel booted the way -M pseries,x-vof=on does it (the image is then the VOF
   *  firmware, e.g. QEMU_VOF_BIN). */
  kernel?: KernelBoot;
}

/** -kernel/-initrd/-append. */
export interface KernelBoot { kernel: string; initrd?: string; append?: string }

/** Debian's QEMU VOF firmware (qemu-system-data): the -bios that makes an engine run of a
 *  kernel boot instruction-identical to QEMU's `-M pseries,x-vof=on`. */
export const QEMU_VOF_BIN = '/usr/share/qemu/vof.bin';

export interface QemuBiosResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** The command line that boots a flat image at physical 0 with the CPU at 0x100
 *  (same as corpus/bare/run-qemu.sh). */
export function qemuBiosArgs(image: string, opts: QemuBiosOptions = {}): string[] {
  const k = opts.kernel;
  return [
    '-M', k ? 'pseries,x-vof=on' : 'pseries',
    '-cpu', 'POWER8',
    '-m', opts.memory ?? '512M',
    '-nodefaults', '-nographic', '-no-reboot',
    '-bios', image,
    '-chardev', 'stdio,id=c0',
    '-device', 'spapr-vty,chardev=c0',
    '-object', 'rng-random,id=rng0,filename=/dev/urandom',
    '-device', 'spapr-rng,rng=rng0',
    '-seed', '1',
    ...(k ? ['-kernel', k.kernel, ...(k.initrd ? ['-initrd', k.initrd] : []), ...(k.append ? ['-append', k.append] : [])] : []),
    ...(opts.extraArgs ?? []),
  ];
}

let available: boolean | undefined;

/** True when qemu-system-ppc64 can be started. */
export function qemuAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync(QEMU_SYSTEM_PPC64, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    available = r.error === undefined && r.status === 0;
  }
  return available;
}

/** Boot `image` with -bios on QEMU's pseries machine and collect the console output.
 *  Never hangs: QEMU is killed (SIGKILL) after opts.timeoutMs. */
export function runQemuBios(image: string, opts: QemuBiosOptions = {}): Promise<QemuBiosResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolve) => {
    const child = spawn(QEMU_SYSTEM_PPC64, qemuBiosArgs(image, opts), { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const finish = (exitCode: number | null, extraErr = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') + extraErr, exitCode, timedOut });
    };
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => finish(null, `\nspawn ${QEMU_SYSTEM_PPC64}: ${e.message}\n`));
    child.on('close', (code) => finish(code));
    child.stdin.on('error', () => { /* QEMU may exit before reading its input */ });
    if (opts.stdin !== undefined && opts.stdin.length > 0) child.stdin.write(opts.stdin);
    child.stdin.end();
  });
}
