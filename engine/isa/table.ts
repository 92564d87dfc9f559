// The instruction table: Power ISA 2.07 Book I fixed-point and branch facilities (ch. 2–3) and
// the vector facility (ch. 6, rows in table-vector.ts), Book II storage control (ch. 4) and
// the Book III-S supervisor core, as on POWER8.
// Everything else in engine/isa/ (decoder, encoder, disassembler, coverage) derives from it.
import type { Field, Form, Format, Family } from './form.js';
import { fieldMask, insertField } from './fields.js';
import { VECTOR_FORMS } from './table-vector.js';

/** Invalid instruction forms (Book I §1.8.2) that objdump refuses to disassemble; see
 *  invalid.ts. The executing decoder still decodes them (the ISA leaves them boundedly
 *  undefined; POWER8 executes them). */
export type InvalidRule =
  | 'bo' // BO must be a valid encoding (§2.4, Fig. 21): z bits 0, at != 0b01
  | 'ral' // update load: RA = 0 or RA = RT
  | 'ras' // update store: RA = 0
  | 'ram' // lmw: RA in the range of registers loaded (RA >= RT)
  | 'rax' // lswi: RA = RT
  | 'lswx' // lswx: RA = RT or RB = RT
  | 'lq' // lq: RT odd or RA = RT
  | 'lqarx' // lqarx: RT odd, or RA or RB = RT
  | 'evenrs' // stq, stqcx.: RS odd
  | 'fxm1' // mtocrf/mfocrf: FXM must have exactly one bit set
  | 'l3' // sync: L = 3 reserved
  | 'l2'; // dcbf: L = 2 reserved

/** A table row: a Form plus disassembly hints (objdump prints optional operands only when
 *  one of them is non-zero). */
export interface Row extends Form {
  optional?: readonly Field[];
  invalid?: InvalidRule;
  /** false: objdump -M power8 prints this form as .long (binutils marks mftb deprecated
   *  from POWER4 on, preferring mfspr 268). */
  objdump?: false;
  /** Reserved bits objdump does not check for this form: it disassembles the word whatever
   *  they hold (every other reserved bit must be 0 for objdump; see disasm.ts). */
  loose?: number;
}

/** Pseudo-operands of aliases: 'CRF' is the CR field of BI (BI >> 2), printed as crN;
 *  'N31ME' is 31 - ME (clrrwi), 'N63ME' is 63 - ME6 (clrrdi); '=n' prints the literal n. */
export type AliasOperand = Field | 'CRF' | 'N31ME' | 'N63ME' | `=${number}`;

/** An extended mnemonic (ISA Book I Appendix "Assembler Extended Mnemonics"): it
 *  specialises the form `base` where word & mask === match (full-word mask/match, which
 *  includes the base's own opcode bits) and, if given, the field pairs in `same` are equal.
 *  Only the disassembler and encoder use aliases; the executing decoder ignores them. */
export interface Alias {
  name: string;
  base: string;
  mask: number;
  match: number;
  operands: readonly AliasOperand[];
  same?: readonly (readonly [Field, Field])[];
  /** Fields a and b must add up to n (slwi, srwi, sldi, srdi). */
  sum?: readonly [Field, Field, number];
  optional?: readonly AliasOperand[];
}

type Opts = Partial<Pick<Row, 'rc' | 'oe' | 'priv' | 'ra0' | 'optional' | 'invalid' | 'objdump' | 'loose'>>;

const u = (n: number): number => n >>> 0;
const OPM = 0xfc000000;
const op = (p: number): number => u(p << 26);

function row(name: string, format: Format, family: Family, isa: string, mask: number, match: number,
  operands: Field[], o: Opts = {}): Row {
  return { name, format, family, mask: u(mask), match: u(match), operands, isa, ...o };
}
// Constructors per format (ISA 2.07 Book I §1.6). `xo` is the extended opcode as the ISA
// numbers it; it sits in bits 21:30 (X/XL/XFX/XFL), 22:30 (XO), 26:30 (A), 27:29 (MD),
// 27:30 (MDS), 30:31 (DS) or 21:29 (XS).
const D = (n: string, p: number, ops: Field[], f: Family, isa: string, o?: Opts) =>
  row(n, 'D', f, isa, OPM, op(p), ops, o);
const X = (n: string, xo: number, ops: Field[], f: Family, isa: string, o?: Opts, p = 31) =>
  row(n, 'X', f, isa, OPM | 0x7fe, op(p) | (xo << 1), ops, o);
const XFX = (n: string, xo: number, ops: Field[], f: Family, isa: string, o?: Opts, bit11 = -1) =>
  row(n, 'XFX', f, isa, OPM | 0x7fe | (bit11 >= 0 ? 0x100000 : 0), op(31) | (xo << 1) | (bit11 > 0 ? 0x100000 : 0), ops, o);
const XL = (n: string, xo: number, ops: Field[], f: Family, isa: string, o?: Opts, lk = 0) =>
  row(n, 'XL', f, isa, OPM | 0x7ff, op(19) | (xo << 1) | lk, ops, o);
/** XO-form; rows without OE keep bit 21 in the mask (it is reserved there). */
const XO = (n: string, xo: number, ops: Field[], isa: string, oe: boolean, rc = true) =>
  row(n, 'XO', 'fixedpoint', isa, OPM | (oe ? 0x3fe : rc ? 0x7fe : 0x7ff), op(31) | (xo << 1), ops, { rc, oe });
