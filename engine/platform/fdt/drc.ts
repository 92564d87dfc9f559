// Dynamic Reconfiguration Connectors (PAPR 13.5.2; QEMU hw/ppc/spapr_drc.c) and the
// ibm,drc-indexes / ibm,drc-power-domains / ibm,drc-names / ibm,drc-types properties.
//
// A DRC index is (type shift << 28) | id. QEMU lists DRCs in the iteration order of the
// QOM "/dr-connector" container, whose properties are named by the index in lower-case
// hex; that order is the GLib hash-table order modelled in ghash-order.ts.
import { concat, type FdtProp, strList, u32 } from './blob.js';
import { gHashTableOrder } from './ghash-order.js';

export type DrcKind = 'CPU' | 'PHB' | 'PCI';

/** Per kind: index type bits, ibm,drc-types string, ibm,drc-names prefix. */
const KIND = {
  CPU: { base: 0x10000000, typeName: 'CPU', namePrefix: 'CPU ' },
  PHB: { base: 0x20000000, typeName: 'PHB', namePrefix: 'PHB ' },
  PCI: { base: 0x40000000, typeName: '28', namePrefix: 'C' },
} as const;

export interface Drc {
  kind: DrcKind;
  id: number;
  index: number;
  /** QOM owner: 'machine' for CPU/PHB connectors, the PHB's name for PCI slots. */
  owner: string;
}

export const SPAPR_MAX_PHBS = 31;

export function drc(kind: DrcKind, id: number, owner: string): Drc {
  return { kind, id, index: (KIND[kind].base | id) >>> 0, owner };
}

/**
 * The DRCs of a pseries-7.2 machine with `cores` CPU cores and the default PHB (0), in
 * creation order: one per possible core, one per possible PHB, then the 32 slots x 8
 * functions of PHB 0's root bus (id = devfn).
 */
export function pseriesDrcs(cores: number): Drc[] {
  const out: Drc[] = [];
  for (let i = 0; i < cores; i++) out.push(drc('CPU', i, 'machine'));
  for (let i = 0; i < SPAPR_MAX_PHBS; i++) out.push(drc('PHB', i, 'machine'));
  for (let devfn = 0; devfn < 256; devfn++) out.push(drc('PCI', devfn, 'phb0'));
  return out;
}

/** All DRCs in QEMU's listing order (the "/dr-connector" container's iteration order). */
export function drcListingOrder(drcs: readonly Drc[]): Drc[] {
  const byKey = new Map(drcs.map((d) => [d.index.toString(16), d]));
  return gHashTableOrder([...byKey.keys()]).map((k) => byKey.get(k)!);
}

/**
 * The four ibm,drc-* properties for the DRCs of `kind` (and `owner`, if given), in the
 * order QEMU sets them: indexes, power-domains, names, types. Each starts with the count.
 */
export function drcProps(drcs: readonly Drc[], kind: DrcKind, owner?: string): FdtProp[] {
  const list = drcListingOrder(drcs).filter((d) => d.kind === kind && (owner === undefined || d.owner === owner));
  const n = list.length;
  return [
    ['ibm,drc-indexes', u32(n, ...list.map((d) => d.index))],
    ['ibm,drc-power-domains', u32(n, ...list.map(() => 0xffffffff))], // -1: live insertion
    ['ibm,drc-names', concat(u32(n), strList(...list.map((d) => `${KIND[d.kind].namePrefix}${d.id}`)))],
    ['ibm,drc-types', concat(u32(n), strList(...list.map((d) => KIND[d.kind].typeName)))],
  ];
}
