/**
 * The optimization report: a pipeline manifest (steps of profile → compress → benchmark) measured
 * step by step, with deltas, a memory plan, the frame budget and flags. Contract between
 * src/report (manifest, measurement, building), src/render (renderers) and src/budget (gate).
 * JSON (schemaVersion 1): fields are added, never renamed.
 */
import type { EngineName, CallTreeNode, WeightUnit } from '../trace/model.js';
import type { Category, Outcome } from '../convlog/model.js';

export const REPORT_SCHEMA_VERSION = 1;

/** The manifest as written (JSON); paths are relative to the manifest file. */
export interface ManifestStep {
  name: string;
  log?: string;
  trace?: string;
  /** Label of the intervals that are the inferences (default: Core ML `Prediction` intervals when present). */
  interval?: string;
  model?: string;
  sizeBytes?: number;
  /** Latency samples in ms, or a summary. */
  latencyMs?: number[] | { p50?: number; p90?: number; p99?: number; max?: number; mean?: number; count?: number };
  /** Metric name → value, e.g. { "top1": 0.761 }. Fractions (0..1) or percentages, consistently per metric. */
  accuracy?: Record<string, number>;
  notes?: string;
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
}

export interface EngineBreakdown {
  unit: WeightUnit;
  total: number;
  byEngine: Record<EngineName, number>;
  /** For the HTML flame graph. Not serialised by default. */
  callTree?: CallTreeNode;
}

export interface LogSummary {
  outcome: Outcome;
  unsupportedOps: string[];
  errors: number;
  warnings: number;
  /** Categories of all diagnostics, for `gate`'s `forbid`. */
  categories: Category[];
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
}

export interface MemoryPlanRow {
  /** fp16, int8, palettize-6bit, palettize-4bit, sparse-50 */
  scheme: string;
  label: string;
  projectedBytes: number;
  fitsBudget: boolean | null;
}

export interface ReportFlag {
  step: string;
  kind: 'smaller-not-faster' | 'unpredictable-latency' | 'accuracy-drop' | 'over-budget' | 'conversion-problem';
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
}
