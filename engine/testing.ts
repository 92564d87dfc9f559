// Test support: assemble a tiny bare-metal image from table mnemonics (via the table's
// encoder), placed at given addresses, and boot it on a machine with fixed inputs.
import { encode } from './isa/encode.js';
import { Machine, type MachineConfig } from './machine.js';
import { FixedInputs, type Inputs } from './inputs.js';

export type Insn = [name: string, ops?: Record<string, number>, variant?: { rc?: boolean; oe?: boolean }];

/** Big-endian image with `code[addr]` sequences written at each address. */
export function image(code: Record<number, Insn[]>, size = 0x1000): Uint8Array {
  const img = new Uint8Array(size);
  const dv = new DataView(img.buffer);
  for (const [at, insns] of Object.entries(code)) {
    insns.forEach(([name, ops, v], i) => dv.setUint32(Number(at) + 4 * i, encode(name, (ops ?? {}) as never, v)));
  }
  return img;
}

export function boot(bios: Uint8Array, cfg: Partial<MachineConfig> = {}, inputs: Inputs = new FixedInputs()): { m: Machine; out: () => string } {
  const chunks: Uint8Array[] = [];
  const m = new Machine({ bios, ...cfg }, inputs, (b) => chunks.push(Uint8Array.from(b)));
  return { m, out: () => Buffer.concat(chunks).toString('latin1') };
}

/** Seeded randomness for tests (one PRNG for the whole project's tests). */
/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
