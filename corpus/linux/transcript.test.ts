// The transcript normaliser on hand-written lines: each rule masks only what it names,
// every line survives, and lines that must stay exact do.
import { describe, expect, test } from 'vitest';
import { firstLineDifference, normaliseLine, normaliseTranscript, RULES, ruleHits, transcriptLines } from './transcript.js';

describe('transcript normaliser', () => {
  test('every rule documents why', () => {
    for (const r of RULES) {
      expect(r.regex.global, r.name).toBe(true);
      expect(r.why.length, r.name).toBeGreaterThan(40);
    }
  });

  test.each([
    ['[    0.000000] Linux version 6.1.0-57-powerpc64le (debian-kernel@lists.debian.org)',
      'Linux version 6.1.0-57-powerpc64le (debian-kernel@lists.debian.org)'],
    ['[   12.345678] reboot: Power down', 'reboot: Power down'],
    ['[ 1234.500000]   with arguments:', '  with arguments:'],
    // a record that starts mid-line after RTAS display-character text
    ['#1 SMP Debian 6.[    0.266450] nvram: Failed to initialize oops partition!',
      '#1 SMP Debian 6.nvram: Failed to initialize oops partition!'],
    ['[    1.698469] rtc-generic rtc-generic: setting system clock to 2026-12-06T21:35:32 UTC (1796592932)',
      'rtc-generic rtc-generic: setting system clock to <wall-clock> UTC (<epoch>)'],
    ['[    0.147765] node 0 deferred pages initialised in 4ms', 'node 0 deferred pages initialised in <ms>'],
    // stays exact: addresses, sizes, sub-second figures that are not timestamps
    ['[    0.000000] Found initrd at 0xc000000002c90000:0xc000000002ef315c',
      'Found initrd at 0xc000000002c90000:0xc000000002ef315c'],
    ['[    0.000000] time_init: decrementer frequency = 512.000000 MHz', 'time_init: decrementer frequency = 512.000000 MHz'],
    ['[    0.700879] rtc-generic rtc-generic: registered as rtc0', 'rtc-generic rtc-generic: registered as rtc0'],
    ['pseries-rr: /init reached', 'pseries-rr: /init reached'],
    ['[0.123456] no padding is not printk\'s format', '[0.123456] no padding is not printk\'s format'],
    ['[123456.000001] six-digit seconds', 'six-digit seconds'],
  ])('%s', (input, want) => {
    expect(normaliseLine(input)).toBe(want);
  });

  test('CRLF line ends become LF; a lone CR and every line are kept', () => {
    const raw = '[    0.1] x\r\n[    0.266390] nvram: err -28\r\n\rLinux ppc64le\r\n#1 SMP Debian 6.[    0.266450] nvram: Failed!\r\n\r\n';
    expect(transcriptLines(raw)).toEqual(['[    0.1] x', '[    0.266390] nvram: err -28', '\rLinux ppc64le', '#1 SMP Debian 6.[    0.266450] nvram: Failed!', '']);
    expect(normaliseTranscript(raw)).toBe('[    0.1] x\nnvram: err -28\n\rLinux ppc64le\n#1 SMP Debian 6.nvram: Failed!\n\n');
  });

  test('two runs that differ only where the rules say normalise to the same text', () => {
    const run = (t: string[], clock: string, ms: number): string => [
      `[    0.000000] Kernel command line: console=hvc0 loglevel=8 audit=0 initramfs_async=0\r\n`,
      `[${t[0]}] node 0 deferred pages initialised in ${ms}ms\r\n`,
      `[${t[1]}] rtc-generic rtc-generic: setting system clock to ${clock}\r\n`,
      'pseries-rr: /init reached\r\n',
      `[${t[2]}] reboot: Power down\r\n`,
    ].join('');
    const a = run(['    0.147765', '    1.698469', '    2.631955'], '2026-12-06T21:35:32 UTC (1796592932)', 0);
    const b = run(['    0.073100', '    0.988000', '   10.000001'], '2026-12-06T21:36:52 UTC (1796593012)', 4);
    expect(a).not.toBe(b);
    expect(normaliseTranscript(a)).toBe(normaliseTranscript(b));
    expect(firstLineDifference(normaliseTranscript(a), normaliseTranscript(b))).toBeNull();
    expect(ruleHits(a)).toEqual({ 'printk-timestamp': 4, 'rtc-wall-clock': 1, 'deferred-pages-ms': 1 });
  });

  test('a real difference survives and is located', () => {
    const a = normaliseTranscript('[    0.1] a\r\n[    0.000001] same\r\n[    0.000002] Run /init as init process\r\n');
    const b = normaliseTranscript('[    0.1] a\r\n[    0.000009] same\r\n[    0.000002] Kernel panic - not syncing\r\n');
    expect(firstLineDifference(a, b)).toEqual({ line: 3, a: 'Run /init as init process', b: 'Kernel panic - not syncing' });
  });
});
