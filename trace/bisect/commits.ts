// Commit bisect: the first commit in GOOD..BAD whose engine no longer replays a trace, by
// binary search (each probed revision is built into a worktree and replays the trace), then
// the version bisect between it and its parent names the instruction.
import { execFileSync } from 'node:child_process';
import type { MachineConfig } from '../../engine/index.js';
import type { TraceReader } from '../reader.js';
import { replay } from '../replayer.js';
import { BisectError, loadBuild, type EngineBuild } from './builds.js';
import { versionBisect, type BisectResult } from './version.js';

export interface CommitBisectResult {
  /** The first commit whose replay diverges, and its parent (the last good one). */
  firstBad: string;
  lastGood: string;
  subject: string;
  /** Commits replayed to find it, and the commits in the range. */
  probes: { commit: string; ok: boolean }[];
  rangeSize: number;
  version: BisectResult;
}

export interface CommitBisectOptions {
  repo: string;
  onProbe?: (commit: string, ok: boolean) => void;
}

export async function commitBisect(reader: TraceReader, config: MachineConfig, range: string, o: CommitBisectOptions): Promise<CommitBisectResult> {
  const m = /^([^.]+)\.\.([^.]+)$/.exec(range);
  if (!m) throw new BisectError(`--commits wants GOOD..BAD (two revisions), got '${range}'`);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: o.repo, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
  let commits: string[];
  try {
    commits = git('rev-list', '--reverse', '--ancestry-path', `${m[1]}..${m[2]}`).split('\n').filter(Boolean);
  } catch {
    throw new BisectError(`cannot list the commits of ${range} in ${o.repo}`);
  }
  if (commits.length === 0) throw new BisectError(`${range} holds no commits (is ${m[2]} a descendant of ${m[1]}?)`);
  const good = git('rev-parse', `${m[1]}^{commit}`);
  const builds = new Map<string, EngineBuild>();
  const build = async (c: string) => builds.get(c) ?? builds.set(c, await loadBuild(c, o.repo)).get(c)!;
  const probes: CommitBisectResult['probes'] = [];
  const replays = async (c: string) => {
    const r = await replay({ reader, config, machine: (await build(c)).Machine, console: () => {} });
    const ok = r.status === 'matched';
    probes.push({ commit: c, ok });
    o.onProbe?.(c, ok);
    return ok;
  };
  if (!(await replays(good))) throw new BisectError(`the good revision ${m[1]} does not replay this trace itself`);
  // Invariant: commits[lo - 1] (or GOOD) replays; commits[hi] does not.
  let lo = 0, hi = commits.length - 1;
  if (await replays(commits[hi])) throw new BisectError(`the bad revision ${m[2]} replays this trace exactly: nothing to bisect`);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (await replays(commits[mid])) lo = mid + 1; else hi = mid;
  }
  const firstBad = commits[lo], lastGood = lo === 0 ? good : commits[lo - 1];
  const version = await versionBisect(reader, config, await build(lastGood), await build(firstBad));
  return { firstBad, lastGood, subject: git('log', '-1', '--format=%s', firstBad), probes, rangeSize: commits.length, version };
}
