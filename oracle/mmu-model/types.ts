// The state the reference model translates against, and what a translation yields.
// Power ISA 2.07 Book III-S §5 (storage control) and §6.5 (interrupts).

/** SLBE[B] (Book III-S §5.7.6, Figure "SLB Entry"): 0b00 = 256 MB (s = 28), 0b01 = 1 TB
 *  (s = 40); 0b10 and 0b11 are reserved and not modelled. */
export type SegmentSize = '256M' | '1T';

/** One SLB entry (Book III-S §5.7.6 "SLB Entry" figure). */
export interface SlbEntry {
  /** ESID, 36 bits: EA(0:35) of the segment. For a 1 TB segment only ESID(0:23) take part
   *  in the match and software keeps ESID(24:35) = 0. */
  esid: bigint;
  v: boolean;
  b: SegmentSize;
  /** VSID, the 50-bit field. A 1 TB segment's VSID is VSID(0:37) of it; software keeps
   *  VSID(38:49) = 0 (its VA has room for EA(24:39) there). */
  vsid: bigint;
  /** Ks, Kp: storage keys for privileged and problem state (§5.7.9.2). */
  ks: boolean;
  kp: boolean;
  /** N: no-execute segment. */
  n: boolean;
  /** L || LP: the segment's base page size (§5.7.6, "Page size encodings"). This pseries
   *  machine advertises (ibm,segment-page-sizes): 0b000 = 4 KB and 0b101 = 64 KB. */
  l: boolean;
  lp: number;
  /** C: class (used by slbie/tlbie, not by translation). */
  c: boolean;
}

export type Access = 'load' | 'store' | 'fetch';

export interface MsrBits {
  pr: boolean;
  ir: boolean;
  dr: boolean;
}

export interface MmuState {
  slb: readonly SlbEntry[];
  /** The hashed page table: 2^n bytes (n ≥ 18), PTEGs of 8 HPTEs of 16 bytes, big-endian
   *  (Book III-S §5.7.7.1). On sPAPR the hypervisor owns it, so it is not in guest RAM and
   *  HTABORG plays no part: HPTE k is at byte 16k. */
  hpt: Uint8Array;
  msr: MsrBits;
  /** AMR (SPR 29): virtual page class key protection for data accesses (§5.7.9.3). */
  amr: bigint;
  /** IAMR: the same for instruction fetches (ISA 2.07). This machine has no mtspr IAMR, so
   *  it stays 0 there; the model takes it for completeness. */
  iamr?: bigint;
}

// DSISR bits for a Data Storage interrupt (Book III-S §6.5.3) and SRR1 bits for an
// Instruction Storage interrupt (§6.5.5), as 32-bit masks on the low word (bit n of 64 is
// 1 << (63 - n)).
export const DSISR_NO_PTE = 0x40000000; // 33: no matching HPTE in either PTEG
export const DSISR_PROTECTION = 0x08000000; // 36: not permitted by PP/Ks/Kp (§5.7.9.2)
export const DSISR_STORE = 0x02000000; // 38: the access was a store
export const DSISR_KEY = 0x00200000; // 42: not permitted by the AMR (virtual page class key)
export const SRR1_NO_PTE = 0x40000000; // 33
export const SRR1_NOEXEC_GUARD = 0x10000000; // 35: no-execute segment or page, or guarded page
export const SRR1_PROTECTION = 0x08000000; // 36
export const SRR1_KEY = 0x00200000; // 42: not permitted by the IAMR
/** SRR1 bits 33:36 and 42:47: the interrupt-specific ones (§6.5). */
export const SRR1_CAUSE_BITS = 0x783f0000;

export const VEC_DSI = 0x300;
export const VEC_DSEG = 0x380;
export const VEC_ISI = 0x400;
export const VEC_ISEG = 0x480;

export type Translation =
  /** The access is performed at real address `ra` through HPTE `hpteIndex`; the HPTE's R
   *  bit is then 1, and its C bit is set when `setC` (a store) (§5.7.8). */
  | { kind: 'ok'; ra: bigint; hpteIndex: number; setR: true; setC: boolean }
  /** No SLB entry translates the EA: Data Segment (0x380) or Instruction Segment (0x480)
   *  interrupt (§6.5.4, §6.5.6). */
  | { kind: 'segment'; vector: 0x380 | 0x480 }
  /** Data Storage (0x300, with DSISR) or Instruction Storage (0x400, with SRR1 cause bits)
   *  interrupt. `hpteIndex` names the matching HPTE when the fault is a protection one. */
  | { kind: 'storage'; vector: 0x300 | 0x400; dsisr?: number; srr1Bits?: number; hpteIndex?: number }
  /** Translation is off for this access (MSR[DR] or MSR[IR] = 0): outside the model's
   *  scope beyond saying so; `ra` is the EA with bits 0:3 ignored (§5.7.3). */
  | { kind: 'real'; ra: bigint };
