// Every case the fuzzers ever found, kept in corpus/regressions/ and run forever: each file's
// name says which target made it and so how it is checked.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { harnessAvailable } from '../oracle/qemu-user/harness.js';
import { checkDecoderRegression } from './decoder/regression.js';
import { checkRegression } from './semantics/regression.js';
import { checkReplayCase, parseReplayRegression } from './replay/property.js';
import { checkMmuRegression } from './mmu/regression.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'regressions');

const CHECKS: [RegExp, (text: string, file: string) => string[] | Promise<string[]>][] = [
  [/^decoder-.*\.s$/, (t) => checkDecoderRegression(t)],
  [/^semantics-.*\.s$/, (t, f) => checkRegression(t, f, harnessAvailable())],
  [/^mmu-.*\.txt$/, (t) => checkMmuRegression(t)],
  [/^replay-.*\.txt$/, (t) => checkReplayCase(parseReplayRegression(t))],
];

describe('corpus/regressions', () => {
  const files = readdirSync(dir).filter((f) => !f.startsWith('.') && f !== 'README.md').sort();
  it('holds cases, each of a known kind', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !CHECKS.some(([re]) => re.test(f)))).toEqual([]);
  });
  for (const f of files) {
    const check = CHECKS.find(([re]) => re.test(f))?.[1];
    if (!check) continue;
    it(`${f} still passes`, async () => {
      expect(await check(readFileSync(join(dir, f), 'utf8'), f)).toEqual([]);
    }, 60_000);
  }
});
