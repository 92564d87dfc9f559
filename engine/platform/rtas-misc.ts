// RTAS calls QEMU 7.2 answers with little or no device behind them: event-scan and
// check-exception (hw/ppc/spapr_events.c), ibm,get/set-system-parameter, ibm,os-term and
// ibm,nmi-register/-interlock (hw/ppc/spapr_rtas.c). Status codes are PAPR's (§7.2.8) as
// QEMU's spapr.h numbers them.

import type { Ram } from '../memory/ram.js';
import type { Cpu, HaltReason } from '../cpu/cpu.js';
import type { Rtas } from './rtas.js';
import { RTAS_OUT_PARAM_ERROR, RTAS_OUT_SUCCESS } from './papr.js';

/** RTAS_OUT_NO_ERRORS_FOUND: event-scan / check-exception found no event. */
export const RTAS_OUT_NO_ERRORS_FOUND = 1;
/** RTAS_OUT_NOT_SUPPORTED (same value as PARAM_ERROR in QEMU). */
export const RTAS_OUT_NOT_SUPPORTED = -3;
export const RTAS_OUT_NOT_AUTHORIZED = -9002;
export const RTAS_OUT_SYSPARM_PARAM_ERROR = -9999;

/** ibm,get-system-parameter tokens QEMU answers (PAPR table "System Parameters"). */
export const RTAS_SYSPARM_SPLPAR_CHARACTERISTICS = 20;
export const RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE = 42;
export const RTAS_SYSPARM_UUID = 48;
/** DIAGNOSTICS_RUN_MODE_DISABLED */
const DIAG_RUN_MODE_DISABLED = 0;

/** QEMU's ppc CPU classes set n_host_threads for POWER8 (8) and POWER9 (4) under TCG too;
 *  a non-zero value appends ",HostThrs=N" to the SPLPAR string. */
export const HOST_THREADS: Readonly<Record<string, number>> = { POWER8: 8, POWER9: 4 };

/** PAPR: the FWNMI entry points must lie in the first 32 MiB (and in the RMA). */
const FWNMI_LIMIT = 32 * 1024 * 1024;
/** ibm,os-term: QEMU reads a 512-byte buffer, the last byte forced to NUL. */
const OS_TERM_MSG_MAX = 511;

export interface RtasMiscConfig {
  ramBytes: number;
  /** -smp cpus and maxcpus (QEMU default 1 and 1). */
  cpus: number;
  maxCpus: number;
  /** CPU model name, for HostThrs. */
  cpuModel: string;
  /** Real Mode Area size: QEMU's spapr_rma_size, all of RAM up to 1 TiB here. */
  rmaBytes: number;
  /** The /rtas "linux,rtas-base" value in the tree QEMU holds now, or 0 without one
   *  (spapr_get_rtas_addr). */
  rtasBase: () => number;
  halt: (c: Cpu, reason: HaltReason) => void;
}

export interface RtasMiscState {
  /** Registered FWNMI entry points, -1 when none (QEMU's reset value). */
  fwnmiSystemReset: number;
  fwnmiMachineCheck: number;
}

/** The SPLPAR characteristics string QEMU 7.2 builds (MaxEntCap is max_cpus, DesMem the RAM
 *  in MiB, DesProcs the boot cpus, MaxPlatProcs max_cpus). */
export function splparCharacteristics(cfg: Pick<RtasMiscConfig, 'ramBytes' | 'cpus' | 'maxCpus' | 'cpuModel'>): string {
  const s = `MaxEntCap=${cfg.maxCpus},DesMem=${Math.floor(cfg.ramBytes / (1024 * 1024))},DesProcs=${cfg.cpus},MaxPlatProcs=${cfg.maxCpus}`;
  const thr = HOST_THREADS[cfg.cpuModel.toUpperCase()] ?? 0;
  return thr > 0 ? `${s},HostThrs=${thr}` : s;
}

export class RtasMisc {
  fwnmiSystemReset = -1;
  fwnmiMachineCheck = -1;
  /** The last ibm,os-term message (QEMU prints "OS terminated: <msg>" on stderr). */
  osTermMessage: string | null = null;

  constructor(private readonly ram: Ram, private readonly cfg: RtasMiscConfig) {}

  save(): RtasMiscState {
    return { fwnmiSystemReset: this.fwnmiSystemReset, fwnmiMachineCheck: this.fwnmiMachineCheck };
  }

  load(s: RtasMiscState): void {
    this.fwnmiSystemReset = s.fwnmiSystemReset;
    this.fwnmiMachineCheck = s.fwnmiMachineCheck;
  }

  /** Guest-physical write from the hypervisor side: bytes with no RAM behind are dropped. */
  private writePhys(addr: number, bytes: Uint8Array): void {
    const n = Math.max(0, Math.min(bytes.length, this.ram.size - addr));
    if (n === 0) return;
    this.ram.u8.set(bytes.subarray(0, n), addr);
    this.ram.mark(addr, n);
  }

