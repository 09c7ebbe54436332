/**
 * The assertion kinds, one data row each (as Lighthouse CI's assert.js keeps its assertion
 * definitions): the rule id SARIF reports it under, its unit, how it is labelled and how its actual
 * value is read from a step. Every row compares `actual <= limit`; a row that cannot read its value
 * says why, and the engine reports that as "not measured" (the gate fails closed).
 */
import { countAbove, percentile } from '../core/stats.js';
import type { LatencySummary, StepMeasurement } from '../report/model.js';
import { BYTES_PER_MB } from '../core/units.js';
import { formatValue } from './format.js';
import type { AssertionKindId, AssertionSpec, LatencyStat, ResolvedTarget, Unit } from './model.js';

/** What SARIF, JUnit and the docs need to know about a kind of assertion. */
export interface RuleInfo {
  kind: AssertionKindId;
  ruleId: string;
  /** PascalCase name (SARIF `rule.name`). */
  ruleName: string;
  /** One line: what the rule checks. */
  help: string;
  unit: Unit;
}

export interface MeasureInput {
  target: ResolvedTarget;
  step: StepMeasurement;
  /** The step accuracyDrop compares against (the target's baselineStep, else the first step). */
  reference: StepMeasurement | null;
}

export type Measured = { value: number; note?: string } | { value: null; missing: string };

export interface AssertionRow extends RuleInfo {
  /** How the assertion reads in a message: "model size", "p99 latency", "top1 drop vs fp32". */
  label(spec: AssertionSpec, input: MeasureInput): string;
  measure(spec: AssertionSpec, input: MeasureInput): Measured;
  /** The sentence for a measured value, when the generic "LABEL X is within / over the budget of Y" reads badly. */
  sentence?(within: boolean, actual: number, spec: AssertionSpec, input: MeasureInput, note: string | undefined): string;
}

const STAT_FIELD: Record<LatencyStat, keyof Pick<LatencySummary, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'meanMs'>> = {
  p50: 'p50Ms',
  p90: 'p90Ms',
  p99: 'p99Ms',
  max: 'maxMs',
  mean: 'meanMs',
};

const STAT_PERCENT: Record<Exclude<LatencyStat, 'mean'>, number> = { p50: 50, p90: 90, p99: 99, max: 100 };

/** A latency statistic: from the summary, else computed from the samples (same percentile definition). */
export function latencyStat(step: StepMeasurement, stat: LatencyStat): Measured {
  const lat = step.latency;
  if (!lat) return { value: null, missing: `step "${step.name}" has no latency measurement (a trace or latencyMs in the manifest)` };
  const v = lat[STAT_FIELD[stat]];
  if (v !== null && Number.isFinite(v)) return { value: v };
  const samples = lat.samplesMs;
  if (samples && samples.length > 0) {
    if (stat === 'mean') return { value: samples.reduce((a, b) => a + b, 0) / samples.length };
    return { value: percentile(samples, STAT_PERCENT[stat]) };
  }
  return { value: null, missing: `the latency of step "${step.name}" is a summary without ${stat}` };
}

function needLog(step: StepMeasurement): Measured | null {
  return step.log ? null : { value: null, missing: `step "${step.name}" has no conversion log (add "log" to the step in the manifest)` };
}

