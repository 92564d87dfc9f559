// The /cpus node and one POWER8 cpu node (QEMU hw/ppc/spapr.c spapr_dt_cpu, TCG).
import { bytes, empty, type FdtProp, strList, u32 } from './blob.js';

export const POWER8_PVR = 0x004d0200;
export const TIMEBASE_FREQ = 512_000_000;
export const CPU_CLOCK_FREQ = 1_000_000_000;

/** spapr_hpt_shift_for_ramsize: log2 of the hash page table size for this much RAM. */
export function hptShift(ramBytes: number): number {
  let pow2 = 1, log = 0;
  while (pow2 < ramBytes) { pow2 *= 2; log++; }
  return Math.min(Math.max(log - 7, 18), 46);
}

/** ibm,pa-features for POWER8 (PAPR "ibm,pa-features", 24 attribute bytes). */
const POWER8_PA_FEATURES = bytes(
  0x18, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00);

/**
 * ibm,segment-page-sizes: base 4K (SLB enc 0) with 4K; base 64K (SLB enc 0x110) with 64K.
 * Without the hugepage capability TCG offers no 16M pages.
 */
const POWER8_SEGMENT_PAGE_SIZES = u32(12, 0x000, 1, 12, 0x0, 16, 0x110, 1, 16, 0x1);

export interface CpuNodeOptions {
  /** vcpu id = reg = interrupt server number */
  id: number;
  drcIndex: number;
  hptShift: number;
  /** The compatibility PVR CAS chose: cpu-version shows it instead of the PVR
   *  (spapr_fixup_cpu_smt_dt). */
  compatPvr?: number;
}

export function power8CpuName(id: number): string {
  return `PowerPC,POWER8@${id.toString(16)}`;
}

/** The cpu node's properties in QEMU's setprop order. */
export function power8CpuProps(o: CpuNodeOptions): FdtProp[] {
  return [
    ['ibm,my-drc-index', u32(o.drcIndex)],
    ['reg', u32(o.id)],
    ['device_type', strList('cpu')],
    ['cpu-version', u32(o.compatPvr || POWER8_PVR)],
    ['d-cache-block-size', u32(128)],
    ['d-cache-line-size', u32(128)],
    ['i-cache-block-size', u32(128)],
    ['i-cache-line-size', u32(128)],
    ['d-cache-size', u32(0x8000)],
    ['i-cache-size', u32(0x8000)],
    ['timebase-frequency', u32(TIMEBASE_FREQ)],
    ['clock-frequency', u32(CPU_CLOCK_FREQ)],
    ['slb-size', u32(32)],
    ['ibm,slb-size', u32(32)],
    ['status', strList('okay')],
    ['64-bit', empty()],
    ['ibm,purr', u32(1)],
    ['ibm,spurr', u32(1)],
    ['ibm,processor-segment-sizes', u32(28, 40, 0xffffffff, 0xffffffff)], // 256M, 1T segments
    ['ibm,vmx', u32(2)], // VMX + VSX
    ['ibm,dfp', u32(1)],
    ['ibm,segment-page-sizes', POWER8_SEGMENT_PAGE_SIZES],
    ['ibm,pa-features', POWER8_PA_FEATURES],
    ['ibm,chip-id', u32(0)],
    ['ibm,pft-size', u32(0, o.hptShift)],
    ['ibm,ppc-interrupt-server#s', u32(o.id)],
    ['ibm,ppc-interrupt-gserver#s', u32(o.id, 0)],
  ];
}

/** /cpus' own properties (before its DRC properties). */
export function cpusProps(): FdtProp[] {
  return [['#address-cells', u32(1)], ['#size-cells', u32(0)]];
}
