// The processor: register file, the storage-access paths (real mode, and translated through
// the hash MMU's software TLB, engine/mmu/), interrupt entry, and the interpreter loop.
//
// Counting rule: every instruction the interpreter starts counts one in `icount`, including
// one that ends in an interrupt (sc, a trap, a fault). Asynchronous interrupts are taken
// between instructions and count nothing. Time (TB, DEC) derives from icount only.

import { Ram } from '../memory/ram.js';
import {
  CIA, CTR, GPR, LR, MSR, NIA, REGFILE_BYTES, SPR, SRR0, SRR1, W_CR,
  MSR_DR, MSR_EE, MSR_FP, MSR_IR, MSR_LE, MSR_ME, MSR_PR, MSR_SF_HI, MSR_VEC, MSR_VSX, SPR_DAR, SPR_DSISR, SPR_LPCR, W_RESV_VALID,
} from './regs.js';
import {
  LPCR_AIL_SHIFT, LPCR_ILE, MCE_DSISR_LOAD, MCE_FETCH, MCE_LOAD, MCE_STORE, PROGRAM_ILLEGAL, PROGRAM_PRIVILEGED,
  SRR1_CAUSE_MASK, VEC_ALIGNMENT, VEC_DECREMENTER, VEC_EXTERNAL, VEC_SYSTEM_RESET,
  VEC_FP_UNAVAILABLE, VEC_MACHINE_CHECK, VEC_PROGRAM, VEC_SYSTEM_CALL, VEC_VMX_UNAVAILABLE, VEC_VSX_UNAVAILABLE,
} from './vectors.js';
import type { CpuModel } from './model.js';
import { Timebase } from './timebase.js';
import { makeLoop, semanticsTable, UNDECODED, type CodePage, type Loop } from './dispatch.js';
import { decode } from '../isa/decode.js';
import { Facility, facilityOf } from '../isa/facility.js';
import { Mmu } from '../mmu/mmu.js';
import { KIND_FETCH, TLB_MASK } from '../mmu/tlb.js';

/** Thrown by a semantic function after an interrupt has been entered: the rest of the
 *  instruction is abandoned. A plain object, so throwing it captures no stack. */
export const INTERRUPT = Object.freeze({ interrupt: true });

/** The platform's side of `sc 1` (PAPR hypercalls) and the machine-level stop reasons. */
export interface Hypervisor {
  /** Handle hypercall r3 with arguments r4.. ; write results to r3.. (PAPR §14.5). */
  hcall(c: Cpu): void;
}

export type HaltReason = 'power-off' | 'reboot' | 'checkstop';

export class Cpu {
  readonly regs = new ArrayBuffer(REGFILE_BYTES);
  /** The register file as signed/unsigned 64-bit slots and as 32-bit halves. */
  readonly i64 = new BigInt64Array(this.regs);
  readonly u64 = new BigUint64Array(this.regs);
  readonly u32 = new Uint32Array(this.regs);
  readonly i32 = new Int32Array(this.regs);

  readonly ram: Ram;
  /** The hash MMU: SLB instructions, the hypervisor's page table, the software TLB. */
  readonly mmu: Mmu;
  // The software TLB arrays for the current MSR[PR] (engine/mmu/tlb.ts), looked up inline
  // by the access paths below; msrChanged() switches them.
  private tlbR!: Int32Array;
  private tlbW!: Int32Array;
  private tlbX!: Int32Array;
  private readonly dv: DataView;
  private readonly ramSize: number;
  readonly model: CpuModel;
  readonly tb: Timebase;
  hv: Hypervisor;

  /** Instructions started since reset (see the counting rule above). */
  icount = 0;
  /** The interpreter loop runs while icount < stopAt; anything that may unmask an
   *  interrupt or end the run sets stopAt = icount (see recheck()). */
  stopAt = 0;
  halted: HaltReason | null = null;
  /** The last effective address computed by ea() helpers (engine/isa/semantics/common.ts). */
  eaHi = 0;
  eaLo = 0;
  /** What a data access to a real address with no RAM behind it does: a machine check (as
   *  POWER hardware does) or, as QEMU 7.2 does for POWER8, read 0 and drop stores. */
  unassigned: 'machine-check' | 'ignore' = 'machine-check';
  /** Told of every asynchronous interrupt taken (vector, icount): traces record and check
   *  these, as rr checks its tick counts. */
  onAsyncInterrupt: ((vector: number, icount: number) => void) | null = null;
  /** Set by the platform (XICS) while an external interrupt is presented. */
  externalPending = false;

