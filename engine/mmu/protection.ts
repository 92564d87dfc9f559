// Storage protection (Power ISA 2.07 Book III-S §5.7.9) as bit tests the page walk can make
// without branches on tables.
//
// Basic protection (§5.7.9.2): the key is SLBE[Kp] when MSR[PR] = 1, SLBE[Ks] otherwise;
// with PP0 || PP (3 bits):
//
//   key  PP   access            key  PP   access
//    0   000  read/write         1   000  no access
//    0   001  read/write         1   001  read only
//    0   010  read/write         1   010  read/write
//    0   011  read only          1   011  read only
//    0   110  read only          1   110  no access
//
// PP 100, 101 and 111 are reserved: no access (QEMU 7.2 treats them so too). A fetch needs
// read authority.
//
// Virtual page class key protection (§5.7.9.3): the HPTE's 5-bit key k selects AMR bit 2k
// (stores prohibited) and 2k+1 (loads prohibited), and for fetches IAMR bit 2k+1 (POWER8's
// IAMR, ISA 2.07). It applies in problem and privileged state (a pseries guest is never in
// hypervisor state, which is exempt).

/** Bit pp set: PP0||PP = pp gives read authority, for key 0 and key 1. */
export const READ_OK = [0b0100_1111, 0b0000_1110] as const;
/** Bit pp set: PP0||PP = pp gives write authority. */
export const WRITE_OK = [0b0000_0111, 0b0000_0100] as const;

/** PP0||PP of dword 1 (PP0 is bit 0, PP bits 62:63). */
export const ppOf = (d1hi: number, d1lo: number): number => ((d1hi >>> 31) << 2) | (d1lo & 3);

/** The two AMR/IAMR bits of key k (bit 2k in bit 1 of the result, 2k+1 in bit 0), from the
 *  register's high and low words. */
export function keyBits(hi: number, lo: number, k: number): number {
  const sh = 62 - 2 * k;
  return (sh >= 32 ? hi >>> (sh - 32) : lo >>> sh) & 3;
}

/** AMR/IAMR bit meanings within keyBits(). */
export const KEY_STORE = 2; // AMR bit 2k: stores prohibited
export const KEY_LOAD = 1; // AMR bit 2k+1: loads prohibited; IAMR bit 2k+1: fetches

/** Keys (as a 32-bit mask, bit k) whose `which` bit is set in (newHi, newLo) but not in
 *  (oldHi, oldLo): the keys an AMR/IAMR write takes that access away from. */
export function keysLosing(oldHi: number, oldLo: number, newHi: number, newLo: number, which: number): number {
  let m = 0;
  for (let k = 0; k < 32; k++) {
    if ((keyBits(newHi, newLo, k) & which) !== 0 && (keyBits(oldHi, oldLo, k) & which) === 0) m |= 1 << k;
  }
  return m >>> 0;
}
