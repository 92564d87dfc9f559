// ISA bit numbering on BigInt doublewords: bit 0 is the most significant bit of 64 (Power ISA
// 2.07 Book I §1.3.2 "Notation"). Everything in the model is written in these terms so each
// line can be read against the ISA's figures.

/** The mask of bit i of a doubleword. */
export const bit = (i: number): bigint => 1n << BigInt(63 - i);

/** Bits i..j (inclusive) of a doubleword, right-justified. */
export function bits(x: bigint, i: number, j: number): bigint {
  return (x >> BigInt(63 - j)) & ones(j - i + 1);
}

/** `v` placed in bits i..j of a doubleword (v is truncated to the field's width). */
export function field(v: bigint, i: number, j: number): bigint {
  return (v & ones(j - i + 1)) << BigInt(63 - j);
}

/** 2^n - 1. */
export const ones = (n: number): bigint => (1n << BigInt(n)) - 1n;

export const isSet = (x: bigint, i: number): boolean => (x & bit(i)) !== 0n;

/** A bigint as 0x-hex, zero-padded to `digits`. */
export const hex = (x: bigint | number, digits = 0): string => '0x' + x.toString(16).padStart(digits, '0');

/** Big-endian doubleword at byte offset `at`. */
export function readDword(bytes: Uint8Array, at: number): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(bytes[at + i]);
  return v;
}

export function writeDword(bytes: Uint8Array, at: number, v: bigint): void {
  for (let i = 7; i >= 0; i--) {
    bytes[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
