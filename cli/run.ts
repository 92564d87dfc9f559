// `pseries-rr run`: boot a machine with live inputs, console on stdio, until the guest
// powers off (exit 0) or stops otherwise.
import { disasm, LiveInputs, Machine, UNIMPLEMENTED_HCALL_NAMES, type HaltReason } from '../engine/index.js';
import { asUsage, machineConfig, type MachineArgs } from './machine-options.js';
import { attachConsole } from './console.js';
import { writeEngineWindow } from './state-trace.js';

/** Instructions per slice between visits to the host event loop (console input). */
const SLICE = 4_000_000;

export const EXIT_FOR: Record<HaltReason | 'limit', number> = {
  'power-off': 0, reboot: 0, checkstop: 3, limit: 4,
};

export interface RunArgs extends MachineArgs { verbose?: boolean; trace?: boolean; 'state-trace'?: string; from?: number; to?: number }

export async function runCommand(a: RunArgs): Promise<number> {
  const cfg = machineConfig(a);
  // prom_init's Open Firmware output: not on the console (QEMU's VOF drops it); --verbose
  // shows it on stderr.
  if (a.verbose) cfg.firmwareOutput = (b) => process.stderr.write(b);
  const inputs = new LiveInputs();
  let m: Machine;
  try {
    m = new Machine(cfg, inputs, (b) => process.stdout.write(b));
  } catch (e) {
    asUsage(e);
  }
  const detach = attachConsole(inputs);
  const limit = a['max-insns'] ?? Infinity;
  try {
    if (a['state-trace']) {
      const w = await writeEngineWindow(m, a['state-trace'], `pseries-rr run -bios ${a.bios}`, a.from ?? 0, Math.min(limit, a.to ?? Infinity));
      process.stderr.write(`pseries-rr: wrote ${w.rows.toLocaleString('en')} instruction rows to ${a['state-trace']} (${w.bytes.toLocaleString('en')} bytes)\n`);
    }
    while (m.halted === null && m.icount < limit) {
      if (a.trace) traceSlice(m, Math.min(limit, m.icount + TRACE_SLICE));
      else m.runTo(Math.min(limit, m.icount + SLICE));
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    detach();
  }
  const stop = m.halted ?? 'limit';
  if (a.verbose || stop !== 'power-off') {
    process.stderr.write(`pseries-rr: ${describeStop(stop, m.icount)}\n`);
  }
  if (a.verbose) reportUnknown(m);
  return EXIT_FOR[stop];
}

const TRACE_SLICE = 10_000;

/** --trace: one line per instruction on stderr, before it runs (as QEMU's -d in_asm):
 *  icount, address, word, disassembly; interrupt entries are marked. */
function traceSlice(m: Machine, until: number): void {
  const lines: string[] = [];
  while (m.halted === null && m.icount < until) {
    const pc = m.cpu.pc, before = m.icount;
    const w = m.instructionAt(pc);
    m.step();
    if (m.icount === before) lines.push(`${''.padStart(12)} ${hex(pc)}  -> interrupt at ${hex(m.cpu.pc)}`);
    else lines.push(`${String(before + 1).padStart(12)} ${hex(pc)}  ${w === undefined ? '????????' : w.toString(16).padStart(8, '0')}  ${w === undefined ? '(not in RAM)' : disasm(w, pc)}`);
  }
  process.stderr.write(lines.join('\n') + '\n');
}

const hex = (v: bigint) => v.toString(16).padStart(16, '0');

function describeStop(stop: HaltReason | 'limit', icount: number): string {
  switch (stop) {
    case 'power-off': return `guest powered off after ${icount} instructions`;
    case 'reboot': return `guest asked to reboot after ${icount} instructions; stopping (as QEMU -no-reboot)`;
    case 'checkstop': return `checkstop after ${icount} instructions (machine check with MSR[ME]=0)`;
    case 'limit': return `stopped at the instruction limit (${icount} instructions); the guest did not power off`;
  }
}

const times = (k: number): string => k === 1 ? 'once' : `${k} times`;

function reportUnknown(m: Machine): void {
  const { hcalls, rtas, vof } = m.unknownServices();
  for (const [n, k] of hcalls) {
    const name = UNIMPLEMENTED_HCALL_NAMES.get(n);
    process.stderr.write(`pseries-rr: unimplemented hypercall 0x${n.toString(16)}${name ? ` (${name})` : ''} called ${times(k)}; answered H_FUNCTION\n`);
  }
  for (const [t, k] of rtas) process.stderr.write(`pseries-rr: unimplemented RTAS token 0x${t.toString(16)} called ${times(k)}; answered -3 (parameter error)\n`);
  for (const [name, k] of vof) process.stderr.write(`pseries-rr: unimplemented client-interface service '${name}' called ${times(k)}; answered -1\n`);
}
