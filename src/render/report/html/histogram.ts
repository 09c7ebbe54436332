/**
 * Latency histogram bins, one binning per step so that each distribution shows its shape (the
 * bar chart of p50 and p99 above it compares the steps).
 *
 * Range: from the step's fastest inference to its p99 × 1.2, but no further than its slowest one,
 * and wide enough to show the frame budget when there is one. Width: the nice value (1, 2, 2.5 or
 * 5 × 10^k ms) that covers the range in at most MAX_BINS bins (plus one, so that the top sample is
 * inside). Slower samples go to one overflow bin, drawn apart and labelled with its lower edge, so
 * that a few slow outliers (a first prediction, a model reload) do not squeeze the distribution
 * into a couple of bars.
 */
import { percentile } from '../../../core/stats.js';
import { niceStep } from './svg.js';

export const MAX_BINS = 40;

export interface Binning {
  /** Lower edge of the first bin (a multiple of width). */
  start: number;
  width: number;
  bins: number;
  /** Samples >= this go to the overflow bin. */
  end: number;
}

export function binning(samples: readonly number[], budgetMs: number | null): Binning | null {
  let lo = Infinity;
  let max = -Infinity;
  let tail = -Infinity;
  if (samples.length === 0) return null;
  for (const v of samples) {
    if (v < lo) lo = v;
    if (v > max) max = v;
  }
  tail = percentile(samples, 99) * 1.2;
  if (!Number.isFinite(lo)) return null;
  let hi = Math.min(max, tail);
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
