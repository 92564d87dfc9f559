// The hash MMU of a POWER8 pseries guest (Power ISA 2.07 Book III-S §5.7): EA → SLB → VA →
// hashed page table → RA, with protection, reference/change recording and the software TLB
// in front (tlb.ts). The CPU's access paths look in the TLB themselves (engine/cpu/cpu.ts)
// and come here only when it misses.
//
// Where QEMU 7.2 and the ISA part, the ISA is followed (engine/mmu/README.md lists each).

import type { Cpu } from '../cpu/cpu.js';
import { CIA, SPR, SPR_AMR, SPR_DAR, SPR_DSISR, SPR_IAMR } from '../cpu/regs.js';
import { VEC_DSEG, VEC_DSI, VEC_ISEG, VEC_ISI } from '../cpu/vectors.js';
import { D0_H, D0_L, D0_V, D1_C, D1_G, D1_N, D1_R, D1_RPN_HI, D1_RPN_LO, HashPageTable, LP_64K, hpteKey } from './hpt.js';
import { KEY_LOAD, KEY_STORE, READ_OK, WRITE_OK, keyBits, keysLosing, ppOf } from './protection.js';
import { ESID_V, VSID_KP, VSID_KS, VSID_N, esidAt, pageShiftOf, slbFind, vsidAt } from './slb.js';
import { KIND_FETCH, KIND_READ, KIND_WRITE, TLB_MASK, Tlb } from './tlb.js';

// DSISR (data storage interrupt) and SRR1 (instruction storage interrupt) cause bits,
// Book III-S §6.5.3 / §6.5.5: bit 33 no HPTE, 35 no-execute or guarded (fetch), 36 basic
// protection, 38 store (DSISR), 42 virtual page class key.
export const DSISR_NO_PTE = 0x40000000;
export const DSISR_PROTECTION = 0x08000000;
export const DSISR_STORE = 0x02000000;
export const DSISR_KEY = 0x00200000;
export const SRR1_NO_PTE = 0x40000000;
export const SRR1_NOEXEC_GUARD = 0x10000000;
export const SRR1_PROTECTION = 0x08000000;
export const SRR1_KEY = 0x00200000;

/** translate() in probe mode: the access would fault. */
const FAULT = -2;

export class Mmu {
  /** The hypervisor's hashed page table, or null before the platform allocates one (then no
   *  HPTE is ever found). Writing its bytes directly bypasses the TLB: call flush() after,
   *  as software must tlbie after changing an HPTE (§5.10). */
  hpt: HashPageTable | null = null;
  /** TLBs by MSR[PR] * 3 + kind (tlb.ts KIND_*). */
  readonly tlbs: readonly Tlb[] = Array.from({ length: 6 }, () => new Tlb());
  /** The whole RAM buffer (RAM, then the zero/trash/bounce areas). */
  private readonly all: Uint8Array;
  // A store assembled in the bounce area, to be written to two RA ranges (scatter()).
  private sRa1 = 0;
  private sN1 = 0;
  private sRa2 = 0;
  private sN2 = 0;

  constructor(private readonly cpu: Cpu) {
    this.all = new Uint8Array(cpu.ram.buf);
  }

  /** A new, empty hashed page table of 2^log2Bytes bytes (the hypervisor's allocation at
   *  reset: the FDT's ibm,pft-size); every cached translation is dropped. */
  setHpt(log2Bytes: number): HashPageTable {
    this.hpt = new HashPageTable(log2Bytes);
    this.flush();
    return this.hpt;
  }

  // ---- invalidation ---------------------------------------------------------------------

  /** Drop every cached translation (tlbiel, slbia, a new HPT, direct HPT edits). */
  flush(): void {
    for (const t of this.tlbs) t.flush();
    this.cpu.recheck(); // the interpreter's current fetch page may be stale
  }

  /** Drop cached translations of the 4 KB page holding effective address `ea`. */
  invalidatePage(ea: bigint): void {
    const hi = Number((ea >> 32n) & 0xffffffffn), lo = Number(ea & 0xffffffffn);
    for (const t of this.tlbs) t.dropPage(hi, lo);
    this.cpu.recheck();
  }

  /** Drop cached translations made from HPTE `ptex` (the hypervisor removed or changed it). */
  invalidateHpte(ptex: number): void {
    for (const t of this.tlbs) t.dropHpte(ptex);
    this.cpu.recheck();
  }

