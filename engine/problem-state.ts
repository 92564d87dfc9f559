// Running a short piece of user code on a bare CPU in problem state (MSR[PR] = 1, 64-bit mode,
// either byte order), the way a Linux process runs it: for differential testing against
// qemu-user (fuzz/semantics). The run ends at the first interrupt, whose kind and addresses
// are returned; nothing else of the platform (devices, hypercalls, time) is involved.
import { Cpu } from './cpu/cpu.js';
import { cpuModel } from './cpu/model.js';
import { registerReader, writeRegister } from './cpu/arch-regs.js';
import { Ram } from './memory/ram.js';
import { GPR, NIA, SPR, SPR_DAR, SPR_DSISR, SPR_LPCR, SRR0, SRR1, VSR, W_VSCR } from './cpu/regs.js';
import { LPCR_ILE as ILE } from './cpu/vectors.js';

const LPCR_ILE = BigInt(ILE);

/** The user-visible fixed-point state (Book I ch. 2–3) a case starts from and ends in. */
export interface UserRegs {
  gpr: bigint[];
  cr: number;
  /** XER as mfxer reads it (SO, OV, CA, OV32, CA32, the string byte count). */
  xer: bigint;
  lr: bigint;
  ctr: bigint;
}

/** How a run ended: the interrupt vector (Book III-S §6.5) taken, 'limit' when `maxSteps`
 *  instructions ran without one, 'stopped' when the caller's beforeStep ended it. */
export interface ProblemStateStop {
  vector: number | 'limit' | 'stopped';
  /** SRR0/SRR1/DAR/DSISR after the interrupt (the faulting address is SRR0). */
  srr0: bigint;
  srr1: bigint;
  dar: bigint;
  dsisr: bigint;
  /** Instructions started, including the one that took the interrupt. */
  steps: number;
  /** The last effective address an instruction computed (engine/isa/semantics/common.ts). */
  lastEA: bigint;
}

export interface StepHooks {
  before?(nia: bigint): boolean;
  after?(): void;
}

const MSR_SF = 1n << 63n, MSR_PR = 0x4000n, MSR_ME = 0x1000n, MSR_LE = 1n;
/** MSR[FP], [VEC], [VSX]: a Linux process sees its facilities available (the kernel enables
 *  each on first use), so the runner starts with all three on. */
const MSR_FACILITIES = 0x2000n | 0x02000000n | 0x00800000n;

/** The vector state (Book I §6.3): VR n as [doubleword 0 (bytes 0-7), doubleword 1], VSCR. */
export interface VectorRegs {
  vr: [bigint, bigint][];
  vscr: number;
}
const NAMES = ['lr', 'ctr', 'cr', 'xer'];

export class ProblemStateCpu {
  readonly cpu: Cpu;
  private readonly read: (out: BigUint64Array) => void;
  private readonly out = new BigUint64Array(NAMES.length);

  constructor(ramBytes: number, model = 'POWER8') {
    this.cpu = new Cpu(new Ram(ramBytes), cpuModel(model), { hcall() {} });
    this.read = registerReader(this.cpu, NAMES);
  }

  /** Copy bytes into RAM (decoded instructions there are forgotten). */
  load(addr: number, bytes: Uint8Array): void { this.cpu.ram.write(addr, bytes); }
  readMemory(addr: number, len: number): Uint8Array { return this.cpu.ram.read(addr, len); }
  /** Forget that the pages covering [addr, addr+len) were written, so that written() tells
   *  whether a run stored there. */
  markClean(addr: number, len: number): void {
    this.cpu.ram.dirty.fill(0, addr >>> 12, ((addr + len - 1) >>> 12) + 1);
  }
  written(addr: number, len: number): boolean {
    return this.cpu.ram.dirty.subarray(addr >>> 12, ((addr + len - 1) >>> 12) + 1).some((d) => d !== 0);
  }
  /** The instruction word at real address `addr` in byte order `le`. */
  word(addr: number, le: boolean): number { return this.cpu.ram.dv.getUint32(addr, le); }

  setRegs(r: UserRegs): void {
    const c = this.cpu;
    for (let i = 0; i < 32; i++) c.u64[GPR + i] = r.gpr[i];
    writeRegister(c, 'cr', BigInt(r.cr));
    writeRegister(c, 'xer', r.xer);
    writeRegister(c, 'lr', r.lr);
    writeRegister(c, 'ctr', r.ctr);
  }

  setVectors(v: VectorRegs): void {
    const c = this.cpu;
    for (let n = 0; n < 32; n++) { c.u64[VSR + 2 * (32 + n)] = v.vr[n][0]; c.u64[VSR + 2 * (32 + n) + 1] = v.vr[n][1]; }
    c.u32[W_VSCR] = v.vscr;
  }

  vectors(): VectorRegs {
    const c = this.cpu;
    const vr = Array.from({ length: 32 }, (_, n): [bigint, bigint] => [c.u64[VSR + 2 * (32 + n)], c.u64[VSR + 2 * (32 + n) + 1]]);
    return { vr, vscr: c.u32[W_VSCR] };
  }

  regs(): UserRegs {
    const c = this.cpu, o = this.out;
    this.read(o);
    return { gpr: Array.from({ length: 32 }, (_, i) => c.u64[GPR + i]), lr: o[0], ctr: o[1], cr: Number(o[2]), xer: o[3] };
  }

  /** Run from `entry` in problem state until an interrupt is taken or `maxSteps` run. No
   *  asynchronous interrupt can intervene (MSR[EE] = 0). `hooks.before` may end the run
   *  first (returning true), e.g. when the next fetch lies outside what the caller maps;
   *  `hooks.after` sees each instruction that completed. */
  run(entry: bigint, le: boolean, maxSteps: number, hooks: StepHooks = {}): ProblemStateStop {
    const c = this.cpu;
    c.u64[SRR0] = 0n;
    c.u64[SRR1] = 0n;
    c.u64[SPR + SPR_DAR] = 0n;
    c.u64[SPR + SPR_DSISR] = 0n;
    c.halted = null;
    // Interrupts keep the program's byte order (LPCR[ILE], Book III-S §2.2), so alternating
    // runs do not flip the decoded-instruction cache's byte order at every interrupt.
    c.u64[SPR + SPR_LPCR] = le ? LPCR_ILE : 0n;
    c.setMsr(MSR_SF | MSR_PR | MSR_ME | MSR_FACILITIES | (le ? MSR_LE : 0n));
    c.u64[NIA] = entry;
    let steps = 0, vector: number | 'limit' | 'stopped' = 'limit';
    for (; steps < maxSteps; steps++) {
      if (hooks.before?.(c.u64[NIA])) { vector = 'stopped'; break; }
      c.step();
      // Only an interrupt leaves problem state for a user program (rfid is privileged).
      if (!c.pr || c.halted !== null) { vector = Number(c.u64[NIA]); steps++; break; }
      hooks.after?.();
    }
    return {
      vector, steps, srr0: c.u64[SRR0], srr1: c.u64[SRR1], dar: c.u64[SPR + SPR_DAR], dsisr: c.u64[SPR + SPR_DSISR],
      lastEA: (BigInt(c.eaHi >>> 0) << 32n) | BigInt(c.eaLo >>> 0),
    };
  }

  get nia(): bigint { return this.cpu.u64[NIA]; }
}
