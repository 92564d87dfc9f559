// Semantic regression cases as readable assembly: the instruction words as `.long` lines
// with their disassembly (the file assembles with GNU as), the initial state and QEMU's end
// state for each byte order as `#` lines. `npm test` re-runs every file in
// corpus/regressions/ on the engine, and on qemu-user too where it is installed.
import { disasm } from '../../engine/isa/index.js';
import { CODE_ADDR, WINDOW_SIZE } from '../../oracle/qemu-user/layout.js';
import type { UserCase, UserResult } from '../../oracle/qemu-user/protocol.js';
import { checkBatch, engineOutcome, isAbort, type Endian, type Model } from './check.js';
import { compareOutcome } from './compare.js';
import type { EngineRunner, Outcome } from './engine-run.js';

const hex = (v: bigint | number): string => '0x' + v.toString(16);

type Scalar = 'cr' | 'xer' | 'lr' | 'ctr' | 'fpscr' | 'vscr' | 'vrsave';
const SCALARS: readonly Scalar[] = ['cr', 'xer', 'lr', 'ctr', 'fpscr', 'vscr', 'vrsave'];

export interface SemanticsRegression {
  model: Model;
  userCase: UserCase;
  expect: Partial<Record<Endian, UserResult>>;
}

export function emptyCase(): UserCase {
  const z = () => Array.from({ length: 32 }, () => 0n);
  return {
    gpr: z(), cr: 0, xer: 0n, lr: 0n, ctr: 0n, fpr: z(), fpscr: 0n,
    vr: Array.from({ length: 32 }, () => [0n, 0n] as [bigint, bigint]), vsrlo: z(), vscr: 0, vrsave: 0,
    code: [], window: new Uint8Array(WINDOW_SIZE),
  };
}

/** `name value` lines for every register of `s` that differs from `base`. */
function stateLines(s: UserCase | UserResult, base: UserCase): string[] {
  const out: string[] = [];
  for (let i = 0; i < 32; i++) if (s.gpr[i] !== base.gpr[i]) out.push(`r${i} ${hex(s.gpr[i])}`);
  for (const k of SCALARS) if (BigInt(s[k]) !== BigInt(base[k])) out.push(`${k} ${hex(s[k])}`);
  for (let i = 0; i < 32; i++) if (s.fpr[i] !== base.fpr[i]) out.push(`f${i} ${hex(s.fpr[i])}`);
  for (let i = 0; i < 32; i++) if (s.vsrlo[i] !== base.vsrlo[i]) out.push(`vs${i}lo ${hex(s.vsrlo[i])}`);
  for (let i = 0; i < 32; i++) if (s.vr[i][0] !== base.vr[i][0] || s.vr[i][1] !== base.vr[i][1]) out.push(`v${i} ${hex(s.vr[i][0])}:${hex(s.vr[i][1])}`);
  for (let o = 0; o < WINDOW_SIZE; o += 16) {
    const row = s.window.subarray(o, o + 16);
    if (row.some((b, k) => b !== base.window[o + k])) out.push(`window +${hex(o)} ${Buffer.from(row).toString('hex')}`);
  }
  return out;
}

export function formatRegression(r: SemanticsRegression, header: string[]): string {
  const c = r.userCase, lines = header.map((h) => `# ${h}`);
  lines.push(`# cpu ${r.model}`);
  for (const l of stateLines(c, emptyCase())) lines.push(`# state ${l}`);
  c.code.forEach((w, i) => lines.push(`\t.long ${hex(w).padEnd(10)}\t# ${disasm(w, BigInt(CODE_ADDR + 4 * i))}`));
  for (const e of ['be', 'le'] as const) {
    const q = r.expect[e];
    if (!q) continue;
    lines.push(`# expect ${e} signal ${q.signal} si_code ${q.siCode} nip ${hex(q.nip)} siaddr ${hex(q.siAddr)}`);
    for (const l of stateLines(q, c)) lines.push(`# expect ${e} ${l}`);
  }
  return lines.join('\n') + '\n';
}

