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
