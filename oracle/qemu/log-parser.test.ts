// The QEMU log parser, row builder and input extractor on fixtures cut from real QEMU 7.2 logs
// (oracle/qemu/fixtures/*.qemu-log.txt: `-singlestep -d cpu,nochain,in_asm,int` of corpus guests,
// copied verbatim; no QEMU needed here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REG_INDEX, applyRow, type RegState, type StateRow } from '../../trace/state/row.js';
import { QemuLogParser, type DumpEvent, type HcallEvent, type InsnEvent, type RaiseEvent } from './log-parser.js';
import { RowBuilder, type RowContext } from './rows.js';
import { ReferenceInputExtractor, decodeTimeRead } from './reference-inputs.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname.replace(/\/dist\/oracle\//, '/oracle/');
const fixture = (name: string): string => readFileSync(FIXTURES + name, 'latin1');

interface Collected {
  dumps: { nip: bigint; tb: bigint; decr: bigint; regs: RegState; changed: number[] }[];
  insns: InsnEvent[];
  raises: RaiseEvent[];
  hcalls: HcallEvent[];
  parser: QemuLogParser;
}

function parseAll(text: string, chunk = text.length): Collected {
  const c: Omit<Collected, 'parser'> = { dumps: [], insns: [], raises: [], hcalls: [] };
  const parser = new QemuLogParser({
    dump: (d: DumpEvent) => c.dumps.push({ nip: d.nip, tb: d.tb, decr: d.decr, regs: d.regs.slice(), changed: [...d.changed] }),
    insn: (i) => c.insns.push(i),
    raise: (r) => c.raises.push(r),
    hcall: (h) => c.hcalls.push(h),
  });
  for (let i = 0; i < text.length; i += chunk) parser.feed(Buffer.from(text.slice(i, i + chunk), 'latin1'));
  parser.end();
  return { ...c, parser };
}

interface Built { rows: StateRow[]; contexts: { nextPc: bigint | null; raises: string[] }[]; initial: RegState | undefined; builder: RowBuilder; extractor: ReferenceInputExtractor }

function build(text: string): Built {
  const rows: StateRow[] = [];
  const contexts: Built['contexts'] = [];
  let initial: RegState | undefined;
  const extractor = new ReferenceInputExtractor();
  const builder = new RowBuilder((c: RowContext) => {
    rows.push({ ...c.row, changes: [...c.row.changes] });
    contexts.push({ nextPc: c.nextPc, raises: c.raises.map((r) => r.name) });
    extractor.row(c);
  }, (s) => { initial = s; });
  const parser = new QemuLogParser(builder);
  parser.feed(text);
  parser.end();
  builder.finish();
  return { rows, contexts, initial, builder, extractor };
}

const R = REG_INDEX;

describe('QemuLogParser', () => {
  it('parses state dumps, IN: blocks and a truncated final dump (hello.img, first instructions)', () => {
    const c = parseAll(fixture('hello-start.qemu-log.txt'));
    expect(c.dumps.map((d) => d.nip)).toEqual([0x100n, 0x29ccn, 0x29d0n]);
    const d0 = c.dumps[0];
    expect(d0.regs[R.r3]).toBe(0x1fe00000n);
    expect(d0.regs[R.msr]).toBe(0n);
    expect(d0.regs[R.lpcr]).toBe(0x1f008n);
    expect(d0.regs[R.cr]).toBe(0n);
    // "TB 00000000 00146363 DECR 4294821230": decimal
    expect(d0.tb).toBe(146363n);
    expect(d0.decr).toBe(4294821230n);
    expect(d0.changed.sort((a, b) => a - b)).toEqual([R.r3, R.lpcr]);
    expect(c.dumps[1].changed).toEqual([R.cfar]);
    expect(c.dumps[1].regs[R.cfar]).toBe(0x100n);
    expect(c.dumps[2].changed).toEqual([R.r20]);
    expect(c.insns.map((i) => [i.pc, i.word])).toEqual([[0x100n, 0x480028cc], [0x29ccn, 0x7c741b78], [0x29d0n, 0x7ea000a6], [0x29d4n, 0x3c200000]]);
    expect(c.insns[1].text).toBe('mr       r20, r3');
    expect(c.parser.stats.truncatedDumps).toBe(1);
    expect(c.parser.stats.unknownLines).toBe(0);
  });

  it('gives the same events whatever the chunk boundaries', () => {
    const text = fixture('inputs-decrementer.qemu-log.txt') + fixture('hello-poweroff.qemu-log.txt');
    const whole = parseAll(text);
    for (const chunk of [1, 7, 100, 4096]) {
      const c = parseAll(text, chunk);
      expect(c.dumps).toEqual(whole.dumps);
      expect(c.insns).toEqual(whole.insns);
      expect(c.raises).toEqual(whole.raises);
      expect(c.hcalls).toEqual(whole.hcalls);
    }
  });

  it('parses int lines: Raise exception and hypercall (hello.img power-off)', () => {
    const c = parseAll(fixture('hello-poweroff.qemu-log.txt'));
    expect(c.raises).toEqual([{ pc: 0x2950n, name: 'SYSCALL', excp: 8, error: 1 }]);
    expect(c.hcalls).toHaveLength(1);
    expect(c.hcalls[0].kind).toBe('hypercall');
    expect(c.hcalls[0].regs.get('r3')).toBe(0xf000n);
    expect(c.hcalls[0].regs.get('r4')).toBe(0x2ad4n);
    expect(c.hcalls[0].nip).toBe(0x2950n);
  });

  it('counts a line it does not know (a dump tail cut at the start) and goes on', () => {
    const c = parseAll(fixture('be2le-switch.qemu-log.txt'));
    expect(c.parser.stats.unknownLines).toBe(1);
    expect(c.parser.stats.unknownSamples[0]).toMatch(/^ SDR1 /);
    expect(c.dumps.map((d) => d.nip)).toEqual([0x2a90n, 0x2c40n]);
  });
});

