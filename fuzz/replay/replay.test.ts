// Record/replay fuzzing in the test budget (fixed seed; `pseries-rr fuzz --target replay` runs
// long campaigns of the same property).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkReplayCase, formatReplayRegression, parseReplayRegression, replayProperty, type ReplayCase } from './property.js';

describe('replay fuzzing', () => {
  test('property: random console schedules, clocks, seeds and checkpoint intervals record and replay exactly', async () => {
    await fc.assert(replayProperty(), { seed: 20261122, numRuns: 15 });
  }, 180_000);

  test('a regression file round-trips and its case runs', async () => {
    const c: ReplayCase = { console: [{ at: 1000, text: 'xy' }], seed: 12345678901n, clockStepMillis: 7, checkpointInterval: 3000, frameRecords: 2 };
    const back = parseReplayRegression(formatReplayRegression(c, ['hand-written']));
    expect(back).toEqual(c);
    expect(await checkReplayCase(back)).toEqual([]);
  }, 60_000);
});
