/**
 * The typed model of what `trace` reads (xctrace export XML, xctrace TOC, Instruments Deep Copy
 * text) and what `report` consumes. Contract between src/trace (parsers, analysis) and
 * src/report / src/render. The JSON form (schemaVersion 1) is stable: fields are added, never renamed.
 */

export const TRACE_SCHEMA_VERSION = 1;

/** The unit of a profile's weights, from the weight column's engineering type. */
export type WeightUnit = 'ns' | 'cycles' | 'samples' | 'ms';

/** Where CPU time goes, by engine. Fixed keys (ours, not from input). */
export type EngineName = 'neuralEngine' | 'gpu' | 'cpuCompute' | 'coremlOverhead' | 'app' | 'system' | 'unknown';

export const ENGINE_NAMES: readonly EngineName[] = ['neuralEngine', 'gpu', 'cpuCompute', 'coremlOverhead', 'app', 'system', 'unknown'];

export interface TopFrame {
  name: string;
  binary: string | null;
  /** Weight where this frame is the leaf. */
  self: number;
  /** Weight of samples whose stack contains this frame (counted once per sample, recursion included once). */
  total: number;
}

export interface ThreadWeight {
  name: string;
  tid: string | null;
  weight: number;
}

/** A node of the call tree, root → leaf. Children sorted by total weight, descending. */
export interface CallTreeNode {
  name: string;
  binary: string | null;
  self: number;
  total: number;
  children: CallTreeNode[];
}

export interface ProfileSummary {
  /** Run number from the TOC or `node@xpath` (`run[N]`); null when the input does not say (Deep Copy). */
  run: number | null;
  /** Schema name: time-profile, cpu-profile, counters-profile, time-sample, deep-copy. */
  table: string;
  unit: WeightUnit;
  /** Rows (samples) read, stack or not. */
  samples: number;
  totalWeight: number;
  /** Weight of rows without a stack (`<sentinel/>` in the stack cell). */
  noStackWeight: number;
  /** Sorted by self weight, descending. */
  topFrames: TopFrame[];
  binaries: { name: string; self: number }[];
  threads: ThreadWeight[];
  /** Self weight per engine (attribution rules in src/trace/engines.ts). */
  engines: Record<EngineName, number>;
  /** Sample time span in ns (first to last sample), when rows carry times. */
  spanNs: number | null;
  /** CPU usage of the profiled process: weight (as time) over the span; >1 means several cores. */
  cpuUsage: number | null;
  /** Root of the merged call tree (kept in memory; omitted from JSON unless asked). */
  callTree?: CallTreeNode;
}

export interface IntervalSummary {
  run: number | null;
  table: string;
  label: string;
  count: number;
  meanMs: number;
  stddevMs: number;
  minMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Intervals over `--budget-ms`, when a budget was given. */
  overBudget?: number;
  budgetMs?: number;
  /** CPU weight sampled inside these intervals, per interval, when the run also has a profile. */
  cpuPerInterval?: { unit: WeightUnit; mean: number; total: number };
  /** Durations in ms, in input order (kept in memory for report histograms; omitted from JSON). */
  durationsMs?: Float64Array;
  /** Start times in ns (trace-relative), when known; in memory only. */
  startsNs?: Float64Array;
}

export interface TocTable {
  schema: string;
  /** Other attributes of the <table> element, in order. */
  attributes: [string, string][];
}

export interface TocRun {
  number: number;
  template: string | null;
  duration: number | null;
  device: string | null;
  process: string | null;
  tables: TocTable[];
  /** Ready-to-run `xcrun xctrace export` commands for the useful tables. */
  exportCommands: string[];
}

export interface TraceAnalysis {
  schemaVersion: typeof TRACE_SCHEMA_VERSION;
  source: string;
  /** What the content was sniffed as. */
  format: 'xctrace-export' | 'xctrace-toc' | 'deep-copy';
  profiles: ProfileSummary[];
  intervals: IntervalSummary[];
  /** Tables the document holds that were not understood (name and row count). */
  otherTables: { run: number | null; table: string; rows: number }[];
  toc?: { runs: TocRun[] };
  warnings: string[];
}
