// The flattened device tree QEMU 7.2 gives a pseries guest (hw/ppc/spapr.c
// spapr_build_fdt at machine reset), for:
//   qemu-system-ppc64 -M pseries -cpu POWER8 -nodefaults -m <size> -bios IMAGE
//     [-chardev stdio,id=c0 -device spapr-vty,chardev=c0]
//     [-object rng-random,id=rng0,filename=/dev/urandom -device spapr-rng,rng=rng0]
//     [-kernel K [-initrd I] [-append A]] -seed N
// Nodes and properties are created in QEMU's call order through a libfdt-order builder
// (new properties and subnodes go first), which yields QEMU's exact bytes.
import { type Fdt, type FdtNode, flattenFdt, strList, u32, u64 } from './blob.js';
import { LibfdtOrderBuilder } from './builder.js';
import { cpusProps, hptShift, power8CpuName, power8CpuProps } from './cpu.js';
import { drcProps, pseriesDrcs } from './drc.js';
import { PHB0_NAME, phb0Props, XICS_PHANDLE } from './pci.js';
import { rtasProps } from './rtas.js';
import { nvramDevice, vdeviceProps, type VioDevice, vioNodeName, vtyDevice } from './vio.js';
import { OV5, type OptionVector, ovecHas, ovecProp } from '../ovec.js';

export { RTAS_TOKENS, RTAS_TOKEN_LIST, KVMPPC_H_RTAS } from './rtas.js';
export { NVRAM_UNIT_ADDRESS, VTY_UNIT_ADDRESS } from './vio.js';

/** A loaded image's placement in guest physical memory. */
export interface LoadedImage {
  addr: number;
  size: number;
}

export interface PseriesConfig {
  /** -m: guest RAM in bytes; QEMU wants a multiple of 256 MiB, at least 256 MiB (default 512 MiB). */
  ramBytes: number;
  /** -cpu: only POWER8 (PVR 0x004d0200), one core, one thread. */
  cpuModel: 'POWER8';
  /** -device spapr-vty at 0x71000001 (also sets /chosen stdout-path). */
  vty: boolean;
  /** -device spapr-rng: adds /ibm,platform-facilities/ibm,random-v1 (H_RANDOM). */
  rng: boolean;
  /** -append: /chosen/bootargs when non-empty. */
  bootargs?: string;
  /** -kernel as loaded (ELF load address, memsz span): /chosen/qemu,boot-kernel + a reservation. */
  kernel?: LoadedImage & { littleEndian?: boolean };
  /** -initrd as loaded: /chosen/linux,initrd-start/-end + a reservation. */
  initrd?: LoadedImage;
  /** /chosen/rng-seed, 32 bytes; QEMU draws it from its guest RNG (see qemuRngSeed). */
  rngSeed: Uint8Array;
  /** What ibm,client-architecture-support settled, for the tree QEMU rebuilds then; absent
   *  before CAS. */
  negotiated?: Negotiated;
}

/** The outcome of CAS that shapes the tree (QEMU's spapr->ov5_cas and the CPU's compat_pvr). */
export interface Negotiated {
  /** Option vector 5 as both sides have it. */
  ov5: OptionVector;
  /** The logical PVR the CPU runs as (cpu-version), or 0 for raw mode. */
  compatPvr: number;
}

export const PSERIES_DEFAULT_RAM = 512 * 1024 * 1024;
/** The /vdevice path of the console, /chosen/stdout-path. */
export const VTY_PATH = '/vdevice/vty@71000001';

/** FDT_MAX_SIZE in QEMU 7.2: the room kept for the tree below the RMA top. */
export const FDT_MAX_SIZE = 0x200000;
/** FDT_MAX_ADDR: the tree stays below 2 GiB for 32-bit real-mode code. */
export const FDT_MAX_ADDR = 0x80000000;

/**
 * Where QEMU 7.2 writes the packed FDT (and the r3 a -bios image starts with):
 * min(RMA size, 2 GiB) - 2 MiB. Without NUMA options the RMA is all of RAM (capped at
 * 1 TiB), so 256 MiB -> 0x0fe00000, 512 MiB -> 0x1fe00000, 1 GiB -> 0x3fe00000,
 * 3 GiB -> 0x7fe00000 (measured).
 */
export function fdtAddress(ramBytes: number): number {
  const rma = Math.min(ramBytes, 2 ** 40);
  return Math.min(rma, FDT_MAX_ADDR) - FDT_MAX_SIZE;
}

