/**
 * The one engine that judges budgets. Each target's assertions meet a step's measurement row by row
 * (src/budget/assertions.ts: the row measures, its form judges), then the regressions against a
 * baseline report (regressions.ts). `gate` asks it for the steps it checks (runGate), `report` for
 * every step (judgeSteps), `trace --budget-ms` for each interval series it judges; all three show
 * the verdicts it returns and judge nothing themselves. Pure: measurements in, verdicts out; bad
 * references (a step that does not exist, a budget that asserts nothing) are InputErrors.
 */
import { InputError } from '../core/errors.js';
import type { StepMeasurement } from '../step/model.js';
import { BUDGET_ROWS, type MeasureInput, type RowTable } from './assertions.js';
import { formatValue, limitCell, verdictLimitValue } from './format.js';
import type { Judgement } from './forms/form.js';
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

function sentence(label: string, j: Judgement, v: Pick<Verdict, 'bound' | 'limit' | 'limitText' | 'unit'>, note: string): string {
  const shown = j.actualText ?? formatValue(j.actual, v.unit);
  const limit = verdictLimitValue(v);
  if (v.bound === 'text') return `${label} ${shown}${note} ${j.within ? 'is within' : 'breaks'} the budget (${limitCell(v)})`;
  if (j.within) return `${label} ${shown}${note} is within ${limit}`;
  if (j.over !== undefined && Number.isFinite(j.over)) return `${label} ${shown}${note} is over the budget of ${limit} by ${formatValue(j.over, v.unit)}`;
  return `${label} ${shown}${note} is over the budget of ${limit}`;
}

/** Evaluates one absolute assertion. */
export function evaluateAssertion(spec: AssertionSpec, input: MeasureInput, rows: RowTable = BUDGET_ROWS): Verdict {
  const row = rows.row(spec.kind);
  const label = row.label(spec, input);
  const { bound, text } = row.form.bound(spec);
  // Fields in the order gate's JSON has always written them; those added later come last.
  const base = {
    assertion: spec.key === null ? spec.kind : `${spec.kind}.${spec.key}`,
    kind: spec.kind,
    ruleId: row.ruleId,
    level: spec.level === 'warn' ? ('warn' as const) : ('error' as const),
    limit: Number.isFinite(spec.limit) ? spec.limit : null,
    unit: row.unit,
    customMessage: spec.message,
    origin: spec.origin,
  };
  const added = { key: spec.key, label, bound, ...(text !== undefined ? { limitText: text } : {}) };
  const measured = row.measure(spec, input);
  if (measured.value === null) {
    return { ...base, status: 'not-measured', actual: null, message: `${label} not measured: ${measured.missing}`, ...added };
  }
  const j = row.form.judge(spec, measured.value);
  const note = measured.note ? ` (${measured.note})` : '';
  const message = row.sentence ? row.sentence(j, spec, input, measured.note) : sentence(label, j, { ...base, ...added }, note);
  return {
    ...base,
    status: j.within ? 'pass' : spec.level === 'warn' ? 'warn' : 'fail',
    actual: j.actual,
    message,
    ...added,
    ...(j.actualText !== undefined ? { actualText: j.actualText } : {}),
  };
}

export interface TargetInput {
  step: StepMeasurement;
  /** The step accuracyDrop compares against. */
  reference: StepMeasurement | null;
  /** The baseline report for regressions; null without --baseline. */
  baseline: BaselineInput | null;
}