const MD = (n: string, xo: number, ops: Field[]) =>
  row(n, 'MD', 'fixedpoint', 'P1', OPM | 0x1c, op(30) | (xo << 2), ops, { rc: true });
const MDS = (n: string, xo: number, ops: Field[]) =>
  row(n, 'MDS', 'fixedpoint', 'P1', OPM | 0x1e, op(30) | (xo << 1), ops, { rc: true });
const DS = (n: string, p: number, xo: number, ops: Field[], isa: string, o?: Opts) =>
  row(n, 'DS', 'loadstore', isa, OPM | 3, op(p) | xo, ops, o);

const fx = 'fixedpoint', ls = 'loadstore', br = 'branch', cr = 'cr';
const pc = 'processor-control', sc = 'storage-control';
const RC = { rc: true }, R0 = { ra0: true };
const RAL: Opts = { invalid: 'ral' }, RAS: Opts = { invalid: 'ras' };
const BO: Opts = { invalid: 'bo' }, BOH: Opts = { invalid: 'bo', optional: ['BH'] };
const LD = ['RT', 'D', 'RA'] as Field[], ST = ['RS', 'D', 'RA'] as Field[];
const LX = ['RT', 'RA', 'RB'] as Field[], SX = ['RS', 'RA', 'RB'] as Field[];
const LOG = ['RA', 'RS', 'RB'] as Field[], ARI = ['RT', 'RA', 'RB'] as Field[];
const CRL = ['BT', 'BA', 'BB'] as Field[];

