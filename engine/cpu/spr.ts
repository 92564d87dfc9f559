// mfspr / mtspr: which SPRs exist on this POWER8 guest, who may touch them, and the ones
// whose reads or writes do more than move a value (Power ISA 2.07 Book I §3.3.17, Book III-S
// §4.4.4 and the SPR table of Book III-S §1.3.5; SPR numbers with bit 0x10 set are
// privileged).

import type { Cpu } from './cpu.js';
import {
  SPR, SPR_AMOR, SPR_AMR, SPR_CFAR, SPR_IAMR, SPR_LPCR, SPR_SDR1, SPR_UAMOR, SPR_UAMR, SPR_CTR, SPR_CTRL_R, SPR_CTRL_W, SPR_DAR, SPR_DEC, SPR_DSCR,
  SPR_DSCR_U, SPR_DSISR, SPR_LR, SPR_PIR, SPR_PPR, SPR_PVR, SPR_SPRG0, SPR_SPRG1, SPR_SPRG2,
  SPR_SPRG3, SPR_SPRG3_U, SPR_SRR0, SPR_SRR1, SPR_TAR, SPR_TBU_R, SPR_TB_R, SPR_VRSAVE, SPR_XER,
  W_CA, W_CA32, W_OV, W_OV32, W_SO,
} from './regs.js';

/** Hyp: hypervisor-only; a pseries guest is never in hypervisor state, so any access is a
 *  privileged-instruction program interrupt (as QEMU 7.2 raises for SDR1, LPCR, AMOR). */
const enum Access { None = 0, User = 1, Priv = 2, Hyp = 3 }

interface SprDef { read: Access; write: Access; alias?: number }

/** The SPRs a POWER8 pseries guest may use. `alias` names the slot that holds the value
 *  when one register has several numbers (problem-state views). */
const DEFS = new Map<number, SprDef>([
  [SPR_XER, { read: Access.User, write: Access.User }],
  [SPR_DSCR_U, { read: Access.User, write: Access.User, alias: SPR_DSCR }],
  [SPR_LR, { read: Access.User, write: Access.User }],
  [SPR_CTR, { read: Access.User, write: Access.User }],
  [SPR_UAMR, { read: Access.User, write: Access.User, alias: SPR_AMR }], // AMR, problem-state view
  [SPR_DSCR, { read: Access.Priv, write: Access.Priv }],
  [SPR_DSISR, { read: Access.Priv, write: Access.Priv }],
  [SPR_DAR, { read: Access.Priv, write: Access.Priv }],
  [SPR_DEC, { read: Access.Priv, write: Access.Priv }],
  [SPR_SDR1, { read: Access.Hyp, write: Access.Hyp }], // the HPT is the hypervisor's (PAPR)
  [SPR_SRR0, { read: Access.Priv, write: Access.Priv }],
  [SPR_SRR1, { read: Access.Priv, write: Access.Priv }],
  [SPR_CFAR, { read: Access.Priv, write: Access.Priv }],
  [SPR_AMR, { read: Access.Priv, write: Access.Priv }],
  [SPR_IAMR, { read: Access.Priv, write: Access.Priv }],
  [153, { read: Access.Priv, write: Access.Priv }], // FSCR (Book III-S §4.3.4; POWER8 Linux sets it in __setup_cpu_power8)
  // Performance monitor (Book III-S §9.4), supervisor views: SIER, MMCR2, MMCRA, PMC1-6,
  // MMCR0, SIAR, SDAR, MMCR1. Linux's init_PMU writes them; no events are counted.
  ...[784, 785, 786, 787, 788, 789, 790, 791, 792, 795, 796, 797, 798].map((n) => [n, { read: Access.Priv, write: Access.Priv }] as [number, SprDef]),
  [SPR_CTRL_R, { read: Access.User, write: Access.None, alias: SPR_CTRL_W }],
  [SPR_CTRL_W, { read: Access.None, write: Access.Priv }],
  [SPR_UAMOR, { read: Access.Priv, write: Access.Priv }],
  [SPR_VRSAVE, { read: Access.User, write: Access.User }],
  [SPR_SPRG3_U, { read: Access.User, write: Access.None, alias: SPR_SPRG3 }],
  [SPR_TB_R, { read: Access.User, write: Access.None }],
  [SPR_TBU_R, { read: Access.User, write: Access.None }],
  [SPR_SPRG0, { read: Access.Priv, write: Access.Priv }],
  [SPR_SPRG1, { read: Access.Priv, write: Access.Priv }],
  [SPR_SPRG2, { read: Access.Priv, write: Access.Priv }],
  [SPR_SPRG3, { read: Access.Priv, write: Access.Priv }],
  [SPR_PVR, { read: Access.Priv, write: Access.None }],
  [SPR_LPCR, { read: Access.Hyp, write: Access.Hyp }],
  [SPR_AMOR, { read: Access.Hyp, write: Access.Hyp }],
  [SPR_TAR, { read: Access.User, write: Access.User }],
  [SPR_PPR, { read: Access.User, write: Access.User }],
  [SPR_PIR, { read: Access.Priv, write: Access.None }],
]);

// XER flag bits in the low word (Book I §3.2.2): SO 32, OV 33, CA 34, OV32 44, CA32 45.
const XER_SO = 0x80000000, XER_OV = 0x40000000, XER_CA = 0x20000000;
const XER_OV32 = 0x00080000, XER_CA32 = 0x00040000;
const XER_FLAGS = XER_SO | XER_OV | XER_CA | XER_OV32 | XER_CA32;