export function evaluateTarget(target: ResolvedTarget, input: TargetInput, rows: RowTable = BUDGET_ROWS): TargetResult {
  const m: MeasureInput = { target, step: input.step, reference: input.reference };
  const regressions = evaluateRegressions(target, input.step, input.baseline);
  const verdicts = [...target.assertions.map((a) => evaluateAssertion(a, m, rows)), ...regressions.verdicts];
  return {
    name: target.name,
    preset: target.preset,
    step: input.step.name,
    baselineStep: input.reference?.name ?? null,
    frame: target.frame,
    verdicts,
    passed: !verdicts.some(failsGate),
    notices: regressions.notices,
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

/** The measurements a gate runs on: the steps of a report (or of a pipeline measured now, or of a trace's interval series). */
export interface Measurements {
  source: GateResult['source'];
  model: string | null;
  device: string | null;
  steps: StepMeasurement[];
}

export interface GateOptions {
  /** --step: the step for targets that do not name one (default: the last). */
  step?: string | undefined;
  /** --baseline: the baseline report's steps. */
  baseline?: { file: string; steps: StepMeasurement[] } | undefined;
  /** The assertion rows (default: the built-in ones). */
  rows?: RowTable;
}

function names(steps: readonly StepMeasurement[]): string {
  return steps.map((s) => JSON.stringify(s.name)).join(', ') || 'none';
}

function findStep(steps: readonly StepMeasurement[], name: string, file: string, place: string | undefined, src: string): StepMeasurement {
  const s = steps.find((x) => x.name === name);
  if (!s) throw new InputError(file, place, `no step named ${JSON.stringify(name)} in ${src}`, `one of ${names(steps)}`);
  return s;
}

/** The step a target's accuracyDrop compares against: its baselineStep, else the first step. */
function referenceOf(budget: Budget, t: ResolvedTarget, steps: readonly StepMeasurement[], src: string): StepMeasurement {
  if (t.baselineStep !== null) return findStep(steps, t.baselineStep, budget.file, `target ${JSON.stringify(t.name)} baselineStep`, src);
  return steps[0] as StepMeasurement;
}

/** A target that asserts nothing would pass whatever was measured: a usage error, never a pass. */
function refuseEmpty(budget: Budget, withBaseline: boolean): void {
  for (const t of budget.targets) {
    const regressions = t.regressions.some((r) => r.explicit || withBaseline);
    if (t.assertions.length === 0 && !regressions) {
      const what = budget.targets.length > 1 ? `target ${JSON.stringify(t.name)} asserts nothing` : 'the budget asserts nothing';
      throw new InputError(budget.file, t.path, `${what}: every assertion is off or absent`, 'at least one assertion (sizeMB, latencyMs, fps, accuracyDrop, ...), a preset, or --baseline for regressions alone');
    }
  }
}

function checkSteps(budget: Budget, m: Measurements, what: string): void {
  if (m.steps.length === 0) throw new InputError(m.source.file, undefined, `the ${what} has no steps`, `a ${what} with at least one measured step`);
}

/** Runs every target of the budget against the step it checks (its own `step`, else --step, else the last). */
export function runGate(budget: Budget, m: Measurements, opts: GateOptions = {}): GateResult {
  checkSteps(budget, m, m.source.kind === 'trace' ? 'trace' : 'report');
  refuseEmpty(budget, opts.baseline !== undefined);
  const last = m.steps[m.steps.length - 1] as StepMeasurement;
  const targets = budget.targets.map((t) => {
    const step =
      t.step !== null
        ? findStep(m.steps, t.step, budget.file, `target ${JSON.stringify(t.name)} step`, m.source.file)
        : opts.step !== undefined
          ? findStep(m.steps, opts.step, '--step', undefined, m.source.file)
          : last;
    const baseline: BaselineInput | null = opts.baseline
      ? { file: opts.baseline.file, step: opts.baseline.steps.find((s) => s.name === step.name) ?? null, stepNames: opts.baseline.steps.map((s) => s.name) }
      : null;
    return evaluateTarget(t, { step, reference: referenceOf(budget, t, m.steps, m.source.file), baseline }, opts.rows);
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

/** Does a target check this step? A target that names a step checks that one only. */
export function targetChecks(t: ResolvedTarget, step: StepMeasurement): boolean {
  return t.step === null || t.step === step.name;
}

/**
 * Every step judged by every target that checks it, without a baseline: what `report` shows. For
 * each step S the results are exactly runGate's with `--step S` for those targets.
 */
export function judgeSteps(budget: Budget, m: Measurements, opts: Pick<GateOptions, 'rows'> = {}): TargetResult[][] {
  checkSteps(budget, m, 'report');
  refuseEmpty(budget, false);
  for (const t of budget.targets) if (t.step !== null) findStep(m.steps, t.step, budget.file, `target ${JSON.stringify(t.name)} step`, m.source.file);
  return m.steps.map((step) =>
    budget.targets.filter((t) => targetChecks(t, step)).map((t) => evaluateTarget(t, { step, reference: referenceOf(budget, t, m.steps, m.source.file), baseline: null }, opts.rows)),
  );
}
