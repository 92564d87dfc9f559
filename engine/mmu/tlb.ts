// The software TLB in front of the page walk: direct-mapped by EA page (4 KB), one array per
// access kind (read, write, fetch) and per MSR[PR] (the one MSR bit that changes what a
// translation permits; IR/DR only decide whether translation is used at all). It caches
// successful translations only, so it is invisible: every event after which a cached entry
// could be wrong (an SLB entry replaced, an HPTE removed or changed, an AMR/IAMR write taking
// access away, tlbiel, slbia, a new HPT) drops the affected entries.
//
// Entry i is 4 Int32 words at 4i: EA(32:51) || 1 (the 1 marks it valid), EA(0:31), the real
// page address, the HPTE index; info[i] holds SLB index | key << 5. A write-array entry
// exists only once the HPTE's C bit is set (so a first store still walks and sets C).

export const TLB_BITS = 9;
export const TLB_ENTRIES = 1 << TLB_BITS;
export const TLB_MASK = TLB_ENTRIES - 1;

export const KIND_READ = 0;
export const KIND_WRITE = 1;
export const KIND_FETCH = 2;

export class Tlb {
  readonly e = new Int32Array(TLB_ENTRIES * 4);
  readonly info = new Uint16Array(TLB_ENTRIES);

  fill(hi: number, lo: number, raPage: number, ptex: number, slb: number, key: number): void {
    const i = (lo >>> 12) & TLB_MASK, o = i * 4, e = this.e;
    e[o] = (lo & -4096) | 1;
    e[o + 1] = hi | 0;
    e[o + 2] = raPage | 0;
    e[o + 3] = ptex | 0;
    this.info[i] = slb | (key << 5);
  }

  flush(): void {
    this.e.fill(0);
  }

  /** Drop the entry for EA page (hi, lo) if it is cached. */
  dropPage(hi: number, lo: number): void {
    const o = ((lo >>> 12) & TLB_MASK) * 4, e = this.e;
    if (e[o] === ((lo & -4096) | 1) && e[o + 1] === (hi | 0)) e[o] = 0;
  }

  /** Drop entries for EAs in the segment of ESID doubleword (esidHi, esidLo): 256 MB, or
   *  1 TB when `tera`. */
  dropSegment(esidHi: number, esidLo: number, tera: boolean): void {
    const e = this.e, hi = esidHi | 0, top = esidLo & 0xf0000000, hi1t = esidHi & 0xffffff00;
    for (let o = 0; o < e.length; o += 4) {
      if (tera ? (e[o + 1] & 0xffffff00) === hi1t : e[o + 1] === hi && (e[o] & 0xf0000000) === top) e[o] = 0;
    }
  }

  /** Drop entries made from HPTE `ptex`. */
  dropHpte(ptex: number): void {
    const e = this.e;
    for (let o = 0; o < e.length; o += 4) if (e[o + 3] === (ptex | 0)) e[o] = 0;
  }

  /** Drop entries made through SLB entry n. */
  dropSlb(n: number): void {
    const e = this.e, info = this.info;
    for (let i = 0; i < TLB_ENTRIES; i++) if ((info[i] & 31) === n) e[i * 4] = 0;
  }

  /** Drop entries whose key is in `keys` (bit k for key k). */
  dropKeys(keys: number): void {
    if (keys === 0) return;
    const e = this.e, info = this.info;
    for (let i = 0; i < TLB_ENTRIES; i++) if ((keys >>> (info[i] >>> 5)) & 1) e[i * 4] = 0;
  }
}
