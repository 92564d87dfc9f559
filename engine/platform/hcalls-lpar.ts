// Partition hypercalls for the one CPU: the CPU's speculation characteristics, the per-CPU
// shared areas of the shared-processor LPAR option (hcall-splpar) and the CPU's home NUMA
// node (hcall-vphn). Behaviour and return codes are QEMU 7.2's for `-M pseries-7.2 -cpu
// POWER8` under TCG (hw/ppc/spapr_hcall.c, hw/ppc/spapr_numa.c):
//
//   H_GET_CPU_CHARACTERISTICS 0x1c8 → r4 = characteristics, r5 = behaviours. QEMU derives
//     them from the machine's spapr caps; pseries-7.2's defaults, kept for a POWER8 (ISA
//     2.07) CPU, are cap-cfpc = cap-sbbc = cap-ibs = workaround and cap-ccf-assist = on.
//     Under TCG QEMU only warns ("TCG doesn't support requested feature") and keeps them.
//   H_REGISTER_VPA 0xdc (flags, procno, addr): flags names the sub-function (register or
//     deregister the VPA, SLB shadow buffer or dispatch trace log); anything else, or a
//     procno that is not a CPU, H_PARAMETER. See registerVpa & co. below for the checks.
//   H_HOME_NODE_ASSOCIATIVITY 0x2ec (flags, procno): flags must be 1 (procno as given to
//     H_REGISTER_VPA), else H_FUNCTION; an unknown CPU H_P2. r4..r9 = the CPU's
//     associativity domains two per register (high word first), padded with -1, in the
//     affinity form CAS negotiated (FORM1 before CAS, or when the guest does not ask for FORM2).
//
// Addresses are real addresses read as QEMU's hypervisor reads guest memory: anything not
// wholly inside RAM reads as 0.

import type { Cpu } from '../cpu/cpu.js';
import type { Ram } from '../memory/ram.js';
import type { HcallTable } from './hcalls.js';
import {
  H_FUNCTION, H_GET_CPU_CHARACTERISTICS, H_HARDWARE, H_HOME_NODE_ASSOCIATIVITY, H_P2, H_PARAMETER,
  H_REGISTER_VPA, H_RESOURCE, H_SUCCESS,
} from './papr.js';

/** PPC_BIT(n): bit n of a doubleword, IBM numbering (0 = most significant). */
const bit = (n: number): bigint => 1n << BigInt(63 - n);

// H_GET_CPU_CHARACTERISTICS bits (Linux asm/hvcall.h names).
export const CHAR_SPEC_BAR_ORI31 = bit(0);
export const CHAR_BCCTRL_SERIALISED = bit(1);
export const CHAR_L1D_FLUSH_ORI30 = bit(2);
export const CHAR_L1D_FLUSH_TRIG2 = bit(3);
export const CHAR_L1D_THREAD_PRIV = bit(4);
export const CHAR_BRANCH_HINTS_HONORED = bit(5);
export const CHAR_THREAD_RECONFIG_CTRL = bit(6);
export const CHAR_COUNT_CACHE_DISABLED = bit(7);
export const CHAR_BCCTR_FLUSH_ASSIST = bit(9);
export const BEHAV_FAVOUR_SECURITY = bit(0);
export const BEHAV_L1D_FLUSH_PR = bit(1);
export const BEHAV_BNDS_CHK_SPEC_BAR = bit(2);
export const BEHAV_FLUSH_COUNT_CACHE = bit(5);
export const BEHAV_NO_L1D_FLUSH_ENTRY = bit(7);
export const BEHAV_NO_L1D_FLUSH_UACCESS = bit(8);

/** The spapr caps the answer depends on: 0 broken, 1 workaround, 2 fixed; cap-ibs also
 *  2 fixed-ibs, 3 fixed-ccd, 0x10 fixed-na (QEMU's SPAPR_CAP_* values). */
export interface SpeculationCaps { cfpc: number; sbbc: number; ibs: number; ccfAssist: boolean }

/** pseries-7.2's defaults (spapr_machine_class_init), unchanged for a POWER8. */
export const PSERIES_7_2_CAPS: SpeculationCaps = { cfpc: 1, sbbc: 1, ibs: 1, ccfAssist: true };

const WORKAROUND = 1, FIXED = 2, FIXED_IBS = 2, FIXED_CCD = 3;

