// Flattened device tree (devicetree spec v0.4, "DTB format", version 17): an in-memory
// node tree, a writer to the blob format and a strict reader back into the same tree.
//
// Layout written (the same one libfdt leaves after fdt_pack, as QEMU's pseries does):
//   header (40 bytes) | memory reservation map (16-byte entries + zero entry) |
//   structure block | strings block, with totalsize = end of the strings block.

/** One property: name and raw big-endian value bytes (possibly empty). */
export type FdtProp = [name: string, value: Uint8Array];

/** A device-tree node; properties and children keep their order. The root's name is ''. */
export interface FdtNode {
  name: string;
  props: FdtProp[];
  children: FdtNode[];
}

/** One /memreserve/ entry of the memory reservation block. */
export interface FdtReservation {
  address: bigint;
  size: bigint;
}

/** A whole device tree: what a .dtb holds. */
export interface Fdt {
  root: FdtNode;
  reservations: FdtReservation[];
  /** Header field boot_cpuid_phys. */
  bootCpuidPhys: number;
}

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
export const FDT_HEADER_SIZE = 40;

const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;

/** Every malformed-blob or misuse problem is reported as one FdtError with a message. */
export class FdtError extends Error {
  override name = 'FdtError';
}

// ---- value helpers -------------------------------------------------------------------

/** Big-endian 32-bit cells. */
export function u32(...cells: number[]): Uint8Array {
  const out = new Uint8Array(cells.length * 4);
  const dv = new DataView(out.buffer);
  cells.forEach((c, i) => {
    if (!Number.isInteger(c) || c < -0x80000000 || c > 0xffffffff) {
      throw new FdtError(`u32 cell out of range: ${c}`);
    }
    dv.setUint32(i * 4, c >>> 0);
  });
  return out;
}

/** Big-endian 64-bit values (two cells each). Numbers must be safe integers. */
export function u64(...values: (number | bigint)[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => {
    const b = typeof v === 'bigint' ? v : BigInt(v);
    if (b < 0n || b > 0xffffffffffffffffn) throw new FdtError(`u64 value out of range: ${v}`);
    dv.setUint32(i * 8, Number(b >> 32n));
    dv.setUint32(i * 8 + 4, Number(b & 0xffffffffn));
  });
  return out;
}

/** A NUL-terminated string. */
export function str(s: string): Uint8Array {
  return strList(s);
}

/** A string list: each string NUL-terminated, concatenated. */
export function strList(...list: string[]): Uint8Array {
  const parts = list.map((s) => new TextEncoder().encode(s));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let o = 0;
  for (const p of parts) {
    if (p.includes(0)) throw new FdtError('string value contains NUL');
    out.set(p, o);
    o += p.length + 1;
  }
  return out;
}

/** Raw bytes. */
export function bytes(...b: number[]): Uint8Array {
  return Uint8Array.from(b);
}

/** An empty (boolean) property value. */
export function empty(): Uint8Array {
  return new Uint8Array(0);
}

/** Concatenation of property values. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Reads a value as big-endian 32-bit cells. */
export function readU32s(value: Uint8Array): number[] {
  if (value.length % 4 !== 0) throw new FdtError(`value length ${value.length} is not a multiple of 4`);
  const dv = new DataView(value.buffer, value.byteOffset, value.length);
  const out: number[] = [];
  for (let i = 0; i < value.length; i += 4) out.push(dv.getUint32(i));
  return out;
}

/** Reads a string-list value. */
export function readStrings(value: Uint8Array): string[] {
  if (value.length === 0 || value[value.length - 1] !== 0) throw new FdtError('string value not NUL-terminated');
  return new TextDecoder().decode(value.subarray(0, value.length - 1)).split('\0');
}

// ---- tree helpers --------------------------------------------------------------------

export function node(name: string, props: FdtProp[] = [], children: FdtNode[] = []): FdtNode {
  return { name, props, children };
}

/** The node at an absolute path like '/cpus/PowerPC,POWER8@0', or undefined. */
export function findNode(root: FdtNode, path: string): FdtNode | undefined {
  let cur: FdtNode | undefined = root;
  for (const part of path.split('/').filter((p) => p !== '')) {
    cur = cur.children.find((c: FdtNode) => c.name === part);
    if (!cur) return undefined;
  }
  return cur;
}

