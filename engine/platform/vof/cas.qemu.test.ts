// The tree after ibm,client-architecture-support, against QEMU 7.2's: a tiny kernel opens
// "/", calls CAS with Linux 6.1's vector 5 bits (or without FORM2), and calls "exit", which
// pauses QEMU; the monitor's dumpdtb then writes the tree VOF serves. Both sides boot QEMU's
// vof.bin (its size decides /memory@0/available) with -seed 1, so the rebuilt tree's second
// rng-seed draw is QEMU's too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Fdt, parseFdt } from '../fdt/blob.js';
import { firstFdtDifference } from '../fdt/compare.js';
import { qemuCasRngSeed, qemuRngSeed } from '../fdt/qemu-seed.js';
import type { Inputs } from '../../inputs.js';
import { FixedInputs } from '../../inputs.js';
import { Machine } from '../../machine.js';
import { casKernel, FORM1_OV5, LINUX_OV5 } from './test-kernel.js';

const QEMU = 'qemu-system-ppc64';
const VOF_BIN = '/usr/share/qemu/vof.bin';
const have = spawnSync(QEMU, ['--version']).status === 0 && existsSync(VOF_BIN);
if (!have) {
  const msg = `${QEMU} or ${VOF_BIN} missing: install the Debian packages qemu-system-ppc and qemu-system-data to compare the tree after CAS with QEMU's`;
  if (process.env.CI) throw new Error(msg);
  console.warn(`\n!!!!!!!! SKIPPING: ${msg} !!!!!!!!\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'pseries-cas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** QEMU's tree once the guest has asked to "exit" (the VM pauses; dumpdtb dumps it). */
function qemuTree(kernel: string, append: string, initrd: string): Promise<Fdt> {
  const out = join(dir, `q-${Math.random().toString(16).slice(2)}.dtb`);
  const q = spawn(QEMU, ['-M', 'pseries,x-vof=on', '-cpu', 'POWER8', '-nodefaults', '-display', 'none', '-m', '512M',
    '-chardev', 'null,id=c0', '-device', 'spapr-vty,chardev=c0',
    '-object', 'rng-random,id=rng0,filename=/dev/urandom', '-device', 'spapr-rng,rng=rng0',
    '-kernel', kernel, '-initrd', initrd, '-append', append, '-seed', '1', '-monitor', 'stdio']);
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { q.kill(); reject(new Error(`QEMU did not stop at "exit": ${err}`)); }, 30_000);
    q.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (err.includes('requested "exit"')) q.stdin.write(`dumpdtb ${out}\nquit\n`);
    });
    q.stdout.resume();
    q.on('exit', () => {
      clearTimeout(timer);
      if (existsSync(out)) resolve(parseFdt(readFileSync(out)));
      else reject(new Error(`QEMU wrote no tree: ${err}`));
    });
  });
}

/** QEMU's seeds, -seed 1: the reset draw, then the CAS draw. */
class QemuSeeded extends FixedInputs implements Inputs {
  private draws = 0;
  override rngSeed(_icount: number, len: number): Uint8Array { return (this.draws++ ? qemuCasRngSeed(1) : qemuRngSeed(1)).subarray(0, len); }
}

function engineTree(kernel: Uint8Array, append: string, initrd: Uint8Array): { tree: Fdt; m: Machine } {
  const m = new Machine({ kernel, initrd, append, bios: new Uint8Array(readFileSync(VOF_BIN)) }, new QemuSeeded(), () => {});
  m.run(200_000);
  expect(m.halted).toBe('checkstop'); // the client's "exit"
  return { tree: { root: m.vof!.tree.root, reservations: [], bootCpuidPhys: 0 }, m };
}

describe.skipIf(!have)('the tree after CAS equals QEMU 7.2\'s', () => {
  const initrd = new Uint8Array(0x800).fill(0x11);
  writeFileSync(join(dir, 'initrd'), initrd);
  it.each([['FORM2 affinity (what Linux 6.1 asks)', LINUX_OV5], ['FORM1 affinity only', FORM1_OV5]])('%s', async (_, vec5) => {
    const kernel = casKernel(vec5);
    const kfile = join(dir, `k-${vec5[4]}.elf`);
    writeFileSync(kfile, kernel);
    const theirs = await qemuTree(kfile, 'console=hvc0 quiet', join(dir, 'initrd'));
    const { tree: ours, m } = engineTree(kernel, 'console=hvc0 quiet', initrd);
    expect(firstFdtDifference(ours, { ...theirs, reservations: [], bootCpuidPhys: 0 })).toBeNull();
    expect(m.negotiated?.compatPvr).toBe(0x0f000004);
  }, 60_000);
});
