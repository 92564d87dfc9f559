// Invalid instruction forms (Power ISA 2.07 Book I §1.8.2) that binutils' disassembler
// refuses (prints `.long`). The decoder for execution does not consult these.
import type { InvalidRule } from './table.js';

/** True when `w` is an invalid form under `rule`. */
export function isInvalidForm(rule: InvalidRule, w: number): boolean {
  const rt = (w >>> 21) & 31, ra = (w >>> 16) & 31, rb = (w >>> 11) & 31;
  switch (rule) {
    case 'bo': { // §2.4 Figure 21: z bits must be 0; "at" = 0b01 is reserved
      const bo = rt;
      if ((bo & 0x14) === 0) return (bo & 1) !== 0;
      if ((bo & 0x14) === 0x14) return bo !== 0x14;
      if ((bo & 0x14) === 0x04) return (bo & 3) === 1;
      return (bo & 9) === 1;
    }
    case 'ral': return ra === 0 || ra === rt; // §3.3.2 load with update
    case 'ras': return ra === 0; // §3.3.3 store with update
    case 'ram': return ra >= rt; // §3.3.6 lmw
    case 'rax': return ra === rt; // §3.3.7 lswi (objdump checks only RA = RT)
    case 'lswx': return ra === rt || rb === rt;
    case 'lq': return (rt & 1) !== 0 || ra === rt; // §3.3.4 lq: RTp even, RA != RTp
    case 'lqarx': return (rt & 1) !== 0 || ra === rt || rb === rt; // Book II §4.4.2
    case 'evenrs': return (rt & 1) !== 0;
    case 'fxm1': { const fxm = (w >>> 12) & 0xff; return fxm === 0 || (fxm & (fxm - 1)) !== 0; }
    case 'l3': return ((w >>> 21) & 3) === 3; // Book II §4.4.3 sync L=3 reserved
    case 'l2': return ((w >>> 21) & 3) === 2; // Book II §4.3.2 dcbf L=2 reserved
  }
}
