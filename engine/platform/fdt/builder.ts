// Builds a tree the way libfdt's read-write calls shape it, so a caller that makes the
// same calls in the same order as QEMU gets QEMU's exact layout:
//  - fdt_setprop of a new property puts it FIRST among the node's properties
//    (an existing property keeps its place, its value is replaced);
//  - fdt_add_subnode puts the new node FIRST among the node's children;
//  - a property name enters the strings block when first used.
// Beside the tree it replays the edits on a byte image (libfdt-rw.ts), so flatten()
// also reproduces the leftover padding bytes libfdt leaves in QEMU's blob.
import type { Fdt, FdtNode, FdtReservation } from './blob.js';
import { LibfdtRwImage } from './libfdt-rw.js';

export class LibfdtOrderBuilder {
  readonly root: FdtNode = { name: '', props: [], children: [] };
  readonly reservations: FdtReservation[] = [];
  /** Property names in first-use order (the strings block order). */
  readonly stringsOrder: string[] = [];
  private readonly seen = new Set<string>();
  private readonly paths = new Map<FdtNode, string[]>([[this.root, []]]);
  private readonly image = new LibfdtRwImage();

  private pathOf(n: FdtNode): string[] {
    const p = this.paths.get(n);
    if (!p) throw new Error(`node ${n.name} was not made by this builder`);
    return p;
  }

  /** fdt_setprop */
  setProp(n: FdtNode, name: string, value: Uint8Array): void {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.stringsOrder.push(name);
    }
    this.image.setProp(this.pathOf(n), name, value);
    const i = n.props.findIndex(([k]) => k === name);
    if (i >= 0) n.props[i] = [name, value];
    else n.props.unshift([name, value]);
  }

  /** fdt_add_subnode; a duplicate name is an error as in libfdt (-FDT_ERR_EXISTS). */
  addSubnode(parent: FdtNode, name: string): FdtNode {
    if (parent.children.some((c) => c.name === name)) throw new Error(`node ${name} exists`);
    const n: FdtNode = { name, props: [], children: [] };
    this.image.addSubnode(this.pathOf(parent), name);
    this.paths.set(n, [...this.pathOf(parent), name]);
    parent.children.unshift(n);
    return n;
  }

  /** fdt_add_mem_rsv: appended in call order. */
  addReservation(address: bigint, size: bigint): void {
    this.image.addReservation(address, size);
    this.reservations.push({ address, size });
  }

  fdt(bootCpuidPhys = 0): Fdt {
    return { root: this.root, reservations: this.reservations, bootCpuidPhys };
  }

  /** The packed blob exactly as libfdt leaves it after these edits (fdt_pack). */
  flatten(bootCpuidPhys = 0): Uint8Array {
    return this.image.pack(bootCpuidPhys);
  }
}
