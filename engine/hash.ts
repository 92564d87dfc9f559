// machine.hash(): SHA-256 over every architected register, device state, RAM and the
// hypervisor's hashed page table. Each store is hashed per 4 KiB page and a page's digest is
// recomputed only when the page was written since the last hash, so a checkpoint costs what
// changed (ARCHITECTURE.md rule 4). All-zero pages are left out, so the digest depends on
// contents only, not on which pages were touched.

import { createHash } from 'node:crypto';
import { PAGE_SIZE, type PagedBytes } from './memory/paged.js';

const ZERO_PAGE = createHash('sha256').update(new Uint8Array(PAGE_SIZE)).digest();

export class RamHasher {
  private readonly pages: (Buffer | undefined)[];
  private readonly changed: Uint8Array;

  constructor(private readonly ram: PagedBytes) {
    this.pages = new Array(ram.dirty.length);
    this.changed = ram.track();
  }

  /** Refresh the digests of pages written since the last refresh. */
  private refresh(): void {
    this.ram.sweep();
    const changed = this.changed, u8 = this.ram.u8;
    for (let p = 0; p < changed.length; p++) {
      if (!changed[p]) continue;
      changed[p] = 0;
      const d = createHash('sha256').update(u8.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE)).digest();
      this.pages[p] = d.equals(ZERO_PAGE) ? undefined : d;
    }
  }

  /** Feed (page number, page digest) of every non-zero page into `h`. */
  update(h: ReturnType<typeof createHash>): void {
    this.refresh();
    const idx = Buffer.alloc(4);
    for (let p = 0; p < this.pages.length; p++) {
      const d = this.pages[p];
      if (!d) continue;
      idx.writeUInt32BE(p);
      h.update(idx).update(d);
    }
  }

  /** Page numbers whose contents are not all zero (as of now). */
  nonZeroPages(): number[] {
    this.refresh();
    const out: number[] = [];
    for (let p = 0; p < this.pages.length; p++) if (this.pages[p]) out.push(p);
    return out;
  }
}

export function newHash(): ReturnType<typeof createHash> {
  return createHash('sha256');
}

/** Hex SHA-256 of bytes (boot images, the device tree). */
export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