export const FORMS: readonly Row[] = [
  // §2.4 Branch instructions (I, B, XL forms; AA = bit 30, LK = bit 31)
  row('b', 'I', br, 'P1', OPM | 3, op(18), ['LI']),
  row('ba', 'I', br, 'P1', OPM | 3, op(18) | 2, ['LI']),
  row('bl', 'I', br, 'P1', OPM | 3, op(18) | 1, ['LI']),
  row('bla', 'I', br, 'P1', OPM | 3, op(18) | 3, ['LI']),
  row('bc', 'B', br, 'P1', OPM | 3, op(16), ['BO', 'BI', 'BD'], BO),
  row('bca', 'B', br, 'P1', OPM | 3, op(16) | 2, ['BO', 'BI', 'BD'], BO),
  row('bcl', 'B', br, 'P1', OPM | 3, op(16) | 1, ['BO', 'BI', 'BD'], BO),
  row('bcla', 'B', br, 'P1', OPM | 3, op(16) | 3, ['BO', 'BI', 'BD'], BO),
  XL('bclr', 16, ['BO', 'BI', 'BH'], br, 'P1', BOH),
  XL('bclrl', 16, ['BO', 'BI', 'BH'], br, 'P1', BOH, 1),
  XL('bcctr', 528, ['BO', 'BI', 'BH'], br, 'P1', BOH),
  XL('bcctrl', 528, ['BO', 'BI', 'BH'], br, 'P1', BOH, 1),
  XL('bctar', 560, ['BO', 'BI', 'BH'], br, '2.07', BOH),
  XL('bctarl', 560, ['BO', 'BI', 'BH'], br, '2.07', BOH, 1),
  // §3.3.1 System Call (SC form; bit 30 is 1)
  // objdump checks bits 6:15 and 30:31 only (bits 16:19 and 27:29 reserved, not checked)
  row('sc', 'SC', pc, 'P1', OPM | 2, op(17) | 2, ['LEV'], { optional: ['LEV'], loose: 0xf01c }),
  // §2.5 Condition Register instructions
  XL('crand', 257, CRL, cr, 'P1'), XL('cror', 449, CRL, cr, 'P1'), XL('crxor', 193, CRL, cr, 'P1'),
  XL('crnand', 225, CRL, cr, 'P1'), XL('crnor', 33, CRL, cr, 'P1'), XL('creqv', 289, CRL, cr, 'P1'),
  XL('crandc', 129, CRL, cr, 'P1'), XL('crorc', 417, CRL, cr, 'P1'),
  XL('mcrf', 0, ['BF', 'BFA'], cr, 'P1'),

  // §3.3.2–3.3.6 Fixed-point loads and stores (D, DS, DQ, X forms)
  D('lbz', 34, LD, ls, 'P1', R0), D('lbzu', 35, LD, ls, 'P1', RAL),
  D('lhz', 40, LD, ls, 'P1', R0), D('lhzu', 41, LD, ls, 'P1', RAL),
  D('lha', 42, LD, ls, 'P1', R0), D('lhau', 43, LD, ls, 'P1', RAL),
  D('lwz', 32, LD, ls, 'P1', R0), D('lwzu', 33, LD, ls, 'P1', RAL),
  DS('lwa', 58, 2, ['RT', 'DS', 'RA'], 'P1', R0),
  DS('ld', 58, 0, ['RT', 'DS', 'RA'], 'P1', R0), DS('ldu', 58, 1, ['RT', 'DS', 'RA'], 'P1', RAL),
  D('stb', 38, ST, ls, 'P1', R0), D('stbu', 39, ST, ls, 'P1', RAS),
  D('sth', 44, ST, ls, 'P1', R0), D('sthu', 45, ST, ls, 'P1', RAS),
  D('stw', 36, ST, ls, 'P1', R0), D('stwu', 37, ST, ls, 'P1', RAS),
  DS('std', 62, 0, ['RS', 'DS', 'RA'], 'P1', R0), DS('stdu', 62, 1, ['RS', 'DS', 'RA'], 'P1', RAS),
  // §3.3.4 Quadword (Book I since 2.07); DQ-form lq's bits 28:31 are reserved and, like
  // other reserved bits, not decoded (objdump and QEMU ignore them too)
  row('lq', 'DQ', ls, '2.07', OPM, op(56), ['RT', 'DQ', 'RA'], { ra0: true, invalid: 'lq', loose: 0xf }),
  DS('stq', 62, 2, ['RS', 'DS', 'RA'], '2.07', { ra0: true, invalid: 'evenrs' }),
  D('lmw', 46, LD, ls, 'P1', { ra0: true, invalid: 'ram' }), D('stmw', 47, ST, ls, 'P1', R0),
  X('lbzx', 87, LX, ls, 'P1', R0), X('lbzux', 119, LX, ls, 'P1', RAL),
  X('lhzx', 279, LX, ls, 'P1', R0), X('lhzux', 311, LX, ls, 'P1', RAL),
  X('lhax', 343, LX, ls, 'P1', R0), X('lhaux', 375, LX, ls, 'P1', RAL),
  X('lwzx', 23, LX, ls, 'P1', R0), X('lwzux', 55, LX, ls, 'P1', RAL),
  X('lwax', 341, LX, ls, 'P1', R0), X('lwaux', 373, LX, ls, 'P1', RAL),
  X('ldx', 21, LX, ls, 'P1', R0), X('ldux', 53, LX, ls, 'P1', RAL),
  X('stbx', 215, SX, ls, 'P1', R0), X('stbux', 247, SX, ls, 'P1', RAS),
  X('sthx', 407, SX, ls, 'P1', R0), X('sthux', 439, SX, ls, 'P1', RAS),
  X('stwx', 151, SX, ls, 'P1', R0), X('stwux', 183, SX, ls, 'P1', RAS),
  X('stdx', 149, SX, ls, 'P1', R0), X('stdux', 181, SX, ls, 'P1', RAS),
  // §3.3.5 byte-reversed, §3.3.7 string
  X('lhbrx', 790, LX, ls, 'P1', R0), X('lwbrx', 534, LX, ls, 'P1', R0), X('ldbrx', 532, LX, ls, '2.06', R0),
  X('sthbrx', 918, SX, ls, 'P1', R0), X('stwbrx', 662, SX, ls, 'P1', R0), X('stdbrx', 660, SX, ls, '2.06', R0),
  X('lswi', 597, ['RT', 'RA', 'NB'], ls, 'P1', { ra0: true, invalid: 'rax' }),
  X('lswx', 533, LX, ls, 'P1', { ra0: true, invalid: 'lswx' }),
  X('stswi', 725, ['RS', 'RA', 'NB'], ls, 'P1', R0), X('stswx', 661, SX, ls, 'P1', R0),
  // Book II §4.4.2 load and reserve / store conditional (stcx. has bit 31 = 1)
  X('lbarx', 52, ['RT', 'RA', 'RB', 'EH'], ls, '2.06', { ra0: true, optional: ['EH'] }),
  X('lharx', 116, ['RT', 'RA', 'RB', 'EH'], ls, '2.06', { ra0: true, optional: ['EH'] }),
  X('lwarx', 20, ['RT', 'RA', 'RB', 'EH'], ls, 'P1', { ra0: true, optional: ['EH'] }),
  X('ldarx', 84, ['RT', 'RA', 'RB', 'EH'], ls, 'P1', { ra0: true, optional: ['EH'] }),
  X('lqarx', 276, ['RT', 'RA', 'RB', 'EH'], ls, '2.07', { ra0: true, optional: ['EH'], invalid: 'lqarx' }),
  row('stbcx.', 'X', ls, '2.06', OPM | 0x7ff, op(31) | (694 << 1) | 1, SX, R0),
  row('sthcx.', 'X', ls, '2.06', OPM | 0x7ff, op(31) | (726 << 1) | 1, SX, R0),
  row('stwcx.', 'X', ls, 'P1', OPM | 0x7ff, op(31) | (150 << 1) | 1, SX, R0),
  row('stdcx.', 'X', ls, 'P1', OPM | 0x7ff, op(31) | (214 << 1) | 1, SX, R0),
  row('stqcx.', 'X', ls, '2.07', OPM | 0x7ff, op(31) | (182 << 1) | 1, SX, { ra0: true, invalid: 'evenrs' }),
  // Book III-S §4.4.1 cache-inhibited loads/stores (hypervisor)
  X('lbzcix', 853, LX, ls, '2.05', { ra0: true, priv: 'hyp' }), X('lhzcix', 821, LX, ls, '2.05', { ra0: true, priv: 'hyp' }),
  X('lwzcix', 789, LX, ls, '2.05', { ra0: true, priv: 'hyp' }), X('ldcix', 885, LX, ls, '2.05', { ra0: true, priv: 'hyp' }),
  X('stbcix', 981, SX, ls, '2.05', { ra0: true, priv: 'hyp' }), X('sthcix', 949, SX, ls, '2.05', { ra0: true, priv: 'hyp' }),
  X('stwcix', 917, SX, ls, '2.05', { ra0: true, priv: 'hyp' }), X('stdcix', 1013, SX, ls, '2.05', { ra0: true, priv: 'hyp' }),

  // §3.3.8 Fixed-point arithmetic
  D('addi', 14, ['RT', 'RA', 'SI'], fx, 'P1', R0), D('addis', 15, ['RT', 'RA', 'SI'], fx, 'P1', R0),
  D('addic', 12, ['RT', 'RA', 'SI'], fx, 'P1'), D('addic.', 13, ['RT', 'RA', 'SI'], fx, 'P1'),
  D('subfic', 8, ['RT', 'RA', 'SI'], fx, 'P1'), D('mulli', 7, ['RT', 'RA', 'SI'], fx, 'P1'),
  XO('add', 266, ARI, 'P1', true), XO('addc', 10, ARI, 'P1', true), XO('adde', 138, ARI, 'P1', true),
  XO('addme', 234, ['RT', 'RA'], 'P1', true), XO('addze', 202, ['RT', 'RA'], 'P1', true),
  XO('subf', 40, ARI, 'P1', true), XO('subfc', 8, ARI, 'P1', true), XO('subfe', 136, ARI, 'P1', true),
  XO('subfme', 232, ['RT', 'RA'], 'P1', true), XO('subfze', 200, ['RT', 'RA'], 'P1', true),
  XO('neg', 104, ['RT', 'RA'], 'P1', true),
  XO('mullw', 235, ARI, 'P1', true), XO('mulld', 233, ARI, 'P1', true),
  XO('mulhw', 75, ARI, 'P1', false), XO('mulhwu', 11, ARI, 'P1', false),
  XO('mulhd', 73, ARI, 'P1', false), XO('mulhdu', 9, ARI, 'P1', false),
  XO('divw', 491, ARI, 'P1', true), XO('divwu', 459, ARI, 'P1', true),
  XO('divd', 489, ARI, 'P1', true), XO('divdu', 457, ARI, 'P1', true),
  XO('divwe', 427, ARI, '2.06', true), XO('divweu', 395, ARI, '2.06', true),
  XO('divde', 425, ARI, '2.06', true), XO('divdeu', 393, ARI, '2.06', true),
  // §3.3.10 compare (L selects 64-bit), §3.3.11 trap
  // (objdump ignores the reserved bit 9 of the D forms, not of the X forms)
  D('cmpi', 11, ['BF', 'L10', 'RA', 'SI'], fx, 'P1', { loose: 0x400000 }),
  D('cmpli', 10, ['BF', 'L10', 'RA', 'UI'], fx, 'P1', { loose: 0x400000 }),
  X('cmp', 0, ['BF', 'L10', 'RA', 'RB'], fx, 'P1'), X('cmpl', 32, ['BF', 'L10', 'RA', 'RB'], fx, 'P1'),
  D('twi', 3, ['TO', 'RA', 'SI'], fx, 'P1'), D('tdi', 2, ['TO', 'RA', 'SI'], fx, 'P1'),
  X('tw', 4, ['TO', 'RA', 'RB'], fx, 'P1'), X('td', 68, ['TO', 'RA', 'RB'], fx, 'P1'),
  // §3.3.12 isel (A-form, XO in bits 26:30; objdump ignores the reserved bit 31)
  row('isel', 'A', fx, '2.03', OPM | 0x3e, op(31) | (15 << 1), ['RT', 'RA', 'RB', 'BC'], { ra0: true, loose: 1 }),
  // §3.3.13 logical
  D('andi.', 28, ['RA', 'RS', 'UI'], fx, 'P1'), D('andis.', 29, ['RA', 'RS', 'UI'], fx, 'P1'),
  D('ori', 24, ['RA', 'RS', 'UI'], fx, 'P1'), D('oris', 25, ['RA', 'RS', 'UI'], fx, 'P1'),
  D('xori', 26, ['RA', 'RS', 'UI'], fx, 'P1'), D('xoris', 27, ['RA', 'RS', 'UI'], fx, 'P1'),
  X('and', 28, LOG, fx, 'P1', RC), X('or', 444, LOG, fx, 'P1', RC), X('xor', 316, LOG, fx, 'P1', RC),
  X('nand', 476, LOG, fx, 'P1', RC), X('nor', 124, LOG, fx, 'P1', RC), X('eqv', 284, LOG, fx, 'P1', RC),
  X('andc', 60, LOG, fx, 'P1', RC), X('orc', 412, LOG, fx, 'P1', RC),
  X('extsb', 954, ['RA', 'RS'], fx, 'P1', RC), X('extsh', 922, ['RA', 'RS'], fx, 'P1', RC),
  X('extsw', 986, ['RA', 'RS'], fx, 'P1', RC),
  X('cntlzw', 26, ['RA', 'RS'], fx, 'P1', RC), X('cntlzd', 58, ['RA', 'RS'], fx, 'P1', RC),
  X('cmpb', 508, LOG, fx, '2.05'),
  X('popcntb', 122, ['RA', 'RS'], fx, '2.02'), X('popcntw', 378, ['RA', 'RS'], fx, '2.06'),
  X('popcntd', 506, ['RA', 'RS'], fx, '2.06'),
  X('prtyw', 154, ['RA', 'RS'], fx, '2.05'), X('prtyd', 186, ['RA', 'RS'], fx, '2.05'),
  X('bpermd', 252, LOG, fx, '2.06'),
  // §3.3.14 rotate and shift (M, MD, MDS, X, XS forms)
  row('rlwinm', 'M', fx, 'P1', OPM, op(21), ['RA', 'RS', 'SH', 'MB', 'ME'], RC),
  row('rlwnm', 'M', fx, 'P1', OPM, op(23), ['RA', 'RS', 'RB', 'MB', 'ME'], RC),
  row('rlwimi', 'M', fx, 'P1', OPM, op(20), ['RA', 'RS', 'SH', 'MB', 'ME'], RC),
  MD('rldicl', 0, ['RA', 'RS', 'SH6', 'MB6']), MD('rldicr', 1, ['RA', 'RS', 'SH6', 'ME6']),
  MD('rldic', 2, ['RA', 'RS', 'SH6', 'MB6']), MD('rldimi', 3, ['RA', 'RS', 'SH6', 'MB6']),
  MDS('rldcl', 8, ['RA', 'RS', 'RB', 'MB6']), MDS('rldcr', 9, ['RA', 'RS', 'RB', 'ME6']),
  X('slw', 24, LOG, fx, 'P1', RC), X('srw', 536, LOG, fx, 'P1', RC), X('sraw', 792, LOG, fx, 'P1', RC),
  X('srawi', 824, ['RA', 'RS', 'SH'], fx, 'P1', RC),
  X('sld', 27, LOG, fx, 'P1', RC), X('srd', 539, LOG, fx, 'P1', RC), X('srad', 794, LOG, fx, 'P1', RC),
  row('sradi', 'XS', fx, 'P1', OPM | 0x7fc, op(31) | (413 << 2), ['RA', 'RS', 'SH6'], RC),
  // §3.3.15 BCD assist
  X('cdtbcd', 282, ['RA', 'RS'], fx, '2.06'), X('cbcdtd', 314, ['RA', 'RS'], fx, '2.06'),
  XO('addg6s', 74, ARI, '2.06', false, false),

  // §3.3.17 move to/from system registers (mfspr/mtspr privilege is per SPR)
  XFX('mtspr', 467, ['SPR', 'RS'], pc, 'P1'), XFX('mfspr', 339, ['RT', 'SPR'], pc, 'P1'),
  XFX('mftb', 371, ['RT', 'TBR'], pc, 'P1', { objdump: false }),
  XFX('mtcrf', 144, ['FXM', 'RS'], pc, 'P1', {}, 0), XFX('mtocrf', 144, ['FXM', 'RS'], pc, '2.01', { invalid: 'fxm1' }, 1),
  XFX('mfcr', 19, ['RT'], pc, 'P1', {}, 0), XFX('mfocrf', 19, ['RT', 'FXM'], pc, '2.01', { invalid: 'fxm1' }, 1),
  // Book III-S §4.4.3 MSR
  X('mtmsr', 146, ['RS', 'L15'], pc, 'P1', { priv: 'priv', optional: ['L15'] }),
  X('mtmsrd', 178, ['RS', 'L15'], pc, '2.00', { priv: 'priv', optional: ['L15'] }),
  X('mfmsr', 83, ['RT'], pc, 'P1', { priv: 'priv' }),
  XL('rfid', 18, [], pc, '2.00', { priv: 'priv' }), XL('hrfid', 274, [], pc, '2.02', { priv: 'hyp' }),
  // Book III-S §3.3.2 power saving
  XL('doze', 402, [], pc, '2.06', { priv: 'hyp' }), XL('nap', 434, [], pc, '2.06', { priv: 'hyp' }),
  XL('sleep', 466, [], pc, '2.06', { priv: 'hyp' }), XL('rvwinkle', 498, [], pc, '2.06', { priv: 'hyp' }),
  // Book III-S §5.9.3.3 processor messages
  X('msgsnd', 206, ['RB'], pc, '2.07', { priv: 'hyp' }), X('msgclr', 238, ['RB'], pc, '2.07', { priv: 'hyp' }),
  X('msgsndp', 142, ['RB'], pc, '2.07', { priv: 'priv' }), X('msgclrp', 174, ['RB'], pc, '2.07', { priv: 'priv' }),

  // Book II §4.3 cache management, §4.4.3 memory barriers, §1.7.1 isync
  X('dcbt', 278, ['RA', 'RB', 'TH'], sc, 'P1', { ra0: true, optional: ['TH'] }),
  X('dcbtst', 246, ['RA', 'RB', 'TH'], sc, 'P1', { ra0: true, optional: ['TH'] }),
  X('dcbf', 86, ['RA', 'RB', 'L'], sc, 'P1', { ra0: true, optional: ['L'], invalid: 'l2' }),
  X('dcbst', 54, ['RA', 'RB'], sc, 'P1', R0), X('dcbz', 1014, ['RA', 'RB'], sc, 'P1', R0),
  X('icbi', 982, ['RA', 'RB'], sc, 'P1', R0), X('icbt', 22, ['CT', 'RA', 'RB'], sc, '2.07', { ra0: true, optional: ['CT'] }),
  X('sync', 598, ['L'], sc, 'P1', { optional: ['L'], invalid: 'l3' }), X('eieio', 854, [], sc, 'P1'),
  XL('isync', 150, [], sc, 'P1'),
  // Book III-S §5.9.3 SLB and TLB management
  X('slbie', 434, ['RB'], sc, '2.00', { priv: 'priv' }),
  X('slbia', 498, ['IH'], sc, '2.00', { priv: 'priv', optional: ['IH'] }), // IH hint: bits 8:10
  X('slbmte', 402, ['RS', 'RB'], sc, '2.00', { priv: 'priv' }),
  X('slbmfev', 851, ['RT', 'RB'], sc, '2.00', { priv: 'priv' }),
  X('slbmfee', 915, ['RT', 'RB'], sc, '2.00', { priv: 'priv' }),
  row('slbfee.', 'X', sc, '2.05', OPM | 0x7ff, op(31) | (979 << 1) | 1, ['RT', 'RB'], { priv: 'priv' }),
  // ISA 2.07: tlbie RB,RS (RS bits 6:10 hold the LPID), tlbiel RB,L (L at bit 10)
  X('tlbie', 306, ['RB', 'RS'], sc, '2.07', { priv: 'hyp' }),
  X('tlbiel', 274, ['RB', 'L10'], sc, '2.07', { priv: 'priv', optional: ['L10'] }),
  X('tlbsync', 566, [], sc, 'P1', { priv: 'hyp' }),

  // Book I ch. 6 vector facility (table-vector.ts)
  ...VECTOR_FORMS,
];


