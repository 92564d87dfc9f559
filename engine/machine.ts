// The pseries machine: one POWER8 CPU, RAM, the PAPR hypervisor services (hypercalls, RTAS),
// the vty and rng VIO devices and the device tree, booted as QEMU 7.2's
// `-M pseries -bios IMAGE` does (engine/platform/boot-facts.md).

import { Cpu, type HaltReason, type Hypervisor } from './cpu/cpu.js';
import { cpuModel, type CpuModel } from './cpu/model.js';
import { CIA, GPR, MSR, NIA, REGFILE_BYTES, SPR, SPR_LPCR, SPR_PVR } from './cpu/regs.js';
import { Ram } from './memory/ram.js';
import { readXer } from './cpu/spr.js';
import { registerReader, writeRegister } from './cpu/arch-regs.js';
import type { TimeSource } from './cpu/timebase.js';
import type { Inputs } from './inputs.js';
import { HcallTable } from './platform/hcalls.js';
import { Vty } from './platform/vty.js';
import { registerRng } from './platform/rng.js';
import { registerProcessor } from './platform/processor.js';
import { registerHpt } from './platform/hcalls-hpt.js';
import { LparCpu, registerLpar } from './platform/hcalls-lpar.js';
import { TceTables } from './platform/hcalls-tce.js';
import { hptShift } from './platform/fdt/cpu.js';
import { Rtas } from './platform/rtas.js';
import { Xics } from './platform/xics.js';
import { registerXics, registerXicsRtas } from './platform/hcalls-xics.js';
import { Nvram, registerNvramRtas } from './platform/nvram.js';
import { RtasMisc } from './platform/rtas-misc.js';
import { vioIrq } from './platform/fdt/vio.js';
import { loadBios, loadInitrd, loadKernel, LoadError, type Placed } from './platform/loader.js';
import { VofClient } from './platform/vof/client.js';
import { defaultVofFirmware } from './platform/vof/firmware.js';
import { buildPseriesFdtBuilder, fdtAddress, type Negotiated, type PseriesConfig, VTY_PATH, NVRAM_UNIT_ADDRESS, RTAS_TOKENS, VTY_UNIT_ADDRESS } from './platform/fdt/pseries.js';
import { OV5, ovecHas } from './platform/ovec.js';
import { newHash } from './hash.js';
import { StoreState } from './store-state.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotState } from './snapshot.js';
import type { HashPageTable } from './mmu/hpt.js';
import { KIND_FETCH } from './mmu/tlb.js';

export const MiB = 1024 * 1024;
/** QEMU's pseries wants RAM in whole 256 MiB blocks (SPAPR_MEMORY_BLOCK_SIZE). */
export const RAM_BLOCK = 256 * MiB;
export const DEFAULT_RAM = 512 * MiB;

/** LPCR a POWER8 pseries guest starts with under QEMU 7.2 (boot-facts.md). */
export const BOOT_LPCR = 0x1f008n;
export const BIOS_ENTRY = 0x100n;

