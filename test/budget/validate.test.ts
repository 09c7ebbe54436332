import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { budgetFromValue } from '../../src/budget/load.js';
import { presetBudget } from '../../src/budget/resolve.js';
import { budget, onlyTarget } from './helpers.js';

function error(value: unknown, file = 'budget.json'): string {
  try {
    budgetFromValue(value, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('budget validation: errors name the file, the JSON path and what was expected', () => {
  it('the example from the issue, verbatim', () => {
    const msg = error({ targets: [{ sizeMB: 8 }, { latencyMs: { p99: '25ms' } }] });
    expect(msg).toBe(
      'budget.json:$.targets[1].latencyMs.p99: expected a number of ms (>= 0) or ["error"|"warn"|"off", {...}], got "25ms" (write the number alone, 25: the unit is in the key\'s name)',
    );
  });

  const cases: [string, unknown, string][] = [
    ['not an object', [1, 2], 'budget.json:$: expected a budget object (with assertions, or a "targets" list), got [1,2]'],
    ['an unknown key with a near miss', { sizeMb: 8 }, 'budget.json:$.sizeMb: unknown key "sizeMb"; did you mean "sizeMB"?'],
    ['an unknown latency statistic', { latencyMs: { p95: 20 } }, 'budget.json:$.latencyMs.p95: unknown key "p95"; known keys: p50, p90, p99, max, mean'],
    ['a bad level', { sizeMB: ['fatal', { max: 8 }] }, 'budget.json:$.sizeMB: expected a size in MB (a number >= 0) or ["error"|"warn"|"off", {...}], got ["fatal",{"max":8}]'],
    ['a bad option', { sizeMB: ['warn', { limit: 8 }] }, 'budget.json:$.sizeMB[1].limit: unknown key "limit"; known keys: max, message'],
    ['a negative size', { sizeMB: -1 }, 'budget.json:$.sizeMB: expected a size in MB (a number >= 0) or ["error"|"warn"|"off", {...}], got -1'],
    ['a share over 1', { fps: 30, overBudgetFrames: 5 }, 'budget.json:$.overBudgetFrames: expected a share of inferences from 0 to 1 or ["error"|"warn"|"off", {...}], got 5'],
    ['a fractional op count', { unsupportedOps: ['error', { max: 1.5 }] }, 'budget.json:$.unsupportedOps[1].max: expected a whole number >= 0, got 1.5'],
    ['an unknown category', { forbid: ['dtypes'] }, 'budget.json:$.forbid[0]: expected one of unsupported-op, dtype, shape/dynamic, deployment-target, version-compat, precision, compression, other, got "dtypes"; did you mean "dtype"?'],
    ['an empty message', { sizeMB: ['error', { max: 8, message: ' ' }] }, 'budget.json:$.sizeMB[1].message: expected a message (string), got " "'],
    ['a zero frame rate', { fps: 0 }, 'budget.json:$.fps: expected a frame rate (a number > 0) or ["error"|"warn"|"off", {...}], got 0'],
    ['assertions beside targets', { sizeMB: 8, targets: [{}] }, 'budget.json:$.sizeMB: "sizeMB" beside "targets": put it inside each target (a budget is either one target or a "targets" list)'],
    ['an empty targets list', { targets: [] }, 'budget.json:$.targets: expected a non-empty list of targets, got []'],
    ['$schema inside a target of a list', { targets: [{ $schema: 'x' }] }, 'budget.json:$.targets[0].$schema: "$schema" belongs at the top of the file, not in a target'],
    ['a metric name that needs quoting', { accuracyDrop: { 'top-1': 'x' } }, 'budget.json:$.accuracyDrop["top-1"]: expected a drop in the metric\'s units (a number >= 0) or ["error"|"warn"|"off", {...}], got "x"'],
    ['max as a regression statistic', { regression: { latencyMs: ['error', { stats: ['max'] }] } }, 'budget.json:$.regression.latencyMs[1].stats[0]: expected one of p50, p90, p99, mean, got "max" (max is one sample: compare it with latencyMs.max instead)'],
    ['a number for unsupportedOps regressions', { regression: { unsupportedOps: 2 } }, 'budget.json:$.regression.unsupportedOps: expected a level or ["error"|"warn"|"off", {...}], got 2'],
    ['an unknown preset', { preset: 'apple-watch-series7' }, 'budget.json:$.preset: unknown preset "apple-watch-series7"; did you mean "apple-watch-series-7"?; expected one of apple-watch-series-7, iphone-30fps, iphone-60fps, iphone-promotion-120hz, ipad-60fps, ipad-pro-promotion-120hz, mac-60fps, iphone-neural-engine-1gb (coreml-doctor gate --list-presets)'],
    ['a level without a limit and no preset', { sizeMB: 'warn' }, 'budget.json:$.sizeMB: "warn" without a limit: write ["warn", {"max": N}] or use a preset that sets one'],
    ['overBudgetFrames without a frame rate', { overBudgetFrames: 0.01 }, 'budget.json:$.overBudgetFrames: overBudgetFrames needs a frame budget: set "fps" (and "uiOverheadMs"), or a preset'],
    ['uiOverheadMs without a frame rate', { uiOverheadMs: 8 }, 'budget.json:$.uiOverheadMs: uiOverheadMs without a frame rate: set "fps" too (or a preset that sets it)'],
    ['uiOverheadMs eating the whole frame', { fps: 30, uiOverheadMs: 40 }, 'budget.json:$.uiOverheadMs: uiOverheadMs 40 ms leaves no time for the model at 30 fps (33.3 ms per frame)'],
    ['forbid at a level without categories', { forbid: 'warn' }, 'budget.json:$.forbid: "warn" without categories: write ["warn", {"categories": ["unsupported-op"]}]'],
    ['two targets with one name', { targets: [{ preset: 'iphone-30fps' }, { name: 'iphone-30fps', sizeMB: 1 }] }, 'budget.json:$.targets[1]: a second target named "iphone-30fps" (the first is $.targets[0]); expected a unique "name" per target'],
  ];
  for (const [what, value, expected] of cases) {
    it(what, () => expect(error(value)).toBe(expected));
  }

  it('a budget inside a pipeline manifest is named by its path there', () => {
    expect(error({ targets: [{ sizeMB: 'big' }] }, 'pipeline.json')).toMatch(/^pipeline\.json:\$\.targets\[0\]\.sizeMB: /);
    expect(() => budgetFromValue({ targets: [{ sizeMB: 'big' }] }, 'pipeline.json', '$.budget')).toThrow(/^pipeline\.json:\$\.budget\.targets\[0\]\.sizeMB: expected a size in MB/);
    expect(budgetFromValue({ sizeMB: 8 }, 'pipeline.json', '$.budget').targets[0]?.assertions[0]?.origin).toBe('pipeline.json:$.budget.sizeMB');
  });

  it('the messages are single lines whatever the input holds', () => {
    const msg = error({ accuracyDrop: { 'a\nb': 'x\ny' } });
    expect(msg.split('\n')).toHaveLength(1);
  });
});

describe('budget forms and presets', () => {
  it('a number is an error-level maximum; a level string or [level, options] sets the level', () => {
    const t = onlyTarget({ sizeMB: 8, latencyMs: { p50: ['warn', { max: 20, message: 'slow' }], p99: ['error', { max: 25 }] } });
    expect(t.assertions.map((a) => [a.kind, a.key, a.level, a.limit, a.message])).toEqual([
      ['sizeMB', null, 'error', 8, null],
      ['latencyMs', 'p50', 'warn', 20, 'slow'],
      ['latencyMs', 'p99', 'error', 25, null],
    ]);
  });

  it('off removes an assertion', () => {
    const t = onlyTarget({ sizeMB: 'off', unsupportedOps: ['off', { max: 3 }] });
    expect(t.assertions).toEqual([]);
  });

  it('apple-watch-series-7: 8 MB, 30 fps, 25 ms per inference, checked on p99', () => {
    const t = onlyTarget({ preset: 'apple-watch-series-7' });
    expect(t.name).toBe('apple-watch-series-7');
    expect(t.frame?.fps).toBe(30);
    expect(t.frame?.perInferenceMs).toBeCloseTo(25, 12);
    expect(t.assertions.map((a) => [a.kind, a.level, Number(a.limit.toFixed(9)), a.stat ?? null, a.origin])).toEqual([
      ['sizeMB', 'error', 8, null, 'preset apple-watch-series-7'],
      ['fps', 'error', 25, 'p99', 'preset apple-watch-series-7'],
    ]);
  });

  it('a budget overrides a preset field by field; a level alone keeps the preset\'s limit', () => {
    const t = onlyTarget({ preset: 'apple-watch-series-7', sizeMB: 'warn', fps: ['error', { stat: 'p90' }], uiOverheadMs: 3.3333333333333357 });
    const size = t.assertions.find((a) => a.kind === 'sizeMB');
    expect(size).toMatchObject({ level: 'warn', limit: 8, origin: 'budget.json:$.sizeMB (limit from preset apple-watch-series-7)' });
    const fps = t.assertions.find((a) => a.kind === 'fps');
    expect(fps?.stat).toBe('p90');
    expect(fps?.limit).toBeCloseTo(30, 9);
    const bigger = onlyTarget({ preset: 'apple-watch-series-7', sizeMB: 12, fps: 60 });
    expect(bigger.assertions.find((a) => a.kind === 'sizeMB')?.limit).toBe(12);
    expect(bigger.frame?.perInferenceMs).toBeCloseTo(1000 / 60 - (1000 / 30 - 25), 9);
  });

  it('fps off keeps the frame rate for overBudgetFrames', () => {
    const t = onlyTarget({ preset: 'iphone-60fps', fps: 'off', overBudgetFrames: 0.01 });
    expect(t.assertions.map((a) => a.kind)).toEqual(['sizeMB', 'overBudgetFrames']);
    expect(t.frame?.perInferenceMs).toBeCloseTo(12, 9);
  });

  it('several targets, like assertMatrix, each with its own name, step and preset', () => {
    const b = budget({ targets: [{ preset: 'apple-watch-series-7' }, { name: 'phone', preset: 'iphone-60fps', step: 'fp16' }, { sizeMB: 100 }] });
    expect(b.targets.map((t) => [t.name, t.preset, t.step])).toEqual([
      ['apple-watch-series-7', 'apple-watch-series-7', null],
      ['phone', 'iphone-60fps', 'fp16'],
      ['target 3', null, null],
    ]);
  });

  it('regression limits: defaults, overridden per kind, off per kind', () => {
    const d = onlyTarget({});
    expect(d.regressionsExplicit).toBe(false);
    expect(d.regressions.map((r) => [r.kind, r.level, r.relative, r.absolute])).toEqual([
      ['regression.sizeMB', 'error', 0.05, 0.05],
      ['regression.latencyMs', 'error', 0.1, 1],
      ['regression.accuracy', 'error', 0.005, 0],
      ['regression.unsupportedOps', 'error', 0, 0],
    ]);
    const o = onlyTarget({ regression: { sizeMB: 0.1, latencyMs: ['warn', { absolute: 2, stats: ['p90'] }], unsupportedOps: 'off' } });
    expect(o.regressionsExplicit).toBe(true);
    expect(o.regressions.map((r) => [r.kind, r.level, r.relative, r.absolute, r.stats ?? null])).toEqual([
      ['regression.sizeMB', 'error', 0.1, 0.05, null],
      ['regression.latencyMs', 'warn', 0.1, 2, ['p90']],
      ['regression.accuracy', 'error', 0.005, 0, null],
    ]);
  });

  it('--preset builds a budget from presets alone', () => {
    expect(presetBudget('ipad-pro-promotion-120hz').targets[0]?.frame?.perInferenceMs).toBeCloseTo(6, 9);
    expect(() => presetBudget('ipad')).toThrow(/--preset: unknown preset "ipad"/);
  });
});
