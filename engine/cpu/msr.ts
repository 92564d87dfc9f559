// Writing the MSR: mtmsr/mtmsrd/rfid rules (Power ISA 2.07 Book III-S §4.4) as QEMU 7.2
// applies them to a POWER8 pseries guest, which never runs in hypervisor state.

import type { Cpu } from './cpu.js';
import { MSR, MSR_DR, MSR_EE, MSR_IR, MSR_LE, MSR_ME, MSR_PR, MSR_RI, NIA, SRR0, SRR1 } from './regs.js';

/** MSR bits a POWER8 guest can hold: SF | VEC VSX EE PR FP ME FE0 SE BE FE1 IR DR PMM RI LE.
 *  HV is absent: the hypervisor is the platform (PAPR), not the guest. */
const MASK_HI = 0x80000000;
const MASK_LO = 0x0280ff37;

/** Store `hi:lo` into the MSR, masked to implemented bits; MSR[PR]=1 forces EE, IR and DR
 *  to 1 (§4.4.1 "if PR = 1 then EE, IR, DR are set"). */
function store(c: Cpu, hi: number, lo: number): void {
  lo &= MASK_LO;
  if (lo & MSR_PR) lo |= MSR_EE | MSR_IR | MSR_DR;
  c.u32[MSR * 2] = lo >>> 0;
  c.u32[MSR * 2 + 1] = (hi & MASK_HI) >>> 0;
  c.msrChanged();
}

/** mtmsrd RS,L (§4.4.4): L=1 changes only EE and RI; L=0 changes all but HV, ME and LE. */
export function mtmsrd(c: Cpu, rs: number, l: number): void {
  write(c, c.u32[rs * 2 + 1], c.u32[rs * 2], l);
}

/** mtmsr RS,L: as mtmsrd but MSR[0:31] stay as they are (§4.4.4). */
export function mtmsr(c: Cpu, rs: number, l: number): void {
  write(c, c.u32[MSR * 2 + 1], c.u32[rs * 2], l);
}

function write(c: Cpu, vHi: number, vLo: number, l: number): void {
  const oldLo = c.u32[MSR * 2], oldHi = c.u32[MSR * 2 + 1];
  if (l) {
    const bits = MSR_EE | MSR_RI;
    store(c, oldHi, (oldLo & ~bits) | (vLo & bits));
  } else {
    const fixed = MSR_ME | MSR_LE;
    store(c, vHi, (vLo & ~fixed) | (oldLo & fixed));
  }
}

/** rfid (§4.4.1): MSR ← SRR1 (HV never set for a guest), NIA ← SRR0 with bits 62:63
 *  cleared, truncated to 32 bits if the new MSR is in 32-bit mode. */
export function rfid(c: Cpu): void {
  const u32 = c.u32;
  store(c, u32[SRR1 * 2 + 1], u32[SRR1 * 2]);
  u32[NIA * 2] = (u32[SRR0 * 2] & ~3) >>> 0;
  u32[NIA * 2 + 1] = c.sf ? u32[SRR0 * 2 + 1] : 0;
}

