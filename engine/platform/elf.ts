// A minimal ELF64 reader for kernels (-kernel): enough to place PT_LOAD segments. Malformed
// files give one ElfError naming the problem.

export class ElfError extends Error {
  override name = 'ElfError';
}

export interface ElfSegment { vaddr: bigint; paddr: bigint; offset: number; filesz: number; memsz: number }
export interface ElfImage { littleEndian: boolean; entry: bigint; segments: ElfSegment[] }

const PT_LOAD = 1;
const EM_PPC64 = 21;

export function isElf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

export function parseElf(b: Uint8Array): ElfImage {
  if (!isElf(b)) throw new ElfError('not an ELF file (bad magic)');
  if (b.length < 64) throw new ElfError(`ELF header truncated (${b.length} bytes, need 64)`);
  if (b[4] !== 2) throw new ElfError('not a 64-bit ELF file (EI_CLASS is not ELFCLASS64)');
  if (b[5] !== 1 && b[5] !== 2) throw new ElfError(`bad ELF data encoding ${b[5]}`);
  const le = b[5] === 1;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const machine = dv.getUint16(18, le);
  if (machine !== EM_PPC64) throw new ElfError(`ELF machine is ${machine}, not PowerPC64 (21)`);
  const entry = dv.getBigUint64(24, le);
  const phoff = Number(dv.getBigUint64(32, le));
  const phentsize = dv.getUint16(54, le);
  const phnum = dv.getUint16(56, le);
  if (phnum === 0) throw new ElfError('ELF file has no program headers');
  if (phentsize < 56 || phoff + phnum * phentsize > b.length) throw new ElfError('ELF program headers lie outside the file');
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (dv.getUint32(p, le) !== PT_LOAD) continue;
    const offset = Number(dv.getBigUint64(p + 8, le));
    const vaddr = dv.getBigUint64(p + 16, le);
    const paddr = dv.getBigUint64(p + 24, le);
    const filesz = Number(dv.getBigUint64(p + 32, le));
    const memsz = Number(dv.getBigUint64(p + 40, le));
    if (offset + filesz > b.length) throw new ElfError(`ELF segment ${i} (offset ${offset}, ${filesz} bytes) runs past the end of the file`);
    if (memsz < filesz) throw new ElfError(`ELF segment ${i} has memsz < filesz`);
    segments.push({ vaddr, paddr, offset, filesz, memsz });
  }
  if (segments.length === 0) throw new ElfError('ELF file has no loadable (PT_LOAD) segments');
  return { littleEndian: le, entry, segments };
}