// ---------------------------------------------------------------------------------------
// Extended mnemonics (Book I Appendix C "Assembler Extended Mnemonics"), restricted to the
// ones objdump -M power8 prints. Preference among several matching aliases: most mask bits
// (plus constraints) first, then order here.

const byName = new Map(FORMS.map((f) => [f.name, f]));
const fv = (f: Field, v: number): number => insertField(f, v, 0);
const fm = (f: Field): number => fieldMask(f);

function alias(name: string, base: string, mask: number, match: number, operands: AliasOperand[],
  more: Partial<Pick<Alias, 'same' | 'sum' | 'optional'>> = {}): Alias {
  const b = byName.get(base);
  if (!b) throw new Error(`alias ${name}: unknown base form ${base}`);
  return { name, base, mask: u(b.mask | mask), match: u(b.match | match), operands, ...more };
}

/** §2.4 / App. C.2 branch mnemonics. In B-form aliases objdump ignores the low BO bit
 *  unless the +/- hint is spelled; in XL-form aliases BO must match exactly. */
function branchAliases(): Alias[] {
  const out: Alias[] = [];
  const bo = (v: number) => fv('BO', v), bi = (v: number) => fv('BI', v);
  const BOm = fm('BO'), BIm = fm('BI'), cc = ['lt', 'gt', 'eq', 'so'], ncc = ['ge', 'le', 'ne', 'ns'];
  for (const [base, sfx] of [['bc', ''], ['bcl', 'l'], ['bca', 'a'], ['bcla', 'la']]) {
    const loose = bo(0x1e);
    for (const [stem, v] of [['bdnzf', 0], ['bdzf', 2], ['bdnzt', 8], ['bdzt', 10]] as const)
      out.push(alias(stem + sfx, base, loose, bo(v), ['BI', 'BD']));
    for (const [names, v] of [[ncc, 4], [cc, 12]] as const) {
      for (let c = 0; c < 4; c++) {
        const o = { optional: ['CRF'] as AliasOperand[] };
        out.push(alias('b' + names[c] + sfx, base, loose | bi(3), bo(v) | bi(c), ['CRF', 'BD'], o));
        out.push(alias('b' + names[c] + sfx + '-', base, BOm | bi(3), bo(v | 2) | bi(c), ['CRF', 'BD'], o));
        out.push(alias('b' + names[c] + sfx + '+', base, BOm | bi(3), bo(v | 3) | bi(c), ['CRF', 'BD'], o));
      }
    }
    for (const [stem, v] of [['bdnz', 16], ['bdz', 18]] as const) {
      out.push(alias(stem + sfx, base, loose | BIm, bo(v), ['BD']));
      out.push(alias(stem + sfx + '-', base, BOm | BIm, bo(v | 8), ['BD']));
      out.push(alias(stem + sfx + '+', base, BOm | BIm, bo(v | 9), ['BD']));
    }
  }
  const xl = [['bclr', 'lr'], ['bclrl', 'lrl'], ['bcctr', 'ctr'], ['bcctrl', 'ctrl'], ['bctar', 'tar'], ['bctarl', 'tarl']];
  for (const [base, sfx] of xl) {
    const ctr = base.startsWith('bcctr'); // CTR-decrementing bcctr forms are invalid (§2.4)
    const bh = { optional: ['BH'] as AliasOperand[] };
    if (!ctr) for (const [stem, v] of [['bdnzf', 0], ['bdzf', 2], ['bdnzt', 8], ['bdzt', 10]] as const)
      out.push(alias(stem + sfx, base, BOm, bo(v), ['BI', 'BH'], bh));
    for (const [names, v] of [[ncc, 4], [cc, 12]] as const) {
      for (let c = 0; c < 4; c++) {
        const o = { optional: ['CRF', 'BH'] as AliasOperand[] };
        for (const [h, hv] of [['', 0], ['-', 2], ['+', 3]] as const)
          out.push(alias('b' + names[c] + sfx + h, base, BOm | bi(3), bo(v | hv) | bi(c), ['CRF', 'BH'], o));
      }
    }
    if (!ctr) for (const [stem, v] of [['bdnz', 16], ['bdz', 18]] as const)
      for (const [h, hv] of [['', 0], ['-', 8], ['+', 9]] as const)
        out.push(alias(stem + sfx + h, base, BOm | BIm, bo(v | hv), ['BH'], bh));
    out.push(alias('b' + sfx, base, BOm | BIm, bo(20), ['BH'], bh));
  }
  return out;
}

