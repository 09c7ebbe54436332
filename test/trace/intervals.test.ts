/**
 * Interval statistics from our fixtures. The expected statistics were computed with numpy
 * (numpy.percentile's default "linear" method, numpy.std with ddof=0) from the durations the
 * fixtures hold, listed beside each expectation.
 */
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { IntervalSummary } from '../../src/trace/model.js';

const byLabel = (list: IntervalSummary[], label: string) => list.find((i) => i.label === label) as IntervalSummary;

describe('coreml-os-signpost', async () => {
  const a = await analyzeTraceFile('fixtures/traces/coreml-os-signpost.xml', { budgetMs: 33 });

  it('groups by event and model (instance suffix dropped)', () => {
    expect(a.intervals.map((i) => [i.label, i.count, i.inference])).toEqual([
      ['Prediction / FaceDetector', 7, true],
      ['CPU / FaceDetector', 2, false],
      ['Prediction / Embedder', 2, true],
      ['GPU Request / FaceDetector', 1, false],
    ]);
    expect(byLabel(a.intervals, 'Prediction / FaceDetector').group).toEqual([
      { column: 'event', value: 'Prediction' },
      { column: 'model-name', value: 'FaceDetector' },
    ]);
  });

  it('computes the statistics numpy computes', () => {
    // durations: 12.5 13.0 12.8 40.2 12.9 13.1 12.7 (ms)
    const p = byLabel(a.intervals, 'Prediction / FaceDetector');
    expect(p.meanMs).toBeCloseTo(16.742857142857144, 9);
    expect(p.stddevMs).toBeCloseTo(9.578078713225043, 9);
    expect(p.p50Ms).toBeCloseTo(12.9, 9);
    expect(p.p90Ms).toBeCloseTo(23.940000000000012, 9);
    expect(p.p99Ms).toBeCloseTo(38.57399999999999, 9);
    expect(p.minMs).toBeCloseTo(12.5, 9);
    expect(p.maxMs).toBeCloseTo(40.2, 9);
    expect(p.totalMs).toBeCloseTo(117.2, 9);
    // durations: 3.2 2.9
    const cpu = byLabel(a.intervals, 'CPU / FaceDetector');
    expect([cpu.meanMs, cpu.stddevMs, cpu.p90Ms, cpu.p99Ms].map((v) => Number(v.toFixed(9)))).toEqual([3.05, 0.15, 3.17, 3.197]);
  });

  it('keeps the durations in memory, in input order, and leaves "no data" rows out', () => {
    const p = byLabel(a.intervals, 'Prediction / FaceDetector');
    expect([...(p.durationsMs ?? [])]).toEqual([12.5, 13, 12.8, 40.2, 12.9, 13.1, 12.7]);
    expect(p.startsNs?.[0]).toBe(2_050_000_000);
    expect(a.notes).toContain("coreml-os-signpost: 2 interval(s) without a usable duration (0, missing, negative, not an integer or beyond 2^53 ns: Instruments' \"no data\" values and damage) were left out of the statistics");
  });

  it('counts the intervals over the budget', () => {
    expect(a.intervals.map((i) => [i.label, i.overBudget, i.budgetMs])).toEqual([
      ['Prediction / FaceDetector', 1, 33],
      ['CPU / FaceDetector', 0, 33],
      ['Prediction / Embedder', 0, 33],
      ['GPU Request / FaceDetector', 0, 33],
    ]);
  });

  it('groups by other columns when asked', async () => {
    const b = await analyzeTraceFile('fixtures/traces/coreml-os-signpost.xml', { groupBy: ['coreml-model-name'] });
    expect(b.intervals.map((i) => [i.label, i.count])).toEqual([
      ['FaceDetector-1', 8],
      ['Embedder-1', 2],
      ['FaceDetector-2', 2],
    ]);
  });
});

describe('ane-hw-intervals', () => {
  it('labels by formatted-label, from its display string or its string parts', async () => {
    const a = await analyzeTraceFile('fixtures/traces/ane-hw-intervals.xml');
    expect(a.intervals.map((i) => [i.label, i.count, i.inference])).toEqual([
      ['Neural Engine Prediction', 5, true],
      ['FaceDetector_3A9F Prediction', 2, true],
      ['Compile', 1, false],
    ]);
    // durations: 2.1 2.0 2.2 2.05 9.8
    const p = byLabel(a.intervals, 'Neural Engine Prediction');
    expect(p.meanMs).toBeCloseTo(3.63, 9);
    expect(p.stddevMs).toBeCloseTo(3.085708994704459, 9);
    expect(p.p90Ms).toBeCloseTo(6.760000000000002, 9);
    expect(p.p99Ms).toBeCloseTo(9.496, 9);
  });
});

describe('raw os-signpost events', () => {
  it('pairs Begin and End by identifier (64-bit identifiers exact) and counts the unpaired', async () => {
    const a = await analyzeTraceFile('fixtures/traces/os-signpost-raw.xml');
    expect(a.intervals.map((i) => [i.label, [...(i.durationsMs ?? [])]])).toEqual([
      ['Decode', [4, 10]],
      ['Inference', [30, 25]],
    ]);
    expect(byLabel(a.intervals, 'Inference').group).toEqual([
      { column: 'signpost-name', value: 'Inference' },
      { column: 'subsystem', value: 'com.example.vision' },
      { column: 'category', value: 'PointsOfInterest' },
    ]);
    expect(a.warnings).toEqual(['os-signpost: 1 Begin(s) without an End and 1 End(s) without a Begin were left unpaired (a recording cut mid-interval?)']);
    expect(a.notes).toContain('os-signpost: 1 point event(s) (no duration) are not intervals');
  });
});

describe('an empty Core ML table', () => {
  it('is a normal finding that points to the Neural Engine table', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-empty.xml');
    expect(a.intervals).toEqual([]);
    expect(a.tables).toEqual([{ run: 1, table: 'coreml-os-signpost', position: 7, xpath: '//trace-toc[1]/run[1]/data[1]/table[7]', kind: 'intervals', rows: 0, read: true }]);
    expect(a.notes?.[0]).toMatch(/^coreml-os-signpost has no rows: .*ane-hw-intervals/);
    expect(a.warnings).toEqual([]);
  });

  it('cannot be held to a budget', async () => {
    await expect(analyzeTraceFile('fixtures/traces/coreml-empty.xml', { budgetMs: 10 })).rejects.toThrow(/--budget-ms needs intervals/);
  });
});
