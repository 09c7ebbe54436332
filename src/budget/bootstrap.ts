/**
 * Is a latency change real or noise? A percentile bootstrap of the difference of a statistic
 * (p50, p90, p99 or mean) between two sets of samples, with a fixed seed so that the same inputs
 * always give the same verdict.
 *
 * Method (docs/gate.md, "Regressions"): draw B = 2000 resamples of each side with replacement, each
 * the size of its side; compute the statistic of each resample with the tool's one percentile
 * definition (src/core/stats.ts: numpy "linear"); the 2.5th and 97.5th percentiles of the B
 * differences (current − baseline) are the 95 % confidence interval.
 *
 * Resampling a sorted array with replacement only changes how many times each value is drawn, so a
 * resample is a vector of counts and its order statistics are found by walking the cumulative counts:
 * O(n) per resample, no sort.
 */
import { percentileSorted, sortedCopy } from '../core/stats.js';
import type { RegressionLatencyStat } from './model.js';

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_CONFIDENCE = 0.95;
export const BOOTSTRAP_SEED = 0x5eed_c0de;
/**
 * Fewest samples per side for the bootstrap to say anything about a statistic. A p99 from fewer than
 * 100 samples is an interpolation between the largest few values, and a bootstrap cannot reach past
 * the sample's maximum: its interval would look narrower than the truth. Below these counts, a
 * change over the limit is inconclusive.
 */
export const MIN_SAMPLES_FOR_TEST: Readonly<Record<RegressionLatencyStat, number>> = { p50: 5, mean: 5, p90: 10, p99: 100 };

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; deterministic for a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Value at 0-based rank r of a resample given by counts over sorted values. */
function rankValue(sorted: Float64Array, counts: Uint32Array, rank: number): number {
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    cum += counts[i] as number;
    if (cum > rank) return sorted[i] as number;
  }
  return sorted[sorted.length - 1] as number;
}

/** One statistic of a resample (counts over sorted values), with the linear percentile definition. */
function resampleStat(sorted: Float64Array, counts: Uint32Array, stat: RegressionLatencyStat): number {
  const n = sorted.length;
  if (stat === 'mean') {
    let s = 0;
    for (let i = 0; i < n; i++) s += (counts[i] as number) * (sorted[i] as number);
    return s / n;
  }
  const p = stat === 'p50' ? 50 : stat === 'p90' ? 90 : 99;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const a = rankValue(sorted, counts, lo);
  const b = lo + 1 < n ? rankValue(sorted, counts, lo + 1) : a;
  return a + (h - lo) * (b - a);
}

export function statOf(values: ArrayLike<number>, stat: RegressionLatencyStat): number {
  const sorted = sortedCopy(values);
  if (stat === 'mean') {
    let s = 0;
    for (let i = 0; i < sorted.length; i++) s += sorted[i] as number;
    return s / sorted.length;
  }
  return percentileSorted(sorted, stat === 'p50' ? 50 : stat === 'p90' ? 90 : 99);
}

export interface DifferenceCI {
  stat: RegressionLatencyStat;
  /** stat(current) − stat(baseline) on the full samples. */
  estimate: number;
  lo: number;
  hi: number;
}

/**
 * 95 % bootstrap confidence intervals of stat(current) − stat(baseline) for each statistic. The
 * resamples are shared across statistics (one set of draws per side per round).
 */
export function bootstrapDifferences(
  baseline: ArrayLike<number>,
  current: ArrayLike<number>,
  stats: readonly RegressionLatencyStat[],
  opts: { resamples?: number; seed?: number; confidence?: number } = {},
): DifferenceCI[] {
  const B = opts.resamples ?? BOOTSTRAP_RESAMPLES;
  const rand = mulberry32(opts.seed ?? BOOTSTRAP_SEED);
  const conf = opts.confidence ?? BOOTSTRAP_CONFIDENCE;
  const sb = sortedCopy(baseline);
  const sc = sortedCopy(current);
  const cb = new Uint32Array(sb.length);
  const cc = new Uint32Array(sc.length);
  const diffs = stats.map(() => new Float64Array(B));
  const draw = (counts: Uint32Array) => {
    counts.fill(0);
    const n = counts.length;
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rand() * n);
      counts[j] = (counts[j] as number) + 1;
    }
  };
  for (let b = 0; b < B; b++) {
    draw(cb);
    draw(cc);
    stats.forEach((stat, k) => {
      (diffs[k] as Float64Array)[b] = resampleStat(sc, cc, stat) - resampleStat(sb, cb, stat);
    });
  }
  const tail = ((1 - conf) / 2) * 100;
  return stats.map((stat, k) => {
    const d = (diffs[k] as Float64Array).sort();
    return { stat, estimate: statOf(sc, stat) - statOf(sb, stat), lo: percentileSorted(d, tail), hi: percentileSorted(d, 100 - tail) };
  });
}
