// A byte store kept in 4 KiB pages with a per-page dirty map, so hashing and snapshots
// touch only what changed (ARCHITECTURE.md "Memory"). Guest RAM (ram.ts) and the
// hypervisor's hashed page table (engine/mmu/hpt.ts) are both one.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

export class PagedBytes {
  /** Bytes the store holds (a multiple of PAGE_SIZE). */
  readonly size: number;
  readonly buf: ArrayBuffer;
  readonly dv: DataView;
  readonly u8: Uint8Array;
  /** 1 where the page was written since the flag was last swept into the trackers. */
  readonly dirty: Uint8Array;
  private readonly trackers: Uint8Array[] = [];

  /** `spare` bytes after the store, inside the buffer, for the owner's own use; `what`
   *  names the store in error messages. */
  constructor(size: number, spare = 0, private readonly what = 'the store') {
    this.size = size;
    this.buf = new ArrayBuffer(size + spare);
    this.dv = new DataView(this.buf);
    this.u8 = new Uint8Array(this.buf, 0, size);
    this.dirty = new Uint8Array(size >>> PAGE_SHIFT);
  }

  /** Mark the pages covering [addr, addr+len) written. */
  mark(addr: number, len: number): void {
    if (len <= 0) return;
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) this.dirty[p] = 1;
  }

  /** A page map of its own for one consumer of "what changed" (a hasher, snapshots):
   *  sweep() copies the shared dirty map into every tracker, so each sees every write once. */
  track(): Uint8Array {
    const t = new Uint8Array(this.dirty.length);
    this.trackers.push(t);
    return t;
  }

  /** Move the pages written since the last sweep into every tracker. */
  sweep(): void {
    const d = this.dirty, ts = this.trackers;
    for (let p = 0; p < d.length; p++) {
      if (!d[p]) continue;
      d[p] = 0;
      for (const t of ts) t[p] = 1;
    }
  }

  /** Copy bytes in from the host (loaders, hypercalls); marks pages dirty. */
  write(addr: number, bytes: Uint8Array): void {
    if (addr < 0 || addr + bytes.length > this.size) {
      throw new RangeError(`write of ${bytes.length} bytes at 0x${addr.toString(16)} is outside ${this.what} (${this.size} bytes)`);
    }
    this.u8.set(bytes, addr);
    if (bytes.length) this.mark(addr, bytes.length);
  }

  read(addr: number, len: number): Uint8Array {
    if (addr < 0 || addr + len > this.size) {
      throw new RangeError(`read of ${len} bytes at 0x${addr.toString(16)} is outside ${this.what} (${this.size} bytes)`);
    }
    return this.u8.slice(addr, addr + len);
  }
}
