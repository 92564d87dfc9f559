// Option vector bits and the /chosen/ibm,architecture-vec-5 encoding, worked by hand from
// LoPAPR B.5.2 (byte 1 follows the length byte; bit 0 is a byte's MSB) and QEMU 7.2's
// spapr_dt_ovec (length - 1, then the bytes up to the last non-zero one).
import { describe, expect, test } from 'vitest';
import { OV5, ovecFromGuest, ovecHas, ovecIntersect, ovecOf, ovecProp, PSERIES_7_2_OV5 } from './ovec.js';

describe('option vectors', () => {
  test('bit numbering: byte 5 bit 2 (FORM2) is 0x20 of the fifth byte', () => {
    const v = ovecOf(OV5.FORM2_AFFINITY);
    expect(v[4]).toBe(0x20);
    expect(ovecHas(ovecFromGuest(Uint8Array.of(0, 0, 0, 0, 0x20)), OV5.FORM2_AFFINITY)).toBe(true);
    expect(ovecHas(ovecFromGuest(Uint8Array.of(0, 0, 0, 0, 0x80)), OV5.FORM2_AFFINITY)).toBe(false);
  });
  test('an empty vector is <00 00>; a vector ends at its last non-zero byte', () => {
    expect([...ovecProp(ovecOf())]).toEqual([0, 0]);
    expect([...ovecProp(ovecOf(OV5.DRCONF_MEMORY))]).toEqual([1, 0, 0x20]);
  });
  test('pseries-7.2 offers bytes 2 = 0x20, 5 = 0xa0, 6 = 0x05, 22 = 0x80; the guest\'s other bits drop', () => {
    expect([...ovecProp(PSERIES_7_2_OV5)]).toEqual([21, 0, 0x20, 0, 0, 0xa0, 0x05, ...new Array(15).fill(0), 0x80]);
    const guest = ovecFromGuest(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x80, 0xff));
    expect([...ovecProp(ovecIntersect(PSERIES_7_2_OV5, guest))]).toEqual([5, 0, 0x20, 0, 0, 0x80, 0x05]);
  });
});
