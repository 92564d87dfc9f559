// XICS, the PAPR interrupt controller as QEMU 7.2's pseries presents it (hw/intc/xics.c,
// xics_spapr.c) to a POWER8 guest: one presentation controller (ICP) per CPU — one here,
// interrupt server 0 (the FDT's ibm,interrupt-server-ranges <0 1>) — and one source
// controller (ICS) numbering its sources from 0x1000 (XICS_IRQ_BASE).
//
// ICP: XIRR = CPPR (bits 0:7 of the word, the current processor priority; 0 most favoured,
// 0xff least) || XISR (bits 8:31, the source presented, 0 none, 2 the IPI); MFRR (the IPI's
// priority, 0xff none) and the priority of the presented source. A source is presented only
// when its priority is more favoured (numerically lower) than CPPR and than what is already
// presented; a source displaced or refused is "rejected" and offered again on EOI or a CPPR
// change. The CPU's external interrupt line is XISR != 0 (QEMU raises its output exactly when
// it sets XISR and lowers it when XISR clears).
//
// ICS source: server, priority (0xff masked), saved priority (for ibm,int-on), status bits
// (LSI asserted/sent, MSI rejected/masked-pending), and its kind (LSI or MSI, claimed or not).

import type { Cpu } from '../cpu/cpu.js';

export const XICS_IRQ_BASE = 0x1000;
/** Sources the spapr ICS numbers (SPAPR_NR_XIRQS). */
export const XICS_NR_IRQS = 0x1000;
export const XICS_IPI = 2;
export const XICS_SPURIOUS = 0;
export const XISR_MASK = 0x00ffffff;
export const CPPR_MASK = 0xff000000;

// Source status bits (the values QEMU uses in its migration state).
export const STATUS_ASSERTED = 0x1;
export const STATUS_SENT = 0x2;
export const STATUS_REJECTED = 0x4;
export const STATUS_MASKED_PENDING = 0x8;
// Source kinds.
export const FLAG_LSI = 0x1;
export const FLAG_MSI = 0x2;

export interface XicsState {
  xirr: number;
  pendingPriority: number;
  mfrr: number;
  /** Sources not in their reset state: [srcno, server, priority, savedPriority, status]. */
  sources: [number, number, number, number, number][];
}

export class Xics {
  // ICP (server 0)
  xirr = 0;
  pendingPriority = 0xff;
  mfrr = 0xff;
  // ICS
  readonly server = new Uint32Array(XICS_NR_IRQS);
  readonly priority = new Uint8Array(XICS_NR_IRQS).fill(0xff);
  readonly savedPriority = new Uint8Array(XICS_NR_IRQS).fill(0xff);
  readonly status = new Uint8Array(XICS_NR_IRQS);
  /** FLAG_LSI / FLAG_MSI for claimed sources, 0 for free ones (not machine state: the
   *  board's wiring, fixed at creation). */
  readonly flags = new Uint8Array(XICS_NR_IRQS);

  constructor(private readonly cpu: Cpu) {}

  /** Claim source `irq` (a global number, 0x1000..) as a level (LSI) or message (MSI) source. */
  claim(irq: number, lsi: boolean): void {
    if (!this.validIrq(irq)) throw new RangeError(`irq 0x${irq.toString(16)} is outside the ICS`);
    this.flags[irq - XICS_IRQ_BASE] = lsi ? FLAG_LSI : FLAG_MSI;
  }

  validIrq(irq: number): boolean {
    return irq >= XICS_IRQ_BASE && irq < XICS_IRQ_BASE + XICS_NR_IRQS;
  }

  /** Interrupt server numbers this machine has (its one CPU's PIR / dt id). */
  validServer(server: number | bigint): boolean {
    return BigInt(server) === 0n;
  }

  get cppr(): number { return this.xirr >>> 24; }
  get xisr(): number { return this.xirr & XISR_MASK; }

  // ---- ICP -------------------------------------------------------------------------------

