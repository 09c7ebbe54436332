/**
 * The typed model of what `trace` reads (xctrace export XML, xctrace TOC, Instruments Deep Copy
 * text) and what `report` consumes. Contract between src/trace (parsers, analysis) and
 * src/report / src/render. The JSON form (schemaVersion 1) is stable: fields are added, never renamed.
 */

export const TRACE_SCHEMA_VERSION = 1;

/** The unit of a profile's weights, from the weight column's engineering type. */
export type WeightUnit = 'ns' | 'cycles' | 'samples' | 'ms' | 'bytes';

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
  /** The engine this node's self weight is attributed to (src/trace/engines.ts). */
  engine?: EngineName;
  children: CallTreeNode[];
}

export interface ProfileSummary {
  /** Run number from the TOC or `node@xpath` (`run[N]`); null when the input does not say (Deep Copy). */
  run: number | null;
  /** Schema name: time-profile, cpu-profile, counters-profile, time-sample, deep-copy. */
  table: string;
  /** `table[K]` of the export's `node@xpath`: the table's position in the run's TOC. */
  position?: number | null;
  /** The export's `node@xpath`. */
  xpath?: string | null;
  unit: WeightUnit;
  /** Rows (samples) read, stack or not. 0 for Deep Copy, which has no per-sample data (see samplesKnown). */
  samples: number;
  /** False when the input does not say how many samples there were (Deep Copy). */
  samplesKnown?: boolean;
  totalWeight: number;
  /** Weight of rows without a stack (`<sentinel/>` in the stack cell). */
  noStackWeight: number;
  /** Sorted by self weight, descending. */
  topFrames: TopFrame[];
  binaries: { name: string; self: number }[];
  threads: ThreadWeight[];
  /** Weight per process (several when all processes were recorded). */
  processes?: { name: string; pid: string | null; weight: number }[];
  /** Weight per thread state (Running, Blocked…, when the recording kept waiting threads). */
  states?: { state: string; weight: number }[];
  /** Self weight per engine (attribution rules in src/trace/engines.ts); rows without a stack count as unknown. */
  engines: Record<EngineName, number>;
  /** Sample time span in ns (first to last sample), when rows carry times. */
  spanNs: number | null;
  /** CPU usage of the profiled process: weight (as time) over the span; >1 means several cores. */
  cpuUsage: number | null;
  /** Weight of the samples taken while running (the CPU time), in ns; null for cycles or samples. */
  cpuTimeNs?: number | null;
  /** Distinct CPU cores the samples ran on (a lower bound of the device's core count). */
  coresObserved?: number;
  /** cpuUsage / coresObserved: the share of the observed cores that was busy. */
  cpuUsagePerCore?: number | null;
  /** Raw addresses, no symbols: time-sample (kperf-bt), or backtraces of `<text-addresses>` only. */
  unsymbolicated?: boolean;
  /**
   * Backtraces that are addresses only (`<text-addresses>`, no `<frame>`: an unsymbolicated
   * recording): the weight of their samples, how many distinct stacks, and how many of those have
   * their leaf named by Instruments' display string.
   */
  addressOnly?: { weight: number; stacks: number; leafNamed: number };
  /** Rows whose weight is missing or a "no data" value (counted in samples, not in weights). */
  invalidWeightRows?: number;
  /** Distinct stacks with weight. */
  stacks?: number;
  /** Root of the merged call tree (kept in memory; omitted from JSON unless asked). */
  callTree?: CallTreeNode;
  /** The same tree as a view over typed arrays (xctrace profiles): what streamed outputs read. */
  compactTree?: CompactCallTree;
}

/** A call tree kept in typed arrays (src/trace/compact-tree.ts), read by the streamed outputs. */
export interface CompactCallTree {
  readonly rootTotal: number;
  /** As objects; a node whose total and depth (the root's: 0) `keep` refuses is made without its children. */
  toCallTree(keep?: (total: number, depth: number) => boolean): CallTreeNode;
  /** Collapsed stacks (`a;b;c weight` lines) in pieces. */
  folded(prefix: readonly string[], scale: number, name: (s: string) => string): Iterable<string>;
  /** The tree as JSON in pieces, one node a line (src/core/json-tree.ts), its first line at `indent`. */
  json(indent: string): Iterable<string>;
}

