import { describe, expect, it } from 'vitest';
import { countAbove, percentile, summarize } from '../../src/core/stats.js';

describe('stats', () => {
  // Expected values from numpy: np.percentile(x, q) (method="linear"), np.std(x) (ddof=0).
  const x = [12.5, 3, 7, 7, 100, 41.25, 9, 0.5];
  it.each([
    [0, 0.5],
    [50, 8],
    [90, 58.875],
    [99, 95.8875],
    [100, 100],
  ])('percentile %d matches numpy', (q, want) => {
    expect(percentile(x, q)).toBeCloseTo(want, 10);
  });

  it('summarize: count, mean, population stddev, percentiles in order', () => {
    const s = summarize(x);
    expect(s).not.toBeNull();
    expect(s?.count).toBe(8);
    expect(s?.mean).toBeCloseTo(22.53125, 10);
    expect(s?.stddev).toBeCloseTo(31.59272995385964, 9);
    expect(s!.p50 <= s!.p90 && s!.p90 <= s!.p99 && s!.p99 <= s!.max).toBe(true);
  });

  it('a single value and no values', () => {
    expect(summarize([4])).toMatchObject({ p50: 4, p99: 4, stddev: 0 });
    expect(summarize([])).toBeNull();
    expect(percentile([], 50)).toBeNaN();
  });

  it('counts values strictly above a limit', () => {
    expect(countAbove(x, 9)).toBe(3);
  });
});
