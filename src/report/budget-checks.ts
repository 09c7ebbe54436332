/**
 * Budget status of each step: every limit the budget sets, with the step's actual value. A value
 * the step does not have is `not-measured` (never a pass). Every check is `actual <= limit`.
 * Accuracy drops are measured against the first step, in the metric's own units.
 */
import { percentile } from '../core/stats.js';
import { BYTES_PER_MB } from '../core/units.js';
import type { FrameBudgetFigures } from './budget.js';
import type { BudgetCheck, BudgetStatus, LatencySummary, ReportBudgetSummary, StepMeasurement } from './model.js';

const STAT_FIELD = new Map<string, keyof LatencySummary>([
  ['p50', 'p50Ms'],
  ['p90', 'p90Ms'],
  ['p99', 'p99Ms'],
  ['max', 'maxMs'],
  ['mean', 'meanMs'],
]);
const STAT_PERCENT = new Map<string, number>([
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['max', 100],
]);

/** A latency statistic of a step: from its summary, else from its samples. */
export function latencyStat(lat: LatencySummary | null, stat: string): number | null {
  if (!lat) return null;
  const field = STAT_FIELD.get(stat);
  const v = field ? lat[field] : null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const samples = lat.samplesMs;
  if (!samples || samples.length === 0) return null;
  if (stat === 'mean') return samples.reduce((a, b) => a + b, 0) / samples.length;
  const p = STAT_PERCENT.get(stat);
  return p === undefined ? null : percentile(samples, p);
}

/** Drop of a metric against the reference, in its units (a rise for lower-is-better metrics). */
export function accuracyDrop(step: StepMeasurement, reference: StepMeasurement, metric: string, lowerIsBetter: boolean): number | null {
  const cur = step.accuracy.get(metric);
  const ref = reference.accuracy.get(metric);
  if (cur === undefined || ref === undefined) return null;
  return lowerIsBetter ? cur - ref : ref - cur;
}

const EPSILON = 1e-9;

function check(key: string, label: string, unit: BudgetCheck['unit'], actual: number | null, limit: number, missing: string): BudgetCheck {
  const status: BudgetStatus = actual === null ? 'not-measured' : actual <= limit + EPSILON ? 'pass' : 'fail';
  return actual === null ? { key, label, unit, actual, limit, status, note: missing } : { key, label, unit, actual, limit, status };
}

export function budgetChecks(step: StepMeasurement, baseline: StepMeasurement, budget: ReportBudgetSummary, frame: FrameBudgetFigures | null): BudgetCheck[] {
  const out: BudgetCheck[] = [];
  if (budget.sizeBytes !== null) {
    out.push(check('sizeMB', 'model size', 'MB', step.sizeBytes === null ? null : step.sizeBytes / BYTES_PER_MB, budget.sizeBytes / BYTES_PER_MB, 'no model size (a "model" or "sizeBytes")'));
  }
  const noLatency = step.latency ? 'the latency summary lacks this statistic' : 'no latency (a "trace" or "latencyMs")';
  for (const [stat, limit] of budget.latencyMs) {
    out.push(check(`latencyMs.${stat}`, `${stat} latency`, 'ms', latencyStat(step.latency, stat), limit, noLatency));
  }
  if (frame) {
    out.push(check('fps', `${budget.frameStat} latency vs the ${round(frame.fps)} fps frame budget`, 'ms', latencyStat(step.latency, budget.frameStat), frame.perInferenceMs, noLatency));
    if (budget.overBudgetFrames !== null) {
      out.push(
        check('overBudgetFrames', 'share of inferences over the frame budget', 'share', step.latency?.overBudgetShare ?? null, budget.overBudgetFrames, 'no latency samples to count inferences over the frame budget'),
      );
    }
  }
  for (const [metric, limit] of budget.accuracyDrop) {
    const lower = budget.lowerIsBetter.has(metric);
    const missing = step.accuracy.has(metric) ? `the first step "${baseline.name}" has no ${metric}` : `no accuracy metric ${JSON.stringify(metric)}`;
    out.push(check(`accuracyDrop.${metric}`, `${metric} ${lower ? 'rise' : 'drop'} vs "${baseline.name}"`, 'points', accuracyDrop(step, baseline, metric, lower), limit, missing));
  }
  if (budget.unsupportedOps !== null) {
    out.push(check('unsupportedOps', 'unsupported ops', 'count', step.log ? step.log.unsupportedOps.length : null, budget.unsupportedOps, 'no conversion log ("log")'));
  }
  return out;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
