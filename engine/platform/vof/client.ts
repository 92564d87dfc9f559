// The Open Firmware client interface answered by the hypervisor, as QEMU 7.2's `x-vof=on`
// does (hw/ppc/vof.c, hw/ppc/spapr_vof.c): the firmware's CI entry turns each call into
// hcall KVMPPC_H_VOF_CLIENT (0xf005) with r4 = the argument block (args.ts). Services
// answer from a mutable copy of the device tree (tree.ts), allocate with QEMU's allocator
// (claim.ts) and keep open instances (ihandles 1, 2, … never reused). A service whose name
// matches but whose nargs/nret do not is unknown, as in QEMU; unknown ones return -1 and
// are counted by name. PROM_ERROR is -1 as a 32-bit cell.
import type { Cpu, HaltReason } from '../../cpu/cpu.js';
import type { Ram } from '../../memory/ram.js';
import type { FdtNode } from '../fdt/blob.js';
import { flattenFdt, parseFdt, readU32s, u32, u64 } from '../fdt/blob.js';
import type { HcallTable } from '../hcalls.js';
import { H_HARDWARE, H_PARAMETER, H_SUCCESS, KVMPPC_H_VOF_CLIENT } from '../papr.js';
import type { LoadedImage, Negotiated } from '../fdt/pseries.js';
import { OV5, ovecFromGuest, ovecHas, ovecIntersect, PSERIES_7_2_OV5 } from '../ovec.js';
import { type CiCall, readCall, readCString, writeRets } from './args.js';
import { type CasRequest, parseCas } from './cas.js';
import { CLAIM_FAILED, Claims } from './claim.js';
import { type VofNode, VofTree } from './tree.js';

export const PROM_ERROR = 0xffffffff;
/** QEMU's VOF_STACK_SIZE: the firmware's stack, claimed at reset (aligned to its size). */
export const VOF_STACK_SIZE = 0x8000;
/** The RTAS blob instantiate-rtas places (QEMU's pc-bios/vof hv_rtas): `mr r4,r3;
 *  lis r3,0; ori r3,r3,0xf000; sc 1; blr`, big-endian: RTAS calls reach hcall 0xf000. */
export const RTAS_BLOB = Uint8Array.from([
  0x7c, 0x64, 0x1b, 0x78, 0x3c, 0x60, 0x00, 0x00, 0x60, 0x63, 0xf0, 0x00, 0x44, 0x00, 0x00, 0x22, 0x4e, 0x80, 0x00, 0x20,
]);

const OF_PROPNAME_MAX = 65; // 64 characters + NUL
const VOF_MAX_PATH = 256;
const VOF_MAX_SETPROPLEN = 2048;
const VOF_MAX_METHODLEN = 256;

export interface VofHost {
  ram: Ram;
  /** Bytes `write` sends to an instance of a serial device (QEMU 7.2 only traces them). */
  console(bytes: Uint8Array): void;
  halt(c: Cpu, reason: HaltReason): void;
  /** The CPU's PVR, for CAS. */
  pvr: number;
  /** The platform's tree built anew after CAS, as QEMU's spapr_build_fdt(reset = true) does
   *  then: for what was negotiated and the initrd where the client last said it is. */
  rebuild(n: Negotiated, initrd: LoadedImage | undefined, icount: number): FdtNode;
  /** Told what CAS negotiated (H_HOME_NODE_ASSOCIATIVITY answers in its affinity form). */
  negotiated(n: Negotiated): void;
}

export interface VofBoot {
  /** Bytes of firmware at 0, claimed first (QEMU: vof->fw_size). */
  fwSize: number;
  /** RMA size; allocations stay below min(this, 4 GiB). */
  rmaBytes: number;
  kernel?: { addr: number; size: number };
  initrd?: { addr: number; size: number };
  /** The console's path, opened as /chosen/stdout (QEMU's spapr_vio_stdout_path). */
  stdoutPath?: string;
}

/** An open instance: its package by phandle (it outlives a tree rebuild) and the path
 *  it was opened by. */
interface Instance { phandle: number; path: string }

