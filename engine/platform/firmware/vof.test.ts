// The committed default firmware: build-vof.sh reproduces vof.img and vof-image.ts byte for
// byte (with Debian's binutils-powerpc64-linux-gnu installed), and the engine's copy is the
// committed image.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { defaultVofFirmware } from '../vof/firmware.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const dir = HERE; // tests run from the sources
const haveAs = spawnSync('powerpc64-linux-gnu-as', ['--version']).status === 0;

describe('default VOF firmware', () => {
  test('the engine carries the committed vof.img', () => {
    expect(defaultVofFirmware()).toEqual(Uint8Array.from(readFileSync(join(dir, 'vof.img'))));
  });
  test('entry at 0x100: r1 = 0xffe0, r5 = the CI entry, then bctr to 0x400000', () => {
    const img = defaultVofFirmware();
    const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
    expect(img.subarray(0, 0x100).every((b) => b === 0)).toBe(true);
    expect(dv.getUint32(0x100)).toBe(0x3c200000); // lis r1,0
    expect(dv.getUint32(0x104)).toBe(0x6021ffe0); // ori r1,r1,0xffe0
    expect(dv.getUint32(0x11c)).toBe(0x4e800420); // bctr
    // CI entry at 0x120: tdi 0,0,0x48 (b .+8 when read little-endian), b to the BE stub
    expect(dv.getUint32(0x120)).toBe(0x08000048);
    expect(dv.getUint32(0x120, true)).toBe(0x48000008);
    const be = [0x7c641b78, 0x38600000, 0x6063f005, 0x44000022, 0x4e800020]; // mr r4,r3; li r3,0; ori r3,r3,0xf005; sc 1; blr
    be.forEach((w, i) => expect(dv.getUint32(0x128 + 4 * i, true)).toBe(w)); // the LE copy
    be.forEach((w, i) => expect(dv.getUint32(0x13c + 4 * i)).toBe(w));
    expect(img.length).toBe(0x150);
  });
  test.skipIf(!haveAs)('build-vof.sh rebuilds vof.img and vof-image.ts byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'vof-'));
    try {
      execFileSync('sh', [join(dir, 'build-vof.sh'), out]);
      expect(readFileSync(join(out, 'vof.img'))).toEqual(readFileSync(join(dir, 'vof.img')));
      expect(readFileSync(join(out, 'vof-image.ts'), 'utf8')).toBe(readFileSync(join(dir, 'vof-image.ts'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
