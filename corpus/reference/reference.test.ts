// Issue 4's done-when: every corpus guest diffs clean against QEMU 7.2, instruction by
// instruction, except for the known deviations of oracle/qemu/deviations.ts, each of which
// must actually be met where expected.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FixedInputs, Machine } from '../../engine/index.js';
import { engineStateSource } from '../../trace/state/engine.js';
import { diffStates, type DiffResult } from '../../trace/state/diff.js';
import { StateTraceReader } from '../../trace/state/file.js';
import { fileStateSource } from '../../trace/state/from-file.js';
import { QEMU_DEVIATIONS } from '../../oracle/qemu/deviations.js';
import { qemuAvailable } from '../../oracle/qemu/system.js';
import { qemuStateStream } from '../../oracle/qemu/state-stream.js';
import { ReferenceFeed, referenceDrivenEngine } from '../../oracle/reference-engine.js';
import { guestImage, guestInput, listGuests } from '../bare/guests.js';
import { LIVE_ONLY_GUESTS, REFERENCE_GUESTS, referencePath } from './references.js';

const haveQemu = qemuAvailable();
if (!haveQemu) {
  if (process.env.CI) throw new Error('CI must have QEMU: apt-get install qemu-system-ppc');
  console.warn('WARNING: qemu-system-ppc64 not installed (apt-get install qemu-system-ppc): live QEMU diffs are skipped');
}

/** Deviations each guest must meet (and no others). */
const EXPECTED_DEVIATIONS: Record<string, string[]> = {
  muldiv: ['divdeo-overflow'],
  exceptions: ['access-outside-ram'],
  inputs: ['rtas-results-in-memory'],
};

const engineOf = (guest: string, to?: number) =>
  engineStateSource(new Machine({ bios: new Uint8Array(readFileSync(guestImage(guest))) }, new FixedInputs(), () => {}), { to });

function expectClean(guest: string, r: DiffResult, atLeast: number) {
  expect(r.divergence, JSON.stringify(r.divergence, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))).toBeUndefined();
  expect(r.compared).toBeGreaterThanOrEqual(atLeast);
  expect([...new Set(r.deviations.map((d) => d.id))].sort()).toEqual(EXPECTED_DEVIATIONS[guest] ?? []);
}

describe('reference corpus', () => {
  test('covers every corpus guest: committed, or compared live because QEMU\'s clock drives it', () => {
    expect([...Object.keys(REFERENCE_GUESTS), ...LIVE_ONLY_GUESTS].sort()).toEqual(listGuests());
  });

  describe.each(Object.entries(REFERENCE_GUESTS))('%s', (guest, limit) => {
    test('the engine agrees with QEMU\'s committed state trace on every instruction', async () => {
      const reader = await StateTraceReader.open(referencePath(guest));
      expect(reader.header.source).toBe('qemu');
      const r = await diffStates(engineOf(guest, limit), fileStateSource(reader, 'qemu reference'), { deviations: QEMU_DEVIATIONS });
      expectClean(guest, r, reader.rowCount);
      expect(r.compared).toBe(reader.rowCount);
    });

    test.runIf(haveQemu)('a fresh QEMU run still matches the committed trace', async () => {
      const reader = await StateTraceReader.open(referencePath(guest));
      const s = qemuStateStream(guestImage(guest), { maxInsns: limit, keepInputs: false, timeoutMs: 120_000 });
      const r = await diffStates(fileStateSource(reader, 'committed'), { label: 'qemu', initial: s.initial, rows: s.rows });
      expect(r.divergence).toBeUndefined();
      expect(r.compared).toBe(reader.rowCount);
    }, 150_000);
  });

  describe.runIf(haveQemu).each(listGuests())('%s against a live QEMU', (guest) => {
    test('the engine, driven by QEMU\'s inputs, agrees on every instruction', async () => {
      const limit = REFERENCE_GUESTS[guest];
      const feed = new ReferenceFeed();
      const s = qemuStateStream(guestImage(guest), { stdin: guestInput(guest), maxInsns: limit, keepInputs: false, onInput: feed.onInput, timeoutMs: 180_000 });
      const engine = referenceDrivenEngine({ bios: new Uint8Array(readFileSync(guestImage(guest))) }, feed, 'engine', limit);
      const r = await diffStates(engine, { label: 'qemu', initial: s.initial, rows: s.rows }, { deviations: QEMU_DEVIATIONS });
      expectClean(guest, r, 1000);
      if (limit === undefined) expect((await s.done).killed).toBeUndefined(); // QEMU ran the guest to its end
    }, 200_000);
  });
});