type Service = (call: CiCall, rets: number[], c: Cpu) => number;

/** The interface's state in plain values: the tree (a flattened blob, base64), the claims,
 *  the open instances [ihandle, phandle, path] and what the client set in /chosen. */
export interface VofState {
  tree: string;
  claims: { start: number; size: number }[];
  base: number;
  lastIhandle: number;
  quiesced: boolean;
  instances: [number, number, string][];
  bootargs?: string;
  initrd?: { addr: number; size: number };
}

export class VofClient {
  tree: VofTree;
  readonly claims: Claims;
  /** r1 the firmware starts with: the top of its stack less a minimum frame. */
  readonly stackPointer: number;
  private readonly instances = new Map<number, Instance>();
  private lastIhandle = 0;
  /** Calls to services this interface does not provide (or with the wrong nargs/nret). */
  readonly unknown = new Map<string, number>();
  /** call-method methods nobody answers, by "path method". */
  readonly unknownMethods = new Map<string, number>();
  /** What the guest asked for at ibm,client-architecture-support, once it has. */
  cas: CasRequest | null = null;
  quiesced = false;
  private readonly stdoutPath: string | undefined;
  /** /chosen/bootargs as the client set it (QEMU's vof->bootargs), kept across a rebuild. */
  private bootargs: Uint8Array | undefined;
  /** The initrd as the client's setprops of /chosen/linux,initrd-start/-end moved it. */
  private initrd: LoadedImage | undefined;
  private readonly services: Record<string, [nargs: number, nret: number, fn: Service]>;

  constructor(private readonly host: VofHost, root: FdtNode, boot: VofBoot) {
    this.claims = new Claims(Math.min(boot.rmaBytes, 2 ** 32));
    this.claims.claim(0, boot.fwSize, 0);
    this.stackPointer = this.claims.claim(0, VOF_STACK_SIZE, VOF_STACK_SIZE) + VOF_STACK_SIZE - 0x20;
    if (boot.kernel && this.claims.claim(boot.kernel.addr, boot.kernel.size, 0) === CLAIM_FAILED) throw new Error('memory for the kernel is in use');
    if (boot.initrd && this.claims.claim(boot.initrd.addr, boot.initrd.size, 0) === CLAIM_FAILED) throw new Error('memory for the initrd is in use');
    this.tree = new VofTree(root);
    this.stdoutPath = boot.stdoutPath;
    this.initrd = boot.initrd;
    this.finalize();
    const S = (nargs: number, nret: number, fn: Service): [number, number, Service] => [nargs, nret, fn];
    this.services = {
      finddevice: S(1, 1, ({ args }) => this.finddevice(args[0])),
      getprop: S(4, 1, ({ args }) => this.getprop(args[0], args[1], args[2], args[3])),
      getproplen: S(2, 1, ({ args }) => this.getproplen(args[0], args[1])),
      setprop: S(4, 1, ({ args }) => this.setprop(args[0], args[1], args[2], args[3])),
      nextprop: S(3, 1, ({ args }) => this.nextprop(args[0], args[1], args[2])),
      peer: S(1, 1, ({ args }) => this.peer(args[0])),
      child: S(1, 1, ({ args }) => this.tree.node(args[0])?.children[0]?.phandle ?? 0),
      parent: S(1, 1, ({ args }) => this.tree.node(args[0])?.parent?.phandle ?? 0),
      open: S(1, 1, ({ args }) => this.openPath(args[0])),
      close: S(1, 0, ({ args }) => (this.instances.delete(args[0]), 0)),
      'instance-to-package': S(1, 1, ({ args }) => this.instances.get(args[0])?.phandle ?? PROM_ERROR),
      'package-to-path': S(3, 1, ({ args }) => this.writePath(this.tree.node(args[0]), args[1])),
      'instance-to-path': S(3, 1, ({ args }) => this.writePath(this.instanceNode(args[0]), args[1])),
      write: S(3, 1, ({ args }) => this.write(args[0], args[1], args[2])),
      claim: S(3, 1, ({ args }) => this.claim(args[0], args[1], args[2])),
      release: S(2, 0, ({ args }) => this.release(args[0], args[1])),
      'call-method': S(0, 0, ({ args }, rets, c) => this.callMethod(args, rets, c)),
      interpret: S(0, 0, () => PROM_ERROR), // no Forth here, as in QEMU
      milliseconds: S(0, 1, (_call, _rets, c) => Number((c.tb.now() / 512_000n) & 0xffffffffn)),
      quiesce: S(0, 0, () => ((this.quiesced = true), 0)),
      exit: S(0, 0, (_call, _rets, c) => (host.halt(c, 'checkstop'), 0)), // QEMU pauses the VM
    };
  }