  /** SLB entry n is about to be replaced or invalidated: drop what was translated through it. */
  slbChanged(n: number): void {
    for (const t of this.tlbs) t.dropSlb(n);
    this.cpu.recheck();
  }

  /** SLB entry n now translates its segment: drop translations another entry made there
   *  (two entries for one EA are software's error; the lowest index then wins, as in QEMU). */
  slbLoaded(n: number): void {
    const u32 = this.cpu.u32, e = esidAt(n);
    if ((u32[e] & ESID_V) === 0) return;
    const tera = u32[vsidAt(n) + 1] >>> 30 === 1;
    for (const t of this.tlbs) t.dropSegment(u32[e + 1], u32[e], tera);
    this.cpu.recheck();
  }

  /** AMR changed from (oldHi, oldLo): drop data translations of keys that lost access. */
  amrChanged(oldHi: number, oldLo: number): void {
    const u32 = this.cpu.u32, a = (SPR + SPR_AMR) * 2;
    const loads = keysLosing(oldHi, oldLo, u32[a + 1], u32[a], KEY_LOAD);
    const stores = keysLosing(oldHi, oldLo, u32[a + 1], u32[a], KEY_STORE);
    for (const base of [0, 3]) {
      this.tlbs[base + KIND_READ].dropKeys(loads);
      this.tlbs[base + KIND_WRITE].dropKeys(stores);
    }
  }

  /** IAMR changed from (oldHi, oldLo): drop fetch translations of keys that lost access. */
  iamrChanged(oldHi: number, oldLo: number): void {
    const u32 = this.cpu.u32, a = (SPR + SPR_IAMR) * 2;
    const keys = keysLosing(oldHi, oldLo, u32[a + 1], u32[a], KEY_LOAD);
    if (keys === 0) return;
    this.tlbs[KIND_FETCH].dropKeys(keys);
    this.tlbs[3 + KIND_FETCH].dropKeys(keys);
    this.cpu.recheck();
  }

  // ---- the TLB-miss paths of the CPU ----------------------------------------------------

  /** Real address of a `size`-byte data access at EA (hi, lo) whose TLB lookup missed. An
   *  access that crosses into the next 4 KB EA page translates both pages (a fault in the
   *  second one reports that page's first byte in DAR); if they are not adjacent in RAM the
   *  access goes through the bounce area. */
  data(hi: number, lo: number, size: number, store: boolean): number {
    const c = this.cpu, ram = c.ram, kind = store ? KIND_WRITE : KIND_READ;
    const ra = this.translate(hi, lo, kind, false);
    const n1 = 4096 - (lo & 0xfff);
    if (size <= n1) return ra >= 0 && ra + size <= ram.size ? ra : c.accessFailed(hi, lo, store);
    let lo2 = ((lo >>> 12) + 1) * 4096, hi2 = hi;
    if (lo2 === 0x100000000) { lo2 = 0; hi2 = c.sf ? (hi + 1) >>> 0 : 0; }
    const ra2 = this.translate(hi2, lo2, kind, false);
    if (ra < 0 || ra + n1 > ram.size) return c.accessFailed(hi, lo, store);
    if (ra2 < 0 || ra2 + size - n1 > ram.size) return c.accessFailed(hi2, lo2, store);
    if (ra2 === ra + n1) return ra;
    const b = ram.bounceAt;
    if (store) {
      this.sRa1 = ra; this.sN1 = n1; this.sRa2 = ra2; this.sN2 = size - n1;
    } else {
      this.all.copyWithin(b, ra, ra + n1);
      this.all.copyWithin(b + n1, ra2, ra2 + size - n1);
    }
    return b;
  }

  /** A store went to the bounce area: write its bytes where they belong. */
  scatter(): void {
    const ram = this.cpu.ram, b = ram.bounceAt;
    this.all.copyWithin(this.sRa1, b, b + this.sN1);
    this.all.copyWithin(this.sRa2, b + this.sN1, b + this.sN1 + this.sN2);
    ram.mark(this.sRa1, this.sN1);
    ram.mark(this.sRa2, this.sN2);
  }

  /** Real page number of the instruction at EA (hi, lo) whose TLB lookup missed, or -1 if
   *  its real address has no RAM behind it. */
  fetchPage(hi: number, lo: number): number {
    const ra = this.translate(hi, lo, KIND_FETCH, false);
    return ra >= 0 && ra + 4 <= this.cpu.ram.size ? ra >>> 12 : -1;
  }

