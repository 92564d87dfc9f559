// MMU regression files: one case as readable text, one item per line, `#` starting a
// comment anywhere on a line.
//
// A single access (the `mmu` property):
//
//   # pseries-rr regression: mmu (fast-check seed S, path P)
//   hpt-log2 18                      the HPT is 2^18 bytes
//   pr 1                             MSR[PR] for the access (SF ME and DR or IR are always on)
//   amr 0x0000000000000000
//   slb 0 esid=0x1 v=1 b=256M vsid=0x123456 ks=0 kp=1 n=0 l=0 lp=0 c=0
//   hpte 0x3898 0x0000000123456201 0x0000000000012192   HPTE number, dword 0, dword 1
//   access load                      load | store | fetch
//   ea 0x0000000012345678
//   value 0x1234abcd                 the word at RA / the word stored / li r3's immediate
//   expect ok ra=0x12678 hpte=0x3898 setC=0
//
// A sequence of accesses on one Cpu (the `mmu sequence` property): `step` lines instead of
// pr/amr/access/ea/value, each followed by its `expect`; `slb` lines before a step replace
// the whole SLB from that step on (the harness reloads it: slbia, slbmte…, isync):
//
//   step access=load pr=0 amr=0x0 ea=0x12345678 value=0x11
//   expect ok ra=0x12678 hpte=0x3898 setC=0
//
// `expect` is what the reference model said when the file was written: `ok ra= hpte= setC=`,
// `segment 0x380|0x480`, `storage 0x300 dsisr=…` or `storage 0x400 srr1=…` (each may end
// with `hpte=`); an access crossing a 4 KB boundary has two, joined by ` + `. checkMmuRegression re-runs the case on the engine and also checks that the
// model still says the same.

import { readHpte, hex, HPTE_BYTES, type Access, type SlbEntry } from '../../oracle/mmu-model/index.js';
import { buildHpt, describeHpte, expectParts, formatParts, hpteWhere, type MmuCase, type PlacedHpte } from './case.js';
import { engineMmuMissing } from './engine-adapter.js';
import { checkCase } from './check.js';
import { checkSequence, modelSequence, type MmuSequence, type SequenceStep } from './sequence.js';

const b01 = (x: boolean): string => (x ? '1' : '0');

export function slbLine(e: SlbEntry, i: number): string {
  return `slb ${i} esid=${hex(e.esid)} v=${b01(e.v)} b=${e.b} vsid=${hex(e.vsid)} ks=${b01(e.ks)} kp=${b01(e.kp)} ` +
    `n=${b01(e.n)} l=${b01(e.l)} lp=${e.lp} c=${b01(e.c)}`;
}

const header = (meta: { seed: number | string; path: string; notes?: readonly string[] }): string[] =>
  [`# pseries-rr regression: mmu (fast-check seed ${meta.seed}, path ${meta.path})`, ...(meta.notes ?? []).map((n) => `# ${n}`)];

/** The HPTEs that are not all zeros (a shrunk case has few), those in `c`'s PTEGs first. */
function hpteLines(hptLog2: number, hptes: readonly PlacedHpte[], c?: MmuCase): string[] {
  const hpt = buildHpt({ hptLog2, hptes } as MmuCase);
  const rows: Array<{ rel: boolean; line: string }> = [];
  for (let i = 0; i < hpt.length / HPTE_BYTES; i++) {
    let zero = true;
    for (let k = i * HPTE_BYTES; k < (i + 1) * HPTE_BYTES && zero; k++) zero = hpt[k] === 0;
    if (zero) continue;
    const [d0, d1] = readHpte(hpt, i);
    const where = c ? hpteWhere(c, i) : `PTEG ${hex(i >> 3)} slot ${i & 7}`;
    rows.push({ rel: where.startsWith('the EA'), line: `hpte ${hex(i)} ${hex(d0, 16)} ${hex(d1, 16)}   # ${where}: ${describeHpte(d0, d1)}` });
  }
  return ['# hpte INDEX DWORD0 DWORD1', ...rows.filter((r) => r.rel).map((r) => r.line), ...rows.filter((r) => !r.rel).map((r) => r.line)];
}

const SLB_HELP = '# slb INDEX esid= v= b=256M|1T vsid= ks= kp= n= l= lp= c=   (loaded with slbia, then slbmte INDEX in order)';

