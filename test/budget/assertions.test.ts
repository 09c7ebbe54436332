import { describe, expect, it } from 'vitest';
import { ASSERTION_ROWS } from '../../src/budget/assertions.js';
import { evaluateTarget } from '../../src/budget/engine.js';
import { failsGate, type Verdict } from '../../src/budget/model.js';
import type { StepMeasurement } from '../../src/report/model.js';
import type { StartupMeasurement } from '../../src/step/model.js';
import { latencyFromSamples, latencySummary, log, modelFacts, onlyTarget, step } from './helpers.js';

/**
 * Every assertion kind at pass, warn, fail and not-measured. Each case gives the kind's budget (as a
 * budget file would, error level), a step that holds it, a step that breaks it, and a step that
 * cannot show the metric; the expected actual values are worked out by hand from the inputs.
 */
interface KindCase {
  kind: string;
  assertion: string;
  /** The target JSON, with LEVEL where the level goes. */
  budget: (level: 'error' | 'warn') => Record<string, unknown>;
  reference?: StepMeasurement;
  pass: StepMeasurement;
  /** A number (`actual`), or the text of a value that is not one (`actualText`: a version, a precision). */
  passActual: number | string;
  fail: StepMeasurement;
  failActual: number | string;
  /** The limit as a number; null for a limit that is only text (a version), then `limitText`. */
  limit: number | null;
  limitText?: string;
  unmeasured: StepMeasurement;
  missing: RegExp;
}

/** A step's start-up with only the given phases (the rest not recorded). */
const startup = (p: Partial<Pick<StartupMeasurement, 'load' | 'compile' | 'firstPrediction'>>): StartupMeasurement => ({ load: null, compile: null, firstPrediction: null, models: ['SleepStager'], tables: ['coreml-os-signpost'], files: ['launch.xml'], ...p });

const fp32 = step('fp32', { accuracy: { top1: 0.761, wer: 0.082 } });
// 100 samples: 1..100 ms. p50 = 50.5, p90 = 90.1, p99 = 99.01, max = 100, mean = 50.5.
const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

