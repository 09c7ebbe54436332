/**
 * The measured step: what one step of a pipeline measured (size, latency, CPU time by engine,
 * accuracy, what its conversion log and its Core ML model say). Neutral ground: src/report makes
 * steps and builds the report from them, src/budget judges them; neither imports the other for this.
 * JSON (inside the report's schemaVersion 1): fields are added, never renamed.
 */
import type { Category, Outcome, Severity } from '../convlog/model.js';
import type { CallTreeNode, EngineName, TopFrame, WeightUnit } from '../trace/model.js';

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

/** One start-up phase of a step (model load, compile, first prediction after a load), in ms. */
export interface StartupPhaseMeasurement {
  count: number;
  p50Ms: number;
  maxMs: number;
}

/** The start-up phases the step's traces record (src/trace/startup.ts); a phase with none is null. */
export interface StartupMeasurement {
  load: StartupPhaseMeasurement | null;
  compile: StartupPhaseMeasurement | null;
  firstPrediction: StartupPhaseMeasurement | null;
  /** The models (names without instance suffix) or asset ids the intervals are of. */
  models: string[];
  /** The tables they come from ("coreml-os-signpost"), and the trace files as the manifest names them. */
  tables: string[];
  files: string[];
}

export const STARTUP_PHASE_NAMES = ['load', 'compile', 'firstPrediction'] as const;
export type StartupPhaseName = (typeof STARTUP_PHASE_NAMES)[number];

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

/** The platforms a Core ML model names a minimum OS for, in the order reports list them. */
export const MODEL_PLATFORMS = ['iOS', 'macOS', 'watchOS', 'tvOS'] as const;
export type ModelPlatform = (typeof MODEL_PLATFORMS)[number];

/** The precision a model's compute runs in ('unknown': no ML program ops to tell, e.g. a neural network or a tree ensemble). */
export const COMPUTE_PRECISIONS = ['fp16', 'fp32', 'mixed', 'unknown'] as const;
export type ModelComputePrecision = (typeof COMPUTE_PRECISIONS)[number];

/** The levels of a model's findings, most severe first. */
export const MODEL_FINDING_LEVELS = ['error', 'warning', 'info'] as const;
export type ModelFindingLevel = (typeof MODEL_FINDING_LEVELS)[number];

/** What src/model read off a step's model (src/model fills it; budget rows read it). */
export interface StepModelFacts {
  /** The model path as the manifest names it. */
  path: string;
  kind: 'mlpackage' | 'mlmodel';
  /** False when the package's weight.bin (or a referenced blob) is missing: weight metrics are then not measured. */
  weightsPresent: boolean;
  /** Number of weight parameters (elements), undefined when not measurable. */
  parameters?: number;
  /** Bytes of weights as stored. */
  weightBytes?: number;
  /** Effective bits per weight (stored bits incl. LUTs/scales / parameters). */
  bitsPerWeight?: number;
  /** Compression actually applied, one short label per kind, e.g. "palettized 8-bit", "int8 linear". */
  compression: string[];
  /** Op type (ML program) or layer type (neural network) -> count, over all functions and sub-models. */
  opCounts: ReadonlyMap<string, number>;
  /** The effective minimum OS per platform (highest over sub-models and opsets), e.g. { iOS: '17.0' }. */
  minimumOS: Readonly<Partial<Record<ModelPlatform, string>>>;
  /** The precision the compute runs in. */
  computePrecision: ModelComputePrecision;
  /** Names of inputs whose shapes are flexible (ranges or enumerations). */
  flexibleInputs: readonly string[];
  /** Findings about what keeps work off the Neural Engine. */
  aneFindings: readonly { id: string; level: ModelFindingLevel; message: string }[];
}

export interface StepMeasurement {
  name: string;
  sizeBytes: number | null;
  sizeSource: 'model' | 'given' | null;
  latency: LatencySummary | null;
  /** Metric → value. A Map: metric names come from the manifest. */
  accuracy: Map<string, number>;
  engines: EngineBreakdown | null;
  /** Model load, compile and first prediction, when the step's traces record them. */
  startup?: StartupMeasurement;
  log: LogSummary | null;
  notes: string | null;
  /** What `coreml-doctor model` read off the step's Core ML model; absent when the step has none or it was not read. */
  model?: StepModelFacts;
  /** 0-based position in the manifest. */
  index?: number;
  /** Bytes of weight files inside the model package (null: not known, see the memory planner). */
  weightBytes?: number | null;
  /** Bits per weight: the manifest's `weightBits` (an override) when given, else the model's effective bits. */
  weightBits?: number | null;
  /** Where weightBits came from: `given` (the manifest), `model` (measured), null (neither). */
  weightBitsSource?: 'given' | 'model' | null;
  description?: string | null;
  /** Input files as the manifest names them. */
  files?: { model: string | null; log: string | null; trace: string[] };
  /** What could not be measured, and why. */
  warnings?: string[];
}
