// Processor-state hypercalls: H_CEDE (idle until an interrupt) and H_SET_MODE (interrupt
// endianness and address-translation mode, PAPR "H_SET_MODE"; LPCR fields per ISA 2.07
// Book III-S §2.2).

import { MSR, MSR_EE, SPR, SPR_LPCR } from '../cpu/regs.js';
import { LPCR_AIL_SHIFT, LPCR_ILE } from '../cpu/vectors.js';
import type { Cpu } from '../cpu/cpu.js';
import type { HcallTable } from './hcalls.js';
import { H_CEDE, H_P2, H_P3, H_P4, H_SET_MODE, H_SUCCESS, H_UNSUPPORTED_FLAG } from './papr.js';

// Resources (PAPR; Linux hvcall.h H_SET_MODE_RESOURCE_*, QEMU spapr.h): checked against
// QEMU 7.2, which takes 3 as the address-translation mode and 4 as the endianness.
const RESOURCE_ADDR_TRANS_MODE = 3;
const RESOURCE_LE = 4;

/** `onIdle` runs first in H_CEDE (devices that look at their inputs when the guest idles). */
export function registerProcessor(t: HcallTable, onIdle?: (c: Cpu) => void): void {
  // H_CEDE sets MSR[EE] and idles until an interrupt; virtual time jumps to the next
  // deadline instead of burning instructions (ARCHITECTURE.md rule 2).
  t.register(H_CEDE, (c) => {
    onIdle?.(c);
    c.u32[MSR * 2] |= MSR_EE;
    c.msrChanged();
    if (!c.externalPending && !c.tb.decPending) c.tb.idleUntilEvent();
    return H_SUCCESS;
  });

  t.register(H_SET_MODE, (c) => {
    const mflags = c.u64[4], resource = c.u64[5];
    const lpcr = (SPR + SPR_LPCR) * 2;
    if (resource === BigInt(RESOURCE_LE)) {
      if (c.u64[6] !== 0n) return H_P3;
      if (c.u64[7] !== 0n) return H_P4;
      if (mflags === 0n) c.u32[lpcr] &= ~LPCR_ILE;
      else if (mflags === 1n) c.u32[lpcr] |= LPCR_ILE;
      else return H_UNSUPPORTED_FLAG;
      return H_SUCCESS;
    }
    if (resource === BigInt(RESOURCE_ADDR_TRANS_MODE)) {
      if (c.u64[6] !== 0n) return H_P3;
      if (c.u64[7] !== 0n) return H_P4;
      // AIL 1 is reserved; 2 and 3 select the relocated vectors (QEMU 7.2 takes both for
      // POWER8; engine/cpu/cpu.ts enter() applies them).
      if (mflags !== 0n && mflags !== 2n && mflags !== 3n) return H_UNSUPPORTED_FLAG;
      c.u32[lpcr] = ((c.u32[lpcr] & ~(3 << LPCR_AIL_SHIFT)) | (Number(mflags) << LPCR_AIL_SHIFT)) >>> 0;
      return H_SUCCESS;
    }
    return H_P2;
  });
}
