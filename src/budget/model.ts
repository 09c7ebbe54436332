/**
 * The typed model of a budget (what the engine judges) and of its verdicts (what `gate`, `report`
 * and `trace --budget-ms` show). Contract between src/budget (rows, validation, presets, the engine,
 * regressions), src/render/gate (reporters), src/report (which stores each step's verdicts) and
 * src/cli. The JSON form (schemaVersion 1) is stable: fields are added, never renamed.
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

/**
 * The kind of an assertion: the key of its row in src/budget/assertions.ts (`sizeMB`, `latencyMs`,
 * `fps`, ...) or of a regression row in src/budget/regressions.ts (`regression.sizeMB`, ...). Rows
 * are data: a new metric is a new row, so the kinds are not a closed list here.
 */
export type AssertionKindId = string;

/**
 * The unit of an assertion's actual value and limit. `points`: the accuracy metric's own unit;
 * `bits`: bits per weight; `version`: a dotted version and `value`: a named value such as a
 * precision (both shown as text: Verdict.actualText, Verdict.limitText).
 */
export type Unit = 'MB' | 'ms' | 'share' | 'count' | 'points' | 'bits' | 'version' | 'value';

/**
 * What an assertion expects when its limit is not one number: a largest dotted version, values
 * that are forbidden (or the only ones allowed), names that must not appear, whether something is
 * allowed at all. Forms that compare one number with another leave it out.
 */
export type Expectation =
  | { form: 'version'; max: string }
  | { form: 'values'; forbid: readonly string[]; allow: readonly string[] | null }
  | { form: 'names'; names: readonly string[] }
  | { form: 'allowed'; allowed: boolean };

/**
 * One assertion as written (or inherited from a preset), before it meets a measurement. Its row's
 * form (src/budget/forms/) says how a measurement is judged against it.
 */
export interface AssertionSpec {
  kind: AssertionKindId;
  /** Sub-key: the latency statistic, the accuracy metric, the forbidden category, the platform. Null when none. */
  key: string | null;
  level: Level;
  /**
   * The largest value the measurement may reach (actual <= limit), for every form that compares
   * numbers; Infinity when anything is allowed (`"flexibleInputs": true`). A version maximum
   * compares versions: its limit is `expected` and this is NaN.
   */
  limit: number;
  /** The limit of a form whose limit is not one number. */
  expected?: Expectation;
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
  /**
   * True when the budget sets this kind itself. A default (false) that cannot be measured is skipped
   * with a notice; an explicit one fails closed (not measured).
   */
  explicit: boolean;
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
  /** Where the target is written (`$`, `$.targets[1]`, `$.budget`), for messages. */
  path?: string;
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
  /** True when the budget sets any regression kind itself (RegressionSpec.explicit says which). */
  regressionsExplicit: boolean;
}

/** Where a budget came from, as data (never read back out of a display string). */
export type BudgetSource =
  | { kind: 'file'; file: string }
  | { kind: 'inline'; file: string; path: string }
  | { kind: 'presets'; ids: string[] }
  | { kind: 'command'; what: string };

export interface Budget {
  /** Where it came from, for display: the file as the user typed it, `pipeline.json:$.budget`, `--preset ID`. */
  file: string;
  /** The same, as data. */
  source: BudgetSource;
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

/**
 * How a verdict's limit relates to its value: `max` (the value may reach the limit: `<= 8 MB`),
 * `none` (nothing may appear), `regression` (worse by at most the limit), `text` (the limit says it
 * in words: `not fp32`, `none allowed`).
 */
export type Bound = 'max' | 'none' | 'regression' | 'text';

export interface Verdict {
  /** `sizeMB`, `latencyMs.p99`, `accuracyDrop.top1`, `forbid.dtype`, `regression.latencyMs.p50` ... */
  assertion: string;
  kind: AssertionKindId;
  /** The sub-key (latency statistic, metric, category, platform); null when the kind has none. `assertion` is `kind.key`. */
  key: string | null;
  /** SARIF rule id, one per kind. */
  ruleId: string;
  /** What is measured, in words: `model size`, `p99 latency`, `top1 drop vs step "fp32"`. */
  label: string;
  level: 'error' | 'warn';
  status: Status;
  actual: number | null;
  limit: number | null;
  unit: Unit;
  /** The measured value as text, for forms whose values are not numbers (a version, a precision). */
  actualText?: string;
  /** How the limit relates to the value. */
  bound: Bound;
  /** The limit as text, for forms whose limit is not one number (a version `10.0`, `not fp32`). */
  limitText?: string;
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
  /** Defaults the budget does not write that could not be measured, skipped: one sentence each. */
  notices: string[];
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
  source: { kind: 'report' | 'pipeline' | 'trace'; file: string };
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