  /** The real address EA `ea` translates to for `kind` now, or undefined if the access
   *  would fault or reach no RAM below 4 GiB; no side effects (no R/C update, no TLB fill, no interrupt). For tools. */
  probe(ea: bigint, kind: number): bigint | undefined {
    const hi = Number((ea >> 32n) & 0xffffffffn), lo = Number(ea & 0xffffffffn);
    const e = this.tlbs[(this.cpu.pr ? 3 : 0) + kind].e, o = ((lo >>> 12) & TLB_MASK) * 4;
    if (e[o] === ((lo & -4096) | 1) && e[o + 1] === (hi | 0)) return BigInt(((e[o + 2] | (lo & 0xfff)) >>> 0));
    const ra = this.translate(hi, lo, kind, true);
    return ra < 0 ? undefined : BigInt(ra);
  }

  // ---- the walk -------------------------------------------------------------------------

  /** Translate EA (hi, lo; unsigned words, hi = 0 in 32-bit mode) for one access of `kind`
   *  (§5.7.6 segment, §5.7.7 page table, §5.7.9 protection, §5.7.8 R and C). Returns the real
   *  address (unsigned; -1 when it lies at or above 4 GiB, where no RAM is). A fault enters
   *  its interrupt and throws, unless `probe` (then FAULT, and nothing is changed). */
  translate(hi: number, lo: number, kind: number, probe: boolean): number {
    const c = this.cpu, u32 = c.u32;
    const n = slbFind(u32, hi, lo);
    if (n < 0) return probe ? FAULT : this.segmentFault(hi, lo, kind);
    const vLo = u32[vsidAt(n)], vHi = u32[vsidAt(n) + 1];
    // §5.7.6: no instruction is fetched from a no-execute segment; the page table is not
    // searched (QEMU 7.2 agrees).
    if (kind === KIND_FETCH && (vLo & VSID_N) !== 0) return probe ? FAULT : this.isi(SRR1_NOEXEC_GUARD);

    // §5.7.7.3: the primary hash (its low bits: at most 2^24 PTEGs) and the AVA to match.
    const p = pageShiftOf(vLo), big = p === 16;
    let hash: number, avaLo: number;
    if (vHi >>> 30 === 0) { // 256 MB: VA = VSID(0:49) || EA(36:63)
      const off = lo & 0x0fffffff;
      const vsid = (vLo >>> 12) | (vHi << 20);
      hash = vsid ^ (off >>> p);
      avaLo = (off >>> 16) & 0xf80; // AVA bits 52:56 = EA(36:40)
    } else { // 1 TB: VA = VSID(0:37) || EA(24:63)
      const offHi = hi & 0xff;
      const vsid = (vLo >>> 24) | (vHi << 8);
      hash = vsid ^ (vsid << 25) ^ (big ? (offHi << 16) | (lo >>> 16) : (offHi << 20) | (lo >>> 12));
      avaLo = ((offHi << 16) | (lo >>> 16)) & 0xffffff80; // AVA bits 40:56 = EA(24:40)
    }
    // The HPTE's dword 0 must equal B || VSID || EA bits in 0:56 and have V = 1 and H as the
    // hash used (the rest of bits 52:56 come from the SLB VSID field, as in QEMU).
    const want = ((vLo & 0xfffff000) | avaLo | D0_V) >>> 0;

    // §5.7.7.2: the primary PTEG's 8 HPTEs, then the secondary's (hash one's-complemented).
    const hpt = this.hpt;
    let ptex = -1;
    if (hpt !== null) {
      const dv = hpt.dv;
      search: for (let sec = 0; sec < 2; sec++) {
        const base = ((sec === 0 ? hash : ~hash) & hpt.hashMask) * 8;
        const w = sec === 0 ? want : want | D0_H;
        for (let s = 0; s < 8; s++) {
          const o = (base + s) * 16;
          if (dv.getUint32(o) !== vHi) continue;
          const d0lo = dv.getUint32(o + 4);
          if (((d0lo ^ w) & 0xffffff83) !== 0) continue;
          // The page size must be the segment's base size: L = 0 for 4 KB; L = 1 with LP
          // 0b0001 in bits 48:51 for 64 KB (other entries are skipped, as the ISA says).
          if ((d0lo & D0_L) !== 0 ? !big || (dv.getUint32(o + 12) & 0xf000) !== LP_64K : big) continue;
          ptex = base + s;
          break search;
        }
      }
    }
    if (ptex < 0) {
      if (probe) return FAULT;
      return kind === KIND_FETCH ? this.isi(SRR1_NO_PTE) : this.dsi(hi, lo, DSISR_NO_PTE | (kind === KIND_WRITE ? DSISR_STORE : 0));
    }

    const dv = hpt!.dv, o = ptex * 16;
    const d1hi = dv.getUint32(o + 8), d1lo = dv.getUint32(o + 12);
    const key = (c.pr ? vLo & VSID_KP : vLo & VSID_KS) !== 0 ? 1 : 0;
    const pp = ppOf(d1hi, d1lo), k = hpteKey(d1hi, d1lo);
    if (kind === KIND_FETCH) {
      // §5.7.9: a fetch needs read authority, N = 0 and G = 0, and IAMR bit 2k+1 = 0. Each
      // cause sets its own SRR1 bit (§6.5.5).
      const execOk = (d1lo & (D1_N | D1_G)) === 0;
      const ppOk = ((READ_OK[key] >> pp) & 1) !== 0;
      const a = (SPR + SPR_IAMR) * 2;
      const keyOk = (keyBits(u32[a + 1], u32[a], k) & KEY_LOAD) === 0;
      if (!execOk || !ppOk || !keyOk) {
        if (probe) return FAULT;
        return this.isi((execOk ? 0 : SRR1_NOEXEC_GUARD) | (ppOk ? 0 : SRR1_PROTECTION) | (keyOk ? 0 : SRR1_KEY));
      }
    } else {
      const store = kind === KIND_WRITE;
      const ppOk = ((((store ? WRITE_OK : READ_OK)[key]) >> pp) & 1) !== 0;
      const a = (SPR + SPR_AMR) * 2;
      const keyOk = (keyBits(u32[a + 1], u32[a], k) & (store ? KEY_STORE : KEY_LOAD)) === 0;
      if (!ppOk || !keyOk) {
        if (probe) return FAULT;
        return this.dsi(hi, lo, (ppOk ? 0 : DSISR_PROTECTION) | (store ? DSISR_STORE : 0) | (keyOk ? 0 : DSISR_KEY));
      }
    }

    // §5.7.7: RA = ARPN(4:63-p) || EA(64-p:63).
    const pmask = (1 << p) - 1;
    const ra = ((d1lo & D1_RPN_LO & ~pmask) | (lo & pmask)) >>> 0;
    const beyond4G = (d1hi & D1_RPN_HI) !== 0;
    if (probe) return beyond4G ? -1 : ra;
    // §5.7.8: R for any access performed, C for a store. Recorded here, at the walk: the TLB
    // keeps a write entry only once C is set, so every first store comes through.
    if ((d1lo & D1_R) === 0) hpt!.setR(ptex);
    if (kind === KIND_WRITE && (d1lo & D1_C) === 0) hpt!.setC(ptex);
    if (beyond4G) return -1;
    const raPage = (ra & -4096) >>> 0;
    if (raPage + 4096 <= c.ram.size) this.tlbs[(c.pr ? 3 : 0) + kind].fill(hi, lo, raPage, ptex, n, k);
    return ra;
  }

