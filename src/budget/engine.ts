/**
 * The assertion engine: each target's assertions meet the step's measurement, row by row
 * (src/budget/assertions.ts), then the regressions against a baseline report (regressions.ts).
 * Pure: measurements in, verdicts out; bad references (a step that does not exist) are InputErrors.
 */
import { InputError } from '../core/errors.js';
import type { StepMeasurement } from '../report/model.js';
import { assertionRow, type MeasureInput } from './assertions.js';
import { formatValue } from './format.js';
import {
  failsGate,
  GATE_SCHEMA_VERSION,
  type AssertionSpec,
  type Budget,
  type GateCounts,
  type GateResult,
  type ResolvedTarget,
  type TargetResult,
  type Verdict,
} from './model.js';
import { evaluateRegressions, type BaselineInput } from './regressions.js';

/** Evaluates one absolute assertion. */
export function evaluateAssertion(spec: AssertionSpec, input: MeasureInput): Verdict {
  const row = assertionRow(spec.kind);
  const label = row.label(spec, input);
  const measured = row.measure(spec, input);
  const base = {
    assertion: spec.key === null ? spec.kind : `${spec.kind}.${spec.key}`,
    kind: spec.kind,
    ruleId: row.ruleId,
    level: spec.level === 'warn' ? ('warn' as const) : ('error' as const),
    limit: spec.limit,
    unit: row.unit,
    customMessage: spec.message,
    origin: spec.origin,
  };
  if (measured.value === null) {
    return { ...base, status: 'not-measured', actual: null, message: `${label} not measured: ${measured.missing}` };
  }
  const actual = measured.value;
  const note = measured.note ? ` (${measured.note})` : '';
  // Tolerance for floating point (a size of exactly 8 MB passes an 8 MB budget).
  const within = actual <= spec.limit + 1e-9 * Math.max(1, Math.abs(spec.limit));
  const message = row.sentence
    ? row.sentence(within, actual, spec, input, measured.note)
    : within
      ? `${label} ${formatValue(actual, row.unit)}${note} is within ${formatValue(spec.limit, row.unit)}`
      : `${label} ${formatValue(actual, row.unit)}${note} is over the budget of ${formatValue(spec.limit, row.unit)} by ${formatValue(actual - spec.limit, row.unit)}`;
  return { ...base, status: within ? 'pass' : spec.level === 'warn' ? 'warn' : 'fail', actual, message };
}

export interface TargetInput {
  step: StepMeasurement;
  /** The step accuracyDrop compares against. */
  reference: StepMeasurement | null;
  /** The baseline report for regressions; null without --baseline. */
  baseline: BaselineInput | null;
}

export function evaluateTarget(target: ResolvedTarget, input: TargetInput): TargetResult {
  const m: MeasureInput = { target, step: input.step, reference: input.reference };
  const verdicts = [...target.assertions.map((a) => evaluateAssertion(a, m)), ...evaluateRegressions(target, input.step, input.baseline)];
  return {
    name: target.name,
    preset: target.preset,
    step: input.step.name,
    baselineStep: input.reference?.name ?? null,
    frame: target.frame,
    verdicts,
    passed: !verdicts.some(failsGate),
  };
}

export function countVerdicts(targets: readonly TargetResult[]): GateCounts {
  const c: GateCounts = { pass: 0, warn: 0, fail: 0, notMeasured: 0, inconclusive: 0, errors: 0 };
  for (const t of targets) {
    for (const v of t.verdicts) {
      if (v.status === 'pass') c.pass++;
      else if (v.status === 'warn') c.warn++;
      else if (v.status === 'fail') c.fail++;
      else if (v.status === 'not-measured') c.notMeasured++;
      else c.inconclusive++;
      if (failsGate(v)) c.errors++;
    }
  }
  return c;
}

/** The measurements a gate runs on: the steps of a report (or of a pipeline measured now). */
export interface Measurements {
  source: { kind: 'report' | 'pipeline'; file: string };
  model: string | null;
  device: string | null;
  steps: StepMeasurement[];
}

export interface GateOptions {
  /** --step: the step for targets that do not name one (default: the last). */
  step?: string | undefined;
  /** --baseline: the baseline report's steps. */
  baseline?: { file: string; steps: StepMeasurement[] } | undefined;
}

function names(steps: readonly StepMeasurement[]): string {
  return steps.map((s) => JSON.stringify(s.name)).join(', ') || 'none';
}

function findStep(steps: readonly StepMeasurement[], name: string, file: string, place: string | undefined, src: string): StepMeasurement {
  const s = steps.find((x) => x.name === name);
  if (!s) throw new InputError(file, place, `no step named ${JSON.stringify(name)} in ${src}`, `one of ${names(steps)}`);
  return s;
}

/** Runs every target of the budget against the measurements. */
export function runGate(budget: Budget, m: Measurements, opts: GateOptions = {}): GateResult {
  if (m.steps.length === 0) throw new InputError(m.source.file, undefined, 'the report has no steps', 'a report with at least one measured step');
  const first = m.steps[0] as StepMeasurement;
  const last = m.steps[m.steps.length - 1] as StepMeasurement;
  const targets = budget.targets.map((t) => {
    const step = t.step !== null
      ? findStep(m.steps, t.step, budget.file, `target ${JSON.stringify(t.name)} step`, m.source.file)
      : opts.step !== undefined
        ? findStep(m.steps, opts.step, '--step', undefined, m.source.file)
        : last;
    const reference = t.baselineStep !== null ? findStep(m.steps, t.baselineStep, budget.file, `target ${JSON.stringify(t.name)} baselineStep`, m.source.file) : first;
    const baseline: BaselineInput | null = opts.baseline
      ? { file: opts.baseline.file, step: opts.baseline.steps.find((s) => s.name === step.name) ?? null, stepNames: opts.baseline.steps.map((s) => s.name) }
      : null;
    return evaluateTarget(t, { step, reference, baseline });
  });
  const counts = countVerdicts(targets);
  return {
    schemaVersion: GATE_SCHEMA_VERSION,
    passed: counts.errors === 0,
    source: m.source,
    budgetFile: budget.file,
    baselineFile: opts.baseline?.file ?? null,
    model: m.model,
    device: m.device,
    targets,
    counts,
  };
}
