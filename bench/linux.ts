// The Linux boot (corpus/linux/): guest instructions until /init runs, engine wall time
// against QEMU 7.2's for the same boot, and the size of `pseries-rr record`'s trace of it
// beside QEMU's own rr=record log. Prints figures only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cachedLinux } from '../corpus/linux/fetch.js';
import { buildImage } from '../corpus/linux/images.js';
import { INIT_MARKER } from '../corpus/linux/initramfs.js';
import { bootLinux, LINUX_APPEND, qemuAvailable } from '../corpus/linux/qemu-boot.js';
import { countBootInstructions } from '../corpus/linux/icount.js';
import { bootLinuxOnEngine } from '../corpus/linux/engine-boot.js';

const CLI = fileURLToPath(new URL('../../bin/pseries-rr.js', import.meta.url));
const n = (x: number) => x.toLocaleString('en');

function cli(args: string[]): { status: number | null; seconds: number; stderr: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'latin1', maxBuffer: 64 << 20 });
  return { status: r.status, seconds: (performance.now() - t0) / 1000, stderr: r.stderr };
}

export async function linuxBench(): Promise<void> {
  const a = cachedLinux();
  console.log('Linux boot (Debian ' + (a ? `${a.kernelPackage} ${a.kernelVersion}` : 'kernel') + ', our /init, 512M)');
  if (!a) { console.log('  skipped: no kernel in the cache (PSERIES_LINUX=1 npm test, or corpus/linux/fetch.sh)'); return; }
  const initrd = buildImage('init', a);
  const e = bootLinuxOnEngine({ vmlinux: a.vmlinux, initrd, marker: INIT_MARKER });
  if (e.stop !== 'power-off' || e.markerIcount === undefined) {
    console.log(`  engine: the boot did not reach /init and power off (stopped: ${e.stop} after ${n(e.icount)} instructions)`);
    return;
  }
  const es = e.wallMs / 1000;
  console.log(`  engine: /init runs after ${n(e.markerIcount)} instructions; power-off after ${n(e.icount)}; ` +
    `${es.toFixed(1)} s wall = ${(e.icount / es / 1e6).toFixed(1)} MIPS`);
  if (!qemuAvailable()) { console.log('  QEMU: not installed; no comparison'); return; }
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const q = await bootLinux({ vmlinux: a.vmlinux, initrd, timeoutMs: 120_000 });
    if (q.exitCode !== 0) { console.log(`  QEMU: boot failed (exit ${q.exitCode})`); return; }
    times.push(q.wallMs / 1000);
  }
  const qs = Math.min(...times);
  console.log(`  QEMU 7.2 TCG (whole process, best of 3): ${qs.toFixed(2)} s; engine/QEMU wall time ${(es / qs).toFixed(1)}`);
  const counted = await countBootInstructions({ vmlinux: a.vmlinux, initrd, timeoutMs: 120_000 });
  console.log(`  QEMU -icount shift=0,rr=record (no spapr-rng): ${counted.instructions === undefined ? '?' : n(counted.instructions)} instructions to power-off; ` +
    `its rr log ${counted.rrBytes === undefined ? '?' : n(counted.rrBytes)} bytes`);

  const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-bench-linux-'));
  try {
    const boot = ['-kernel', a.vmlinux, '-initrd', initrd, '-append', LINUX_APPEND];
    for (const [label, extra] of [['default intervals', []], ['no snapshots', ['--snapshot-interval', '0']]] as const) {
      const file = join(dir, 'boot.trace');
      const rec = cli(['record', '-o', file, ...extra, ...boot]);
      if (rec.status !== 0) { console.log(`  record (${label}): exit ${rec.status}: ${rec.stderr.trim().split('\n').pop()}`); continue; }
      const bytes = statSync(file).size;
      const rep = cli(['replay', file]);
      console.log(`  pseries-rr record (${label}): ${n(bytes)} bytes in ${rec.seconds.toFixed(1)} s; replay exit ${rep.status} in ${rep.seconds.toFixed(1)} s` +
        (counted.rrBytes ? `; ${(bytes / counted.rrBytes).toFixed(2)}× QEMU's rr log` : ''));
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
