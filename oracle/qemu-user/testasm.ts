// Hand encoders for the few instruction forms the harness tests use (Power ISA 2.07 Book I
// field layouts), so the tests need no assembler. Only for tests.

const u = (w: number): number => w >>> 0;
const D = (op: number, rt: number, ra: number, d: number): number => u(op << 26 | rt << 21 | ra << 16 | (d & 0xffff));
const X = (rt: number, ra: number, rb: number, xo: number, rc = 0): number => u(31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1 | rc);
const XO = (rt: number, ra: number, rb: number, xo: number, oe = 0, rc = 0): number =>
  u(31 << 26 | rt << 21 | ra << 16 | rb << 11 | oe << 10 | xo << 1 | rc);
const VX = (vt: number, va: number, vb: number, xo: number): number => u(4 << 26 | vt << 21 | va << 16 | vb << 11 | xo);
/** mtspr/mfspr: the SPR number's two 5-bit halves are swapped in the field. */
const sprField = (spr: number): number => (spr & 31) << 5 | spr >> 5;

export const asm = {
  addi: (rt: number, ra: number, si: number) => D(14, rt, ra, si),
  addis: (rt: number, ra: number, si: number) => D(15, rt, ra, si),
  addic: (rt: number, ra: number, si: number) => D(12, rt, ra, si),
  lbz: (rt: number, ra: number, d: number) => D(34, rt, ra, d),
  lhz: (rt: number, ra: number, d: number) => D(40, rt, ra, d),
  lwz: (rt: number, ra: number, d: number) => D(32, rt, ra, d),
  stb: (rs: number, ra: number, d: number) => D(38, rs, ra, d),
  sth: (rs: number, ra: number, d: number) => D(44, rs, ra, d),
  stw: (rs: number, ra: number, d: number) => D(36, rs, ra, d),
  ld: (rt: number, ra: number, ds: number) => D(58, rt, ra, ds & ~3),
  std: (rs: number, ra: number, ds: number) => D(62, rs, ra, ds & ~3),
  add: (rt: number, ra: number, rb: number) => XO(rt, ra, rb, 266),
  addo: (rt: number, ra: number, rb: number) => XO(rt, ra, rb, 266, 1),
  addc: (rt: number, ra: number, rb: number) => XO(rt, ra, rb, 10),
  adde: (rt: number, ra: number, rb: number) => XO(rt, ra, rb, 138),
  mtspr: (spr: number, rs: number) => X(rs, 0, 0, 467) | sprField(spr) << 11,
  mfspr: (rt: number, spr: number) => X(rt, 0, 0, 339) | sprField(spr) << 11,
  mtcrf: (fxm: number, rs: number) => u(31 << 26 | rs << 21 | fxm << 12 | 144 << 1),
  mfcr: (rt: number) => X(rt, 0, 0, 19),
  mfmsr: (rt: number) => X(rt, 0, 0, 83),
  lwarx: (rt: number, ra: number, rb: number) => X(rt, ra, rb, 20),
  tw: (to: number, ra: number, rb: number) => X(to, ra, rb, 4),
  /** b to a byte displacement from this instruction */
  b: (disp: number) => u(18 << 26 | (disp & 0x3fffffc)),
  fadd: (frt: number, fra: number, frb: number) => u(63 << 26 | frt << 21 | fra << 16 | frb << 11 | 21 << 1),
  mffs: (frt: number) => u(63 << 26 | frt << 21 | 583 << 1),
  vaddubm: (vt: number, va: number, vb: number) => VX(vt, va, vb, 0),
  vaddubs: (vt: number, va: number, vb: number) => VX(vt, va, vb, 512),
  /** vsldoi: VA form, SHB in bits 22:25 */
  vsldoi: (vt: number, va: number, vb: number, shb: number) => u(4 << 26 | vt << 21 | va << 16 | vb << 11 | shb << 6 | 44),
  stvx: (vs: number, ra: number, rb: number) => X(vs, ra, rb, 231),
  fdiv: (frt: number, fra: number, frb: number) => u(63 << 26 | frt << 21 | fra << 16 | frb << 11 | 18 << 1),
  mfvscr: (vt: number) => VX(vt, 0, 0, 1540),
  mtvscr: (vb: number) => VX(0, 0, vb, 1604),
  /** XX3 form: 6-bit VSR numbers, the high bit of each in AX/BX/TX */
  xxlor: (t: number, a: number, b: number) =>
    u(60 << 26 | (t & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | 146 << 3 | (a >> 5) << 2 | (b >> 5) << 1 | t >> 5),
  /** mfvsrd RA,XS: doubleword 0 of VSR XS (SX = the high bit, in the last bit) */
  mfvsrd: (ra: number, xs: number) => u(31 << 26 | (xs & 31) << 21 | ra << 16 | 51 << 1 | xs >> 5),
  trap: 0x7fe00008,
  nop: 0x60000000,
};

export const SPR = { XER: 1, LR: 8, CTR: 9, VRSAVE: 256 } as const;
