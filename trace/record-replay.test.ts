// Record → replay is exact: same console output, same interrupt points, same hashes at every
// checkpoint and at the end — and a replay that is fed something else says where it parted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ScriptedInputs, type MachineConfig } from '../engine/index.js';
import { guestImage } from '../corpus/bare/guests.js';
import { record, type RecordResult } from './recorder.js';
import { replay, type ReplayResult } from './replayer.js';
import { TraceReader } from './reader.js';
import { TraceWriter } from './writer.js';
import { configFromHeader, ImageMismatch } from './machine-config.js';
import type { TraceRecord } from './records.js';
import { casKernel, LINUX_OV5 } from '../engine/platform/vof/test-kernel.js';

const dir = mkdtempSync(join(tmpdir(), 'pseries-rr-trace-'));
let seq = 0;
const tmp = (name: string) => join(dir, `${seq++}-${name}`);

const enc = (s: string) => new TextEncoder().encode(s);
const configOf = (guest: string): MachineConfig => ({ bios: new Uint8Array(readFileSync(guestImage(guest))), ramBytes: 512 << 20 });

interface Recorded { file: string; out: string; result: RecordResult }

async function rec(guest: string, script: ConstructorParameters<typeof ScriptedInputs>[0], opts: { checkpointInterval?: number; snapshotInterval?: number; frameRecords?: number; maxInsns?: number } = {}): Promise<Recorded> {
  const file = tmp(`${guest}.trace`);
  let out = '';
  const result = await record({
    config: configOf(guest), paths: { bios: guestImage(guest) }, out: file, inputs: new ScriptedInputs(script),
    console: (b) => { out += Buffer.from(b).toString('latin1'); },
    checkpointInterval: opts.checkpointInterval ?? 5_000, snapshotInterval: opts.snapshotInterval ?? 0, frameRecords: opts.frameRecords, maxInsns: opts.maxInsns,
  });
  return { file, out, result };
}

async function rep(file: string, from?: number): Promise<{ r: ReplayResult; out: string }> {
  const reader = await TraceReader.open(file);
  let out = '';
  const r = await replay({ reader, config: configFromHeader(reader.header), from, console: (b) => { out += Buffer.from(b).toString('latin1'); } });
  return { r, out };
}

/** Rewrite a trace with `edit` applied to its records (same header). */
async function rewrite(file: string, edit: (rs: TraceRecord[]) => TraceRecord[]): Promise<string> {
  const reader = await TraceReader.open(file);
  const out = tmp('edited.trace');
  const w = await TraceWriter.create(out, reader.header);
  for (const r of edit([...reader.records()])) w.append(r);
  await w.close();
  return out;
}

const script = { seed: 7n, clockStartMillis: 1_750_000_000_000, clockStepMillis: 1234, console: [{ at: 50_000, bytes: enc('ab') }, { at: 60_000, bytes: enc('c\n') }] };

