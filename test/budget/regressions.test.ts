import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_SEED, bootstrapDifferences, mulberry32, statOf } from '../../src/budget/bootstrap.js';
import { evaluateTarget } from '../../src/budget/engine.js';
import { failsGate, type Verdict } from '../../src/budget/model.js';
import { REGRESSION_ROWS, type BaselineInput } from '../../src/budget/regressions.js';
import { percentile } from '../../src/core/stats.js';
import type { StepMeasurement } from '../../src/report/model.js';
import { jittered, latencyFromSamples, latencySummary, log, onlyTarget, step } from './helpers.js';

function regress(budgetJson: Record<string, unknown>, base: StepMeasurement | null, cur: StepMeasurement, file = 'main.json'): Verdict[] {
  const t = onlyTarget(budgetJson);
  const baseline: BaselineInput = { file, step: base, stepNames: base ? [base.name] : ['fp32'] };
  return evaluateTarget(t, { step: cur, reference: null, baseline }).verdicts.filter((v) => v.kind.startsWith('regression.'));
}

const only = (kind: string) => ({ regression: Object.fromEntries(['sizeMB', 'latencyMs', 'accuracy', 'unsupportedOps'].map((k) => [k, k === kind ? 'error' : 'off'])) });
const withLevel = (kind: string, setting: unknown) => ({ regression: { ...only(kind).regression, [kind]: setting } });

