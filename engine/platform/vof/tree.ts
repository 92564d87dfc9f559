// The device tree the client interface answers from: a mutable copy of the platform's FDT
// tree with every node given a phandle as QEMU 7.2's VOF does at reset (vof_build_dt):
// nodes without one, in depth-first (blob) order, numbered from the largest existing
// phandle + 1; the new "phandle" property goes first in its node (libfdt's fdt_setprop).
import { type FdtNode, type FdtProp, readU32s, u32 } from '../fdt/blob.js';

export interface VofNode extends FdtNode {
  children: VofNode[];
  parent: VofNode | null;
  phandle: number;
}

function clone(n: FdtNode, parent: VofNode | null): VofNode {
  const v: VofNode = { name: n.name, props: n.props.map(([k, b]): FdtProp => [k, b.slice()]), children: [], parent, phandle: 0 };
  v.children = n.children.map((c) => clone(c, v));
  return v;
}

function phandleOf(n: FdtNode): number | undefined {
  const p = n.props.find(([k]) => k === 'phandle');
  return p && p[1].length === 4 ? readU32s(p[1])[0] : undefined;
}

export class VofTree {
  readonly root: VofNode;
  private readonly byPhandle = new Map<number, VofNode>();

  constructor(root: FdtNode) {
    this.root = clone(root, null);
    const all: VofNode[] = [];
    const walk = (n: VofNode) => { all.push(n); n.children.forEach(walk); };
    walk(this.root);
    let next = Math.max(0, ...all.map((n) => phandleOf(n) ?? 0));
    for (const n of all) {
      const have = phandleOf(n);
      n.phandle = have ?? ++next;
      if (have === undefined) n.props.unshift(['phandle', u32(n.phandle)]);
      this.byPhandle.set(n.phandle, n);
    }
  }

  node(phandle: number): VofNode | undefined {
    return this.byPhandle.get(phandle >>> 0);
  }

  getProp(n: VofNode, name: string): Uint8Array | undefined {
    return n.props.find(([k]) => k === name)?.[1];
  }

  /** fdt_setprop: an existing property keeps its place, a new one goes first. */
  setProp(n: VofNode, name: string, value: Uint8Array): void {
    const i = n.props.findIndex(([k]) => k === name);
    if (i >= 0) n.props[i] = [name, value];
    else n.props.unshift([name, value]);
  }

  /** The path libfdt's fdt_get_path gives: '/' for the root, '/a/b@1' below it. */
  pathOf(n: VofNode): string {
    const parts: string[] = [];
    for (let c: VofNode | null = n; c && c.parent; c = c.parent) parts.unshift(c.name);
    return '/' + parts.join('/');
  }

  /** libfdt's fdt_path_offset: absolute paths, or an alias from /aliases for the first
   *  component; a component without '@' also matches a node name's part before '@'. */
  find(path: string): VofNode | undefined {
    let start: VofNode | undefined = this.root;
    let rest = path;
    if (!path.startsWith('/')) {
      const slash = path.indexOf('/');
      const alias = slash < 0 ? path : path.slice(0, slash);
      const aliases = this.root.children.find((c) => c.name === 'aliases');
      const target = aliases && this.getProp(aliases, alias);
      if (!target || target.length === 0) return undefined;
      const tpath = new TextDecoder().decode(target.subarray(0, target.indexOf(0) < 0 ? target.length : target.indexOf(0)));
      if (!tpath.startsWith('/')) return undefined;
      start = this.find(tpath);
      rest = slash < 0 ? '' : path.slice(slash);
    }
    let cur: VofNode | undefined = start;
    for (const part of rest.split('/').filter((p) => p !== '')) {
      if (!cur) return undefined;
      const exact: VofNode | undefined = cur.children.find((c: VofNode) => c.name === part);
      cur = exact ?? (part.includes('@') ? undefined : cur.children.find((c: VofNode) => c.name.split('@')[0] === part));
    }
    return cur;
  }
}