export function getProp(n: FdtNode, name: string): Uint8Array | undefined {
  return n.props.find(([k]) => k === name)?.[1];
}

// ---- writer --------------------------------------------------------------------------

export interface FlattenOptions {
  /**
   * Property names in the order they first entered the strings block. libfdt appends a
   * name when first used, reusing any existing `name\0` occurrence (also a suffix of a
   * longer name); giving QEMU's order here makes the blob byte-identical. Names the tree
   * uses but this list lacks are added afterwards in tree order.
   */
  stringsOrder?: readonly string[];
}

/** A strings block that reuses any existing `name\0` occurrence, as libfdt does. */
class StringsBlock {
  private bytes: number[] = [];
  private readonly offsets = new Map<string, number>();

  offsetOf(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const enc = new TextEncoder().encode(name);
    if (enc.includes(0)) throw new FdtError(`property name contains NUL: ${JSON.stringify(name)}`);
    let at = -1;
    for (let p = 0; p + enc.length < this.bytes.length && at < 0; p++) {
      let ok = this.bytes[p + enc.length] === 0;
      for (let i = 0; ok && i < enc.length; i++) ok = this.bytes[p + i] === enc[i];
      if (ok) at = p;
    }
    if (at < 0) {
      at = this.bytes.length;
      this.bytes.push(...enc, 0);
    }
    this.offsets.set(name, at);
    return at;
  }

  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Growable big-endian byte buffer. */
class Out {
  buf = new Uint8Array(4096);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.len, v >>> 0);
    this.len += 4;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  align4(): void {
    while (this.len % 4) this.raw(Uint8Array.of(0));
  }
}

function checkNodeName(name: string, isRoot: boolean): void {
  if (isRoot ? name !== '' : name === '' || name.includes('/') || name.includes('\0')) {
    throw new FdtError(`bad node name ${JSON.stringify(name)}`);
  }
}

/** Writes the tree as a version-17 DTB. */
export function flattenFdt(fdt: Fdt, opts: FlattenOptions = {}): Uint8Array {
  const strings = new StringsBlock();
  for (const name of opts.stringsOrder ?? []) strings.offsetOf(name);

  const struct = new Out();
  const emit = (n: FdtNode, isRoot: boolean): void => {
    checkNodeName(n.name, isRoot);
    struct.u32(FDT_BEGIN_NODE);
    struct.raw(str(n.name));
    struct.align4();
    for (const [name, value] of n.props) {
      struct.u32(FDT_PROP);
      struct.u32(value.length);
      struct.u32(strings.offsetOf(name));
      struct.raw(value);
      struct.align4();
    }
    for (const c of n.children) emit(c, false);
    struct.u32(FDT_END_NODE);
  };
  emit(fdt.root, true);
  struct.u32(FDT_END);

  const strBytes = strings.toBytes();
  const offRsv = FDT_HEADER_SIZE; // 8-byte aligned
  const offStruct = offRsv + (fdt.reservations.length + 1) * 16;
  const offStrings = offStruct + struct.len;
  const total = offStrings + strBytes.length;

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const header = [FDT_MAGIC, total, offStruct, offStrings, offRsv, FDT_VERSION, FDT_LAST_COMP_VERSION,
    fdt.bootCpuidPhys, strBytes.length, struct.len];
  header.forEach((v, i) => dv.setUint32(i * 4, v >>> 0));
  fdt.reservations.forEach((r, i) => out.set(u64(r.address, r.size), offRsv + i * 16));
  out.set(struct.buf.subarray(0, struct.len), offStruct);
  out.set(strBytes, offStrings);
  return out;
}

// ---- reader --------------------------------------------------------------------------

const MAX_DEPTH = 64;