/** XER as mfxer reads it: the stored bits plus SO/OV/CA (and OV32/CA32 on ISA 3.0 models;
 *  POWER8 reads them as 0, as QEMU does). */
export function readXer(c: Cpu): bigint {
  const u32 = c.u32;
  const flags = (u32[W_SO] ? XER_SO : 0) | (u32[W_OV] ? XER_OV : 0) | (u32[W_CA] ? XER_CA : 0) |
    (c.model.isa300 ? (u32[W_OV32] ? XER_OV32 : 0) | (u32[W_CA32] ? XER_CA32 : 0) : 0);
  const hi = u32[(SPR + SPR_XER) * 2 + 1], lo = (u32[(SPR + SPR_XER) * 2] | flags) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Whether the access to SPR n is performed; raises its interrupt if it may not be.
 *  An SPR number the machine does not implement is, as Book III-S §4.4.4 has it and QEMU
 *  7.2 does for POWER8: from problem state a privileged-instruction interrupt when bit 0x10
 *  of the number is set (a privileged number), else illegal; from supervisor state a no-op,
 *  except SPR 0 (illegal). Linux's __setup_cpu_power8 writes such SPRs (MMCRS, 894). An SPR
 *  that exists but cannot be accessed this way is illegal; a privileged one from problem
 *  state a privileged-instruction interrupt. */
function check(c: Cpu, n: number, access: Access | undefined): boolean {
  if (access === undefined) {
    if (c.pr) return (n & 0x10) !== 0 ? c.privileged() : c.illegal();
    if (n === 0) c.illegal();
    return false;
  }
  if (access === Access.None) c.illegal();
  if ((access === Access.Priv && c.pr) || access === Access.Hyp) c.privileged();
  return true;
}

/** Read SPR n into register-file slot `dst`. */
export function mfspr(c: Cpu, n: number, dst: number): void {
  const def = DEFS.get(n);
  if (!check(c, n, def?.read)) return;
  switch (n) {
    case SPR_XER:
      c.u64[dst] = readXer(c);
      return;
    case SPR_DEC:
      // DEC is a 32-bit SPR: mfspr puts it in RT[32:63] and clears RT[0:31] (Book I §3.3.17;
      // a POWER8 without LPCR[LD], as QEMU does too).
      c.u64[dst] = BigInt.asUintN(32, c.tb.read('dec'));
      return;
    case SPR_TB_R:
      c.u64[dst] = c.tb.read('tb');
      return;
    case SPR_TBU_R:
      c.u64[dst] = c.tb.read('tbu');
      return;
    case SPR_PVR:
      c.u64[dst] = BigInt(c.model.pvr);
      return;
    case SPR_PIR:
      c.u64[dst] = 0n; // the one CPU, thread 0
      return;
    default:
      c.u64[dst] = c.u64[SPR + (def!.alias ?? n)];
  }
}

/** Write register-file slot `src` to SPR n. */
export function mtspr(c: Cpu, n: number, src: number): void {
  const def = DEFS.get(n);
  if (!check(c, n, def?.write)) return;
  const u32 = c.u32;
  switch (n) {
    case SPR_XER: {
      const lo = u32[src * 2];
      u32[W_SO] = lo >>> 31;
      u32[W_OV] = (lo >>> 30) & 1;
      u32[W_CA] = (lo >>> 29) & 1;
      u32[W_OV32] = (lo >>> 19) & 1;
      u32[W_CA32] = (lo >>> 18) & 1;
      u32[(SPR + SPR_XER) * 2] = (lo & ~XER_FLAGS) >>> 0;
      u32[(SPR + SPR_XER) * 2 + 1] = u32[src * 2 + 1];
      return;
    }
    case SPR_DEC:
      c.tb.writeDec(u32[src * 2] | 0);
      return;
    case SPR_CTRL_W:
      c.u64[SPR + n] = c.u64[src] & 1n; // only the RUN latch is kept (Book III-S §2.6)
      return;
    case SPR_AMR:
    case SPR_UAMR: {
      // Virtual page class keys (Book III-S §5.7.9.3): in problem state only the AMR bits
      // UAMOR allows change; in privileged state those AMOR allows, and the pseries
      // hypervisor sets AMOR to all ones (QEMU 7.2). Translations of keys that lose access
      // are dropped from the TLB.
      const a = (SPR + SPR_AMR) * 2, oldLo = u32[a], oldHi = u32[a + 1];
      if (c.pr) {
        const m = (SPR + SPR_UAMOR) * 2;
        u32[a] = ((oldLo & ~u32[m]) | (u32[src * 2] & u32[m])) >>> 0;
        u32[a + 1] = ((oldHi & ~u32[m + 1]) | (u32[src * 2 + 1] & u32[m + 1])) >>> 0;
      } else c.u64[SPR + SPR_AMR] = c.u64[src];
      c.mmu.amrChanged(oldHi, oldLo);
      return;
    }
    case SPR_IAMR: {
      const a = (SPR + SPR_IAMR) * 2, oldLo = u32[a], oldHi = u32[a + 1];
      c.u64[SPR + SPR_IAMR] = c.u64[src];
      c.mmu.iamrChanged(oldHi, oldLo);
      return;
    }
    default:
      c.u64[SPR + (def!.alias ?? n)] = c.u64[src];
  }
}
