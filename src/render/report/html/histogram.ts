/**
 * Latency histogram bins, one binning for all steps, so that their distributions share one x axis
 * and compare by eye (the bar chart of p50 and p99 above them gives the figures).
 *
 * Range: from the fastest inference of any step to the largest of each step's p99 × TAIL (but no
 * further than that step's slowest inference), and wide enough to show the frame budget when there
 * is one. Width: the nice value (1, 2, 2.5 or 5 × 10^k ms) that covers the range in at most
 * MAX_BINS bins (plus one, so that the top sample is inside). Slower samples go to one overflow
 * bin, drawn apart and labelled with its lower edge, so that a few slow outliers (a first
 * prediction, a model reload) do not squeeze the distributions into a couple of bars.
 */
import { percentile } from '../../../core/stats.js';
import { niceStep } from './svg.js';

export const MAX_BINS = 120;
/** The range ends this far past the slowest step's p99 (outliers past it go to the overflow bin). */
export const TAIL = 1.1;

export interface Binning {
  /** Lower edge of the first bin (a multiple of width). */
  start: number;
  width: number;
  bins: number;
  /** Samples >= this go to the overflow bin. */
  end: number;
}

/** One binning for every set of samples (each a step's latencies); null when all are empty. */
export function sharedBinning(sets: readonly (readonly number[])[], budgetMs: number | null): Binning | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const samples of sets) {
    if (samples.length === 0) continue;
    let min = Infinity;
    let max = -Infinity;
    for (const v of samples) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    lo = Math.min(lo, min);
    hi = Math.max(hi, Math.min(max, percentile(samples, 99) * TAIL));
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (budgetMs !== null) {
    hi = Math.max(hi, budgetMs * 1.05);
    lo = Math.min(lo, budgetMs * 0.95);
  }
  if (hi <= lo) hi = lo + 1;
  const width = niceStep((hi - lo) / MAX_BINS);
  const start = Math.floor(lo / width) * width;
  // One bin more than the range needs, so that a sample equal to the range's top is not overflow.
  const bins = Math.floor((hi - start) / width) + 1;
  return { start, width, bins, end: start + bins * width };
}

/** The binning of one step's samples alone. */
export function binning(samples: readonly number[], budgetMs: number | null): Binning | null {
  return sharedBinning([samples], budgetMs);
}

/** Counts per bin, and the overflow count (samples >= end). */
export function binCounts(samples: readonly number[], b: Binning): { counts: number[]; overflow: number } {
  const counts = new Array<number>(b.bins).fill(0);
  let overflow = 0;
  for (const v of samples) {
    if (v >= b.end) {
      overflow++;
      continue;
    }
    const i = Math.min(b.bins - 1, Math.max(0, Math.floor((v - b.start) / b.width)));
    counts[i] = (counts[i] as number) + 1;
  }
  return { counts, overflow };
}
