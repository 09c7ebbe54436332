/**
 * Statistics shared by `trace`, `report` and `gate`: one definition of a percentile for the whole tool.
 *
 * Percentiles interpolate linearly between the closest ranks, as numpy.percentile does by default
 * (method "linear", type 7 of Hyndman & Fan): for n sorted values and 0 <= p <= 100, the rank is
 * h = (n - 1) * p / 100 and the result is v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]).
 * The standard deviation is the population one (numpy.std's default, ddof = 0).
 */

export interface Summary {
  count: number;
  mean: number;
  stddev: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentile of values that are already sorted ascending. NaN for an empty array. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Sorts a copy ascending (numerically) into a Float64Array. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}

export function percentile(values: ArrayLike<number>, p: number): number {
  return percentileSorted(sortedCopy(values), p);
}

/** count, mean, population stddev, min, p50, p90, p99, max. Null for no values. */
export function summarize(values: ArrayLike<number>): Summary | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = sortedCopy(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = (sorted[i] as number) - mean;
    sq += d * d;
  }
  return {
    count: n,
    mean,
    stddev: Math.sqrt(sq / n),
    min: sorted[0] as number,
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p99: percentileSorted(sorted, 99),
    max: sorted[n - 1] as number,
  };
}

/** How many values are strictly greater than the limit. */
export function countAbove(values: ArrayLike<number>, limit: number): number {
  let c = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > limit) c++;
  return c;
}
