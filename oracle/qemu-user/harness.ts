// Driver for the qemu-user semantic oracle: builds the harness (c/, via build.sh) into a
// cache outside git and runs batches of cases under qemu-ppc64 / qemu-ppc64le.
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASE, decodeResults, encodeCasesInto, RESULT, type Endian, type UserCase, type UserResult } from './protocol.js';

export { defaultCase } from './protocol.js';
export type { Endian, UserCase, UserResult, UserState } from './protocol.js';

export const QEMU: Record<Endian, string> = { be: 'qemu-ppc64', le: 'qemu-ppc64le' };
export const GCC: Record<Endian, string> = { be: 'powerpc64-linux-gnu-gcc', le: 'powerpc64le-linux-gnu-gcc' };

export interface RunOptions {
  cpu?: 'power8' | 'power9';
  /** Kills QEMU after this long (a case that loops forever; callers must not generate those). */
  timeoutMs?: number;
}

/** The repository root (holds package.json), from the source or the compiled dist/ copy. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'oracle', 'qemu-user', 'build.sh'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('qemu-user harness: cannot find the repository root (oracle/qemu-user/build.sh)');
    dir = up;
  }
}

/** The cache key build.sh computes: SHA-256 over c/* (sorted, each name NUL content) and build.sh. */
function sourceKey(srcDir: string): string {
  const h = createHash('sha256');
  for (const f of readdirSync(join(srcDir, 'c')).sort()) {
    h.update(`${f}\0`);
    h.update(readFileSync(join(srcDir, 'c', f)));
  }
  h.update('build.sh\0');
  h.update(readFileSync(join(srcDir, 'build.sh')));
  return h.digest('hex');
}

let built: { be: string; le: string } | undefined;