function checkConfig(cfg: PseriesConfig): void {
  const MiB256 = 256 * 1024 * 1024;
  if (!Number.isSafeInteger(cfg.ramBytes) || cfg.ramBytes < MiB256 || cfg.ramBytes % MiB256 !== 0) {
    throw new Error(`ramBytes must be a multiple of 256 MiB, at least 256 MiB (got ${cfg.ramBytes})`);
  }
  if (cfg.cpuModel !== 'POWER8') throw new Error(`unsupported cpu model ${String(cfg.cpuModel)}`);
  if (cfg.rngSeed.length !== 32) throw new Error(`rngSeed must be 32 bytes (got ${cfg.rngSeed.length})`);
  if (cfg.initrd && !cfg.kernel) throw new Error('initrd needs a kernel');
}

/** Memory nodes: RAM from 0 split into power-of-two blocks, largest first (spapr_dt_memory). */
function memoryBlocks(ramBytes: number): [start: number, size: number][] {
  const out: [number, number][] = [];
  let start = 0, left = ramBytes;
  while (left > 0) {
    let size = 1;
    while (size * 2 <= left) size *= 2;
    out.push([start, size]);
    start += size;
    left -= size;
  }
  return out;
}

/** Builds the tree in QEMU's call order; returns the builder (tree + strings order). */
export function buildPseriesFdtBuilder(cfg: PseriesConfig): LibfdtOrderBuilder {
  checkConfig(cfg);
  const b = new LibfdtOrderBuilder();
  const set = (n: FdtNode, props: [string, Uint8Array][]) => props.forEach(([k, v]) => b.setProp(n, k, v));
  const root = b.root;
  const drcs = pseriesDrcs(1);
  // FORM2 affinity (LoPAPR 15.3.2 "Form 2"; QEMU spapr_numa.c): one domain per node.
  const form2 = cfg.negotiated !== undefined && ovecHas(cfg.negotiated.ov5, OV5.FORM2_AFFINITY);

  // root
  set(root, [
    ['device_type', strList('chrp')],
    ['model', strList('IBM pSeries (emulated by qemu)')],
    ['compatible', strList('qemu,pseries')],
    ['vm,uuid', strList('00000000-0000-0000-0000-000000000000')], // no -uuid
    ['#address-cells', u32(2)],
    ['#size-cells', u32(2)],
  ]);

  // XICS presentation controller (spapr_dt_xics)
  const xics = b.addSubnode(root, 'interrupt-controller');
  set(xics, [
    ['device_type', strList('PowerPC-External-Interrupt-Presentation')],
    ['compatible', strList('IBM,ppc-xicp')],
    ['interrupt-controller', new Uint8Array(0)],
    ['ibm,interrupt-server-ranges', u32(0, 1)],
    ['#interrupt-cells', u32(2)],
    ['linux,phandle', u32(XICS_PHANDLE)],
    ['phandle', u32(XICS_PHANDLE)],
  ]);

  // memory (NUMA node 0)
  for (const [start, size] of memoryBlocks(cfg.ramBytes)) {
    const mem = b.addSubnode(root, `memory@${start.toString(16)}`);
    set(mem, [
      ['device_type', strList('memory')],
      ['reg', u64(start, size)],
      ['ibm,associativity', form2 ? u32(1, 0) : u32(4, 0, 0, 0, 0)],
    ]);
  }

  // VIO bus: devices added in descending unit address, so they read ascending
  const vdev = b.addSubnode(root, 'vdevice');
  set(vdev, vdeviceProps());
  const vio: VioDevice[] = [nvramDevice()];
  if (cfg.vty) vio.push(vtyDevice());
  for (const d of [...vio].sort((x, y) => y.reg - x.reg)) set(b.addSubnode(vdev, vioNodeName(d)), d.props);

  // spapr-rng (spapr_rng_populate_dt)
  if (cfg.rng) {
    const pf = b.addSubnode(root, 'ibm,platform-facilities');
    set(pf, [
      ['device_type', strList('ibm,platform-facilities')],
      ['#address-cells', u32(1)],
      ['#size-cells', u32(0)],
    ]);
    set(b.addSubnode(pf, 'ibm,random-v1'), [['compatible', strList('ibm,random')]]);
  }

  // default PHB
  const phb = b.addSubnode(root, PHB0_NAME);
  set(phb, phb0Props(0x20000000));
  set(phb, drcProps(drcs, 'PCI', 'phb0'));

  // cpus
  const cpus = b.addSubnode(root, 'cpus');
  set(cpus, cpusProps());
  set(b.addSubnode(cpus, power8CpuName(0)), power8CpuProps({
    id: 0, drcIndex: 0x10000000, hptShift: hptShift(cfg.ramBytes), compatPvr: cfg.negotiated?.compatPvr,
  }));
  set(cpus, drcProps(drcs, 'CPU'));

  // RTAS event sources (spapr_dt_events): EPOW and hot-plug interrupts
  const ev = b.addSubnode(root, 'event-sources');
  set(ev, [['interrupt-controller', new Uint8Array(0)], ['#interrupt-cells', u32(2)]]);
  set(b.addSubnode(ev, 'epow-events'), [['interrupts', u32(0x1000, 0)]]);
  set(b.addSubnode(ev, 'hot-plug-events'), [['interrupts', u32(0x1001, 0)]]);
  set(ev, [['interrupt-ranges', u32(0x1000, 1, 0x1001, 1)]]);

  // /rtas
  set(b.addSubnode(root, 'rtas'), rtasProps(1, form2));

  // /chosen (spapr_dt_chosen, reset = true)
  const chosen = b.addSubnode(root, 'chosen');
  if (cfg.bootargs) set(chosen, [['bootargs', strList(cfg.bootargs)]]);
  if (cfg.initrd) {
    set(chosen, [
      ['linux,initrd-start', u32(cfg.initrd.addr)],
      ['linux,initrd-end', u32(cfg.initrd.addr + cfg.initrd.size)],
    ]);
  }
  if (cfg.kernel) {
    set(chosen, [['qemu,boot-kernel', u64(cfg.kernel.addr, cfg.kernel.size)]]);
    if (cfg.kernel.littleEndian) set(chosen, [['qemu,boot-kernel-le', new Uint8Array(0)]]);
  }
  set(chosen, [
    ['qemu,graphic-width', u32(800)],
    ['qemu,graphic-height', u32(600)],
    ['qemu,graphic-depth', u32(32)],
  ]);
  if (cfg.vty) set(chosen, [['linux,stdout-path', strList(VTY_PATH)], ['stdout-path', strList(VTY_PATH)]]);
  set(chosen, [
    ['linux,pci-probe-only', u32(0)],
    // option vector 5 bytes 23..26 the platform supports (interrupt mode, MMU, radix/hash...)
    ['ibm,arch-vec-5-platform-support', Uint8Array.of(0x17, 0x00, 0x18, 0x00, 0x19, 0x00, 0x1a, 0x40)],
    ['rng-seed', cfg.rngSeed.slice()],
    // before CAS nothing is negotiated: <00 00>
    ['ibm,architecture-vec-5', cfg.negotiated ? ovecProp(cfg.negotiated.ov5) : Uint8Array.of(0, 0)],
  ]);

  // NVDIMM container (spapr_dt_persistent_memory)
  set(b.addSubnode(root, 'ibm,persistent-memory'), [
    ['#address-cells', u32(1)],
    ['#size-cells', u32(0)],
    ['device_type', strList('ibm,persistent-memory')],
  ]);

  // PHB connectors on the root
  set(root, drcProps(drcs, 'PHB'));

  // reservations: the kernel, then the initrd
  if (cfg.kernel) b.addReservation(BigInt(cfg.kernel.addr), BigInt(cfg.kernel.size));
  if (cfg.initrd) b.addReservation(BigInt(cfg.initrd.addr), BigInt(cfg.initrd.size));
  return b;
}

/**
 * A pseries tree plus the strings-block order QEMU's blob has. flattenFdt with that
 * order gives QEMU's blob except for the padding bytes after property values, which
 * libfdt leaves uncleared (zero here); buildPseriesFdt reproduces those too.
 */
export interface PseriesTree extends Fdt {
  stringsOrder: readonly string[];
}

/** The device tree QEMU 7.2 builds for this configuration. */
export function buildPseriesTree(cfg: PseriesConfig): PseriesTree {
  const b = buildPseriesFdtBuilder(cfg);
  return { ...b.fdt(0), stringsOrder: b.stringsOrder };
}

/** Flattens a (possibly edited) pseries tree with QEMU's strings order, zero padding. */
export function flattenPseriesTree(tree: PseriesTree): Uint8Array {
  return flattenFdt(tree, { stringsOrder: tree.stringsOrder });
}

/** The packed FDT blob QEMU 7.2 writes at fdtAddress(cfg.ramBytes), byte for byte. */
export function buildPseriesFdt(cfg: PseriesConfig): Uint8Array {
  return buildPseriesFdtBuilder(cfg).flatten(0);
}
