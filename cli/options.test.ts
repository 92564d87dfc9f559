import { describe, expect, test } from 'vitest';
import { normaliseArgv, parseSize } from './options.js';

describe('QEMU-style options', () => {
  test('single-dash long options become double-dash', () => {
    expect(normaliseArgv(['run', '-bios', 'x.img', '-m', '1G', '-append', 'a b', '-no-reboot', '--max-insns', '5']))
      .toEqual(['run', '--bios', 'x.img', '-m', '1G', '--append', 'a b', '--no-reboot', '--max-insns', '5']);
  });
  test('unknown single-dash words are left for the parser to reject', () => {
    expect(normaliseArgv(['-biosx', '-zzz'])).toEqual(['-biosx', '-zzz']);
  });
  test('sizes follow QEMU: no suffix is MiB', () => {
    expect(parseSize('512')).toBe(512 * 2 ** 20);
    expect(parseSize('512M')).toBe(512 * 2 ** 20);
    expect(parseSize('1G')).toBe(2 ** 30);
    expect(parseSize('1.5G')).toBe(1.5 * 2 ** 30);
    expect(() => parseSize('lots')).toThrow(/invalid memory size/);
  });
});
