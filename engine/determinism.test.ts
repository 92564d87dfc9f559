// Rule 2 of ARCHITECTURE.md "Determinism": nothing in engine/ reads host time, randomness or
// timers except the inputs door (engine/inputs.ts). This scans every engine source file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = new URL('.', import.meta.url).pathname;
const DOOR = 'inputs.ts';

const FORBIDDEN: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\b/, 'Date.now'],
  [/\bnew\s+Date\b/, 'new Date'],
  [/\bDate\s*\(/, 'Date()'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bprocess\s*\.\s*hrtime\b/, 'process.hrtime'],
  [/\bprocess\s*\.\s*uptime\b/, 'process.uptime'],
  [/\bset(Timeout|Interval|Immediate)\b/, 'timers'],
  [/\bqueueMicrotask\b/, 'queueMicrotask'],
  [/\brandom(Bytes|UUID|Int|Fill(Sync)?)\b/, 'crypto randomness'],
  [/\bgetRandomValues\b/, 'crypto.getRandomValues'],
  [/['"]node:(timers|perf_hooks|worker_threads)['"]/, 'host timing modules'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Comments may mention the forbidden names; code may not. */
function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

describe('engine determinism', () => {
  const files = sources(ROOT).filter((p) => relative(ROOT, p) !== DOOR);
  test('finds the engine sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  test.each(FORBIDDEN)('no engine file outside the inputs door uses %s', (re, what) => {
    const hits = files.filter((f) => re.test(stripComments(readFileSync(f, 'utf8')))).map((f) => relative(ROOT, f));
    expect(hits, `${what} used outside engine/inputs.ts`).toEqual([]);
  });
  test('the scan itself catches a violation', () => {
    expect(FORBIDDEN.some(([re]) => re.test(stripComments('const t = Date.now();')))).toBe(true);
    expect(FORBIDDEN.some(([re]) => re.test(stripComments('// Date.now is forbidden')))).toBe(false);
  });
});