/** Set one `name value` state item on `s`. */
function setItem(s: UserCase | UserResult, name: string, value: string, where: string): void {
  const num = (v: string) => { if (!/^0x[0-9a-f]+$/i.test(v)) throw new Error(`${where}: bad value '${v}'`); return BigInt(v); };
  let m: RegExpMatchArray | null;
  if ((m = name.match(/^r(\d+)$/))) s.gpr[Number(m[1])] = num(value);
  else if ((m = name.match(/^f(\d+)$/))) s.fpr[Number(m[1])] = num(value);
  else if ((m = name.match(/^vs(\d+)lo$/))) s.vsrlo[Number(m[1])] = num(value);
  else if ((m = name.match(/^v(\d+)$/))) { const [a, b] = value.split(':'); s.vr[Number(m[1])] = [num(a), num(b)]; }
  else if (name === 'cr' || name === 'vscr' || name === 'vrsave') s[name] = Number(num(value));
  else if (name === 'xer' || name === 'lr' || name === 'ctr' || name === 'fpscr') s[name] = num(value);
  else if (name === 'window') {
    const [off, bytes] = value.split(' ');
    s.window.set(Buffer.from(bytes, 'hex'), Number(num(off.replace(/^\+/, ''))));
  } else throw new Error(`${where}: unknown register '${name}'`);
}

export function parseRegression(text: string, file = 'regression'): SemanticsRegression {
  const c = emptyCase();
  let model: Model = 'POWER8';
  const expect: Partial<Record<Endian, UserResult>> = {};
  const lines = text.split('\n');
  // Expectations are relative to the initial state: collect them after it is complete.
  const later: [Endian, string, string, string][] = [];
  lines.forEach((line, n) => {
    const where = `${file}:${n + 1}`;
    const t = line.trim();
    let m: RegExpMatchArray | null;
    if ((m = t.match(/^\.long\s+(0x[0-9a-f]+)/i))) c.code.push(Number(m[1]) >>> 0);
    else if ((m = t.match(/^#\s*cpu\s+(POWER8|POWER9)$/))) model = m[1] as Model;
    else if ((m = t.match(/^#\s*state\s+(\S+)\s+(.+)$/))) setItem(c, m[1], m[2].trim(), where);
    else if ((m = t.match(/^#\s*expect\s+(be|le)\s+(\S+)\s+(.+)$/))) later.push([m[1] as Endian, m[2], m[3].trim(), where]);
  });
  for (const [e, name, value, where] of later) {
    let q = expect[e];
    if (!q) {
      q = expect[e] = { ...structuredClone(c), signal: 0, siCode: 0, nip: 0n, siAddr: 0n, msr: 0n };
    }
    if (name === 'signal') {
      const f = value.match(/^(\d+) si_code (\d+) nip (0x[0-9a-f]+) siaddr (0x[0-9a-f]+)$/i);
      if (!f) throw new Error(`${where}: bad expect line`);
      q.signal = Number(f[1]); q.siCode = Number(f[2]); q.nip = BigInt(f[3]); q.siAddr = BigInt(f[4]);
    } else setItem(q, name, value, where);
  }
  if (c.code.length === 0) throw new Error(`${file}: no .long instruction lines`);
  if (!expect.be && !expect.le) throw new Error(`${file}: no '# expect' lines`);
  return { model, userCase: c, expect };
}

/** Re-run a regression file: the engine against its recorded expectation, and, when `qemu`
 *  is given (qemu-user is installed), QEMU against it too. Mismatches as readable lines. */
export function checkRegression(text: string, file: string, qemu: boolean, engine?: EngineRunner): string[] {
  const r = parseRegression(text, file);
  const out: string[] = [];
  for (const e of ['be', 'le'] as const) {
    const want = r.expect[e];
    if (!want) continue;
    const got = engineOutcome(r.userCase, e === 'le', r.model, want, engine);
    out.push(...compareOutcome(r.userCase, got, want, r.model === 'POWER9').map((d) => `${file} (${e}, engine vs recorded QEMU): ${d}`));
  }
  if (qemu) {
    const now = checkBatch([r.userCase], Object.keys(r.expect) as Endian[], r.model, engine);
    for (const v of now.verdicts) {
      const want = r.expect[v.endian]!;
      if (isAbort(v.qemu)) { out.push(`${file} (${v.endian}): qemu-user now aborts: ${v.qemu.abort}`); continue; }
      const fresh = v.qemu;
      // QEMU now against the recorded result (it must not have changed under us).
      const asOutcome = { ...fresh, deviations: [], window: fresh.window } as unknown as Outcome;
      out.push(...compareOutcome(r.userCase, asOutcome, want, r.model === 'POWER9').map((d) => `${file} (${v.endian}, qemu-user now vs recorded): ${d}`));
    }
  }
  return out;
}
