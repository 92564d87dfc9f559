// Option vectors of ibm,client-architecture-support (LoPAPR B.5.2, B.6.2): bit strings whose
// byte 1 is the first byte after the vector's length byte and whose bit 0 is a byte's most
// significant bit. QEMU 7.2 (hw/ppc/spapr_ovec.c) keeps vector 5 as what the machine
// offers (spapr->ov5) and, after CAS, what both sides have (spapr->ov5_cas); the tree's
// /chosen/ibm,architecture-vec-5 shows the latter.

/** Bit `bit` (0 = MSB) of byte `byte` (1-based), as a bit index. */
const bit = (byte: number, b: number): number => (byte - 1) * 8 + b;

/** The vector 5 bits QEMU 7.2 knows (include/hw/ppc/spapr_ovec.h). */
export const OV5 = {
  DRCONF_MEMORY: bit(2, 2),
  FORM1_AFFINITY: bit(5, 0),
  FORM2_AFFINITY: bit(5, 2),
  HP_EVT: bit(6, 5),
  HPT_RESIZE: bit(6, 7),
  DRMEM_V2: bit(22, 0),
  XIVE_BOTH: bit(23, 0),
  XIVE_EXPLOIT: bit(23, 1),
  MMU_BOTH: bit(24, 0),
  MMU_RADIX_300: bit(24, 1),
} as const;

/** OV_MAXBYTES: QEMU's vectors hold 256 bytes. */
const MAX_BYTES = 256;

/** A vector's bytes (index 0 = byte 1); bytes past a guest's longer vector are dropped. */
export type OptionVector = Uint8Array;

export function ovecOf(...bits: number[]): OptionVector {
  const v = new Uint8Array(MAX_BYTES);
  for (const b of bits) v[b >> 3] |= 0x80 >> (b & 7);
  return v;
}

/** A guest's vector as read from its CAS request. */
export function ovecFromGuest(bytes: Uint8Array): OptionVector {
  const v = new Uint8Array(MAX_BYTES);
  v.set(bytes.subarray(0, MAX_BYTES));
  return v;
}

export function ovecHas(v: OptionVector, b: number): boolean {
  return (v[b >> 3] & (0x80 >> (b & 7))) !== 0;
}

export function ovecIntersect(a: OptionVector, b: OptionVector): OptionVector {
  return a.map((x, i) => x & (b[i] ?? 0));
}

/** spapr_dt_ovec: "length - 1", then the bytes up to the last one with a bit set (at least
 *  one byte, so an empty vector is <00 00>). */
export function ovecProp(v: OptionVector): Uint8Array {
  let len = v.length;
  while (len > 1 && v[len - 1] === 0) len--;
  return Uint8Array.of(len - 1, ...v.subarray(0, len));
}

/**
 * What a pseries-7.2 machine offers in vector 5 (spapr_machine_init): dynamic
 * reconfiguration memory (dr_lmb_enabled), FORM1 and FORM2 affinity, the dedicated
 * hot-plug event source, HPT resizing (resize-hpt defaults to enabled) and
 * ibm,dynamic-memory-v2. A POWER8 gets neither XIVE nor radix.
 */
export const PSERIES_7_2_OV5 = ovecOf(OV5.DRCONF_MEMORY, OV5.FORM1_AFFINITY, OV5.FORM2_AFFINITY,
  OV5.HP_EVT, OV5.HPT_RESIZE, OV5.DRMEM_V2);
