// Processor control: move to/from SPRs, CR and MSR (Power ISA 2.07 Book I §3.3.17, Book III-S
// §4.4), rfid/hrfid (Book III-S §4.4.1), power-saving and message instructions (§3.3.2,
// §5.9.3.3). sc lives in branch.ts.
//
// As QEMU 7.2 for a POWER8 pseries guest (which never runs in hypervisor state):
// - mtocrf/mfocrf with a FXM that does not have exactly one bit set do nothing (RT/CR
//   unchanged); mfocrf with one bit sets the other bits of RT to 0.
// - hrfid, doze, nap, sleep, rvwinkle, msgsnd, msgclr need hypervisor state: privileged-
//   instruction program interrupt (also in supervisor state). ISA 3.0 (POWER9) removed doze,
//   nap, sleep and rvwinkle (replaced by stop): illegal instructions there.
// - rfid sets CFAR to its own address and drops any reservation.

import type { Sem } from '../../cpu/dispatch.js';
import { mfspr, mtspr } from '../../cpu/spr.js';
import { mtmsr, mtmsrd, rfid as doRfid } from '../../cpu/msr.js';
import { CIA, MSR, SPR, SPR_CFAR, SPR_CTR, SPR_LR, W_CR, W_RESV_VALID } from '../../cpu/regs.js';

/** SPR/TBR field (XFX-form): the two 5-bit halves are swapped. */
const sprOf = (w: number): number => ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
/** FXM field (bits 12:19). */
const fxmOf = (w: number): number => (w >>> 12) & 0xff;
const CFAR_LO = (SPR + SPR_CFAR) * 2;

/** CR mask of the fields FXM selects: FXM bit 7-i (from the right) selects field i. */
function fxmMask(fxm: number): number {
  let m = 0;
  for (let i = 0; i < 8; i++) if (fxm & (1 << i)) m |= 0xf << (i * 4);
  return m >>> 0;
}

// LR and CTR (user-accessible, no side effects) are moved here through the 32-bit halves:
// mflr/mtlr/mtctr are in every function prologue and loop. Everything else goes to spr.ts.
const mfspr_: Sem = (c, w) => {
  const n = sprOf(w), rt = (w >>> 21) & 31;
  if (n === SPR_LR || n === SPR_CTR) {
    const u32 = c.u32, s = (SPR + n) * 2;
    u32[rt * 2] = u32[s];
    u32[rt * 2 + 1] = u32[s + 1];
    return;
  }
  mfspr(c, n, rt);
};
const mtspr_: Sem = (c, w) => {
  const n = sprOf(w), rs = (w >>> 21) & 31;
  if (n === SPR_LR || n === SPR_CTR) {
    const u32 = c.u32, s = (SPR + n) * 2;
    u32[s] = u32[rs * 2];
    u32[s + 1] = u32[rs * 2 + 1];
    return;
  }
  mtspr(c, n, rs);
};
const mftb: Sem = (c, w) => mfspr(c, sprOf(w), (w >>> 21) & 31);

/** mfcr RT: RT ← 32 zeros || CR. */
const mfcr: Sem = (c, w) => {
  const rt = (w >>> 21) & 31;
  c.u32[rt * 2] = c.u32[W_CR];
  c.u32[rt * 2 + 1] = 0;
};

/** mfocrf RT,FXM: the one selected field in place, the rest 0. */
const mfocrf: Sem = (c, w) => {
  const fxm = fxmOf(w);
  if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return;
  const rt = (w >>> 21) & 31;
  c.u32[rt * 2] = (c.u32[W_CR] & fxmMask(fxm)) >>> 0;
  c.u32[rt * 2 + 1] = 0;
};

/** mtcrf FXM,RS: the selected CR fields ← the same fields of RS[32:63]. */
const mtcrf: Sem = (c, w) => {
  const m = fxmMask(fxmOf(w));
  const u32 = c.u32;
  u32[W_CR] = ((u32[W_CR] & ~m) | (u32[((w >>> 21) & 31) * 2] & m)) >>> 0;
};

/** mtocrf FXM,RS: as mtcrf when exactly one FXM bit is set, otherwise no change. */
const mtocrf: Sem = (c, w) => {
  const fxm = fxmOf(w);
  if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return;
  mtcrf(c, w);
};

const mfmsr: Sem = (c, w) => {
  if (c.pr) c.privileged();
  const rt = (w >>> 21) & 31;
  c.u32[rt * 2] = c.u32[MSR * 2];
  c.u32[rt * 2 + 1] = c.u32[MSR * 2 + 1];
};

const mtmsr_: Sem = (c, w) => {
  if (c.pr) c.privileged();
  mtmsr(c, (w >>> 21) & 31, (w >>> 16) & 1);
};

const mtmsrd_: Sem = (c, w) => {
  if (c.pr) c.privileged();
  mtmsrd(c, (w >>> 21) & 31, (w >>> 16) & 1);
};

const rfid: Sem = (c) => {
  if (c.pr) c.privileged();
  const u32 = c.u32;
  u32[CFAR_LO] = u32[CIA * 2];
  u32[CFAR_LO + 1] = u32[CIA * 2 + 1];
  doRfid(c);
  u32[W_RESV_VALID] = 0;
};

/** Hypervisor-only instructions: a guest is never in hypervisor state. */
const hypervisorOnly: Sem = (c) => c.privileged();
/** Power-saving instructions of ISA 2.07 Book III-S §3.3.2, gone in ISA 3.0. */
const powerSaving: Sem = (c) => (c.model.isa300 ? c.illegal() : c.privileged());

export const PROCESSOR_CONTROL: Record<string, Sem> = {
  mfspr: mfspr_, mtspr: mtspr_, mftb,
  mfcr, mfocrf, mtcrf, mtocrf,
  mfmsr, mtmsr: mtmsr_, mtmsrd: mtmsrd_,
  rfid, hrfid: hypervisorOnly,
  doze: powerSaving, nap: powerSaving, sleep: powerSaving, rvwinkle: powerSaving,
  msgsnd: hypervisorOnly, msgclr: hypervisorOnly,
};