export interface MachineConfig {
  /** Guest RAM in bytes (-m); a multiple of 256 MiB. */
  ramBytes?: number;
  /** CPU model (-cpu), default POWER8. */
  cpu?: string;
  /** Firmware / bare-metal image loaded at 0 (-bios). */
  bios?: Uint8Array;
  /** Kernel ELF (-kernel), placed as QEMU does and announced in /chosen. */
  kernel?: Uint8Array;
  /** Initial ramdisk (-initrd). */
  initrd?: Uint8Array;
  /** Kernel command line (-append). */
  append?: string;
  /** Time Base ticks per instruction (virtual time; default 1). */
  tbTicksPerInsn?: number;
  /** Data access to a real address without RAM: 'machine-check' (default; what POWER
   *  hardware does) or 'ignore' (read 0, drop stores: QEMU 7.2's POWER8 behaviour). */
  unassigned?: 'machine-check' | 'ignore';
  /** Offer the spapr-rng device and H_RANDOM (default true). */
  rng?: boolean;
  /** Where the bytes a kernel writes to Open Firmware's stdout (prom_init's messages) go.
   *  QEMU 7.2's VOF only traces them, so by default they reach nothing, and the console
   *  shows what QEMU's does. */
  firmwareOutput?: (bytes: Uint8Array) => void;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface RunResult {
  /** Why the run stopped: the guest halted, or the instruction limit was reached. */
  stop: HaltReason | 'limit';
  icount: number;
}

export class Machine {
  readonly cpu: Cpu;
  readonly ram: Ram;
  readonly model: CpuModel;
  readonly hcalls = new HcallTable();
  readonly rtas: Rtas;
  /** The interrupt controller (ICP of the one CPU, ICS with the board's sources). */
  readonly xics: Xics;
  readonly vty: Vty;
  /** The spapr-nvram contents (RTAS nvram-fetch/-store) and the other RTAS state (FWNMI). */
  readonly nvram = new Nvram();
  readonly rtasMisc: RtasMisc;
  /** The CPU's H_REGISTER_VPA areas, and the TCE tables (one per LIOBN). */
  readonly lpar = new LparCpu();
  readonly tce = new TceTables();
  readonly fdt: Uint8Array;
  readonly fdtAddr: number;
  readonly kernel?: Placed;
  readonly initrd?: Placed;
  /** The Open Firmware client interface, when a kernel boots (QEMU's x-vof=on). */
  readonly vof?: VofClient;
  /** What client-architecture-support settled (QEMU's ov5_cas and compat PVR), once it has. */
  negotiated: Negotiated | null = null;
  /** RAM and the hypervisor's hashed page table, for hashes and snapshots. */
  private readonly ramState: StoreState;
  private hptState: StoreState | null = null;