  /** Keep the CPU's external-interrupt line equal to "a source is presented". */
  private updateOutput(): void {
    const pending = this.xisr !== 0;
    if (pending !== this.cpu.externalPending) {
      this.cpu.externalPending = pending;
      if (pending) this.cpu.recheck();
    }
  }

  /** Offer source `nr` at `priority` to the ICP (QEMU icp_irq). */
  private present(nr: number, priority: number): void {
    if (priority >= this.cppr || (this.xisr !== 0 && this.pendingPriority <= priority)) {
      this.reject(nr);
      return;
    }
    if (this.xisr !== 0) this.reject(this.xisr);
    this.xirr = ((this.xirr & CPPR_MASK) | (nr & XISR_MASK)) >>> 0;
    this.pendingPriority = priority;
    this.updateOutput();
  }

  /** The IPI (MFRR) competes for presentation (QEMU icp_check_ipi). */
  private checkIpi(): void {
    if (this.xisr !== 0 && this.pendingPriority <= this.mfrr) return;
    if (this.xisr !== 0) this.reject(this.xisr);
    this.xirr = ((this.xirr & CPPR_MASK) | XICS_IPI) >>> 0;
    this.pendingPriority = this.mfrr;
    this.updateOutput();
  }

  /** Offer again what waits: the IPI if MFRR beats CPPR, then rejected/asserted sources. */
  private resend(): void {
    if (this.mfrr < this.cppr) this.checkIpi();
    this.icsResend();
  }

  /** H_CPPR. Raising the priority (lower value) below what is presented rejects it;
   *  lowering it with nothing presented offers waiting sources again. */
  setCppr(cppr: number): void {
    cppr &= 0xff;
    const old = this.cppr;
    this.xirr = ((this.xirr & XISR_MASK) | (cppr << 24)) >>> 0;
    if (cppr < old) {
      if (this.xisr !== 0 && cppr <= this.pendingPriority) {
        const was = this.xisr;
        this.xirr = (this.xirr & CPPR_MASK) >>> 0;
        this.pendingPriority = 0xff;
        this.updateOutput();
        this.reject(was);
      }
    } else if (this.xisr === 0) {
      this.resend();
    }
  }

  /** H_IPI to this server: MFRR = mfrr; presented if more favoured than CPPR. */
  setMfrr(mfrr: number): void {
    this.mfrr = mfrr & 0xff;
    if (this.mfrr < this.cppr) this.checkIpi();
  }

  /** H_XIRR: accept the presented interrupt. Returns the old XIRR (old CPPR || XISR); CPPR
   *  becomes the accepted source's priority and nothing is presented. */
  accept(): number {
    const xirr = this.xirr;
    this.xirr = (this.pendingPriority << 24) >>> 0;
    this.pendingPriority = 0xff;
    this.updateOutput();
    return xirr;
  }

  /** H_IPOLL: XIRR and MFRR, without accepting. */
  ipoll(): { xirr: number; mfrr: number } {
    return { xirr: this.xirr, mfrr: this.mfrr };
  }

  /** H_EOI: CPPR = the CPPR byte of `xirr`, end of the source in its XISR, then offer what
   *  waits if nothing is presented. */
  eoi(xirr: number): void {
    this.xirr = ((this.xirr & XISR_MASK) | (xirr & CPPR_MASK)) >>> 0;
    const nr = xirr & XISR_MASK;
    if (this.validIrq(nr)) this.icsEoi(nr - XICS_IRQ_BASE);
    if (this.xisr === 0) this.resend();
  }

  // ---- ICS -------------------------------------------------------------------------------

  private isLsi(srcno: number): boolean { return (this.flags[srcno] & FLAG_LSI) !== 0; }

  /** The ICP refused or displaced `nr`: remember to offer it again. The IPI is not an ICS
   *  source; MFRR keeps it (QEMU's ICS ignores numbers outside its range). */
  private reject(nr: number): void {
    if (!this.validIrq(nr)) return;
    const s = nr - XICS_IRQ_BASE;
    if (this.isLsi(s)) this.status[s] &= ~STATUS_SENT;
    else if (this.flags[s] & FLAG_MSI) this.status[s] |= STATUS_REJECTED;
  }