describe('regressions at pass, warn, fail and not-measured, per kind', () => {
  it('covers every regression row', () => {
    expect(REGRESSION_ROWS.map((r) => r.kind)).toEqual(['regression.sizeMB', 'regression.latencyMs', 'regression.accuracy', 'regression.unsupportedOps']);
  });

  describe('size: worse by more than the relative limit AND the absolute minimum', () => {
    // Defaults: 5 % and 0.05 MB.
    const base = step('q', { sizeBytes: 2_000_000 });
    it('pass: +4 % (0.08 MB) is within 5 %', () => {
      const [v] = regress(only('sizeMB'), base, step('q', { sizeBytes: 2_080_000 }));
      expect(v).toMatchObject({ status: 'pass', assertion: 'regression.sizeMB' });
      expect(v?.detail?.relative).toBeCloseTo(0.04, 12);
      expect(v?.limit).toBeCloseTo(0.1, 12);
    });
    it('pass: +20 % of a tiny model is under the absolute minimum', () => {
      const [v] = regress(only('sizeMB'), step('q', { sizeBytes: 100_000 }), step('q', { sizeBytes: 120_000 }));
      expect(v?.status).toBe('pass');
      expect(v?.limit).toBeCloseTo(0.05, 12);
    });
    it('fail: +24 % (0.48 MB)', () => {
      const [v] = regress(only('sizeMB'), base, step('q', { sizeBytes: 2_480_000 }));
      expect(v).toMatchObject({ status: 'fail', level: 'error' });
      expect(v?.actual).toBeCloseTo(0.48, 12);
      expect(v?.message).toBe('model size 2 MB → 2.48 MB (+0.48 MB, +24 %): worse by more than 5 % and more than 0.05 MB');
      expect(v?.detail?.method).toBe('exact');
    });
    it('warn', () => {
      const [v] = regress(withLevel('sizeMB', ['warn', {}]), base, step('q', { sizeBytes: 2_480_000 }));
      expect(v?.status).toBe('warn');
      expect(failsGate(v as Verdict)).toBe(false);
    });
    it('not measured: no size in this report', () => {
      const [v] = regress(only('sizeMB'), base, step('q'));
      expect(v?.status).toBe('not-measured');
      expect(failsGate(v as Verdict)).toBe(true);
    });
  });

  describe('accuracy: a drop (or a rise, for lower-is-better metrics)', () => {
    const base = step('q', { accuracy: { top1: 0.76, wer: 0.08 } });
    it('pass / fail with the default 0.5 % relative limit', () => {
      const vs = regress(only('accuracy'), base, step('q', { accuracy: { top1: 0.758, wer: 0.081 } }));
      expect(vs.map((v) => [v.assertion, v.status])).toEqual([
        ['regression.accuracy.top1', 'pass'],
        ['regression.accuracy.wer', 'pass'],
      ]);
      const worse = regress({ ...only('accuracy'), lowerIsBetter: ['wer'] }, base, step('q', { accuracy: { top1: 0.75, wer: 0.09 } }));
      expect(worse.map((v) => [v.assertion, v.status])).toEqual([
        ['regression.accuracy.top1', 'fail'],
        ['regression.accuracy.wer', 'fail'],
      ]);
      expect(worse[1]?.actual).toBeCloseTo(0.01, 12);
    });
    it('warn, and only the metrics the budget names', () => {
      const vs = regress(withLevel('accuracy', ['warn', { metrics: ['top1'], absolute: 0.005 }]), base, step('q', { accuracy: { top1: 0.75 } }));
      expect(vs.map((v) => [v.assertion, v.status])).toEqual([['regression.accuracy.top1', 'warn']]);
    });
    it('not measured: the metric is gone from this report', () => {
      const vs = regress(only('accuracy'), base, step('q', { accuracy: { top1: 0.76 } }));
      expect(vs[1]).toMatchObject({ assertion: 'regression.accuracy.wer', status: 'not-measured' });
      expect(vs[1]?.message).toMatch(/step "q" has no accuracy metric "wer"/);
    });
  });

  describe('unsupported ops: new ones against the baseline', () => {
    const base = step('q', { log: log({ unsupportedOps: ['upsample_bicubic2d'] }) });
    it('pass: the same op as before', () => {
      expect(regress(only('unsupportedOps'), base, step('q', { log: log({ unsupportedOps: ['upsample_bicubic2d'] }) }))[0]?.status).toBe('pass');
    });
    it('fail: a new op, named', () => {
      const [v] = regress(only('unsupportedOps'), base, step('q', { log: log({ unsupportedOps: ['upsample_bicubic2d', 'pythonop'] }) }));
      expect(v).toMatchObject({ status: 'fail', actual: 1, limit: 0 });
      expect(v?.message).toBe('1 unsupported op(s) not in the baseline: pythonop');
    });
    it('warn', () => {
      expect(regress(withLevel('unsupportedOps', 'warn'), base, step('q', { log: log({ unsupportedOps: ['pythonop'] }) }))[0]?.status).toBe('warn');
    });
    it('not measured: no log in the baseline', () => {
      const [v] = regress(only('unsupportedOps'), step('q'), step('q', { log: log() }));
      expect(v?.status).toBe('not-measured');
      expect(v?.message).toMatch(/baseline step "q" in main\.json has no conversion log/);
    });
  });

  describe('latency', () => {
    const baseSamples = jittered(1, 300, 20, 0.05);
    const base = step('q', { latency: latencyFromSamples(baseSamples) });
    it('pass: a change within the limits needs no noise test', () => {
      const [p50] = regress(only('latencyMs'), base, step('q', { latency: latencyFromSamples(jittered(2, 300, 20.5, 0.05)) }));
      expect(p50).toMatchObject({ assertion: 'regression.latencyMs.p50', status: 'pass' });
      expect(p50?.detail?.ci).toBeNull();
    });
    it('fail: a clear slowdown, with the bootstrap interval above 0', () => {
      const vs = regress(only('latencyMs'), base, step('q', { latency: latencyFromSamples(jittered(3, 300, 24, 0.05)) }));
      for (const v of vs) {
        expect(v.status).toBe('fail');
        expect(v.detail?.method).toBe('bootstrap');
        expect(v.detail?.ci?.[0]).toBeGreaterThan(0);
        expect(v.detail?.samples).toEqual({ baseline: 300, current: 300 });
      }
      expect(vs[0]?.message).toMatch(/^p50 latency 20\.\d+ ms → 2\d(\.\d+)? ms \(\+\d(\.\d+)? ms, \+\d+\.\d %\): worse by more than 10 % and more than 1 ms; 95 % CI of the change \[\+\d\.\d+ ms, \+\d\.\d+ ms\] from 300 vs 300 samples$/);
    });
    it('inconclusive: over the limit on paper, but the samples cannot tell it from noise', () => {
      // Very noisy current runs (sigma 0.6): the medians differ by chance as much as by change.
      const noisyBase = step('q', { latency: latencyFromSamples(jittered(4, 12, 20, 0.6)) });
      const noisyCur = step('q', { latency: latencyFromSamples(jittered(5, 12, 23, 0.6)) });
      const [p50] = regress(withLevel('latencyMs', ['error', { stats: ['p50'] }]), noisyBase, noisyCur);
      expect(p50?.detail?.worseBy).toBeGreaterThan(p50?.detail?.threshold as number);
      expect(p50?.status).toBe('inconclusive');
      expect(p50?.detail?.ci?.[0]).toBeLessThanOrEqual(0);
      expect(p50?.message).toMatch(/cannot tell it from noise: 95 % CI of the change \[−[\d.]+ ms, \+[\d.]+ ms\] from 12 vs 12 samples includes 0/);
      expect(failsGate(p50 as Verdict)).toBe(false);
    });
    it('inconclusive: too few samples to resolve a p99', () => {
      const [, p99] = regress(only('latencyMs'), base, step('q', { latency: latencyFromSamples(jittered(6, 40, 30, 0.05)) }));
      expect(p99?.status).toBe('inconclusive');
      expect(p99?.message).toMatch(/300 vs 40 samples are too few to tell a p99 change from noise \(it needs 100 per side\)/);
    });
    it('summaries only: compared against the thresholds, and the verdict says so', () => {
      const vs = regress(only('latencyMs'), step('q', { latency: latencySummary({ p50Ms: 20, p99Ms: 24 }) }), step('q', { latency: latencySummary({ p50Ms: 23, p99Ms: 24.5 }) }));
      expect(vs.map((v) => v.status)).toEqual(['fail', 'pass']);
      expect(vs[0]?.detail?.method).toBe('summary');
      expect(vs[0]?.message).toMatch(/summaries compared without a noise test: neither report has latency samples/);
    });
    it('warn', () => {
      const vs = regress(withLevel('latencyMs', ['warn', {}]), base, step('q', { latency: latencyFromSamples(jittered(3, 300, 24, 0.05)) }));
      expect(vs.map((v) => v.status)).toEqual(['warn', 'warn']);
    });
    it('not measured: no latency in this report', () => {
      const vs = regress(only('latencyMs'), base, step('q'));
      expect(vs.map((v) => v.status)).toEqual(['not-measured', 'not-measured']);
    });
    it('the same inputs always give the same verdict (fixed seed)', () => {
      const cur = step('q', { latency: latencyFromSamples(jittered(7, 150, 22.5, 0.08)) });
      const a = regress(only('latencyMs'), base, cur);
      const b = regress(only('latencyMs'), base, cur);
      expect(a).toEqual(b);
    });
  });

  describe('the baseline report itself', () => {
    it('a step missing from the baseline is not measured, and the baseline\'s steps are listed', () => {
      const vs = regress(only('sizeMB'), null, step('palettize', { sizeBytes: 1 }));
      expect(vs[0]?.status).toBe('not-measured');
      expect(vs[0]?.message).toBe('regression.sizeMB not measured: the baseline main.json has no step "palettize" (it has: "fp32")');
    });
    it('no --baseline: regressions are skipped unless the budget asks for them', () => {
      const implicit = evaluateTarget(onlyTarget({ sizeMB: 8 }), { step: step('q', { sizeBytes: 1 }), reference: null, baseline: null });
      expect(implicit.verdicts.map((v) => v.kind)).toEqual(['sizeMB']);
      const explicit = evaluateTarget(onlyTarget({ regression: { sizeMB: 0.1 } }), { step: step('q', { sizeBytes: 1 }), reference: null, baseline: null });
      expect(explicit.verdicts.every((v) => v.status === 'not-measured')).toBe(true);
      expect(explicit.verdicts[0]?.message).toMatch(/no --baseline report was given/);
    });
  });
});

