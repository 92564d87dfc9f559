// `npm run corpus:linux -- [command]`: the Linux corpus flow from the command line.
//   (none) | fetch   fetch the kernel and busybox (cached), build both initramfs images, print paths
//   boot [init|busybox] [--gzip]   boot one image under QEMU; transcript on stdout, summary on stderr
//   measure [--runs N] [--icount] [--deterministic] [--dtb] [--gzip]
//       boot both images N times (default 3): wall time, exit status, whether the normalised
//       transcripts are equal, which masking rules matched; --icount adds QEMU's instruction
//       count to power-off; --deterministic boots each image twice with -icount and a
//       fixed RTC and compares the raw transcripts; --dtb dumps QEMU's device tree for this boot and a plain one.
//       Everything is saved under <cache>/linux/measure/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchLinux, type LinuxArtifacts } from './fetch.js';
import { countBootInstructions } from './icount.js';
import { buildImage, type ImageKind } from './images.js';
import { BUSYBOX_MARKER, INIT_MARKER } from './initramfs.js';
import { bootLinux, DETERMINISTIC_ICOUNT, DETERMINISTIC_RTC, LINUX_APPEND, qemuAvailable, qemuLinuxArgs, QEMU } from './qemu-boot.js';
import { firstLineDifference, normaliseTranscript, ruleHits } from './transcript.js';

const KINDS: readonly ImageKind[] = ['init', 'busybox'];
const marker = (k: ImageKind): string => (k === 'init' ? INIT_MARKER : BUSYBOX_MARKER);

function prepare(gzip = false): { a: LinuxArtifacts; images: Record<ImageKind, string> } {
  const a = fetchLinux();
  const images = { init: buildImage('init', a, { gzip }), busybox: buildImage('busybox', a, { gzip }) };
  return { a, images };
}