  // MSR bits cached for the hot paths; refreshed by msrChanged().
  sf = false;
  le = false;
  pr = false;
  ir = false;
  dr = false;
  ee = false;

  private readonly loop: Loop;

  constructor(ram: Ram, model: CpuModel, hv: Hypervisor, tbTicksPerInsn = 1) {
    this.ram = ram;
    this.dv = ram.dv;
    this.ramSize = ram.size;
    this.model = model;
    this.hv = hv;
    this.mmu = new Mmu(this);
    this.useTlbs();
    this.tb = new Timebase(this, tbTicksPerInsn);
    this.loop = makeLoop({
      sem: semanticsTable(), notInTable: (c, w) => c.notInTable(w >>> 0), decode,
      niaLo: NIA * 2, ciaLo: CIA * 2,
    });
  }

  // ---- registers -------------------------------------------------------------------------

  get pc(): bigint { return this.u64[NIA]; }
  get msr(): bigint { return this.u64[MSR]; }
  get cr(): number { return this.u32[W_CR]; }
  gpr(n: number): bigint { return this.u64[GPR + n]; }
  setGpr(n: number, v: bigint): void { this.u64[GPR + n] = v; }
  get lr(): bigint { return this.u64[LR]; }
  get ctr(): bigint { return this.u64[CTR]; }
  spr(n: number): bigint { return this.u64[SPR + n]; }

  /** Write the MSR as mtmsrd/rfid/interrupt entry do, and refresh cached mode bits. */
  setMsr(v: bigint): void {
    this.u64[MSR] = v;
    this.msrChanged();
  }

  msrChanged(): void {
    const lo = this.u32[MSR * 2];
    const hi = this.u32[MSR * 2 + 1];
    this.sf = (hi & MSR_SF_HI) !== 0;
    const le = (lo & MSR_LE) !== 0;
    if (le !== this.le) this.ram.code.fill(undefined); // decoded words depend on byte order (recheck below ends the batch)
    this.le = le;
    if (!this.sf) this.u32[NIA * 2 + 1] = 0;
    this.pr = (lo & MSR_PR) !== 0;
    this.useTlbs();
    this.ir = (lo & MSR_IR) !== 0;
    this.dr = (lo & MSR_DR) !== 0;
    this.ee = (lo & MSR_EE) !== 0;
    this.recheck();
  }

  /** Point the access paths at the TLBs of the current MSR[PR]. */
  private useTlbs(): void {
    const t = this.mmu.tlbs, b = this.pr ? 3 : 0;
    this.tlbR = t[b].e;
    this.tlbW = t[b + 1].e;
    this.tlbX = t[b + 2].e;
  }

  /** End the current interpreter batch after this instruction so pending interrupts and
   *  events are looked at again. */
  recheck(): void {
    this.stopAt = this.icount;
  }

  // ---- storage access --------------------------------------------------------------------
  // Effective addresses arrive as two 32-bit halves (hi, lo) so no BigInt is built on the
  // hot path. In 32-bit mode the high half is ignored (Book III-S §5.3.1).

  /** Real address of a data access, or an interrupt. */
  private daddr(hi: number, lo: number, size: number, store: boolean): number {
    if (!this.sf) hi = 0;
    if (this.dr) return this.vaddr(hi, lo, size, store);
    // Real mode: EA bits 0:3 are ignored (Book III-S §5.7.3.1). A pseries guest's real mode
    // reaches all of its RAM: QEMU 7.2's virtual hypervisor applies no RMA limit (VPM0 = 0).
    if ((hi & 0x0fffffff) !== 0 || lo + size > this.ramSize) return this.accessFailed(hi, lo, store);
    return lo;
  }

  /** Check that a one-byte load (or store) at (hi, lo) would be performed, taking its
   *  interrupt if not, without accessing storage (the multiple and string instructions
   *  check their whole range first, see loadstore.ts). */
  probeData(hi: number, lo: number, store: boolean): void {
    this.daddr(hi, lo, 1, store);
  }

  /** Translated data access (MSR[DR] = 1): the TLB entry of the EA page, or the walk. */
  private vaddr(hi: number, lo: number, size: number, store: boolean): number {
    const t = store ? this.tlbW : this.tlbR, o = ((lo >>> 12) & TLB_MASK) << 2, off = lo & 0xfff;
    if (t[o] === ((lo & -4096) | 1) && t[o + 1] === (hi | 0) && off + size <= 4096) return (t[o + 2] | off) >>> 0;
    return this.mmu.data(hi, lo, size, store);
  }

