// record / replay / inspect as a user runs them (the built CLI), including a recording killed
// with SIGKILL and bad input.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/pseries-rr.js');
const img = (n: string) => join(ROOT, `corpus/bare/${n}.img`);
const tmp = mkdtempSync(join(tmpdir(), 'pseries-rr-cli-trace-'));

function cli(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(stderr: string, re: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(re);
}

describe('record, replay, inspect', () => {
  const trace = join(tmp, 'inputs.trace');

  test('record logs console input from stdin; replay prints the same output and exits 0; inspect describes the trace', () => {
    const rec = cli('typed\n', 'record', '-o', trace, '-bios', img('inputs'), '--checkpoint-interval', '10000');
    expect(rec.code).toBe(0);
    expect(rec.stdout).toContain('inputs: read typed\n');
    oneLine(rec.stderr, /^pseries-rr: recorded [\d,]+ instructions to .*inputs\.trace \([\d,]+ bytes, \d+ checkpoints, 1 snapshots\); the guest powered off$/);

    const rep = cli('', 'replay', trace);
    expect(rep.code).toBe(0);
    expect(rep.stdout).toBe(rec.stdout);
    oneLine(rep.stderr, /^pseries-rr: replay matched: [\d,]+ instructions, \d+ checkpoints, 3 interrupts and 11 inputs checked; the run ended with power-off$/);

    const ins = cli('', 'inspect', trace);
    expect(ins.code).toBe(0);
    expect(ins.stdout).toMatch(/^trace format 1, recorded by pseries-rr /);
    expect(ins.stdout).toContain('complete (footer index present)');
    expect(ins.stdout).toMatch(/^random\s+8\s+\d+$/m);
    expect(ins.stdout).toMatch(/^console\s+1\s+\d+$/m);

    const list = cli('', 'inspect', trace, '--from', '1', '--to', '100000', '--json');
    const recs = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; icount: number; bytes?: string });
    expect(recs.every((r) => r.icount >= 1 && r.icount <= 100_000)).toBe(true);
    expect(recs.find((r) => r.kind === 'console')!.bytes).toBe(Buffer.from('typed\n').toString('hex'));
  });

  test('replay --state-trace writes the recorded run\'s rows; diff of those against the trace itself is clean', () => {
    const pst = join(tmp, 'inputs.pstate');
    const w = cli('', 'replay', trace, '--state-trace', pst);
    expect(w.code).toBe(0);
    oneLine(w.stderr, /^pseries-rr: wrote [\d,]+ instruction rows to .*inputs\.pstate/);
    const d = cli('', 'diff', pst, trace);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^no divergence: .* agree on all [\d,]+ instructions$/m);
  });

  test('record refuses to overwrite a trace unless --force', () => {
    writeFileSync(join(tmp, 'keep.trace'), 'precious');
    const r = cli('', 'record', '-o', join(tmp, 'keep.trace'), '-bios', img('hello'));
    expect(r.code).toBe(2);
    oneLine(r.stderr, /exists: pass --force to overwrite it/);
    expect(readFileSync(join(tmp, 'keep.trace'), 'utf8')).toBe('precious');
    expect(cli('', 'record', '-o', join(tmp, 'keep.trace'), '-bios', img('hello'), '--force').code).toBe(0);
  });

  test('replay refuses a changed boot image, and accepts the recorded one from elsewhere', () => {
    const moved = join(tmp, 'moved.img');
    copyFileSync(img('inputs'), moved);
    const t = join(tmp, 'moved.trace');
    expect(cli('x\n', 'record', '-o', t, '-bios', moved).code).toBe(0);
    writeFileSync(moved, readFileSync(img('hello')));
    const bad = cli('', 'replay', t);
    expect(bad.code).toBe(2);
    oneLine(bad.stderr, /the -bios image '.*moved\.img' is not the one recorded .*pass --bios PATH/);
    expect(cli('', 'replay', t, '--bios', img('inputs'), '--quiet').code).toBe(0);
  });

  test('a damaged or foreign file is one clear error, exit 2', () => {
    const t = join(tmp, 'damaged.trace');
    expect(cli('x\n', 'record', '-o', t, '-bios', img('inputs')).code).toBe(0);
    const b = readFileSync(t);
    b[b.length >> 1] ^= 0x10;
    writeFileSync(t, b);
    const r = cli('', 'replay', t);
    expect(r.code).toBe(2);
    oneLine(r.stderr, /^pseries-rr: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const notTrace = cli('', 'inspect', img('hello'));
    expect(notTrace.code).toBe(2);
    oneLine(notTrace.stderr, /not a pseries-rr trace/);
  });

  test('a recording killed with SIGKILL replays up to its last complete frame (exit 3) and inspect says it was cut short', async () => {
    const t = join(tmp, 'killed.trace');
    // echo with no input polls the console forever; the recorder flushes a frame at least
    // every second of host time: kill it after a few seconds.
    const child = spawn(process.execPath, [BIN, 'record', '-o', t, '-bios', img('echo'), '--checkpoint-interval', '1000000'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 3500));
    expect(child.exitCode).toBeNull(); // still recording
    child.kill('SIGKILL');
    await exited;
    const ins = cli('', 'inspect', t);
    expect(ins.code).toBe(0);
    expect(ins.stdout).toMatch(/CUT SHORT: .*no footer/);
    const rep = cli('', 'replay', t, '--quiet');
    expect(rep.code).toBe(3);
    oneLine(rep.stderr, /^pseries-rr: replay matched everything the trace holds \([\d,]+ instructions, [1-9]\d* checkpoints.*cut short/);
  }, 60_000);
});
