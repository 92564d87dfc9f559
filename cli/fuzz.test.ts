// `pseries-rr fuzz` as a user runs it: clear one-line errors for bad options, a short campaign
// with a JSON summary, and a failure saved where asked (a broken build is simulated by giving
// the decoder target a regression directory and nothing else: the real failure path is covered
// in fuzz/semantics/semantics.test.ts, which breaks an instruction on purpose).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseDuration } from './fuzz.js';
import { haveObjdump } from '../fuzz/decoder/objdump.js';
import { harnessAvailable } from '../oracle/qemu-user/harness.js';

const BIN = join(fileURLToPath(new URL('..', import.meta.url)), 'bin/pseries-rr.js');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, 'fuzz', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function oneLine(r: ReturnType<typeof cli>, what: RegExp) {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(what);
}

describe('pseries-rr fuzz', () => {
  test('durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2')).toBe(2000);
    expect(() => parseDuration('5x')).toThrow(/duration like/);
  });
  test('bad options: one line each, exit 2', () => {
    oneLine(cli(), /--target/);
    oneLine(cli('--target', 'nope'), /unknown --target 'nope' \(known: decoder, semantics, mmu, replay\)/);
    oneLine(cli('--target', 'replay', '--time', 'soon'), /--time wants a duration/);
    oneLine(cli('--target', 'replay', '--shard', '3/2'), /--shard wants i\/n/);
    oneLine(cli('--target', 'replay', '--path', '1:2'), /--path replays one failure: give the --seed/);
    oneLine(cli('--target', 'replay', '--seed', '1', '--path', 'x'), /not a replay failure path/);
    oneLine(cli('--target', 'semantics', '--max-insns', '100'), /at most 64/);
    oneLine(cli('--target', 'semantics', '--cpu', 'POWER7'), /--cpu wants POWER8 or POWER9/);
  });
  test.runIf(haveObjdump())('a decoder round: JSON summary, every form covered, exit 0', () => {
    // a failure is saved outside the tree, so it cannot leak into corpus/regressions' own test
    const r = cli('--target', 'decoder', '--seed', '11', '--runs', '3', '--json', '--regressions', mkdtempSync(join(tmpdir(), 'pseries-rr-fuzz-')));
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ target: 'decoder', seed: 11, rounds: 1, failures: [] });
    expect(s.cases).toBeGreaterThan(3000);
  });
  test.runIf(harnessAvailable())('semantics shards split one campaign: two half-shards run the rounds of the whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-fuzz-'));
    const run = (...a: string[]) => JSON.parse(cli('--target', 'semantics', '--seed', '5', '--runs', '200', '--max-insns', '2', '--json', '--regressions', dir, ...a).stdout);
    const one = run('--shard', '1/2'), two = run('--shard', '2/2');
    expect(one.failures).toEqual([]);
    expect(two.failures).toEqual([]);
    expect(one.cases + two.cases).toBe(800); // 200 cases × 2 byte orders, each shard one round
    expect(readdirSync(dir)).toEqual([]); // nothing failed, nothing saved
  }, 120_000);
});
