// fetch.sh's behaviour without touching the network: apt is replaced by stand-ins on PATH
// that know no package, and the cache is a temporary directory.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { cachedLinux, linuxCacheDir, linuxCorpusDir, parseEnvLines } from './fetch.js';

const root = mkdtempSync(join(tmpdir(), 'pseries-rr-fetch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bin directory whose apt knows nothing; `apt-get update` exits with `updateStatus`. */
function fakeApt(name: string, updateStatus: number): string {
  const bin = join(root, name);
  if (existsSync(bin)) return bin;
  mkdirSync(bin);
  const tool = (n: string, body: string): void => {
    writeFileSync(join(bin, n), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, n), 0o755);
  };
  tool('dpkg', 'case "$1" in --print-foreign-architectures) echo ppc64el;; --add-architecture) exit 0;; *) exit 1;; esac');
  tool('apt-cache', 'exit 0');
  tool('apt-get', `[ "$1" = update ] && exit ${updateStatus}; echo "E: Unable to locate package" >&2; exit 100`);
  tool('sudo', 'exec "$@"');
  return bin;
}

function runFetch(bin: string, cache: string, args: string[] = []) {
  return spawnSync('bash', [join(linuxCorpusDir(), 'fetch.sh'), ...args], {
    encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PSERIES_RR_CACHE: cache },
  });
}

function fakeCache(dir: string): void {
  const linux = join(dir, 'linux');
  mkdirSync(join(linux, 'k/boot'), { recursive: true });
  mkdirSync(join(linux, 'b/bin'), { recursive: true });
  writeFileSync(join(linux, 'k/boot/vmlinux-6.1.0-99-powerpc64le'), '\x7fELF');
  writeFileSync(join(linux, 'b/bin/busybox'), 'bb');
  chmodSync(join(linux, 'b/bin/busybox'), 0o755);
  writeFileSync(join(linux, 'current.env'), [
    'KERNEL_PACKAGE=linux-image-6.1.0-99-powerpc64le', 'KERNEL_VERSION=6.1.999-1',
    `VMLINUX=${join(linux, 'k/boot/vmlinux-6.1.0-99-powerpc64le')}`, 'BUSYBOX_VERSION=1:1.35.0-4',
    `BUSYBOX=${join(linux, 'b/bin/busybox')}`, `CACHE=${linux}`, ''].join('\n'));
}

describe('fetch.sh / fetch.ts', () => {
  test('the cache lives outside the repo, where fetch.sh puts it', () => {
    expect(linuxCacheDir({ HOME: '/h' } as NodeJS.ProcessEnv)).toMatch(/\/\.cache\/pseries-rr\/linux$/);
    expect(linuxCacheDir({ XDG_CACHE_HOME: '/x' } as NodeJS.ProcessEnv)).toBe('/x/pseries-rr/linux');
    expect(linuxCacheDir({ PSERIES_RR_CACHE: '/c', XDG_CACHE_HOME: '/x' } as NodeJS.ProcessEnv)).toBe('/c/linux');
    expect(parseEnvLines('A=1\nVMLINUX=/a b/c\nnoise\n')).toEqual({ A: '1', VMLINUX: '/a b/c' });
  });

  test('apt unreachable, nothing cached: exit 1 with one line naming the package and the fix', () => {
    const r = runFetch(fakeApt('offline', 100), join(root, 'empty1'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const last = r.stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^fetch\.sh: apt-get update failed: cannot look up linux-image-powerpc64le:ppc64el \(run 'dpkg --add-architecture ppc64el && apt-get update'/);
  });

  test('apt answers but knows no ppc64el kernel: exit 1, says what to do', () => {
    const r = runFetch(fakeApt('nopkg', 0), join(root, 'empty2'));
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^fetch\.sh: apt knows no linux-image-powerpc64le:ppc64el: run 'dpkg --add-architecture ppc64el && apt-get update'/);
  });

  test('cached: quick, no apt call; --refresh with apt unreachable falls back to the cache with a warning', () => {
    const cache = join(root, 'full');
    fakeCache(cache);
    const quick = runFetch(fakeApt('offline', 100), cache);
    expect(quick.status).toBe(0);
    expect(quick.stderr).toBe('');
    expect(parseEnvLines(quick.stdout).KERNEL_PACKAGE).toBe('linux-image-6.1.0-99-powerpc64le');
    const refresh = runFetch(join(root, 'offline'), cache, ['--refresh']);
    expect(refresh.status).toBe(0);
    expect(refresh.stderr).toMatch(/fetch\.sh: warning: apt-get update failed.*; using the cached linux-image-6\.1\.0-99-powerpc64le 6\.1\.999-1/);
    expect(parseEnvLines(refresh.stdout).VMLINUX).toMatch(/vmlinux-6\.1\.0-99-powerpc64le$/);
    expect(cachedLinux({ PSERIES_RR_CACHE: cache } as NodeJS.ProcessEnv)?.kernelVersion).toBe('6.1.999-1');
    expect(cachedLinux({ PSERIES_RR_CACHE: join(root, 'empty1') } as NodeJS.ProcessEnv)).toBeUndefined();
  });
});
