import { describe, expect, it } from 'vitest';
import { budgetFromValue } from '../../src/budget/load.js';
import { describeBudget } from '../../src/report/budget.js';
import { buildReport } from '../../src/report/build.js';
import { COMPRESSION_SCHEMES, memoryPlanBasis, planMemory } from '../../src/report/memory-plan.js';
import type { LatencySummary, StepMeasurement, StepReport } from '../../src/report/model.js';

function lat(p50: number, p99: number, extra: Partial<LatencySummary> = {}): LatencySummary {
  return { source: 'given', count: 300, meanMs: p50, p50Ms: p50, p90Ms: p50 * 1.05, p99Ms: p99, maxMs: p99 * 1.1, overBudgetShare: null, ...extra };
}

function step(name: string, sizeBytes: number | null, latency: LatencySummary | null, top1?: number): StepMeasurement {
  return { name, sizeBytes, sizeSource: sizeBytes === null ? null : 'given', latency, accuracy: new Map(top1 === undefined ? [] : [['top1', top1]]), engines: null, log: null, notes: null, weightBytes: null, weightBits: null };
}

// 20 fps with the preset's 8.33 ms of UI: 41.67 ms per inference.
const budget = describeBudget(budgetFromValue({ preset: 'apple-watch-series-7', latencyMs: { p50: 40 }, fps: 20, overBudgetFrames: 0.05, accuracyDrop: { top1: 1 }, unsupportedOps: 0 }, 'budget.json'));
/** The same frame budget with nothing over it: the frame rate off, an allowance no step can break. */
const frameOnly = describeBudget(budgetFromValue({ fps: ['off', { min: 20 }], uiOverheadMs: 25 / 3, overBudgetFrames: ['warn', { max: 1 }] }, 'b.json'));
const checks = (s: StepReport | undefined) => s?.targets[0]?.verdicts ?? [];

const steps = [
  step('fp32', 12_400_000, lat(62, 95, { overBudgetShare: 1 }), 72.4),
  step('int8', 3_100_000, lat(38, 40.2, { overBudgetShare: 0 }), 72.1),
  step('pal6', 2_300_000, lat(37.4, 39, { overBudgetShare: 0 }), 71.7),
  step('pal4', 1_500_000, lat(41.5, 44, { overBudgetShare: 0.2 }), 70.9),
];

describe('building the report', () => {
  const r = buildReport({ source: 'pipeline.json', model: 'PoseNet.mlpackage', device: 'Apple Watch Series 7', budget, steps, warnings: [] });
  const [fp32, int8, pal6, pal4] = r.steps;

  it('measures deltas against the baseline and the previous step', () => {
    expect(fp32?.deltas).toEqual({ baseline: { sizeBytes: null, p50Ms: null, p99Ms: null, accuracy: new Map() }, previous: null });
    expect(int8?.deltas.baseline.sizeBytes).toEqual({ absolute: -9_300_000, relative: -0.75 });
    expect(pal6?.deltas.previous?.sizeBytes?.relative).toBeCloseTo(-0.8 / 3.1, 12);
    expect(pal6?.deltas.baseline.p50Ms?.absolute).toBeCloseTo(-24.6, 12);
    expect(pal6?.deltas.baseline.accuracy.get('top1')?.absolute).toBeCloseTo(-0.7, 12);
    expect(pal6?.deltas.previous?.accuracy.get('top1')?.absolute).toBeCloseTo(-0.4, 12);
  });

  it('checks every budget limit per step, with the actual value: the engine\'s verdicts, as gate gives them', () => {
    expect(checks(fp32).map((v) => [v.assertion, v.status])).toEqual([
      ['sizeMB', 'fail'],
      ['latencyMs.p50', 'fail'],
      ['fps', 'fail'],
      // A summary alone cannot tell how many inferences were over the frame budget: gate says not measured.
      ['overBudgetFrames', 'not-measured'],
      ['accuracyDrop.top1', 'pass'],
      ['unsupportedOps', 'not-measured'],
    ]);
    expect(checks(int8).find((c) => c.assertion === 'fps')).toMatchObject({ label: 'p99 latency vs the 20 fps frame budget', actual: 40.2, status: 'pass', unit: 'ms' });
    expect(checks(pal4).find((c) => c.assertion === 'accuracyDrop.top1')).toMatchObject({ status: 'fail', label: 'top1 drop vs step "fp32"' });
    expect(checks(pal4).find((c) => c.assertion === 'accuracyDrop.top1')?.actual).toBeCloseTo(1.5, 12);
    expect(checks(int8).find((c) => c.assertion === 'unsupportedOps')).toMatchObject({ status: 'not-measured', message: 'unsupported ops not measured: step "int8" has no conversion log (add "log" to the step in the manifest)' });
    expect(r.sizeBudgetBytes).toBe(8_000_000);
    // gate checks the last step: pal4 is over its p50 and frame budgets.
    expect(r.gate).toMatchObject({ passed: false, targets: [{ name: 'apple-watch-series-7', step: 'pal4', passed: false }] });
  });

  it('flags what users ask about, and nothing else', () => {
    const kinds = r.flags.map((f) => `${f.step}:${f.kind}`);
    expect(kinds).toEqual(['fp32:unpredictable-latency', 'fp32:over-budget', 'pal6:smaller-not-faster', 'pal4:slower', 'pal4:unpredictable-latency', 'pal4:accuracy-drop', 'pal4:over-budget']);
    const snf = r.flags.find((f) => f.step === 'pal6' && f.kind === 'smaller-not-faster');
    expect(snf?.message).toMatch(/^−25\.8 % size against "int8" but p50 −1\.6 % \(38\.0 ms → 37\.4 ms\): the weights are compressed, the compute is still fp16/);
    expect(r.flags.find((f) => f.step === 'fp32' && f.kind === 'unpredictable-latency')?.message).toMatch(/^p99 95\.0 ms is 1\.53× p50 62\.0 ms\./);
    expect(r.flags.find((f) => f.kind === 'accuracy-drop')?.message).toBe('top1 drop vs step "fp32" is 1.5 points, over the budget of 1');
    expect(r.flags.find((f) => f.step === 'fp32' && f.kind === 'over-budget')?.message).toBe('model size 12.40 MB > 8.00 MB; p50 latency 62.0 ms > 40.0 ms; p99 latency vs the 20 fps frame budget 95.0 ms > 41.7 ms');
  });

  it('flags a tail that misses the frame budget although the median fits', () => {
    const jittery = buildReport({ source: 'p', model: null, device: null, budget: frameOnly, steps: [step('fp16', 6e6, lat(40, 44, { overBudgetShare: 0.03 }))], warnings: [] });
    expect(jittery.flags).toEqual([
      {
        step: 'fp16',
        kind: 'unpredictable-latency',
        message: 'p99 44.0 ms is 1.10× p50 40.0 ms: the median fits the 41.7 ms frame budget but 3.0 % of inferences miss it. Look for first-prediction or reload costs, CPU fallback, thermal throttling, or contention with other work.',
      },
    ]);
  });

  it('does not read a tail into a handful of samples', () => {
    const few = buildReport({ source: 'p', model: null, device: null, budget: null, steps: [step('a', 1, lat(10, 30, { count: 12 }))], warnings: [] });
    expect(few.flags).toEqual([]);
  });

  it('flags conversion problems from the log', () => {
    const s = step('first', null, null);
    s.log = { outcome: 'failed', unsupportedOps: ['upsample_bicubic2d'], errors: 1, warnings: 4, categories: ['unsupported-op'], source: '00-first-attempt.log', outcomeReason: 'RuntimeError' };
    const rep = buildReport({ source: 'p', model: null, device: null, budget: null, steps: [s], warnings: [] });
    expect(rep.flags.map((f) => f.message)).toEqual([
      'the conversion failed (00-first-attempt.log): RuntimeError',
      '1 op(s) did not convert: upsample_bicubic2d (coreml-doctor log 00-first-attempt.log shows the fixes)',
    ]);
    expect(rep.memoryPlan).toEqual([]);
  });
});