  /** QEMU's sysparm_st: a 16-bit big-endian length, then as much of the value as fits in
   *  the buffer's remaining length-2 bytes; a buffer under 2 bytes is SYSPARM_PARAM_ERROR. */
  private sysparmStore(buf: number, len: number, value: Uint8Array): number {
    if (len < 2) return RTAS_OUT_SYSPARM_PARAM_ERROR;
    this.writePhys(buf, Uint8Array.of(value.length >> 8, value.length & 0xff));
    this.writePhys(buf + 2, value.subarray(0, Math.min(len - 2, value.length)));
    return RTAS_OUT_SUCCESS;
  }

  register(r: Rtas): void {
    // event-scan (in: mask, critical, buffer, length): with no EPOW or hot-plug event queued
    // QEMU pulses nothing and answers NO_ERRORS_FOUND without touching the buffer.
    r.add('event-scan', (_c, call) => {
      if (call.args.length !== 4 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
      call.rets[0] = RTAS_OUT_NO_ERRORS_FOUND;
    });

    // check-exception (in: vector offset, info, mask, critical, buffer, length[, extended]):
    // 6 or 7 args and 1 ret; nothing matches the mask, so NO_ERRORS_FOUND, buffer untouched.
    r.add('check-exception', (_c, call) => {
      const n = call.args.length;
      if (n < 6 || n > 7 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
      call.rets[0] = RTAS_OUT_NO_ERRORS_FOUND;
    });

    // ibm,get-system-parameter (in: parameter, buffer, length). QEMU checks neither nargs
    // nor nret: it reads the three words where they would be and writes rets[0].
    r.add('ibm,get-system-parameter', (_c, call) => {
      const param = call.ld(0) >>> 0, buf = call.ld(1) >>> 0, len = call.ld(2) >>> 0;
      let st: number;
      switch (param) {
        case RTAS_SYSPARM_SPLPAR_CHARACTERISTICS:
          // NUL-terminated: the stored length counts the terminator.
          st = this.sysparmStore(buf, len, new TextEncoder().encode(`${splparCharacteristics(this.cfg)}\0`));
          break;
        case RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE:
          st = this.sysparmStore(buf, len, Uint8Array.of(DIAG_RUN_MODE_DISABLED));
          break;
        case RTAS_SYSPARM_UUID:
          // No -uuid: a zero-length value.
          st = this.sysparmStore(buf, len, new Uint8Array(0));
          break;
        default:
          st = RTAS_OUT_NOT_SUPPORTED;
      }
      call.rets[0] = st;
    });

    // ibm,set-system-parameter: the three known parameters are read-only (NOT_AUTHORIZED),
    // the rest NOT_SUPPORTED; no count checks.
    r.add('ibm,set-system-parameter', (_c, call) => {
      const param = call.ld(0) >>> 0;
      const known = param === RTAS_SYSPARM_SPLPAR_CHARACTERISTICS || param === RTAS_SYSPARM_DIAGNOSTICS_RUN_MODE
        || param === RTAS_SYSPARM_UUID;
      call.rets[0] = known ? RTAS_OUT_NOT_AUTHORIZED : RTAS_OUT_NOT_SUPPORTED;
    });

    // ibm,os-term (in: message address): QEMU logs the message and reports a guest panic;
    // its default -action panic=shutdown stops the VM and requests a shutdown, so the run
    // ends as with power-off. rets[0] = SUCCESS is still stored first.
    r.add('ibm,os-term', (c, call) => {
      const addr = call.ld(0) >>> 0;
      const bytes = new Uint8Array(OS_TERM_MSG_MAX); // unassigned memory reads as 0
      const n = Math.max(0, Math.min(OS_TERM_MSG_MAX, this.ram.size - addr));
      if (n > 0) bytes.set(this.ram.u8.subarray(addr, addr + n));
      const end = bytes.indexOf(0);
      this.osTermMessage = Buffer.from(bytes.subarray(0, end < 0 ? OS_TERM_MSG_MAX : end)).toString('latin1');
      call.rets[0] = RTAS_OUT_SUCCESS;
      this.cfg.halt(c, 'power-off');
    });

    // ibm,nmi-register (in: system-reset entry, machine-check entry). pseries-7.2 has
    // cap-fwnmi=on; QEMU needs the guest's RTAS instantiated (linux,rtas-base in its tree)
    // and both entries below 32 MiB and in the RMA. Under TCG it only records them.
    r.add('ibm,nmi-register', (_c, call) => {
      if (this.cfg.rtasBase() === 0) return void (call.rets[0] = RTAS_OUT_NOT_SUPPORTED);
      const sreset = call.ld(0) >>> 0, mce = call.ld(1) >>> 0;
      const lim = Math.min(FWNMI_LIMIT, this.cfg.rmaBytes);
      if (sreset >= lim || mce >= lim) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
      this.fwnmiSystemReset = sreset;
      this.fwnmiMachineCheck = mce;
      call.rets[0] = RTAS_OUT_SUCCESS;
    });

    // ibm,nmi-interlock: PARAM_ERROR before a registration; otherwise SUCCESS. (No machine
    // check is ever delivered through FWNMI under TCG, so no CPU holds the interlock, and
    // QEMU answers SUCCESS to a non-holder, as PowerVM does.)
    r.add('ibm,nmi-interlock', (_c, call) => {
      call.rets[0] = this.fwnmiMachineCheck === -1 ? RTAS_OUT_PARAM_ERROR : RTAS_OUT_SUCCESS;
    });
  }
}