/** QEMU's answer for the given caps: [characteristics, behaviours]. */
export function cpuCharacteristics(caps: SpeculationCaps): [bigint, bigint] {
  // Branch hints honoured, thread reconfiguration not controllable; security favoured.
  let ch = CHAR_BRANCH_HINTS_HONORED, bh = BEHAV_FAVOUR_SECURITY;
  // Cache flush on privilege change (L1D flush on RFI, entry, uaccess).
  if (caps.cfpc === WORKAROUND) {
    ch |= CHAR_L1D_FLUSH_ORI30 | CHAR_L1D_FLUSH_TRIG2 | CHAR_L1D_THREAD_PRIV;
    bh |= BEHAV_L1D_FLUSH_PR;
  } else if (caps.cfpc === FIXED) bh |= BEHAV_NO_L1D_FLUSH_ENTRY | BEHAV_NO_L1D_FLUSH_UACCESS;
  else bh |= BEHAV_L1D_FLUSH_PR;
  // Speculation barrier for bounds checks.
  if (caps.sbbc === WORKAROUND) {
    ch |= CHAR_SPEC_BAR_ORI31;
    bh |= BEHAV_BNDS_CHK_SPEC_BAR;
  } else if (caps.sbbc !== FIXED) bh |= BEHAV_BNDS_CHK_SPEC_BAR;
  // Indirect branch speculation (fixed-na and broken add nothing).
  if (caps.ibs === FIXED_CCD) ch |= CHAR_COUNT_CACHE_DISABLED;
  else if (caps.ibs === FIXED_IBS) ch |= CHAR_BCCTRL_SERIALISED;
  else if (caps.ibs === WORKAROUND) {
    bh |= BEHAV_FLUSH_COUNT_CACHE;
    if (caps.ccfAssist) ch |= CHAR_BCCTR_FLUSH_ASSIST;
  }
  return [ch, bh];
}

// H_REGISTER_VPA sub-functions: flags bits 16:18 (QEMU compares the whole flags word).
export const VPA_REGISTER = 0x0000200000000000n;
export const VPA_REGISTER_DTL = 0x0000400000000000n;
export const VPA_REGISTER_SLB = 0x0000600000000000n;
export const VPA_DEREGISTER = 0x0000a00000000000n;
export const VPA_DEREGISTER_DTL = 0x0000c00000000000n;
export const VPA_DEREGISTER_SLB = 0x0000e00000000000n;

/** Smallest VPA QEMU accepts (its size halfword at +4). */
export const VPA_MIN_SIZE = 640;
/** The VPA byte QEMU ORs VPA_SHARED_PROC into on registration: the shared-processor flag
 *  Linux reads as lppaca_shared_proc(). */
export const VPA_SHARED_PROC_OFFSET = 9;
export const VPA_SHARED_PROC = 0x2;
/** POWER8's data cache block size: the VPA's required alignment. */
const DCACHE_LINE = 128n;
/** QEMU's vcpu id of our one CPU. */
export const VCPU_ID = 0;

/** The per-CPU areas registered with H_REGISTER_VPA (QEMU's SpaprCpuState fields), as
 *  decimal strings in saved state. */
export interface LparCpuState { vpa: string; slbShadow: string; slbShadowSize: string; dtl: string; dtlSize: string }

export class LparCpu {
  vpa = 0n;
  slbShadow = 0n;
  slbShadowSize = 0n;
  dtl = 0n;
  dtlSize = 0n;

  save(): LparCpuState {
    return {
      vpa: String(this.vpa), slbShadow: String(this.slbShadow), slbShadowSize: String(this.slbShadowSize),
      dtl: String(this.dtl), dtlSize: String(this.dtlSize),
    };
  }

  load(s: LparCpuState): void {
    this.vpa = BigInt(s.vpa);
    this.slbShadow = BigInt(s.slbShadow);
    this.slbShadowSize = BigInt(s.slbShadowSize);
    this.dtl = BigInt(s.dtl);
    this.dtlSize = BigInt(s.dtlSize);
  }
}

/** A big-endian value of `bytes` bytes at real address a, 0 unless wholly in RAM. */
function loadPhys(ram: Ram, a: bigint, bytes: 2 | 4): bigint {
  if (a > BigInt(ram.size - bytes)) return 0n;
  return BigInt(bytes === 2 ? ram.dv.getUint16(Number(a)) : ram.dv.getUint32(Number(a)));
}

/** The areas [a, a + size) and a page boundary: QEMU's check (4 KiB pages, 64-bit sums). */
const crossesPage = (a: bigint, size: bigint): boolean =>
  a / 4096n !== BigInt.asUintN(64, a + size - 1n) / 4096n;

function registerVpa(ram: Ram, s: LparCpu, a: bigint): bigint {
  if (a === 0n) return H_HARDWARE; // QEMU cannot cope with a VPA at 0
  if (a % DCACHE_LINE !== 0n) return H_PARAMETER;
  const size = loadPhys(ram, a + 4n, 2);
  if (size < VPA_MIN_SIZE || crossesPage(a, size)) return H_PARAMETER;
  s.vpa = a;
  // Mark the partition shared-processor (a and size < 4 KiB in one page: inside RAM).
  const at = Number(a) + VPA_SHARED_PROC_OFFSET;
  ram.u8[at] |= VPA_SHARED_PROC;
  ram.mark(at, 1);
  return H_SUCCESS;
}

