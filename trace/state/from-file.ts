// A state-trace file as a diff source: register ids of the file mapped to this build's set.
import { StateTraceReader } from './file.js';
import { newState, type StateRow } from './row.js';
import type { StateSource } from './engine.js';

export function fileStateSource(reader: StateTraceReader, label: string): StateSource {
  const ids = reader.regIds;
  const initial = newState();
  reader.header.initial.forEach((v, i) => { if (ids[i] >= 0) initial[ids[i]] = v; });
  async function* rows(): AsyncGenerator<StateRow> {
    for await (const r of reader.rows()) {
      yield { ...r, changes: r.changes.filter(([i]) => ids[i] >= 0).map(([i, v]) => [ids[i], v] as [number, bigint]) };
    }
  }
  return { label, initial, rows: rows() };
}
