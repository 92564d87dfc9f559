// The live QEMU state stream and the reference inputs, against real qemu-system-ppc64 runs
// of corpus guests. Without QEMU: fails when CI is set, else skipped with a warning.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { REG_INDEX, applyRow, type RegState, type StateRow } from '../../trace/state/row.js';
import { guestImage, guestInput } from '../../corpus/bare/guests.js';
import { qemuAvailable } from './system.js';
import { qemuStateStream, type QemuStateStreamOptions } from './state-stream.js';

const HAVE_QEMU = qemuAvailable();
if (!HAVE_QEMU) {
  if (process.env.CI) throw new Error('qemu-system-ppc64 is required in CI (oracle/qemu/state-stream.test.ts)');
  console.warn('\n*** qemu-system-ppc64 not found: SKIPPING the QEMU state-stream tests ***\n');
}
const d = HAVE_QEMU ? describe : describe.skip;
const R = REG_INDEX;

interface Run {
  initial: RegState;
  rows: StateRow[];
  inputs: ReturnType<ReturnType<typeof qemuStateStream>['inputs']>;
  done: Awaited<ReturnType<typeof qemuStateStream>['done']>;
}

/** Run a guest to the end, keeping rows (small guests only). */
async function run(name: string, opts: QemuStateStreamOptions = {}): Promise<Run> {
  const s = qemuStateStream(guestImage(name), { timeoutMs: 120_000, ...opts });
  const initial = await s.initial;
  const rows: StateRow[] = [];
  for await (const r of s.rows) rows.push(r);
  return { initial, rows, inputs: s.inputs(), done: await s.done };
}

/** Walk rows with the full state before and after each. */
function* walk(initial: RegState, rows: StateRow[]): Generator<{ row: StateRow; before: RegState; after: RegState; next?: StateRow }> {
  const s = initial.slice();
  for (let i = 0; i < rows.length; i++) {
    const before = s.slice();
    applyRow(s, rows[i]);
    yield { row: rows[i], before, after: s.slice(), next: rows[i + 1] };
  }
}

function expectCleanEnd(r: Run): void {
  expect(r.done.exitCode).toBe(0);
  expect(r.done.killed).toBeUndefined();
  expect(r.done.unknownLines).toBe(0);
  const last = r.rows[r.rows.length - 1];
  expect(last.partial).toBe(true);
  expect(last.word).toBe(0x44000022); // sc 1: the RTAS power-off hypercall
  expect(r.rows.filter((x) => x.partial)).toHaveLength(1);
  r.rows.forEach((x, i) => expect(x.icount).toBe(i + 1));
}

