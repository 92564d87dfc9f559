// The hashed page table (Power ISA 2.07 Book III-S §5.7.7). On pseries the hypervisor owns
// it: it is not in guest RAM and the guest changes it only through the PAPR hypercalls
// (engine/platform/hcalls-hpt.ts). 2^log2Bytes bytes hold 2^(log2Bytes-7) PTEGs of 8 HPTEs,
// each two big-endian doublewords laid out as §5.7.7.1 gives them:
//
//   dword 0:  B 0:1 | AVA 2:56 | SW 57:60 | L 61 | H 62 | V 63
//   dword 1:  PP0 0 | / 1 | key 2:3 | ARPN||LP 4:51 | key 52:54 | R 55 | C 56 | WIMG 57:60 |
//             N 61 | PP 62:63
//
// The masks below apply to the high (bits 0:31) or low (bits 32:63) word of a doubleword.

import { PagedBytes } from '../memory/paged.js';

export const HPTE_BYTES = 16;
export const PTEG_HPTES = 8;
export const PTEG_BYTES = HPTE_BYTES * PTEG_HPTES;

// dword 0
export const D0_B_HI = 0xc0000000; // segment size: 0 = 256 MB, 1 = 1 TB
export const D0_AVA_LO = 0xffffff80; // AVA bits 32:56 (bits 2:31 fill the high word)
export const D0_L = 0x4; // large page: the page size is in the LP bits of dword 1
export const D0_H = 0x2; // found through the secondary hash
export const D0_V = 0x1;
/** SW bit 57: QEMU's hypervisor sets it in every HPTE it writes (HPTE64_V_HPTE_DIRTY, its
 *  record of entries changed since a migration pass); the guest sees it through H_READ and
 *  H_REMOVE. The MMU ignores SW bits. */
export const D0_SW_DIRTY = 0x40;

// dword 1
export const D1_PP0_HI = 0x80000000;
export const D1_KEY_HI = 0x30000000; // key bits 0:1 (at bits 2:3)
export const D1_RPN_HI = 0x0fffffff; // ARPN bits 4:31
export const D1_RPN_LO = 0xfffff000; // ARPN bits 32:51 (holding LP for large pages)
export const D1_KEY_LO = 0x00000e00; // key bits 2:4 (at bits 52:54)
export const D1_R = 0x100;
export const D1_C = 0x80;
export const D1_WIMG = 0x78;
export const D1_W = 0x40, D1_I = 0x20, D1_M = 0x10, D1_G = 0x08;
export const D1_N = 0x4;
export const D1_PP = 0x3;
/** The LP code in bits 48:51 (with L = 1) of a 64 KB page: ibm,segment-page-sizes' 0x1. */
export const LP_64K = 0x1000;

/** The 5-bit virtual page class key of dword 1 (§5.7.9.3): bits 2:3 || 52:54. */
export const hpteKey = (d1hi: number, d1lo: number): number => (((d1hi >>> 28) & 3) << 3) | ((d1lo >>> 9) & 7);

export class HashPageTable extends PagedBytes {
  /** The table, HPTE n at byte 16n. */
  readonly bytes: Uint8Array;
  readonly log2Bytes: number;
  /** 2^(log2Bytes-7) */
  readonly ptegCount: number;
  /** ptegCount - 1: the hash bits that select a PTEG (§5.7.7.2). */
  readonly hashMask: number;

  /** log2Bytes: 18 (256 KB, PAPR's and QEMU's minimum) to 31. */
  constructor(log2Bytes: number) {
    if (!Number.isInteger(log2Bytes) || log2Bytes < 18 || log2Bytes > 31) {
      throw new RangeError(`hashed page table size 2^${log2Bytes} bytes is outside 2^18..2^31`);
    }
    super(2 ** log2Bytes, 0, 'the hashed page table');
    this.bytes = this.u8;
    this.log2Bytes = log2Bytes;
    this.ptegCount = 2 ** (log2Bytes - 7);
    this.hashMask = this.ptegCount - 1;
  }

  /** Number of HPTEs. */
  get entries(): number { return this.ptegCount * PTEG_HPTES; }

  /** Word k (0: dword 0 high, 1: dword 0 low, 2: dword 1 high, 3: dword 1 low) of HPTE n. */
  word(n: number, k: number): number {
    return this.dv.getUint32(n * HPTE_BYTES + 4 * k);
  }

  /** HPTE n as two doublewords. */
  hpte(n: number): [bigint, bigint] {
    const o = n * HPTE_BYTES;
    return [this.dv.getBigUint64(o), this.dv.getBigUint64(o + 8)];
  }

  /** Replace HPTE n (the hypervisor's write: marks the page for hashing and snapshots). */
  setHpte(n: number, d0: bigint, d1: bigint): void {
    const o = n * HPTE_BYTES;
    this.dv.setBigUint64(o, BigInt.asUintN(64, d0));
    this.dv.setBigUint64(o + 8, BigInt.asUintN(64, d1));
    this.mark(o, HPTE_BYTES);
  }

  /** Set R (§5.7.8): a byte store into bits 48:55 of dword 1, as the hardware does. */
  setR(n: number): void {
    const o = n * HPTE_BYTES + 14;
    this.u8[o] |= 0x01;
    this.dirty[o >>> 12] = 1;
  }

  /** Set C (§5.7.8): a byte store into bits 56:63 of dword 1. */
  setC(n: number): void {
    const o = n * HPTE_BYTES + 15;
    this.u8[o] |= 0x80;
    this.dirty[o >>> 12] = 1;
  }
}
