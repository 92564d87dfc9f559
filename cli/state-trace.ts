// --state-trace FILE [--from N] [--to M]: write the engine's per-instruction state rows for a
// window of the run (trace/FORMAT.md "State traces").
import type { Machine } from '../engine/index.js';
import { engineStateSource } from '../trace/state/engine.js';
import { writeStateTrace } from '../trace/state/file.js';

export async function writeEngineWindow(m: Machine, file: string, description: string, from = 0, to = Infinity): Promise<{ rows: number; bytes: number }> {
  const src = engineStateSource(m, { from, to });
  const s = await writeStateTrace(file, {
    source: 'engine', description, fromIcount: from, toIcount: Number.isFinite(to) ? to : undefined, initial: await src.initial,
  }, src.rows);
  return { rows: s.rows, bytes: s.fileBytes };
}
