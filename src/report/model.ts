/**
 * The optimization report: a pipeline manifest (steps of profile → compress → benchmark) measured
 * step by step, with deltas, a memory plan, the frame budget and flags. Contract between
 * src/report (manifest, measurement, building), src/render (renderers) and src/budget (gate).
 * JSON (schemaVersion 1): fields are added, never renamed.
 */
import type { EngineName, CallTreeNode, TopFrame, WeightUnit } from '../trace/model.js';
import type { Category, Outcome, Severity } from '../convlog/model.js';

export const REPORT_SCHEMA_VERSION = 1;

/** The manifest as written (JSON); paths are relative to the manifest file. */
export interface ManifestStep {
  name: string;
  /** Free text shown with the step. */
  description?: string;
  log?: string;
  /** One xctrace export, or several (one per table, as `xctrace export --xpath` writes them). */
  trace?: string | string[];
  /** Label of the intervals that are the inferences (default: Core ML `Prediction` intervals when present). */
  interval?: string;
  model?: string;
  sizeBytes?: number;
  /** Latency samples in ms, or a summary. */
  latencyMs?: number[] | { p50?: number; p90?: number; p99?: number; max?: number; mean?: number; count?: number };
  /** Metric name → value, e.g. { "top1": 0.761 }. Fractions (0..1) or percentages, consistently per metric. */
  accuracy?: Record<string, number>;
  notes?: string;
  /** Bits per weight of this step's model (32 for fp32, 16 for fp16): the memory planner's starting point. */
  weightBits?: number;
}

export interface PipelineManifest {
  $schema?: string;
  model?: string;
  device?: string;
  /** A budget inline, or a path to a budget file (see src/budget). */
  budget?: unknown;
  steps: ManifestStep[];
}

export interface LatencySummary {
  /** trace: measured from intervals; samples: from latencyMs[]; given: a summary in the manifest. */
  source: 'trace' | 'samples' | 'given';
  count: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Share of inferences over the frame budget (null without samples or budget). */
  overBudgetShare: number | null;
  /** Interval label and table, for trace-based latency. */
  label?: string;
  table?: string;
  /** Samples (ms) for histograms; present for trace and samples sources. */
  samplesMs?: number[];
  minMs?: number | null;
  stddevMs?: number | null;
  /** The trace file the intervals came from (as the manifest names it). */
  file?: string;
}

export interface EngineBreakdown {
  unit: WeightUnit;
  total: number;
  byEngine: Record<EngineName, number>;
  /** For the HTML flame graph. Not serialised by default. */
  callTree?: CallTreeNode;
  /** The profile table (time-profile, cpu-profile, ...) and the file it came from. */
  table?: string;
  file?: string;
  /** Rows (samples) of the profile. */
  samples?: number;
  /** Heaviest frames by self weight (at most 10). */
  topFrames?: TopFrame[];
}

export interface LogSummary {
  outcome: Outcome;
  unsupportedOps: string[];
  errors: number;
  warnings: number;
  /** Categories of all diagnostics, for `gate`'s `forbid`. */
  categories: Category[];
  /** The log file as the manifest names it. */
  source?: string;
  outcomeReason?: string;
  coremltoolsVersion?: string | null;
  /** Errors and warnings (not info), most severe first, at most 20. */
  diagnostics?: LogDiagnosticSummary[];
}

export interface LogDiagnosticSummary {
  severity: Severity;
  category: Category;
  message: string;
  count: number;
  line: number;
}

export interface StepMeasurement {
  name: string;
  sizeBytes: number | null;
  sizeSource: 'model' | 'given' | null;
  latency: LatencySummary | null;
  /** Metric → value. A Map: metric names come from the manifest. */
  accuracy: Map<string, number>;
  engines: EngineBreakdown | null;
  log: LogSummary | null;
  notes: string | null;
  /** 0-based position in the manifest. */
  index?: number;
  /** Bytes of weight files inside the model package (null: not known, see the memory planner). */
  weightBytes?: number | null;
  /** From the manifest's `weightBits`. */
  weightBits?: number | null;
  description?: string | null;
  /** Input files as the manifest names them. */
  files?: { model: string | null; log: string | null; trace: string[] };
  /** What could not be measured, and why. */
  warnings?: string[];
}

export interface Delta {
  absolute: number;
  /** Relative to the reference value (null when the reference is 0). */
  relative: number | null;
}

export interface StepDeltas {
  /** Against the first step. */
  baseline: { sizeBytes: Delta | null; p50Ms: Delta | null; p99Ms: Delta | null; accuracy: Map<string, Delta> };
  /** Against the step before. */
  previous: { sizeBytes: Delta | null; p50Ms: Delta | null; p99Ms: Delta | null; accuracy: Map<string, Delta> } | null;
}

export type BudgetStatus = 'pass' | 'fail' | 'not-measured';