/** Parses a DTB (versions 16 and 17). Throws FdtError on any malformed input. */
export function parseFdt(blob: Uint8Array): Fdt {
  const fail = (msg: string): never => {
    throw new FdtError(`bad FDT: ${msg}`);
  };
  if (blob.length < FDT_HEADER_SIZE) fail(`blob of ${blob.length} bytes is shorter than the 40-byte header`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.length);
  const h = (i: number) => dv.getUint32(i * 4);
  const magic = h(0);
  if (magic !== FDT_MAGIC) fail(`bad magic 0x${magic.toString(16)} (want 0xd00dfeed)`);
  const total = h(1), offStruct = h(2), offStrings = h(3), offRsv = h(4);
  const version = h(5), lastComp = h(6), bootCpuidPhys = h(7), sizeStrings = h(8);
  if (version < 16 || lastComp > FDT_VERSION) fail(`unsupported version ${version} (last compatible ${lastComp})`);
  if (total < FDT_HEADER_SIZE) fail(`totalsize ${total} smaller than the header`);
  if (total > blob.length) fail(`truncated: totalsize ${total} but only ${blob.length} bytes`);
  const sizeStruct = version >= 17 ? h(9) : total - offStruct;
  const inBlob = (what: string, off: number, size: number) => {
    if (off > total || size > total - off) fail(`${what} [${off}, +${size}) outside totalsize ${total}`);
  };
  inBlob('structure block', offStruct, sizeStruct);
  inBlob('strings block', offStrings, sizeStrings);
  inBlob('reservation map', offRsv, 0);
  if (offRsv % 8 !== 0) fail(`reservation map offset ${offRsv} not 8-byte aligned`);
  if (offStruct % 4 !== 0) fail(`structure block offset ${offStruct} not 4-byte aligned`);
  if (offRsv < FDT_HEADER_SIZE || offStruct < FDT_HEADER_SIZE) fail('block overlaps the header');

  // memory reservation map: (address, size) pairs ended by a zero pair
  const reservations: FdtReservation[] = [];
  for (let o = offRsv; ; o += 16) {
    if (o + 16 > total) fail('reservation map runs past totalsize without a terminating entry');
    const address = (BigInt(dv.getUint32(o)) << 32n) | BigInt(dv.getUint32(o + 4));
    const size = (BigInt(dv.getUint32(o + 8)) << 32n) | BigInt(dv.getUint32(o + 12));
    if (address === 0n && size === 0n) break;
    reservations.push({ address, size });
  }

  const structEnd = offStruct + sizeStruct;
  let p = offStruct;
  const word = (): number => {
    if (p + 4 > structEnd) fail(`structure block truncated at offset ${p}`);
    const v = dv.getUint32(p);
    p += 4;
    return v;
  };
  const cstring = (from: number, end: number, what: string): [string, number] => {
    let e = from;
    while (e < end && blob[e] !== 0) e++;
    if (e >= end) fail(`${what} at offset ${from} not NUL-terminated`);
    return [new TextDecoder().decode(blob.subarray(from, e)), e + 1];
  };

  let root: FdtNode | undefined;
  const stack: FdtNode[] = [];
  for (;;) {
    const at = p;
    const tag = word();
    if (tag === FDT_NOP) continue;
    if (tag === FDT_BEGIN_NODE) {
      const [name, next] = cstring(p, structEnd, 'node name');
      p = (next + 3) & ~3;
      const n = node(name);
      if (stack.length === 0) {
        if (root) fail(`second root node at offset ${at}`);
        if (name !== '') fail(`root node has a name ${JSON.stringify(name)}`);
        root = n;
      } else {
        stack[stack.length - 1].children.push(n);
      }
      if (stack.length >= MAX_DEPTH) fail(`nodes nested deeper than ${MAX_DEPTH}`);
      stack.push(n);
    } else if (tag === FDT_END_NODE) {
      if (stack.length === 0) fail(`END_NODE without BEGIN_NODE at offset ${at}`);
      stack.pop();
    } else if (tag === FDT_PROP) {
      if (stack.length === 0) fail(`property outside any node at offset ${at}`);
      const len = word();
      const nameoff = word();
      if (len > structEnd - p) fail(`property at offset ${at} of length ${len} runs past the structure block`);
      if (nameoff >= sizeStrings) fail(`property name offset ${nameoff} outside strings block`);
      const [name] = cstring(offStrings + nameoff, offStrings + sizeStrings, 'property name');
      stack[stack.length - 1].props.push([name, blob.slice(p, p + len)]);
      p = (p + len + 3) & ~3;
    } else if (tag === FDT_END) {
      if (stack.length !== 0) fail(`END with ${stack.length} node(s) still open`);
      break;
    } else {
      fail(`unknown token 0x${tag.toString(16)} at offset ${at}`);
    }
  }
  if (!root) fail('no root node');
  return { root: root!, reservations, bootCpuidPhys };
}
