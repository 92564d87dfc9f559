// Regression files: words on which disasm() once disagreed with objdump, each with the text
// objdump printed, kept forever and re-checked without objdump (and against it when it is
// installed). The file is plain assembly (`#` starts a comment for PowerPC gas):
//
//   # pseries-rr regression: decoder (fast-check seed S, path P)
//   # expect: <objdump text>
//   	.long 0x7c0004ac
//
// one `# expect:` line per word, each followed by its `.long` line; word k sits at 4k.
import { disasm } from '../../engine/isa/disasm.js';
import { hex8 } from './compare.js';
import { haveObjdump, objdumpWords } from './objdump.js';

export interface DecoderRegression {
  seed: string;
  path: string;
  cases: { word: number; expect: string; line: number }[];
}

const HEADER = /^# pseries-rr regression: decoder \(fast-check seed (-?\d+), path ([^)]*)\)$/;
const EXPECT = /^# expect: (.*)$/;
const LONG = /^\s+\.long\s+0x([0-9a-fA-F]{1,8})\s*$/;

/** The file's header and cases; throws naming the line on anything malformed. */
export function parseDecoderRegression(text: string): DecoderRegression {
  const lines = text.split(/\r?\n/);
  const head = HEADER.exec(lines[0] ?? '');
  if (!head) throw new Error('line 1: expected "# pseries-rr regression: decoder (fast-check seed S, path P)"');
  const out: DecoderRegression = { seed: head[1], path: head[2], cases: [] };
  let expect: string | undefined;
  for (let n = 2; n <= lines.length; n++) {
    const l = lines[n - 1];
    const e = EXPECT.exec(l), w = LONG.exec(l);
    if (e) {
      if (expect !== undefined) throw new Error(`line ${n}: "# expect:" without a .long line after the previous one`);
      expect = e[1];
    } else if (w) {
      if (expect === undefined) throw new Error(`line ${n}: .long without a "# expect:" line before it`);
      out.cases.push({ word: parseInt(w[1], 16) >>> 0, expect, line: n });
      expect = undefined;
    } else if (l.trim() !== '' && !l.startsWith('#')) throw new Error(`line ${n}: not a comment, "# expect:" or .long line: ${l}`);
  }
  if (expect !== undefined) throw new Error('last "# expect:" has no .long line');
  if (out.cases.length === 0) throw new Error('no cases');
  return out;
}

/** Mismatch messages (none when the file passes): disasm() against each expectation, and
 *  each expectation against objdump when objdump is installed. */
export function checkDecoderRegression(text: string, useObjdump = haveObjdump()): string[] {
  let r: DecoderRegression;
  try { r = parseDecoderRegression(text); } catch (e) { return [`malformed regression: ${(e as Error).message}`]; }
  const msgs: string[] = [];
  const where = `(fast-check seed ${r.seed}, path ${r.path})`;
  r.cases.forEach((c, k) => {
    const ours = disasm(c.word, BigInt(4 * k));
    if (ours !== c.expect) msgs.push(`line ${c.line}: ${hex8(c.word)}: expected "${c.expect}", disasm gives "${ours}" ${where}`);
  });
  if (useObjdump) {
    const texts = objdumpWords(r.cases.map((c) => c.word));
    r.cases.forEach((c, k) => {
      if (texts[k] !== c.expect) msgs.push(`line ${c.line}: ${hex8(c.word)}: expected "${c.expect}", objdump prints "${texts[k]}" ${where}`);
    });
  }
  return msgs;
}

/** The text of a regression file for `words`, with objdump's text for each. */
export function decoderRegressionText(seed: number, path: string, cases: readonly { word: number; expect: string }[],
  notes: readonly string[] = []): string {
  const lines = [`# pseries-rr regression: decoder (fast-check seed ${seed}, path ${path})`, ...notes.map((n) => `# ${n}`)];
  for (const c of cases) lines.push(`# expect: ${c.expect}`, `\t.long ${hex8(c.word)}`);
  return lines.join('\n') + '\n';
}
