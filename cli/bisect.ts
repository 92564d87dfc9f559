// `pseries-rr bisect TRACE --a REF --b REF` or `--commits GOOD..BAD`: the first instruction
// (and commit) at which an engine build stops replaying a recorded run.
// Exit: 0 no divergence, 1 divergence found, 2 error.
import { configFromHeader, ImageMismatch } from '../trace/machine-config.js';
import { loadBuild, BisectError } from '../trace/bisect/builds.js';
import { versionBisect, type BisectResult } from '../trace/bisect/version.js';
import { commitBisect } from '../trace/bisect/commits.js';
import { openTrace } from './open-trace.js';
import { diffJson, diffText } from './diff-report.js';
import { UsageError } from './errors.js';
import { Progress } from './progress.js';

export interface BisectArgs {
  trace: string;
  a?: string;
  b?: string;
  commits?: string;
  repo: string;
  bios?: string;
  json?: boolean;
}

export async function bisectCommand(a: BisectArgs): Promise<number> {
  if (!a.commits && !(a.a && a.b)) throw new UsageError('name the builds: --a REF --b REF, or --commits GOOD..BAD');
  const reader = await openTrace(a.trace);
  let config;
  try {
    config = configFromHeader(reader.header, { bios: a.bios });
  } catch (e) {
    if (e instanceof ImageMismatch) throw new UsageError(e.message);
    throw e;
  }
  const progress = new Progress('bisecting');
  try {
    if (a.commits) {
      const r = await commitBisect(reader, config, a.commits, {
        repo: a.repo, onProbe: (c, ok) => process.stderr.write(`${progress.clearLine()}pseries-rr: ${c.slice(0, 12)} ${ok ? 'replays the trace' : 'diverges'}\n`),
      });
      progress.done();
      if (a.json) process.stdout.write(JSON.stringify({ ...r, version: undefined, diff: r.version.diff }, big) + '\n');
      else process.stdout.write(`first diverging commit: ${r.firstBad} ${r.subject}\n(parent ${r.lastGood} replays the trace; ${r.probes.length} replays for ${r.rangeSize} commits)\n` + versionText(r.version));
      return 1;
    }
    const [ba, bb] = [await loadBuild(a.a!), await loadBuild(a.b!)];
    const r = await versionBisect(reader, config, ba, bb, { onProgress: (_p, icount) => progress.update(icount) });
    progress.done();
    process.stdout.write(a.json ? JSON.stringify({ status: r.status, interval: r.interval, positioned: r.positioned, seconds: r.seconds, diff: r.diff ? JSON.parse(diffJson(r.diff)) : undefined }) + '\n' : versionText(r));
    return r.status === 'same' ? 0 : 1;
  } catch (e) {
    if (e instanceof BisectError) throw new UsageError(e.message);
    throw e;
  }
}

function versionText(r: BisectResult): string {
  if (r.status === 'same') return `no divergence: B replays the trace exactly (${r.replay.icount.toLocaleString('en')} instructions, ${r.replay.checkpoints} checkpoints)\n`;
  const [p, x] = r.interval!;
  const head = `B parts from the recording between icount ${p.toLocaleString('en')} (last agreeing checkpoint) and ${x.toLocaleString('en')}; ` +
    `both builds ${r.positioned === 'snapshot' ? 'restored from a snapshot' : 'ran'} to ${p.toLocaleString('en')}, then stepped in lockstep ` +
    `(replay ${r.seconds.replay.toFixed(1)} s, positioning ${r.seconds.position.toFixed(1)} s, lockstep ${r.seconds.lockstep.toFixed(1)} s)\n`;
  if (r.status === 'memory-only') return head + 'no register differs in that interval: the difference is in memory or device state\n';
  return head + diffText(r.diff!);
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}
