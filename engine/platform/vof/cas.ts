// ibm,client-architecture-support (LoPAPR B.5.2; QEMU 7.2 do_client_architecture_support
// in hw/ppc/spapr_hcall.c): the guest passes a list of (PVR mask, PVR value) pairs ended by
// the first pair whose value has bits outside its mask, then the option vectors: a byte
// "number of vectors - 1", and per vector a byte "length - 1" and the bytes.
// QEMU (cas_check_pvr) notes whether the CPU's own PVR matches a pair ("raw mode") and
// picks the highest architected ("logical") PVR among the other pairs that the CPU can run
// (POWER8: ISA 2.07 = 0x0f000004 at most).
import type { Ram } from '../../memory/ram.js';

export interface CasRequest {
  pvrs: [mask: number, value: number][];
  /** Option vectors by number (1-based); undefined when the guest sent fewer. */
  vectors: Uint8Array[];
  /** The compatibility PVR negotiated, or 0 for raw mode. */
  compatPvr: number;
  /** Whether a pair matches the CPU's own PVR. */
  rawOk: boolean;
}

/** Logical PVRs (architecture levels) a POWER8 can run, lowest first. */
const POWER8_COMPAT = [0x0f000002, 0x0f000003, 0x0f000004]; // ISA 2.05, 2.06, 2.07
const MAX_PVR_PAIRS = 512;

/** Parses the request at `addr`; undefined when it runs outside RAM. */
export function parseCas(ram: Ram, addr: number, cpuPvr: number): CasRequest | undefined {
  const dv = ram.dv;
  const inRam = (a: number, n: number) => a >= 0 && a + n <= ram.size;
  const pvrs: [number, number][] = [];
  let a = addr;
  let compatPvr = 0, rawOk = false;
  for (let i = 0; i < MAX_PVR_PAIRS; i++) {
    if (!inRam(a, 8)) return undefined;
    const mask = dv.getUint32(a), value = dv.getUint32(a + 4);
    a += 8;
    pvrs.push([mask, value]);
    if ((~mask & value) !== 0) break; // the terminator
    if (((cpuPvr & mask) >>> 0) === value) rawOk = true;
    else if (POWER8_COMPAT.includes(value) && value > compatPvr) compatPvr = value;
  }
  if (!inRam(a, 1)) return undefined;
  const count = ram.u8[a] + 1;
  const vectors: Uint8Array[] = [];
  let v = a + 1;
  for (let i = 0; i < count; i++) {
    if (!inRam(v, 1)) return undefined;
    const len = ram.u8[v] + 1;
    if (!inRam(v + 1, len)) return undefined;
    vectors[i + 1] = ram.u8.slice(v + 1, v + 1 + len);
    v += len + 1;
  }
  return { pvrs, vectors, compatPvr, rawOk };
}
