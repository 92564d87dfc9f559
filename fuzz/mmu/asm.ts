// The handful of instruction words the MMU harness executes, encoded here from the ISA's
// instruction formats (Book I §1.6) so the harness depends on nothing but the Cpu; a test
// checks them against the project's table encoder.

const D = (op: number, rt: number, ra: number, d: number): number => ((op << 26) | (rt << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
const X = (xo: number, rs: number, ra: number, rb: number): number => ((31 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | (xo << 1)) >>> 0;

/** lwz RT,D(RA) (Book I §3.3.2). */
export const lwz = (rt: number, ra: number, d = 0): number => D(32, rt, ra, d);
/** stw RS,D(RA) (Book I §3.3.3). */
export const stw = (rs: number, ra: number, d = 0): number => D(36, rs, ra, d);
/** addi RT,0,SI = li RT,SI. */
export const li = (rt: number, si: number): number => D(14, rt, 0, si);
/** slbmte RS,RB (Book III-S §5.9.3.1). */
export const slbmte = (rs: number, rb: number): number => X(402, rs, 0, rb);
/** slbia with IH = 0 (Book III-S §5.9.3.1). */
export const slbia = (): number => X(498, 0, 0, 0);
/** mtspr SPR,RS: the SPR number's halves are swapped in the spr field (Book I §3.3.17). */
export const mtspr = (spr: number, rs: number): number => X(467, rs, spr & 31, (spr >> 5) & 31);
/** rfid (Book III-S §4.4.1), XL-form 19/18. */
export const rfid = (): number => ((19 << 26) | (18 << 1)) >>> 0;
/** isync (Book II §1.7.1), XL-form 19/150. */
export const isync = (): number => ((19 << 26) | (150 << 1)) >>> 0;
