// One case, end to end: the model's translation, the engine's run, the comparison.

import { buildHpt, expectParts, type MmuCase } from './case.js';
import { runOnEngine } from './engine-adapter.js';
import { compareOutcome, plantFor } from './compare.js';

/** Mismatches between the engine and the model for case `c` (none when they agree). */
export function checkCase(c: MmuCase): string[] {
  const hpt = buildHpt(c, { scratch: true });
  const parts = expectParts(c, hpt);
  const o = runOnEngine(c, hpt, plantFor(c, parts));
  return compareOutcome(c, hpt, parts, o);
}
