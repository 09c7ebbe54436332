/**
 * The budget of a report. `gate` owns the budget format: the manifest's `budget` (a preset name, a
 * path relative to the manifest, or a budget object) is validated and resolved by src/budget, and
 * the same engine judges every step (src/report/build.ts). What the report keeps here is only
 * description: where the budget came from, each target's assertions in the rows' words, and the
 * first target's limits for the charts (size line, latency lines, the frame budget). A budget of
 * several targets is judged whole: every target on every step it checks.
 */
import { budgetFromManifest } from '../budget/load.js';
import { BUDGET_ROWS } from '../budget/assertions.js';
import type { AssertionSpec, Budget, FrameBudget, ResolvedTarget } from '../budget/model.js';
import { BYTES_PER_MB } from '../core/units.js';
import type { ReportBudgetSummary } from './model.js';

export interface ResolvedReportBudget {
  /** The resolved budget the engine judges. */
  resolved: Budget;
  /** What the report shows of it. */
  budget: ReportBudgetSummary;
  /** The first target's frame budget, when something checks against it (an fps or overBudgetFrames assertion). */
  frame: FrameBudget | null;
}

/** Reads `budget` from a manifest. Null when there is none. */
export async function readReportBudget(raw: unknown, manifest: { file: string; dir: string }): Promise<ResolvedReportBudget | null> {
  const budget = await budgetFromManifest(raw, manifest);
  if (!budget) return null;
  return describeBudget(budget);
}

/** The report's description of a resolved budget. */
export function describeBudget(budget: Budget): ResolvedReportBudget {
  const target = budget.targets[0] as ResolvedTarget;
  const source = budget.source.kind === 'presets' ? `preset ${budget.source.ids.join(',')}` : budget.file;
  const framed = target.assertions.some((a) => (a.kind === 'fps' || a.kind === 'overBudgetFrames') && a.level !== 'off');
  return { resolved: budget, budget: summaryOf(budget, target, source), frame: framed ? target.frame : null };
}

function summaryOf(b: Budget, t: ResolvedTarget, source: string): ReportBudgetSummary {
  const of = (kind: string): AssertionSpec[] => t.assertions.filter((a) => a.kind === kind && a.level !== 'off');
  const one = (kind: string): number | null => of(kind)[0]?.limit ?? null;
  const size = one('sizeMB');
  return {
    source,
    sourceKind: b.source.kind === 'presets' ? 'preset' : b.source.kind === 'inline' ? 'inline' : 'file',
    preset: t.preset,
    target: t.name && t.name !== t.preset ? t.name : null,
    sizeBytes: size === null ? null : Math.round(size * BYTES_PER_MB),
    latencyMs: new Map(of('latencyMs').map((a) => [a.key as string, a.limit])),
    frameStat: of('fps')[0]?.stat ?? 'p99',
    overBudgetFrames: one('overBudgetFrames'),
    accuracyDrop: new Map(of('accuracyDrop').map((a) => [a.key as string, a.limit])),
    lowerIsBetter: new Set(t.lowerIsBetter),
    unsupportedOps: one('unsupportedOps'),
    targets: b.targets.map((x) => ({ name: x.name, preset: x.preset, step: x.step, lines: x.assertions.map((a) => BUDGET_ROWS.row(a.kind).describe(a, x)) })),
  };
}
