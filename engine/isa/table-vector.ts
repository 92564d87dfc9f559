// The instruction table's vector (VMX, "AltiVec") rows: Power ISA 2.07 Book I ch. 6. The
// storage access, permute/merge/splat/shift, logical, modulo integer add/subtract, integer
// compare, element shift/rotate and VSCR forms; table.ts appends them to FORMS.
// Formats (§1.6.14–16): VX has its extended opcode in bits 21:31, VA in bits 26:31, VC in
// bits 22:31 with Rc in bit 21 (so a VC row and its '.' twin are two rows here).
import type { Field } from './form.js';
import type { Row } from './table.js';

const u = (n: number): number => n >>> 0;
const OPM = 0xfc000000;
const op = (p: number): number => u(p << 26);
const row = (name: string, format: Row['format'], mask: number, match: number, operands: Field[],
  o: Partial<Row> = {}): Row => ({ name, format, family: 'vector', mask: u(mask), match: u(match), operands, isa: '2.03', ...o });

const VX = (n: string, xo: number, ops: Field[] = ['VRT', 'VRA', 'VRB'], o: Partial<Row> = {}) =>
  row(n, 'VX', OPM | 0x7ff, op(4) | xo, ops, o);
const VA = (n: string, xo: number, ops: Field[] = ['VRT', 'VRA', 'VRB', 'VRC']) =>
  row(n, 'VA', OPM | 0x3f, op(4) | xo, ops);
/** A VC-form compare and its Rc = 1 twin (which also sets CR6, §6.9.3). */
const VC = (n: string, xo: number): Row[] => [
  row(n, 'VC', OPM | 0x7ff, op(4) | xo, ['VRT', 'VRA', 'VRB']),
  row(n + '.', 'VC', OPM | 0x7ff, op(4) | 0x400 | xo, ['VRT', 'VRA', 'VRB']),
];
/** X-form of primary opcode 31 (storage access, §6.7; stream hints, Book II §4.3.2). */
const X = (n: string, xo: number, ops: Field[], o: Partial<Row> = {}) =>
  row(n, 'X', OPM | 0x7fe, op(31) | (xo << 1), ops, o);
const LV = ['VRT', 'RA', 'RB'] as Field[], SV = ['VRS', 'RA', 'RB'] as Field[];
const R0: Partial<Row> = { ra0: true };
const DST = ['RA', 'RB', 'STRM'] as Field[];
const DST_LOOSE: Partial<Row> = { loose: 0x1800001 };
const DSS_LOOSE = 0x1800001 | 0x1f0000 | 0xf800;

export const VECTOR_FORMS: readonly Row[] = [
  // §6.7.2–6.7.4 loads and stores, §6.7.6 permute-control loads
  X('lvebx', 7, LV, R0), X('lvehx', 39, LV, R0), X('lvewx', 71, LV, R0),
  X('lvx', 103, LV, R0), X('lvxl', 359, LV, R0),
  X('stvebx', 135, SV, R0), X('stvehx', 167, SV, R0), X('stvewx', 199, SV, R0),
  X('stvx', 231, SV, R0), X('stvxl', 487, SV, R0),
  X('lvsl', 6, LV, R0), X('lvsr', 38, LV, R0),
  // Book II §4.3.2 data stream touch/stop (hints: no effect here). dst/dstst with T=1 are
  // dstt/dststt; dss with A=1 is dssall. objdump checks none of their reserved bits (7:8
  // beside STRM, bit 31, and RA/RB of dss), nor dssall's STRM.
  row('dst', 'X', OPM | 0x2000000 | 0x7fe, op(31) | (342 << 1), DST, DST_LOOSE),
  row('dstt', 'X', OPM | 0x2000000 | 0x7fe, op(31) | 0x2000000 | (342 << 1), DST, DST_LOOSE),
  row('dstst', 'X', OPM | 0x2000000 | 0x7fe, op(31) | (374 << 1), DST, DST_LOOSE),
  row('dststt', 'X', OPM | 0x2000000 | 0x7fe, op(31) | 0x2000000 | (374 << 1), DST, DST_LOOSE),
  row('dss', 'X', OPM | 0x2000000 | 0x7fe, op(31) | (822 << 1), ['STRM'], { loose: DSS_LOOSE }),
  row('dssall', 'X', OPM | 0x2000000 | 0x7fe, op(31) | 0x2000000 | (822 << 1), [], { loose: DSS_LOOSE | 0x600000 }),
  // §6.8 permute and formatting
  VA('vperm', 43), VA('vsel', 42),
  row('vsldoi', 'VA', OPM | 0x3f, op(4) | 44, ['VRT', 'VRA', 'VRB', 'SHB']),
  VX('vmrghb', 12), VX('vmrghh', 76), VX('vmrghw', 140),
  VX('vmrglb', 268), VX('vmrglh', 332), VX('vmrglw', 396),
  VX('vspltb', 524, ['VRT', 'VRB', 'UIM4']), VX('vsplth', 588, ['VRT', 'VRB', 'UIM3']),
  VX('vspltw', 652, ['VRT', 'VRB', 'UIM2']),
  VX('vspltisb', 780, ['VRT', 'SIM']), VX('vspltish', 844, ['VRT', 'SIM']), VX('vspltisw', 908, ['VRT', 'SIM']),
  VX('vsl', 452), VX('vsr', 708), VX('vslo', 1036), VX('vsro', 1100),
  // §6.9.1 modulo add/subtract
  VX('vaddubm', 0), VX('vadduhm', 64), VX('vadduwm', 128), VX('vaddudm', 192, undefined, { isa: '2.07' }),
  VX('vsububm', 1024), VX('vsubuhm', 1088), VX('vsubuwm', 1152), VX('vsubudm', 1216, undefined, { isa: '2.07' }),
  // §6.9.3 integer compare
  ...VC('vcmpequb', 6), ...VC('vcmpequh', 70), ...VC('vcmpequw', 134), ...VC('vcmpequd', 199),
  ...VC('vcmpgtub', 518), ...VC('vcmpgtuh', 582), ...VC('vcmpgtuw', 646), ...VC('vcmpgtud', 711),
  ...VC('vcmpgtsb', 774), ...VC('vcmpgtsh', 838), ...VC('vcmpgtsw', 902), ...VC('vcmpgtsd', 967),
  // §6.9.4 logical
  VX('vand', 1028), VX('vandc', 1092), VX('vor', 1156), VX('vxor', 1220), VX('vnor', 1284),
  VX('vorc', 1348, undefined, { isa: '2.07' }), VX('vnand', 1412, undefined, { isa: '2.07' }),
  VX('veqv', 1668, undefined, { isa: '2.07' }),
  // §6.9.5 element rotate and shift
  VX('vrlb', 4), VX('vrlh', 68), VX('vrlw', 132), VX('vrld', 196, undefined, { isa: '2.07' }),
  VX('vslb', 260), VX('vslh', 324), VX('vslw', 388), VX('vsld', 1476, undefined, { isa: '2.07' }),
  VX('vsrb', 516), VX('vsrh', 580), VX('vsrw', 644), VX('vsrd', 1732, undefined, { isa: '2.07' }),
  VX('vsrab', 772), VX('vsrah', 836), VX('vsraw', 900), VX('vsrad', 964, undefined, { isa: '2.07' }),
  // §6.4 VSCR
  VX('mfvscr', 1540, ['VRT']), VX('mtvscr', 1604, ['VRB']),
];
