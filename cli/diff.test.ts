// pseries-rr diff as a user runs it: sides, output, exit status, bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { qemuAvailable } from '../oracle/qemu/system.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/pseries-rr.js');
const img = (n: string) => join(ROOT, `corpus/bare/${n}.img`);
const tmp = mkdtempSync(join(tmpdir(), 'pseries-rr-diff-'));
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: '', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('pseries-rr diff', () => {
  test('a state trace written by run --state-trace diffs clean against the engine and against the committed QEMU reference', () => {
    const st = join(tmp, 'hello.pstate');
    expect(cli('run', '-bios', img('hello'), '--state-trace', st).code).toBe(0);
    const a = cli('diff', st, 'engine:', '-bios', img('hello'));
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('no divergence: ' + st + ' and engine agree on all 3,178 instructions\n');
    const q = cli('diff', st, join(ROOT, 'corpus/reference/hello.pstate'));
    expect(q.code).toBe(0);
  });

  test('a window (--from/--to) compares only that stretch', () => {
    const st = join(tmp, 'window.pstate');
    expect(cli('run', '-bios', img('arith'), '--state-trace', st, '--from', '1000', '--to', '2000').code).toBe(0);
    const r = cli('diff', st, join(ROOT, 'corpus/reference/arith.pstate'), '--json');
    // The reference starts at 0 and the window at 1000: they part at once, and diff says so.
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).divergence.kind).toBe('initial');
  });

  test.runIf(qemuAvailable())('engine: against qemu: walks the whole guest; --json gives the count', () => {
    const r = cli('diff', 'engine:', 'qemu:', '-bios', img('branch'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.divergence).toBeUndefined();
    expect(j.compared).toBe(36_725);
  });

  test.runIf(qemuAvailable())('known QEMU deviations are reported, and --strict stops at them', () => {
    const r = cli('diff', 'engine:', 'qemu:', '-bios', img('muldiv'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^known deviation divdeo-overflow stepped over 1× \(first at icount [\d,]+/);
    const s = cli('diff', 'engine:', 'qemu:', '-bios', img('muldiv'), '--strict');
    expect(s.code).toBe(1);
    expect(s.stdout).toMatch(/diverged at icount [\d,]+ \(pc 0x[0-9a-f]+\): 0x[0-9a-f]{8}  divdeo  r3,r4,r5\n/);
    expect(s.stdout).toMatch(/^  xer +0x0{16}  0x0{8}c0000000 +0x0{16}$/m);
    expect(s.stdout).toMatch(/the 20 instructions before it \(engine\):/);
  });

  test('bad sides are one clear line, exit 2', () => {
    for (const [args, re] of [
      [['diff', join(tmp, 'nope'), 'engine:', '-bios', img('hello')], /cannot read '.*nope': no such file/],
      [['diff', img('hello'), 'engine:', '-bios', img('hello')], /neither a state trace nor a pseries-rr trace/],
      [['diff', 'engine:', 'engine:'], /needs the machine: pass -bios IMAGE/],
      [['diff', 'qemu:', 'qemu:', '-bios', img('hello')], /comparing QEMU with itself/],
      [['diff', 'engine:', 'engine:', '-bios', img('hello'), '--mask', 'r99'], /cannot mask 'r99'/],
    ] as [string[], RegExp][]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(re);
    }
  });
});