d('qemuStateStream', () => {
  it('hello.img: initial state, rows from 0x100, mr r20,r3, partial power-off row', async () => {
    const r = await run('hello');
    expect(r.initial[R.r3]).toBe(0x1fe00000n);
    expect(r.initial[R.msr]).toBe(0n);
    expect(r.initial[R.lpcr]).toBe(0x1f008n);
    expect(r.rows[0].pc).toBe(0x100n);
    const mr = r.rows.find((x) => x.word === 0x7c741b78)!; // mr r20,r3
    expect(mr.changes).toEqual([[R.r20, 0x1fe00000n]]);
    expectCleanEnd(r);
    expect(r.done.stdout.toString()).toContain('ALL PASS');
    // The pc of each row is where the previous one went (no dump lost or doubled).
    expect(r.rows.every((x) => x.word !== -1)).toBe(true);
  }, 60_000);

  it('be2le.img: the words of little-endian code are the words as executed', async () => {
    const r = await run('be2le');
    expectCleanEnd(r);
    const img = readFileSync(guestImage('be2le'));
    let le = 0;
    let be = 0;
    for (const { row, before } of walk(r.initial, r.rows)) {
      const pc = Number(row.pc);
      if (pc + 4 > img.length) continue;
      if (before[R.msr] & 1n) {
        le++;
        expect(row.word).toBe(img.readUInt32LE(pc));
      } else {
        be++;
        expect(row.word).toBe(img.readUInt32BE(pc));
      }
    }
    expect(le).toBeGreaterThan(50);
    expect(be).toBeGreaterThan(1000);
  }, 60_000);

  it('exceptions.img: interrupt rows show SRR0/SRR1 (and MSR) of the entry; decrementer inputs', async () => {
    // 3 million rows: checked as they stream, not kept.
    const s = qemuStateStream(guestImage('exceptions'), { timeoutMs: 120_000 });
    const state = (await s.initial).slice();
    const sync = new Set([0x600n, 0x700n, 0x800n, 0xf20n, 0xf40n]);
    let seenSync = 0;
    let seenDec = 0;
    const decIcounts: number[] = [];
    let prev: StateRow | undefined;
    const prevAfter = state.slice(); // the state after `prev`
    let partial = 0;
    let last: StateRow | undefined;
    for await (const row of s.rows) {
      if (prev) {
        if (sync.has(row.pc) && !sync.has(prev.pc)) {
          seenSync++;
          expect(prevAfter[R.srr0]).toBe(prev.pc); // the faulting instruction
          expect(prev.changes.some(([i]) => i === R.srr0 || i === R.srr1 || i === R.msr)).toBe(true);
        }
        if (row.pc === 0x900n && prev.pc !== 0x900n) {
          seenDec++;
          decIcounts.push(prev.icount);
          // taken with EE on (SRR1), entered with EE off
          expect(prevAfter[R.srr1] & 0x8000n).toBe(0x8000n);
          expect(prevAfter[R.msr] & 0x8000n).toBe(0n);
        }
        if (row.pc === 0xc00n) expect(prevAfter[R.srr0]).toBe(prev.pc + 4n); // sc: SRR0 = next
      }
      applyRow(state, row);
      if (row.partial) partial++;
      prev = row;
      prevAfter.set(state);
      last = row;
    }
    const done = await s.done;
    expect(done.exitCode).toBe(0);
    expect(done.unknownLines).toBe(0);
    expect(partial).toBe(1);
    expect(last!.word).toBe(0x44000022);
    expect(seenSync).toBeGreaterThanOrEqual(8);
    expect(seenDec).toBeGreaterThanOrEqual(1);
    // Every decrementer delivery is an input with the icount of the row that shows it.
    const ints = s.inputs().interrupts;
    expect(ints.every((i) => i.name === 'DECR' && i.vector === 0x900)).toBe(true);
    expect(ints.map((i) => i.icount)).toEqual(decIcounts);
  }, 120_000);

  it('spr.img: time reads (mftb / TBU) with their values', async () => {
    const r = await run('spr');
    expectCleanEnd(r);
    const t = r.inputs.time;
    const tb = t.filter((x) => x.name === 'TB');
    expect(tb.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < tb.length; i++) expect(tb[i].value > tb[i - 1].value).toBe(true);
    const tbu = t.find((x) => x.name === 'TBU')!;
    expect(tbu.value).toBe(tb[tb.length - 1].value >> 32n);
    // The value is what the row left in RT.
    const after = new Map<number, RegState>();
    for (const w of walk(r.initial, r.rows)) after.set(w.row.icount, w.after);
    for (const x of t) expect(after.get(x.icount)![R[`r${x.rt}` as 'r0']]).toBe(x.value);
  }, 60_000);

  it('echo.img with stdin: the console bytes H_GET_TERM_CHAR returned', async () => {
    const input = guestInput('echo');
    const r = await run('echo', { stdin: input });
    expectCleanEnd(r);
    const got = Buffer.concat(r.inputs.console.map((c) => c.bytes));
    expect(got.length).toBeGreaterThan(0);
    expect(Buffer.from(input).subarray(0, got.length).equals(got)).toBe(true);
    expect(got.toString('latin1')).toContain('hello, pseries\n');
  }, 60_000);

  it('inputs.img: H_RANDOM values, decrementer interrupts, console, RTC noted as not extractable', async () => {
    const input = guestInput('inputs');
    const r = await run('inputs', { stdin: input });
    expectCleanEnd(r);
    const rnd = r.inputs.random;
    expect(rnd).toHaveLength(8);
    expect(rnd.every((x) => x.ret === 0n)).toBe(true);
    expect(new Set(rnd.map((x) => x.value)).size).toBe(8);
    // r4 after the hcall row is the value
    const byIcount = new Map(r.rows.map((x) => [x.icount, x]));
    for (const x of rnd) expect(byIcount.get(x.icount)!.changes).toContainEqual([R.r4, x.value]);
    expect(r.inputs.interrupts.filter((i) => i.name === 'DECR').length).toBeGreaterThanOrEqual(3);
    expect(Buffer.concat(r.inputs.console.map((c) => c.bytes)).toString('latin1')).toBe(Buffer.from(input).toString('latin1'));
    const rtas = r.inputs.notes.filter((n) => /RTAS/.test(n.note));
    expect(rtas.length).toBeGreaterThanOrEqual(2); // get-time-of-day, power-off
  }, 60_000);

  it('stops at maxInsns and when the consumer stops early, and kills QEMU', async () => {
    const s = qemuStateStream(guestImage('bench'), { maxInsns: 1000 });
    let n = 0;
    for await (const r of s.rows) expect(r.icount).toBe(++n);
    expect(n).toBe(1000);
    const done = await s.done;
    expect(done.killed).toBe('maxInsns');

    const s2 = qemuStateStream(guestImage('bench'));
    let m = 0;
    for await (const _ of s2.rows) if (++m === 5000) break;
    const done2 = await s2.done;
    expect(done2.killed).toBe('consumer');
    expect(done2.signal).toBe('SIGKILL');
  }, 60_000);

  it('back-pressure: a consumer that waits stops the log', async () => {
    const s = qemuStateStream(guestImage('bench'), { highWater: 2000, lowWater: 500 });
    const it = s.rows[Symbol.asyncIterator]();
    await it.next();
    await sleep(1000);
    const a = s.progress();
    await sleep(1000);
    const b = s.progress();
    expect(a.paused).toBe(true);
    expect(b.logBytes - a.logBytes).toBeLessThan(1 << 20); // at most what pipe buffers hold
    expect(b.queued).toBeLessThan(2000 + 1000);
    await it.return?.();
    expect((await s.done).killed).toBe('consumer');
  }, 60_000);
});
