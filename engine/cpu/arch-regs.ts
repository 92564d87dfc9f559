// Architected registers by name, for tools that read machine state many times (state traces,
// diffs): a reader is built once for a list of names and then copies values with no lookups.
import type { Cpu } from './cpu.js';
import { mtspr, readXer } from './spr.js';
import {
  CTR, GPR, LR, MSR, SPR, SPR_CFAR, SPR_DAR, SPR_DSISR, SPR_LPCR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2, SPR_SPRG3,
  SRR0, SRR1, NIA, SPR_XER, TMP, W_CR,
} from './regs.js';

const SLOTS: Record<string, number> = {
  pc: NIA, lr: LR, ctr: CTR, msr: MSR, srr0: SRR0, srr1: SRR1,
  sprg0: SPR + SPR_SPRG0, sprg1: SPR + SPR_SPRG1, sprg2: SPR + SPR_SPRG2, sprg3: SPR + SPR_SPRG3,
  dar: SPR + SPR_DAR, dsisr: SPR + SPR_DSISR, cfar: SPR + SPR_CFAR, lpcr: SPR + SPR_LPCR,
};
for (let i = 0; i < 32; i++) SLOTS[`r${i}`] = GPR + i;

/** Names readRegisters understands: r0..r31, pc, cr, xer, lr, ctr, msr, srr0, srr1,
 *  sprg0..sprg3, dar, dsisr, cfar, lpcr. */
export const ARCH_REG_NAMES: readonly string[] = [...Object.keys(SLOTS), 'cr', 'xer'];

export function registerReader(c: Cpu, names: readonly string[]): (out: BigUint64Array) => void {
  const plan = names.map((n) => {
    if (n === 'cr' || n === 'xer') return -1;
    const s = SLOTS[n];
    if (s === undefined) throw new Error(`unknown register '${n}' (known: ${ARCH_REG_NAMES.join(', ')})`);
    return s;
  });
  const crAt = names.indexOf('cr'), xerAt = names.indexOf('xer');
  const u64 = c.u64, u32 = c.u32;
  return (out) => {
    for (let i = 0; i < plan.length; i++) if (plan[i] >= 0) out[i] = u64[plan[i]];
    if (crAt >= 0) out[crAt] = BigInt(u32[W_CR]);
    if (xerAt >= 0) out[xerAt] = readXer(c);
  };
}

/** Set one architected register by name (rare: tools that make this machine adopt a
 *  reference's value, e.g. where QEMU is known to differ from the ISA). */
export function writeRegister(c: Cpu, name: string, v: bigint): void {
  if (name === 'cr') { c.u32[W_CR] = Number(v & 0xffffffffn); return; }
  if (name === 'xer') { c.u64[TMP] = v; mtspr(c, SPR_XER, TMP); return; }
  if (name === 'msr') { c.setMsr(v); return; }
  const s = SLOTS[name];
  if (s === undefined) throw new Error(`unknown register '${name}'`);
  c.u64[s] = v;
  c.recheck();
}
