// Extract/insert instruction fields (Power ISA 2.07 Book I §1.6.28 "Instruction Fields").
// ISA bit numbering: bit 0 is the MSB. `shift` below is the right shift bringing the
// field's last bit to bit 0 of the number, i.e. 31 - (last ISA bit).
import type { Field } from './form.js';

export interface FieldSpec {
  shift: number;
  width: number;
  /** Two's-complement field (D, SI, DS, DQ, LI, BD). */
  signed?: boolean;
  /** Low zero bits implied by the field (DS/BD/LI: 2, DQ: 4); value = field << scale. */
  scale?: number;
  /** Non-contiguous encodings handled explicitly in extract/insert. */
  split?: 'sh6' | 'mb6' | 'spr';
}

// Note on the three L fields: 'L' is the 2-bit field at bits 9:10 (sync), 'L10' the 1-bit
// field at bit 10 (cmp/cmpi/cmpl/cmpli, dcbf uses bits 9:10 → 'L'), 'L15' the 1-bit field
// at bit 15 (mtmsr, mtmsrd).
export const FIELDS: Readonly<Record<Field, FieldSpec>> = {
  RT: { shift: 21, width: 5 }, RS: { shift: 21, width: 5 },
  RA: { shift: 16, width: 5 }, RB: { shift: 11, width: 5 }, RC: { shift: 6, width: 5 },
  BF: { shift: 23, width: 3 }, BFA: { shift: 18, width: 3 },
  BT: { shift: 21, width: 5 }, BA: { shift: 16, width: 5 }, BB: { shift: 11, width: 5 },
  BC: { shift: 6, width: 5 }, BO: { shift: 21, width: 5 }, BI: { shift: 16, width: 5 },
  BH: { shift: 11, width: 2 },
  D: { shift: 0, width: 16, signed: true }, SI: { shift: 0, width: 16, signed: true },
  UI: { shift: 0, width: 16 },
  DS: { shift: 2, width: 14, signed: true, scale: 2 },
  DQ: { shift: 4, width: 12, signed: true, scale: 4 },
  LI: { shift: 2, width: 24, signed: true, scale: 2 },
  BD: { shift: 2, width: 14, signed: true, scale: 2 },
  SH: { shift: 11, width: 5 }, MB: { shift: 6, width: 5 }, ME: { shift: 1, width: 5 },
  SH6: { shift: 11, width: 6, split: 'sh6' }, // sh[0:4] at 16:20, sh[5] at 30 (MD/XS)
  MB6: { shift: 5, width: 6, split: 'mb6' }, // MD/MDS mb/me: bits 21:25 low 5 bits, bit 26 high
  ME6: { shift: 5, width: 6, split: 'mb6' },
  NB: { shift: 11, width: 5 },
  L: { shift: 21, width: 2 }, L10: { shift: 21, width: 1 }, L15: { shift: 16, width: 1 },
  TO: { shift: 21, width: 5 }, FXM: { shift: 12, width: 8 },
  SPR: { shift: 11, width: 10, split: 'spr' }, TBR: { shift: 11, width: 10, split: 'spr' },
  LEV: { shift: 5, width: 7 },
  // icbt CT: Book II §4.3.1 reserves bit 6 and puts CT in bits 7:10, but objdump prints bits
  // 6:10 as CT; read here as objdump does so that disassembly matches (the engine ignores CT).
  CT: { shift: 21, width: 5 }, TH: { shift: 21, width: 5 },
  WC: { shift: 21, width: 2 }, IH: { shift: 21, width: 3 }, E: { shift: 15, width: 1 },
  EH: { shift: 0, width: 1 },
  VRT: { shift: 21, width: 5 }, VRS: { shift: 21, width: 5 }, VRA: { shift: 16, width: 5 },
  VRB: { shift: 11, width: 5 }, VRC: { shift: 6, width: 5 },
  SHB: { shift: 6, width: 4 }, // vsldoi: bits 22:25
  // vspltb/h/w element index in the low 4/3/2 bits of bits 11:15 (the rest reserved)
  UIM4: { shift: 16, width: 4 }, UIM3: { shift: 16, width: 3 }, UIM2: { shift: 16, width: 2 },
  SIM: { shift: 16, width: 5, signed: true }, // vspltis[bhw]
  STRM: { shift: 21, width: 2 }, // dst/dss stream: bits 9:10
};

/** Field value of `word` (numbers; signed fields sign-extended, scaled fields scaled). */
export function extractField(f: Field, word: number): number {
  const s = FIELDS[f];
  switch (s.split) {
    case 'sh6': // MD/XS-form sh: bits 16:20 are sh[0:4] (low 5 bits), bit 30 is sh[5] (high)
      return ((word >>> 11) & 31) | (((word >>> 1) & 1) << 5);
    case 'mb6': // MD-form mb/me (bits 21:26): the 5 bits 21:25 are the low bits, bit 26 the high
      return ((word >>> 6) & 31) | (((word >>> 5) & 1) << 5);
    case 'spr': // XFX spr/tbr: the two 5-bit halves are swapped (§3.3.17)
      return ((word >>> 16) & 31) | (((word >>> 11) & 31) << 5);
  }
  let v = (word >>> s.shift) & ((1 << s.width) - 1);
  if (s.signed && v >= 1 << (s.width - 1)) v -= 1 << s.width;
  return s.scale ? v * (1 << s.scale) : v;
}

/** Inclusive [min, max] a value of `f` may take, and its required alignment. */
export function fieldRange(f: Field): { min: number; max: number; align: number } {
  const s = FIELDS[f];
  const align = 1 << (s.scale ?? 0);
  if (s.signed) return { min: -(2 ** (s.width - 1)) * align, max: (2 ** (s.width - 1) - 1) * align, align };
  return { min: 0, max: 2 ** s.width - 1, align };
}

/** `word` with field `f` set to `value` (which must be in range; see fieldRange). */
export function insertField(f: Field, value: number, word: number): number {
  const s = FIELDS[f];
  switch (s.split) {
    case 'sh6':
      return ((word & ~((31 << 11) | 2)) | ((value & 31) << 11) | (((value >> 5) & 1) << 1)) >>> 0;
    case 'mb6':
      return ((word & ~(63 << 5)) | ((value & 31) << 6) | (((value >> 5) & 1) << 5)) >>> 0;
    case 'spr':
      return ((word & ~(1023 << 11)) | ((value & 31) << 16) | (((value >> 5) & 31) << 11)) >>> 0;
  }
  const m = ((1 << s.width) - 1) >>> 0;
  const raw = (s.scale ? value / (1 << s.scale) : value) & m;
  return ((word & ~(m << s.shift)) | (raw << s.shift)) >>> 0;
}

/** Bits of the word a field occupies (for building masks). */
export function fieldMask(f: Field): number {
  const s = FIELDS[f];
  return insertField(f, (2 ** s.width - 1) * (1 << (s.scale ?? 0)), 0);
}
