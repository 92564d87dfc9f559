// Commit bisect over a real git history: a copy of this project with four commits on top, one
// of which changes andis.; bisect must name that commit and the andis. instruction.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FixedInputs } from '../../engine/index.js';
import { guestImage } from '../../corpus/bare/guests.js';
import { record } from '../recorder.js';
import { TraceReader } from '../reader.js';
import { configFromHeader } from '../machine-config.js';
import { commitBisect } from './commits.js';
import { BisectError } from './builds.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function makeRepo(): { repo: string; commits: Record<string, string> } {
  const repo = mkdtempSync(join(tmpdir(), 'pseries-rr-history-'));
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT }).toString().split('\n')
    .filter((f) => f && /\.(ts|json)$/.test(f) && !f.startsWith('corpus/reference/'));
  for (const f of files) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(repo, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: repo }).toString().trim();
  git('init', '-q');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\ndist\n');
  const commit = (msg: string) => { git('add', '-A'); git('commit', '-qm', msg); return git('rev-parse', 'HEAD'); };
  const edit = (f: string, from: string | RegExp, to: string) => {
    const p = join(repo, f), s = readFileSync(p, 'utf8'), out = s.replace(from, to);
    if (out === s) throw new Error(`edit of ${f} did not apply`);
    writeFileSync(p, out);
  };
  const commits: Record<string, string> = {};
  commits.base = commit('base');
  edit('engine/cpu/model.ts', '// CPU models', '// The CPU models');
  commits.c1 = commit('comment only');
  edit('engine/isa/semantics/fixedpoint/logical.ts', /(u32\[a \* 2\] = u32\[rt\(w\) \* 2\] & \(w << 16\));/, '$1 ^ 0x10000;');
  commits.c2 = commit('andis.: flip a result bit');
  edit('engine/platform/papr.ts', '// PAPR hypercall numbers', '// The PAPR hypercall numbers');
  commits.c3 = commit('another comment');
  edit('engine/memory/ram.ts', '// Guest RAM:', '// The guest RAM:');
  commits.c4 = commit('and another');
  return { repo, commits };
}

describe('commit bisect', () => {
  test('names the one behaviour-changing commit among harmless ones, and its instruction', async () => {
    const { repo, commits } = makeRepo();
    const out = join(repo, 'logical.trace');
    await record({ config: { bios: new Uint8Array(readFileSync(guestImage('logical'))) }, paths: { bios: guestImage('logical') }, out, inputs: new FixedInputs(), console: () => {}, checkpointInterval: 5_000 });
    const reader = await TraceReader.open(out);
    const r = await commitBisect(reader, configFromHeader(reader.header), `${commits.base}..${commits.c4}`, { repo });
    expect(r.firstBad).toBe(commits.c2);
    expect(r.lastGood).toBe(commits.c1);
    expect(r.subject).toBe('andis.: flip a result bit');
    expect(r.rangeSize).toBe(4);
    expect(r.probes.length).toBeLessThanOrEqual(1 + 1 + 2); // good, bad, then log2(4)
    expect(r.version.diff!.divergence!.text).toMatch(/^andis\./);
    // No worktree is left behind in the repository.
    expect(execFileSync('git', ['worktree', 'list'], { cwd: repo }).toString().trim().split('\n')).toHaveLength(1);

    await expect(commitBisect(reader, configFromHeader(reader.header), `${commits.c2}..${commits.c4}`, { repo })).rejects.toThrow(BisectError);
    await expect(commitBisect(reader, configFromHeader(reader.header), 'nonsense', { repo })).rejects.toThrow(/GOOD\.\.BAD/);
  }, 240_000);
});