/** The text of a regression file for case `c`. */
export function mmuRegressionText(c: MmuCase, meta: { seed: number | string; path: string; notes?: readonly string[] }): string {
  const out = header(meta);
  out.push(`hpt-log2 ${c.hptLog2}`, `pr ${b01(c.pr)}`, `amr ${hex(c.amr, 16)}`, SLB_HELP);
  c.slb.forEach((e, i) => out.push(slbLine(e, i)));
  out.push(...hpteLines(c.hptLog2, c.hptes, c));
  out.push(`access ${c.access}`, `ea ${hex(c.ea, 16)}`, `value ${hex(c.value >>> 0, 8)}`);
  out.push(`expect ${formatParts(expectParts(c))}`);
  return out.join('\n') + '\n';
}

const stepLine = (s: SequenceStep): string =>
  `step access=${s.access} pr=${b01(s.pr)} amr=${hex(s.amr, 16)} ea=${hex(s.ea, 16)} value=${hex(s.value >>> 0, 8)}`;

const sameSlb = (a: readonly SlbEntry[], b: readonly SlbEntry[]): boolean =>
  a.length === b.length && a.every((e, i) => slbLine(e, i) === slbLine(b[i], i));

/** The text of a regression file for sequence `q`. */
export function mmuSequenceRegressionText(q: MmuSequence, meta: { seed: number | string; path: string; notes?: readonly string[] }): string {
  const out = header(meta);
  const ts = modelSequence(q);
  out.push(`hpt-log2 ${q.hptLog2}`, SLB_HELP);
  q.steps[0].slb.forEach((e, i) => out.push(slbLine(e, i)));
  out.push(...hpteLines(q.hptLog2, q.hptes));
  q.steps.forEach((s, k) => {
    if (k > 0 && !sameSlb(q.steps[k - 1].slb, s.slb)) {
      out.push('# the SLB from here on (reloaded):');
      s.slb.forEach((e, i) => out.push(slbLine(e, i)));
    }
    out.push(stepLine(s), `expect ${formatParts(ts[k])}`);
  });
  return out.join('\n') + '\n';
}

export type MmuRegression =
  | { kind: 'single'; case: MmuCase; expect: string; seed: string; path: string }
  | { kind: 'sequence'; sequence: MmuSequence; expects: string[]; seed: string; path: string };

const num = (s: string | undefined, what: string, n: number): bigint => {
  if (s === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(s)) throw new Error(`line ${n}: ${what}: expected a number, got '${s ?? ''}'`);
  return BigInt(s);
};
const flag = (s: string | undefined, what: string, n: number): boolean => {
  if (s !== '0' && s !== '1') throw new Error(`line ${n}: ${what}: expected 0 or 1, got '${s ?? ''}'`);
  return s === '1';
};
const accessOf = (s: string | undefined, n: number): Access => {
  if (s !== 'load' && s !== 'store' && s !== 'fetch') throw new Error(`line ${n}: access must be load, store or fetch`);
  return s;
};

