// Runs MMU accesses on the engine through the architected interface only: the HPT is the
// hypervisor's (filled through cpu.mmu.setHpt(), as sPAPR's hypervisor owns it), the SLB is
// loaded by executing slbia, slbmte and isync, the AMR by mtspr 29, and then an access is
// made from code in a real-mode page (IR = 0):
//
//   data:  lwz r5,0(r4) / stw r6,0(r4), with MSR = SF ME DR (+PR) set directly (so IR = 0
//          even with PR = 1, a state mtmsrd/rfid could not make; the harness needs it to
//          fetch its own code untranslated);
//   fetch: mtspr SRR0 (= the EA), mtspr SRR1 (= SF ME IR +PR), rfid, then the instruction at
//          the EA is fetched with IR = 1 (rfid sets EE, IR, DR when PR = 1, Book III-S §4.4.1).
//
// Nothing of engine/mmu/ is imported: the adapter knows `cpu.mmu` by the two names its
// interface promises (setHpt, hpt) and checks at run time that they are there.

import { Cpu } from '../../engine/cpu/cpu.js';
import { Ram } from '../../engine/memory/ram.js';
import { cpuModel } from '../../engine/cpu/model.js';
import { NIA } from '../../engine/cpu/regs.js';
import { slbmteRB, slbmteRS, hex, type SlbEntry } from '../../oracle/mmu-model/index.js';
import { isync, li, lwz, mtspr, rfid, slbia, slbmte, stw } from './asm.js';
import { MAPPED_RAM_BASE, RAM_BYTES, type MmuCase } from './case.js';

/** The engine's HPT, as its MMU exposes it: the raw big-endian table. */
export interface EngineHashPageTable { readonly bytes: Uint8Array }
/** The part of the engine's MMU the harness uses. */
export interface EngineMmu {
  setHpt(log2Bytes: number): EngineHashPageTable;
  readonly hpt?: EngineHashPageTable | null;
}

export const mmuOf = (cpu: Cpu): EngineMmu | undefined => (cpu as unknown as { mmu?: EngineMmu }).mmu;

const newCpu = (): Cpu => new Cpu(new Ram(RAM_BYTES), cpuModel('POWER8'), { hcall() {} });

/** What the engine lacks for these properties to run, or null when it has it all. */
export function engineMmuMissing(): string | null {
  const mmu = mmuOf(newCpu());
  if (mmu === undefined || mmu === null) return 'cpu.mmu is undefined (engine/mmu/ has not landed)';
  if (typeof mmu.setHpt !== 'function') return 'cpu.mmu.setHpt is not a function';
  return null;
}

export const CODE = 0x1000;
export const MSR_SF = 1n << 63n, MSR_EE = 0x8000n, MSR_PR = 0x4000n, MSR_ME = 0x1000n, MSR_IR = 0x20n, MSR_DR = 0x10n;
const SPR_DSISR = 18, SPR_DAR = 19, SPR_SRR0 = 26, SPR_SRR1 = 27, SPR_AMR = 29;

export interface Observation {
  /** A harness step (slbia, slbmte, mtspr, rfid) did not complete as it should: the rest
   *  of the observation means nothing. */
  setupError?: string;
  /** The address of the lwz/stw, or the fetch target. */
  testPc: bigint;
  /** MSR when the access was made. */
  msrBefore: bigint;
  nia: bigint;
  srr0: bigint;
  srr1: bigint;
  dar: bigint;
  dsisr: bigint;
  r3: bigint;
  r5: bigint;
  ram: Uint8Array;
  /** The engine's HPT after the access (its own bytes: the Cpu is not used again). */
  hpt: Uint8Array;
}

/** Bytes to put at real address `ra` before the access. */
export interface Plant { ra: bigint; bytes: number[] }

/** What one access needs besides the SLB and the HPT. */
export type AccessStep = Pick<MmuCase, 'pr' | 'amr' | 'access' | 'ea' | 'value'>;

/** One Cpu with an HPT, driven access by access (so a sequence of accesses shares the
 *  engine's TLBs, as a guest's do). */
