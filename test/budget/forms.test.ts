/**
 * The forms the engine offers, each proven by one of the model rows of src/budget/assertions.ts
 * (issue 11: weightBits, minimumOS, computePrecision, forbidOps, flexibleInputs, aneFindings), rows
 * that read the step's StepModelFacts and were added to the table and nothing else. Validation,
 * resolution, judging, the JSON Schema and the docs table all come from the rows, so each form is
 * exercised end to end here at pass, fail, warn and not measured.
 */
import { describe, expect, it } from 'vitest';
import { BUDGET_ROWS } from '../../src/budget/assertions.js';
import { assertionsTable } from '../../src/budget/docs.js';
import { evaluateTarget, runGate } from '../../src/budget/engine.js';
import { budgetJsonSchema } from '../../src/budget/json-schema.js';
import { budgetFromValue } from '../../src/budget/load.js';
import { failsGate, type ResolvedTarget, type Verdict } from '../../src/budget/model.js';
import { InputError } from '../../src/core/errors.js';
import type { StepMeasurement } from '../../src/step/model.js';
import { modelFacts as facts, step } from './helpers.js';
import { validateAgainstSchema } from './json-schema.js';

const rows = BUDGET_ROWS;
const MODEL_ROWS = ['weightBits', 'minimumOS', 'computePrecision', 'forbidOps', 'flexibleInputs', 'aneFindings'].map((k) => BUDGET_ROWS.row(k));

function target(value: unknown): ResolvedTarget {
  return budgetFromValue(value, 'budget.json', '$', rows).targets[0] as ResolvedTarget;
}

function judge(value: unknown, s: StepMeasurement): Verdict[] {
  return evaluateTarget(target(value), { step: s, reference: null, baseline: null }, rows).verdicts;
}

