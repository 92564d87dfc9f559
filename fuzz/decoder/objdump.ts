// binutils as the oracle: one objdump run disassembles a whole batch of words. The words go
// into a raw big-endian binary (no assembler step: `-b binary` is exact and ~3× faster
// than assembling a .s of .long lines, measured on 4,000 words).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const OBJDUMP = 'powerpc64-linux-gnu-objdump';
/** Flags giving the text engine/isa/disasm.ts reproduces (-z: print zero words too). */
export const OBJDUMP_ARGS = ['-b', 'binary', '-m', 'powerpc:common64', '-EB', '-D', '-z', '-M', 'power8'];

let available: boolean | undefined;
/** True when the cross objdump is installed (checked once). */
export function haveObjdump(): boolean {
  if (available === undefined) {
    try { execFileSync(OBJDUMP, ['--version'], { stdio: 'ignore' }); available = true; } catch { available = false; }
  }
  return available;
}

let dir: string | undefined;
function scratch(): string {
  if (!dir) {
    const d = mkdtempSync(join(tmpdir(), 'fuzz-decoder-'));
    process.once('exit', () => rmSync(d, { recursive: true, force: true }));
    dir = d;
  }
  return join(dir, 'words.bin');
}

/** objdump's text for each word, the word k at address 4k (as in disasm(w, 4k)). */
export function objdumpWords(words: readonly number[]): string[] {
  if (words.length === 0) return [];
  const bin = Buffer.alloc(words.length * 4);
  words.forEach((w, k) => bin.writeUInt32BE(w >>> 0, k * 4));
  const file = scratch();
  writeFileSync(file, bin);
  const out = execFileSync(OBJDUMP, [...OBJDUMP_ARGS, file], { maxBuffer: 1 << 28 }).toString();
  // "   addr:\tbytes \ttext[ <symbol+off>]"
  const lines: string[] = [];
  for (const l of out.split('\n')) {
    if (!/^\s*[0-9a-f]+:\t/.test(l)) continue;
    const text = l.slice(l.indexOf('\t', l.indexOf('\t') + 1) + 1);
    lines.push(text.endsWith('>') ? text.replace(/ <[^>]*>$/, '') : text);
  }
  if (lines.length !== words.length) throw new Error(`objdump printed ${lines.length} lines for ${words.length} words`);
  return lines;
}