export class EngineHarness {
  readonly cpu: Cpu;
  private readonly mmu: EngineMmu;
  private readonly table: EngineHashPageTable;
  private codeAt = CODE;
  /** The last access completed with translation on for data, so the next data access (and
   *  an SLB reload or AMR change in privileged state) can run on with no MSR change at all:
   *  whatever the engine caches has to stay right without an MSR write to flush it. */
  private dataModeMsr: bigint | null = null;
  /** Count of harness steps run with no MSR write before them (for tests of the harness). */
  inPlaceSteps = 0;

  constructor(hptLog2: number, hpt: Uint8Array) {
    this.cpu = newCpu();
    const mmu = mmuOf(this.cpu);
    if (!mmu) throw new Error('cpu.mmu is undefined (engine/mmu/ has not landed)');
    this.mmu = mmu;
    this.table = mmu.setHpt(hptLog2);
    if (this.table.bytes.length !== hpt.length) throw new Error(`cpu.mmu.setHpt(${hptLog2}) gave ${this.table.bytes.length} bytes, not ${hpt.length}`);
    this.table.bytes.set(hpt);
  }

  /** The engine's HPT bytes (live). */
  get hpt(): Uint8Array { return (this.mmu.hpt ?? this.table).bytes; }

  /** Load the SLB as a guest does: slbia (all entries but 0, and every cached translation),
   *  slbmte for entries 0, 1, … in order, isync. Returns what went wrong, if anything. */
  loadSlb(slb: readonly SlbEntry[]): string | undefined {
    const cpu = this.cpu;
    const words: number[] = [slbia()];
    const names: string[] = ['slbia'];
    slb.forEach((e, i) => {
      const rs = 8 + 2 * i, rb = rs + 1;
      cpu.setGpr(rs, slbmteRS(e));
      cpu.setGpr(rb, slbmteRB(e, i));
      words.push(slbmte(rs, rb));
      names.push(`slbmte r${rs},r${rb} (SLB entry ${i})`);
    });
    words.push(isync());
    names.push('isync');
    return this.canRunInPlace(false) ? this.runInPlace(words, names) : this.runReal(words, names);
  }

  /** Still in data-translation mode after a completed access, privileged unless `pr`? */
  private canRunInPlace(pr: boolean): boolean {
    return this.dataModeMsr !== null && this.cpu.msr === this.dataModeMsr && ((this.dataModeMsr & MSR_PR) !== 0n) === pr;
  }

  /** Run `words` from the next code address with the MSR as it is (IR = 0, so the fetches
   *  are real; DR = 1 stays on). */
  private runInPlace(words: number[], names: string[]): string | undefined {
    const cpu = this.cpu;
    const at0 = this.place(words);
    cpu.u64[NIA] = BigInt(at0);
    for (let k = 0; k < words.length; k++) {
      const at = cpu.pc;
      cpu.step();
      this.inPlaceSteps++;
      if (cpu.pc !== at + 4n) {
        this.dataModeMsr = null;
        return `harness (MSR ${hex(cpu.msr)} kept): ${names[k]} (${hex(words[k], 8)} at ${hex(at)}) went to ${hex(cpu.pc)}, not ${hex(at + 4n)} ` +
          `(SRR0 ${hex(cpu.spr(SPR_SRR0))}, SRR1 ${hex(cpu.spr(SPR_SRR1))})`;
      }
    }
    return undefined;
  }

  /** Write `words` at the next free code address; returns that address. */
  private place(words: number[]): number {
    if (this.codeAt + 4 * words.length > MAPPED_RAM_BASE) this.codeAt = CODE;
    const at0 = this.codeAt;
    const code = new Uint8Array(words.length * 4);
    const dv = new DataView(code.buffer);
    words.forEach((w, i) => dv.setUint32(4 * i, w));
    this.cpu.ram.write(at0, code);
    this.codeAt += code.length;
    return at0;
  }

  /** Write `words` at the next free code address and run them all in real mode, each of
   *  which must complete (the last may jump to `jumpTo`). */
  private runReal(words: number[], names: string[], jumpTo?: bigint): string | undefined {
    const cpu = this.cpu;
    this.dataModeMsr = null;
    const at0 = this.place(words);
    cpu.setMsr(MSR_SF | MSR_ME);
    cpu.u64[NIA] = BigInt(at0);
    for (let k = 0; k < words.length; k++) {
      const at = cpu.pc;
      cpu.step();
      const want = jumpTo !== undefined && k === words.length - 1 ? jumpTo : at + 4n;
      if (cpu.pc !== want) {
        return `harness: ${names[k]} (${hex(words[k], 8)} at ${hex(at)}) went to ${hex(cpu.pc)}, not ${hex(want)} ` +
          `(SRR0 ${hex(cpu.spr(SPR_SRR0))}, SRR1 ${hex(cpu.spr(SPR_SRR1))})`;
      }
    }
    return undefined;
  }

