// Compares buildPseriesFdt with the tree QEMU 7.2 dumps (-machine dumpdtb=...) for the
// same command line. rng-seed: QEMU's is fixed by -seed; qemuRngSeed(1) reproduces it, so
// nothing is copied from QEMU's output into our config.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFdt } from './blob.js';
import { firstFdtDifference } from './compare.js';
import { buildPseriesFdt, fdtAddress, type PseriesConfig } from './pseries.js';
import { qemuRngSeed } from './qemu-seed.js';
import { Ram } from '../../memory/ram.js';
import { loadInitrd, loadKernel } from '../loader.js';

const QEMU = 'qemu-system-ppc64';
const hasQemu = spawnSync(QEMU, ['--version']).status === 0;
if (!hasQemu) {
  const msg = `${QEMU} not found: install the Debian package qemu-system-ppc to run the QEMU FDT comparison`;
  if (process.env.CI) throw new Error(msg);
  console.warn(`\n!!!!!!!! SKIPPING: ${msg} !!!!!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'pseries-fdt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bios = join(dir, 'bios.bin');
writeFileSync(bios, Uint8Array.of(0x48, 0, 0, 0)); // b .

/** A one-segment ELF64 PowerPC executable whose segment spans `memsz` bytes. */
function elf(littleEndian: boolean, memsz: number): Uint8Array {
  const out = new Uint8Array(0x100);
  const dv = new DataView(out.buffer);
  const le = littleEndian;
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, le ? 1 : 2, 1]);
  dv.setUint16(16, 2, le); // ET_EXEC
  dv.setUint16(18, 21, le); // EM_PPC64
  dv.setUint32(20, 1, le);
  dv.setBigUint64(32, 64n, le); // e_phoff
  dv.setUint32(48, le ? 2 : 1, le); // e_flags: ELF ABI version
  dv.setUint16(52, 64, le);
  dv.setUint16(54, 56, le);
  dv.setUint16(56, 1, le);
  dv.setUint32(64, 1, le); // PT_LOAD
  dv.setUint32(68, 5, le); // R+X
  dv.setBigUint64(72, 0n, le); // p_offset
  dv.setBigUint64(96, BigInt(out.length), le); // p_filesz
  dv.setBigUint64(104, BigInt(memsz), le); // p_memsz
  dv.setBigUint64(112, 0x10000n, le);
  return out;
}

interface Case {
  name: string;
  mem: string;
  cfg: PseriesConfig;
  extra: string[];
}

const MiB = 1024 * 1024;
const base = (ramBytes: number): PseriesConfig => ({ ramBytes, cpuModel: 'POWER8', vty: true, rng: true, rngSeed: qemuRngSeed(1) });
const devices = (vty: boolean, rng: boolean) => [
  ...(vty ? ['-chardev', 'null,id=c0', '-device', 'spapr-vty,chardev=c0'] : []),
  ...(rng ? ['-object', 'rng-random,id=rng0,filename=/dev/urandom', '-device', 'spapr-rng,rng=rng0'] : []),
];

// Where -kernel and -initrd land comes from our loader (engine/platform/loader.ts), so QEMU's
// /chosen and reservation map check the placement too.
const kernelBe = join(dir, 'k-be.elf'), kernelLe = join(dir, 'k-le.elf'), initrd = join(dir, 'initrd');
writeFileSync(kernelBe, elf(false, 0x2345));
writeFileSync(kernelLe, elf(true, 0x10000));
writeFileSync(initrd, new Uint8Array(3000).fill(0x5a));
function placed(kernelFile: string, initrdFile?: string): Pick<PseriesConfig, 'kernel' | 'initrd'> {
  const ram = new Ram(256 * MiB);
  const kernel = loadKernel(ram, new Uint8Array(readFileSync(kernelFile)));
  return { kernel, initrd: initrdFile ? loadInitrd(ram, new Uint8Array(readFileSync(initrdFile)), kernel) : undefined };
}

const cases: Case[] = [
  { name: '-m 256M', mem: '256M', cfg: base(256 * MiB), extra: devices(true, true) },
  { name: '-m 512M', mem: '512M', cfg: base(512 * MiB), extra: devices(true, true) },
  { name: '-m 1G', mem: '1G', cfg: base(1024 * MiB), extra: devices(true, true) },
  { name: '-m 768M (two memory nodes)', mem: '768M', cfg: base(768 * MiB), extra: devices(true, true) },
  { name: '-m 3G (above 2 GiB)', mem: '3G', cfg: base(3072 * MiB), extra: devices(true, true) },
  { name: 'no vty, no rng', mem: '512M', cfg: { ...base(512 * MiB), vty: false, rng: false }, extra: devices(false, false) },
  {
    name: '-kernel (BE) -initrd -append', mem: '512M',
    cfg: { ...base(512 * MiB), bootargs: 'console=hvc0 root=/dev/ram0 quiet', ...placed(kernelBe, initrd) },
    extra: [...devices(true, true), '-kernel', kernelBe, '-initrd', initrd, '-append', 'console=hvc0 root=/dev/ram0 quiet'],
  },
  {
    name: '-kernel (LE)', mem: '1G',
    cfg: { ...base(1024 * MiB), ...placed(kernelLe) },
    extra: [...devices(true, true), '-kernel', kernelLe],
  },
];

function qemuDtb(c: Case, i: number): Uint8Array {
  const out = join(dir, `q${i}.dtb`);
  const r = spawnSync(QEMU, ['-M', `pseries,dumpdtb=${out}`, '-cpu', 'POWER8', '-nodefaults', '-display', 'none',
    '-m', c.mem, '-bios', bios, ...c.extra, '-seed', '1'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`QEMU failed (${r.status}): ${r.stderr}`);
  return new Uint8Array(readFileSync(out));
}

describe.skipIf(!hasQemu)('pseries FDT vs QEMU 7.2 dumpdtb', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_, c, i) => {
    const theirs = qemuDtb(c, i);
    const ours = buildPseriesFdt(c.cfg);
    expect(firstFdtDifference(parseFdt(ours), parseFdt(theirs))).toBeNull();
    expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true); // byte for byte
  });
});

describe('fdtAddress', () => {
  it('follows min(RMA, 2 GiB) - 2 MiB', () => {
    expect(fdtAddress(256 * MiB)).toBe(0x0fe00000);
    expect(fdtAddress(512 * MiB)).toBe(0x1fe00000);
    expect(fdtAddress(1024 * MiB)).toBe(0x3fe00000);
    expect(fdtAddress(3072 * MiB)).toBe(0x7fe00000);
  });
});
