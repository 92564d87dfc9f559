// The newc writer, checked two independent ways: GNU cpio lists and extracts what it wrote
// (when `cpio` is installed: apt-get install cpio), and a reader written here from
// buffer-format.rst parses it back field by field, checking every alignment rule.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import {
  BUSYBOX_INIT_SCRIPT, BUSYBOX_MARKER, busyboxImageEntries, initImageEntries, initramfs, newcArchive, type CpioEntry,
} from './initramfs.js';

interface Member {
  offset: number; ino: number; mode: number; uid: number; gid: number; nlink: number; mtime: number;
  maj: number; min: number; rmaj: number; rmin: number; check: number; name: string; data: Buffer;
}

/** An independent newc reader: cpio_file := ALGN(4) + header + name + "\0" + ALGN(4) + data. */
function readNewc(buf: Buffer): Member[] {
  const out: Member[] = [];
  let p = 0;
  for (;;) {
    expect(p % 4, `member at ${p} is 4-aligned`).toBe(0);
    expect(buf.toString('latin1', p, p + 6)).toBe('070701');
    const field = (i: number): number => {
      const s = buf.toString('latin1', p + 6 + 8 * i, p + 14 + 8 * i);
      expect(s, 'fields are 8 hex digits, zero-padded').toMatch(/^[0-9a-f]{8}$/);
      return parseInt(s, 16);
    };
    const [ino, mode, uid, gid, nlink, mtime, filesize, maj, min, rmaj, rmin, namesize, check] =
      Array.from({ length: 13 }, (_, i) => field(i)) as [number, number, number, number, number, number, number, number, number, number, number, number, number];
    const nameStart = p + 110;
    expect(buf[nameStart + namesize - 1], 'name ends with NUL').toBe(0);
    const name = buf.toString('utf8', nameStart, nameStart + namesize - 1);
    let q = nameStart + namesize;
    while (q % 4) { expect(buf[q], 'name padding is NUL').toBe(0); q++; }
    const data = buf.subarray(q, q + filesize);
    q += filesize;
    while (q % 4) { expect(buf[q], 'data padding is NUL').toBe(0); q++; }
    out.push({ offset: p, ino, mode, uid, gid, nlink, mtime, maj, min, rmaj, rmin, check, name, data: Buffer.from(data) });
    p = q;
    if (name === 'TRAILER!!!') break;
    expect(p).toBeLessThan(buf.length);
  }
  expect(p, 'nothing after the trailer').toBe(buf.length);
  return out;
}

const fakeInit = Buffer.from('\x7fELF-not-really-an-init', 'latin1');
const fakeBusybox = Buffer.alloc(4097, 0xab); // odd size: exercises data padding

const haveCpio = spawnSync('cpio', ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveCpio) {
  // A warning even in CI, until .ci/run installs cpio: the test's own reader still runs.
  console.warn('WARNING: cpio not installed (apt-get install cpio): the initramfs is checked by the test\'s own reader only');
}

