// The two initramfs images of the Linux corpus, written into the cache (never the repo),
// named by their content's SHA-256 so that a change of /init, busybox or the writer gives
// a new file and an unchanged one is reused.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linuxCorpusDir, type LinuxArtifacts } from './fetch.js';
import { busyboxImageEntries, initImageEntries, initramfs, type InitramfsOptions } from './initramfs.js';

export type ImageKind = 'init' | 'busybox';

/** Our committed /init (built by build-init.sh from init/init.S; 592 bytes). */
export function initElfPath(): string {
  return join(linuxCorpusDir(), 'init', 'init');
}

export function imageBytes(kind: ImageKind, a: Pick<LinuxArtifacts, 'busybox'>, opts: InitramfsOptions = {}): Buffer {
  const entries = kind === 'init'
    ? initImageEntries(readFileSync(initElfPath()))
    : busyboxImageEntries(readFileSync(a.busybox));
  return initramfs(entries, opts);
}

/** Write the image into <cache>/initramfs/ (if not there already) and return its path. */
export function buildImage(kind: ImageKind, a: LinuxArtifacts, opts: InitramfsOptions = {}): string {
  const bytes = imageBytes(kind, a, opts);
  const sha = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dir = join(a.cache, 'initramfs');
  const file = join(dir, `${kind}-${sha}.cpio${opts.gzip ? '.gz' : ''}`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, bytes);
    renameSync(`${file}.tmp`, file);
  }
  return file;
}
