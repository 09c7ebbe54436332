import { describe, expect, it } from 'vitest';
import { binCounts, binning, MAX_BINS, sharedBinning } from '../../src/render/report/html/histogram.js';
import { placeLabels, textWidth, wrapText, type LabelLayout } from '../../src/render/report/html/labels.js';
import { flameGraph, MIN_SHARE } from '../../src/render/report/html/flame.js';
import { fit, niceStep, ticks } from '../../src/render/report/html/svg.js';
import { node } from './fake-trace.js';

describe('chart helpers', () => {
  it('rounds axis steps to 1, 2, 2.5 or 5 × 10^k', () => {
    expect([0.07, 0.3, 1.2, 2.2, 4, 7, 23, 260].map(niceStep)).toEqual([0.1, 0.5, 2, 2.5, 5, 10, 25, 500]);
    expect(ticks(12.4, 5)).toEqual({ step: 2.5, values: [0, 2.5, 5, 7.5, 10, 12.5], top: 12.5 });
  });

  it('clips labels to the room they have', () => {
    expect(fit('-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', 70)).toBe('pre…rror:]');
    expect(fit('PoseWatch.Keypoints.argmax2D(_: Swift.UnsafePointer<Swift.Float>) -> Swift.Int', 140)).toBe('…argmax2D(…)');
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
    // 37 .. 43.75 (the budget × 1.05) in at most MAX_BINS bins of a nice width.
    expect(width).toBe(0.1);
    expect((43.75 - 37) / MAX_BINS).toBeLessThanOrEqual(width);
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

describe('one binning for every step', () => {
  const fast = Array.from({ length: 240 }, (_, i) => 37 + (i % 30) * 0.1);
  const slow = Array.from({ length: 240 }, (_, i) => 58 + (i % 80) * 0.3);

  it("spans the fastest step's fastest inference to past the slowest step's p99", () => {
    const b = sharedBinning([fast, slow], 41.67)!;
    expect(b.start).toBeLessThanOrEqual(37);
    expect(b.end).toBeGreaterThan(81.7);
    expect(b.bins).toBeLessThanOrEqual(MAX_BINS + 1);
    expect(binCounts(fast, b).overflow + binCounts(slow, b).overflow).toBe(0);
    expect(sharedBinning([fast, slow], null)).toEqual(sharedBinning([slow, fast], null));
  });

  it('skips steps with no samples, and is null when none has any', () => {
    expect(sharedBinning([[], fast], null)).toEqual(binning(fast, null));
    expect(sharedBinning([[], []], null)).toBeNull();
  });
});

describe('chart labels', () => {
  const FONT = 11;
  /** Checks the rules placeLabels promises: no overlap in a row, no line through a lower label. */
  function violations(marks: { x: number; label: string }[], l: LabelLayout): string[] {
    const out: string[] = [];
    l.labels.forEach((a, i) => {
      expect(a.x1 - a.x0).toBeCloseTo(textWidth(marks[i]!.label, FONT, true), 6);
      l.labels.forEach((b, j) => {
        if (i === j) return;
        if (a.row === b.row && a.x0 < b.x1 && b.x0 < a.x1) out.push(`${marks[i]!.label} × ${marks[j]!.label}`);
        if (b.row < a.row && marks[j]!.x > a.x0 && marks[j]!.x < a.x1) out.push(`${marks[i]!.label} crossed by ${marks[j]!.label}'s line`);
      });
    });
    return out;
  }

  it('puts labels of marks far apart in one row, right of their lines', () => {
    const marks = [{ x: 100, label: 'p50 61.9 ms' }, { x: 400, label: 'p99 81.0 ms' }, { x: 600, label: 'frame budget 41.7 ms' }];
    const l = placeLabels(marks, FONT, 0, 760);
    expect(l.rows).toBe(1);
    expect(l.labels.map((x) => x.anchor)).toEqual(['start', 'start', 'start']);
    expect(violations(marks, l)).toEqual([]);
  });

  it('separates close marks: left of the line, or another row, never over a line', () => {
    const cases = [
      [{ x: 77, label: 'p50 38.1 ms' }, { x: 90, label: 'p99 39.3 ms' }, { x: 118, label: 'frame budget 41.7 ms' }],
      [{ x: 300, label: 'p50 40.0 ms' }, { x: 301, label: 'p99 40.1 ms' }, { x: 302, label: 'frame budget 40.2 ms' }],
      [{ x: 100, label: 'p50 1 ms' }, { x: 140, label: 'p99 2 ms' }, { x: 180, label: 'budget 3 ms' }],
      [{ x: 755, label: 'p50 99.0 ms' }, { x: 758, label: 'p99 99.5 ms' }],
    ];
    for (const marks of cases) {
      const l = placeLabels(marks, FONT, 0, 760);
      expect(violations(marks, l), JSON.stringify(marks)).toEqual([]);
      for (const p of l.labels) {
        expect(p.x0).toBeGreaterThanOrEqual(0);
        expect(p.x1).toBeLessThanOrEqual(760 + 1e-9);
      }
    }
    // Three marks within 2 px: one label left of the lines, one right, the third a row below.
    expect(placeLabels(cases[1]!, FONT, 0, 760).rows).toBe(2);
  });

  it('wraps long names between words into two lines, then cuts with "…"', () => {
    expect(wrapText('4-bit palettization', 200, FONT)).toEqual(['4-bit palettization']);
    const two = wrapText('int8 linear quantization of every convolution, per channel (W8A16)', 236, FONT);
    expect(two).toHaveLength(2);
    expect(two.join(' ')).toBe('int8 linear quantization of every convolution, per channel (W8A16)');
    for (const line of two) expect(textWidth(line, FONT)).toBeLessThanOrEqual(236);
    const cut = wrapText('a'.repeat(30) + ' ' + 'b'.repeat(30) + ' ' + 'c'.repeat(30), 150, FONT);
    expect(cut).toHaveLength(2);
    expect(cut[1]).toMatch(/…$/);
    for (const line of cut) expect(textWidth(line, FONT)).toBeLessThanOrEqual(150);
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
