/**
 * The optimization report: a pipeline manifest (steps of profile → compress → benchmark) measured
 * step by step, with deltas, a memory plan, the frame budget, each step's budget verdicts (as the
 * engine in src/budget returns them) and flags. Contract between src/report (manifest, measurement,
 * building, the JSON codec) and src/render (renderers). The measured step itself is src/step's.
 * JSON (schemaVersion 1): fields are added, never renamed.
 */
import type { FrameBudget, GateCounts, Status, TargetResult } from '../budget/model.js';
import type { StepMeasurement } from '../step/model.js';

export type { EngineBreakdown, LatencySummary, LogDiagnosticSummary, LogSummary, StepMeasurement, StepModelFacts } from '../step/model.js';

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

/** A budget status as the engine gives it (src/budget/model.ts). */
export type BudgetStatus = Status;

export interface StepReport extends StepMeasurement {
  deltas: StepDeltas;
  /**
   * The budget's targets that check this step, judged by the engine (src/budget/engine.ts:
   * judgeSteps): the same verdicts `gate --step NAME` gives. Empty without a budget.
   */
  targets: TargetResult[];
}

/** The parts of a budget the report shows (the engine judges; this only describes). */
export interface ReportBudgetSummary {
  /** Where it came from: `budget.json`, `pipeline.json:$.budget`, `preset apple-watch-series-7`. */
  source: string;
  /** What `source` is: a file, a budget written in the manifest, or a preset named there. */
  sourceKind?: 'file' | 'inline' | 'preset';
  preset: string | null;
  /** The target shown in the figures below, when the budget has several. */
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
  /** Every target with its assertions in words, as the rows describe them (`size ≤ 8.00 MB`). */
  targets?: { name: string; preset: string | null; step: string | null; lines: string[] }[];
}

/** What `coreml-doctor gate MANIFEST` concludes on this report's steps (each target on its step: its own, else the last). */
export interface ReportGate {
  passed: boolean;
  counts: GateCounts;
  targets: { name: string; step: string; passed: boolean }[];
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
  /**
   * The bits per weight: given (the manifest's weightBits: `manifest`), measured in the basis step's
   * model (`model`), the size over the counted parameters (`derived`), or assumed (32).
   */
  bitsSource: 'manifest' | 'model' | 'derived' | 'assumed';
  /** Where the parameters were counted: a step's model. Absent: derived from the size and the bits. */
  parametersFrom?: { step: string; model: string };
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
  frameBudget: FrameBudget | null;
  sizeBudgetBytes: number | null;
  steps: StepReport[];
  memoryPlan: MemoryPlanRow[];
  flags: ReportFlag[];
  /** The manifest as the user named it. */
  source?: string;
  budget?: ReportBudgetSummary | null;
  /** The gate's conclusion on these steps; null without a budget. */
  gate?: ReportGate | null;
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
  /** `"acceptTruncated": true`: a truncated trace is measured from its complete rows (default: not measured). */
  acceptTruncated: boolean;
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
