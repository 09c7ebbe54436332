/**
 * The budget as the report shows it. `gate` owns the budget format: the manifest's `budget` (a
 * preset name, a path relative to the manifest, or a budget object) is validated and resolved by
 * src/budget (presets merged field by field), and the report takes the limits it shows from the
 * resolved target: size, latency statistics, the frame budget, the share of frames over it, the
 * accuracy drop per metric and the unsupported-op count. A matrix shows its first target.
 */
import { budgetFromManifest } from '../budget/load.js';
import type { AssertionKindId, AssertionSpec, ResolvedTarget } from '../budget/model.js';
import { BYTES_PER_MB } from '../core/units.js';
import type { ReportBudgetSummary } from './model.js';

export interface FrameBudgetFigures {
  fps: number;
  uiOverheadMs: number;
  perInferenceMs: number;
}

export interface ResolvedReportBudget {
  budget: ReportBudgetSummary;
  frame: FrameBudgetFigures | null;
  warnings: string[];
}

/** Reads `budget` from a manifest. Null when there is none. */
export async function readReportBudget(raw: unknown, manifest: { file: string; dir: string }): Promise<ResolvedReportBudget | null> {
  const budget = await budgetFromManifest(raw, manifest);
  if (!budget) return null;
  const target = budget.targets[0] as ResolvedTarget;
  const source = typeof raw === 'string' && target.preset === raw && budget.file.startsWith('--preset') ? `preset ${raw}` : budget.file;
  const warnings: string[] = [];
  if (budget.targets.length > 1) {
    warnings.push(`the budget ${source} has ${budget.targets.length} targets; the report shows the first "${target.name}" (gate checks them all)`);
  }
  // The frame budget shows only where something checks against it (an fps or overBudgetFrames assertion).
  const framed = target.assertions.some((a) => (a.kind === 'fps' || a.kind === 'overBudgetFrames') && a.level !== 'off');
  return { budget: summaryOf(target, source), frame: framed ? target.frame : null, warnings };
}

function summaryOf(t: ResolvedTarget, source: string): ReportBudgetSummary {
  const of = (kind: AssertionKindId): AssertionSpec[] => t.assertions.filter((a) => a.kind === kind && a.level !== 'off');
  const one = (kind: AssertionKindId): number | null => of(kind)[0]?.limit ?? null;
  const size = one('sizeMB');
  return {
    source,
    preset: t.preset,
    target: t.name && t.name !== t.preset ? t.name : null,
    sizeBytes: size === null ? null : Math.round(size * BYTES_PER_MB),
    latencyMs: new Map(of('latencyMs').map((a) => [a.key as string, a.limit])),
    frameStat: of('fps')[0]?.stat ?? 'p99',
    overBudgetFrames: one('overBudgetFrames'),
    accuracyDrop: new Map(of('accuracyDrop').map((a) => [a.key as string, a.limit])),
    lowerIsBetter: new Set(t.lowerIsBetter),
    unsupportedOps: one('unsupportedOps'),
  };
}
