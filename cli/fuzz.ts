// `pseries-rr fuzz`: long fuzzing campaigns of one target, in rounds of a fast-check property
// with seeds derived from --seed and --shard, until --time runs out (or one round). Every
// failure prints its seed and path, shrunk, and is saved to the regression corpus.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { parseShard, roundSeed, type Failure } from '../fuzz/campaign.js';
import { TARGETS, target as findTarget } from '../fuzz/targets.js';
import type { Model } from '../fuzz/semantics/check.js';

export interface FuzzArgs {
  target: string;
  time?: string;
  seed?: number;
  path?: string;
  runs?: number;
  shard?: string;
  cpu: string;
  'max-insns': number;
  batch: number;
  regressions: string;
  save: boolean;
  'keep-going'?: boolean;
  json?: boolean;
}

/** '90s', '30m', '1h', '1h30m' or plain seconds → milliseconds. */
export function parseDuration(s: string): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = s.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/);
  if (!m || s === '') throw new UsageError(`--time wants a duration like 90s, 30m, 1h or 1h30m (got '${s}')`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

export async function fuzzCommand(a: FuzzArgs): Promise<number> {
  const t = findTarget(a.target);
  if (!t) throw new UsageError(`unknown --target '${a.target}' (known: ${TARGETS.map((x) => x.name).join(', ')})`);
  const why = t.unavailable();
  if (why) throw new UsageError(`--target ${t.name} ${why}`);
  const model = a.cpu.toUpperCase();
  if (model !== 'POWER8' && model !== 'POWER9') throw new UsageError(`--cpu wants POWER8 or POWER9 (got '${a.cpu}')`);
  for (const [k, v] of [['--runs', a.runs], ['--max-insns', a['max-insns']], ['--batch', a.batch]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`${k} wants a positive integer (got ${v})`);
  }
  if (a['max-insns'] > 64) throw new UsageError('--max-insns is at most 64 (the harness code area holds 64 words)');
  if (a.path !== undefined && a.seed === undefined) throw new UsageError('--path replays one failure: give the --seed it was found with');
  if (a.path !== undefined && !t.path.test(a.path)) throw new UsageError(`--path '${a.path}' is not a ${t.name} failure path (as a failure report prints it, e.g. ${t.name === 'decoder' ? 'objdump/3:0:1' : '17:0:2'})`);
  let shard;
  try { shard = parseShard(a.shard ?? '1/1'); } catch (e) { throw new UsageError((e as Error).message); }
  const budget = a.time !== undefined ? parseDuration(a.time) : 0;
  const seed = a.seed ?? (Math.random() * 2 ** 31) | 0;
  const runs = a.runs ?? t.roundRuns;
  const opts = { model: model as Model, maxInsns: a['max-insns'], batch: a.batch };
  const log = (s: string) => { if (!a.json) process.stderr.write(s + '\n'); };
  log(`fuzz ${t.name}: seed ${seed}${a.shard ? `, shard ${a.shard}` : ''}, ${runs} ${t.unit} a round${budget ? `, for ${a.time}` : ', one round'}`);

  const t0 = Date.now(), failures: (Failure & { round: number; roundSeed: number; saved?: string })[] = [];
  const notes: Record<string, number> = {}, covered = new Set<string>();
  let cases = 0, rounds = 0, report: string | undefined;
  const tty = process.stderr.isTTY && !a.json;
  for (let k = 0; ; k++) {
    // A path names a case of the campaign seed itself (as the failure report printed it).
    const s = a.path !== undefined ? seed : roundSeed(seed, shard, k);
    const r = await t.round(s, runs, opts, a.path);
    rounds++;
    cases += r.cases;
    for (const [n, v] of Object.entries(r.notes ?? {})) notes[n] = (notes[n] ?? 0) + v;
    for (const c of r.covered ?? []) covered.add(c);
    report = r.report ?? report;
    const secs = (Date.now() - t0) / 1000;
    if (tty) process.stderr.write(`\r\x1b[K${t.name}: round ${rounds}, ${cases.toLocaleString('en')} cases, ${(cases / Math.max(secs, 1e-3)).toFixed(0)}/s, ${failures.length + (r.failure ? 1 : 0)} failures`);
    if (r.failure) {
      const f = { ...r.failure, round: k, roundSeed: s, saved: undefined as string | undefined };
      if (a.save) f.saved = save(a.regressions, f.regression);
      failures.push(f);
      if (tty) process.stderr.write('\r\x1b[K');
      log(`FAILURE in round ${k}: fast-check seed ${f.seed}, path "${f.path}"\n${f.summary}`);
      log(f.saved ? `saved as ${f.saved} (npm test now runs it)` : 'not saved (--no-save)');
      if (!a['keep-going']) break;
    }
    if (a.path !== undefined || Date.now() - t0 >= budget) break;
  }
  if (tty) process.stderr.write('\r\x1b[K');
  const secs = (Date.now() - t0) / 1000;
  const summary = {
    target: t.name, seed, shard: a.shard ?? '1/1', rounds, cases, seconds: Number(secs.toFixed(1)),
    casesPerSecond: Math.round(cases / Math.max(secs, 1e-3)), failures: failures.map((f) => ({ seed: f.seed, path: f.path, round: f.round, saved: f.saved ?? null, summary: f.summary })),
    notes, covered: covered.size, ...(report ? { report } : {}),
  };
  if (a.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    const extra = Object.entries(notes).map(([k, v]) => `${k} ${v}`).join(', ');
    log(`${t.name}: ${rounds} round${rounds === 1 ? '' : 's'}, ${cases.toLocaleString('en')} cases in ${secs.toFixed(1)} s (${summary.casesPerSecond}/s)` +
      `${covered.size ? `, ${covered.size} forms covered` : ''}, ${failures.length} failure${failures.length === 1 ? '' : 's'}${extra ? `; ${extra}` : ''}`);
    if (report) log(report);
  }
  return failures.length ? 1 : 0;
}

function save(dir: string, r: { file: string; text: string }): string {
  mkdirSync(dir, { recursive: true });
  let file = join(dir, r.file);
  for (let i = 2; existsSync(file); i++) file = join(dir, r.file.replace(/(\.\w+)$/, `-${i}$1`));
  writeFileSync(file, r.text);
  return file;
}
