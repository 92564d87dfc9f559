// The client interface's memory allocator, as QEMU 7.2's VOF keeps it (hw/ppc/vof.c):
// a list of claimed ranges and a moving "claimed base". claim(virt, size, 0) takes exactly
// [virt, virt+size) if nothing claimed overlaps it; claim(_, size, align) aligns the base
// up and steps it by `size` until a free range is found (below top = min(RMA, 4 GiB)).
// /memory@0/available lists, after each claimed range in address order, the gap to the
// next one (or to the end of memory@0) — zero-sized gaps included, as QEMU writes them.

export interface Claimed { start: number; size: number }

export const CLAIM_FAILED = -1;

export class Claims {
  readonly list: Claimed[] = [];
  base = 0;

  constructor(readonly top: number) {}

  private free(virt: number, size: number): boolean {
    return this.list.every((c) => virt + size <= c.start || c.start + c.size <= virt);
  }

  /** The claimed address, or CLAIM_FAILED. */
  claim(virt: number, size: number, align: number): number {
    let at: number;
    if (size === 0) return CLAIM_FAILED;
    if (align === 0) {
      if (!this.free(virt, size)) return CLAIM_FAILED;
      at = virt;
    } else {
      this.base = Math.ceil(this.base / align) * align;
      for (;;) {
        if (this.base >= this.top) return CLAIM_FAILED; // QEMU: "Out of RMA memory for the OF client"
        if (this.free(this.base, size)) break;
        this.base += size;
      }
      at = this.base;
    }
    this.base = Math.max(this.base, at + size);
    this.list.push({ start: at, size });
    return at;
  }

  /** Drops the claim of exactly [virt, virt+size); false when there is none. */
  release(virt: number, size: number): boolean {
    const i = this.list.findIndex((c) => c.start === virt && c.size === size);
    if (i < 0) return false;
    this.list.splice(i, 1);
    return true;
  }

  /** (start, size) pairs of the gaps after each claim, up to `mem0End`. */
  available(mem0End: number): [start: number, size: number][] {
    const sorted = [...this.list].sort((a, b) => a.start - b.start);
    return sorted.map((c, i) => {
      const start = c.start + c.size;
      const end = i < sorted.length - 1 ? sorted[i + 1].start : mem0End;
      return [start, end - start];
    });
  }
}
