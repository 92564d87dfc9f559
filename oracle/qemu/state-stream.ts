// A live QEMU run as a stream of state rows: qemu-system-ppc64 boots the image the way
// oracle/qemu/system.ts does, with `-singlestep -d cpu,nochain,in_asm,int -D /dev/fd/3`; the
// log comes through a pipe (the child's fd 3) and is parsed as it arrives, never stored.
// Node's own stdio 'pipe's are socketpairs, which QEMU cannot open as /dev/fd/3 ("No such
// device or address"), so fd 3 is the write end of a FIFO made in a temporary directory
// (unlinked at once); we read its other end as a non-blocking stream.
// Memory stays bounded: when the consumer is behind (more than `highWater` rows queued) the
// pipe is paused, QEMU blocks on its log writes, and reading resumes below `lowWater`.
// QEMU is killed (SIGKILL) when the consumer stops early, at maxInsns, on timeouts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegState, StateRow } from '../../trace/state/row.js';
import { QemuLogParser, type ParserStats } from './log-parser.js';
import { RowBuilder, type RowBuilderStats, type RowContext } from './rows.js';
import { ReferenceInputExtractor, type ReferenceInput, type ReferenceInputs } from './reference-inputs.js';
import { QEMU_SYSTEM_PPC64, qemuBiosArgs, type KernelBoot } from './system.js';

export const QEMU_TRACE_ARGS = ['-singlestep', '-d', 'cpu,nochain,in_asm,int', '-D', '/dev/fd/3'];

export interface QemuStateStreamOptions {
  /** Guest RAM, QEMU's -m syntax. Default 512M. */
  memory?: string;
  /** Bytes fed to the guest console; default none (EOF). */
  stdin?: Uint8Array;
  /** Extra QEMU arguments (after the -bios boot arguments and the trace arguments). */
  extraArgs?: string[];
  /** Boot a kernel through `image` as VOF firmware (-M pseries,x-vof=on). */
  kernel?: KernelBoot;
  /** Stop (and kill QEMU) after this many rows. */
  maxInsns?: number;
  /** Kill QEMU when no log arrives for this long while we are reading. Default 60 s. */
  idleTimeoutMs?: number;
  /** Kill QEMU after this long in all. Default: none. */
  timeoutMs?: number;
  /** Rows queued before the log pipe is paused (default 4096) and resumed (default 1024). */
  highWater?: number;
  lowWater?: number;
  /** Keep the reference inputs in memory (default true); onInput sees them either way. */
  keepInputs?: boolean;
  onInput?: (r: ReferenceInput) => void;
  /** Every row with what was logged around it (before, after, interrupts, hcalls). */
  onRowContext?: (c: RowContext) => void;
  /** The QEMU binary. */
  qemu?: string;
}

export interface QemuStreamDone {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Guest console output (QEMU's stdout), at most the first 4 MiB. */
  stdout: Buffer;
  unknownLines: number;
  unknownSamples: string[];
  /** Why we stopped QEMU, if we did: 'consumer' (rows no longer wanted), 'maxInsns', 'idle-timeout', 'timeout'. */
  killed?: 'consumer' | 'maxInsns' | 'idle-timeout' | 'timeout';
  rows: number;
  parser: ParserStats;
  builder: RowBuilderStats;
  /** Log bytes parsed. */
  logBytes: number;
  seconds: number;
}

export interface QemuStateStream {
  /** The state before the first instruction (rejects if QEMU produced no dump). */
  initial: Promise<RegState>;
  rows: AsyncGenerator<StateRow, void, undefined>;
  /** The inputs extracted so far (all of them once `rows` is exhausted). */
  inputs: () => ReferenceInputs;
  done: Promise<QemuStreamDone>;
  /** Where the stream is: log bytes read, rows made and rows waiting for the consumer. */
  progress: () => { logBytes: number; rows: number; queued: number; paused: boolean };
  /** The spawned process (for tests and diagnostics). */
  process: ChildProcess;
}

const STDOUT_CAP = 4 << 20;

export function qemuStateStream(image: string, opts: QemuStateStreamOptions = {}): QemuStateStream {
  const highWater = opts.highWater ?? 4096;
  const lowWater = opts.lowWater ?? 1024;
  const maxInsns = opts.maxInsns ?? Infinity;
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  const args = [...qemuBiosArgs(image, { memory: opts.memory, kernel: opts.kernel }), ...QEMU_TRACE_ARGS, ...(opts.extraArgs ?? [])];
  const t0 = process.hrtime.bigint();
  const [rfd, wfd] = fifoPair();
  let child: ChildProcess;
  try {
    child = spawn(opts.qemu ?? QEMU_SYSTEM_PPC64, args, { stdio: ['pipe', 'pipe', 'pipe', wfd] });
  } finally {
    closeSync(wfd); // the child has its copy: EOF when QEMU is gone
  }
  const log = new Socket({ fd: rfd, readable: true, writable: false });

  // Rows waiting for the consumer: an array with a moving head.
  let queue: StateRow[] = [];
  let head = 0;
  let logEnded = false;
  let stopped = false;
  let killed: QemuStreamDone['killed'];
  let logBytes = 0;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  let resolveInitial!: (s: RegState) => void;
  let rejectInitial!: (e: Error) => void;
  const initial = new Promise<RegState>((res, rej) => { resolveInitial = res; rejectInitial = rej; });
  initial.catch(() => { /* reported through rows/done as well */ });
  let haveInitial = false;

  const extractor = new ReferenceInputExtractor({ keep: opts.keepInputs, onInput: opts.onInput });
  let emitted = 0;
  const builder = new RowBuilder((c) => {
    if (emitted >= maxInsns) return;
    emitted++;
    extractor.row(c);
    opts.onRowContext?.(c);
    queue.push(c.row);
    if (emitted >= maxInsns) stop('maxInsns');
  }, (s) => { haveInitial = true; resolveInitial(s); });
  const parser = new QemuLogParser(builder);

  const kill = (why: NonNullable<QemuStreamDone['killed']>): void => {
    if (child.exitCode === null && child.signalCode === null) {
      killed ??= why;
      child.kill('SIGKILL');
    }
  };
  function stop(why: NonNullable<QemuStreamDone['killed']>): void {
    if (stopped) return;
    stopped = true;
    builder.stop();
    kill(why);
    log.destroy();
    finishLog();
  }

  // Idle timer: only counts while we are reading (not paused by back-pressure).
  let idleTimer: NodeJS.Timeout | null = null;
  const armIdle = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = logEnded || log.isPaused() ? null : setTimeout(() => stop('idle-timeout'), idleMs);
  };
  const totalTimer = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : null;

