// Initramfs images for the Linux corpus, written here from the kernel's format description
// (Documentation/driver-api/early-userspace/buffer-format.rst): a "newc" cpio archive, each
// member a 110-byte header of "070701" and 13 eight-digit hex fields (ino, mode, uid, gid,
// nlink, mtime, filesize, maj, min, rmaj, rmin, namesize with the NUL, check = 0), the name
// and its NUL padded with zeros to a 4-byte boundary, then the data padded the same way;
// the archive ends with a member named "TRAILER!!!". Optionally gzip-compressed.
// Deterministic: the same entries always give the same bytes (inodes numbered in order,
// uid/gid 0, mtime 0, gzip header without a name or time).
import { gzipSync } from 'node:zlib';

export type CpioEntry =
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Uint8Array; mode?: number }
  | { kind: 'symlink'; path: string; target: string }
  | { kind: 'char'; path: string; major: number; minor: number; mode?: number };

/** File-type bits of st_mode (Linux include/uapi/linux/stat.h). */
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFREG = 0o100000;
export const S_IFLNK = 0o120000;

export const NEWC_MAGIC = '070701';
export const NEWC_HEADER_BYTES = 110;
export const TRAILER = 'TRAILER!!!';

/** The line our assembly /init (init/init.S) prints. */
export const INIT_MARKER = 'pseries-rr: /init reached';
/** The line the busybox image's /init script prints before `poweroff -f`. */
export const BUSYBOX_MARKER = 'pseries-rr: busybox /init reached';

const hex8 = (n: number): string => {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`cpio field out of range: ${n}`);
  return n.toString(16).padStart(8, '0');
};
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

function header(f: { ino: number; mode: number; nlink: number; size: number; rmaj: number; rmin: number; namesize: number }): string {
  return NEWC_MAGIC + [f.ino, f.mode, 0, 0, f.nlink, 0, f.size, 0, 0, f.rmaj, f.rmin, f.namesize, 0].map(hex8).join('');
}

function member(out: Buffer[], offset: number, name: string, fields: Omit<Parameters<typeof header>[0], 'namesize' | 'size'>, data: Uint8Array): number {
  const nameBytes = Buffer.from(name + '\0', 'utf8');
  const head = Buffer.from(header({ ...fields, size: data.length, namesize: nameBytes.length }), 'latin1');
  const parts = [head, nameBytes, Buffer.alloc(pad4(offset + head.length + nameBytes.length))];
  const dataStart = offset + parts.reduce((n, b) => n + b.length, 0);
  parts.push(Buffer.from(data), Buffer.alloc(pad4(dataStart + data.length)));
  out.push(...parts);
  return parts.reduce((n, b) => n + b.length, offset);
}

/** A newc cpio archive of `entries`, in the order given (a directory must come before what
 *  it holds: the kernel creates each member as it reads it). Paths are stored without a
 *  leading '/', as `find . | cpio -o -H newc` would after its "./". */
export function newcArchive(entries: readonly CpioEntry[]): Buffer {
  const out: Buffer[] = [];
  let offset = 0;
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    const name = e.path.replace(/^\/+/, '');
    if (name === '' || name === TRAILER || seen.has(name)) throw new Error(`bad or repeated cpio path: ${JSON.stringify(e.path)}`);
    seen.add(name);
    const ino = i + 1;
    switch (e.kind) {
      case 'dir':
        offset = member(out, offset, name, { ino, mode: S_IFDIR | (e.mode ?? 0o755), nlink: 2, rmaj: 0, rmin: 0 }, new Uint8Array(0));
        break;
      case 'file':
        offset = member(out, offset, name, { ino, mode: S_IFREG | (e.mode ?? 0o644), nlink: 1, rmaj: 0, rmin: 0 }, e.data);
        break;
      case 'symlink': // the data is the target, without a NUL (c_filesize must not be 0)
        offset = member(out, offset, name, { ino, mode: S_IFLNK | 0o777, nlink: 1, rmaj: 0, rmin: 0 }, Buffer.from(e.target, 'utf8'));
        break;
      case 'char':
        offset = member(out, offset, name, { ino, mode: S_IFCHR | (e.mode ?? 0o600), nlink: 1, rmaj: e.major, rmin: e.minor }, new Uint8Array(0));
        break;
    }
  });
  member(out, offset, TRAILER, { ino: 0, mode: 0, nlink: 1, rmaj: 0, rmin: 0 }, new Uint8Array(0));
  return Buffer.concat(out);
}

export interface InitramfsOptions {
  /** gzip the archive (node:zlib, level 9). Default false: the kernel then spends no guest
   *  instructions on inflating, which matters for an interpreter. */
  gzip?: boolean;
}

export function initramfs(entries: readonly CpioEntry[], opts: InitramfsOptions = {}): Buffer {
  const cpio = newcArchive(entries);
  return opts.gzip ? gzipSync(cpio, { level: 9 }) : cpio;
}

/** /dev/console (char 5,1): the kernel opens it for /init's stdin, stdout and stderr
 *  before running it (init/main.c console_on_rootfs); an initramfs has no /dev of its own. */
const CONSOLE: readonly CpioEntry[] = [
  { kind: 'dir', path: 'dev' },
  { kind: 'char', path: 'dev/console', major: 5, minor: 1, mode: 0o600 },
];

/** Image 1: our assembly /init (init/init.S) alone. */
export function initImageEntries(initElf: Uint8Array): CpioEntry[] {
  return [...CONSOLE, { kind: 'file', path: 'init', data: initElf, mode: 0o755 }];
}

/** The busybox image's /init: an ash script. `poweroff -f` calls reboot(POWER_OFF) at once
 *  (no init to signal), as our assembly /init does. */
export const BUSYBOX_INIT_SCRIPT = `#!/bin/sh
echo '${BUSYBOX_MARKER}'
exec /bin/busybox poweroff -f
`;

/** Image 2: the static busybox at /bin/busybox, /bin/sh -> busybox, and /init (the script). */
export function busyboxImageEntries(busybox: Uint8Array): CpioEntry[] {
  return [
    ...CONSOLE,
    { kind: 'dir', path: 'bin' },
    { kind: 'file', path: 'bin/busybox', data: busybox, mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'file', path: 'init', data: Buffer.from(BUSYBOX_INIT_SCRIPT, 'utf8'), mode: 0o755 },
  ];
}