/** Parse a regression file; throws naming the line on anything malformed. */
export function parseMmuRegression(text: string): MmuRegression {
  const lines = text.split(/\r?\n/);
  const head = /^# pseries-rr regression: mmu \(fast-check seed (\S+), path ([^)]*)\)/.exec(lines[0] ?? '');
  const c: Partial<MmuCase> & { hptes: PlacedHpte[] } = { hptes: [] };
  let slb: SlbEntry[] = []; // the SLB being listed
  let current: SlbEntry[] | null = null; // the SLB the next step uses
  const steps: SequenceStep[] = [];
  const expects: string[] = [];
  lines.forEach((raw, k) => {
    const n = k + 1;
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const [key, ...args] = line.split(/\s+/);
    switch (key) {
      case 'hpt-log2': c.hptLog2 = Number(num(args[0], key, n)); if (c.hptLog2 < 18 || c.hptLog2 > 30) throw new Error(`line ${n}: hpt-log2 must be 18..30`); break;
      case 'pr': c.pr = flag(args[0], key, n); break;
      case 'amr': c.amr = num(args[0], key, n); break;
      case 'ea': c.ea = num(args[0], key, n); break;
      case 'value': c.value = Number(num(args[0], key, n)); break;
      case 'access': c.access = accessOf(args[0], n); break;
      case 'hpte': c.hptes.push({ index: Number(num(args[0], 'hpte index', n)), d0: num(args[1], 'hpte dword 0', n), d1: num(args[2], 'hpte dword 1', n) }); break;
      case 'slb': {
        const i = Number(num(args[0], 'slb index', n));
        if (i === 0) slb = [];
        if (i !== slb.length) throw new Error(`line ${n}: slb entries must be listed in order 0, 1, … (got ${i})`);
        const kv = new Map(args.slice(1).map((a) => a.split('=') as [string, string]));
        const b = kv.get('b');
        if (b !== '256M' && b !== '1T') throw new Error(`line ${n}: b must be 256M or 1T`);
        slb.push({
          esid: num(kv.get('esid'), 'esid', n), v: flag(kv.get('v'), 'v', n), b, vsid: num(kv.get('vsid'), 'vsid', n),
          ks: flag(kv.get('ks'), 'ks', n), kp: flag(kv.get('kp'), 'kp', n), n: flag(kv.get('n'), 'n', n),
          l: flag(kv.get('l'), 'l', n), lp: Number(num(kv.get('lp'), 'lp', n)), c: flag(kv.get('c'), 'c', n),
        });
        current = null;
        break;
      }
      case 'step': {
        const kv = new Map(args.map((a) => a.split('=') as [string, string]));
        if (current === null) {
          if (slb.length === 0) throw new Error(`line ${n}: a step before any slb line`);
          current = slb;
        }
        steps.push({
          slb: current, access: accessOf(kv.get('access'), n), pr: flag(kv.get('pr'), 'pr', n), amr: num(kv.get('amr'), 'amr', n),
          ea: num(kv.get('ea'), 'ea', n), value: Number(num(kv.get('value'), 'value', n)),
        });
        break;
      }
      case 'expect':
        if (steps.length && expects.length !== steps.length - 1) throw new Error(`line ${n}: a second expect for one step`);
        expects.push(args.join(' '));
        break;
      default: throw new Error(`line ${n}: unknown item '${key}'`);
    }
  });
  if (c.hptLog2 === undefined) throw new Error("missing 'hpt-log2' line");
  if (slb.length === 0) throw new Error('no slb lines');
  const seed = head?.[1] ?? '?', path = head?.[2] ?? '?';
  if (steps.length) {
    if (expects.length !== steps.length) throw new Error(`${steps.length} steps but ${expects.length} expect lines`);
    return { kind: 'sequence', sequence: { hptLog2: c.hptLog2, hptes: c.hptes, steps }, expects, seed, path };
  }
  for (const k of ['pr', 'amr', 'access', 'ea', 'value'] as const) {
    if (c[k] === undefined) throw new Error(`missing '${k}' line`);
  }
  if (expects.length !== 1) throw new Error(expects.length ? 'more than one expect line' : "missing 'expect' line");
  return { kind: 'single', case: { ...(c as MmuCase), slb }, expect: expects[0], seed, path };
}

/** Mismatches (none when the file passes): the model's translation against the file's
 *  `expect` lines, and the engine's run against the model. `engine: false` checks only the
 *  model; so does a machine whose cpu.mmu has not landed (said in the result). */
export function checkMmuRegression(text: string, opts: { engine?: boolean } = {}): string[] {
  let r: MmuRegression;
  try { r = parseMmuRegression(text); } catch (e) { return [`malformed regression: ${(e as Error).message}`]; }
  const out: string[] = [];
  const now = r.kind === 'single' ? [formatParts(expectParts(r.case))] : modelSequence(r.sequence).map(formatParts);
  const want = r.kind === 'single' ? [r.expect] : r.expects;
  now.forEach((t, k) => {
    if (t !== want[k]) out.push(`${r.kind === 'sequence' ? `step ${k}: ` : ''}the model now says '${t}', the file expects '${want[k]}'`);
  });
  if (opts.engine === false) return out;
  const missing = engineMmuMissing();
  if (missing) return [...out, `engine not run: ${missing}`];
  const engine = r.kind === 'single' ? checkCase(r.case) : checkSequence(r.sequence);
  out.push(...engine.map((m) => `engine: ${m}`));
  return out;
}
