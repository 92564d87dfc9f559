// Agreement with binutils: every word generated from the table is disassembled by objdump
// (one assembly file, one objdump run) and by disasm(), line by line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALIASES, FORMS } from './table.js';
import { disasm } from './disasm.js';
import { fieldRange } from './fields.js';
import { encode } from './encode.js';
import { aliasWords, formWords } from './testgen.js';

const AS = 'powerpc64-linux-gnu-as', OBJDUMP = 'powerpc64-linux-gnu-objdump';

function have(tool: string): boolean {
  try { execFileSync(tool, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

function words(): number[] {
  const out: number[] = [];
  FORMS.forEach((f, i) => out.push(...formWords(i, 8, 77 + i).map((x) => x.word)));
  ALIASES.forEach((_, i) => out.push(...aliasWords(i, 3, 99 + i).map((x) => x.word)));
  // every BO/BI combination (sampled BI) for each branch form, both displacement signs
  for (const f of FORMS) {
    if (!f.operands.includes('BO')) continue;
    for (let bo = 0; bo < 32; bo++) for (const bi of [0, 1, 2, 3, 5, 14, 31]) {
      if (f.format === 'B') for (const bd of [8, -8, fieldRange('BD').min]) out.push(encode(f.name, { BO: bo, BI: bi, BD: bd }));
      else for (const bh of [0, 1, 3]) out.push(encode(f.name, { BO: bo, BI: bi, BH: bh }));
    }
  }
  for (const n of ['b', 'ba', 'bl', 'bla']) for (const li of [0, 4, -4, fieldRange('LI').min, fieldRange('LI').max])
    out.push(encode(n, { LI: li }));
  for (let spr = 0; spr < 1024; spr++) out.push(encode('mfspr', { RT: 5, SPR: spr }), encode('mtspr', { RS: 5, SPR: spr }));
  // words nothing decodes, and words with reserved bits set
  out.push(0, 0x07ffffff, 0x14000000, 0x7c000002, 0x4c000002, 0xe8000003, 0xf8000003,
    0x7c6000a7, 0x7c0004ad, 0x7c6021d6, 0x4c800000 | 1 << 21,
    // stream hints with every reserved bit set (objdump checks none of them)
    0x7d8002ad, 0x7f8002ed, 0x7d81166d, 0x7fe1166d);
  return out;
}

describe('disasm agrees with objdump -M power8', () => {
  const ok = have(AS) && have(OBJDUMP);
  if (!ok) {
    if (process.env.CI) it('objdump available', () => { throw new Error(`${OBJDUMP} missing (install binutils-powerpc64-linux-gnu)`); });
    else {
      console.warn(`\n*** ${OBJDUMP} not found: skipping objdump agreement (apt install binutils-powerpc64-linux-gnu) ***\n`);
      it.skip('objdump agreement', () => {});
    }
    return;
  }
  it('every generated word disassembles identically', () => {
    const ws = words();
    const dir = mkdtempSync(join(tmpdir(), 'isa-objdump-'));
    writeFileSync(join(dir, 'w.s'), ws.map((w) => `.long 0x${w.toString(16).padStart(8, '0')}\n`).join(''));
    execFileSync(AS, ['-a64', '-mbig', '-o', join(dir, 'w.o'), join(dir, 'w.s')]);
    const out = execFileSync(OBJDUMP, ['-d', '-z', '-M', 'power8', join(dir, 'w.o')], { maxBuffer: 1 << 28 }).toString();
    const lines = out.split('\n').filter((l) => /^\s*[0-9a-f]+:\t/.test(l))
      .map((l) => l.split('\t').slice(2).join('\t').replace(/ <[^>]*>$/, ''));
    expect(lines.length).toBe(ws.length);
    const bad: string[] = [];
    ws.forEach((w, k) => {
      const mine = disasm(w, BigInt(k * 4));
      if (mine !== lines[k]) bad.push(`${w.toString(16).padStart(8, '0')}: objdump "${lines[k]}" disasm "${mine}"`);
    });
    console.log(`objdump agreement: ${ws.length} words compared, ${bad.length} mismatches`);
    if (bad.length) { writeFileSync(join(dir, "bad.txt"), bad.join("\n")); console.log(`mismatches in ${join(dir, "bad.txt")}`); }
    expect(bad.slice(0, 40)).toEqual([]);
  });
});
