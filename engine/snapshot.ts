// Machine snapshots: the registers (with the SLB), the timebase, device state, RAM pages and
// the pages of the hypervisor's hashed page table, as bytes a trace can store. A full
// snapshot holds every non-zero page; a delta holds the pages written since the previous
// snapshot (zeroed ones included), so a chain full + deltas rebuilds RAM and the HPT.
//
// Layout (all integers little-endian): "PSNP" | u32 version | u32 json length | JSON state |
// register file (REGFILE_BYTES) | RAM pages | HPT pages, where a page list is u32 page count
// | per page: u32 page number, u8 kind (0 = all zero, 1 = data follows), 4096 data bytes if
// kind 1. Version 2 added the SLB (in the register file) and the HPT (state.hptLog2, the HPT
// page list); version 3 the interrupt controller and the vty (state.xics, state.vty);
// version 4 the vector-scalar registers, FPSCR and VSCR (in the register file), the CPU's
// H_REGISTER_VPA areas (state.lpar) and the TCE tables' non-zero entries (state.tce), the
// nvram's non-zero 4 KiB chunks (state.nvram) and the FWNMI entry points (state.rtasMisc);
// version 5 what client-architecture-support negotiated (state.negotiated) and the Open
// Firmware client interface's tree, claims and instances (state.vof).

import { REGFILE_BYTES } from './cpu/regs.js';
import type { TimebaseState } from './cpu/timebase.js';
import type { HaltReason } from './cpu/cpu.js';
import { PAGE_SIZE } from './memory/ram.js';
import type { XicsState } from './platform/xics.js';
import type { VtyState } from './platform/vty.js';
import type { NvramState } from './platform/nvram.js';
import type { RtasMiscState } from './platform/rtas-misc.js';
import type { LparCpuState } from './platform/hcalls-lpar.js';
import type { TceTableState } from './platform/hcalls-tce.js';
import type { VofState } from './platform/vof/client.js';

export const SNAPSHOT_VERSION = 5;
const MAGIC = 0x504e5350; // "PSNP" read as a little-endian u32

export interface SnapshotState {
  full: boolean;
  icount: number;
  halted: HaltReason | null;
  externalPending: boolean;
  tb: TimebaseState;
  rtcOffsetMillis: number;
  ramBytes: number;
  /** log2 of the hashed page table's size in bytes, or null without one. */
  hptLog2: number | null;
  /** The XICS (ICP and ICS sources) and the vty's signal mode and input buffer. */
  xics: XicsState;
  vty: VtyState;
  /** The spapr-nvram contents (whole, in every snapshot) and ibm,nmi-register's addresses. */
  nvram: NvramState;
  rtasMisc: RtasMiscState;
  /** The CPU's H_REGISTER_VPA areas (VPA, SLB shadow, DTL addresses and sizes). */
  lpar: LparCpuState;
  /** Every TCE table's non-zero entries, by LIOBN. */
  tce: TceTableState[];
  /** Option vector 5 as CAS settled it (hex) and the compatibility PVR; null before CAS. */
  negotiated: { ov5: string; compatPvr: number } | null;
  /** The client interface of a -kernel boot (null without one). */
  vof: VofState | null;
}

export interface SnapshotPage { page: number; data: Uint8Array | null }

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export interface DecodedSnapshot {
  state: SnapshotState;
  regs: Uint8Array;
  pages: SnapshotPage[];
  hptPages: SnapshotPage[];
}

const listBytes = (pages: readonly SnapshotPage[]): number =>
  4 + pages.length * 5 + pages.filter((p) => p.data).length * PAGE_SIZE;

function putPages(out: Uint8Array, dv: DataView, o: number, pages: readonly SnapshotPage[]): number {
  dv.setUint32(o, pages.length, true);
  o += 4;
  for (const p of pages) {
    dv.setUint32(o, p.page, true);
    out[o + 4] = p.data ? 1 : 0;
    o += 5;
    if (p.data) {
      out.set(p.data, o);
      o += PAGE_SIZE;
    }
  }
  return o;
}

export function encodeSnapshot(state: SnapshotState, regs: Uint8Array, pages: readonly SnapshotPage[],
  hptPages: readonly SnapshotPage[] = []): Uint8Array {
  // Infinity (no DEC deadline) does not survive JSON: store it as null.
  const json = new TextEncoder().encode(JSON.stringify({ ...state, tb: { ...state.tb, deadline: Number.isFinite(state.tb.deadline) ? state.tb.deadline : null } }));
  const out = new Uint8Array(12 + json.length + REGFILE_BYTES + listBytes(pages) + listBytes(hptPages));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, SNAPSHOT_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, 12);
  let o = 12 + json.length;
  out.set(regs, o);
  o += REGFILE_BYTES;
  o = putPages(out, dv, o, pages);
  putPages(out, dv, o, hptPages);
  return out;
}

export function decodeSnapshot(b: Uint8Array): DecodedSnapshot {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (o: number, n: number, what: string) => {
    if (o + n > b.length) throw new SnapshotError(`snapshot truncated in ${what} (needs ${o + n} bytes, has ${b.length})`);
  };
  need(0, 12, 'its header');
  if (dv.getUint32(0, true) !== MAGIC) throw new SnapshotError('not a pseries-rr snapshot (bad magic)');
  const version = dv.getUint32(4, true);
  if (version !== SNAPSHOT_VERSION) throw new SnapshotError(`snapshot version ${version} is not ${SNAPSHOT_VERSION}: made by another engine version`);
  const jsonLen = dv.getUint32(8, true);
  need(12, jsonLen, 'its state');
  let state: SnapshotState;
  try {
    state = JSON.parse(new TextDecoder().decode(b.subarray(12, 12 + jsonLen)));
  } catch {
    throw new SnapshotError('snapshot state is not valid JSON');
  }
  if (state.tb.deadline === null) state.tb.deadline = Infinity;
  let o = 12 + jsonLen;
  need(o, REGFILE_BYTES, 'its registers');
  const regs = b.subarray(o, o + REGFILE_BYTES);
  o += REGFILE_BYTES;
  const list = (what: string): SnapshotPage[] => {
    need(o, 4, `its ${what} page count`);
    const n = dv.getUint32(o, true);
    o += 4;
    const pages: SnapshotPage[] = [];
    for (let i = 0; i < n; i++) {
      need(o, 5, `${what} page entry ${i}`);
      const page = dv.getUint32(o, true), kind = b[o + 4];
      o += 5;
      if (kind === 1) {
        need(o, PAGE_SIZE, `${what} page ${page}`);
        pages.push({ page, data: b.subarray(o, o + PAGE_SIZE) });
        o += PAGE_SIZE;
      } else pages.push({ page, data: null });
    }
    return pages;
  };
  const pages = list('RAM');
  const hptPages = list('hashed page table');
  return { state, regs, pages, hptPages };
}
