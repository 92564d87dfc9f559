// The client-interface argument block (IEEE 1275 §6.3.1): big-endian cells service-name
// address, nargs, nret, args, rets; limits as QEMU 7.2's vof_client_call applies them.
import { describe, expect, test } from 'vitest';
import { Ram } from '../../memory/ram.js';
import { readCall, readCString, writeRets } from './args.js';

function ramWith(words: Record<number, number>, strings: Record<number, string> = {}): Ram {
  const ram = new Ram(0x10000);
  for (const [a, w] of Object.entries(words)) ram.dv.setUint32(Number(a), w);
  for (const [a, s] of Object.entries(strings)) ram.write(Number(a), new TextEncoder().encode(s + '\0'));
  return ram;
}

describe('argument block', () => {
  test('decodes service, args and nret; writes rets after the args', () => {
    const ram = ramWith({ 0x100: 0x200, 0x104: 2, 0x108: 3, 0x10c: 0x11, 0x110: 0xffffffff }, { 0x200: 'getproplen' });
    const call = readCall(ram, 0x100)!;
    expect(call).toEqual({ service: 'getproplen', args: [0x11, 0xffffffff], nret: 3 });
    writeRets(ram, 0x100, call, [7, 0xfffffffe, 9]);
    expect([0x114, 0x118, 0x11c].map((a) => ram.dv.getUint32(a))).toEqual([7, 0xfffffffe, 9]);
    expect(ram.dv.getUint32(0x120)).toBe(0); // nothing past nret
  });
  test('rejects nargs >= 10, nret beyond the 10 cells, and a service name of 64 bytes without NUL', () => {
    expect(readCall(ramWith({ 0x100: 0x200, 0x104: 10, 0x108: 0 }, { 0x200: 'x' }), 0x100)).toBeUndefined();
    expect(readCall(ramWith({ 0x100: 0x200, 0x104: 4, 0x108: 7 }, { 0x200: 'x' }), 0x100)).toBeUndefined();
    expect(readCall(ramWith({ 0x100: 0x200, 0x104: 4, 0x108: 6 }, { 0x200: 'x' }), 0x100)).toBeDefined();
    expect(readCall(ramWith({ 0x100: 0x200, 0x104: 0, 0x108: 0 }, { 0x200: 'a'.repeat(64) }), 0x100)).toBeUndefined();
    expect(readCall(ramWith({ 0x100: 0x200, 0x104: 0, 0x108: 0 }, { 0x200: 'a'.repeat(63) }), 0x100)?.service).toBe('a'.repeat(63));
  });
  test('readCString stops at NUL and refuses strings that fill the buffer', () => {
    const ram = ramWith({}, { 0x10: '/chosen' });
    expect(readCString(ram, 0x10, 8)).toBe('/chosen');
    expect(readCString(ram, 0x10, 7)).toBeUndefined();
  });
});