export interface IntervalSummary {
  run: number | null;
  table: string;
  position?: number | null;
  xpath?: string | null;
  label: string;
  /** The column values the label is made of (e.g. coreml-model-event "Prediction", coreml-model-name "MyModel"). */
  group?: { column: string; value: string }[];
  /** The columns the table's rows are grouped by ("channel-name (gpu-channel-name)"); empty: one group for the table. */
  groupedBy?: string[];
  /** Which rule chose them: "the metal-gpu-intervals rule", "what the column is (its engineering type)", "--group-by". */
  groupRule?: string;
  /** The label names inferences (Prediction, Inference): what `report` takes as latency by default. */
  inference?: boolean;
  count: number;
  /** Sum of the durations. */
  totalMs?: number;
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
  /**
   * CPU weight sampled (all threads of the profile, running samples) while these intervals were
   * open, when the run also has a profile: total, and mean per interval.
   */
  cpuPerInterval?: { unit: WeightUnit; mean: number; total: number; profile: string; intervals: number };
  /** Durations in ms, in input order (kept in memory for report histograms; omitted from JSON). */
  durationsMs?: Float64Array;
  /** Start times in ns (trace-relative), when known; in memory only. */
  startsNs?: Float64Array;
}

/** One start-up phase (load, compile or first prediction): its durations' statistics, in ms. */
export interface StartupPhaseSummary {
  count: number;
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
  minMs: number;
  meanMs: number;
  totalMs: number;
  /** Durations in ms, in input order (kept in memory for report; omitted from JSON). */
  durationsMs?: Float64Array;
}

/** A model (or asset) of the start-up tables, and how many intervals of each phase it has. */
export interface StartupModel {
  /** The model's name (instance suffix dropped) or the asset id, as the table names it. */
  id: string;
  load: number;
  compile: number;
  firstPrediction: number;
}

/**
 * Model load, compile and first prediction (src/trace/startup.ts: which tables and values are
 * which phase). A phase with no interval is null.
 */
export interface StartupSummary {
  /** The tables the intervals come from, and the rule that read each. */
  tables: { run: number | null; table: string; rule: string }[];
  load: StartupPhaseSummary | null;
  compile: StartupPhaseSummary | null;
  /** The first prediction of a model after each of its loads. */
  firstPrediction: StartupPhaseSummary | null;
  /** In order of first appearance, at most 50. */
  models: StartupModel[];
  /** Models beyond the 50 listed. */
  modelsOmitted?: number;
}

export interface TocTable {
  schema: string;
  /** Other attributes of the <table> element, in order. */
  attributes: [string, string][];
}

export interface TocRun {
  number: number;
  template: string | null;
  /** Seconds. */
  duration: number | null;
  device: string | null;
  process: string | null;
  instrumentsVersion?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  endReason?: string | null;
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
  /** Model load, compile and first prediction, when a table records them. */
  startup?: StartupSummary;
  /** Tables the document holds that were not understood (name and row count). */
  otherTables: { run: number | null; table: string; rows: number }[];
  /** Every table of the document, in order, with what it was read as. */
  tables?: TableInfo[];
  toc?: { runs: TocRun[] };
  /**
   * The export is truncated (it ends inside an element): everything above is what its complete
   * rows say. `byte` is where the file ends; `table` the table it ends in (null between tables).
   */
  truncated?: { byte: number; line: number | null; rows: number; table: string | null; tableRows: number; message: string };
  /**
   * The stacks held more distinct call paths than the call tree keeps (xctrace/stacks.ts
   * MAX_NODES): `stacks` distinct stacks had their deepest frames merged into their caller.
   */
  stacksMerged?: { stacks: number; maxNodes: number };
  /** Findings that are not problems with the input (an empty Core ML table, a follow-on node…). */
  notes?: string[];
  /** Problems with the input that were worked around (dangling refs, unpaired signposts…). */
  warnings: string[];
}

export type TableKind = 'profile' | 'intervals' | 'signposts' | 'other';

export interface TableInfo {
  run: number | null;
  table: string;
  position: number | null;
  xpath: string | null;
  kind: TableKind;
  rows: number;
  /** False when `--run` left it out. */
  read: boolean;
}
