// Test support for engine/mmu/*.test.ts: a CPU with 1 MiB of RAM and a 256 KB hashed page
// table (2^11 PTEGs, hash mask 0x7ff), SLB entries loaded by executing slbmte, HPTEs written
// as the hypervisor writes them, and one data access or instruction fetch at a time.

import { Cpu, INTERRUPT } from '../cpu/cpu.js';
import { Ram } from '../memory/ram.js';
import { cpuModel } from '../cpu/model.js';
import { CIA, GPR, MSR, NIA, SPR, SPR_DAR, SPR_DSISR, SRR0, SRR1 } from '../cpu/regs.js';
import { SEMANTICS } from '../isa/semantics/index.js';
import { encode, type Operands } from '../isa/encode.js';

export const MSR_SF = 1n << 63n, MSR_EE = 0x8000n, MSR_PR = 0x4000n, MSR_ME = 0x1000n;
export const MSR_IR = 0x20n, MSR_DR = 0x10n;
export const HPT_LOG2 = 18;

export function mmuCpu(): Cpu {
  const c = new Cpu(new Ram(1 << 20), cpuModel('POWER8'), { hcall() {} });
  c.mmu.setHpt(HPT_LOG2);
  c.setMsr(MSR_SF | MSR_ME);
  return c;
}

/** Execute the table form `name` with `ops` as the interpreter would at `pc` (default
 *  0x1000; with MSR as it is). True if it completed, false if it took an interrupt. */
export function exec(c: Cpu, name: string, ops: Operands, pc = 0x1000n, rc = false): boolean {
  const w = encode(name, ops, rc ? { rc } : undefined);
  c.u64[CIA] = pc;
  c.u64[NIA] = pc + 4n;
  try {
    SEMANTICS[name](c, w);
    return true;
  } catch (e) {
    if (e !== INTERRUPT) throw e;
    return false;
  }
}

/** Load SLB entry `index` with slbmte (in supervisor state; the MSR is put back). */
export function slb(c: Cpu, index: number, rs: bigint, esidEa: bigint, valid = true): void {
  const msr = c.msr;
  c.setMsr(MSR_SF | MSR_ME);
  c.u64[GPR + 20] = rs;
  c.u64[GPR + 21] = (esidEa & 0xfffffffff0000000n) | (valid ? 0x08000000n : 0n) | BigInt(index);
  if (!exec(c, 'slbmte', { RS: 20, RB: 21 })) throw new Error(`slbmte ${index} took interrupt ${c.pc.toString(16)}`);
  c.setMsr(msr);
}

/** Write HPTE n (the hypervisor's write; the TLB is not told, as with a direct edit). */
export function hpte(c: Cpu, n: number, d0: bigint, d1: bigint): void {
  c.mmu.hpt!.setHpte(n, d0, d1);
}

export const hpteWords = (c: Cpu, n: number): [bigint, bigint] => c.mmu.hpt!.hpte(n);

/** lwz r5,0(r4) at EA `ea` with MSR = SF ME DR (+ PR). */
export function load(c: Cpu, ea: bigint, pr = false): boolean {
  c.setMsr(MSR_SF | MSR_ME | MSR_DR | (pr ? MSR_PR : 0n));
  c.u64[GPR + 4] = ea;
  c.u64[GPR + 5] = 0n;
  return exec(c, 'lwz', { RT: 5, RA: 4, D: 0 });
}

/** stw r6,0(r4) at EA `ea` with MSR = SF ME DR (+ PR). */
export function store(c: Cpu, ea: bigint, value: number, pr = false): boolean {
  c.setMsr(MSR_SF | MSR_ME | MSR_DR | (pr ? MSR_PR : 0n));
  c.u64[GPR + 4] = ea;
  c.u64[GPR + 6] = BigInt(value >>> 0);
  return exec(c, 'stw', { RS: 6, RA: 4, D: 0 });
}

/** Run one instruction from EA `ea` with MSR = SF ME IR (+ PR, which also sets EE and DR as
 *  rfid would). Returns NIA afterwards. */
export function fetch(c: Cpu, ea: bigint, pr = false): bigint {
  c.setMsr(MSR_SF | MSR_ME | MSR_IR | (pr ? MSR_PR | MSR_EE | MSR_DR : 0n));
  c.u64[NIA] = ea;
  c.step();
  return c.pc;
}

export const gpr = (c: Cpu, n: number): bigint => c.u64[GPR + n];
export const dar = (c: Cpu): bigint => c.u64[SPR + SPR_DAR];
export const dsisr = (c: Cpu): bigint => c.u64[SPR + SPR_DSISR];
export const srr0 = (c: Cpu): bigint => c.u64[SRR0];
/** SRR1's interrupt-cause bits 33:36 and 42:47. */
export const srr1Cause = (c: Cpu): bigint => c.u64[SRR1] & 0x783f0000n;
export const msr = (c: Cpu): bigint => c.u64[MSR];

export function poke32(c: Cpu, ra: number, v: number): void {
  c.ram.dv.setUint32(ra, v >>> 0);
}
export const peek32 = (c: Cpu, ra: number): number => c.ram.dv.getUint32(ra);
