/**
 * From measured steps to the report: deltas against the baseline and the step before, each step's
 * budget verdicts (the engine's, src/budget/engine.ts: every target on every step it checks), the
 * gate's conclusion (the same engine, each target on its own step), the memory plan and the flags.
 * Pure: no input is read here.
 */
import { judgeSteps, runGate, type Measurements } from '../budget/engine.js';
import type { ResolvedReportBudget } from './budget.js';
import { computeDeltas } from './deltas.js';
import { flagStep } from './flags.js';
import { memoryPlanBasis, planMemory } from './memory-plan.js';
import { REPORT_SCHEMA_VERSION, type Report, type ReportGate, type StepMeasurement, type StepReport } from './model.js';

export interface BuildInput {
  source: string;
  model: string | null;
  device: string | null;
  /** The manifest's budget, resolved (src/report/budget.ts); null without one. */
  budget: ResolvedReportBudget | null;
  steps: StepMeasurement[];
  warnings: string[];
}

export function buildReport(input: BuildInput): Report {
  const deltas = computeDeltas(input.steps);
  const b = input.budget;
  const m: Measurements = { source: { kind: 'pipeline', file: input.source }, model: input.model, device: input.device, steps: input.steps };
  const judged = b ? judgeSteps(b.resolved, m) : input.steps.map(() => []);
  const steps: StepReport[] = input.steps.map((s, i) => ({ ...s, deltas: deltas[i] as StepReport['deltas'], targets: judged[i] ?? [] }));
  let gate: ReportGate | null = null;
  if (b) {
    const g = runGate(b.resolved, m);
    gate = { passed: g.passed, counts: g.counts, targets: g.targets.map((t) => ({ name: t.name, step: t.step, passed: t.passed })) };
  }
  const frame = b?.frame ?? null;
  const flags = steps.flatMap((s, i) =>
    flagStep({ step: s, previous: i > 0 ? (steps[i - 1] as StepReport) : null, baseline: steps[0] as StepReport, deltas: s.deltas, frame, verdicts: s.targets.flatMap((t) => t.verdicts), device: { text: input.device, preset: b?.budget.preset ?? null } }),
  );
  const basis = memoryPlanBasis(input.steps);
  const sizeBudget = b?.budget.sizeBytes ?? null;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    source: input.source,
    model: input.model,
    device: input.device,
    frameBudget: frame,
    sizeBudgetBytes: sizeBudget,
    budget: b?.budget ?? null,
    gate,
    steps,
    memoryPlanBasis: basis,
    memoryPlan: planMemory(basis, sizeBudget),
    flags,
    warnings: input.warnings,
  };
}

/** Every warning of a report: report-wide first, then each step's, prefixed with its name. */
export function reportWarnings(report: Report): string[] {
  return [...(report.warnings ?? []), ...report.steps.flatMap((s) => (s.warnings ?? []).map((w) => `step "${s.name}": ${w}`))];
}
