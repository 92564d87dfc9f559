// Which facility an instruction word belongs to when it is not (yet) in the table: a
// floating-point, vector (VMX) or VSX instruction must raise its facility-unavailable
// interrupt while MSR[FP]/[VEC]/[VSX] is 0 (Book III-S §6.5.10, §6.5.15, §6.5.16), even
// before the engine implements the facility. Opcodes from Power ISA 2.07 Book I ch. 4–7.

export const enum Facility { None = 0, FP = 1, VMX = 2, VSX = 3 }

/** Primary opcodes wholly of one facility. */
const PRIMARY = new Map<number, Facility>([
  [4, Facility.VMX],
  [48, Facility.FP], [49, Facility.FP], [50, Facility.FP], [51, Facility.FP], // lfs lfsu lfd lfdu
  [52, Facility.FP], [53, Facility.FP], [54, Facility.FP], [55, Facility.FP], // stfs stfsu stfd stfdu
  [57, Facility.FP], [61, Facility.FP], // lfdp, stfdp
  [59, Facility.FP], [63, Facility.FP], // FP (and DFP) arithmetic
  [60, Facility.VSX],
]);

/** Extended opcodes (bits 21:30) of primary opcode 31 that belong to a facility. */
const OP31 = new Map<number, Facility>([
  // FP loads/stores: lfsx lfsux lfdx lfdux lfiwax lfiwzx stfsx stfsux stfdx stfdux stfiwx lfdpx stfdpx
  ...[535, 567, 599, 631, 855, 887, 663, 695, 727, 759, 983, 791, 919].map((x) => [x, Facility.FP] as const),
  // VMX loads/stores: lvsl lvsr lvebx lvehx lvewx lvx lvxl stvebx stvehx stvewx stvx stvxl
  ...[6, 38, 7, 39, 71, 103, 359, 135, 167, 199, 231, 487].map((x) => [x, Facility.VMX] as const),
]);

/** VSX forms of opcode 31 whose bit 31 is an operand (TX/SX), so xo is bits 21:30 alone:
 *  lxsiwzx lxsiwax lxsspx lxsdx lxvdsx lxvw4x lxvd2x stxsiwx stxsspx stxsdx stxvw4x stxvd2x
 *  mfvsrd mfvsrwz mtvsrd mtvsrwa mtvsrwz. */
const OP31_VSX = new Set([12, 76, 524, 588, 332, 780, 844, 140, 652, 716, 908, 972, 51, 115, 179, 211, 243]);

export function facilityOf(w: number): Facility {
  const p = w >>> 26;
  if (p !== 31) return PRIMARY.get(p) ?? Facility.None;
  const xo = (w >>> 1) & 0x3ff;
  if (OP31_VSX.has(xo)) return Facility.VSX;
  return OP31.get(xo) ?? Facility.None;
}