  ld8(hi: number, lo: number): number {
    return this.dv.getUint8(this.daddr(hi, lo, 1, false));
  }
  ld16(hi: number, lo: number): number {
    return this.dv.getUint16(this.daddr(hi, lo, 2, false), this.le);
  }
  ld32(hi: number, lo: number): number {
    return this.dv.getUint32(this.daddr(hi, lo, 4, false), this.le);
  }
  /** Load a doubleword into register-file slot `slot`. */
  ld64(hi: number, lo: number, slot: number): void {
    const a = this.daddr(hi, lo, 8, false);
    const u32 = this.u32;
    if (this.le) {
      u32[slot * 2] = this.dv.getUint32(a, true);
      u32[slot * 2 + 1] = this.dv.getUint32(a + 4, true);
    } else {
      u32[slot * 2 + 1] = this.dv.getUint32(a);
      u32[slot * 2] = this.dv.getUint32(a + 4);
    }
  }
  st8(hi: number, lo: number, v: number): void {
    const a = this.daddr(hi, lo, 1, true);
    this.dv.setUint8(a, v);
    this.markStore(a, 1);
  }
  st16(hi: number, lo: number, v: number): void {
    const a = this.daddr(hi, lo, 2, true);
    this.dv.setUint16(a, v, this.le);
    this.markStore(a, 2);
  }
  st32(hi: number, lo: number, v: number): void {
    const a = this.daddr(hi, lo, 4, true);
    this.dv.setUint32(a, v, this.le);
    this.markStore(a, 4);
  }
  /** Store the doubleword in register-file slot `slot`. */
  st64(hi: number, lo: number, slot: number): void {
    const a = this.daddr(hi, lo, 8, true);
    const u32 = this.u32;
    if (this.le) {
      this.dv.setUint32(a, u32[slot * 2], true);
      this.dv.setUint32(a + 4, u32[slot * 2 + 1], true);
    } else {
      this.dv.setUint32(a, u32[slot * 2 + 1]);
      this.dv.setUint32(a + 4, u32[slot * 2]);
    }
    this.markStore(a, 8);
  }
  /** Zero `len` bytes at effective address (hi, lo) (dcbz). */
  zero(hi: number, lo: number, len: number): void {
    const a = this.daddr(hi, lo, len, true);
    this.ram.u8.fill(0, a, a + len);
    this.markStore(a, len);
  }

  /** A store to RAM: mark its pages dirty and forget decoded words it overwrote (so
   *  modified code is decoded again; Book II §1.8 leaves when that must happen to icbi/isync,
   *  being exact is simpler and always correct). */
  private markStore(a: number, len: number): void {
    if (a >= this.ramSize) { // no RAM (dropped), or a translated store assembled apart
      if (a === this.ram.bounceAt) this.mmu.scatter();
      return;
    }
    const d = this.ram.dirty, code = this.ram.code;
    const p = a >>> 12, q = (a + len - 1) >>> 12;
    d[p] = 1;
    const pg = code[p];
    if (pg !== undefined) {
      const last = q === p ? ((a + len - 1) >>> 2) & 1023 : 1023;
      for (let i = (a >>> 2) & 1023; i <= last; i++) pg.form[i] = UNDECODED;
    }
    if (q !== p) {
      d[q] = 1;
      const pq = code[q];
      if (pq !== undefined) {
        const last = ((a + len - 1) >>> 2) & 1023;
        for (let i = 0; i <= last; i++) pq.form[i] = UNDECODED;
      }
    }
  }

  // ---- interrupts ------------------------------------------------------------------------

