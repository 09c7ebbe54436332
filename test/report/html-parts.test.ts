import { describe, expect, it } from 'vitest';
import { binCounts, binning, MAX_BINS } from '../../src/render/report/html/histogram.js';
import { flameGraph, MIN_SHARE } from '../../src/render/report/html/flame.js';
import { fit, niceStep, ticks } from '../../src/render/report/html/svg.js';
import { node } from './fake-trace.js';

describe('chart helpers', () => {
  it('rounds axis steps to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0.07, 0.3, 1.2, 2.2, 4, 7, 23, 260].map(niceStep)).toEqual([0.1, 0.5, 2, 2.5, 5, 10, 25, 500]);
    expect(ticks(12.4, 5)).toEqual({ step: 2.5, values: [0, 2.5, 5, 7.5, 10, 12.5], top: 12.5 });
  });

  it('clips labels to the room they have', () => {
    expect(fit('-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', 70)).toBe('-[MLNeura…');
    expect(fit('main', 70)).toBe('main');
    expect(fit('main', 7)).toBe('');
  });
});

describe('latency histogram bins', () => {
  it('covers a step from its fastest inference to past its p99, on a nice width, with outliers apart', () => {
    const samples = [...Array.from({ length: 200 }, (_, i) => 37 + (i % 20) * 0.1), 99.2, 110];
    const b = binning(samples, 41.67);
    expect(b).not.toBeNull();
    const { start, width, bins, end } = b!;
    expect(width).toBe(0.25);
    expect(start).toBeLessThanOrEqual(37);
    expect(end).toBeGreaterThan(41.67);
    expect(bins).toBeLessThanOrEqual(MAX_BINS + 1);
    const { counts, overflow } = binCounts(samples, b!);
    expect(overflow).toBe(2);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(200);
  });

  it('keeps the slowest sample inside when it is the top of the range', () => {
    const b = binning([10, 11, 12, 13, 14], null)!;
    expect(binCounts([10, 11, 12, 13, 14], b).overflow).toBe(0);
  });
});

describe('flame graph', () => {
  const tree = node('(all samples)', null, 0, [
    node('main', 'App', 10, [node('-[MLModel predictionFromFeatures:error:]', 'CoreML', 500, [node('tiny', 'CoreML', 0.5)])]),
    node('_dispatch_worker_thread', 'libdispatch.dylib', 489.5),
  ]);

  it('draws frames at least MIN_SHARE wide, root at the bottom, and escapes names', () => {
    const svg = flameGraph({ id: 'f', title: 'Flame <graph>', root: tree, format: (w) => `${w} ms` });
    expect(svg.match(/<g class="f"/g)).toHaveLength(4);
    expect(0.5 / 1000).toBeLessThan(MIN_SHARE);
    expect(svg).not.toContain('data-n="tiny"');
    expect(svg).toContain('aria-label="Flame &lt;graph&gt;"');
    const rootY = /data-d="0"[^>]*><title>[^<]*<\/title><rect x="0" y="([\d.]+)"/.exec(svg)?.[1];
    const leafY = /data-d="2"[^>]*><title>[^<]*<\/title><rect x="[\d.]+" y="([\d.]+)"/.exec(svg)?.[1];
    expect(Number(rootY)).toBeGreaterThan(Number(leafY));
    expect(svg).toContain('total 1000 ms (100.0 %), self 0 ms');
  });

  it('draws nothing for an empty profile', () => {
    expect(flameGraph({ id: 'f', title: 't', root: node('(all samples)', null, 0), format: String })).toBe('');
  });
});