export const ASSERTION_ROWS: readonly AssertionRow[] = [
  {
    kind: 'sizeMB',
    ruleId: 'CML-BUDGET-SIZE',
    ruleName: 'ModelSizeBudget',
    help: 'The model is no larger than the budget (MB, 1 MB = 1,000,000 bytes).',
    unit: 'MB',
    label: () => 'model size',
    measure: (_s, { step }) =>
      step.sizeBytes === null ? { value: null, missing: `step "${step.name}" has no model size (a "model" path or "sizeBytes" in the manifest)` } : { value: step.sizeBytes / BYTES_PER_MB },
  },
  {
    kind: 'latencyMs',
    ruleId: 'CML-BUDGET-LATENCY',
    ruleName: 'LatencyBudget',
    help: 'A latency statistic (p50, p90, p99, max, mean) of the step is within the budget (ms).',
    unit: 'ms',
    label: (s) => `${s.key} latency`,
    measure: (s, { step }) => latencyStat(step, s.key as LatencyStat),
  },
  {
    kind: 'fps',
    ruleId: 'CML-BUDGET-FRAME',
    ruleName: 'FrameBudget',
    help: 'Inference keeps up with the frame rate: a latency statistic (p99 by default) is within 1000 / fps − uiOverheadMs.',
    unit: 'ms',
    label: (s) => `${s.stat ?? 'p99'} latency`,
    measure: (s, { step }) => latencyStat(step, s.stat ?? 'p99'),
    sentence: (within, actual, s) =>
      `${s.stat ?? 'p99'} latency ${formatValue(actual, 'ms')} ${within ? 'fits' : 'is over'} the ${s.fps ?? '?'} fps per-inference budget of ${formatValue(s.limit, 'ms')}` +
      (within ? '' : ` by ${formatValue(actual - s.limit, 'ms')}`),
  },
  {
    kind: 'overBudgetFrames',
    ruleId: 'CML-BUDGET-OVER-BUDGET-FRAMES',
    ruleName: 'OverBudgetFrames',
    help: 'The share of inferences slower than the per-inference frame budget is no larger than allowed.',
    unit: 'share',
    label: (_s, { target }) => `share of inferences over ${formatValue(target.frame?.perInferenceMs ?? null, 'ms')}`,
    measure: (_s, { step, target }) => {
      const limitMs = target.frame?.perInferenceMs;
      if (limitMs === undefined) return { value: null, missing: 'no frame budget (fps)' };
      const samples = step.latency?.samplesMs;
      if (samples && samples.length > 0) return { value: countAbove(samples, limitMs) / samples.length, note: `${countAbove(samples, limitMs)} of ${samples.length}` };
      const max = step.latency?.maxMs;
      if (max !== null && max !== undefined && max <= limitMs) return { value: 0, note: `the slowest inference (${formatValue(max, 'ms')}) is within it` };
      return {
        value: null,
        missing: `step "${step.name}" has no latency samples: a summary cannot tell how many inferences exceed ${formatValue(limitMs, 'ms')} (a trace or a latencyMs list in the manifest keeps them)`,
      };
    },
  },
  {
    kind: 'accuracyDrop',
    ruleId: 'CML-BUDGET-ACCURACY-DROP',
    ruleName: 'AccuracyDrop',
    help: 'A quality metric dropped no more than allowed against the baseline step (in the metric\'s own units).',
    unit: 'points',
    label: (s, { reference, target }) =>
      `${s.key} ${target.lowerIsBetter.has(s.key ?? '') ? 'rise' : 'drop'} vs step "${reference?.name ?? '?'}"`,
    measure: (s, { step, reference, target }) => {
      const metric = s.key as string;
      if (!reference) return { value: null, missing: 'no baseline step to compare with' };
      const cur = step.accuracy.get(metric);
      const ref = reference.accuracy.get(metric);
      const list = (m: Map<string, number>) => (m.size ? [...m.keys()].map((k) => JSON.stringify(k)).join(', ') : 'none');
      if (cur === undefined) return { value: null, missing: `step "${step.name}" has no accuracy metric ${JSON.stringify(metric)} (it has: ${list(step.accuracy)})` };
      if (ref === undefined) return { value: null, missing: `baseline step "${reference.name}" has no accuracy metric ${JSON.stringify(metric)} (it has: ${list(reference.accuracy)})` };
      const drop = target.lowerIsBetter.has(metric) ? cur - ref : ref - cur;
      return { value: drop, note: `${formatValue(ref, 'points')} → ${formatValue(cur, 'points')}` };
    },
  },
  {
    kind: 'unsupportedOps',
    ruleId: 'CML-BUDGET-UNSUPPORTED-OPS',
    ruleName: 'UnsupportedOps',
    help: 'The conversion log names no more unsupported ops than allowed.',
    unit: 'count',
    label: () => 'unsupported ops',
    measure: (_s, { step }) => {
      const missing = needLog(step);
      if (missing) return missing;
      const ops = step.log?.unsupportedOps ?? [];
      return { value: ops.length, ...(ops.length ? { note: ops.join(', ') } : {}) };
    },
    sentence: (within, actual, s, _i, note) =>
      actual === 0 ? 'no unsupported ops in the conversion log' : `${actual} unsupported op${actual === 1 ? '' : 's'} in the conversion log (${note ?? ''}), ${within ? 'within' : 'over'} the ${s.limit} allowed`,
  },
  {
    kind: 'forbid',
    ruleId: 'CML-BUDGET-FORBID',
    ruleName: 'ForbiddenDiagnostic',
    help: 'The conversion log has no diagnostic of a forbidden category.',
    unit: 'count',
    label: (s) => `${s.key} diagnostics`,
    measure: (s, { step }) => {
      const missing = needLog(step);
      if (missing) return missing;
      return { value: (step.log?.categories ?? []).filter((c) => c === s.key).length };
    },
    sentence: (_within, actual, s) =>
      actual === 0 ? `no ${s.key} diagnostics in the conversion log` : `the conversion log has ${actual} ${s.key} diagnostic${actual === 1 ? '' : 's'}, a forbidden category`,
  },
];

const BY_KIND = new Map<AssertionKindId, AssertionRow>(ASSERTION_ROWS.map((r) => [r.kind, r]));

export function assertionRow(kind: AssertionKindId): AssertionRow {
  const row = BY_KIND.get(kind);
  if (!row) throw new Error(`no assertion row for ${kind}`);
  return row;
}
