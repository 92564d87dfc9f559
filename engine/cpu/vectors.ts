// Interrupt vectors and SRR1 cause bits (Power ISA 2.07 Book III-S §6.5; SRR1 bit n of 64 is
// the mask 1 << (63 - n), all of those used here lie in the low word).

export const VEC_SYSTEM_RESET = 0x100;
export const VEC_MACHINE_CHECK = 0x200;
export const VEC_DSI = 0x300;
export const VEC_DSEG = 0x380;
export const VEC_ISI = 0x400;
export const VEC_ISEG = 0x480;
export const VEC_EXTERNAL = 0x500;
export const VEC_ALIGNMENT = 0x600;
export const VEC_PROGRAM = 0x700;
export const VEC_FP_UNAVAILABLE = 0x800;
export const VEC_DECREMENTER = 0x900;
export const VEC_SYSTEM_CALL = 0xc00;
export const VEC_TRACE = 0xd00;
export const VEC_VMX_UNAVAILABLE = 0xf20;
export const VEC_VSX_UNAVAILABLE = 0xf40;

/** SRR1 bits 33:36 and 42:47 are interrupt-specific; the rest copy the MSR (§6.5). */
export const SRR1_CAUSE_MASK = 0x783f0000;

// Program interrupt causes (§6.5.9).
export const PROGRAM_FP = 0x00100000; // bit 43
export const PROGRAM_ILLEGAL = 0x00080000; // bit 44
export const PROGRAM_PRIVILEGED = 0x00040000; // bit 45
export const PROGRAM_TRAP = 0x00020000; // bit 46

// Machine check causes for a failed access as POWER8+ report them (bits 36, 42..45;
// the codes of the POWER processor user manuals that QEMU ≥ 8 also uses).
export const MCE_LOAD = 0x00200000; // bit 42: load/store, DSISR/DAR valid
export const MCE_STORE = 0x08000000 | 0x00200000 | 0x00100000 | 0x00040000; // bits 36,42,43,45
export const MCE_FETCH = 0x08000000 | 0x00080000 | 0x00040000; // bits 36,44,45
export const MCE_DSISR_LOAD = 0x40; // DSISR bit 57

/** LPCR[ILE] (bit 38): interrupts are taken in little-endian mode (Book III-S §2.2). */
export const LPCR_ILE = 0x02000000;
/** LPCR[AIL] (bits 39:40): where interrupts from a translated context are taken (§2.2). */
export const LPCR_AIL_SHIFT = 23;
