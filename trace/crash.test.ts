// A recorder killed with SIGKILL mid-stream leaves a trace whose complete frames read back.
import { describe, expect, test } from 'vitest';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TraceReader } from './reader.js';
import { randomRecords } from './test-helpers.js';

// The child runs the compiled writer (npm test builds dist/ before running vitest).
const CHILD = fileURLToPath(new URL('../dist/trace/crash-child.js', import.meta.url));
if (!fs.existsSync(CHILD)) throw new Error(`${CHILD} is missing: run npm run build (npm test does) first`);

function runAndKill(file: string, seed: number, count: number, killAfter: number): Promise<{ reported: number; signal: string | null }> {
  const child = spawn(process.execPath, [CHILD, file, String(seed), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let reported = 0;
  let buf = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`child did not get far enough: ${err}`)); }, 30_000);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) reported = Math.max(reported, Number(l));
      if (reported >= killAfter && child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child exited without being killed: ${err}`));
      else resolve({ reported, signal });
    });
  });
}

describe('crash safety', () => {
  for (const [seed, killAfter] of [[11, 150], [12, 400], [13, 1]] as const) {
    test(`SIGKILL after ${killAfter}+ records: every complete frame reads back (seed ${seed})`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trace-crash-'));
      const file = path.join(dir, 'killed.trc');
      const count = 100_000;
      const { reported } = await runAndKill(file, seed, count, killAfter);
      const r = await TraceReader.open(file);
      expect(r.complete).toBe(false);
      expect(r.cutShort).toMatch(/^the recording stopped (after frame \d+ \(\d+ complete frames?, last icount [\d,]+\)|before its first frame was complete): no footer — the recorder was killed or crashed/);
      const got = [...r.records()];
      expect(got.length).toBeGreaterThanOrEqual(reported);
      expect(got.length).toBe(r.stats().records);
      expect(got).toEqual(randomRecords(seed, count).slice(0, got.length));
      expect(r.cutShortInfo!.frames).toBe(r.frames.length);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});
