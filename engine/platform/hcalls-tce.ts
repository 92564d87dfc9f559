// Translation control entry tables and their hypercalls (PAPR hcall-tce, hcall-multi-tce),
// as QEMU 7.2 implements them for TCG (hw/ppc/spapr_iommu.c):
//
//   H_PUT_TCE 0x20 (liobn, ioba, tce): entry (ioba - bus offset) >> page shift ← tce.
//   H_GET_TCE 0x1c (liobn, ioba) → r4 = that entry.
//   H_STUFF_TCE 0x138 (liobn, ioba, tce, npages): npages entries from ioba ← tce.
//   H_PUT_TCE_INDIRECT 0x13c (liobn, ioba, list, npages): npages entries from ioba ← the
//     big-endian doublewords at real address list (4 KiB aligned, npages ≤ 512).
//
// ioba's offset inside an IOMMU page is ignored. A LIOBN with a table is needed (its high
// word must be 0), else H_PARAMETER; an entry outside the window is H_PARAMETER, and a
// multi-entry call stops there, keeping the entries already written. QEMU starts
// H_STUFF_TCE and H_PUT_TCE_INDIRECT with H_PARAMETER as the result, so npages = 0 also
// gives H_PARAMETER. npages above the window's size is H_PARAMETER for H_STUFF_TCE before
// anything is written. Entries are stored as given (no bits masked).
//
// The board has one table (engine/platform/fdt/pci.ts): PHB 0's 32-bit DMA window, LIOBN
// 0x80000000, bus offset 0, 4 KiB pages, 1 GiB (QEMU's dma_win_addr / dma_win_size
// defaults). QEMU also creates the PHB's second (dynamic) window table, LIOBN 0x80000001,
// but leaves it disabled (no entries): every call on it gives H_PARAMETER, as for a LIOBN
// without a table, so it is not modelled. The vty and nvram VIO devices have no DMA window.
// No device does DMA here, so the tables are guest-visible only through H_GET_TCE.

import type { Cpu } from '../cpu/cpu.js';
import type { HcallTable } from './hcalls.js';
import { PHB0_LIOBN } from './fdt/pci.js';
import { H_GET_TCE, H_PARAMETER, H_PUT_TCE, H_PUT_TCE_INDIRECT, H_STUFF_TCE, H_SUCCESS } from './papr.js';

/** QEMU's SPAPR_TCE_PAGE_SHIFT: the IOMMU page of the default windows. */
export const TCE_PAGE_SHIFT = 12;
/** PHB 0's default DMA window (spapr_pci.c dma_win_size): 1 GiB. */
export const PHB0_DMA_WINDOW_BYTES = 0x40000000;
/** Most entries one H_PUT_TCE_INDIRECT may write (one 4 KiB page of TCEs). */
export const INDIRECT_MAX = 512n;

/** Entries per lazily allocated chunk. */
const CHUNK = 512;

/** A table's non-zero entries as [index, value as a decimal string], by index. */
export interface TceTableState { liobn: number; entries: [number, string][] }

/** One LIOBN's TCE table: `size` entries, all 0 at reset; chunks of it are allocated when
 *  first given a non-zero entry. */
export class TceTable {
  private readonly chunks = new Map<number, BigUint64Array>();

  constructor(readonly liobn: number, readonly size: number, readonly pageShift = TCE_PAGE_SHIFT,
    readonly busOffset = 0n) {}

  get(i: number): bigint {
    return this.chunks.get(Math.floor(i / CHUNK))?.[i % CHUNK] ?? 0n;
  }

  set(i: number, v: bigint): void {
    const k = Math.floor(i / CHUNK);
    let chunk = this.chunks.get(k);
    if (chunk === undefined) {
      if (v === 0n) return;
      chunk = new BigUint64Array(CHUNK);
      this.chunks.set(k, chunk);
    }
    chunk[i % CHUNK] = v;
  }

  /** The entry index for ioba, or -1 outside the window (QEMU's unsigned index test). */
  index(ioba: bigint): number {
    const i = BigInt.asUintN(64, ioba - this.busOffset) >> BigInt(this.pageShift);
    return i < BigInt(this.size) ? Number(i) : -1;
  }

