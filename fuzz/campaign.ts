// What every fuzz target reports, and how a campaign's seed is split into the seeds of its
// rounds so that `--shard i/n` runs disjoint parts of the same campaign.

/** A property that failed, shrunk: fast-check's seed and path reproduce it exactly. */
export interface Failure {
  seed: number;
  path: string;
  summary: string;
  /** A file for corpus/regressions/ that `npm test` then runs forever. */
  regression: { file: string; text: string };
}

export interface Shard { index: number; count: number }

/** Parse `i/n` (1-based i, as CI matrices count). */
export function parseShard(s: string): Shard {
  const m = s.match(/^(\d+)\/(\d+)$/);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`--shard wants i/n with 1 ≤ i ≤ n (got '${s}')`);
  return { index: index - 1, count };
}

/** The seed of round `k` of shard `s` of the campaign seeded `seed`: shard i takes rounds
 *  i, i+n, i+2n… of one sequence, so n shards together run what one long campaign would. */
export function roundSeed(seed: number, s: Shard, k: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  const x = k * s.count + s.index;
  h = Math.imul(h ^ x, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}
