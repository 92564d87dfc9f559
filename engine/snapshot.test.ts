// Restoring a snapshot chain and running on must give the same machine as running straight
// through (issue: "restoring then running must give the same hashes").
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Machine } from './machine.js';
import { FixedInputs } from './inputs.js';
import { decodeSnapshot, SnapshotError } from './snapshot.js';

const img = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../corpus/bare/${name}.img`, import.meta.url))));
const fresh = (name: string) => new Machine({ bios: img(name) }, new FixedInputs(), () => {});

describe('snapshots', () => {
  // exceptions: decrementer interrupts, machine checks, mode switches; bench: many stores.
  test.each([['exceptions', 40_000, 700_000, 1_500_000], ['bench', 1_000_000, 3_000_000, 6_000_000]])(
    '%s: full at %i + delta at %i, restored into a fresh machine, runs on identically', (name, at1, at2, end) => {
      const a = fresh(name);
      a.runTo(at1);
      const full = a.snapshot(true);
      a.runTo(at2);
      const delta = a.snapshot(false);
      const hashAt2 = a.hash();
      a.runTo(end);
      const hashEnd = a.hash();

      const b = fresh(name);
      b.runTo(12_345); // some unrelated state that the restore must wipe
      b.restore([full, delta]);
      expect(b.icount).toBe(at2);
      expect(b.hash()).toBe(hashAt2);
      b.runTo(end);
      expect(b.hash()).toBe(hashEnd);
    });

  test('a delta holds only the pages written since the previous snapshot', () => {
    const m = fresh('bench');
    m.runTo(500_000);
    const full = decodeSnapshot(m.snapshot(true));
    m.runTo(500_100);
    const delta = decodeSnapshot(m.snapshot(false));
    expect(full.state.full).toBe(true);
    expect(delta.state.full).toBe(false);
    expect(delta.pages.length).toBeGreaterThan(0);
    expect(delta.pages.length).toBeLessThan(full.pages.length);
  });

  test('bad chains and bad bytes are refused with SnapshotError', () => {
    const m = fresh('hello');
    const full = m.snapshot(true);
    const delta = m.snapshot(false);
    expect(() => m.restore([delta])).toThrow(/must start with a full snapshot/);
    expect(() => m.restore([full.subarray(0, 20)])).toThrow(SnapshotError);
    const bad = full.slice();
    bad[0] ^= 1;
    expect(() => m.restore([bad])).toThrow(/bad magic/);
    const other = new Machine({ bios: img('hello'), ramBytes: 256 << 20 }, new FixedInputs(), () => {});
    expect(() => other.restore([full])).toThrow(/RAM/);
  });
});
