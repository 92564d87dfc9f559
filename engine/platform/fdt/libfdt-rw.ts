// A byte-level model of a libfdt read-write tree being edited in place, for blobs that
// must equal QEMU's byte for byte. libfdt inserts by moving the rest of the blob up
// (memmove) and then writes the new tag, name offset, length and value; the 0-3 padding
// bytes after a value are NOT cleared, so they keep whatever bytes were there before the
// move. QEMU's tree therefore carries such leftover bytes, which depend on the exact
// sequence of edits. This model replays the same edits on a zero-filled buffer.
//
// Layout while editing: header | reservation map | structure block | strings block.
const TAG_BEGIN_NODE = 1, TAG_END_NODE = 2, TAG_PROP = 3, TAG_NOP = 4, TAG_END = 9;
const align4 = (n: number) => (n + 3) & ~3;

export class LibfdtRwImage {
  private buf: Uint8Array;
  private dv: DataView;
  private offRsv = 40;
  private offStruct = 56;
  private sizeStruct = 16;
  private offStrings = 72;
  private sizeStrings = 0;

  /** fdt_create_empty_tree: an empty root node in a zero-filled buffer. */
  constructor(capacity = 0x200000) {
    this.buf = new Uint8Array(capacity);
    this.dv = new DataView(this.buf.buffer);
    // rsvmap terminator (zeros), then BEGIN_NODE "" END_NODE END
    this.dv.setUint32(this.offStruct, TAG_BEGIN_NODE);
    this.dv.setUint32(this.offStruct + 8, TAG_END_NODE);
    this.dv.setUint32(this.offStruct + 12, TAG_END);
  }

  private get end(): number {
    return this.offStrings + this.sizeStrings;
  }

  /** fdt_splice_: replace `oldLen` bytes at `at` by `newLen` bytes, moving the rest. */
  private splice(at: number, oldLen: number, newLen: number): void {
    const end = this.end;
    if (end - oldLen + newLen > this.buf.length) throw new Error('libfdt model: out of space');
    this.buf.copyWithin(at + newLen, at + oldLen, end);
  }

  private tagAt(off: number): [tag: number, next: number] {
    const tag = this.dv.getUint32(off);
    if (tag === TAG_BEGIN_NODE) {
      let e = off + 4;
      while (this.buf[e] !== 0) e++;
      return [tag, align4(e + 1)];
    }
    if (tag === TAG_PROP) return [tag, off + 12 + align4(this.dv.getUint32(off + 4))];
    return [tag, off + 4];
  }

  private nodeName(off: number): string {
    let e = off + 4;
    while (this.buf[e] !== 0) e++;
    return new TextDecoder().decode(this.buf.subarray(off + 4, e));
  }

  /** Offset of the BEGIN_NODE of the node at `path` (names from the root). */
  private findNode(path: readonly string[]): number {
    let off = this.offStruct;
    for (const name of path) {
      let [, p] = this.tagAt(off);
      let depth = 0, found = -1;
      for (;;) {
        const [tag, next] = this.tagAt(p);
        if (tag === TAG_BEGIN_NODE) {
          if (depth === 0 && this.nodeName(p) === name) { found = p; break; }
          depth++;
        } else if (tag === TAG_END_NODE) {
          if (depth === 0) break;
          depth--;
        } else if (tag === TAG_END) {
          break;
        }
        p = next;
      }
      if (found < 0) throw new Error(`libfdt model: no node ${path.join('/')}`);
      off = found;
    }
    return off;
  }

  /** fdt_find_add_string_: reuse any `name\0` in the strings block, else append. */
  private stringOffset(name: string): number {
    const enc = new TextEncoder().encode(name);
    const s = this.offStrings;
    for (let p = 0; p + enc.length < this.sizeStrings; p++) {
      let ok = this.buf[s + p + enc.length] === 0;
      for (let i = 0; ok && i < enc.length; i++) ok = this.buf[s + p + i] === enc[i];
      if (ok) return p;
    }
    const at = this.sizeStrings;
    this.splice(this.end, 0, enc.length + 1);
    this.buf.set(enc, s + at);
    this.buf[s + at + enc.length] = 0;
    this.sizeStrings += enc.length + 1;
    return at;
  }

  private spliceStruct(at: number, oldLen: number, newLen: number): void {
    this.splice(at, oldLen, newLen);
    this.sizeStruct += newLen - oldLen;
    this.offStrings += newLen - oldLen;
  }

  /** fdt_setprop */
  setProp(path: readonly string[], name: string, value: Uint8Array): void {
    const nodeOff = this.findNode(path);
    let [, p] = this.tagAt(nodeOff);
    // existing property?
    for (;;) {
      const [tag, next] = this.tagAt(p);
      if (tag === TAG_PROP) {
        const nameoff = this.dv.getUint32(p + 8);
        if (this.stringAt(nameoff) === name) {
          const oldLen = this.dv.getUint32(p + 4);
          this.spliceStruct(p + 12, align4(oldLen), align4(value.length));
          this.dv.setUint32(p + 4, value.length);
          this.buf.set(value, p + 12);
          return;
        }
      } else if (tag !== TAG_NOP) {
        break;
      }
      p = next;
    }
    const nameoff = this.stringOffset(name);
    const at = this.tagAt(nodeOff)[1];
    this.spliceStruct(at, 0, 12 + align4(value.length));
    this.dv.setUint32(at, TAG_PROP);
    this.dv.setUint32(at + 4, value.length);
    this.dv.setUint32(at + 8, nameoff);
    this.buf.set(value, at + 12); // padding bytes keep their old contents, as in libfdt
  }

  private stringAt(off: number): string {
    let e = this.offStrings + off;
    while (this.buf[e] !== 0) e++;
    return new TextDecoder().decode(this.buf.subarray(this.offStrings + off, e));
  }

  /** fdt_add_subnode: a new empty node placed after the parent's properties. */
  addSubnode(parentPath: readonly string[], name: string): void {
    const parent = this.findNode(parentPath);
    let [, p] = this.tagAt(parent);
    for (;;) {
      const [tag, next] = this.tagAt(p);
      if (tag !== TAG_PROP && tag !== TAG_NOP) break;
      p = next;
    }
    const enc = new TextEncoder().encode(name);
    const nameLen = align4(enc.length + 1);
    this.spliceStruct(p, 0, 4 + nameLen + 4);
    this.dv.setUint32(p, TAG_BEGIN_NODE);
    this.buf.fill(0, p + 4, p + 4 + nameLen);
    this.buf.set(enc, p + 4);
    this.dv.setUint32(p + 4 + nameLen, TAG_END_NODE);
  }

  /** fdt_add_mem_rsv: a 16-byte entry inserted before the terminator. */
  addReservation(address: bigint, size: bigint): void {
    const at = this.offStruct - 16;
    this.splice(at, 0, 16);
    this.dv.setBigUint64(at, address);
    this.dv.setBigUint64(at + 8, size);
    this.offStruct += 16;
    this.offStrings += 16;
  }

  /** fdt_pack: the blocks are already contiguous; the blob ends with the strings. */
  pack(bootCpuidPhys = 0): Uint8Array {
    const out = this.buf.slice(0, this.end);
    const dv = new DataView(out.buffer);
    const header = [0xd00dfeed, out.length, this.offStruct, this.offStrings, this.offRsv, 17, 16,
      bootCpuidPhys, this.sizeStrings, this.sizeStruct];
    header.forEach((v, i) => dv.setUint32(i * 4, v >>> 0));
    return out;
  }
}
