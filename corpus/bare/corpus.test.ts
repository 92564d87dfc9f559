// Done-when of the engine foundation: every corpus guest prints exactly what QEMU 7.2 prints
// for the same image. The QEMU transcripts are committed (corpus/bare/expected/, made by
// refresh-expected.sh); when QEMU is installed (CI installs it) a live run is compared too.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { qemuAvailable, runQemuBios } from '../../oracle/qemu/system.js';
import { BARE_DIR, guestImage, guestInput, listGuests, runGuest } from './guests.js';
import { firstDifference } from './deviations.js';

const guests = listGuests();
const haveQemu = qemuAvailable();
if (!haveQemu) {
  if (process.env.CI) throw new Error('CI must have QEMU: apt-get install qemu-system-ppc');
  console.warn('WARNING: qemu-system-ppc64 not installed (apt-get install qemu-system-ppc): live QEMU comparisons are skipped');
}

describe('bare-metal corpus', () => {
  test('has the guests the issue asks for', () => {
    for (const g of ['hello', 'bench', 'echo', 'exceptions', 'be2le']) expect(guests).toContain(g);
    expect(guests.length).toBeGreaterThanOrEqual(10);
  });

  test('exceptions with --unassigned=ignore prints exactly QEMU 7.2\'s transcript, no deviation masked', () => {
    const r = runGuest('exceptions', { config: { unassigned: 'ignore' } });
    expect(r.output.toString('latin1')).toBe(readFileSync(`${BARE_DIR}expected/exceptions.txt`, 'latin1'));
  });

  describe.each(guests)('%s', (name) => {
    const expectedFile = `${BARE_DIR}expected/${name}.txt`;
    let engineOut = '';

    test('runs to power-off on the engine and prints what QEMU 7.2 printed', () => {
      const r = runGuest(name);
      engineOut = r.output.toString('latin1');
      expect(existsSync(expectedFile), `missing ${expectedFile}: run corpus/bare/refresh-expected.sh`).toBe(true);
      const want = readFileSync(expectedFile, 'latin1');
      expect(firstDifference(name, engineOut, want)).toBeNull();
      expect(r.stop).toBe('power-off');
      expect(engineOut).not.toMatch(/FAIL/);
    });

    test.runIf(haveQemu)('a live QEMU run still prints the same', async () => {
      const q = await runQemuBios(guestImage(name), { timeoutMs: 120_000, stdin: guestInput(name) });
      expect(q.timedOut).toBe(false);
      const live = q.stdout.toString('latin1');
      expect(live).toBe(readFileSync(expectedFile, 'latin1'));
      if (engineOut) expect(firstDifference(name, engineOut, live)).toBeNull();
    }, 150_000);
  });
});
