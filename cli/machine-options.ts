// The QEMU-style machine options shared by commands that build a machine (run, record, …).
import type { Argv } from 'yargs';
import { ConfigError, DEFAULT_RAM, type MachineConfig } from '../engine/index.js';
import { readBios, readImage } from './images.js';
import { parseSize } from './options.js';
import { UsageError } from './errors.js';

export function withMachineOptions<T>(y: Argv<T>) {
  return y
    .option('bios', { type: 'string', describe: 'firmware / bare-metal image loaded at 0, entered at 0x100 (QEMU -bios); with -kernel and no -bios, the built-in VOF firmware' })
    .option('kernel', { type: 'string', describe: 'kernel ELF, placed at 0x400000 as QEMU does (QEMU -kernel)' })
    .option('initrd', { type: 'string', describe: 'initial ramdisk placed after the kernel (QEMU -initrd)' })
    .option('append', { type: 'string', describe: 'kernel command line, /chosen/bootargs (QEMU -append)' })
    .option('m', { type: 'string', default: '512M', describe: 'guest RAM size: a multiple of 256M (QEMU -m)' })
    .option('cpu', { type: 'string', default: 'POWER8', describe: 'CPU model: POWER8 (POWER9 semantics for CA32/OV32)' })
    .option('no-reboot', { type: 'boolean', default: true, describe: 'stop when the guest asks to reboot (always on)' })
    .option('nographic', { type: 'boolean', describe: 'accepted for QEMU compatibility; the console is always stdio' })
    .option('unassigned', { choices: ['machine-check', 'ignore'] as const, default: 'machine-check' as const, describe: 'a load/store to a real address without RAM: machine check (POWER hardware) or read 0 / drop the store (QEMU 7.2 for POWER8)' })
    .option('max-insns', { type: 'number', describe: 'stop after this many instructions' })
    .option('tb-ticks-per-insn', { type: 'number', default: 1, describe: 'virtual time: Time Base ticks per instruction (512 MHz timebase)' });
}

export interface MachineArgs {
  bios?: string; kernel?: string; initrd?: string; append?: string; m: string; cpu: string;
  'max-insns'?: number; 'tb-ticks-per-insn': number; unassigned: 'machine-check' | 'ignore';
}

export function machineConfig(a: MachineArgs): MachineConfig {
  if (!a.bios && !a.kernel) throw new UsageError('no firmware image: pass -bios IMAGE (for example corpus/bare/hello.img) or -kernel VMLINUX');
  let ramBytes: number;
  try {
    ramBytes = parseSize(a.m);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const maxInsns = a['max-insns'];
  if (maxInsns !== undefined && (!Number.isSafeInteger(maxInsns) || maxInsns < 0)) {
    throw new UsageError(`--max-insns must be a non-negative integer, got ${maxInsns}`);
  }
  return {
    ramBytes: ramBytes ?? DEFAULT_RAM,
    cpu: a.cpu,
    bios: a.bios ? readBios(a.bios) : undefined, // -kernel alone: the built-in VOF firmware
    kernel: a.kernel ? readImage('-kernel', a.kernel) : undefined,
    initrd: a.initrd ? readImage('-initrd', a.initrd) : undefined,
    append: a.append,
    tbTicksPerInsn: a['tb-ticks-per-insn'],
    unassigned: a.unassigned,
  };
}

/** Machine construction errors are the user's to fix: turn them into usage errors. */
export function asUsage(e: unknown): never {
  if (e instanceof ConfigError) throw new UsageError(e.message);
  throw e;
}
