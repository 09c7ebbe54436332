/**
 * The typed model of a budget (what `gate` checks) and of its verdicts (what `gate` reports).
 * Contract between src/budget (validation, presets, assertion engine, regressions), src/render/gate
 * (reporters) and src/cli/commands/gate.ts. The JSON form (schemaVersion 1) is stable: fields are
 * added, never renamed.
 */

export const GATE_SCHEMA_VERSION = 1;

/** eslint / Lighthouse CI levels: `off` is not checked, `warn` is reported, `error` fails the gate. */
export type Level = 'error' | 'warn' | 'off';
export const LEVELS: readonly Level[] = ['error', 'warn', 'off'];

export type LatencyStat = 'p50' | 'p90' | 'p99' | 'max' | 'mean';
export const LATENCY_STATS: readonly LatencyStat[] = ['p50', 'p90', 'p99', 'max', 'mean'];

/** Latency statistics a regression check can compare (max is one sample: it has no noise test). */
export type RegressionLatencyStat = Exclude<LatencyStat, 'max'>;
export const REGRESSION_LATENCY_STATS: readonly RegressionLatencyStat[] = ['p50', 'p90', 'p99', 'mean'];

/** The kinds of assertion, one row each in src/budget/assertions.ts (and in regressions.ts). */
export type AssertionKindId =
  | 'sizeMB'
  | 'latencyMs'
  | 'fps'
  | 'overBudgetFrames'
  | 'accuracyDrop'
  | 'unsupportedOps'
  | 'forbid'
  | 'regression.sizeMB'
  | 'regression.latencyMs'
  | 'regression.accuracy'
  | 'regression.unsupportedOps';

/** The unit of an assertion's actual value and limit. `points`: the accuracy metric's own unit. */
export type Unit = 'MB' | 'ms' | 'share' | 'count' | 'points';

/**
 * One assertion as written (or inherited from a preset), before it meets a measurement.
 * `limit` is the maximum the actual value may reach (every assertion compares actual <= limit).
 */
export interface AssertionSpec {
  kind: AssertionKindId;
  /** Sub-key: the latency statistic, the accuracy metric, the forbidden category. Null when none. */
  key: string | null;
  level: Level;
  limit: number;
  /** The user's message, shown with a violation (as size-limit's `message`). */
  message: string | null;
  /** Where it comes from: `budget.json:$.targets[0].sizeMB`, or `preset apple-watch-series-7`. */
  origin: string;
  /** For `fps`: the latency statistic checked against the per-inference budget. */
  stat?: LatencyStat;
  /** For `fps`: the frame rate as written (the limit is the derived per-inference budget). */
  fps?: number;
}

/** Regression limits: worse by more than `relative` (of the baseline value) AND more than `absolute`. */
export interface RegressionSpec {
  kind: 'regression.sizeMB' | 'regression.latencyMs' | 'regression.accuracy' | 'regression.unsupportedOps';
  level: Level;
  /** Fraction of the baseline value: 0.1 = 10 %. */
  relative: number;
  /** In the kind's unit (MB, ms, metric points; new ops for unsupportedOps). */
  absolute: number;
  /** For latency: which statistics. */
  stats?: RegressionLatencyStat[];
  /** For accuracy: which metrics (null: every metric the baseline step has). */
  metrics?: string[] | null;
  message: string | null;
  origin: string;
}

export interface FrameBudget {
  fps: number;
  uiOverheadMs: number;
  /** 1000 / fps - uiOverheadMs. */
  perInferenceMs: number;
}

/** A target after validation and preset merging: what the engine evaluates. */
export interface ResolvedTarget {
  name: string;
  preset: string | null;
  /** The step to evaluate; null: the command's --step, else the last step. */
  step: string | null;
  /** The step accuracyDrop compares against; null: the first step. */
  baselineStep: string | null;
  /** Metrics where a lower value is better (word error rate, loss). Others: higher is better. */
  lowerIsBetter: Set<string>;
  frame: FrameBudget | null;
  assertions: AssertionSpec[];
  regressions: RegressionSpec[];
  /** True when the budget asks for regressions explicitly (then a missing --baseline is not measured). */
  regressionsExplicit: boolean;
}

export interface Budget {
  /** The file the budget came from (as the user typed it), or `<manifest>:budget` when inline. */
  file: string;
  targets: ResolvedTarget[];
}

export type Status = 'pass' | 'warn' | 'fail' | 'not-measured' | 'inconclusive';

export interface RegressionDetail {
  baseline: number;
  current: number;
  /** current - baseline, in the worse direction (positive = worse). */
  worseBy: number;
  /** worseBy / |baseline|; null when the baseline is 0. */
  relative: number | null;
  /** The threshold: max(relative limit x baseline, absolute minimum). */
  threshold: number;
  /** `bootstrap`: both sides had samples; `summary`: only summaries (no noise test). */
  method: 'bootstrap' | 'summary' | 'exact';
  /** 95 % bootstrap confidence interval of worseBy. */
  ci: [number, number] | null;
  samples: { baseline: number; current: number } | null;
}

export interface Verdict {
  /** `sizeMB`, `latencyMs.p99`, `accuracyDrop.top1`, `forbid.dtype`, `regression.latencyMs.p50` ... */
  assertion: string;
  kind: AssertionKindId;
  /** SARIF rule id, one per kind. */
  ruleId: string;
  level: 'error' | 'warn';
  status: Status;
  actual: number | null;
  limit: number | null;
  unit: Unit;
  /** What happened, in one sentence. */
  message: string;
  /** The budget's own message for this assertion, if any. */
  customMessage: string | null;
  origin: string;
  detail?: RegressionDetail;
}

export interface TargetResult {
  name: string;
  preset: string | null;
  step: string;
  baselineStep: string | null;
  frame: FrameBudget | null;
  verdicts: Verdict[];
  passed: boolean;
  /** Where the evaluated step is written (the manifest or report file, and the line of its name), for annotations. */
  location?: { file: string; line: number | null };
}

export interface GateCounts {
  pass: number;
  warn: number;
  fail: number;
  notMeasured: number;
  inconclusive: number;
  /** Verdicts that fail the gate: error level and fail or not-measured. */
  errors: number;
}

export interface GateResult {
  schemaVersion: typeof GATE_SCHEMA_VERSION;
  passed: boolean;
  /** Where the measurements came from. */
  source: { kind: 'report' | 'pipeline'; file: string };
  budgetFile: string;
  baselineFile: string | null;
  model: string | null;
  device: string | null;
  targets: TargetResult[];
  counts: GateCounts;
}

/** A verdict fails the gate when it is at error level and failed or could not be measured. */
export function failsGate(v: Verdict): boolean {
  return v.level === 'error' && (v.status === 'fail' || v.status === 'not-measured');
}
