// Our /init (init/init.S -> init/init, committed: 592 bytes): a static little-endian ELFv2
// executable holding exactly the instructions the source spells, no FP or vector ones.
// With the cross binutils installed (CI installs them), build-init.sh must rebuild the
// committed file byte for byte and objdump must show the instruction list below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { linuxCorpusDir } from './fetch.js';
import { initElfPath } from './images.js';
import { INIT_MARKER } from './initramfs.js';

const OBJDUMP = 'powerpc64le-linux-gnu-objdump';
const haveBinutils = spawnSync(OBJDUMP, ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('powerpc64le-linux-gnu-as', ['--version'], { stdio: 'ignore' }).status === 0;
if (!haveBinutils) {
  if (process.env.CI) throw new Error('CI must have the ppc64le cross binutils: apt-get install binutils-powerpc64le-linux-gnu');
  console.warn('WARNING: powerpc64le-linux-gnu binutils not installed: the /init rebuild and objdump checks are skipped');
}

/** What objdump -d must show, in order: write, reboot(POWER_OFF), exit loop. */
const EXPECTED = [
  'li r0,4', 'li r3,1', 'lis r4,4096', 'addi r4,r4,204', 'li r5,26', 'sc',
  'li r0,88', 'lis r3,-287', 'ori r3,r3,57005', 'clrldi r3,r3,32', 'lis r4,10258', 'ori r4,r4,6505',
  'lis r5,17185', 'ori r5,r5,65244', 'clrldi r5,r5,32', 'li r6,0', 'sc',
  'li r0,1', 'li r3,1', 'sc', 'b 0x100000bc',
];

describe('/init (init/init.S)', () => {
  const elf = readFileSync(initElfPath());

  test('is a small static ppc64le ELFv2 executable entered at its first instruction', () => {
    expect(elf.length).toBeLessThan(2048);
    expect(elf.subarray(0, 4)).toEqual(Buffer.from('\x7fELF', 'latin1'));
    expect(elf[4]).toBe(2); // ELFCLASS64
    expect(elf[5]).toBe(1); // ELFDATA2LSB
    expect(elf.readUInt16LE(16)).toBe(2); // ET_EXEC
    expect(elf.readUInt16LE(18)).toBe(21); // EM_PPC64
    expect(elf.readUInt32LE(48)).toBe(2); // e_flags: ELF ABI v2 (entry is code, not a descriptor)
    expect(elf.readBigUInt64LE(24)).toBe(0x10000078n); // e_entry
    expect(elf.readUInt16LE(56)).toBe(1); // one program header, no PT_INTERP: static
    const ph = Number(elf.readBigUInt64LE(32));
    expect(elf.readUInt32LE(ph)).toBe(1); // PT_LOAD
    expect(elf.includes(Buffer.from(INIT_MARKER + '\n'))).toBe(true);
  });

  test.runIf(haveBinutils)('objdump shows only the instructions init.S spells', () => {
    const r = spawnSync(OBJDUMP, ['-d', initElfPath()], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const insns = r.stdout.split('\n')
      .map((l) => /^\s+[0-9a-f]+:\t(?:[0-9a-f]{2} ){4}\t(.*)$/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined)
      .map((x) => x.replace(/\s+/g, ' ').trim());
    expect(insns).toEqual(EXPECTED);
    // one section of code only: nothing else is executable
    expect(r.stdout.match(/^Disassembly of section/gm)).toEqual(['Disassembly of section']);
  });

  test.runIf(haveBinutils)('build-init.sh rebuilds the committed binary byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-init-'));
    try {
      const out = join(dir, 'init');
      const r = spawnSync('bash', [join(linuxCorpusDir(), 'build-init.sh'), out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out)).toEqual(elf);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
