// End to end under QEMU 7.2: Debian's ppc64le kernel boots each initramfs to /init, /init
// prints its marker and powers off, QEMU exits 0, and two boots' transcripts are equal
// after normalisation (transcript.ts RULES). Runs when the kernel is already cached, or
// with PSERIES_LINUX=1, which fetches it (~49 MB of .deb, once); otherwise skipped with a
// warning. About 2.5 s a boot here, four boots.
import { describe, expect, test } from 'vitest';
import { cachedLinux, fetchLinux, type LinuxArtifacts } from './fetch.js';
import { buildImage, type ImageKind } from './images.js';
import { BUSYBOX_MARKER, INIT_MARKER } from './initramfs.js';
import { bootLinux, qemuAvailable, type LinuxBootResult } from './qemu-boot.js';
import { firstLineDifference, normaliseTranscript } from './transcript.js';

const wanted = process.env.PSERIES_LINUX === '1';
const cached = cachedLinux();
const haveQemu = qemuAvailable();
const enabled = haveQemu && (wanted || cached !== undefined);
if (!enabled) {
  if (wanted) throw new Error('PSERIES_LINUX=1 needs qemu-system-ppc64: apt-get install qemu-system-ppc');
  console.warn(haveQemu
    ? 'WARNING: the Linux boot tests are skipped: no kernel in the cache (PSERIES_LINUX=1 fetches it, ~49 MB; or run corpus/linux/fetch.sh)'
    : 'WARNING: the Linux boot tests are skipped: qemu-system-ppc64 not installed (apt-get install qemu-system-ppc)');
}

const MARKERS: Record<ImageKind, string> = { init: INIT_MARKER, busybox: BUSYBOX_MARKER };

describe.runIf(enabled)('Linux under QEMU 7.2 (-M pseries,x-vof=on)', () => {
  let artifacts: LinuxArtifacts | undefined;
  const get = (): LinuxArtifacts => (artifacts ??= cached ?? fetchLinux());

  describe.each(['init', 'busybox'] as const)('%s image', (kind) => {
    const runs: LinuxBootResult[] = [];

    test('boots to /init, which prints its marker and powers off; QEMU exits 0', async () => {
      const a = get();
      const initrd = buildImage(kind, a);
      for (let i = 0; i < 2; i++) runs.push(await bootLinux({ vmlinux: a.vmlinux, initrd, timeoutMs: 120_000 }));
      for (const r of runs) {
        expect(r.timedOut, r.transcript.slice(-2000)).toBe(false);
        expect(r.transcript).toContain('POWER8 (architected)');
        expect(r.transcript).toContain(`${MARKERS[kind]}\r\n`);
        expect(r.transcript).toMatch(/reboot: Power down\r\n$/);
        expect(r.transcript).not.toMatch(/Kernel panic|WARNING: CPU|Oops/);
        expect(r.exitCode).toBe(0);
      }
      // the marker comes after the kernel ran /init, and before power-off
      const t = runs[0]!.transcript;
      expect(t.indexOf('Run /init as init process')).toBeLessThan(t.indexOf(MARKERS[kind]));
    }, 300_000);

    test('two boots\' normalised transcripts are identical', () => {
      expect(runs.length).toBe(2);
      const [a, b] = runs.map((r) => normaliseTranscript(r.transcript)) as [string, string];
      expect(firstLineDifference(a, b)).toBeNull();
      expect(a.split('\n').length).toBeGreaterThan(200); // the full boot log, every line kept
    });
  });
});
