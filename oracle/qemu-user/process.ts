// A persistent harness process: one QEMU serves many run() calls, so a small batch costs
// a pipe round trip instead of a QEMU start (about 50 ms here). Calls queue in order.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { buildHarness, QEMU, type RunOptions } from './harness.js';
import { decodeResults, encodeCases, RESULT, type Endian, type UserCase, type UserResult } from './protocol.js';

interface Pending {
  cases: readonly UserCase[];
  resolve: (r: UserResult[]) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

export class HarnessProcess {
  private child?: ChildProcessWithoutNullStreams;
  private queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private have = 0;
  private stderr = '';

  constructor(readonly endian: Endian, private readonly opts: RunOptions = {}) {}

  /** Runs the cases after any earlier run() calls; one result per case, in order. A
   *  timeout or crash rejects every queued call; the next call starts a fresh QEMU. */
  run(cases: readonly UserCase[]): Promise<UserResult[]> {
    if (cases.length === 0) return Promise.resolve([]);
    const input = encodeCases(this.endian, cases);
    const child = this.child ?? this.start();
    return new Promise<UserResult[]>((resolve, reject) => {
      const p: Pending = { cases, resolve, reject };
      this.queue.push(p);
      if (this.queue.length === 1) this.arm(p);
      child.stdin.write(input);
    });
  }

  /** Ends the input; resolves when QEMU has exited. */
  close(): Promise<void> {
    const child = this.child;
    if (!child) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const bin = buildHarness()[this.endian];
    const child = spawn(QEMU[this.endian], ['-cpu', this.opts.cpu ?? 'power8', bin], { stdio: 'pipe' });
    this.child = child;
    this.stderr = '';
    child.stdout.on('data', (b: Buffer) => this.onData(b));
    child.stderr.on('data', (b: Buffer) => { this.stderr += b.toString(); });
    child.stdin.on('error', () => { /* reported by 'close' */ });
    child.on('error', (e) => this.fail(child, `${QEMU[this.endian]}: ${e.message}`));
    child.on('close', (code, signal) => {
      if (this.child === child && this.queue.length > 0) {
        this.fail(child, `${QEMU[this.endian]} exited with ${signal ?? `status ${code}`}`);
      }
      if (this.child === child) this.child = undefined;
    });
    return child;
  }

  /** The head of the queue gets the timeout: it is the call QEMU is working on. */
  private arm(p: Pending): void {
    const ms = Math.ceil(this.opts.timeoutMs ?? 10_000 + p.cases.length / 2);
    p.timer = setTimeout(() => {
      const child = this.child;
      if (child) this.fail(child, `timed out after ${ms} ms (a case that never ends?)`);
    }, ms);
  }

  private onData(b: Buffer): void {
    this.chunks.push(b);
    this.have += b.length;
    while (this.queue.length > 0 && this.have >= this.queue[0].cases.length * RESULT.size) {
      const p = this.queue.shift()!;
      clearTimeout(p.timer);
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.have);
      const n = p.cases.length * RESULT.size;
      const rest = all.subarray(n);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.have = rest.length;
      if (this.queue.length > 0) this.arm(this.queue[0]);
      try { p.resolve(decodeResults(this.endian, all.subarray(0, n), p.cases)); } catch (e) { p.reject(e as Error); }
    }
  }

  private fail(child: ChildProcessWithoutNullStreams, why: string): void {
    if (this.child === child) this.child = undefined;
    child.kill('SIGKILL');
    const err = new Error(`qemu-user harness: ${why}${this.stderr.trim() ? `; stderr: ${this.stderr.trim()}` : ''}`);
    const q = this.queue;
    this.queue = [];
    this.chunks = [];
    this.have = 0;
    for (const p of q) { clearTimeout(p.timer); p.reject(err); }
  }
}