describe('newc cpio writer', () => {
  test('the /init image holds /dev, /dev/console (char 5,1) and /init (0755), then the trailer', () => {
    const m = readNewc(newcArchive(initImageEntries(fakeInit)));
    expect(m.map((x) => x.name)).toEqual(['dev', 'dev/console', 'init', 'TRAILER!!!']);
    const [dev, con, init, trailer] = m as [Member, Member, Member, Member];
    expect(dev.mode).toBe(0o040755);
    expect(dev.nlink).toBe(2);
    expect(con.mode).toBe(0o020600);
    expect([con.rmaj, con.rmin, con.data.length]).toEqual([5, 1, 0]);
    expect(init.mode).toBe(0o100755);
    expect(init.data).toEqual(fakeInit);
    expect(trailer).toMatchObject({ ino: 0, mode: 0, nlink: 1, data: Buffer.alloc(0) });
    for (const x of m) expect([x.uid, x.gid, x.mtime, x.maj, x.min, x.check]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(m.slice(0, -1).map((x) => x.ino)).toEqual([1, 2, 3]);
  });

  test('the busybox image: /bin/busybox, /bin/sh -> busybox, /init script that prints the marker and powers off', () => {
    const m = readNewc(newcArchive(busyboxImageEntries(fakeBusybox)));
    expect(m.map((x) => x.name)).toEqual(['dev', 'dev/console', 'bin', 'bin/busybox', 'bin/sh', 'init', 'TRAILER!!!']);
    const by = Object.fromEntries(m.map((x) => [x.name, x]));
    expect(by['bin/busybox']!.data).toEqual(fakeBusybox);
    expect(by['bin/busybox']!.mode).toBe(0o100755);
    expect(by['bin/sh']!.mode).toBe(0o120777);
    expect(by['bin/sh']!.data.toString()).toBe('busybox');
    expect(by['init']!.mode).toBe(0o100755);
    const script = by['init']!.data.toString();
    expect(script).toBe(BUSYBOX_INIT_SCRIPT);
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(BUSYBOX_MARKER);
    expect(script).toMatch(/poweroff -f\n$/);
  });

  test('a hand-computed member: header bytes and padding exactly as buffer-format.rst says', () => {
    const a = newcArchive([{ kind: 'file', path: '/ab', data: Buffer.from('xyz'), mode: 0o644 }]);
    const expectHeader = '070701' + ['00000001', '000081a4', '00000000', '00000000', '00000001', '00000000',
      '00000003', '00000000', '00000000', '00000000', '00000000', '00000003', '00000000'].join('');
    expect(a.toString('latin1', 0, 110)).toBe(expectHeader);
    // 110 + "ab\0" = 113 -> 3 NULs to 116; data "xyz" 116..119 -> 1 NUL to 120
    expect(a.subarray(110, 120)).toEqual(Buffer.from('ab\0\0\0\0xyz\0', 'latin1'));
    expect(a.toString('latin1', 120, 126)).toBe('070701');
    expect(a.length % 4).toBe(0);
  });

  test('is deterministic, and gzip wraps exactly the same archive', () => {
    const e = busyboxImageEntries(fakeBusybox);
    expect(newcArchive(e)).toEqual(newcArchive(e));
    const gz = initramfs(e, { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz)).toEqual(newcArchive(e));
    expect(initramfs(e, { gzip: true })).toEqual(gz);
    expect(initramfs(e)).toEqual(newcArchive(e));
  });

  test('refuses repeated or empty paths and out-of-range numbers', () => {
    expect(() => newcArchive([{ kind: 'dir', path: 'a' }, { kind: 'dir', path: '/a' }])).toThrow(/repeated/);
    expect(() => newcArchive([{ kind: 'dir', path: '/' }])).toThrow(/bad/);
    expect(() => newcArchive([{ kind: 'char', path: 'c', major: -1, minor: 0 }])).toThrow(RangeError);
  });

  test.runIf(haveCpio)('GNU cpio lists and extracts both images as written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-cpio-'));
    try {
      const list = (entries: CpioEntry[]): string[] => {
        const r = spawnSync('cpio', ['-t', '--quiet'], { input: newcArchive(entries) });
        expect(r.status, r.stderr.toString()).toBe(0);
        return r.stdout.toString().trim().split('\n');
      };
      expect(list(initImageEntries(fakeInit))).toEqual(['dev', 'dev/console', 'init']);
      expect(list(busyboxImageEntries(fakeBusybox))).toEqual(['dev', 'dev/console', 'bin', 'bin/busybox', 'bin/sh', 'init']);
      // Extract (not as root-only device nodes: --no-absolute-filenames, skip dev/console).
      const r = spawnSync('cpio', ['-id', '--quiet', '--no-absolute-filenames', '--nonmatching', 'dev/console'],
        { cwd: dir, input: newcArchive(busyboxImageEntries(fakeBusybox)) });
      expect(r.status, r.stderr.toString()).toBe(0);
      expect(readFileSync(join(dir, 'bin/busybox'))).toEqual(fakeBusybox);
      expect(statSync(join(dir, 'bin/busybox')).mode & 0o777).toBe(0o755);
      expect(readlinkSync(join(dir, 'bin/sh'))).toBe('busybox');
      expect(readFileSync(join(dir, 'init'), 'utf8')).toBe(BUSYBOX_INIT_SCRIPT);
      const v = spawnSync('cpio', ['-tv', '--quiet'], { input: newcArchive(initImageEntries(fakeInit)) }).stdout.toString();
      expect(v).toMatch(/^crw------- +1 root +root +5, +1 .* dev\/console$/m);
      expect(v).toMatch(/^-rwxr-xr-x +1 root +root +23 .* init$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