describe('record and replay', () => {
  test('the inputs guest (H_RANDOM, RTC, decrementer, console) replays exactly', async () => {
    const a = await rec('inputs', script);
    expect(a.result.stop).toBe('power-off');
    expect(a.out).toContain('inputs: read abc\n');
    const { r, out } = await rep(a.file);
    expect(r.status).toBe('matched');
    expect(out).toBe(a.out);
    expect(r.icount).toBe(a.result.icount);
    expect(r.checkpoints).toBe(a.result.checkpoints); // every checkpoint record verified (the end record is checked too)
    const reader = await TraceReader.open(a.file);
    const kinds = [...reader.records()].map((x) => x.kind);
    expect(kinds.filter((k) => k === 'random')).toHaveLength(8);
    expect(kinds.filter((k) => k === 'rtc')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'interrupt').length).toBeGreaterThanOrEqual(3);
    expect(r.interrupts).toBe(kinds.filter((k) => k === 'interrupt').length);
    expect(r.inputs).toBe(kinds.filter((k) => k === 'random' || k === 'rtc' || k === 'console' || k === 'rngseed').length);
  });

  test('a kernel whose CAS rebuilds the device tree: both rng-seeds are recorded, the second at its icount, and it replays', async () => {
    const kernel = casKernel(LINUX_OV5);
    const kfile = tmp('cas.elf');
    writeFileSync(kfile, kernel);
    const file = tmp('cas.trace');
    const result = await record({
      config: { kernel }, paths: { kernel: kfile }, out: file, inputs: new ScriptedInputs(script), console: () => {},
      checkpointInterval: 50, snapshotInterval: 0,
    });
    expect(result.stop).toBe('checkstop'); // the client's "exit"
    const seeds = [...(await TraceReader.open(file)).records()].filter((x) => x.kind === 'rngseed');
    expect(seeds.map((x) => x.icount > 0)).toEqual([false, true]);
    const { r } = await rep(file);
    expect(r.status).toBe('matched');
    expect(r.icount).toBe(result.icount);
  });

  test('the recorded values matter: the same guest with other inputs ends in another state', async () => {
    const a = await rec('inputs', script);
    const b = await rec('inputs', { ...script, seed: 8n });
    expect(b.result.hash).not.toBe(a.result.hash);
  });

  test('checkpoint interval and frame size change the trace, not the machine', async () => {
    const a = await rec('inputs', script, { checkpointInterval: 5_000, frameRecords: 4096 });
    const b = await rec('inputs', script, { checkpointInterval: 3_000, frameRecords: 3 });
    expect(b.result.hash).toBe(a.result.hash);
    const ck = async (f: string) => new Map([...(await TraceReader.open(f)).records()].filter((x) => x.kind === 'checkpoint').map((x) => [x.icount, (x as { hash: string }).hash]));
    const ca = await ck(a.file), cb = await ck(b.file);
    const common = [...ca.keys()].filter((k) => cb.has(k));
    expect(common.length).toBeGreaterThan(3); // multiples of 15,000 and 0
    for (const k of common) expect(cb.get(k)).toBe(ca.get(k));
    expect((await rep(b.file)).r.status).toBe('matched');
  });

  test('a different H_RANDOM value is caught at the next checkpoint', async () => {
    const a = await rec('inputs', script);
    let at = -1;
    const edited = await rewrite(a.file, (rs) => rs.map((x) => {
      if (x.kind === 'random' && at < 0) { at = x.icount; return { ...x, value: x.value ^ 1n }; }
      return x;
    }));
    const { r } = await rep(edited);
    expect(r.status).toBe('diverged');
    const firstCheckpointAfter = Math.ceil((at + 1) / 5_000) * 5_000;
    expect(r.divergence!.icount).toBe(firstCheckpointAfter);
    expect(r.divergence!.expected).toMatch(/state hash/);
  });

  test('an interrupt the trace does not show is caught where it is taken', async () => {
    const a = await rec('inputs', script);
    let dropped: TraceRecord | undefined;
    const edited = await rewrite(a.file, (rs) => rs.filter((x) => {
      if (x.kind === 'interrupt' && !dropped) { dropped = x; return false; }
      return true;
    }));
    const { r } = await rep(edited);
    expect(r.status).toBe('diverged');
    expect(r.divergence!.icount).toBe(dropped!.icount);
    expect(r.divergence!.actual).toMatch(/interrupt 0x900 was taken/);
  });

  test('console input the guest never reads is caught', async () => {
    const a = await rec('inputs', script);
    const edited = await rewrite(a.file, (rs) => {
      const i = rs.findIndex((x) => x.kind === 'console');
      const extra: TraceRecord = { kind: 'console', icount: (rs[i] as { icount: number }).icount - 1, bytes: enc('z') };
      return [...rs.slice(0, i), extra, ...rs.slice(i)];
    });
    const { r } = await rep(edited);
    expect(r.status).toBe('diverged');
    expect(r.divergence!.expected).toMatch(/console input "z"/);
  });

  test('a device tree that differs from the recorded one is reported before anything runs', async () => {
    const a = await rec('inputs', script);
    const reader = await TraceReader.open(a.file);
    // Same images, other machine options: -append changes /chosen/bootargs.
    const r = await replay({ reader, config: { ...configFromHeader(reader.header), append: 'quiet' }, console: () => {} });
    expect(r.status).toBe('diverged');
    expect(r.divergence!.icount).toBe(0);
    expect(r.divergence!.expected).toMatch(/recorded device tree/);
  });

  test('replay refuses a boot image that is not the recorded one', async () => {
    const a = await rec('inputs', script);
    const reader = await TraceReader.open(a.file);
    expect(() => configFromHeader(reader.header, { bios: guestImage('hello') })).toThrow(ImageMismatch);
    expect(() => configFromHeader(reader.header, { bios: guestImage('hello') })).toThrow(/not the one recorded/);
  });

  test('replay --from a snapshot matches the rest of the run', async () => {
    const a = await rec('bench', {}, { checkpointInterval: 1_000_000, snapshotInterval: 2_000_000, maxInsns: 10_000_000 });
    expect(a.result.stop).toBe('limit');
    const whole = await rep(a.file);
    expect(whole.r.status).toBe('matched');
    expect(whole.r.endReason).toBe('limit');
    const { r } = await rep(a.file, 7_500_000);
    expect(r.status).toBe('matched');
    expect(r.startIcount).toBe(6_000_000);
    expect(r.icount).toBe(a.result.icount);
  }, 60_000);
});
