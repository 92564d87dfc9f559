// Node-by-node, property-by-property comparison of two device trees, in order.
import type { Fdt, FdtNode } from './blob.js';

function hex(v: Uint8Array): string {
  const s = Array.from(v.subarray(0, 48), (b) => b.toString(16).padStart(2, '0')).join('');
  return v.length > 48 ? `${s}… (${v.length} bytes)` : `${s} (${v.length} bytes)`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function compareNode(a: FdtNode, b: FdtNode, path: string): string | null {
  const n = Math.max(a.props.length, b.props.length);
  for (let i = 0; i < n; i++) {
    const pa = a.props[i], pb = b.props[i];
    if (!pa) return `${path}: property #${i} '${pb[0]}' only in the second tree`;
    if (!pb) return `${path}: property #${i} '${pa[0]}' only in the first tree`;
    if (pa[0] !== pb[0]) return `${path}: property #${i} is '${pa[0]}' vs '${pb[0]}'`;
    if (!sameBytes(pa[1], pb[1])) return `${path} property '${pa[0]}': ${hex(pa[1])} vs ${hex(pb[1])}`;
  }
  const m = Math.max(a.children.length, b.children.length);
  for (let i = 0; i < m; i++) {
    const ca = a.children[i], cb = b.children[i];
    const at = (c: FdtNode) => (path === '/' ? `/${c.name}` : `${path}/${c.name}`);
    if (!ca) return `${path}: child #${i} '${cb.name}' only in the second tree`;
    if (!cb) return `${path}: child #${i} '${ca.name}' only in the first tree`;
    if (ca.name !== cb.name) return `${path}: child #${i} is '${ca.name}' vs '${cb.name}'`;
    const d = compareNode(ca, cb, at(ca));
    if (d) return d;
  }
  return null;
}

/** The first difference (node path and property name) between two trees, or null. */
export function firstFdtDifference(a: Fdt, b: Fdt): string | null {
  if (a.bootCpuidPhys !== b.bootCpuidPhys) return `boot_cpuid_phys ${a.bootCpuidPhys} vs ${b.bootCpuidPhys}`;
  const n = Math.max(a.reservations.length, b.reservations.length);
  for (let i = 0; i < n; i++) {
    const ra = a.reservations[i], rb = b.reservations[i];
    if (!ra || !rb || ra.address !== rb.address || ra.size !== rb.size) {
      const f = (r?: { address: bigint; size: bigint }) => (r ? `0x${r.address.toString(16)}+0x${r.size.toString(16)}` : 'none');
      return `/memreserve/ #${i}: ${f(ra)} vs ${f(rb)}`;
    }
  }
  if (a.root.name !== b.root.name) return `root name '${a.root.name}' vs '${b.root.name}'`;
  return compareNode(a.root, b.root, '/');
}