describe('the memory planner', () => {
  it('projects from the baseline: fp16 halves fp32, int8 quarters it, n-bit palettes take n/32', () => {
    const basis = memoryPlanBasis([step('fp32', 12_400_000, null)]);
    expect(basis).toEqual({ step: 'fp32', sizeBytes: 12_400_000, weightBytes: 12_400_000, overheadBytes: 0, weightBits: 32, parameters: 3_100_000, weightSource: 'assumed', bitsSource: 'assumed' });
    const rows = new Map(planMemory(basis, 3_000_000).map((r) => [r.scheme, r]));
    expect(rows.get('fp16')?.projectedBytes).toBe(6_200_000);
    expect(rows.get('int8')?.projectedBytes).toBe(3_100_000);
    expect(rows.get('palettize-6bit')?.projectedBytes).toBe(2_325_000);
    expect(rows.get('palettize-4bit')?.projectedBytes).toBe(1_550_000);
    // 50 % sparse: half the weights at fp16 plus a 1-bit mask over all of them.
    expect(rows.get('sparse-50')?.projectedBytes).toBe(3_100_000 + 387_500);
    expect(rows.get('sparse-50-palettize-6bit')?.projectedBytes).toBe(1_162_500 + 387_500);
    expect(rows.get('int8')?.fitsBudget).toBe(false);
    expect(rows.get('palettize-6bit')?.fitsBudget).toBe(true);
    expect(rows.get('fp16')?.ratio).toBe(0.5);
    expect([...rows.keys()]).toEqual(COMPRESSION_SCHEMES.map((s) => s.scheme));
  });

  it('keeps non-weight bytes and starts from fp16 when the manifest says so', () => {
    const s = step('fp16', 6_300_000, null);
    s.weightBytes = 6_200_000;
    s.weightBits = 16;
    const basis = memoryPlanBasis([s]);
    expect(basis).toMatchObject({ parameters: 3_100_000, overheadBytes: 100_000, weightSource: 'package', bitsSource: 'manifest' });
    const rows = new Map(planMemory(basis, null).map((r) => [r.scheme, r]));
    expect(rows.get('fp16')?.projectedBytes).toBe(6_300_000);
    expect(rows.get('int8')?.projectedBytes).toBe(3_200_000);
    expect(rows.get('int8')?.fitsBudget).toBeNull();
  });

  it('starts from the first step that has a size', () => {
    expect(memoryPlanBasis([step('failed', null, null), step('fp32', 1000, null)])?.step).toBe('fp32');
    expect(memoryPlanBasis([step('a', null, null)])).toBeNull();
  });
});