  /** Enter an interrupt (Book III-S §6.5): SRR0/SRR1 saved, MSR set for the handler, NIA
   *  = vector. `srr0` is the address to resume at. Does not throw. */
  enter(vector: number, srr0: bigint, cause: number): void {
    const u32 = this.u32;
    u32[W_RESV_VALID] = 0; // an interrupt loses the reservation (Book II §1.7.3.1; QEMU too)
    const msrLo = u32[MSR * 2], msrHi = u32[MSR * 2 + 1];
    this.u64[SRR0] = srr0;
    u32[SRR1 * 2] = ((msrLo & ~SRR1_CAUSE_MASK) | cause) >>> 0;
    u32[SRR1 * 2 + 1] = msrHi;
    // New MSR: SF = 1, ME kept (cleared for machine check), LE = LPCR[ILE], HV kept; the
    // rest 0.
    let lo = msrLo & MSR_ME;
    if (vector === VEC_MACHINE_CHECK) lo = 0;
    const lpcr = u32[(SPR + SPR_LPCR) * 2];
    if (lpcr & LPCR_ILE) lo |= MSR_LE;
    // LPCR[AIL] (§6.5, POWER8): interrupting a context with IR = DR = 1, AIL = 2 or 3 keeps
    // translation on and moves the vector to 0x18000 + v or 0xc000_0000_0000_4000 + v.
    // Never for machine check or system reset; AIL = 1 is reserved (taken as 0, as QEMU).
    let vHi = 0, vLo = vector;
    const ail = (lpcr >>> LPCR_AIL_SHIFT) & 3;
    if (ail >= 2 && (msrLo & (MSR_IR | MSR_DR)) === (MSR_IR | MSR_DR) &&
      vector !== VEC_MACHINE_CHECK && vector !== VEC_SYSTEM_RESET) {
      lo |= MSR_IR | MSR_DR;
      if (ail === 2) vLo += 0x18000;
      else { vHi = 0xc0000000; vLo += 0x4000; }
    }
    u32[MSR * 2] = lo;
    u32[MSR * 2 + 1] = (msrHi & 0x10000000) | MSR_SF_HI;
    this.msrChanged();
    u32[NIA * 2] = vLo;
    u32[NIA * 2 + 1] = vHi;
  }

  /** Take a synchronous interrupt for the current instruction and abandon it. */
  raise(vector: number, srr0: bigint, cause: number): never {
    this.enter(vector, srr0, cause);
    throw INTERRUPT;
  }

  /** Program interrupt for the current instruction (illegal, privileged, trap, FP). */
  program(cause: number): never {
    return this.raise(VEC_PROGRAM, this.u64[CIA], cause);
  }
  illegal(): never { return this.program(PROGRAM_ILLEGAL); }
  privileged(): never { return this.program(PROGRAM_PRIVILEGED); }

  /** `sc LEV`: LEV=1 from supervisor state is a hypercall to the platform (PAPR); otherwise
   *  the system call interrupt with SRR0 = the next instruction. */
  systemCall(lev: number): void {
    if (lev === 1) {
      if (this.pr) this.u64[GPR + 3] = 0xfffffffffffffffdn; // H_PRIVILEGE (-3), PAPR §14.5.3
      else this.hv.hcall(this);
      this.recheck();
      return;
    }
    this.raise(VEC_SYSTEM_CALL, this.u64[NIA], 0);
  }

  /** Alignment interrupt (§6.5.8): DAR = EA; the RT/RA fields are ORed into DSISR, as QEMU
   *  7.2 does (ISA 2.07 leaves DSISR undefined here). */
  alignment(hi: number, lo: number, word: number): never {
    this.setEA(SPR + SPR_DAR, hi, lo);
    this.u32[(SPR + SPR_DSISR) * 2] |= (word >>> 16) & 0x3ff;
    return this.raise(VEC_ALIGNMENT, this.u64[CIA], 0);
  }

  private setEA(slot: number, hi: number, lo: number): void {
    this.u32[slot * 2] = lo;
    this.u32[slot * 2 + 1] = this.sf ? hi : 0;
  }

  /** Access to a real address with no memory behind it: machine check (POWER8 reports it as
   *  a load/store or fetch error; with MSR[ME]=0 the machine checkstops). DAR = the EA. */
  accessFailed(hi: number, lo: number, store: boolean): number {
    if (this.unassigned === 'ignore') return store ? this.ram.trashAt : this.ram.zeroAt;
    this.setEA(SPR + SPR_DAR, hi, lo);
    if (!store) this.u64[SPR + SPR_DSISR] = BigInt(MCE_DSISR_LOAD);
    return this.machineCheck(store ? MCE_STORE : MCE_LOAD);
  }

  private machineCheck(cause: number): never {
    if (!(this.u32[MSR * 2] & MSR_ME)) {
      this.halted = 'checkstop';
      this.stopAt = 0;
      throw INTERRUPT;
    }
    return this.raise(VEC_MACHINE_CHECK, this.u64[CIA], cause);
  }

  /** Real page number of the instruction at EA (hi, lo) with MSR[IR] = 1 (the interpreter
   *  asks when NIA enters another page): the fetch TLB, or the walk, which raises ISI/ISEG;
   *  -1 if the real address has no RAM behind it (fetchSlow then takes the machine check). */
  fetchPage(hi: number, lo: number): number {
    const t = this.tlbX, o = ((lo >>> 12) & TLB_MASK) << 2;
    if (t[o] === ((lo & -4096) | 1) && t[o + 1] === (hi | 0)) return t[o + 2] >>> 12;
    return this.mmu.fetchPage(hi, lo);
  }