  save(): TceTableState {
    const entries: [number, string][] = [];
    for (const k of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(k)!;
      for (let j = 0; j < CHUNK; j++) if (chunk[j] !== 0n) entries.push([k * CHUNK + j, String(chunk[j])]);
    }
    return { liobn: this.liobn, entries };
  }

  load(s: TceTableState): void {
    this.chunks.clear();
    for (const [i, v] of s.entries) this.set(i, BigInt(v));
  }
}

/** The machine's TCE tables, by LIOBN. */
export class TceTables {
  readonly tables: TceTable[];

  constructor(tables: TceTable[] = [new TceTable(PHB0_LIOBN, PHB0_DMA_WINDOW_BYTES >>> TCE_PAGE_SHIFT)]) {
    this.tables = tables;
  }

  /** The table of a LIOBN (a 64-bit argument: a non-zero high word names none). */
  find(liobn: bigint): TceTable | undefined {
    if (liobn >> 32n !== 0n) return undefined;
    return this.tables.find((t) => BigInt(t.liobn) === liobn);
  }

  save(): TceTableState[] { return this.tables.map((t) => t.save()); }

  load(s: readonly TceTableState[]): void {
    for (const t of this.tables) {
      const saved = s.find((x) => x.liobn === t.liobn);
      t.load(saved ?? { liobn: t.liobn, entries: [] });
    }
  }

  register(h: HcallTable): void {
    // ioba with its in-page offset dropped, then one entry stored: H_SUCCESS or H_PARAMETER.
    const pageBase = (t: TceTable, ioba: bigint): bigint => ioba & ~((1n << BigInt(t.pageShift)) - 1n);
    const put = (t: TceTable, ioba: bigint, tce: bigint): bigint => {
      const i = t.index(ioba);
      if (i < 0) return H_PARAMETER;
      t.set(i, tce);
      return H_SUCCESS;
    };
    const step = (t: TceTable, ioba: bigint): bigint => BigInt.asUintN(64, ioba + (1n << BigInt(t.pageShift)));

    h.register(H_PUT_TCE, (c: Cpu) => {
      const t = this.find(c.u64[4]);
      return t ? put(t, pageBase(t, c.u64[5]), c.u64[6]) : H_PARAMETER;
    });

    h.register(H_GET_TCE, (c: Cpu) => {
      const t = this.find(c.u64[4]);
      if (!t) return H_PARAMETER;
      const i = t.index(pageBase(t, c.u64[5]));
      if (i < 0) return H_PARAMETER;
      c.u64[4] = t.get(i);
      return H_SUCCESS;
    });

    h.register(H_STUFF_TCE, (c: Cpu) => {
      const t = this.find(c.u64[4]);
      const tce = c.u64[6], npages = c.u64[7];
      if (!t || npages > BigInt(t.size)) return H_PARAMETER;
      let ioba = pageBase(t, c.u64[5]), ret = H_PARAMETER;
      for (let n = 0n; n < npages; n++, ioba = step(t, ioba)) {
        ret = put(t, ioba, tce);
        if (ret !== H_SUCCESS) break;
      }
      return ret;
    });

    h.register(H_PUT_TCE_INDIRECT, (c: Cpu) => {
      const t = this.find(c.u64[4]);
      const list = c.u64[6], npages = c.u64[7];
      if (!t || npages > INDIRECT_MAX || (list & 0xfffn) !== 0n) return H_PARAMETER;
      const ram = c.ram;
      let ioba = pageBase(t, c.u64[5]), ret = H_PARAMETER;
      for (let n = 0n; n < npages; n++, ioba = step(t, ioba)) {
        // The list is read as QEMU's hypervisor reads memory: 0 where there is no RAM.
        const a = BigInt.asUintN(64, list + 8n * n);
        const tce = a <= BigInt(ram.size - 8) ? ram.dv.getBigUint64(Number(a)) : 0n;
        ret = put(t, ioba, tce);
        if (ret !== H_SUCCESS) break;
      }
      return ret;
    });
  }
}