/** App. C.6 trap mnemonics: TO value → condition name. */
const TRAPS: readonly [number, string][] = [
  [1, 'lgt'], [2, 'llt'], [4, 'eq'], [5, 'lge'], [6, 'lle'], [8, 'gt'], [12, 'ge'], [16, 'lt'],
  [20, 'le'], [24, 'ne'], [31, 'u'],
];

/** Book III-S SPR mnemonics objdump prints: [SPR, mf name, mt name]. */
const SPRS: readonly [number, string | null, string | null][] = [
  [1, 'mfxer', 'mtxer'], [4, 'mfrtcu', null], [5, 'mfrtcl', null], [8, 'mflr', 'mtlr'],
  [9, 'mfctr', 'mtctr'], [17, 'mfdscr', 'mtdscr'], [18, 'mfdsisr', 'mtdsisr'], [19, 'mfdar', 'mtdar'],
  [20, null, 'mtrtcu'], [21, null, 'mtrtcl'], [22, 'mfdec', 'mtdec'], [25, 'mfsdr1', 'mtsdr1'],
  [26, 'mfsrr0', 'mtsrr0'], [27, 'mfsrr1', 'mtsrr1'], [28, 'mfcfar', 'mtcfar'], [29, 'mfamr', 'mtamr'],
  [136, 'mfctrl', null], [152, null, 'mtctrl'], [157, 'mfuamor', 'mtuamor'], [256, 'mfvrsave', 'mtvrsave'],
  [268, 'mftb', null], [269, 'mftbu', null], [280, 'mfasr', 'mtasr'], [282, 'mfear', 'mtear'],
  [284, null, 'mttbl'], [285, null, 'mttbu'], [287, 'mfpvr', null], [336, 'mfhmer', 'mthmer'],
  [337, 'mfhmeer', 'mthmeer'], [349, 'mfamor', 'mtamor'],
  [770, 'mfmmcra', null], [771, 'mfpmc1', null], [772, 'mfpmc2', null], [773, 'mfpmc3', null],
  [774, 'mfpmc4', null], [775, 'mfpmc5', null], [776, 'mfpmc6', null], [779, 'mfmmcr0', null],
  [782, 'mfmmcr1', null], [786, null, 'mtmmcra'], [787, null, 'mtpmc1'], [788, null, 'mtpmc2'],
  [789, null, 'mtpmc3'], [790, null, 'mtpmc4'], [791, null, 'mtpmc5'], [792, null, 'mtpmc6'],
  [795, null, 'mtmmcr0'], [798, null, 'mtmmcr1'], [848, 'mfic', 'mtic'], [849, 'mfvtb', 'mtvtb'],
  [896, 'mfppr', 'mtppr'], [898, 'mfppr32', 'mtppr32'],
];

