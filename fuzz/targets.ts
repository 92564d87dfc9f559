// The fuzz targets `pseries-rr fuzz --target` runs, each as rounds of a fast-check property
// (fuzz/campaign.ts splits a campaign's seed into round seeds).
import { harnessAvailable } from '../oracle/qemu-user/harness.js';
import type { Failure } from './campaign.js';
import { runSemantics } from './semantics/property.js';
import { runReplay } from './replay/property.js';
import type { Model } from './semantics/check.js';
import { ROUND_TRIPS_PER_RUN, runDecoderCampaign } from './decoder/campaign.js';
import { OBJDUMP, haveObjdump } from './decoder/objdump.js';
import { coverageLine, type CoverageReport } from './decoder/coverage.js';
import { FORMS } from '../engine/isa/index.js';
import { runMmuCampaign } from './mmu/properties.js';
import { engineMmuMissing } from './mmu/engine-adapter.js';

export interface TargetOptions {
  model: Model;
  maxInsns: number;
  batch: number;
}

export interface RoundResult {
  /** Test cases run in the round (cases × byte orders for semantics). */
  cases: number;
  failure: Failure | null;
  /** Counts worth reporting at the end (deviations adopted, unverified cases…). */
  notes?: Record<string, number>;
  /** Names of what the round covered (table forms for semantics and decoder). */
  covered?: Iterable<string>;
  /** A line for the end of the campaign (the decoder's table coverage against the ISA). */
  report?: string;
}

export interface FuzzTarget {
  name: string;
  summary: string;
  /** What --runs counts, and how many of them one round runs by default. */
  unit: string;
  roundRuns: number;
  /** The shape of a failure's path (what --path accepts). */
  path: RegExp;
  /** Why the target cannot run here, or null. */
  unavailable(): string | null;
  round(seed: number, runs: number, o: TargetOptions, path?: string): Promise<RoundResult>;
}

const semantics: FuzzTarget = {
  name: 'semantics',
  summary: 'random instruction sequences on qemu-user (both byte orders) against the engine in problem state',
  unit: 'cases',
  roundRuns: 2000,
  path: /^\d+(:\d+)*$/,
  unavailable: () => (harnessAvailable() ? null : 'needs qemu-ppc64, qemu-ppc64le and the powerpc64/powerpc64le cross gcc (apt-get install qemu-user gcc-powerpc64-linux-gnu gcc-powerpc64le-linux-gnu)'),
  async round(seed, runs, o, path) {
    const r = await runSemantics(seed, runs, { batch: o.batch, maxInsns: o.maxInsns, endians: ['be', 'le'], model: o.model }, path);
    return { cases: r.compared, failure: r.failure, notes: { ...r.deviations }, covered: r.formsHit };
  },
};

const replay: FuzzTarget = {
  name: 'replay',
  summary: 'record → replay of the inputs guest under random console schedules, clocks and checkpoint intervals',
  unit: 'recordings',
  roundRuns: 5,
  path: /^\d+(:\d+)*$/,
  unavailable: () => null,
  async round(seed, runs, _o, path) {
    const r = await runReplay(seed, runs, path);
    return { cases: r.cases, failure: r.failure };
  },
};

const decoder: FuzzTarget = {
  name: 'decoder',
  summary: 'encode → decode round trips of every table form, and random words disassembled against objdump -M power8',
  unit: `objdump batches (and ${ROUND_TRIPS_PER_RUN} round trips each)`,
  roundRuns: 25,
  path: /^(objdump|roundtrip)\/\d+(:\d+)*$/,
  unavailable: () => (haveObjdump() ? null : `needs ${OBJDUMP} (apt-get install binutils-powerpc64-linux-gnu)`),
  async round(seed, runs, _o, path) {
    const r = runDecoderCampaign({ seed, runs, path });
    const [failure = null] = r.failures;
    return { cases: r.words + r.runs * ROUND_TRIPS_PER_RUN, failure, covered: coveredForms(r.coverage), report: coverageLine(r.coverage) };
  },
};

function coveredForms(r: CoverageReport): string[] {
  const never = new Set(r.never);
  return FORMS.map((f) => f.name).filter((n) => !never.has(n));
}

const mmu: FuzzTarget = {
  name: 'mmu',
  summary: 'random SLB and hashed page table contents, addresses and access sequences against the reference model (oracle/mmu-model)',
  unit: 'translations (a quarter of them sequences of 2–5 accesses)',
  roundRuns: 2000,
  path: /^(single|sequence)\/\d+(:\d+)*$/,
  unavailable: () => engineMmuMissing(),
  async round(seed, runs, _o, path) {
    const r = runMmuCampaign({ seed, runs, path });
    return { cases: r.runs, failure: r.failures[0] ?? null };
  },
};

export const TARGETS: readonly FuzzTarget[] = [decoder, semantics, mmu, replay];

export function target(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
