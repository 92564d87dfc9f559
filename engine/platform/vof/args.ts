// The Open Firmware client-interface argument block (IEEE 1275 §6.3.1; Linux prom_init's
// struct prom_args): big-endian 32-bit cells service-name address, nargs, nret,
// args[nargs], rets[nret]; room for 10 cells of args + rets, as QEMU's vof.c reads it.
import type { Ram } from '../../memory/ram.js';

export const PROM_MAX_ARGS = 10;
/** QEMU reads at most 64 bytes of service name (NUL included). */
const SERVICE_MAX = 64;

export interface CiCall {
  service: string;
  args: number[];
  nret: number;
}

/** A NUL-terminated string of at most `max` bytes (NUL included) at `addr`, or undefined
 *  when it is outside RAM or longer (QEMU's readstr). */
export function readCString(ram: Ram, addr: number, max: number): string | undefined {
  let s = '';
  for (let i = 0; i < max; i++) {
    if (addr + i >= ram.size) return undefined;
    const b = ram.u8[addr + i];
    if (b === 0) return s;
    s += String.fromCharCode(b);
  }
  return undefined;
}

/** The call at real address `addr`, or undefined for a malformed block (QEMU: -EINVAL,
 *  the hcall then returns H_PARAMETER). */
export function readCall(ram: Ram, addr: number): CiCall | undefined {
  if (addr < 0 || addr + 12 + 4 * PROM_MAX_ARGS > ram.size) return undefined;
  const dv = ram.dv;
  const nargs = dv.getUint32(addr + 4);
  if (nargs >= PROM_MAX_ARGS) return undefined;
  const service = readCString(ram, dv.getUint32(addr), SERVICE_MAX);
  if (service === undefined) return undefined;
  const nret = dv.getUint32(addr + 8);
  if (nret > PROM_MAX_ARGS - nargs) return undefined;
  const args: number[] = [];
  for (let i = 0; i < nargs; i++) args.push(dv.getUint32(addr + 12 + 4 * i));
  return { service, args, nret };
}

/** Writes rets[0..nret) after the args. */
export function writeRets(ram: Ram, addr: number, call: CiCall, rets: readonly number[]): void {
  const base = addr + 12 + 4 * call.args.length;
  for (let i = 0; i < call.nret; i++) ram.dv.setUint32(base + 4 * i, (rets[i] ?? 0) >>> 0);
  if (call.nret) ram.mark(base, 4 * call.nret);
}
