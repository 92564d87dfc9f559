// The bare-metal corpus: list the built guest images and run one on the engine the way the
// tests and the benchmark do (fixed inputs, console captured).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FIXED_CLOCK_MILLIS, FixedInputs, Machine, type MachineConfig, type RunResult } from '../../engine/index.js';

export const BARE_DIR = fileURLToPath(new URL('.', import.meta.url)).replace(/\/dist\/corpus\/bare\/$/, '/corpus/bare/');

/** Guest names (corpus/bare/<name>.img), sorted. */
export function listGuests(): string[] {
  return readdirSync(BARE_DIR).filter((n) => n.endsWith('.img')).map((n) => n.slice(0, -4)).sort();
}

export function guestImage(name: string): string {
  return `${BARE_DIR}${name}.img`;
}

/** Console input a guest reads (corpus/bare/input/<name>.txt), empty if it reads none. */
export function guestInput(name: string): Uint8Array {
  const f = `${BARE_DIR}input/${name}.txt`;
  return existsSync(f) ? new Uint8Array(readFileSync(f)) : new Uint8Array();
}

export interface GuestRun extends RunResult {
  output: Buffer;
  seconds: number;
  machine: Machine;
}

/** Run a corpus guest on the engine with deterministic inputs until it halts or
 *  `maxInsns` instructions have run. */
export function runGuest(name: string, opts: { maxInsns?: number; inputs?: FixedInputs; config?: Partial<MachineConfig> } = {}): GuestRun {
  const { maxInsns = 2_000_000_000, inputs = new FixedInputs(1n, FIXED_CLOCK_MILLIS, guestInput(name)), config = {} } = opts;
  const chunks: Uint8Array[] = [];
  const m = new Machine({ ...config, bios: new Uint8Array(readFileSync(guestImage(name))) }, inputs, (b) => chunks.push(Uint8Array.from(b)));
  const t0 = process.hrtime.bigint();
  const r = m.run(maxInsns);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ...r, output: Buffer.concat(chunks), seconds, machine: m };
}