  /** Everything the guest can observe of this interface, for snapshots and Machine.hash()
   *  (QEMU migrates its FDT blob too). */
  save(): VofState {
    const tree = flattenFdt({ root: this.tree.root, reservations: [], bootCpuidPhys: 0 });
    return {
      tree: Buffer.from(tree).toString('base64'),
      claims: this.claims.list.map((c) => ({ ...c })), base: this.claims.base, lastIhandle: this.lastIhandle,
      quiesced: this.quiesced, instances: [...this.instances].map(([ih, i]) => [ih, i.phandle, i.path]),
      bootargs: this.bootargs && Buffer.from(this.bootargs).toString('hex'), initrd: this.initrd && { ...this.initrd },
    };
  }

  load(s: VofState): void {
    this.tree = new VofTree(parseFdt(Buffer.from(s.tree, 'base64')).root); // every node has its phandle
    this.claims.list.splice(0, Infinity, ...s.claims.map((c) => ({ ...c })));
    this.claims.base = s.base;
    this.lastIhandle = s.lastIhandle;
    this.quiesced = s.quiesced;
    this.instances.clear();
    for (const [ih, phandle, path] of s.instances) this.instances.set(ih, { phandle, path });
    this.bootargs = s.bootargs === undefined ? undefined : Uint8Array.from(Buffer.from(s.bootargs, 'hex'));
    this.initrd = s.initrd && { ...s.initrd };
  }

  register(t: HcallTable): void {
    t.register(KVMPPC_H_VOF_CLIENT, (c) => this.hcall(c));
  }

  private hcall(c: Cpu): bigint {
    const real = c.u64[4] & 0x0fffffffffffffffn;
    if (real > BigInt(this.host.ram.size)) return H_PARAMETER;
    const addr = Number(real);
    const call = readCall(this.host.ram, addr);
    if (!call) return H_PARAMETER;
    const rets = this.handle(call, c);
    writeRets(this.host.ram, addr, call, rets);
    return H_SUCCESS;
  }

  /** Runs one call; returns the values for rets[0..nret) (the first is the service's). */
  handle(call: CiCall, c: Cpu): number[] {
    const s = Object.hasOwn(this.services, call.service) ? this.services[call.service] : undefined;
    const extra = new Array<number>(Math.max(call.nret, 1)).fill(0);
    let ret: number;
    if (s && (s[0] === 0 || s[0] === call.args.length) && (s[1] === 0 || s[1] === call.nret)) {
      const args = [...call.args, ...new Array<number>(10).fill(0)];
      ret = s[2]({ ...call, args }, extra, c);
    } else {
      this.unknown.set(call.service, (this.unknown.get(call.service) ?? 0) + 1);
      ret = PROM_ERROR;
    }
    return [ret >>> 0, ...extra.slice(0, Math.max(0, call.nret - 1))];
  }

  // ---- memory helpers ------------------------------------------------------------------

  private str(addr: number, max: number): string | undefined {
    return readCString(this.host.ram, addr, max);
  }

  private put(addr: number, bytes: Uint8Array): boolean {
    if (addr + bytes.length > this.host.ram.size) return false;
    this.host.ram.write(addr, bytes);
    return true;
  }

  // ---- the tree ------------------------------------------------------------------------

