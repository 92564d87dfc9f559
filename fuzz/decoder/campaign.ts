// A decoder fuzzing round for the CLI (`pseries-rr fuzz --target decoder`, which derives the
// rounds' seeds for --shard): the round-trip and objdump properties under one seed, with each
// failure's fast-check seed and path and a regression file to keep.
import fc from 'fast-check';
import { FORMS } from '../../engine/isa/table.js';
import { disasm } from '../../engine/isa/disasm.js';
import type { FormWord } from './arbitraries.js';
import { compareWord, hex8 } from './compare.js';
import { FormCoverage, type CoverageReport } from './coverage.js';
import { haveObjdump, objdumpWords } from './objdump.js';
import { ObjdumpStats, objdumpProperty, roundTripProperty } from './properties.js';
import { decoderRegressionText } from './regression.js';

export interface CampaignOptions {
  seed: number;
  /** objdump batches (of ~BATCH_WORDS words); the round trip runs ROUND_TRIPS_PER_RUN × this. */
  runs: number;
  /** Replay one failure: the path a failure reported ('objdump/…' or 'roundtrip/…'). */
  path?: string;
}

export interface CampaignFailure {
  seed: number;
  path: string;
  summary: string;
  regression: { file: string /* suggested name */; text: string };
}

export interface CampaignResult {
  target: 'decoder';
  runs: number;
  /** Words compared with objdump. */
  words: number;
  failures: CampaignFailure[];
  coverage: CoverageReport;
  /** Parts not run, and why (objdump missing). */
  skipped?: string[];
}

export const ROUND_TRIPS_PER_RUN = 1000;

/** The parts of fast-check's RunDetails a failure report uses. */
export interface FailureDetails<T> {
  seed: number;
  counterexamplePath: string | null;
  counterexample: T | null;
  numShrinks: number;
  errorInstance: unknown;
}
type Details = FailureDetails<unknown>;
const where = (d: Details) => `fast-check seed ${d.seed}, path ${d.counterexamplePath}`;
const errorText = (d: Details) => (d.errorInstance instanceof Error ? d.errorInstance.message : String(d.errorInstance));

/** The failure of the objdump property: its (shrunk) words that disagree, with objdump's text. */
export function objdumpFailure(d: FailureDetails<[number[]]>): CampaignFailure {
  const words = d.counterexample![0];
  const texts = objdumpWords(words);
  let bad = words.filter((w, k) => compareWord(w, BigInt(4 * k), texts[k]).verdict === 'mismatch');
  if (bad.length === 0) bad = words; // the failure was not a text mismatch; keep the batch
  const expect = objdumpWords(bad);
  return {
    seed: d.seed, path: `objdump/${d.counterexamplePath ?? ''}`,
    summary: `decoder objdump agreement failed (${where(d)}; shrunk ${d.numShrinks} times): ${errorText(d)}`,
    regression: {
      file: `decoder-objdump-${hex8(bad[0]).slice(2)}.s`,
      text: decoderRegressionText(d.seed, `objdump/${d.counterexamplePath ?? ''}`, bad.map((word, k) => ({ word, expect: expect[k] }))),
    },
  };
}

/** The failure of the round-trip property: its word, with objdump's text when installed. */
export function roundTripFailure(d: FailureDetails<[FormWord]>): CampaignFailure {
  const x = d.counterexample![0];
  const withObjdump = haveObjdump();
  const expect = withObjdump ? objdumpWords([x.word])[0] : disasm(x.word, 0n);
  const notes = [`round trip of ${FORMS[x.form].name} ${JSON.stringify(x.ops)} ${JSON.stringify(x.variant)}: ${errorText(d)}`];
  if (!withObjdump) notes.push('objdump was not installed: the expectation is disasm()\'s text, check it against objdump');
  return {
    seed: d.seed, path: `roundtrip/${d.counterexamplePath ?? ''}`,
    summary: `decoder round trip failed (${where(d)}; shrunk ${d.numShrinks} times): ${errorText(d)}`,
    regression: {
      file: `decoder-roundtrip-${FORMS[x.form].name.replace(/\./g, '_')}-${hex8(x.word).slice(2)}.s`,
      text: decoderRegressionText(d.seed, `roundtrip/${d.counterexamplePath ?? ''}`, [{ word: x.word, expect }], notes),
    },
  };
}

export function runDecoderCampaign(opts: CampaignOptions): CampaignResult {
  const seed = opts.seed | 0, runs = opts.runs;
  const coverage = new FormCoverage();
  const failures: CampaignFailure[] = [];
  const skipped: string[] = [];

  const [which, path] = opts.path?.split('/') ?? [];
  if (opts.path !== undefined && !(which === 'objdump' || which === 'roundtrip') || path === '')
    throw new Error(`a decoder path is objdump/… or roundtrip/… as a failure report prints it (got '${opts.path}')`);
  const only = (p: string) => (which === undefined || which === p);
  const at = path !== undefined ? { path } : {};
  const rt = only('roundtrip') ? fc.check(roundTripProperty(undefined, coverage), { seed, numRuns: runs * ROUND_TRIPS_PER_RUN, ...at }) : null;
  if (rt?.failed) failures.push(roundTripFailure(rt));

  let words = 0, done = 0;
  if (!haveObjdump()) skipped.push('objdump agreement: powerpc64-linux-gnu-objdump not installed (apt install binutils-powerpc64-linux-gnu)');
  else if (runs > 0 && only('objdump')) {
    const stats = new ObjdumpStats();
    const od = fc.check(objdumpProperty(stats), {
      seed, numRuns: runs, ...at,
    });
    if (od.failed) failures.push(objdumpFailure(od));
    words = stats.words;
    done = od.numRuns;
    coverage.merge(stats.coverage);
  }
  return { target: 'decoder', runs: done, words, failures, coverage: coverage.report(), ...(skipped.length ? { skipped } : {}) };
}