  /** Fetch the instruction at (hi, lo) outside the decoded-page path: translation, RAM
   *  bounds and MSR[LE]. */
  fetchSlow(hi: number, lo: number): number {
    let ra = lo;
    if (this.ir) ra = this.mmu.translate(hi, lo, KIND_FETCH, false);
    else if ((hi & 0x0fffffff) !== 0) ra = -1;
    if (ra < 0 || ra + 4 > this.ramSize) this.machineCheck(MCE_FETCH);
    return this.dv.getUint32(ra, this.le);
  }

  /** Take the highest-priority pending asynchronous interrupt, if enabled (§6.8:
   *  external before decrementer). Returns true if one was taken. */
  private takeAsync(): boolean {
    if (!this.ee) return false;
    const vector = this.externalPending ? VEC_EXTERNAL : this.tb.decPending ? VEC_DECREMENTER : 0;
    if (vector === 0) return false;
    this.enter(vector, this.u64[NIA], 0);
    this.onAsyncInterrupt?.(vector, this.icount);
    return true;
  }

  /** A word the table does not decode: the facility-unavailable interrupt if it belongs to
   *  a disabled facility, else an illegal instruction (the facility is not implemented). */
  notInTable(w: number): never {
    const lo = this.u32[MSR * 2];
    switch (facilityOf(w)) {
      case Facility.FP: if (!(lo & MSR_FP)) this.raise(VEC_FP_UNAVAILABLE, this.u64[CIA], 0); break;
      case Facility.VMX: if (!(lo & MSR_VEC)) this.raise(VEC_VMX_UNAVAILABLE, this.u64[CIA], 0); break;
      case Facility.VSX: if (!(lo & MSR_VSX)) this.raise(VEC_VSX_UNAVAILABLE, this.u64[CIA], 0); break;
    }
    return this.illegal();
  }

  // ---- execution -------------------------------------------------------------------------

  /** Run until icount reaches `limit` or the machine halts. Events (decrementer) land at
   *  exact instruction counts whatever the batch sizes. */
  run(limit: number): void {
    while (this.icount < limit && this.halted === null) {
      this.tb.update();
      this.takeAsync();
      const next = this.tb.nextEventIcount();
      this.stopAt = next < limit ? next : limit;
      if (this.stopAt <= this.icount) {
        // Nothing can run before the event (e.g. idle): let the timebase catch up.
        if (!this.tb.idleUntilEvent()) this.stopAt = this.icount + 1;
        else continue;
      }
      this.interpret();
    }
  }

  /** Take a pending asynchronous interrupt now, if one is pending and enabled (tools that
   *  step use this to see an interrupt as the end of the instruction before it). */
  takePendingInterrupt(): boolean {
    if (this.halted !== null) return false;
    this.tb.update();
    return this.takeAsync();
  }

  /** Reference-driven runs: take the given asynchronous interrupt now, as the reference
   *  did. Returns false if MSR[EE] masks it here (the runs have parted). */
  deliverInterrupt(vector: number): boolean {
    if (!this.ee || this.halted !== null) return false;
    this.enter(vector, this.u64[NIA], 0);
    this.onAsyncInterrupt?.(vector, this.icount);
    return true;
  }

  /** Execute exactly one instruction (or take one pending interrupt and stop there). */
  step(): void {
    if (this.halted !== null) return;
    this.tb.update();
    if (this.takeAsync()) return;
    this.stopAt = this.icount + 1;
    this.interpret();
  }

  private interpret(): void {
    // The try sits outside the hot loop; an interrupt (a throw) re-enters it.
    for (;;) {
      try {
        this.loop(this);
        return;
      } catch (e) {
        if (e !== INTERRUPT) throw e;
      }
    }
  }

  /** An empty decoded page for page `p` of RAM (slots are decoded when first executed). */
  newCodePage(p: number): CodePage {
    const page: CodePage = { form: new Int16Array(1024).fill(UNDECODED), word: new Int32Array(1024) };
    this.ram.code[p] = page;
    return page;
  }

  /** Decode slot i of page pn in the current byte order. */
  decodeSlot(page: CodePage, pn: number, i: number): number {
    const w = this.dv.getUint32((pn << 12) + 4 * i, this.le);
    const f = decode(w);
    page.word[i] = w;
    page.form[i] = f;
    return f;
  }
}