  /** QEMU's path_offset: unit addresses are matched in lower case. */
  private findPath(path: string): VofNode | undefined {
    const at = path.indexOf('@');
    if (at >= 0) {
      let p = path.slice(0, at), inUnit = true;
      for (const ch of path.slice(at)) {
        if (ch === '/') inUnit = false;
        else if (ch === '@') inUnit = true;
        p += inUnit ? ch.toLowerCase() : ch;
      }
      path = p;
    }
    return this.tree.find(path);
  }

  private finddevice(pathAddr: number): number {
    const path = this.str(pathAddr, VOF_MAX_PATH);
    if (path === undefined) return PROM_ERROR;
    return this.findPath(path)?.phandle ?? PROM_ERROR;
  }

  /** A property, or for "name" when the node has none, the node name up to '@' (the caller
   *  then writes a NUL as its last byte). */
  private prop(n: VofNode, name: string): { value: Uint8Array; write0: boolean } | undefined {
    const v = this.tree.getProp(n, name);
    if (v) return { value: v, write0: false };
    if (name !== 'name') return undefined;
    const bytes = new TextEncoder().encode(n.name);
    const at = bytes.indexOf(0x40);
    const len = (at >= 0 ? at : bytes.length) + 1;
    const value = new Uint8Array(len);
    value.set(bytes.subarray(0, len - 1));
    return { value, write0: true };
  }

  private getprop(ph: number, nameAddr: number, buf: number, buflen: number): number {
    const n = this.tree.node(ph);
    if (!n) return PROM_ERROR;
    const name = this.str(nameAddr, OF_PROPNAME_MAX);
    if (name === undefined) return PROM_ERROR;
    const p = this.prop(n, name);
    if (!p) return PROM_ERROR;
    const cb = Math.min(p.value.length, buflen);
    if (!this.put(buf, p.value.subarray(0, cb))) return PROM_ERROR;
    return p.value.length; // the property's size, not what fitted (IEEE 1275)
  }

  private getproplen(ph: number, nameAddr: number): number {
    const n = this.tree.node(ph);
    if (!n) return PROM_ERROR;
    const name = this.str(nameAddr, OF_PROPNAME_MAX);
    if (name === undefined) return PROM_ERROR;
    return this.prop(n, name)?.value.length ?? PROM_ERROR;
  }

  private setprop(ph: number, nameAddr: number, buf: number, len: number): number {
    if (len > VOF_MAX_SETPROPLEN) return PROM_ERROR;
    const name = this.str(nameAddr, OF_PROPNAME_MAX);
    if (name === undefined) return PROM_ERROR;
    const n = this.tree.node(ph);
    if (!n || buf + len > this.host.ram.size) return PROM_ERROR;
    const value = this.host.ram.u8.slice(buf, buf + len);
    if (this.tree.pathOf(n) === '/chosen') this.watchChosen(name, value);
    this.tree.setProp(n, name, value);
    return len;
  }

  /** spapr_vof_setprop accepts every property but remembers these /chosen ones, which the
   *  tree rebuilt at CAS then carries. */
  private watchChosen(name: string, v: Uint8Array): void {
    const dv = new DataView(v.buffer, v.byteOffset, v.byteLength);
    const cell = (): number | undefined => v.length === 4 ? dv.getUint32(0) : v.length === 8 ? Number(dv.getBigUint64(0)) : undefined;
    if (name === 'bootargs') {
      const nul = v.indexOf(0); // g_strndup: up to the first NUL
      this.bootargs = Uint8Array.of(...v.subarray(0, nul < 0 ? v.length : nul), 0);
    } else if (name === 'linux,initrd-start') {
      const a = cell();
      if (a !== undefined) this.initrd = { addr: a, size: this.initrd?.size ?? 0 };
    } else if (name === 'linux,initrd-end') {
      const e = cell();
      if (e !== undefined) this.initrd = { addr: this.initrd?.addr ?? 0, size: e - (this.initrd?.addr ?? 0) };
    }
  }