export interface StepReport extends StepMeasurement {
  deltas: StepDeltas;
  /** Budget status per metric (size, p50, p99, ...), when a budget is given. */
  budget: Map<string, BudgetStatus>;
  /** The same checks with their actual values and limits, in budget order. */
  checks?: BudgetCheck[];
}

/** One budget check of one step. Keys: sizeMB, latencyMs.p50 ..., fps, overBudgetFrames, accuracyDrop.METRIC, unsupportedOps. */
export interface BudgetCheck {
  key: string;
  label: string;
  unit: 'MB' | 'ms' | 'share' | 'points' | 'count';
  actual: number | null;
  limit: number;
  status: BudgetStatus;
  /** Why it was not measured, or what the actual value is made of. */
  note?: string;
}

/** The parts of a budget the report shows (`gate` owns the full budget format). */
export interface ReportBudgetSummary {
  /** Where it came from: `budget.json`, `pipeline.json:$.budget`, `preset apple-watch-series-7`. */
  source: string;
  preset: string | null;
  /** The target shown, when the budget has several. */
  target: string | null;
  sizeBytes: number | null;
  /** Limits per latency statistic (p50, p90, p99, max, mean). */
  latencyMs: Map<string, number>;
  /** The latency statistic checked against the per-inference frame budget (p99 unless the budget says). */
  frameStat: string;
  /** Largest share of inferences allowed over the per-inference budget. */
  overBudgetFrames: number | null;
  /** Largest drop per metric against the first step, in the metric's units. */
  accuracyDrop: Map<string, number>;
  /** Metrics where lower is better (error rates). */
  lowerIsBetter: Set<string>;
  unsupportedOps: number | null;
}

/** What the memory planner projects from. */
export interface MemoryPlanBasis {
  step: string;
  sizeBytes: number;
  weightBytes: number;
  /** Bytes that are not weights (model description, metadata), kept as they are. */
  overheadBytes: number;
  weightBits: number;
  /** weightBytes × 8 / weightBits. */
  parameters: number;
  /** `package`: weight files measured inside the model; `assumed`: the whole size counted as weights. */
  weightSource: 'package' | 'assumed';
  /** The bits per weight were given (weightBits) or assumed (32). */
  bitsSource: 'manifest' | 'assumed';
}

export interface MemoryPlanRow {
  /** fp16, int8, palettize-6bit, palettize-4bit, sparse-50, sparse-50-palettize-6bit */
  scheme: string;
  label: string;
  projectedBytes: number;
  fitsBudget: boolean | null;
  /** projected / basis size. */
  ratio?: number;
  /** The formula, in words, and what it leaves out. */
  formula?: string;
  /** Lowest OS the representation needs (Core ML deployment target). */
  minimumTarget?: string;
}

export interface ReportFlag {
  step: string;
  kind: 'smaller-not-faster' | 'unpredictable-latency' | 'accuracy-drop' | 'over-budget' | 'conversion-problem' | 'slower';
  message: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  model: string | null;
  device: string | null;
  frameBudget: { fps: number; uiOverheadMs: number; perInferenceMs: number } | null;
  sizeBudgetBytes: number | null;
  steps: StepReport[];
  memoryPlan: MemoryPlanRow[];
  flags: ReportFlag[];
  /** The manifest as the user named it. */
  source?: string;
  budget?: ReportBudgetSummary | null;
  memoryPlanBasis?: MemoryPlanBasis | null;
  /** Report-wide warnings (budget, manifest); step warnings stay with their step. */
  warnings?: string[];
}

/** A path from the manifest: absolute for reading, as written for messages. */
export interface ResolvedPath {
  path: string;
  display: string;
  /** Where the manifest names it: `$.steps[1].trace[0]`. */
  jsonPath: string;
}

/** Latency given in the manifest: samples, or a summary. */
export type GivenLatency =
  | { kind: 'samples'; samplesMs: number[] }
  | { kind: 'summary'; p50Ms: number | null; p90Ms: number | null; p99Ms: number | null; maxMs: number | null; meanMs: number | null; count: number | null };

/** One step after validation: paths resolved against the manifest's folder, metrics in a Map. */
export interface ResolvedStep {
  name: string;
  index: number;
  /** `$.steps[2]`. */
  jsonPath: string;
  description: string | null;
  log: ResolvedPath | null;
  trace: ResolvedPath[];
  interval: string | null;
  model: ResolvedPath | null;
  sizeBytes: number | null;
  latencyMs: GivenLatency | null;
  accuracy: Map<string, number>;
  notes: string | null;
  weightBits: number | null;
}

/** What `loadManifest` returns. */
export interface ResolvedManifest {
  /** The manifest as the user named it (for messages). */
  file: string;
  /** The folder relative paths resolve against. */
  dir: string;
  /** Top-level `model`: the model the pipeline starts from. */
  model: ResolvedPath | null;
  device: string | null;
  /** `budget` as written (a path, a preset id or an object); read by src/report/budget.ts (and gate). */
  budget: unknown;
  steps: ResolvedStep[];
  /** Problems that do not stop the report (a step with nothing to measure). */
  warnings: string[];
}