describe('the bootstrap', () => {
  it('its resample statistics use the tool\'s percentile definition (estimate = percentile difference)', () => {
    const a = jittered(10, 101, 10, 0.2);
    const b = jittered(11, 57, 12, 0.2);
    const [p90, mean] = bootstrapDifferences(a, b, ['p90', 'mean'], { resamples: 50 });
    expect(p90?.estimate).toBeCloseTo(percentile(b, 90) - percentile(a, 90), 12);
    expect(mean?.estimate).toBeCloseTo(statOf(b, 'mean') - statOf(a, 'mean'), 12);
  });

  it('equals the textbook bootstrap (copy and sort every resample) with the same draws', () => {
    const a = jittered(40, 73, 20, 0.3);
    const b = jittered(41, 58, 22, 0.3);
    const B = 300;
    const rand = mulberry32(BOOTSTRAP_SEED);
    const draw = (v: number[]) => {
      const sorted = [...v].sort((x, y) => x - y);
      return Array.from(sorted, () => sorted[Math.floor(rand() * sorted.length)] as number).sort((x, y) => x - y);
    };
    const diffs: Record<string, number[]> = { p50: [], p90: [], p99: [], mean: [] };
    for (let i = 0; i < B; i++) {
      const ra = draw(a);
      const rb = draw(b);
      for (const [k, p] of [['p50', 50], ['p90', 90], ['p99', 99]] as const) diffs[k]?.push(percentile(rb, p) - percentile(ra, p));
      diffs.mean?.push(rb.reduce((x, y) => x + y, 0) / rb.length - ra.reduce((x, y) => x + y, 0) / ra.length);
    }
    const got = bootstrapDifferences(a, b, ['p50', 'p90', 'p99', 'mean'], { resamples: B });
    for (const ci of got) {
      const d = diffs[ci.stat] as number[];
      expect(ci.lo).toBeCloseTo(percentile(d, 2.5), 9);
      expect(ci.hi).toBeCloseTo(percentile(d, 97.5), 9);
    }
  });

  it('one sample per side: every resample is that sample, the interval collapses on the difference', () => {
    const [ci] = bootstrapDifferences([3], [5], ['p50'], { resamples: 10 });
    expect([ci?.lo, ci?.hi, ci?.estimate]).toEqual([2, 2, 2]);
  });

  it('covers the true shift, and includes 0 for identical distributions', () => {
    const base = jittered(20, 400, 20, 0.1);
    const shifted = base.map((x) => x + 2);
    const [ci] = bootstrapDifferences(base, jittered(21, 400, 20, 0.1).map((x) => x + 2), ['p50']);
    expect(ci?.lo).toBeLessThan(2);
    expect(ci?.hi).toBeGreaterThan(2);
    const [same] = bootstrapDifferences(base, jittered(22, 400, 20, 0.1), ['p50']);
    expect(same?.lo).toBeLessThan(0);
    expect(same?.hi).toBeGreaterThan(0);
    const [exact] = bootstrapDifferences(base, shifted, ['mean']);
    expect(exact?.estimate).toBeCloseTo(2, 9);
  });

  it('changes with the seed, and only with the seed', () => {
    const a = jittered(30, 60, 20, 0.2);
    const b = jittered(31, 60, 21, 0.2);
    const s1 = bootstrapDifferences(a, b, ['p99'], { seed: 1 });
    expect(bootstrapDifferences(a, b, ['p99'], { seed: 1 })).toEqual(s1);
    expect(bootstrapDifferences(a, b, ['p99'], { seed: 2 })).not.toEqual(s1);
  });
});