  private nextprop(ph: number, prevAddr: number, nameAddr: number): number {
    const prev = this.str(prevAddr, OF_PROPNAME_MAX);
    if (prev === undefined) return PROM_ERROR;
    const props = this.tree.node(ph)?.props ?? [];
    const i = prev === '' ? 0 : props.findIndex(([k]) => k === prev) + 1;
    if (i === 0 && prev !== '') return 0;
    if (i >= props.length) return 0;
    return this.put(nameAddr, new TextEncoder().encode(props[i][0] + '\0')) ? 1 : PROM_ERROR;
  }

  private peer(ph: number): number {
    if (ph === 0) return this.tree.root.phandle;
    const n = this.tree.node(ph);
    if (!n || !n.parent) return 0;
    const sibs = n.parent.children;
    return sibs[sibs.indexOf(n) + 1]?.phandle ?? 0;
  }

  /** package-to-path / instance-to-path: QEMU writes the whole path and its NUL whatever
   *  the buffer length, and returns that length. */
  private writePath(n: VofNode | undefined, buf: number): number {
    if (!n) return PROM_ERROR;
    const path = new TextEncoder().encode(this.tree.pathOf(n).slice(0, VOF_MAX_PATH - 2) + '\0');
    return this.put(buf, path) ? path.length : PROM_ERROR;
  }

  // ---- instances -----------------------------------------------------------------------

  private open(node: VofNode, path: string): number {
    if (this.lastIhandle === 0xffffffff) return PROM_ERROR; // ihandles are not recycled
    this.instances.set(++this.lastIhandle, { phandle: node.phandle, path });
    return this.lastIhandle;
  }

  private instanceNode(ih: number): VofNode | undefined {
    const inst = this.instances.get(ih);
    return inst && this.tree.node(inst.phandle);
  }

  private openPath(pathAddr: number): number {
    const path = this.str(pathAddr, VOF_MAX_PATH);
    if (path === undefined) return PROM_ERROR;
    const n = this.findPath(path);
    return n ? this.open(n, path) : PROM_ERROR;
  }

  /** Bytes written to an instance of a serial device (the vty) go to host.console, which
   *  the machine points at its firmwareOutput, not at the vty: QEMU 7.2 only traces them.
   *  Like QEMU, the service answers 0. */
  private write(ih: number, buf: number, len: number): number {
    if (!this.instances.has(ih) || buf + len > this.host.ram.size) return PROM_ERROR;
    const node = this.instanceNode(ih);
    const type = node && this.tree.getProp(node, 'device_type');
    if (len && type && new TextDecoder().decode(type) === 'serial\0') this.host.console(this.host.ram.u8.slice(buf, buf + len));
    return 0;
  }

  // ---- memory --------------------------------------------------------------------------

  /** /memory@0/available from the claims (vof_dt_memory_available). */
  private updateAvailable(): void {
    const mem0 = this.tree.find('/memory@0');
    const reg = mem0 && this.tree.getProp(mem0, 'reg');
    if (!mem0 || !reg) return;
    const cells = (name: string) => readU32s(this.tree.getProp(this.tree.root, name) ?? u32(1))[0];
    const ac = cells('#address-cells'), sc = cells('#size-cells');
    const regCells = readU32s(reg);
    const end = sc === 2 ? regCells[ac] * 2 ** 32 + regCells[ac + 1] : regCells[ac];
    const out: Uint8Array[] = [];
    for (const [start, size] of this.claims.available(end)) {
      out.push(ac === 2 ? u64(start) : u32(start), sc === 2 ? u64(size) : u32(size));
    }
    const value = new Uint8Array(out.reduce((k, b) => k + b.length, 0));
    out.reduce((o, b) => (value.set(b, o), o + b.length), 0);
    this.tree.setProp(mem0, 'available', value);
  }

  private claim(virt: number, size: number, align: number): number {
    const at = this.claims.claim(virt, size, align);
    if (at === CLAIM_FAILED) return PROM_ERROR;
    if (at >= 2 ** 32) {
      this.claims.release(at, size);
      return PROM_ERROR;
    }
    this.updateAvailable();
    return at;
  }

  private release(virt: number, size: number): number {
    if (!this.claims.release(virt, size)) return PROM_ERROR;
    this.updateAvailable();
    return 0;
  }

  // ---- methods -------------------------------------------------------------------------

