// Reading boot images named on the command line, with errors a user can act on.
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** QEMU's pseries loads at most 4 MiB of -bios image (FW_MAX_SIZE in hw/ppc/spapr.c). */
export const BIOS_MAX_BYTES = 4 * 1024 * 1024;

export function readImage(option: string, path: string): Uint8Array {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`cannot read ${option} '${path}': no such file`);
  }
  if (st.isDirectory()) throw new UsageError(`cannot read ${option} '${path}': it is a directory`);
  const b = new Uint8Array(readFileSync(path));
  if (b.length === 0) throw new UsageError(`${option} '${path}' is empty`);
  return b;
}

export function readBios(path: string): Uint8Array {
  const b = readImage('-bios', path);
  if (b.length > BIOS_MAX_BYTES) throw new UsageError(`-bios '${path}' is ${b.length} bytes; a pseries firmware image is at most 4 MiB`);
  if (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) {
    throw new UsageError(`-bios '${path}' is an ELF file; pseries loads -bios as a flat image at address 0 (convert it with objcopy -O binary)`);
  }
  return b;
}