function error(value: unknown): string {
  try {
    budgetFromValue(value, 'budget.json', '$', rows);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

const model = step('pal6', { model: facts() });
const bare = step('pal6');

describe('a plain maximum (weightBits)', () => {
  it('pass, fail, warn, not measured (no model; weights missing)', () => {
    expect(judge({ weightBits: 8 }, model)[0]).toMatchObject({ assertion: 'weightBits', status: 'pass', actual: 6.01, limit: 8, bound: 'max', message: 'bits per weight 6.01 bits (palettized 6-bit) is within 8 bits' });
    expect(judge({ weightBits: 4 }, model)[0]).toMatchObject({ status: 'fail', message: 'bits per weight 6.01 bits (palettized 6-bit) is over the budget of 4 bits by 2.01 bits' });
    expect(judge({ weightBits: ['warn', { max: 4 }] }, model)[0]?.status).toBe('warn');
    const none = judge({ weightBits: 8 }, bare)[0] as Verdict;
    expect(none).toMatchObject({ status: 'not-measured', message: 'bits per weight not measured: step "pal6" has no Core ML model to read (add "model" to the step in the manifest: an .mlpackage or .mlmodel)' });
    expect(failsGate(none)).toBe(true);
    expect(judge({ weightBits: 8 }, step('x', { model: facts({ weightsPresent: false }) }))[0]?.message).toMatch(/the weights of models\/PoseNet\.mlpackage are missing/);
  });
});

describe('a maximum per key with dotted versions (minimumOS)', () => {
  it('compares versions number by number: 17.10 is above 17.9', () => {
    const v = judge({ minimumOS: { iOS: '17.9', watchOS: '10.0' } }, step('x', { model: facts({ minimumOS: { iOS: '17.10', watchOS: '10' } }) }));
    expect(v.map((x) => [x.assertion, x.status, x.actualText, x.limitText])).toEqual([
      ['minimumOS.iOS', 'fail', '17.10', '17.9'],
      ['minimumOS.watchOS', 'pass', '10', '10.0'],
    ]);
    expect(v[0]).toMatchObject({ actual: null, limit: null, message: 'the model needs iOS 17.10, newer than the iOS 17.9 it must run on' });
  });
  it('a platform the model does not target is not measured; levels per key', () => {
    const v = judge({ minimumOS: { macOS: ['warn', { max: '14.0' }], watchOS: '9.0' } }, model);
    expect(v.map((x) => [x.assertion, x.level, x.status])).toEqual([
      ['minimumOS.macOS', 'warn', 'not-measured'],
      ['minimumOS.watchOS', 'error', 'fail'],
    ]);
  });
  it('refuses what is not a version, or a platform it does not know', () => {
    expect(error({ minimumOS: { watchOS: 10 } })).toBe('budget.json:$.minimumOS.watchOS: expected a version such as "17.0" or ["error"|"warn"|"off", {...}], got 10');
    expect(error({ minimumOS: { watchos: '10.0' } })).toBe('budget.json:$.minimumOS.watchos: unknown key "watchos"; did you mean "watchOS"?');
    expect(error({ minimumOS: { iOS: ['error', { max: '17.x' }] } })).toBe('budget.json:$.minimumOS.iOS[1].max: expected a version such as "17.0", got "17.x"');
  });
});

describe('a set of forbidden or allowed values (computePrecision)', () => {
  it('forbid', () => {
    expect(judge({ computePrecision: { forbid: ['fp32'] } }, model)[0]).toMatchObject({ status: 'pass', actualText: 'fp16', limitText: 'not fp32', bound: 'text' });
    const v = judge({ computePrecision: { forbid: ['fp32'] } }, step('x', { model: facts({ computePrecision: 'fp32' }) }))[0];
    expect(v).toMatchObject({ status: 'fail', message: 'compute precision fp32 breaks the budget (not fp32)' });
  });
  it('allow, at warn level', () => {
    expect(judge({ computePrecision: ['warn', { allow: ['fp16'] }] }, step('x', { model: facts({ computePrecision: 'mixed' }) }))[0]).toMatchObject({ status: 'warn', limitText: 'one of fp16' });
  });
  it('refuses an unknown value with a suggestion, and an empty setting', () => {
    expect(error({ computePrecision: { forbid: ['fp33'] } })).toBe('budget.json:$.computePrecision.forbid[0]: expected one of fp16, fp32, mixed, unknown, got "fp33"; did you mean "fp32"?');
    expect(error({ computePrecision: {} })).toMatch(/^budget\.json:\$\.computePrecision: expected \{"forbid": \[\.\.\.\]\} or \{"allow": \[\.\.\.\]\}/);
    expect(error({ computePrecision: 'warn' })).toBe('budget.json:$.computePrecision: "warn" without values: write ["warn", {"forbid": [...]}] or ["warn", {"allow": [...]}]');
  });
  it('not measured without a model', () => {
    expect(judge({ computePrecision: { forbid: ['fp32'] } }, bare)[0]?.status).toBe('not-measured');
  });
});

describe('a list of forbidden names with counts (forbidOps)', () => {
  it('fails when any is present, naming each with its count', () => {
    const [v] = judge({ forbidOps: ['gather', 'einsum', 'lstm'] }, model);
    expect(v).toMatchObject({ assertion: 'forbidOps', status: 'fail', actual: 4, limit: 0, bound: 'none' });
    expect(v?.message).toBe('the model has forbidden ops: gather ×3, einsum ×1');
    expect(judge({ forbidOps: ['lstm'] }, model)[0]?.status).toBe('pass');
    expect(judge({ forbidOps: ['warn', { ops: ['gather'] }] }, model)[0]?.status).toBe('warn');
  });
  it('refuses a list of other things', () => {
    expect(error({ forbidOps: [1] })).toBe('budget.json:$.forbidOps[0]: expected a name (a non-empty string), got 1');
    expect(error({ forbidOps: 'warn' })).toBe('budget.json:$.forbidOps: "warn" without ops: write ["warn", {"ops": ["gather"]}]');
  });
});

describe('allowed or not (flexibleInputs)', () => {
  it('false: none allowed; true: allowed, still reported', () => {
    const flexible = step('x', { model: facts({ flexibleInputs: ['image', 'mask'] }) });
    expect(judge({ flexibleInputs: false }, flexible)[0]).toMatchObject({ status: 'fail', actual: 2, limit: 0, limitText: 'none allowed' });
    expect(judge({ flexibleInputs: false }, flexible)[0]?.message).toContain('(image, mask)');
    expect(judge({ flexibleInputs: false }, model)[0]?.status).toBe('pass');
    expect(judge({ flexibleInputs: true }, flexible)[0]).toMatchObject({ status: 'pass', limit: null, limitText: 'allowed' });
    expect(judge({ flexibleInputs: ['warn', { allowed: false }] }, flexible)[0]?.status).toBe('warn');
  });
  it('refuses what is not a boolean', () => {
    expect(error({ flexibleInputs: 'no' })).toBe('budget.json:$.flexibleInputs: expected true (allowed) or false (not allowed) or ["error"|"warn"|"off", {...}], got "no"');
  });
});

describe('a maximum count per level (aneFindings)', () => {
  it('counts the findings of each level against its own maximum', () => {
    const v = judge({ aneFindings: { error: 0, warning: 0, info: 5 } }, model);
    expect(v.map((x) => [x.assertion, x.status, x.actual])).toEqual([
      ['aneFindings.error', 'pass', 0],
      ['aneFindings.warning', 'fail', 1],
      ['aneFindings.info', 'pass', 1],
    ]);
  });
  it('refuses a fractional count', () => {
    expect(error({ aneFindings: { warning: 1.5 } })).toBe('budget.json:$.aneFindings.warning: expected a count (a whole number >= 0) or ["error"|"warn"|"off", {...}], got 1.5');
  });
});

describe('rows added to the table reach everything the table derives', () => {
  it('the JSON Schema describes them, and agrees with the validator on a budget that uses all six', () => {
    const schema = budgetJsonSchema(rows);
    const ok = { weightBits: 8, minimumOS: { watchOS: '10.0' }, computePrecision: { forbid: ['fp32'] }, forbidOps: ['gather'], flexibleInputs: false, aneFindings: { error: 0 } };
    expect(validateAgainstSchema(schema, ok)).toEqual([]);
    expect(() => target(ok)).not.toThrow();
    for (const bad of [{ weightBits: 'eight' }, { minimumOS: { watchOS: 10 } }, { computePrecision: { forbid: ['fp64'] } }, { flexibleInputs: 'no' }, { aneFindings: { fatal: 1 } }]) {
      expect(validateAgainstSchema(schema, bad).length, JSON.stringify(bad)).toBeGreaterThan(0);
      expect(() => target(bad), JSON.stringify(bad)).toThrow(InputError);
    }
  });
  it('the docs table lists them', () => {
    const table = assertionsTable(rows);
    for (const r of MODEL_ROWS) expect(table).toContain(`\`${r.key}`);
  });
  it('the engine runs them in a gate and fails closed on the steps without a model', () => {
    const budget = budgetFromValue({ sizeMB: 8, weightBits: 8 }, 'budget.json', '$', rows);
    const r = runGate(budget, { source: { kind: 'report', file: 'r.json' }, model: null, device: null, steps: [step('fp32', { sizeBytes: 1 }), model] }, { rows, step: 'fp32' });
    expect(r.passed).toBe(false);
    expect(r.targets[0]?.verdicts.map((v) => [v.assertion, v.status])).toEqual([
      ['sizeMB', 'pass'],
      ['weightBits', 'not-measured'],
    ]);
  });
});