  function finishLog(): void {
    if (logEnded) return;
    logEnded = true;
    if (idleTimer) clearTimeout(idleTimer);
    if (!stopped) {
      parser.end();
      builder.finish();
    }
    if (!haveInitial) rejectInitial(new Error(`QEMU produced no state dump${killed ? ` (${killed})` : ''}`));
    // The log is closed: QEMU is exiting; do not wait for it forever.
    setTimeout(() => kill('idle-timeout'), 10_000).unref();
    signal();
  }

  log.on('data', (chunk: Buffer) => {
    if (stopped) return;
    logBytes += chunk.length;
    parser.feed(chunk);
    if (queue.length - head >= highWater) log.pause();
    armIdle();
    signal();
  });
  log.on('end', finishLog);
  log.on('close', finishLog);
  log.on('error', () => finishLog());
  armIdle();

  const out: Buffer[] = [];
  let outLen = 0;
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => {
    if (outLen < STDOUT_CAP) {
      out.push(b);
      outLen += b.length;
    }
  });
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  child.stdin!.on('error', () => { /* QEMU may exit before reading its input */ });
  if (opts.stdin !== undefined && opts.stdin.length > 0) child.stdin!.write(opts.stdin);
  child.stdin!.end();

  const done = new Promise<QemuStreamDone>((resolve) => {
    let spawnError = '';
    child.on('error', (e) => {
      spawnError = `\nspawn ${opts.qemu ?? QEMU_SYSTEM_PPC64}: ${e.message}\n`;
      finishLog();
    });
    child.on('close', (exitCode, sig) => {
      if (totalTimer) clearTimeout(totalTimer);
      finishLog();
      resolve({
        exitCode, signal: sig,
        stderr: Buffer.concat(err).toString('utf8') + spawnError,
        stdout: Buffer.concat(out).subarray(0, STDOUT_CAP),
        unknownLines: parser.stats.unknownLines,
        unknownSamples: parser.stats.unknownSamples,
        killed,
        rows: emitted,
        parser: parser.stats,
        builder: builder.stats,
        logBytes,
        seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      });
    });
  });

  async function* rows(): AsyncGenerator<StateRow, void, undefined> {
    try {
      for (;;) {
        if (head < queue.length) {
          const r = queue[head++];
          if (head >= 1024 && head * 2 >= queue.length) {
            queue = queue.slice(head);
            head = 0;
          }
          if (!stopped && !logEnded && log.isPaused() && queue.length - head <= lowWater) {
            log.resume();
            armIdle();
          }
          yield r;
          continue;
        }
        if (logEnded) return;
        if (log.isPaused()) {
          log.resume();
          armIdle();
        }
        await new Promise<void>((res) => { wake = res; });
      }
    } finally {
      // Consumer stopped early (return/throw) or the stream ended: make sure QEMU is gone.
      if (!logEnded) stop('consumer');
    }
  }

  const progress = () => ({ logBytes, rows: emitted, queued: queue.length - head, paused: log.isPaused() });
  return { initial, rows: rows(), inputs: () => extractor.inputs, done, progress, process: child };
}

/** A FIFO's read end (non-blocking) and write end; the FIFO's name is already removed. */
function fifoPair(): [number, number] {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-log-'));
  try {
    const path = join(dir, 'log');
    const r = spawnSync('mkfifo', ['-m', '600', path]);
    if (r.status !== 0) throw new Error(`mkfifo ${path} failed: ${r.error?.message ?? r.stderr?.toString()}`);
    const rfd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const wfd = openSync(path, constants.O_WRONLY);
    return [rfd, wfd];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
