/**
 * From measured steps to the report: deltas against the baseline and the step before, budget
 * checks, the memory plan and the flags. Pure: no input is read here.
 */
import type { FrameBudgetFigures } from './budget.js';
import { budgetChecks } from './budget-checks.js';
import { computeDeltas } from './deltas.js';
import { flagStep } from './flags.js';
import { memoryPlanBasis, planMemory } from './memory-plan.js';
import { REPORT_SCHEMA_VERSION, type BudgetStatus, type Report, type ReportBudgetSummary, type StepMeasurement, type StepReport } from './model.js';

export interface BuildInput {
  source: string;
  model: string | null;
  device: string | null;
  budget: ReportBudgetSummary | null;
  frame: FrameBudgetFigures | null;
  steps: StepMeasurement[];
  warnings: string[];
}

export function buildReport(input: BuildInput): Report {
  const deltas = computeDeltas(input.steps);
  const baseline = input.steps[0];
  const steps: StepReport[] = input.steps.map((s, i) => {
    const checks = input.budget && baseline ? budgetChecks(s, baseline, input.budget, input.frame) : [];
    const budget = new Map<string, BudgetStatus>(checks.map((c) => [c.key, c.status]));
    return { ...s, deltas: deltas[i] as StepReport['deltas'], budget, checks };
  });
  const flags = steps.flatMap((s, i) =>
    flagStep({
      step: s,
      previous: i > 0 ? (steps[i - 1] as StepReport) : null,
      baseline: steps[0] as StepReport,
      deltas: s.deltas,
      budget: input.budget,
      frame: input.frame,
      checks: s.checks ?? [],
    }),
  );
  const basis = memoryPlanBasis(input.steps);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    source: input.source,
    model: input.model,
    device: input.device,
    frameBudget: input.frame,
    sizeBudgetBytes: input.budget?.sizeBytes ?? null,
    budget: input.budget,
    steps,
    memoryPlanBasis: basis,
    memoryPlan: planMemory(basis, input.budget?.sizeBytes ?? null),
    flags,
    warnings: input.warnings,
  };
}

/** Every warning of a report: report-wide first, then each step's, prefixed with its name. */
export function reportWarnings(report: Report): string[] {
  return [...(report.warnings ?? []), ...report.steps.flatMap((s) => (s.warnings ?? []).map((w) => `step "${s.name}": ${w}`))];
}
