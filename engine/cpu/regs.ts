// Layout of the register file: one ArrayBuffer viewed as 64-bit slots (BigInt64Array /
// BigUint64Array) and as 32-bit halves (Uint32Array / Int32Array; the host is little-endian,
// so slot n's low word is u32[2n] and its high word u32[2n+1]).
//
// Every architected register lives here, so hashing, snapshots and state traces read one
// buffer. Slot numbers are 64-bit slot indices.

export const GPR = 0; // 32 GPRs: slots 0..31
export const SPR = 32; // SPR n lives in slot SPR + n (n = 0..1023), see spr.ts for which exist
export const MSR = SPR + 1024; // 1056
export const NIA = MSR + 1; // next instruction address (what the interpreter fetches next)
export const CIA = NIA + 1; // address of the instruction being executed
export const RESV = CIA + 1; // reservation address of l*arx (valid when RESV_VALID)
export const TMP = RESV + 1; // scratch slot for 64-bit memory transfers
/** The SLB (Book III-S §5.7.6.1): 32 entries on POWER8 (the FDT's ibm,slb-size), entry n's
 *  ESID doubleword (ESID 0:35 | V 36, as slbmte's RB without the index) in slot SLB + 2n
 *  and its VSID doubleword (slbmte's RS as written) in SLB + 2n + 1 (engine/mmu/slb.ts). */
export const SLB = TMP + 1;
export const SLB_ENTRIES = 32;
/** The 64 vector-scalar registers (Book I §7.2.1), two slots each: VSR i's doubleword 0
 *  (the most significant; FPR i for i < 32, §4.2.1) in slot VSR + 2i and doubleword 1 in
 *  VSR + 2i + 1. VR n (Book I §6.3) is VSR 32 + n. vsrWord() gives a word's u32 index. */
export const VSR = SLB + 2 * SLB_ENTRIES;
/** 32-bit words after the 64-bit slots (indices into the u32 view). */
const W = (VSR + 2 * 64) * 2;
export const W_CR = W; // the 32-bit Condition Register
export const W_SO = W + 1; // XER[SO], [OV], [CA], [OV32], [CA32]: 0 or 1 each
export const W_OV = W + 2;
export const W_CA = W + 3;
export const W_OV32 = W + 4;
export const W_CA32 = W + 5;
export const W_RESV_VALID = W + 7;
export const W_RESV_SIZE = W + 8; // size in bytes of the reservation l*arx made
export const W_FPSCR = W + 10; // FPSCR bits 32:63 (Book I §4.2.2)
export const W_VSCR = W + 11; // VSCR (Book I §6.3.2): NJ (bit 15) and SAT (bit 31) live
export const W_END = W + 12; // keep even

/** u32 index of word k (0 = most significant) of VSR i: doubleword k >> 1, and within it
 *  the high word at the odd (host little-endian) index. */
export const vsrWord = (i: number, k: number): number => (VSR + 2 * i + (k >> 1)) * 2 + 1 - (k & 1);
/** u32 index of word k of VR n. */
export const vrWord = (n: number, k: number): number => vsrWord(32 + n, k);

export const REGFILE_BYTES = W_END * 4;

// SPR numbers (Power ISA 2.07 Book III §... "SPR encodings"; Book I for XER/LR/CTR).
export const SPR_XER = 1; // slot holds XER's other bits (byte count…); SO/OV/CA/OV32/CA32 live in W_*
export const SPR_DSCR_U = 3;
export const SPR_UAMR = 13; // AMR, problem-state number
export const SPR_LR = 8;
export const SPR_CTR = 9;
export const SPR_DSCR = 17;
export const SPR_DSISR = 18;
export const SPR_DAR = 19;
export const SPR_DEC = 22;
export const SPR_SDR1 = 25;
export const SPR_SRR0 = 26;
export const SPR_SRR1 = 27;
export const SPR_CFAR = 28;
export const SPR_AMR = 29;
export const SPR_IAMR = 61;
export const SPR_CTRL_R = 136;
export const SPR_CTRL_W = 152;
export const SPR_UAMOR = 157;
export const SPR_VRSAVE = 256;
export const SPR_SPRG3_U = 259;
export const SPR_TB_R = 268;
export const SPR_TBU_R = 269;
export const SPR_SPRG0 = 272;
export const SPR_SPRG1 = 273;
export const SPR_SPRG2 = 274;
export const SPR_SPRG3 = 275;
export const SPR_TBL_W = 284;
export const SPR_TBU_W = 285;
export const SPR_PVR = 287;
export const SPR_HSPRG0 = 304;
export const SPR_HSPRG1 = 305;
export const SPR_HDEC = 310;
export const SPR_HSRR0 = 314;
export const SPR_HSRR1 = 315;
export const SPR_LPCR = 318;
export const SPR_LPIDR = 319;
export const SPR_AMOR = 349;
export const SPR_TAR = 815;
export const SPR_PPR = 896;
export const SPR_PIR = 1023;

/** Slot of SPR n. */
export const sprSlot = (n: number): number => SPR + n;
export const LR = SPR + SPR_LR;
export const CTR = SPR + SPR_CTR;
export const SRR0 = SPR + SPR_SRR0;
export const SRR1 = SPR + SPR_SRR1;

// MSR bits (Book III §4.2.1; bit 0 is the MSB of 64). Values as masks on the low or high word.
export const MSR_SF_HI = 0x80000000; // bit 0, in the high word
export const MSR_HV_HI = 0x10000000; // bit 3, in the high word
export const MSR_VEC = 0x02000000; // bit 38
export const MSR_VSX = 0x00800000; // bit 40
export const MSR_EE = 0x8000; // bit 48
export const MSR_PR = 0x4000; // bit 49
export const MSR_FP = 0x2000; // bit 50
export const MSR_ME = 0x1000; // bit 51
export const MSR_FE0 = 0x0800; // bit 52
export const MSR_SE = 0x0400; // bit 53
export const MSR_BE = 0x0200; // bit 54
export const MSR_FE1 = 0x0100; // bit 55
export const MSR_IR = 0x0020; // bit 58
export const MSR_DR = 0x0010; // bit 59
export const MSR_PMM = 0x0004; // bit 61
export const MSR_RI = 0x0002; // bit 62
export const MSR_LE = 0x0001; // bit 63
