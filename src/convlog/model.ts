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
  /** The log looks cut: at its start (begins inside a traceback) or at its end (ends inside a bar or traceback). */
  cut: { start: boolean; end: boolean };
  lineCount: number;
  /** Lines longer than the reader keeps (their tail was ignored). */
  truncatedLines: number;
}
