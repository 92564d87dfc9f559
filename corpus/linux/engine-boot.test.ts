// The engine boots Debian's kernel to /init and powers off, and its console matches QEMU
// 7.2's (-M pseries,x-vof=on -cpu POWER8) for the same kernel, initramfs and command line,
// line by line after normalisation (transcript.ts RULES: printk timestamps, the RTC's
// wall-clock date, a host-timed measurement). Needs the kernel (PSERIES_LINUX=1 fetches
// it, as linux-boot.test.ts) and QEMU; about 25 s for the engine boot, 2.5 s for QEMU's.
import { describe, expect, test } from 'vitest';
import { cachedLinux, fetchLinux } from './fetch.js';
import { buildImage } from './images.js';
import { INIT_MARKER } from './initramfs.js';
import { bootLinux, qemuAvailable } from './qemu-boot.js';
import { firstLineDifference, normaliseTranscript, transcriptLines } from './transcript.js';
import { bootLinuxOnEngine } from './engine-boot.js';

const wanted = process.env.PSERIES_LINUX === '1';
const cached = cachedLinux();
const enabled = qemuAvailable() && (wanted || cached !== undefined);
if (!enabled) {
  if (wanted) throw new Error('PSERIES_LINUX=1 needs qemu-system-ppc64: apt-get install qemu-system-ppc');
  console.warn('WARNING: the engine-vs-QEMU Linux transcript test is skipped: it needs qemu-system-ppc64 and the kernel (PSERIES_LINUX=1 fetches it)');
}

describe.runIf(enabled)('Debian Linux on the engine against QEMU 7.2', () => {
  test('boots to /init and powers off, with QEMU\'s console lines', async () => {
    const a = cached ?? fetchLinux();
    const initrd = buildImage('init', a);
    const engine = bootLinuxOnEngine({ vmlinux: a.vmlinux, initrd, marker: INIT_MARKER });
    const qemu = await bootLinux({ vmlinux: a.vmlinux, initrd, timeoutMs: 120_000 });
    expect(qemu.exitCode).toBe(0);
    expect(engine.stop).toBe('power-off');
    expect(engine.markerIcount).toBeGreaterThan(0);
    const t = engine.transcript;
    expect(t.indexOf('Run /init as init process')).toBeLessThan(t.indexOf(INIT_MARKER));
    expect(t).toMatch(/reboot: Power down\r\n$/);
    const ours = normaliseTranscript(t), theirs = normaliseTranscript(qemu.transcript);
    expect(firstLineDifference(ours, theirs)).toBeNull();
    expect(transcriptLines(t).length).toBeGreaterThan(200); // the whole boot log, each line compared
    // What the kernel asked for that the machine lacks: only PowerVM's performance-counter
    // hcall, which the hv-gpci and hv-24x7 drivers each probe once. QEMU 7.2 lacks it too:
    // the same boot with `-d unimp` logs "Unimplemented SPAPR hcall 0x…f080" twice, nothing else.
    const gaps = engine.machine.unknownServices();
    expect([...gaps.hcalls]).toEqual([[0xf080, 2]]);
    expect([...gaps.rtas]).toEqual([]);
    expect([...gaps.vof]).toEqual([]);
  }, 300_000);
});
