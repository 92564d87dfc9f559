// Guest RAM: one ArrayBuffer, big-endian accesses through DataView, with a per-page dirty map
// so hashing and snapshots touch only what changed (ARCHITECTURE.md "Memory").

export const PAGE_SHIFT = 12;

/** Marks a slot of a decoded page whose word has not been decoded (or was overwritten). */
export const UNDECODED = -2;

/** The decoded instructions of one 4 KiB page (the CPU fills slots when it first runs
 *  them): the table form index and the word, in the byte order of MSR[LE]. */
export interface CodePage { form: Int16Array; word: Int32Array }
export const PAGE_SIZE = 1 << PAGE_SHIFT;

/** Largest RAM we back with one ArrayBuffer: addresses stay 32-bit numbers on the hot path. */
export const MAX_RAM_BYTES = 4 * 1024 * 1024 * 1024 - PAGE_SIZE;

export class Ram {
  readonly size: number;
  readonly buf: ArrayBuffer;
  readonly dv: DataView;
  readonly u8: Uint8Array;
  /** 1 where the page was written since the flag was last cleared by the hasher. */
  readonly dirty: Uint8Array;
  /** Offsets past the end of RAM, inside the buffer: 8 bytes that always read 0, and 8
   *  bytes that absorb writes, for accesses to addresses with no memory behind them when
   *  the machine ignores those (QEMU 7.2's behaviour for POWER8). */
  readonly zeroAt: number;
  /** Per page, the instructions the CPU decoded from it; a write resets the slots it
   *  covers, so modified code is decoded again. Page objects are kept (the interpreter holds
   *  the current one), except when the CPU drops them all on a byte-order change. */
  readonly code: (CodePage | undefined)[];
  readonly trashAt: number;

  constructor(size: number) {
    if (!Number.isInteger(size) || size <= 0 || size % PAGE_SIZE !== 0 || size > MAX_RAM_BYTES) {
      throw new RangeError(`RAM size ${size} must be a positive multiple of ${PAGE_SIZE} up to ${MAX_RAM_BYTES}`);
    }
    this.size = size;
    this.zeroAt = size;
    this.trashAt = size + 8;
    this.buf = new ArrayBuffer(size + 16);
    this.dv = new DataView(this.buf);
    this.u8 = new Uint8Array(this.buf, 0, size);
    this.dirty = new Uint8Array(size >>> PAGE_SHIFT);
    this.code = new Array(size >>> PAGE_SHIFT).fill(undefined);
  }

  /** Mark the pages covering [addr, addr+len) written. */
  mark(addr: number, len: number): void {
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) {
      this.dirty[p] = 1;
      const pg = this.code[p];
      if (pg !== undefined) {
        const from = p === addr >>> PAGE_SHIFT ? (addr >>> 2) & 1023 : 0;
        const to = p === last ? (((addr + len - 1) >>> 2) & 1023) + 1 : 1024;
        pg.form.fill(UNDECODED, from, to);
      }
    }
  }

  private readonly trackers: Uint8Array[] = [];

  /** A page map of its own for one consumer of "what changed" (the hasher, snapshots):
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
      throw new RangeError(`write of ${bytes.length} bytes at 0x${addr.toString(16)} is outside RAM (${this.size} bytes)`);
    }
    this.u8.set(bytes, addr);
    if (bytes.length) this.mark(addr, bytes.length);
  }

  read(addr: number, len: number): Uint8Array {
    if (addr < 0 || addr + len > this.size) {
      throw new RangeError(`read of ${len} bytes at 0x${addr.toString(16)} is outside RAM (${this.size} bytes)`);
    }
    return this.u8.slice(addr, addr + len);
  }
}
