// One MMU test case: everything that decides one translated access, as plain data (so it
// prints, shrinks and round-trips through a regression file), and the model's view of it.

import {
  PTEG_HPTES, decodeHpte, findSegment, basePageShift, ptegs, translate, writeHpte, hex,
  type Access, type MmuState, type SlbEntry, type Translation,
} from '../../oracle/mmu-model/index.js';

export interface PlacedHpte {
  index: number;
  d0: bigint;
  d1: bigint;
  /** How the arbitrary meant it (for reading a failure; not used to decide anything). */
  note?: string;
}

export interface MmuCase {
  /** The HPT is 2^hptLog2 bytes. */
  hptLog2: number;
  slb: SlbEntry[];
  /** Written in order (a later one at the same index replaces an earlier one). */
  hptes: PlacedHpte[];
  /** MSR[PR] for the access. */
  pr: boolean;
  amr: bigint;
  access: Access;
  ea: bigint;
  /** Nonzero u32: the word in RAM at the real address (load), the word stored (store), or
   *  the immediate of the `li r3,…` placed at the real address (fetch; low 16 bits). */
  value: number;
}

/** Guest RAM of the harness; real pages the cases map lie in [MAPPED_RAM_BASE, RAM_BYTES). */
export const RAM_BYTES = 2 << 20;
export const MAPPED_RAM_BASE = 0x10000;

const scratch = new Map<number, Uint8Array>();

/** The case's HPT. With `scratch`, in a buffer shared by all cases of its size and valid
 *  only until the next scratch build (allocating 256 KiB-1 MiB per case costs more than the
 *  rest of a run). */
export function buildHpt(c: MmuCase, opts: { scratch?: boolean } = {}): Uint8Array {
  let hpt = opts.scratch ? scratch.get(c.hptLog2) : undefined;
  if (hpt) hpt.fill(0);
  else {
    hpt = new Uint8Array(2 ** c.hptLog2);
    if (opts.scratch) scratch.set(c.hptLog2, hpt);
  }
  for (const h of c.hptes) writeHpte(hpt, h.index, h.d0, h.d1);
  return hpt;
}

export function modelState(c: MmuCase, hpt = buildHpt(c, { scratch: true })): MmuState {
  const fetch = c.access === 'fetch';
  return { slb: c.slb, hpt, msr: { pr: c.pr, ir: fetch, dr: !fetch }, amr: c.amr };
}

/** The bytes of an access each translated on their own: one part, or two when a data
 *  access crosses a 4 KB boundary (the smallest page: the parts may still share a page).
 *  A fetch is word-aligned and never crosses. */
export interface AccessPart { ea: bigint; len: number; t: Translation }

export const ACCESS_BYTES = 4;

export function accessParts(state: MmuState, ea: bigint, access: Access): AccessPart[] {
  const end = ea + BigInt(ACCESS_BYTES - 1);
  if (access === 'fetch' || ea >> 12n === end >> 12n) return [{ ea, len: ACCESS_BYTES, t: translate(state, ea, access) }];
  const split = (end >> 12n) << 12n;
  return [
    { ea, len: Number(split - ea), t: translate(state, ea, access) },
    { ea: split, len: Number(end - split + 1n), t: translate(state, split, access) },
  ];
}

/** The parts up to the first that faults (the later ones are never reached). */
export const reached = (parts: readonly AccessPart[]): AccessPart[] => {
  const k = parts.findIndex((p) => p.t.kind !== 'ok');
  return k < 0 ? [...parts] : parts.slice(0, k + 1);
};

/** What the access does as a whole: the first part's fault, or the first part's translation. */
export function outcomeOf(parts: readonly AccessPart[]): Translation {
  const r = reached(parts), last = r[r.length - 1].t;
  return last.kind === 'ok' ? parts[0].t : last;
}

export const expectParts = (c: MmuCase, hpt?: Uint8Array): AccessPart[] => accessParts(modelState(c, hpt), c.ea, c.access);

export const expectation = (c: MmuCase): Translation => outcomeOf(expectParts(c));

/** One line for an access's parts (` + ` between the two parts of a crossing access). */
export const formatParts = (parts: readonly AccessPart[]): string => reached(parts).map((p) => formatTranslation(p.t)).join(' + ');

/** One line for a translation (used in regression files and messages). */
export function formatTranslation(t: Translation): string {
  switch (t.kind) {
    case 'ok': return `ok ra=${hex(t.ra)} hpte=${hex(t.hpteIndex)} setC=${t.setC ? 1 : 0}`;
    case 'segment': return `segment ${hex(t.vector)}`;
    case 'storage': {
      const cause = t.vector === 0x300 ? `dsisr=${hex(t.dsisr ?? 0, 8)}` : `srr1=${hex(t.srr1Bits ?? 0, 8)}`;
      return `storage ${hex(t.vector)} ${cause}${t.hpteIndex !== undefined ? ` hpte=${hex(t.hpteIndex)}` : ''}`;
    }
    case 'real': return `real ra=${hex(t.ra)}`;
  }
}

/** Where HPTE `index` sits relative to the EA's PTEGs ("primary PTEG 0x713 slot 2", …). */
export function hpteWhere(c: MmuCase, index: number): string {
  const pteg = Math.floor(index / PTEG_HPTES), slot = index % PTEG_HPTES;
  const si = findSegment(c.slb, c.ea);
  let rel = '';
  if (si >= 0) {
    const p = basePageShift(c.slb[si]);
    if (p !== null) {
      const g = ptegs(c.slb[si], c.ea, p, 2 ** c.hptLog2);
      rel = pteg === g.primary ? 'the EA\'s primary ' : pteg === g.secondary ? 'the EA\'s secondary ' : '';
    }
  }
  return `${rel}PTEG ${hex(pteg)} slot ${slot}`;
}

/** The HPTE's fields in words (for comments). */
export function describeHpte(d0: bigint, d1: bigint): string {
  const h = decodeHpte(d0, d1);
  return `V=${+h.v} H=${+h.h} B=${h.b} L=${+h.l} AVA=${hex(h.ava)} PP=${h.pp.toString(2).padStart(3, '0')} key=${h.key} ` +
    `RPN/LP=${hex(h.rpnField)} R=${+h.r} C=${+h.c} WIMG=${h.wimg.toString(2).padStart(4, '0')} N=${+h.n}`;
}