describe('RowBuilder', () => {
  it('turns dumps into rows: changes to the next dump, the last row partial', () => {
    const b = build(fixture('hello-start.qemu-log.txt'));
    expect(b.initial?.[R.r3]).toBe(0x1fe00000n);
    expect(b.rows).toEqual([
      { icount: 1, pc: 0x100n, word: 0x480028cc, changes: [[R.cfar, 0x100n]] },
      { icount: 2, pc: 0x29ccn, word: 0x7c741b78, changes: [[R.r20, 0x1fe00000n]] },
      { icount: 3, pc: 0x29d0n, word: 0x7ea000a6, changes: [], partial: true },
    ]);
  });

  it('shows the words of little-endian code as executed (be2le.img: rfid into LE mode)', () => {
    const b = build(fixture('be2le-switch.qemu-log.txt'));
    expect(b.rows[0]).toMatchObject({ pc: 0x2a90n, word: 0x4c000024 });
    expect(b.rows[0].changes).toContainEqual([R.msr, 0x8000000000000001n]);
    // mfmsr r23, stored as a6 00 e0 7e in the image
    expect(b.rows[1]).toMatchObject({ pc: 0x2c40n, word: 0x7ee000a6, partial: true });
  });

  it('drops a dump whose instruction did not run: decrementer raised at the dumped address (inputs.img)', () => {
    const b = build(fixture('inputs-decrementer.qemu-log.txt'));
    expect(b.builder.stats.abortedDumps).toBe(1);
    expect(b.rows.map((r) => r.pc)).toEqual([0x2c5cn, 0x2c60n, 0x900n, 0x2c54n]);
    // rfid's row: the interrupt entry follows it
    expect(b.contexts[1]).toEqual({ nextPc: 0x900n, raises: ['DECR'] });
    expect(b.rows[3].partial).toBe(true);
    expect(b.extractor.inputs.interrupts).toEqual([{ icount: 2, vector: 0x900, name: 'DECR', at: 0x2b7cn }]);
  });

  it('drops a repeated identical dump of an instruction that cannot branch to itself', () => {
    // hello.img's third dump (mfmsr r21 at 0x29d0) printed twice, as after an exit request.
    const text = fixture('hello-start.qemu-log.txt');
    const lines = text.split('\n');
    const third = lines.slice(lines.findIndex((l) => l.startsWith('NIP 00000000000029d0')), lines.findIndex((l) => l.startsWith('NIP 00000000000029d4')) - 3).join('\n') + '\n';
    const i = text.indexOf('----------------\nIN: \n0x000029d4');
    const b = build(text.slice(0, i) + third + text.slice(i));
    expect(b.builder.stats.abortedDumps).toBe(1);
    expect(b.rows.map((r) => r.pc)).toEqual([0x100n, 0x29ccn, 0x29d0n]);
  });

  it('reports the power-off hypercall as the partial last row and notes the RTAS call', () => {
    const b = build(fixture('hello-poweroff.qemu-log.txt'));
    expect(b.rows).toHaveLength(2);
    expect(b.rows[0]).toMatchObject({ pc: 0x294cn, word: 0x6063f000, changes: [[R.r3, 0xf000n]] });
    expect(b.rows[1]).toMatchObject({ pc: 0x2950n, word: 0x44000022, partial: true });
    expect(b.extractor.inputs.notes).toHaveLength(1);
    expect(b.extractor.inputs.notes[0].icount).toBe(2);
    expect(b.extractor.inputs.notes[0].note).toMatch(/RTAS/);
    const s = b.initial!.slice();
    applyRow(s, b.rows[0]);
    expect(s[R.r3]).toBe(0xf000n);
  });
});

describe('decodeTimeRead', () => {
  it('recognises mftb, mfspr TB/TBU/DEC and nothing else', () => {
    expect(decodeTimeRead(0x7c8c42a6)).toEqual([268, 4]); // mfspr r4,268 (mftb r4)
    expect(decodeTimeRead(0x7c8c42e6)).toEqual([268, 4]); // mftb r4 (X-form 371)
    expect(decodeTimeRead(0x7cad42a6)).toEqual([269, 5]); // mftbu r5
    expect(decodeTimeRead(0x7c9602a6)).toEqual([22, 4]); // mfdec r4
    expect(decodeTimeRead(0x7c8802a6)).toBeUndefined(); // mflr r4
    expect(decodeTimeRead(0x7ea000a6)).toBeUndefined(); // mfmsr r21
    expect(decodeTimeRead(-1)).toBeUndefined();
  });
});