  /** Make one access: set the AMR (mtspr), then lwz/stw with MSR = SF ME DR (+PR) set
   *  directly, or mtspr SRR0/SRR1 + rfid to the EA and the fetch there. */
  access(c: AccessStep, plants: readonly Plant[] = []): Observation {
    const cpu = this.cpu;
    for (const p of plants) cpu.ram.write(Number(p.ra), Uint8Array.from(p.bytes));
    cpu.setGpr(3, 0n);
    cpu.setGpr(7, c.amr);
    const words = [mtspr(SPR_AMR, 7)], names = ['mtspr AMR,r7'];
    const fetch = c.access === 'fetch';
    if (fetch) {
      cpu.setGpr(30, c.ea);
      cpu.setGpr(31, MSR_SF | MSR_ME | MSR_IR | (c.pr ? MSR_PR : 0n));
      words.push(mtspr(SPR_SRR0, 30), mtspr(SPR_SRR1, 31), rfid());
      names.push('mtspr SRR0,r30', 'mtspr SRR1,r31', 'rfid');
    } else {
      cpu.setGpr(4, c.ea);
      cpu.setGpr(5, 0n);
      cpu.setGpr(6, BigInt(c.value >>> 0));
      words.push(c.access === 'load' ? lwz(5, 4) : stw(6, 4));
      names.push(c.access === 'load' ? 'lwz r5,0(r4)' : 'stw r6,0(r4)');
    }
    // Everything but the data access runs in real mode (or, still in data-translation mode
    // after a completed access, with the MSR left as it is); the fetch is the step after rfid.
    const dataMsr = MSR_SF | MSR_ME | MSR_DR | (c.pr ? MSR_PR : 0n);
    const inPlace = !fetch && this.canRunInPlace(c.pr) && this.dataModeMsr === dataMsr && (!c.pr || cpu.spr(SPR_AMR) === c.amr);
    let setupError: string | undefined;
    if (fetch) setupError = this.runReal(words, names, c.ea & ~3n);
    else if (inPlace) setupError = cpu.spr(SPR_AMR) === c.amr ? undefined : this.runInPlace(words.slice(0, 1), names.slice(0, 1));
    else setupError = this.runReal(words.slice(0, -1), names.slice(0, -1));
    if (!setupError && cpu.spr(SPR_AMR) !== c.amr) setupError = `harness: mtspr AMR left AMR = ${hex(cpu.spr(SPR_AMR))}, not ${hex(c.amr)}`;
    if (!fetch && !setupError) {
      const at = this.place([words[words.length - 1]]);
      if (!inPlace) cpu.setMsr(dataMsr);
      else this.inPlaceSteps++;
      cpu.u64[NIA] = BigInt(at);
    }
    const testPc = cpu.pc, msrBefore = cpu.msr;
    if (!setupError) cpu.step();
    this.dataModeMsr = !fetch && !setupError && cpu.pc === testPc + 4n ? dataMsr : null;
    return {
      ...(setupError ? { setupError } : {}),
      testPc, msrBefore, nia: cpu.pc,
      srr0: cpu.spr(SPR_SRR0), srr1: cpu.spr(SPR_SRR1), dar: cpu.spr(SPR_DAR), dsisr: cpu.spr(SPR_DSISR),
      r3: cpu.gpr(3), r5: cpu.gpr(5), ram: cpu.ram.u8, hpt: this.hpt,
    };
  }
}

/** One case on a fresh Cpu. */
export function runOnEngine(c: MmuCase, hpt: Uint8Array, plants: readonly Plant[] = []): Observation {
  const h = new EngineHarness(c.hptLog2, hpt);
  const err = h.loadSlb(c.slb);
  const o = h.access(c, plants);
  return err ? { ...o, setupError: err } : o;
}

/** The word placed at the real address of a fetch: li r3,imm. */
export const fetchWord = (value: number): number => li(3, value & 0xffff);
