// Test harness for the branch / CR / load-store / processor- and storage-control semantics:
// a real Cpu on 1 MiB of RAM, an instruction executed by calling its semantic function the
// way the interpreter does (CIA = pc, NIA = pc + 4 already set), and memory/register pokes.
// Used only by the *.test.ts files beside it.

import { Cpu, INTERRUPT, type Hypervisor } from '../../cpu/cpu.js';
import { Ram } from '../../memory/ram.js';
import { cpuModel } from '../../cpu/model.js';
import { CIA, GPR, MSR, NIA, SPR, SPR_DAR, SPR_DSISR, SRR0, SRR1 } from '../../cpu/regs.js';
import { SEMANTICS } from './index.js';
import { encode, type Operands } from '../encode.js';

export const MSR_SF = 0x8000000000000000n;
export const MSR_ME = 0x1000n;
export const MSR_LE = 0x1n;
export const MSR_PR = 0x4000n;

export interface Mode { le?: boolean; sf?: boolean; pr?: boolean }

export function newCpu(mode: Mode = {}, hv: Hypervisor = { hcall() {} }): Cpu {
  const c = new Cpu(new Ram(1 << 20), cpuModel('POWER8'), hv);
  setMode(c, mode);
  return c;
}

/** MSR = SF (unless sf: false) | ME | LE? | PR?. */
export function setMode(c: Cpu, { le = false, sf = true, pr = false }: Mode): void {
  c.setMsr((sf ? MSR_SF : 0n) | MSR_ME | (le ? MSR_LE : 0n) | (pr ? MSR_PR : 0n));
}

export const word = (name: string, ops: Operands, rc = false): number => encode(name, ops, rc ? { rc } : undefined);

/** Execute `w` as row `name` at `pc`; returns true if it completed, false if it took an
 *  interrupt (which the caller then inspects). */
export function exec(c: Cpu, name: string, w: number, pc = 0x1000n): boolean {
  const sem = SEMANTICS[name];
  if (!sem) throw new Error(`no semantics for ${name}`);
  c.u64[CIA] = pc;
  const n = pc + 4n;
  c.u64[NIA] = c.sf ? n & 0xffffffffffffffffn : n & 0xffffffffn;
  try {
    sem(c, w);
    return true;
  } catch (e) {
    if (e !== INTERRUPT) throw e;
    return false;
  }
}

/** Assemble and execute. */
export const run = (c: Cpu, name: string, ops: Operands, pc = 0x1000n): boolean => exec(c, name, word(name, ops), pc);

export const gpr = (c: Cpu, n: number): bigint => c.u64[GPR + n];
export const setGpr = (c: Cpu, n: number, v: bigint): void => { c.u64[GPR + n] = BigInt.asUintN(64, v); };
export const nia = (c: Cpu): bigint => c.u64[NIA];
export const srr0 = (c: Cpu): bigint => c.u64[SRR0];
export const srr1 = (c: Cpu): bigint => c.u64[SRR1];
export const dar = (c: Cpu): bigint => c.u64[SPR + SPR_DAR];
export const dsisr = (c: Cpu): bigint => c.u64[SPR + SPR_DSISR];
export const msr = (c: Cpu): bigint => c.u64[MSR];

export function poke(c: Cpu, addr: number, bytes: number[]): void {
  c.ram.u8.set(bytes, addr);
}
export function peek(c: Cpu, addr: number, len: number): number[] {
  return [...c.ram.u8.subarray(addr, addr + len)];
}
