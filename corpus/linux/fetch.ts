// The Linux corpus's downloaded parts, from TypeScript: Debian's ppc64le kernel and static
// busybox, fetched by fetch.sh into the cache outside the repo. cachedLinux() only looks
// (no apt, no network: for tests that run when the kernel is already there); fetchLinux()
// runs fetch.sh, which downloads what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LinuxArtifacts {
  /** e.g. linux-image-6.1.0-57-powerpc64le */
  kernelPackage: string;
  /** Debian version of that package, e.g. 6.1.192-3 */
  kernelVersion: string;
  /** /boot/vmlinux-… from the package: the ELF QEMU's -kernel loads */
  vmlinux: string;
  busyboxVersion: string;
  /** /bin/busybox from busybox-static:ppc64el */
  busybox: string;
  /** <cache>/linux */
  cache: string;
}

/** The directory of this module's sources (corpus/linux/), whether run from dist/ or not. */
export function linuxCorpusDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/corpus/linux -> corpus/linux (scripts and init/ are not compiled)
  const src = here.replace(/([\\/])dist([\\/]corpus[\\/]linux)$/, '$2');
  return existsSync(join(src, 'fetch.sh')) ? src : here;
}

/** ${PSERIES_RR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pseries-rr}/linux, as fetch.sh uses. */
export function linuxCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.PSERIES_RR_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pseries-rr');
  return join(root, 'linux');
}

export function parseEnvLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function toArtifacts(kv: Record<string, string>): LinuxArtifacts | undefined {
  const a = {
    kernelPackage: kv.KERNEL_PACKAGE, kernelVersion: kv.KERNEL_VERSION, vmlinux: kv.VMLINUX,
    busyboxVersion: kv.BUSYBOX_VERSION, busybox: kv.BUSYBOX, cache: kv.CACHE,
  };
  if (Object.values(a).some((v) => v === undefined || v === '')) return undefined;
  return a as LinuxArtifacts;
}

/** What fetch.sh fetched last (its current.env), if those files are still there. Never
 *  runs apt. */
export function cachedLinux(env: NodeJS.ProcessEnv = process.env): LinuxArtifacts | undefined {
  const file = join(linuxCacheDir(env), 'current.env');
  if (!existsSync(file)) return undefined;
  const a = toArtifacts(parseEnvLines(readFileSync(file, 'utf8')));
  return a && existsSync(a.vmlinux) && existsSync(a.busybox) ? a : undefined;
}

/** Run fetch.sh (quick when cached; `refresh` asks apt for the current ABI package).
 *  Throws with fetch.sh's own one-line reason when apt cannot provide a package. */
export function fetchLinux(opts: { refresh?: boolean } = {}): LinuxArtifacts {
  const script = join(linuxCorpusDir(), 'fetch.sh');
  const r = spawnSync('bash', [script, ...(opts.refresh ? ['--refresh'] : [])], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30 * 60_000,
  });
  if (r.error) throw new Error(`fetch.sh: ${r.error.message}`);
  if (r.status !== 0) {
    const why = r.stderr.trim().split('\n').filter((l) => l.startsWith('fetch.sh:')).pop() ?? r.stderr.trim();
    throw new Error(why || `fetch.sh exited with status ${r.status}`);
  }
  const a = toArtifacts(parseEnvLines(r.stdout));
  if (!a) throw new Error(`fetch.sh printed no complete result:\n${r.stdout}`);
  return a;
}
