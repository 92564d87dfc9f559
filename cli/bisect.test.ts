// pseries-rr bisect as a user runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/pseries-rr.js');
const tmp = mkdtempSync(join(tmpdir(), 'pseries-rr-cli-bisect-'));
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: '', timeout: 120_000, cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('pseries-rr bisect', () => {
  const trace = join(tmp, 'logical.trace');
  const patched = join(tmp, 'patched');

  test('names the instruction where a patched build parts, exit 1; the same build gives exit 0', () => {
    expect(cli('record', '-o', trace, '-bios', join(ROOT, 'corpus/bare/logical.img'), '--checkpoint-interval', '5000').code).toBe(0);
    cpSync(join(ROOT, 'dist/engine'), join(patched, 'engine'), { recursive: true });
    const f = join(patched, 'engine/isa/semantics/fixedpoint/logical.js');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/(u32\[a \* 2\] = u32\[rt\(w\) \* 2\] & \(w << 16\));/, '$1 ^ 0x10000;'));
    const r = cli('bisect', trace, '--a', join(ROOT, 'dist'), '--b', patched);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^B parts from the recording between icount [\d,]+ \(last agreeing checkpoint\) and [\d,]+;/);
    expect(r.stdout).toMatch(/^diverged at icount [\d,]+ \(pc 0x[0-9a-f]+\): 0x[0-9a-f]{8}  andis\./m);
    const same = cli('bisect', trace, '--a', join(ROOT, 'dist'), '--b', join(ROOT, 'dist'), '--json');
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).status).toBe('same');
  });

  test('bad REFs and missing builds are one clear line, exit 2', () => {
    for (const [args, re] of [
      [['bisect', trace], /name the builds: --a REF --b REF, or --commits GOOD\.\.BAD/],
      [['bisect', trace, '--a', join(ROOT, 'dist'), '--b', 'no-such-revision-xyz'], /'no-such-revision-xyz' is neither a directory with a built engine nor a git revision/],
      [['bisect', trace, '--a', join(ROOT, 'dist'), '--b', tmp], /no built engine here/],
      [['bisect', trace, '--commits', 'HEAD'], /--commits wants GOOD\.\.BAD/],
    ] as [string[], RegExp][]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });
});