function flag(args: string[], name: string): boolean {
  return args.includes(name);
}
function option(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

async function measure(args: string[]): Promise<void> {
  const runs = option(args, '--runs', 3);
  const gzip = flag(args, '--gzip');
  const { a, images } = prepare(gzip);
  const out = join(a.cache, 'measure');
  mkdirSync(out, { recursive: true });
  console.log(`kernel ${a.kernelPackage} ${a.kernelVersion}; busybox-static ${a.busyboxVersion}`);
  console.log(`append: ${LINUX_APPEND}`);
  for (const kind of KINDS) {
    const normals: string[] = [];
    for (let i = 1; i <= runs; i++) {
      const r = await bootLinux({ vmlinux: a.vmlinux, initrd: images[kind] });
      writeFileSync(join(out, `${kind}-${i}.txt`), r.transcript, 'latin1');
      const n = normaliseTranscript(r.transcript);
      writeFileSync(join(out, `${kind}-${i}.normalised.txt`), n, 'latin1');
      normals.push(n);
      const hits = Object.entries(ruleHits(r.transcript)).map(([k, v]) => `${k}=${v}`).join(' ');
      console.log(`${kind} run ${i}: ${(r.wallMs / 1000).toFixed(2)} s, exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}, ` +
        `marker ${r.transcript.includes(marker(kind)) ? 'seen' : 'MISSING'}, ${n.split('\n').length - 1} lines; rules: ${hits}`);
    }
    const diffs = normals.slice(1).map((n) => firstLineDifference(normals[0]!, n)).filter((d) => d !== null);
    console.log(`${kind}: normalised transcripts ${diffs.length === 0 ? 'identical' : 'DIFFER: ' + JSON.stringify(diffs[0])}`);
    if (flag(args, '--icount')) {
      const c = await countBootInstructions({ vmlinux: a.vmlinux, initrd: images[kind], timeoutMs: 300_000 });
      writeFileSync(join(out, `${kind}-icount.txt`), c.transcript, 'latin1');
      const ts = (re: RegExp): string => re.exec(c.transcript)?.[1] ?? '?';
      console.log(`${kind} -icount ${DETERMINISTIC_ICOUNT},rr=record -rtc ${DETERMINISTIC_RTC} (no spapr-rng): ${c.instructions ?? '?'} instructions at power-off, ` +
        `${(c.wallMs / 1000).toFixed(2)} s wall; virtual time at "Run /init" ${ts(/\[ *(\d+\.\d+)\] Run \/init/)} s, ` +
        `at power-off ${ts(/\[ *(\d+\.\d+)\] reboot: Power down/)} s`);
    }
  }
  if (flag(args, '--deterministic')) {
    for (const kind of KINDS) {
      const [r1, r2] = [await bootLinux({ vmlinux: a.vmlinux, initrd: images[kind], deterministic: true }),
        await bootLinux({ vmlinux: a.vmlinux, initrd: images[kind], deterministic: true })];
      writeFileSync(join(out, `${kind}-deterministic.txt`), r1.transcript, 'latin1');
      console.log(`${kind} -icount ${DETERMINISTIC_ICOUNT} -rtc ${DETERMINISTIC_RTC}: ${(r1.wallMs / 1000).toFixed(2)} s, ` +
        `${(r2.wallMs / 1000).toFixed(2)} s, exit ${r1.exitCode}/${r2.exitCode}; raw transcripts ` +
        `${r1.transcript === r2.transcript ? 'byte-identical' : 'DIFFER: ' + JSON.stringify(firstLineDifference(r1.transcript, r2.transcript))}`);
    }
  }
  if (flag(args, '--dtb')) dumpDtbs(a, images.init, out);
  console.log(`saved in ${out}`);
}

function dumpDtbs(a: LinuxArtifacts, initrd: string, out: string): void {
  const dtc = (dtb: string): void => {
    const r = spawnSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', '-o', dtb.replace(/\.dtb$/, '.dts'), dtb], { stdio: 'inherit' });
    if (r.status !== 0) console.log(`dtc failed on ${dtb} (apt-get install device-tree-compiler)`);
  };
  const vof = join(out, 'vof.dtb');
  const vofArgs = qemuLinuxArgs({ vmlinux: a.vmlinux, initrd, dumpdtb: vof });
  spawnSync(QEMU, vofArgs, { stdio: ['ignore', 'ignore', 'ignore'] });
  dtc(vof);
  // The same without VOF (-M pseries), with and without the kernel/initrd/append.
  const plainK = join(out, 'plain-kernel.dtb');
  spawnSync(QEMU, vofArgs.map((x) => (x.startsWith('pseries,') ? `pseries,dumpdtb=${plainK}` : x)), { stdio: ['ignore', 'ignore', 'ignore'] });
  dtc(plainK);
  const plain = join(out, 'plain.dtb');
  const noKernel = vofArgs.map((x) => (x.startsWith('pseries,') ? `pseries,dumpdtb=${plain}` : x));
  for (const opt of ['-kernel', '-initrd', '-append']) noKernel.splice(noKernel.indexOf(opt), 2);
  spawnSync(QEMU, noKernel, { stdio: ['ignore', 'ignore', 'ignore'] });
  dtc(plain);
  console.log(`device trees: ${vof} (x-vof=on), ${plainK} (no VOF, same kernel), ${plain} (no VOF, no kernel); compare the .dts files`);
}

async function main(argv: string[]): Promise<number> {
  const [cmd = 'fetch', ...args] = argv;
  if (cmd !== 'fetch' && !qemuAvailable()) {
    console.error(`${QEMU} not found: apt-get install qemu-system-ppc`);
    return 2;
  }
  switch (cmd) {
    case 'fetch': {
      const { a, images } = prepare(flag(args, '--gzip'));
      console.log(`KERNEL_PACKAGE=${a.kernelPackage}\nKERNEL_VERSION=${a.kernelVersion}\nVMLINUX=${a.vmlinux}\nBUSYBOX=${a.busybox}`);
      console.log(`INITRD_INIT=${images.init}\nINITRD_BUSYBOX=${images.busybox}`);
      return 0;
    }
    case 'boot': {
      const kind = (args.find((x) => !x.startsWith('--')) ?? 'init') as ImageKind;
      if (!KINDS.includes(kind)) { console.error(`unknown image ${kind}: init or busybox`); return 2; }
      const { a, images } = prepare(flag(args, '--gzip'));
      const r = await bootLinux({ vmlinux: a.vmlinux, initrd: images[kind] });
      process.stdout.write(r.transcript);
      console.error(`${QEMU} ${r.args.join(' ')}\n${(r.wallMs / 1000).toFixed(2)} s, exit ${r.exitCode}${r.timedOut ? ' (timed out)' : ''}`);
      return r.exitCode === 0 && r.transcript.includes(marker(kind)) ? 0 : 1;
    }
    case 'measure':
      await measure(args);
      return 0;
    default:
      console.error(`unknown command ${cmd}: fetch, boot [init|busybox], measure [--runs N] [--icount] [--deterministic] [--dtb] [--gzip]`);
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