/** Paths of both harness binaries, building them with the cross gccs only when missing. */
export function buildHarness(): { be: string; le: string } {
  if (built && existsSync(built.be) && existsSync(built.le)) return built;
  const root = repoRoot();
  const src = join(root, 'oracle', 'qemu-user');
  const out = join(root, 'node_modules', '.cache', 'pseries-rr', 'qemu-user', sourceKey(src));
  const bins = { be: join(out, 'harness-be'), le: join(out, 'harness-le') };
  if (!existsSync(bins.be) || !existsSync(bins.le)) {
    try {
      execFileSync('bash', [join(src, 'build.sh'), out], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(`qemu-user harness: build failed: ${err.stderr?.toString() || err.message}`);
    }
  }
  return (built = bins);
}

function have(tool: string): boolean {
  try { execFileSync(tool, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

let available: boolean | undefined;

/** True when both QEMUs and both cross gccs are installed. */
export function harnessAvailable(): boolean {
  return (available ??= [QEMU.be, QEMU.le, GCC.be, GCC.le].every(have));
}

let tmp: string | undefined;
let tmpSeq = 0;

/** A private temporary directory, removed when this process exits. */
function tempDir(): string {
  if (!tmp) {
    const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-qemu-user-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    tmp = dir;
  }
  return tmp;
}

function qemuArgs(endian: Endian, args: string[], opts: RunOptions): string[] {
  return ['-cpu', opts.cpu ?? 'power8', buildHarness()[endian], ...args];
}

function failure(endian: Endian, r: SpawnSyncReturns<Buffer>, timeout: number): Error | undefined {
  const stderr = r.stderr?.toString().trim() ?? '';
  const tail = stderr ? `; stderr: ${stderr}` : '';
  if (r.error) {
    const timedOut = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    return new Error(`qemu-user harness (${QEMU[endian]}): ${timedOut ? `timed out after ${timeout} ms (a case that never ends?)` : r.error.message}${tail}`);
  }
  if (r.status !== 0) return new Error(`qemu-user harness (${QEMU[endian]}) exited with ${r.signal ?? `status ${r.status}`}${tail}`);
  return undefined;
}

/** Runs the harness once with `args` and raw stdin through pipes; returns its stdout. */
export function runHarnessRaw(endian: Endian, input: Uint8Array, args: string[] = [], opts: RunOptions = {}): Buffer {
  const timeout = Math.ceil(opts.timeoutMs ?? 10_000 + input.length / 1000);
  const r = spawnSync(QEMU[endian], qemuArgs(endian, args, opts), { input, timeout, maxBuffer: 2 * input.length + (1 << 20) });
  const err = failure(endian, r, timeout);
  if (err) throw err;
  return r.stdout;
}

const CHUNK = 256; // records per encode/decode buffer

/** A batch's files: the encoded cases QEMU reads and the results it writes. */
interface BatchFiles { inPath: string; outPath: string; buf: Uint8Array; timeout: number }

function writeBatch(endian: Endian, cases: readonly UserCase[], opts: RunOptions): BatchFiles {
  const base = join(tempDir(), `batch-${process.pid}-${tmpSeq++}`);
  const f = { inPath: `${base}.in`, outPath: `${base}.out`, buf: new Uint8Array(CHUNK * Math.max(CASE.size, RESULT.size)),
    timeout: Math.ceil(opts.timeoutMs ?? 10_000 + cases.length / 2) };
  const fd = openSync(f.inPath, 'w');
  try {
    for (let i = 0; i < cases.length; i += CHUNK) {
      const k = Math.min(CHUNK, cases.length - i);
      encodeCasesInto(endian, cases, i, k, f.buf);
      writeSync(fd, f.buf, 0, k * CASE.size);
    }
  } finally { closeSync(fd); }
  return f;
}

function readBatch(endian: Endian, cases: readonly UserCase[], f: BatchFiles): UserResult[] {
  const size = statSync(f.outPath).size;
  if (size !== cases.length * RESULT.size) {
    throw new Error(`qemu-user harness (${QEMU[endian]}): ${size / RESULT.size} results for ${cases.length} cases`);
  }
  const out: UserResult[] = [];
  const fd = openSync(f.outPath, 'r');
  try {
    for (let i = 0; i < cases.length; i += CHUNK) {
      const n = Math.min(CHUNK, cases.length - i) * RESULT.size;
      for (let got = 0; got < n;) got += readSync(fd, f.buf, got, n - got, null);
      for (const x of decodeResults(endian, f.buf.subarray(0, n), cases, i)) out.push(x);
    }
  } finally { closeSync(fd); }
  return out;
}

function removeBatch(f: BatchFiles): void {
  rmSync(f.inPath, { force: true });
  rmSync(f.outPath, { force: true });
}

/** Runs the cases in one QEMU process and returns one result per case, in order. The
 *  records go through temporary files, not pipes: encoded and decoded in small reused
 *  buffers, they cost Node far less than 5.7 KB × cases through spawnSync's pipes. */
export function runBatch(endian: Endian, cases: readonly UserCase[], opts: RunOptions = {}): UserResult[] {
  if (cases.length === 0) return [];
  const f = writeBatch(endian, cases, opts);
  try {
    const inFd = openSync(f.inPath, 'r'), outFd = openSync(f.outPath, 'w');
    let r: SpawnSyncReturns<Buffer>;
    try {
      r = spawnSync(QEMU[endian], qemuArgs(endian, [], opts), { stdio: [inFd, outFd, 'pipe'], timeout: f.timeout });
    } finally { closeSync(inFd); closeSync(outFd); }
    const err = failure(endian, r, f.timeout);
    if (err) throw err;
    return readBatch(endian, cases, f);
  } finally {
    removeBatch(f);
  }
}

/** runBatch, started now and finished later: QEMU reads and writes files, not pipes, so it
 *  runs to the end on its own core while this process does other work. */
export function startBatch(endian: Endian, cases: readonly UserCase[], opts: RunOptions = {}): Promise<UserResult[]> {
  if (cases.length === 0) return Promise.resolve([]);
  const f = writeBatch(endian, cases, opts);
  const inFd = openSync(f.inPath, 'r'), outFd = openSync(f.outPath, 'w');
  return new Promise<UserResult[]>((resolve, reject) => {
    const child = spawn(QEMU[endian], qemuArgs(endian, [], opts), { stdio: [inFd, outFd, 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), f.timeout);
    const done = (e: Error | null) => {
      clearTimeout(timer);
      closeSync(inFd);
      closeSync(outFd);
      try {
        if (e) throw e;
        resolve(readBatch(endian, cases, f));
      } catch (err) { reject(err as Error); } finally { removeBatch(f); }
    };
    child.on('error', (e) => done(new Error(`qemu-user harness (${QEMU[endian]}): ${e.message}`)));
    child.on('close', (code, signal) => {
      const tail = stderr.trim() ? `; stderr: ${stderr.trim()}` : '';
      if (signal === 'SIGKILL') done(new Error(`qemu-user harness (${QEMU[endian]}): timed out after ${f.timeout} ms (a case that never ends?)${tail}`));
      else if (code !== 0) done(new Error(`qemu-user harness (${QEMU[endian]}) exited with ${signal ?? `status ${code}`}${tail}`));
      else done(null);
    });
  });
}
