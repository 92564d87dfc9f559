// PAPR hypercall numbers and return codes (PAPR §14.5.3 "Hypervisor Call Return Codes"; the
// numbers as Linux's arch/powerpc/include/asm/hvcall.h and QEMU's spapr.h know them).

export const H_SUCCESS = 0n;
export const H_HARDWARE = -1n;
export const H_FUNCTION = -2n;
export const H_PRIVILEGE = -3n;
export const H_PARAMETER = -4n;
export const H_BAD_MODE = -5n;
export const H_PTEG_FULL = -6n;
export const H_NOT_FOUND = -7n;
export const H_RESOURCE = -16n;
export const H_P2 = -55n;
export const H_P3 = -56n;
export const H_P4 = -57n;
export const H_UNSUPPORTED_FLAG = -256n;

// Page frame table (hcall-pft, hcall-bulk): PAPR §14.5.4.1.
export const H_REMOVE = 0x04;
export const H_ENTER = 0x08;
export const H_READ = 0x0c;
export const H_CLEAR_MOD = 0x10;
export const H_CLEAR_REF = 0x14;
export const H_PROTECT = 0x18;
export const H_BULK_REMOVE = 0x124;
export const H_GET_TERM_CHAR = 0x54;
export const H_PUT_TERM_CHAR = 0x58;
export const H_CEDE = 0xe0;
// Translation control entries (hcall-tce, hcall-multi-tce, PAPR §14.5.4.2).
export const H_GET_TCE = 0x1c;
export const H_PUT_TCE = 0x20;
export const H_STUFF_TCE = 0x138;
export const H_PUT_TCE_INDIRECT = 0x13c;
// Shared-processor LPAR (hcall-splpar), home node (hcall-vphn), CPU characteristics.
export const H_REGISTER_VPA = 0xdc;
export const H_GET_CPU_CHARACTERISTICS = 0x1c8;
export const H_HOME_NODE_ASSOCIATIVITY = 0x2ec;
// Interrupts (hcall-interrupt, PAPR §14.5.4.7) and VIO signalling (hcall-vio).
export const H_EOI = 0x64;
export const H_CPPR = 0x68;
export const H_IPI = 0x6c;
export const H_IPOLL = 0x70;
export const H_XIRR = 0x74;
export const H_VIO_SIGNAL = 0x104;
export const H_XIRR_X = 0x2fc;
export const H_RANDOM = 0x300;
export const H_SET_MODE = 0x31c;
/** QEMU's private hypercall for RTAS calls: r4 = real address of the RTAS argument buffer. */
export const KVMPPC_H_RTAS = 0xf000;
/** QEMU's private hypercall for the Open Firmware client interface (x-vof=on): r4 = real
 *  address of the client-interface argument block. */
export const KVMPPC_H_VOF_CLIENT = 0xf005;

/** Hypercalls this machine does not have, by name, for the --verbose summary: PowerVM's
 *  performance-counter calls (hcall-24x7, hcall-gpci) that Linux's hv-24x7 and hv-gpci
 *  drivers probe at boot; QEMU 7.2 answers them H_FUNCTION too. */
export const UNIMPLEMENTED_HCALL_NAMES: ReadonlyMap<number, string> = new Map([
  [0xf078, 'H_GET_24X7_CATALOG_PAGE'],
  [0xf07c, 'H_GET_24X7_DATA'],
  [0xf080, 'H_GET_PERF_COUNTER_INFO'],
]);

// RTAS status words (PAPR §7.2.8).
export const RTAS_OUT_SUCCESS = 0;
export const RTAS_OUT_HW_ERROR = -1;
export const RTAS_OUT_PARAM_ERROR = -3;
