// The sPAPR nvram (PAPR §7.3.4 "NVRAM Access Functions"; QEMU 7.2 hw/nvram/spapr_nvram.c):
// a byte array the guest reaches only through RTAS nvram-fetch and nvram-store. Without a
// -drive QEMU makes it DEFAULT_NVRAM_SIZE (64 KiB, the "#bytes" of /vdevice/nvram) of
// zeros; it writes CHRP system/free partitions only for -prom-env, which we do not offer.
// So Linux finds a 0-length first partition ("nvram corruption detected"). QEMU's device
// has no hypercalls of its own (spapr_nvram.c registers only these two RTAS calls).

import type { Ram } from '../memory/ram.js';
import type { Rtas, RtasCall } from './rtas.js';
import { NVRAM_DEFAULT_BYTES } from './fdt/vio.js';
import { RTAS_OUT_PARAM_ERROR, RTAS_OUT_SUCCESS } from './papr.js';

/** QEMU maps a buffer with no RAM behind it through a one-page bounce buffer
 *  (address_space_map), so such an access is cut to TARGET_PAGE_SIZE (4 KiB on ppc64). */
const BOUNCE_LIMIT = 4096;
/** Snapshot granule: only non-zero chunks of this size are stored. */
const CHUNK = 4096;

export interface NvramState {
  size: number;
  /** [offset, base64 bytes] of each non-zero CHUNK. */
  chunks: [number, string][];
}

export class Nvram {
  readonly bytes: Uint8Array;

  constructor(readonly size = NVRAM_DEFAULT_BYTES) {
    this.bytes = new Uint8Array(size); // g_malloc0: zeros, no partitions
  }

  save(): NvramState {
    const chunks: [number, string][] = [];
    for (let o = 0; o < this.size; o += CHUNK) {
      const c = this.bytes.subarray(o, Math.min(o + CHUNK, this.size));
      if (c.some((b) => b !== 0)) chunks.push([o, Buffer.from(c).toString('base64')]);
    }
    return { size: this.size, chunks };
  }

  load(s: NvramState): void {
    if (s.size !== this.size) throw new RangeError(`nvram state is ${s.size} bytes, this nvram ${this.size}`);
    this.bytes.fill(0);
    for (const [o, b64] of s.chunks) this.bytes.set(Buffer.from(b64, 'base64'), o);
  }
}

/** How many of `len` bytes at guest real address `buf` QEMU's cpu_physical_memory_map gives:
 *  up to the end of RAM when `buf` is in RAM, else a bounce page (writes there are dropped,
 *  reads give zeros). Also whether RAM is behind it. */
function mapLength(ram: Ram, buf: number, len: number): { len: number; inRam: boolean } {
  if (len === 0) return { len: 0, inRam: false };
  if (buf < ram.size) return { len: Math.min(len, ram.size - buf), inRam: true };
  return { len: Math.min(len, BOUNCE_LIMIT), inRam: false };
}

export function registerNvramRtas(r: Rtas, nv: Nvram, ram: Ram): void {
  /** Offset, buffer and length as unsigned 32-bit (rtas_ld), or null (PARAM_ERROR) when the
   *  counts are not 3 in / 2 out or offset+length runs past the nvram (QEMU's checks). */
  const parse = (call: RtasCall): { off: number; buf: number; len: number } | null => {
    if (call.args.length !== 3 || call.nret !== 2) return null;
    const [off, buf, len] = call.args.map((a) => a >>> 0);
    // 64-bit hwaddr sum of two 32-bit values: no wrap, so only the size bound matters.
    if (off + len > nv.size) return null;
    return { off, buf, len };
  };

  // nvram-fetch: in offset, buffer, length; out status, bytes copied.
  r.add('nvram-fetch', (_c, call) => {
    const p = parse(call);
    if (!p) {
      call.rets[0] = RTAS_OUT_PARAM_ERROR;
      // QEMU zeroes the count for a bad range, leaves it for wrong counts.
      if (call.args.length === 3 && call.nret === 2) call.rets[1] = 0;
      return;
    }
    const m = mapLength(ram, p.buf, p.len);
    if (m.inRam) {
      ram.u8.set(nv.bytes.subarray(p.off, p.off + m.len), p.buf);
      ram.mark(p.buf, m.len);
    }
    call.rets[0] = RTAS_OUT_SUCCESS;
    call.rets[1] = m.len;
  });

  // nvram-store: in offset, buffer, length; out status, bytes copied (left alone on error).
  r.add('nvram-store', (_c, call) => {
    const p = parse(call);
    if (!p) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
    const m = mapLength(ram, p.buf, p.len);
    if (m.inRam) nv.bytes.set(ram.u8.subarray(p.buf, p.buf + m.len), p.off);
    else nv.bytes.fill(0, p.off, p.off + m.len);
    call.rets[0] = RTAS_OUT_SUCCESS;
    call.rets[1] = m.len;
  });
}