  constructor(readonly config: MachineConfig, readonly inputs: Inputs, console: (bytes: Uint8Array) => void) {
    const ramBytes = config.ramBytes ?? DEFAULT_RAM;
    if (!Number.isInteger(ramBytes) || ramBytes < RAM_BLOCK || ramBytes % RAM_BLOCK !== 0) {
      throw new ConfigError(`RAM size ${ramBytes} bytes is not supported: pseries needs a multiple of 256M, at least 256M`);
    }
    if (!config.bios && !config.kernel) throw new ConfigError('no firmware image: pass -bios IMAGE');
    // With -kernel and no -bios: our VOF firmware, as QEMU's x-vof=on loads vof.bin.
    const bios = config.bios ?? defaultVofFirmware();
    try {
      this.model = cpuModel(config.cpu ?? 'POWER8');
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
    this.ram = new Ram(ramBytes);
    const hv: Hypervisor = { hcall: (c) => this.hcalls.dispatch(c) };
    this.cpu = new Cpu(this.ram, this.model, hv, config.tbTicksPerInsn ?? 1);
    this.cpu.unassigned = config.unassigned ?? 'machine-check';
    this.ramState = new StoreState(this.ram);

    // XICS sources QEMU 7.2 claims for this board, all MSI (the FDT's `interrupts` with
    // sense 0): EPOW and hot-plug events, the nvram and the vty.
    this.xics = new Xics(this.cpu);
    for (const irq of [0x1000, 0x1001, vioIrq(NVRAM_UNIT_ADDRESS), vioIrq(VTY_UNIT_ADDRESS)]) this.xics.claim(irq, false);
    registerXics(this.hcalls, this.xics);
    const vty = new Vty(VTY_UNIT_ADDRESS, inputs, console);
    this.vty = vty;
    vty.register(this.hcalls);
    vty.registerSignal(this.hcalls, [NVRAM_UNIT_ADDRESS]);
    vty.irq = () => this.xics.pulse(vioIrq(VTY_UNIT_ADDRESS));
    registerProcessor(this.hcalls, (c) => vty.poll(c.icount));
    registerHpt(this.hcalls);
    registerLpar(this.hcalls, this.lpar, { form2: () => this.negotiated !== null && ovecHas(this.negotiated.ov5, OV5.FORM2_AFFINITY) });
    this.tce.register(this.hcalls);
    const rng = config.rng ?? true;
    if (rng) registerRng(this.hcalls, inputs);
    this.rtas = new Rtas({
      ram: this.ram,
      inputs,
      putChar: (b) => console(Uint8Array.of(b)),
      halt: (c, reason) => { c.halted = reason; c.recheck(); },
    }, RTAS_TOKENS);
    this.rtas.register(this.hcalls);
    registerXicsRtas(this.rtas, this.xics);
    registerNvramRtas(this.rtas, this.nvram, this.ram);
    this.rtasMisc = new RtasMisc(this.ram, {
      ramBytes, cpus: 1, maxCpus: 1, cpuModel: this.model.name, rmaBytes: ramBytes,
      rtasBase: () => {
        const n = this.vof?.tree.find('/rtas');
        const v = n && this.vof!.tree.getProp(n, 'linux,rtas-base');
        return v && v.length >= 4 ? new DataView(v.buffer, v.byteOffset).getUint32(0) : 0;
      },
      halt: (c, reason) => { c.halted = reason; c.recheck(); },
    });
    this.rtasMisc.register(this.rtas);

    try {
      loadBios(this.ram, bios);
      if (config.kernel) this.kernel = loadKernel(this.ram, config.kernel);
      if (config.initrd) this.initrd = loadInitrd(this.ram, config.initrd, this.kernel);
    } catch (e) {
      if (e instanceof LoadError) throw new ConfigError(e.message);
      throw e;
    }
    const fdtConfig: Omit<PseriesConfig, 'rngSeed'> = {
      ramBytes, cpuModel: 'POWER8', vty: true, rng, bootargs: config.append, kernel: this.kernel, initrd: this.initrd,
    };
    const fdtBuilder = buildPseriesFdtBuilder({ ...fdtConfig, rngSeed: inputs.rngSeed(0, 32) });
    this.fdt = fdtBuilder.flatten(0);
    this.fdtAddr = fdtAddress(ramBytes);
    if (bios.length > this.fdtAddr) throw new ConfigError(`firmware image (${bios.length} bytes) overlaps the device tree at 0x${this.fdtAddr.toString(16)}`);
    if (this.kernel) {
      // A kernel boots through the Open Firmware client interface (QEMU's x-vof=on): the
      // tree is read through it, not from RAM, so none is written there.
      this.vof = new VofClient({
        ram: this.ram, console: config.firmwareOutput ?? (() => {}), pvr: this.model.pvr,
        halt: (c, reason) => { c.halted = reason; c.recheck(); },
        negotiated: (n) => { this.negotiated = n; },
        rebuild: (negotiated, initrd, icount) => buildPseriesFdtBuilder({
          ...fdtConfig, negotiated, initrd: initrd?.size ? initrd : undefined, rngSeed: inputs.rngSeed(icount, 32),
        }).root,
      }, fdtBuilder.root, { fwSize: bios.length, rmaBytes: ramBytes, kernel: this.kernel, initrd: this.initrd, stdoutPath: VTY_PATH });
      this.vof.register(this.hcalls);
    } else this.ram.write(this.fdtAddr, this.fdt);
    this.resetCpu();
  }

  /** QEMU's -bios entry state: NIA = 0x100, r3 = FDT address, MSR = 0, POWER8 LPCR; the
   *  hypervisor's hashed page table, empty, of the size the FDT's ibm,pft-size gives. */
  private resetCpu(): void {
    const c = this.cpu;
    c.mmu.setHpt(hptShift(this.ram.size));
    c.u64[NIA] = BIOS_ENTRY;
    c.u64[CIA] = BIOS_ENTRY;
    if (this.vof) {
      // spapr_vof_reset: r1 = the firmware's stack, r3/r4 = the initrd.
      c.u64[GPR + 1] = BigInt(this.vof.stackPointer);
      c.u64[GPR + 3] = BigInt(this.initrd?.addr ?? 0);
      c.u64[GPR + 4] = BigInt(this.initrd?.size ?? 0);
    } else c.u64[GPR + 3] = BigInt(this.fdtAddr);
    c.u64[SPR + SPR_LPCR] = BOOT_LPCR;
    c.u64[SPR + SPR_PVR] = BigInt(this.model.pvr);
    c.setMsr(0n);
  }

  get icount(): number { return this.cpu.icount; }
  get halted(): HaltReason | null { return this.cpu.halted; }

  /** Run until the guest halts or `maxInsns` more instructions have started. */
  run(maxInsns = Infinity): RunResult {
    return this.runTo(this.cpu.icount + maxInsns);
  }

  /** Run until icount reaches `icount` exactly, or the guest halts. */
  runTo(icount: number): RunResult {
    this.cpu.run(icount);
    return { stop: this.cpu.halted ?? 'limit', icount: this.cpu.icount };
  }

  /** Execute one instruction (or take one pending interrupt). */
  step(): void {
    this.cpu.step();
  }

  /** The instruction word at `pc` as the CPU would fetch it now (translated when MSR[IR] =
   *  1, byte order of MSR[LE]), or undefined if it cannot be fetched or no RAM is there.
   *  Reads only: no reference bit is set, no interrupt taken. */
  instructionAt(pc: bigint): number | undefined {
    let a = pc & 0x0fffffffffffffffn;
    if (this.cpu.ir) {
      const ra = this.cpu.mmu.probe(this.cpu.sf ? pc : pc & 0xffffffffn, KIND_FETCH);
      if (ra === undefined) return undefined;
      a = ra;
    }
    if (a > BigInt(this.ram.size - 4)) return undefined;
    return this.ram.dv.getUint32(Number(a), this.cpu.le);
  }

  /** The architected state in plain values (for tools, diffs and tests). */
  state(): ArchState {
    const c = this.cpu;
    return {
      icount: c.icount,
      pc: c.u64[NIA],
      msr: c.u64[MSR],
      gpr: Array.from({ length: 32 }, (_, i) => c.u64[GPR + i]),
      cr: c.cr,
      xer: readXer(c),
      lr: c.lr,
      ctr: c.ctr,
      spr: (n: number) => c.u64[SPR + n],
      halted: c.halted,
    };
  }

  /** SHA-256 (hex) of the whole machine state: registers, timebase, devices, RAM. */
  hash(): string {
    const h = newHash();
    h.update(new Uint8Array(this.cpu.regs, 0, REGFILE_BYTES));
    const tb = this.cpu.tb.save();
    h.update(JSON.stringify({
      icount: this.cpu.icount, halted: this.cpu.halted, ext: this.cpu.externalPending,
      tb: { ...tb, deadline: String(tb.deadline) }, rtc: this.rtas.rtcOffsetMillis,
      xics: this.xics.save(), vty: this.vty.save(), lpar: this.lpar.save(), tce: this.tce.save(),
      negotiated: this.savedNegotiated(),
    }));
    h.update(JSON.stringify(this.rtasMisc.save()));
    h.update(this.nvram.bytes);
    if (this.vof) h.update(JSON.stringify(this.vof.save())); // the client interface's tree, claims, instances
    this.ramState.hash(h);
    const hpt = this.hptTracking();
    h.update(JSON.stringify({ hptLog2: hpt ? hpt.log2Bytes : null }));
    if (hpt) this.hptState!.hash(h);
    return h.digest('hex');
  }

  /** The HPT now, with its hash/snapshot state (made anew if the table was replaced). */
  private hptTracking(): HashPageTable | null {
    const hpt = this.cpu.mmu.hpt;
    if (hpt === null) this.hptState = null;
    else if (this.hptState?.store !== hpt) {
      const fresh = this.hptState !== null;
      this.hptState = new StoreState(hpt);
      if (fresh) this.hptState.allChanged(); // a delta must rewrite the whole table
    }
    return hpt;
  }

  /** A function copying the named architected registers (engine/cpu/arch-regs.ts) into an
   *  array, built once: for tools that read state after every instruction. */
  registerReader(names: readonly string[]): (out: BigUint64Array) => void {
    return registerReader(this.cpu, names);
  }

  /** Set an architected register by name (r0..r31, pc, cr, xer, lr, ctr, msr, srr0, srr1,
   *  sprg0..3, dar, dsisr, cfar, lpcr): for making this machine adopt a reference's value. */
  writeRegister(name: string, value: bigint): void {
    writeRegister(this.cpu, name, value);
  }

  /** Take a pending asynchronous interrupt now if one is due and enabled; true if taken. */
  takePendingInterrupt(): boolean {
    return this.cpu.takePendingInterrupt();
  }

  /** Reference-driven runs (replaying another emulator's run with its inputs): TB and DEC
   *  reads are answered by `source`, and the machine takes no decrementer interrupt of its
   *  own; deliverInterrupt() takes them where the reference did. */
  useReferenceTime(source: TimeSource): void {
    this.cpu.tb.source = source;
    this.cpu.tb.decPending = false;
  }

  /** Take asynchronous interrupt `vector` now (reference-driven runs). False if masked. */
  deliverInterrupt(vector: number): boolean {
    return this.cpu.deliverInterrupt(vector);
  }

  /** Called with (vector, icount) for every asynchronous interrupt the CPU takes. */
  set onInterrupt(fn: ((vector: number, icount: number) => void) | null) {
    this.cpu.onAsyncInterrupt = fn;
  }

  /** Save the machine: `full` holds every non-zero page, otherwise only the pages written
   *  since the previous snapshot (engine/snapshot.ts). */
  snapshot(full: boolean): Uint8Array {
    const c = this.cpu;
    const pages = this.ramState.pages(full);
    const hpt = this.hptTracking();
    const hptPages = hpt ? this.hptState!.pages(full) : [];
    const state: SnapshotState = {
      full, icount: c.icount, halted: c.halted, externalPending: c.externalPending,
      tb: c.tb.save(), rtcOffsetMillis: this.rtas.rtcOffsetMillis, ramBytes: this.ram.size,
      hptLog2: hpt ? hpt.log2Bytes : null,
      nvram: this.nvram.save(), rtasMisc: this.rtasMisc.save(),
      xics: this.xics.save(), vty: this.vty.save(), lpar: this.lpar.save(), tce: this.tce.save(),
      negotiated: this.savedNegotiated(), vof: this.vof?.save() ?? null,
    };
    return encodeSnapshot(state, new Uint8Array(c.regs), pages, hptPages);
  }

  /** Restore from a chain of snapshots: a full one, then the deltas taken after it, in order.
   *  Running on from here gives the same states as the original run did. */
  restore(chain: readonly Uint8Array[]): void {
    if (chain.length === 0) throw new SnapshotError('no snapshot to restore');
    const snaps = chain.map(decodeSnapshot);
    if (!snaps[0].state.full) throw new SnapshotError('a snapshot chain must start with a full snapshot');
    for (const s of snaps) {
      if (s.state.ramBytes !== this.ram.size) throw new SnapshotError(`snapshot is of a machine with ${s.state.ramBytes} bytes of RAM, this one has ${this.ram.size}`);
    }
    const last = snaps[snaps.length - 1];
    const c = this.cpu;
    this.ramState.clear();
    for (const s of snaps) this.ramState.apply(s.pages);
    this.ram.code.fill(undefined);
    // The HPT: the same size table, cleared, or a new one; then its pages.
    const log2 = last.state.hptLog2;
    if (log2 === null) c.mmu.hpt = null;
    else if (c.mmu.hpt?.log2Bytes !== log2) c.mmu.setHpt(log2);
    const hpt = this.hptTracking();
    if (hpt) {
      this.hptState!.clear();
      for (const s of snaps) this.hptState!.apply(s.hptPages);
    }
    c.mmu.flush();
    new Uint8Array(c.regs).set(last.regs);
    c.icount = last.state.icount;
    c.halted = last.state.halted;
    c.externalPending = last.state.externalPending;
    c.tb.load(last.state.tb);
    this.rtas.rtcOffsetMillis = last.state.rtcOffsetMillis;
    this.xics.load(last.state.xics);
    this.vty.load(last.state.vty);
    this.nvram.load(last.state.nvram);
    this.rtasMisc.load(last.state.rtasMisc);
    this.lpar.load(last.state.lpar);
    this.tce.load(last.state.tce);
    const n = last.state.negotiated;
    this.negotiated = n && { ov5: Uint8Array.from(Buffer.from(n.ov5, 'hex')), compatPvr: n.compatPvr };
    if (this.vof && last.state.vof) this.vof.load(last.state.vof);
    c.msrChanged();
    this.ramState.settle();
    this.hptState?.settle();
  }

  private savedNegotiated(): SnapshotState['negotiated'] {
    const n = this.negotiated;
    return n && { ov5: Buffer.from(n.ov5).toString('hex'), compatPvr: n.compatPvr };
  }

  /** Calls to hypercalls and RTAS tokens the machine does not implement. */
  unknownServices(): { hcalls: Map<number, number>; rtas: Map<number, number>; vof: Map<string, number> } {
    const vof = new Map(this.vof?.unknown ?? []);
    for (const [k, n] of this.vof?.unknownMethods ?? []) vof.set(`call-method ${k}`, n);
    return { hcalls: this.hcalls.unknown, rtas: this.rtas.unknown, vof };
  }
}

export interface ArchState {
  icount: number;
  pc: bigint;
  msr: bigint;
  gpr: bigint[];
  cr: number;
  xer: bigint;
  lr: bigint;
  ctr: bigint;
  spr(n: number): bigint;
  halted: HaltReason | null;
}

