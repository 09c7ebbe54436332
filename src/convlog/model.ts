/**
 * The typed model of a coremltools conversion log: what `log` finds, what renderers render and
 * what `report` and `gate` read. The JSON form (schemaVersion 1) is a stable contract: fields are
 * added, never renamed.
 */

export const CONVLOG_SCHEMA_VERSION = 1;

export type Frontend = 'pytorch' | 'tensorflow' | 'onnx' | 'mil' | 'unknown';

export type Category =
  | 'unsupported-op'
  | 'dtype'
  | 'shape/dynamic'
  | 'deployment-target'
  | 'version-compat'
  | 'precision'
  | 'compression'
  | 'other';

export const CATEGORIES: readonly Category[] = [
  'unsupported-op',
  'dtype',
  'shape/dynamic',
  'deployment-target',
  'version-compat',
  'precision',
  'compression',
  'other',
];

export type Severity = 'error' | 'warning' | 'info';

export type Outcome = 'converted' | 'failed' | 'unknown';

/** `unsupported`: no converter exists for the op. `failed`: a converter exists but raised on this use of it. */
export type OpStatus = 'unsupported' | 'failed';

export interface UnsupportedOp {
  /** Normalised name: `aten::upsample_bicubic2d`, `upsample_bicubic2d_` and `'upsample_bicubic2d'` are `upsample_bicubic2d`; TF and ONNX names as printed. */
  op: string;
  frontend: Frontend;
  status: OpStatus;
  /** Node names or module paths the log gives for it (`heads`, `batch_normalization_12/cond/Switch`). */
  nodes: string[];
  /** 1-based lines where the log names it. */
  lines: number[];
  /** The category of the problem (unsupported-op, dtype, shape/dynamic, ...). */
  category: Category;
  /** Why: the message that named it. */
  cause: string;
  /** Spellings seen in the log, before normalisation. */
  spellings: string[];
  /** The model of the conversion that named it, when the log names the model (`encoder`, `Decoder.mlpackage`). */
  model?: string;
  /** The matching rewrite from the catalogue (`coreml-doctor rewrites`), attached by analysis; null when none. */
  rewrite?: RewriteAttachment | null;
}

export interface RewriteAttachment {
  /** Catalogue entry id: `coreml-doctor rewrites <id>` shows it in full. */
  id: string;
  summary: string;
  /** coremltools release (and/or deployment target) from which the op converts natively; null when never. */
  nativeSince: string | null;
  /** A concrete replacement (Python), when the entry has one. */
  snippet: string | null;
  /** The first thing to do, in one line: the upgrade when a newer coremltools has the op, else the rewrite. */
  firstFix: string;
  /** True when the catalogue has an entry (`rewrites <id>` shows a rewrite and snippet); false when only the op registry knows it. */
  inCatalogue?: boolean;
}

export interface Diagnostic {
  /** Id of the message pattern that matched (`torch.op-not-implemented`), or a generic id. */
  id: string;
  category: Category;
  severity: Severity;
  /** The message as printed (normalised: no ANSI, no logging prefix), first occurrence. */
  message: string;
  /** 1-based line of the first occurrence. */
  line: number;
  /** The op the message is about, normalised, when it names one. */
  op?: string;
  /** The node, layer or module path, when the message names one. */
  node?: string;
  /** How many times the same message was printed (repeats are folded). */
  count: number;
  /** Lines of every occurrence (capped at 100). */
  lines: number[];
  /** What it means and whether to act, in one or two plain lines. */
  explanation: string;
  /** How it was printed: logger, warnings.warn (with its category), exception, print. */
  emitter?: string;
  /**
   * True for the entry that stands for every distinct message of this id beyond the 50 kept: its
   * `message` is the first of them, its `count` every occurrence of all of them (exact).
   */
  folded?: boolean;
  /** The model of the conversion where it was first printed, when the log names the model. */
  model?: string;
}

export interface Stage {
  /** The tqdm description: `Converting PyTorch Frontend ==> MIL Ops`, `Running MIL default pipeline`. */
  name: string;
  kind: StageKind;
  /** Last state of the bar. `done`/`total` are null when the log cut the bar before its counter. */
  done: number | null;
  total: number | null;
  percent: number | null;
  /** Line of the last state. */
  line: number;
  /** A bar that ran inside another one (a TF while_loop or cond body converts with its own bar): not the main graph's stage. */
  nested?: boolean;
}