function deregisterVpa(s: LparCpu): bigint {
  if (s.slbShadow !== 0n || s.dtl !== 0n) return H_RESOURCE; // still in use by the others
  s.vpa = 0n;
  return H_SUCCESS;
}

function registerSlbShadow(ram: Ram, s: LparCpu, a: bigint): bigint {
  if (a === 0n) return H_HARDWARE;
  const size = loadPhys(ram, BigInt.asUintN(64, a + 4n), 4);
  if (size < 8n || crossesPage(a, size)) return H_PARAMETER;
  if (s.vpa === 0n) return H_RESOURCE; // needs a VPA first
  s.slbShadow = a;
  s.slbShadowSize = size;
  return H_SUCCESS;
}

function registerDtl(ram: Ram, s: LparCpu, a: bigint): bigint {
  if (a === 0n) return H_HARDWARE;
  const size = loadPhys(ram, BigInt.asUintN(64, a + 4n), 4);
  if (size < 48n) return H_PARAMETER; // no page check: a DTL may span pages
  if (s.vpa === 0n) return H_RESOURCE;
  s.dtl = a;
  s.dtlSize = size;
  return H_SUCCESS;
}

/** QEMU's spapr_find_cpu takes the procno as a C int: only its low word counts. */
const isOurCpu = (procno: bigint): boolean => (procno & 0xffffffffn) === BigInt(VCPU_ID);

export interface LparOptions {
  /** The spapr caps (default pseries-7.2's). */
  caps?: SpeculationCaps;
  /** Whether client-architecture-support negotiated FORM2 affinity (OV5_FORM2_AFFINITY);
   *  default never, as before CAS. */
  form2?: () => boolean;
}

/** The vcpu's associativity domains (after the count), two per register, -1 padded, as
 *  QEMU packs them into r4..r9. One node, node 0. */
export function homeNodeAssociativity(form2: boolean): bigint[] {
  // FORM1 (ibm,associativity-reference-points <4 4 2>): the node's array is <4 0 0 0 0>,
  // a CPU's <5 0 0 0 0 vcpu-id>. FORM2: the node's <1 0>, a CPU's <2 0 vcpu-id>.
  const domains = form2 ? [0, VCPU_ID] : [0, 0, 0, 0, VCPU_ID];
  const out: bigint[] = [];
  for (let i = 0; i < 12; i += 2) {
    const hi = BigInt((domains[i] ?? -1) >>> 0), lo = BigInt((domains[i + 1] ?? -1) >>> 0);
    out.push((hi << 32n) | lo);
  }
  return out;
}

export function registerLpar(t: HcallTable, s: LparCpu, o: LparOptions = {}): void {
  const [characteristics, behaviours] = cpuCharacteristics(o.caps ?? PSERIES_7_2_CAPS);
  t.register(H_GET_CPU_CHARACTERISTICS, (c: Cpu) => {
    c.u64[4] = characteristics;
    c.u64[5] = behaviours;
    return H_SUCCESS;
  });

  t.register(H_REGISTER_VPA, (c: Cpu) => {
    const flags = c.u64[4], procno = c.u64[5], a = c.u64[6];
    if (!isOurCpu(procno)) return H_PARAMETER;
    switch (flags) {
      case VPA_REGISTER: return registerVpa(c.ram, s, a);
      case VPA_DEREGISTER: return deregisterVpa(s);
      case VPA_REGISTER_SLB: return registerSlbShadow(c.ram, s, a);
      case VPA_DEREGISTER_SLB: s.slbShadow = 0n; s.slbShadowSize = 0n; return H_SUCCESS;
      case VPA_REGISTER_DTL: return registerDtl(c.ram, s, a);
      case VPA_DEREGISTER_DTL: s.dtl = 0n; s.dtlSize = 0n; return H_SUCCESS;
      default: return H_PARAMETER;
    }
  });

  const form1 = homeNodeAssociativity(false), form2 = homeNodeAssociativity(true);
  t.register(H_HOME_NODE_ASSOCIATIVITY, (c: Cpu) => {
    if (c.u64[4] !== 1n) return H_FUNCTION; // only "procno is an H_REGISTER_VPA procno"
    if (!isOurCpu(c.u64[5])) return H_P2;
    (o.form2?.() ? form2 : form1).forEach((v, i) => { c.u64[4 + i] = v; });
    return H_SUCCESS;
  });
}
