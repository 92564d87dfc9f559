// One paged store of the machine (RAM, the hypervisor's hashed page table) as hashes and
// snapshots see it: per-page digests for machine.hash(), the pages changed since the last
// snapshot for deltas, and clearing/refilling for restore (engine/snapshot.ts).

import type { PagedBytes } from './memory/paged.js';
import { PAGE_SIZE } from './memory/paged.js';
import { RamHasher, type newHash } from './hash.js';
import type { SnapshotPage } from './snapshot.js';

export class StoreState {
  private readonly hasher: RamHasher;
  /** Pages written since the last snapshot. */
  private readonly since: Uint8Array;

  constructor(readonly store: PagedBytes) {
    this.hasher = new RamHasher(store);
    this.since = store.track();
  }

  /** Feed the store's non-zero pages into a machine hash. */
  hash(h: ReturnType<typeof newHash>): void {
    this.hasher.update(h);
  }

  /** Every page counts as changed for the next delta (a store that replaced another). */
  allChanged(): void {
    this.since.fill(1);
  }

  /** The pages of a snapshot: every non-zero page if `full`, else those written since the
   *  previous snapshot (zeroed ones as null). */
  pages(full: boolean): SnapshotPage[] {
    const nonZero = this.hasher.nonZeroPages(); // sweeps the dirty map into both trackers
    const changed = this.since, u8 = this.store.u8;
    const list = full ? nonZero : changed.reduce<number[]>((acc, v, p) => (v ? (acc.push(p), acc) : acc), []);
    const isNonZero = new Set(nonZero);
    const out = list.map((p) => ({ page: p, data: isNonZero.has(p) ? u8.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE) : null }));
    changed.fill(0);
    return out;
  }

  /** Zero the pages that hold data (the others are zero already), marking them so the hasher
   *  sees the change: a restore's first step, costing what is in use, not the store's size. */
  clear(): void {
    const s = this.store;
    for (const p of this.hasher.nonZeroPages()) {
      s.u8.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      s.dirty[p] = 1;
    }
  }

  /** Write a snapshot's pages back. */
  apply(pages: readonly SnapshotPage[]): void {
    const s = this.store;
    for (const { page, data } of pages) {
      if (data) s.write(page * PAGE_SIZE, data);
      else { s.u8.fill(0, page * PAGE_SIZE, (page + 1) * PAGE_SIZE); s.dirty[page] = 1; }
    }
  }

  /** After a restore: sweep now, so the snapshot tracker starts clean. */
  settle(): void {
    this.hasher.nonZeroPages();
    this.since.fill(0);
  }
}
