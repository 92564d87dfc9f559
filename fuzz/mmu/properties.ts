// The MMU property (the engine translates every generated state as the reference model
// does) and the campaign the CLI runs (`pseries-rr fuzz --target mmu`).

import fc from 'fast-check';
import type { Failure } from '../campaign.js';
import { expectation, type MmuCase } from './case.js';
import { mmuCaseArb } from './arbitraries.js';
import { checkCase } from './check.js';
import { engineMmuMissing } from './engine-adapter.js';
import { mmuRegressionText, mmuSequenceRegressionText } from './regression.js';
import { checkSequence, sequenceArb, type MmuSequence } from './sequence.js';


/** Thrown by the properties: the case or sequence and what differed. */
export class MmuMismatch extends Error {
  constructor(readonly input: { case: MmuCase } | { sequence: MmuSequence }, readonly mismatches: string[]) {
    super(mismatches.join('\n'));
  }
}

/** One access on a fresh Cpu: the engine does what the model says. */
export function mmuProperty(arb: fc.Arbitrary<MmuCase> = mmuCaseArb): fc.IPropertyWithHooks<[MmuCase]> {
  return fc.property(arb, (c) => {
    const m = checkCase(c);
    if (m.length) throw new MmuMismatch({ case: c }, m);
  });
}

/** 2-5 accesses on one Cpu (TLBs kept), with PR, AMR and the SLB changing between them. */
export function mmuSequenceProperty(): fc.IPropertyWithHooks<[MmuSequence]> {
  return fc.property(sequenceArb, (q) => {
    const m = checkSequence(q);
    if (m.length) throw new MmuMismatch({ sequence: q }, m);
  });
}

/** How often each model outcome came up (to see that the arbitraries reach them all). */
export function outcomeTally(seed: number, n: number): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const c of fc.sample(mmuCaseArb, { seed, numRuns: n })) {
    const t = expectation(c);
    const k = `${c.access} ${t.kind}${t.kind === 'storage' ? ` ${(t.vector === 0x300 ? t.dsisr! : t.srr1Bits!).toString(16)}` : ''}`;
    tally[k] = (tally[k] ?? 0) + 1;
  }
  return tally;
}

export interface MmuCampaignOptions {
  seed: number;
  runs: number;
  /** Replay one failure: the path it reported ('single/…' or 'sequence/…'). */
  path?: string;
}

export type MmuCampaignFailure = Failure;

export interface MmuCampaignResult {
  target: 'mmu';
  runs: number;
  failures: MmuCampaignFailure[];
  /** Why nothing ran (the engine has no MMU yet). */
  skipped?: string[];
}

/** The seed a part's later round runs with, after a failure (round 0 keeps the seed). */
const retrySeed = (seed: number, round: number): number => (seed + Math.imul(1000 + round, 0x9e3779b9)) | 0;

/** A failure's kind, for keeping one failure per kind: its first mismatch without numbers. */
const kindOf = (m: string): string => m.replace(/0x[0-9a-f]+|\d+/gi, '#');

const MAX_ROUNDS = 8;

/** The share of a campaign's runs that are sequences (each makes 2-5 accesses). */
export const SEQUENCE_SHARE = 0.25;

type Kind = 'single' | 'sequence';

interface Failed { seed: number; counterexamplePath: string | null; errorInstance: unknown; counterexample: readonly unknown[] | null; numShrinks: number }

function failureOf(d: Failed, kind: Kind): { failure: MmuCampaignFailure; first: string } {
  const err = d.errorInstance;
  const lines = err instanceof MmuMismatch ? err.mismatches : [err instanceof Error ? err.message : String(err)];
  const input = err instanceof MmuMismatch ? err.input : kind === 'single' ? { case: d.counterexample![0] as MmuCase } : { sequence: d.counterexample![0] as MmuSequence };
  const path = `${kind}/${d.counterexamplePath ?? ''}`;
  const meta = { seed: d.seed, path, notes: [`The engine disagreed with the reference model (${kind === 'single' ? 'mmu' : 'mmu sequence'} property):`, ...lines.map((l) => `  ${l}`)] };
  let text: string, name: string;
  if ('case' in input) {
    const c = input.case;
    text = mmuRegressionText(c, meta);
    name = `${c.access}-${c.pr ? 'pr' : 'sup'}-${(c.ea & 0xffffffffn).toString(16)}`;
  } else {
    const q = input.sequence;
    text = mmuSequenceRegressionText(q, meta);
    name = `sequence-${q.steps.map((s) => s.access[0]).join('')}-${(q.steps[q.steps.length - 1].ea & 0xffffffffn).toString(16)}`;
  }
  const summary = `mmu${kind === 'sequence' ? ' sequence' : ''}: ${lines[0]} (fast-check seed ${d.seed}, path ${path}; shrunk ${d.numShrinks} times)`;
  return { failure: { seed: d.seed, path, summary, regression: { file: `mmu-${name}.txt`, text } }, first: lines[0] };
}

export function runMmuCampaign(opts: MmuCampaignOptions): MmuCampaignResult {
  const missing = engineMmuMissing();
  if (missing) return { target: 'mmu', runs: 0, failures: [], skipped: [`mmu properties: ${missing}`] };
  const base = opts.seed | 0, runs = opts.runs;
  if (opts.path !== undefined) {
    const [kind, p] = opts.path.split('/') as [Kind, string];
    const d = kind === 'single' ? fc.check(mmuProperty(), { seed: base, path: p }) : fc.check(mmuSequenceProperty(), { seed: base, path: p });
    return { target: 'mmu', runs: d.numRuns, failures: d.failed ? [failureOf(d, kind).failure] : [] };
  }
  const failures: MmuCampaignFailure[] = [];
  const kinds = new Set<string>();
  let done = 0;
  const sequenceRuns = Math.floor(runs * SEQUENCE_SHARE);
  const parts: Array<[Kind, number]> = [['single', runs - sequenceRuns], ['sequence', sequenceRuns]];
  for (const [kind, partRuns] of parts) {
    let partDone = 0;
    // After a failure the part goes on from a new seed, keeping one failure per kind.
    for (let round = 0; round < MAX_ROUNDS && partDone < partRuns; round++) {
      const seed = round === 0 ? base : retrySeed(base, round);
      const limits = { seed, numRuns: partRuns - partDone };
      const d = kind === 'single' ? fc.check(mmuProperty(), limits) : fc.check(mmuSequenceProperty(), limits);
      partDone += d.numRuns;
      if (!d.failed) break;
      const { failure, first } = failureOf(d, kind);
      const k = `${kind} ${kindOf(first)}`;
      if (kinds.has(k)) continue;
      kinds.add(k);
      failures.push(failure);
    }
    done += partDone;
  }
  return { target: 'mmu', runs: done, failures };
}
