// Engine builds to compare: the engine is a library, so two builds load side by side in one
// process. A REF is a directory holding a built engine (a checkout with dist/engine, or a
// dist/ folder, or an engine folder) or a git revision, built into a temporary worktree.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type { Machine } from '../../engine/index.js';

export class BisectError extends Error {
  override name = 'BisectError';
}

export interface EngineBuild {
  label: string;
  Machine: typeof Machine;
}

const ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/dist\/$/, '/');

/** Where a directory keeps its built engine entry point, if anywhere. */
function engineEntry(dir: string): string | undefined {
  for (const p of ['dist/engine/index.js', 'engine/index.js', 'index.js']) {
    const f = join(dir, p);
    if (existsSync(f)) return f;
  }
  return undefined;
}

async function importBuild(entry: string, label: string): Promise<EngineBuild> {
  const mod = await import(pathToFileURL(entry).href) as { Machine?: typeof Machine };
  if (typeof mod.Machine !== 'function') throw new BisectError(`${label}: ${entry} does not export a Machine (not a pseries-rr engine build)`);
  return { label, Machine: mod.Machine };
}

/** Load the engine a REF names, building a git revision first (into a temporary worktree
 *  sharing this checkout's node_modules). */
export async function loadBuild(ref: string, repo = ROOT): Promise<EngineBuild> {
  if (existsSync(ref)) {
    const entry = engineEntry(resolve(ref));
    if (!entry) throw new BisectError(`${ref}: no built engine here (looked for dist/engine/index.js, engine/index.js, index.js)`);
    return importBuild(entry, ref);
  }
  let commit: string;
  try {
    commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
  } catch {
    throw new BisectError(`'${ref}' is neither a directory with a built engine nor a git revision of ${repo}`);
  }
  const dir = mkdtempSync(join(tmpdir(), `pseries-rr-${commit.slice(0, 12)}-`));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', '--force', dir, commit], { cwd: repo, stdio: 'ignore' });
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
    execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const out = (e as { stdout?: Buffer }).stdout?.toString().split('\n').find((l) => l.trim()) ?? (e as Error).message;
    throw new BisectError(`revision ${ref} (${commit.slice(0, 12)}) does not build: ${out.trim()}`);
  }
  try {
    const entry = engineEntry(dir);
    if (!entry) throw new BisectError(`revision ${ref} built, but has no engine entry point`);
    // The engine's modules are all loaded by this import, so the worktree can go.
    return await importBuild(entry, `${ref} (${commit.slice(0, 12)})`);
  } finally {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo, stdio: 'ignore' });
    } catch { /* already gone */ }
  }
}