  // ---- interrupts (Book III-S §6.5.3–6.5.6) ----------------------------------------------

  /** No SLB entry: data segment interrupt (DAR = EA; DSISR is left as it was, as QEMU 7.2
   *  does: the ISA leaves it undefined) or instruction segment interrupt. */
  private segmentFault(hi: number, lo: number, kind: number): never {
    const c = this.cpu;
    if (kind === KIND_FETCH) return c.raise(VEC_ISEG, c.u64[CIA], 0);
    this.setDar(hi, lo);
    return c.raise(VEC_DSEG, c.u64[CIA], 0);
  }

  private dsi(hi: number, lo: number, dsisr: number): never {
    const c = this.cpu, d = (SPR + SPR_DSISR) * 2;
    this.setDar(hi, lo);
    c.u32[d] = dsisr >>> 0;
    c.u32[d + 1] = 0;
    return c.raise(VEC_DSI, c.u64[CIA], 0);
  }

  private isi(srr1: number): never {
    const c = this.cpu;
    return c.raise(VEC_ISI, c.u64[CIA], srr1);
  }

  private setDar(hi: number, lo: number): void {
    const d = (SPR + SPR_DAR) * 2;
    this.cpu.u32[d] = lo;
    this.cpu.u32[d + 1] = hi;
  }
}