  private icsResend(): void {
    for (let s = 0; s < XICS_NR_IRQS; s++) {
      const st = this.status[s];
      if (st === 0) continue;
      if (this.isLsi(s)) this.resendLsi(s);
      else if (st & STATUS_REJECTED) {
        this.status[s] &= ~STATUS_REJECTED;
        if (this.priority[s] !== 0xff) this.present(s + XICS_IRQ_BASE, this.priority[s]);
      }
    }
  }

  private resendLsi(s: number): void {
    const st = this.status[s];
    if (this.priority[s] !== 0xff && (st & STATUS_ASSERTED) && !(st & STATUS_SENT)) {
      this.status[s] |= STATUS_SENT;
      this.present(s + XICS_IRQ_BASE, this.priority[s]);
    }
  }

  private icsEoi(s: number): void {
    if (this.isLsi(s)) this.status[s] &= ~STATUS_SENT;
  }

  /** A device drives source `irq` (global number): an LSI follows the level; an MSI is an
   *  edge, presented (or held as masked-pending at priority 0xff) when `level` is true. */
  setIrq(irq: number, level: boolean): void {
    if (!this.validIrq(irq)) return;
    const s = irq - XICS_IRQ_BASE;
    if (this.isLsi(s)) {
      if (level) this.status[s] |= STATUS_ASSERTED;
      else this.status[s] &= ~STATUS_ASSERTED;
      this.resendLsi(s);
      return;
    }
    if (!level) return;
    if (this.priority[s] === 0xff) this.status[s] |= STATUS_MASKED_PENDING;
    else this.present(irq, this.priority[s]);
  }

  /** An edge on an MSI source (QEMU's qemu_irq_pulse). */
  pulse(irq: number): void {
    this.setIrq(irq, true);
    this.setIrq(irq, false);
  }

  /** Set a source's server and priorities (ibm,set-xive / int-off / int-on), then present
   *  it if it was held while masked (MSI) or is asserted and not yet sent (LSI). */
  writeXive(irq: number, server: number, priority: number, savedPriority: number): void {
    const s = irq - XICS_IRQ_BASE;
    this.server[s] = server >>> 0;
    this.priority[s] = priority;
    this.savedPriority[s] = savedPriority;
    if (this.isLsi(s)) {
      this.resendLsi(s);
      return;
    }
    if (!(this.status[s] & STATUS_MASKED_PENDING) || priority === 0xff) return;
    this.status[s] &= ~STATUS_MASKED_PENDING;
    this.present(irq, priority);
  }

  // ---- state -----------------------------------------------------------------------------

  save(): XicsState {
    const sources: XicsState['sources'] = [];
    for (let s = 0; s < XICS_NR_IRQS; s++) {
      if (this.server[s] !== 0 || this.priority[s] !== 0xff || this.savedPriority[s] !== 0xff || this.status[s] !== 0) {
        sources.push([s, this.server[s], this.priority[s], this.savedPriority[s], this.status[s]]);
      }
    }
    return { xirr: this.xirr, pendingPriority: this.pendingPriority, mfrr: this.mfrr, sources };
  }

  load(st: XicsState): void {
    this.xirr = st.xirr >>> 0;
    this.pendingPriority = st.pendingPriority;
    this.mfrr = st.mfrr;
    this.server.fill(0);
    this.priority.fill(0xff);
    this.savedPriority.fill(0xff);
    this.status.fill(0);
    for (const [s, server, prio, saved, status] of st.sources) {
      this.server[s] = server;
      this.priority[s] = prio;
      this.savedPriority[s] = saved;
      this.status[s] = status;
    }
    this.cpu.externalPending = this.xisr !== 0;
    this.cpu.recheck();
  }
}