  /** call-method(method, ihandle, params…) → [catch result, method results…]. */
  private callMethod(args: number[], rets: number[], c: Cpu): number {
    const [methodAddr, ih, p1] = args;
    const inst = ih ? this.instances.get(ih) : undefined;
    if (!inst) return PROM_ERROR;
    const method = this.str(methodAddr, VOF_MAX_METHODLEN);
    if (method === undefined) return PROM_ERROR;
    if (inst.path === '/' && method === 'ibm,client-architecture-support') {
      rets[0] = 0;
      return this.clientArchitectureSupport(p1, c);
    }
    if (inst.path === '/rtas' && method === 'instantiate-rtas') return this.instantiateRtas(p1, rets);
    const key = `${inst.path} ${method}`;
    this.unknownMethods.set(key, (this.unknownMethods.get(key) ?? 0) + 1);
    return PROM_ERROR;
  }

  /** do_client_architecture_support, then spapr_vof_client_dt_finalize whatever the
   *  outcome. Success (0) rebuilds the whole tree for what was negotiated: vector 5 as both
   *  sides have it, the compatibility PVR, a fresh rng-seed; the client's earlier setprops
   *  are gone but for bootargs (re-applied) and the initrd (the rebuild uses it). Without
   *  vector 1 or 5 the answer is H_PARAMETER, without a PVR the CPU can run H_HARDWARE;
   *  asking for both MMUs or both interrupt modes, or for XIVE, stops QEMU: here the
   *  machine checkstops. */
  private clientArchitectureSupport(addr: number, c: Cpu): number {
    const ret = this.negotiate(addr, c);
    if (ret !== undefined) this.finalize();
    return ret === undefined ? 0 : Number(BigInt.asUintN(32, ret));
  }

  /** H_SUCCESS or an error, undefined when the machine stopped. */
  private negotiate(addr: number, c: Cpu): bigint | undefined {
    const req = parseCas(this.host.ram, addr, this.host.pvr);
    if (!req) return H_PARAMETER;
    this.cas = req;
    if (!req.compatPvr && !req.rawOk) return H_HARDWARE;
    if (!req.vectors[1] || !req.vectors[5]) return H_PARAMETER;
    const guest = ovecFromGuest(req.vectors[5]);
    if (ovecHas(guest, OV5.MMU_BOTH) || ovecHas(guest, OV5.XIVE_BOTH) || ovecHas(guest, OV5.XIVE_EXPLOIT)) {
      this.host.halt(c, 'checkstop');
      return undefined;
    }
    const n: Negotiated = { ov5: ovecIntersect(PSERIES_7_2_OV5, guest), compatPvr: req.compatPvr };
    this.host.negotiated(n);
    this.tree = new VofTree(this.host.rebuild(n, this.initrd, c.icount));
    return H_SUCCESS;
  }

  /** spapr_vof_client_dt_finalize: phandles (VofTree), /memory@0/available, the client's
   *  bootargs, and the console opened anew as /chosen/stdout. */
  private finalize(): void {
    this.updateAvailable();
    const chosen = this.tree.find('/chosen');
    if (chosen && this.bootargs) this.tree.setProp(chosen, 'bootargs', this.bootargs.slice());
    const stdout = this.stdoutPath && this.findPath(this.stdoutPath);
    if (chosen && stdout) this.tree.setProp(chosen, 'stdout', u32(this.open(stdout, this.stdoutPath!)));
  }

  /** QEMU's firmware copies its RTAS blob to the address the kernel chose (if /rtas's
   *  rtas-size leaves room) and returns that address as the entry. */
  private instantiateRtas(base: number, rets: number[]): number {
    const rtas = this.tree.find('/rtas');
    const sizeProp = rtas && this.tree.getProp(rtas, 'rtas-size');
    const size = sizeProp && sizeProp.length === 4 ? readU32s(sizeProp)[0] : 0;
    if (size < RTAS_BLOB.length || !this.put(base, RTAS_BLOB)) return PROM_ERROR;
    rets[0] = base;
    return 0;
  }
}
