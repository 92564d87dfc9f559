// The shape of one row of the instruction table (engine/isa/table.ts), the single source of
// truth from which the decoder, encoder, disassembler, dispatch and coverage reports derive.
//
// Bit numbering follows the ISA: bit 0 is the most significant bit of the 32-bit word.

/** Operand fields, named as in Power ISA 2.07 Book I §1.6.28 ("Instruction Fields"). */
export type Field =
  | 'RT' | 'RS' | 'RA' | 'RB' | 'RC' // GPRs (RS shares the RT position)
  | 'BF' | 'BFA' | 'BT' | 'BA' | 'BB' | 'BC' | 'BO' | 'BI' | 'BH' // CR fields/bits, branch
  | 'D' | 'DS' | 'SI' | 'UI' // displacements and immediates
  | 'LI' | 'BD' // branch displacements (already word-aligned: value includes the low 00)
  | 'SH' | 'MB' | 'ME' | 'SH6' | 'MB6' | 'ME6' // rotates: 5-bit forms and MD/MDS split forms
  | 'NB' | 'L' | 'L10' | 'L15' | 'TO' | 'FXM' | 'SPR' | 'TBR' | 'LEV' | 'CT' | 'TH' | 'WC' | 'IH' | 'E'
  | 'EH' | 'DQ' // larx exclusive-access hint (bit 31); lq quadword displacement (value includes low 0000)
  | 'VRT' | 'VRS' | 'VRA' | 'VRB' | 'VRC' // vector registers (Book I §6.4)
  | 'SHB' | 'UIM4' | 'UIM3' | 'UIM2' | 'SIM' | 'STRM'; // vsldoi shift, splat index/immediate, stream

/** Instruction formats of ISA 2.07 Book I §1.6. */
export type Format =
  | 'I' | 'B' | 'SC' | 'D' | 'DS' | 'X' | 'XL' | 'XFX' | 'XFL' | 'XS' | 'XO' | 'A' | 'M' | 'MD' | 'MDS'
  | 'DQ' | 'VX' | 'VA' | 'VC';

export type Family =
  | 'fixedpoint' | 'branch' | 'loadstore' | 'cr' | 'processor-control' | 'storage-control' | 'vector';

export interface Form {
  /** Base mnemonic without the Rc '.' and OE 'o' variants this row also covers (e.g. 'add'
   *  covers add, add., addo, addo.). Mnemonics whose dot is part of the opcode keep it
   *  ('andi.', 'stwcx.'). Unique across the table: it keys the semantics. */
  name: string;
  format: Format;
  family: Family;
  /** word & mask === match identifies the form; Rc/OE bits of variant rows are NOT in mask. */
  mask: number;
  match: number;
  /** Operands in assembly order as objdump prints them. */
  operands: Field[];
  /** Row has an Rc bit (bit 31) selecting the '.' variant. */
  rc?: boolean;
  /** Row has an OE bit (bit 21) selecting the 'o' variant. */
  oe?: boolean;
  /** Privilege needed: 'priv' traps in problem state (MSR[PR]=1); 'hyp' needs hypervisor. */
  priv?: 'priv' | 'hyp';
  /** RA=0 means the value 0, not GPR0 (the ISA's "(RA|0)" notation). */
  ra0?: boolean;
  /** Earliest ISA version defining the form, e.g. '2.07', '2.06', 'P1' (POWER1/PowerPC). */
  isa: string;
}