export type StageKind = 'frontend' | 'graph-passes' | 'mil-passes' | 'backend' | 'compression' | 'other';

export interface VersionInfo {
  /** `7.1`, or a range `6.3-7.0`, or an open range `7.2+`; null when nothing in the log tells. */
  value: string | null;
  /** Lowest and highest release the evidence allows (inclusive); null where unbounded. */
  min: string | null;
  max: string | null;
  source: 'printed' | 'fingerprint' | 'none';
  /** What told it: `Torch 1.13.1 is the most recent version that has been tested`. */
  evidence: string | null;
  line: number | null;
}

export interface Failure {
  /** The exception class (`RuntimeError`), when the log shows it. */
  exceptionType: string | null;
  /** The exception message, when the log shows it. */
  message: string | null;
  line: number | null;
  /** `ERROR - converting 'op' op (located at: 'path')` names the op and its module path (coremltools >= 7.2). */
  op: string | null;
  node: string | null;
  /** From the frontend progress bar: conversion stopped at about this op (1-based) of `opTotal`. */
  opIndex: number | null;
  opTotal: number | null;
  /** True when the traceback is cut before its exception line. */
  cutBeforeError: boolean;
  /** Chained exceptions ("During handling of the above exception"). */
  chained: number;
}

/** One `ct.convert` (or `ct.optimize`) run of a log that holds several. */
export interface Conversion {
  /** 1-based, in the order of the log. */
  index: number;
  /** The model the log names for it (a print such as `Converting encoder...`, a saved `Decoder.mlpackage`); null when it does not. */
  model: string | null;
  outcome: Outcome;
  outcomeReason: string;
  /** Editor lines where this run's output starts and ends. */
  lines: { first: number; last: number };
  stages: Stage[];
  /** Ops that did not convert in this run (names as in `unsupportedOps`). */
  ops: string[];
  failure: Failure | null;
  /** The messages of this run (the top level folds them over the whole log), at most 50 distinct. */
  diagnostics: { id: string; severity: Severity; category: Category; message: string; line: number; count: number }[];
  /** Distinct messages of this run beyond the 50 kept. */
  diagnosticsDropped: number;
}

export interface ConversionLog {
  schemaVersion: typeof CONVLOG_SCHEMA_VERSION;
  source: string;
  frontend: Frontend;
  /** Finer detail on the frontend: torchscript-traced, torchscript-scripted, torch.export, tf1, tf2, keras, onnx-coreml. */
  frontendVariant: string | null;
  coremltoolsVersion: string | null;
  coremltools: VersionInfo;
  /** Versions printed by the log (torch, tensorflow, keras, scikit-learn, python). */
  versions: Record<string, string>;
  /** Where the log shows it ran: macOS, Linux, Windows. */
  platform: string | null;
  outcome: Outcome;
  /** One line on why the outcome is what it is. */
  outcomeReason: string;
  failure: Failure | null;
  unsupportedOps: UnsupportedOp[];
  diagnostics: Diagnostic[];
  stages: Stage[];
  /** Stage instances left out of `stages` (the oldest, beyond the 500 most recent). */
  stagesDropped: number;
  /**
   * Every conversion run the log holds, in order (several when a script converts an encoder and a
   * decoder, or retries after a failure). The top level summarises them: its outcome is the last run's
   * of each model, its `stages` and `failure` those of the run that decides it. At most 1,000 runs are
   * listed (the most recent); `conversionCount` counts them all.
   */
  conversions: Conversion[];
  conversionCount: number;
  /** Runs left out of `conversions` (the oldest, beyond the 1,000 most recent). */
  conversionsDropped: number;
  /** What the log shows besides or instead of a conversion: `runtime` when it shows a model loading or predicting. */
  shows?: 'conversion' | 'runtime';
  /** Ops left out of `unsupportedOps` beyond the 1,000 distinct kept (their lines still count in diagnostics). */
  opsDropped?: number;
  /** The log looks cut: at its start (begins inside a traceback) or at its end (ends inside a bar or traceback). */
  cut: { start: boolean; end: boolean };
  lineCount: number;
  /** Lines longer than the reader keeps (their tail was ignored). */
  truncatedLines: number;
}
