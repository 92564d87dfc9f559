// Placing boot images in guest RAM the way QEMU 7.2's pseries machine does (hw/ppc/spapr.c):
// -bios at 0; -kernel ELF segments at KERNEL_LOAD_ADDR + (address & 0x0fffffff); the initrd
// after the kernel, rounded up to 64 KiB with at least 64 KiB of gap.

import type { Ram } from '../memory/ram.js';
import { ElfError, isElf, parseElf } from './elf.js';

export const KERNEL_LOAD_ADDR = 0x400000;

export class LoadError extends Error {
  override name = 'LoadError';
}

export function loadBios(ram: Ram, image: Uint8Array): void {
  if (image.length === 0) throw new LoadError('firmware image is empty');
  if (image.length > ram.size) throw new LoadError(`firmware image (${image.length} bytes) does not fit in RAM (${ram.size} bytes)`);
  ram.write(0, image);
}

export interface Placed { addr: number; size: number; littleEndian?: boolean }

export function loadKernel(ram: Ram, image: Uint8Array): Placed {
  if (!isElf(image)) throw new LoadError('kernel is not an ELF file');
  let elf;
  try {
    elf = parseElf(image);
  } catch (e) {
    if (e instanceof ElfError) throw new LoadError(`kernel: ${e.message}`);
    throw e;
  }
  let hi = 0;
  for (const s of elf.segments) {
    const at = KERNEL_LOAD_ADDR + Number(s.paddr & 0x0fffffffn);
    if (at + s.memsz > ram.size) throw new LoadError(`kernel segment at 0x${at.toString(16)} (${s.memsz} bytes) does not fit in RAM (${ram.size} bytes)`);
    ram.write(at, image.subarray(s.offset, s.offset + s.filesz));
    hi = Math.max(hi, at + s.memsz);
  }
  return { addr: KERNEL_LOAD_ADDR, size: hi - KERNEL_LOAD_ADDR, littleEndian: elf.littleEndian };
}

export function loadInitrd(ram: Ram, image: Uint8Array, kernel: Placed | undefined): Placed {
  const after = kernel ? kernel.addr + kernel.size : KERNEL_LOAD_ADDR;
  const addr = Math.floor((after + 0x1ffff) / 0x10000) * 0x10000;
  if (addr + image.length > ram.size) throw new LoadError(`initrd (${image.length} bytes at 0x${addr.toString(16)}) does not fit in RAM (${ram.size} bytes)`);
  ram.write(addr, image);
  return { addr, size: image.length };
}