const CASES: KindCase[] = [
  {
    kind: 'sizeMB',
    assertion: 'sizeMB',
    budget: (level) => ({ sizeMB: [level, { max: 8 }] }),
    pass: step('q', { sizeBytes: 7_999_999 }),
    passActual: 7.999999,
    fail: step('q', { sizeBytes: 9_412_000 }),
    failActual: 9.412,
    limit: 8,
    unmeasured: step('q'),
    missing: /no model size/,
  },
  {
    kind: 'latencyMs',
    assertion: 'latencyMs.p99',
    budget: (level) => ({ latencyMs: { p99: [level, { max: 25 }] } }),
    pass: step('q', { latency: latencySummary({ p99Ms: 24.9 }) }),
    passActual: 24.9,
    fail: step('q', { latency: latencyFromSamples(oneToHundred) }),
    failActual: 99.01,
    limit: 25,
    unmeasured: step('q', { latency: latencySummary({ p50Ms: 20 }) }),
    missing: /summary without p99/,
  },
  {
    kind: 'fps',
    assertion: 'fps',
    // 30 fps, 8 ms UI → 25.33 ms per inference, checked on p90 here.
    budget: (level) => ({ fps: [level, { min: 30, stat: 'p90' }], uiOverheadMs: 8 }),
    pass: step('q', { latency: latencySummary({ p90Ms: 25.3 }) }),
    passActual: 25.3,
    fail: step('q', { latency: latencySummary({ p90Ms: 25.4 }) }),
    failActual: 25.4,
    limit: 1000 / 30 - 8,
    unmeasured: step('q'),
    missing: /no latency measurement/,
  },
  {
    kind: 'overBudgetFrames',
    assertion: 'overBudgetFrames',
    // 1..100 ms against a 90 ms frame budget: 10 inferences over (91..100) = 10 %.
    budget: (level) => ({ fps: ['off', { min: 1000 / 90 }], overBudgetFrames: [level, { max: 0.05 }] }),
    pass: step('q', { latency: latencySummary({ maxMs: 89 }) }),
    passActual: 0,
    fail: step('q', { latency: latencyFromSamples(oneToHundred) }),
    failActual: 0.1,
    limit: 0.05,
    unmeasured: step('q', { latency: latencySummary({ p99Ms: 95, maxMs: 120 }) }),
    missing: /no latency samples: a summary cannot tell how many inferences exceed 90/,
  },
  {
    kind: 'loadMs',
    assertion: 'loadMs.max',
    budget: (level) => ({ loadMs: { max: [level, { max: 1500 }] } }),
    pass: step('q', { startup: startup({ load: { count: 2, p50Ms: 800, maxMs: 1499.9 } }) }),
    passActual: 1499.9,
    fail: step('q', { startup: startup({ load: { count: 2, p50Ms: 1126.1875, maxMs: 1840.125 } }) }),
    failActual: 1840.125,
    limit: 1500,
    unmeasured: step('q', { startup: startup({ compile: { count: 1, p50Ms: 900, maxMs: 900 } }), files: { model: null, log: null, trace: ['launch.xml'] } }),
    missing: /step "q" has no load intervals: launch\.xml records none \(Core ML's Load intervals in coreml-os-signpost, or ModelLoadingTable's transitions into loaded\)/,
  },
  {
    kind: 'compileMs',
    assertion: 'compileMs.p50',
    budget: (level) => ({ compileMs: { p50: [level, { max: 1000 }] } }),
    pass: step('q', { startup: startup({ compile: { count: 3, p50Ms: 999, maxMs: 1400 } }) }),
    passActual: 999,
    fail: step('q', { startup: startup({ compile: { count: 1, p50Ms: 1210.5, maxMs: 1210.5 } }) }),
    failActual: 1210.5,
    limit: 1000,
    unmeasured: step('q'),
    missing: /step "q" has no trace to measure the model compile time from \(add "trace" to the step/,
  },
  {
    kind: 'firstPredictionMs',
    assertion: 'firstPredictionMs.p50',
    budget: (level) => ({ firstPredictionMs: { p50: [level, { max: 80 }] } }),
    pass: step('q', { startup: startup({ firstPrediction: { count: 2, p50Ms: 64.6, maxMs: 96.4 } }) }),
    passActual: 64.6,
    fail: step('q', { startup: startup({ firstPrediction: { count: 2, p50Ms: 80.5, maxMs: 96.375 } }) }),
    failActual: 80.5,
    limit: 80,
    unmeasured: step('q', { startup: startup({ load: { count: 1, p50Ms: 400, maxMs: 400 } }), files: { model: null, log: null, trace: ['a.xml', 'b.xml'] } }),
    missing: /has no first prediction intervals: a\.xml, b\.xml record none/,
  },
  {
    kind: 'accuracyDrop',
    assertion: 'accuracyDrop.top1',
    budget: (level) => ({ accuracyDrop: { top1: [level, { max: 0.01 }] } }),
    reference: fp32,
    pass: step('q', { accuracy: { top1: 0.752 } }),
    passActual: 0.009,
    fail: step('q', { accuracy: { top1: 0.741 } }),
    failActual: 0.02,
    limit: 0.01,
    unmeasured: step('q', { accuracy: { top5: 0.93 } }),
    missing: /step "q" has no accuracy metric "top1" \(it has: "top5"\)/,
  },
  {
    kind: 'unsupportedOps',
    assertion: 'unsupportedOps',
    budget: (level) => ({ unsupportedOps: [level, { max: 1 }] }),
    pass: step('q', { log: log({ unsupportedOps: ['upsample_bicubic2d'] }) }),
    passActual: 1,
    fail: step('q', { log: log({ outcome: 'failed', unsupportedOps: ['upsample_bicubic2d', 'pythonop'] }) }),
    failActual: 2,
    limit: 1,
    unmeasured: step('q'),
    missing: /no conversion log/,
  },
  {
    kind: 'forbid',
    assertion: 'forbid.shape/dynamic',
    budget: (level) => ({ forbid: [level, { categories: ['shape/dynamic'] }] }),
    pass: step('q', { log: log({ categories: ['precision', 'compression'] }) }),
    passActual: 0,
    fail: step('q', { log: log({ categories: ['shape/dynamic', 'precision', 'shape/dynamic'] }) }),
    failActual: 2,
    limit: 0,
    unmeasured: step('q'),
    missing: /no conversion log/,
  },
  // The model rows read what `coreml-doctor model` read off the step's model (StepModelFacts).
  {
    kind: 'weightBits',
    assertion: 'weightBits',
    budget: (level) => ({ weightBits: [level, { max: 8 }] }),
    pass: step('q', { model: modelFacts({ bitsPerWeight: 6.01 }) }),
    passActual: 6.01,
    fail: step('q', { model: modelFacts({ bitsPerWeight: 16, compression: [] }) }),
    failActual: 16,
    limit: 8,
    // weight.bin missing: the structure is read, the weight metrics are not.
    unmeasured: step('q', { model: modelFacts({ weightsPresent: false, bitsPerWeight: undefined, weightBytes: undefined }) }),
    missing: /the weights of models\/PoseNet\.mlpackage are missing/,
  },
  {
    kind: 'minimumOS',
    assertion: 'minimumOS.watchOS',
    budget: (level) => ({ minimumOS: { watchOS: [level, { max: '10.0' }] } }),
    pass: step('q', { model: modelFacts({ minimumOS: { iOS: '17.0', watchOS: '10.0' } }) }),
    passActual: '10.0',
    fail: step('q', { model: modelFacts({ minimumOS: { iOS: '18.0', watchOS: '11.0' } }) }),
    failActual: '11.0',
    limit: null,
    limitText: '10.0',
    unmeasured: step('q', { sizeBytes: 3_000_000 }),
    missing: /step "q" has no Core ML model to read \(add "model" to the step/,
  },
  {
    kind: 'computePrecision',
    assertion: 'computePrecision',
    budget: (level) => ({ computePrecision: [level, { forbid: ['fp32'] }] }),
    pass: step('q', { model: modelFacts({ computePrecision: 'fp16' }) }),
    passActual: 'fp16',
    fail: step('q', { model: modelFacts({ computePrecision: 'fp32' }) }),
    failActual: 'fp32',
    limit: 0,
    limitText: 'not fp32',
    unmeasured: step('q', { files: { model: 'models/PoseNet.mlmodelc', log: null, trace: [] } }),
    missing: /the model of step "q" \(models\/PoseNet\.mlmodelc\) was not read/,
  },
  {
    kind: 'forbidOps',
    assertion: 'forbidOps',
    budget: (level) => ({ forbidOps: [level, { ops: ['einsum', 'lstm'] }] }),
    pass: step('q', { model: modelFacts({ opCounts: new Map([['conv', 52], ['gather', 3]]) }) }),
    passActual: 0,
    // einsum ×1 + lstm ×2 = 3 forbidden ops.
    fail: step('q', { model: modelFacts({ opCounts: new Map([['conv', 52], ['einsum', 1], ['lstm', 2]]) }) }),
    failActual: 3,
    limit: 0,
    unmeasured: step('q'),
    missing: /has no Core ML model to read/,
  },
  {
    kind: 'flexibleInputs',
    assertion: 'flexibleInputs',
    budget: (level) => ({ flexibleInputs: [level, { allowed: false }] }),
    pass: step('q', { model: modelFacts({ flexibleInputs: [] }) }),
    passActual: 0,
    fail: step('q', { model: modelFacts({ flexibleInputs: ['image', 'mask'] }) }),
    failActual: 2,
    limit: 0,
    limitText: 'none allowed',
    unmeasured: step('q'),
    missing: /has no Core ML model to read/,
  },
  {
    kind: 'aneFindings',
    assertion: 'aneFindings.warning',
    budget: (level) => ({ aneFindings: { warning: [level, { max: 1 }] } }),
    // modelFacts() holds one warning (ane.gather-dynamic) and one info finding.
    pass: step('q', { model: modelFacts() }),
    passActual: 1,
    fail: step('q', {
      model: modelFacts({
        aneFindings: [
          { id: 'ane.gather-dynamic', level: 'warning', message: 'gather on a dynamic index runs on the CPU' },
          { id: 'ane.rank', level: 'warning', message: 'a rank-6 tensor' },
          { id: 'ane.fp32', level: 'error', message: 'an fp32 program' },
        ],
      }),
    }),
    failActual: 2,
    limit: 1,
    unmeasured: step('q'),
    missing: /has no Core ML model to read/,
  },
];

function expectActual(v: Verdict, expected: number | string): void {
  if (typeof expected === 'string') expect(v.actualText).toBe(expected);
  else expect(v.actual).toBeCloseTo(expected, 9);
}

function expectLimit(v: Verdict, c: KindCase): void {
  if (c.limit === null) expect(v.limit).toBeNull();
  else expect(v.limit).toBeCloseTo(c.limit, 9);
  if (c.limitText !== undefined) expect(v.limitText).toBe(c.limitText);
}

function run(c: KindCase, level: 'error' | 'warn', s: StepMeasurement): Verdict {
  const t = onlyTarget(c.budget(level));
  const r = evaluateTarget(t, { step: s, reference: c.reference ?? null, baseline: null });
  const v = r.verdicts.find((x) => x.assertion === c.assertion);
  if (!v) throw new Error(`no verdict ${c.assertion} in ${r.verdicts.map((x) => x.assertion).join(', ')}`);
  return v;
}

describe('every assertion kind at pass, warn, fail and not-measured', () => {
  it('covers every row of the table', () => {
    expect(CASES.map((c) => c.kind).sort()).toEqual(ASSERTION_ROWS.map((r) => r.kind).sort());
  });

  for (const c of CASES) {
    describe(c.kind, () => {
      it('pass', () => {
        const v = run(c, 'error', c.pass);
        expect(v.status).toBe('pass');
        expectActual(v, c.passActual);
        expectLimit(v, c);
        expect(failsGate(v)).toBe(false);
      });
      it('fail (error level)', () => {
        const v = run(c, 'error', c.fail);
        expect(v).toMatchObject({ status: 'fail', level: 'error' });
        expectActual(v, c.failActual);
        expect(failsGate(v)).toBe(true);
        expect(v.ruleId).toMatch(/^CML-BUDGET-/);
      });
      it('warn (the same violation at warn level does not fail the gate)', () => {
        const v = run(c, 'warn', c.fail);
        expect(v).toMatchObject({ status: 'warn', level: 'warn' });
        expectActual(v, c.failActual);
        expect(failsGate(v)).toBe(false);
      });
      it('not measured: fails closed at error level, not at warn level', () => {
        const e = run(c, 'error', c.unmeasured);
        expect(e).toMatchObject({ status: 'not-measured', actual: null });
        expect(e.message).toMatch(c.missing);
        expect(failsGate(e)).toBe(true);
        const w = run(c, 'warn', c.unmeasured);
        expect(w.status).toBe('not-measured');
        expect(failsGate(w)).toBe(false);
      });
    });
  }
});

describe('assertion details', () => {
  it('reads every latency statistic from the summary, or from the samples when the summary lacks it', () => {
    const t = onlyTarget({ latencyMs: { p50: 50, p90: 90, p99: 99, max: 100, mean: 50 } });
    const withSummary = evaluateTarget(t, { step: step('q', { latency: latencyFromSamples(oneToHundred) }), reference: null, baseline: null });
    const actual = new Map(withSummary.verdicts.map((v) => [v.assertion, v.actual]));
    expect(actual.get('latencyMs.p50')).toBeCloseTo(50.5, 9);
    expect(actual.get('latencyMs.p90')).toBeCloseTo(90.1, 9);
    expect(actual.get('latencyMs.p99')).toBeCloseTo(99.01, 9);
    expect(actual.get('latencyMs.max')).toBe(100);
    expect(actual.get('latencyMs.mean')).toBeCloseTo(50.5, 9);
    expect(withSummary.verdicts.map((v) => v.status)).toEqual(['fail', 'fail', 'fail', 'pass', 'fail']);
    const samplesOnly = evaluateTarget(t, { step: step('q', { latency: { ...latencySummary({}), samplesMs: oneToHundred } }), reference: null, baseline: null });
    expect(samplesOnly.verdicts.map((v) => v.actual)).toEqual(withSummary.verdicts.map((v) => v.actual));
  });

  it('a value exactly at the limit passes (8,000,000 bytes against 8 MB)', () => {
    const r = evaluateTarget(onlyTarget({ sizeMB: 8 }), { step: step('q', { sizeBytes: 8_000_000 }), reference: null, baseline: null });
    expect(r.verdicts[0]?.status).toBe('pass');
  });

  it('accuracyDrop: lowerIsBetter metrics count a rise as the drop', () => {
    const t = onlyTarget({ lowerIsBetter: ['wer'], accuracyDrop: { wer: 0.005 } });
    const worse = evaluateTarget(t, { step: step('q', { accuracy: { wer: 0.09 } }), reference: fp32, baseline: null });
    expect(worse.verdicts[0]).toMatchObject({ status: 'fail' });
    expect(worse.verdicts[0]?.actual).toBeCloseTo(0.008, 9);
    expect(worse.verdicts[0]?.message).toMatch(/wer rise vs step "fp32"/);
    const better = evaluateTarget(t, { step: step('q', { accuracy: { wer: 0.07 } }), reference: fp32, baseline: null });
    expect(better.verdicts[0]?.status).toBe('pass');
  });

  it('accuracyDrop: the baseline step missing the metric is named', () => {
    const r = evaluateTarget(onlyTarget({ accuracyDrop: { top5: 0.01 } }), { step: step('q', { accuracy: { top5: 0.9 } }), reference: fp32, baseline: null });
    expect(r.verdicts[0]?.message).toMatch(/baseline step "fp32" has no accuracy metric "top5"/);
  });

  it('metric names from input are Map keys: __proto__ and constructor are ordinary metrics', () => {
    const t = onlyTarget(JSON.parse('{"accuracyDrop": {"__proto__": 0.01, "constructor": 0.02}}'));
    const ref = step('fp32', { accuracy: new Map([['__proto__', 0.9], ['constructor', 0.5]]) });
    const cur = step('q', { accuracy: new Map([['__proto__', 0.85], ['constructor', 0.49]]) });
    const r = evaluateTarget(t, { step: cur, reference: ref, baseline: null });
    expect(r.verdicts.map((v) => [v.assertion, v.status])).toEqual([
      ['accuracyDrop.__proto__', 'fail'],
      ['accuracyDrop.constructor', 'pass'],
    ]);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });

  it('messages say what happened and keep the budget\'s own message apart', () => {
    const t = onlyTarget({ sizeMB: ['error', { max: 8, message: 'Watch models must stay under 8 MB.' }] });
    const v = evaluateTarget(t, { step: step('q', { sizeBytes: 9_410_000 }), reference: null, baseline: null }).verdicts[0];
    expect(v?.message).toBe('model size 9.41 MB is over the budget of 8 MB by 1.41 MB');
    expect(v?.customMessage).toBe('Watch models must stay under 8 MB.');
    expect(v?.origin).toBe('budget.json:$.sizeMB');
  });

  it('the target passes when only warnings and passes remain', () => {
    const t = onlyTarget({ sizeMB: ['warn', { max: 1 }], latencyMs: { p50: 30 } });
    const r = evaluateTarget(t, { step: step('q', { sizeBytes: 2e6, latency: latencySummary({ p50Ms: 20 }) }), reference: null, baseline: null });
    expect(r.verdicts.map((v) => v.status)).toEqual(['warn', 'pass']);
    expect(r.passed).toBe(true);
  });
});
