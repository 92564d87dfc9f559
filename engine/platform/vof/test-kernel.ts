// Test support: a tiny big-endian ELF64 "kernel" for -kernel boots (engine and CLI tests).
import { encode } from '../../isa/encode.js';

export type Insn = [string, Record<string, number>?];

/** A big-endian ELF64 PowerPC kernel of one PT_LOAD segment at physical 0 (loaded at
 *  0x400000): `code` at its start, `data` (offset → bytes) after. */
export function kernelElf(code: Insn[], data: Record<number, Uint8Array>, size = 0x2000): Uint8Array {
  const body = new Uint8Array(size);
  const bdv = new DataView(body.buffer);
  code.forEach(([n, ops], i) => bdv.setUint32(4 * i, encode(n, (ops ?? {}) as never)));
  for (const [off, b] of Object.entries(data)) body.set(b, Number(off));
  const elf = new Uint8Array(0x1000 + size);
  const dv = new DataView(elf.buffer);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 2, 1]);
  dv.setUint16(16, 2); dv.setUint16(18, 21); dv.setUint32(20, 1);
  dv.setBigUint64(24, 0xc000000000000000n); dv.setBigUint64(32, 64n);
  dv.setUint16(52, 64); dv.setUint16(54, 56); dv.setUint16(56, 1);
  dv.setUint32(64, 1); dv.setBigUint64(64 + 8, 0x1000n); dv.setBigUint64(64 + 16, 0xc000000000000000n);
  dv.setBigUint64(64 + 24, 0n); dv.setBigUint64(64 + 32, BigInt(size)); dv.setBigUint64(64 + 40, BigInt(size));
  elf.set(body, 0x1000);
  return elf;
}

export const cstr = (s: string) => new TextEncoder().encode(s + '\0');
export const cells = (...w: number[]) => {
  const b = new Uint8Array(4 * w.length);
  w.forEach((v, i) => new DataView(b.buffer).setUint32(4 * i, v >>> 0));
  return b;
};

const K = 0x400000;
const la = (rt: number, a: number): Insn[] => [['lis', { RT: rt, SI: (a >>> 16) << 16 >> 16 }], ['ori', { RA: rt, RS: rt, UI: a & 0xffff }]];
const ci = (block: number): Insn[] => [...la(3, K + block), ['mtctr', { RS: 31 }], ['bctrl']];

/** A kernel that opens "/", calls ibm,client-architecture-support with POWER8 raw, 2.07 and
 *  2.06 architected PVRs and five option vectors (vector 5 = `vec5`), then calls "exit". */
export function casKernel(vec5: number[]): Uint8Array {
  const code: Insn[] = [
    ['mr', { RA: 31, RS: 5 }],
    ...ci(0x1100),
    ...la(9, K + 0x1100), ['lwz', { RT: 10, RA: 9, D: 16 }], // open's ihandle
    ...la(9, K + 0x1200), ['stw', { RS: 10, RA: 9, D: 16 }],
    ...ci(0x1200),
    ...ci(0x1300),
    ['b', { LI: 0 }],
  ];
  const pvrs = cells(0xffff0000, 0x004d0000, 0xffffffff, 0x0f000004, 0xffffffff, 0x0f000003, 0, 0x0f000001);
  const vectors = [[0x80, 0, 0], [0], [0], [0], vec5];
  const req = Uint8Array.of(...pvrs, vectors.length - 1, ...vectors.flatMap((v) => [v.length - 1, ...v]));
  return kernelElf(code, {
    0x1000: cstr('open'), 0x1010: cstr('/'), 0x1020: cstr('call-method'), 0x1040: cstr('ibm,client-architecture-support'),
    0x1080: cstr('exit'),
    0x1100: cells(K + 0x1000, 1, 1, K + 0x1010, 0),
    0x1200: cells(K + 0x1020, 3, 2, K + 0x1040, 0, K + 0x1400, 0, 0),
    0x1300: cells(K + 0x1080, 0, 0),
    0x1400: req,
  });
}

/** Linux 6.1's vector 5 in its first 22 bytes (prom_init.c ibm_architecture_vec): LPAR,
 *  SPLPAR…, DRCONF_MEMORY, FORM1 | FORM2, HP_EVT | HPT_RESIZE, DRMEM_V2; byte 3 bits QEMU
 *  does not offer. */
export const LINUX_OV5 = [0xc0, 0x20, 0xff, 0, 0xa0, 0x05, ...new Array(15).fill(0), 0x80];
/** The same without FORM2 affinity. */
export const FORM1_OV5 = LINUX_OV5.map((b, i) => (i === 4 ? 0x80 : b));
