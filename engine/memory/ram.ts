// Guest RAM: one ArrayBuffer, big-endian accesses through DataView, with a per-page dirty map
// so hashing and snapshots touch only what changed (ARCHITECTURE.md "Memory"), and the
// decoded-instruction cache per real page.

import { PAGE_SHIFT, PAGE_SIZE, PagedBytes } from './paged.js';

export { PAGE_SHIFT, PAGE_SIZE } from './paged.js';

/** Marks a slot of a decoded page whose word has not been decoded (or was overwritten). */
export const UNDECODED = -2;

/** The decoded instructions of one 4 KiB page (the CPU fills slots when it first runs
 *  them): the table form index and the word, in the byte order of MSR[LE]. */
export interface CodePage { form: Int16Array; word: Int32Array }

/** Largest RAM we back with one ArrayBuffer: addresses stay 32-bit numbers on the hot path. */
export const MAX_RAM_BYTES = 4 * 1024 * 1024 * 1024 - PAGE_SIZE;

/** Bytes of the bounce area (see bounceAt): the widest access that can cross a page. */
export const BOUNCE_BYTES = 16;

export class Ram extends PagedBytes {
  /** Offsets past the end of RAM, inside the buffer: 8 bytes that always read 0, and 8
   *  bytes that absorb writes, for accesses to addresses with no memory behind them when
   *  the machine ignores those (QEMU 7.2's behaviour for POWER8). */
  readonly zeroAt: number;
  readonly trashAt: number;
  /** BOUNCE_BYTES past those: where a translated access that crosses into a page mapped
   *  elsewhere in RAM is assembled (engine/mmu/mmu.ts). */
  readonly bounceAt: number;
  /** Per page, the instructions the CPU decoded from it; a write resets the slots it
   *  covers, so modified code is decoded again. Page objects are kept (the interpreter holds
   *  the current one), except when the CPU drops them all on a byte-order change. */
  readonly code: (CodePage | undefined)[];

  constructor(size: number) {
    if (!Number.isInteger(size) || size <= 0 || size % PAGE_SIZE !== 0 || size > MAX_RAM_BYTES) {
      throw new RangeError(`RAM size ${size} must be a positive multiple of ${PAGE_SIZE} up to ${MAX_RAM_BYTES}`);
    }
    super(size, 16 + BOUNCE_BYTES, 'RAM');
    this.zeroAt = size;
    this.trashAt = size + 8;
    this.bounceAt = size + 16;
    this.code = new Array(size >>> PAGE_SHIFT).fill(undefined);
  }

  /** Mark the pages covering [addr, addr+len) written and forget decoded words there. */
  override mark(addr: number, len: number): void {
    if (len <= 0) return;
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
}