function sprAliases(): Alias[] {
  const out: Alias[] = [];
  const S = fm('SPR');
  for (const [n, mf, mt] of SPRS) {
    if (mf) out.push(alias(mf, 'mfspr', S, fv('SPR', n), ['RT']));
    if (mt) out.push(alias(mt, 'mtspr', S, fv('SPR', n), ['RS']));
  }
  // SPRG0-3 (272-275) and the BAT pairs 528-543 print their number as an operand.
  for (let i = 0; i < 4; i++) {
    out.push(alias('mfsprg', 'mfspr', S, fv('SPR', 272 + i), ['RT', `=${i}`]));
    out.push(alias('mtsprg', 'mtspr', S, fv('SPR', 272 + i), [`=${i}`, 'RS']));
  }
  for (let n = 528; n < 544; n++) {
    const k = `${n < 536 ? 'i' : 'd'}bat${n & 1 ? 'l' : 'u'}`, i = (n >> 1) & 3;
    out.push(alias('mf' + k, 'mfspr', S, fv('SPR', n), ['RT', `=${i}`]));
    out.push(alias('mt' + k, 'mtspr', S, fv('SPR', n), [`=${i}`, 'RS']));
  }
  return out;
}

function fixedAliases(): Alias[] {
  const z = (...fs: Field[]) => fs.reduce((m, f) => m | fm(f), 0);
  const out: Alias[] = [
    // App. C.9 miscellaneous
    alias('nop', 'ori', z('RS', 'RA', 'UI'), 0, []), alias('xnop', 'xori', z('RS', 'RA', 'UI'), 0, []),
    alias('li', 'addi', fm('RA'), 0, ['RT', 'SI']), alias('lis', 'addis', fm('RA'), 0, ['RT', 'SI']),
    alias('mr', 'or', 0, 0, ['RA', 'RS'], { same: [['RS', 'RB']] }),
    alias('not', 'nor', 0, 0, ['RA', 'RS'], { same: [['RS', 'RB']] }),
    // App. C.5 compare
    alias('cmpwi', 'cmpi', fm('L10'), 0, ['BF', 'RA', 'SI'], { optional: ['BF'] }),
    alias('cmpdi', 'cmpi', fm('L10'), fv('L10', 1), ['BF', 'RA', 'SI'], { optional: ['BF'] }),
    alias('cmplwi', 'cmpli', fm('L10'), 0, ['BF', 'RA', 'UI'], { optional: ['BF'] }),
    alias('cmpldi', 'cmpli', fm('L10'), fv('L10', 1), ['BF', 'RA', 'UI'], { optional: ['BF'] }),
    alias('cmpw', 'cmp', fm('L10'), 0, ['BF', 'RA', 'RB'], { optional: ['BF'] }),
    alias('cmpd', 'cmp', fm('L10'), fv('L10', 1), ['BF', 'RA', 'RB'], { optional: ['BF'] }),
    alias('cmplw', 'cmpl', fm('L10'), 0, ['BF', 'RA', 'RB'], { optional: ['BF'] }),
    alias('cmpld', 'cmpl', fm('L10'), fv('L10', 1), ['BF', 'RA', 'RB'], { optional: ['BF'] }),
    // App. C.6 trap
    alias('trap', 'tw', z('TO', 'RA', 'RB'), fv('TO', 31), []),
  ];
  for (const [to, c] of TRAPS) {
    const TO = fm('TO'), v = fv('TO', to);
    out.push(alias('tw' + c, 'tw', TO, v, ['RA', 'RB']), alias('td' + c, 'td', TO, v, ['RA', 'RB']));
    out.push(alias('tw' + c + 'i', 'twi', TO, v, ['RA', 'SI']), alias('td' + c + 'i', 'tdi', TO, v, ['RA', 'SI']));
  }
  out.push(
    // App. C.3 condition register logical
    alias('crset', 'creqv', 0, 0, ['BT'], { same: [['BT', 'BA'], ['BA', 'BB']] }),
    alias('crclr', 'crxor', 0, 0, ['BT'], { same: [['BT', 'BA'], ['BA', 'BB']] }),
    alias('crmove', 'cror', 0, 0, ['BT', 'BA'], { same: [['BA', 'BB']] }),
    alias('crnot', 'crnor', 0, 0, ['BT', 'BA'], { same: [['BA', 'BB']] }),
    // App. C.8 rotate and shift
    alias('rotlwi', 'rlwinm', z('MB', 'ME'), fv('ME', 31), ['RA', 'RS', 'SH']),
    alias('clrlwi', 'rlwinm', z('SH', 'ME'), fv('ME', 31), ['RA', 'RS', 'MB']),
    alias('clrrwi', 'rlwinm', z('SH', 'MB'), 0, ['RA', 'RS', 'N31ME']),
    alias('slwi', 'rlwinm', fm('MB'), 0, ['RA', 'RS', 'SH'], { sum: ['SH', 'ME', 31] }),
    alias('srwi', 'rlwinm', fm('ME'), fv('ME', 31), ['RA', 'RS', 'MB'], { sum: ['SH', 'MB', 32] }),
    alias('rotlw', 'rlwnm', z('MB', 'ME'), fv('ME', 31), ['RA', 'RS', 'RB']),
    alias('rotldi', 'rldicl', fm('MB6'), 0, ['RA', 'RS', 'SH6']),
    alias('clrldi', 'rldicl', fm('SH6'), 0, ['RA', 'RS', 'MB6']),
    alias('srdi', 'rldicl', 0, 0, ['RA', 'RS', 'MB6'], { sum: ['SH6', 'MB6', 64] }),
    alias('clrrdi', 'rldicr', fm('SH6'), 0, ['RA', 'RS', 'N63ME']),
    alias('sldi', 'rldicr', 0, 0, ['RA', 'RS', 'SH6'], { sum: ['SH6', 'ME6', 63] }),
    alias('rotld', 'rldcl', fm('MB6'), 0, ['RA', 'RS', 'RB']),
    // §3.3.12 isel on CR0 (unlike isel, objdump's aliases require the reserved bit 31 = 0)
    alias('isellt', 'isel', fm('BC') | 1, 0, ['RT', 'RA', 'RB']),
    alias('iselgt', 'isel', fm('BC') | 1, fv('BC', 1), ['RT', 'RA', 'RB']),
    alias('iseleq', 'isel', fm('BC') | 1, fv('BC', 2), ['RT', 'RA', 'RB']),
    // §3.3.17 move to CR
    alias('mtcr', 'mtcrf', fm('FXM'), fv('FXM', 0xff), ['RS']),
    // Book II §4.4.3 memory barriers, §4.3.2 data cache hints (TH: 0-7 ct, 8-15 ds, 16 t)
    alias('hwsync', 'sync', fm('L'), 0, []), alias('lwsync', 'sync', fm('L'), fv('L', 1), []),
    alias('ptesync', 'sync', fm('L'), fv('L', 2), []),
    alias('dcbfl', 'dcbf', fm('L'), fv('L', 1), ['RA', 'RB']),
    // dcbz with reserved bit 10 set: binutils' POWER4/970 "dcbzl" (zero the native line)
    alias('dcbzl', 'dcbz', fm('RT'), fv('L10', 1), ['RA', 'RB']),
    // App. C.9 vector move and complement
    alias('vmr', 'vor', 0, 0, ['VRT', 'VRA'], { same: [['VRA', 'VRB']] }),
    alias('vnot', 'vnor', 0, 0, ['VRT', 'VRA'], { same: [['VRA', 'VRB']] }),
  );
  for (const b of ['dcbt', 'dcbtst']) out.push(
    alias(b + 'ct', b, fv('TH', 0x18), 0, ['RA', 'RB', 'TH'], { optional: ['TH'] }),
    alias(b + 'ds', b, fm('TH'), fv('TH', 8), ['RA', 'RB']),
    alias(b + 'ds', b, fv('TH', 0x18), fv('TH', 8), ['RA', 'RB', 'TH']),
    alias(b + 't', b, fm('TH'), fv('TH', 16), ['RA', 'RB']),
  );
  return out;
}

export const ALIASES: readonly Alias[] = [...branchAliases(), ...sprAliases(), ...fixedAliases()];
