import type { Category, Frontend, OpStatus, Severity } from '../model.js';

/**
 * One message that coremltools (or a converter around it) prints, as data: the parser searches
 * every normalised log line for each pattern and makes a Diagnostic of the first that matches.
 * Patterns come from coremltools' sources (../shared/research/coremltools_messages.json lists the
 * templates with their file and line); each has a test with a realistic line.
 */
export interface MessagePattern {
  /** Stable id, `<area>.<what>`: `torch.op-not-implemented`. */
  id: string;
  category: Category;
  severity: Severity;
  /** Searched (not anchored) in the normalised line. Named groups feed op, node and the explanation. */
  re: RegExp;
  /** The op the message is about: a named group of `re`, or a fixed name. */
  op?: { group: string } | { value: string };
  /** Several ops in one message (`Unsupported ONNX ops of type: Cast,Floor`): a group split at commas. */
  opList?: { group: string };
  /** The node, layer or module path: a named group of `re`. */
  node?: { group: string };
  /** When set, the op named by the message goes into `unsupportedOps` with this status. */
  opStatus?: OpStatus;
  /**
   * The message names the op whose converter raised the exception that follows it (`ERROR - converting
   * 'x' op`): the run's failure is at this op, and the exception is its cause.
   */
  namesFailingOp?: boolean;
  /** The frontend the message belongs to, when only one prints it. */
  frontend?: Frontend;
  /** What it means for the converted model and whether to act. `{name}` is replaced by a named group. */
  explain: string;
  /**
   * Explanations that depend on what the message says (the direction of a dtype mismatch): the first
   * case whose `re` matches its named group replaces `explain`.
   */
  explainCases?: { group: string; re: RegExp; explain: string }[];
  /**
   * The lines of a report that spans several (torch's trace check) are one event: patterns with the
   * same `key` make one diagnostic, and a line within `within` lines of the event's last line adds no count.
   */
  event?: { key: string; within: number };
  /** What the log shows when this message is printed, when it is not a conversion (a model loading or predicting). */
  shows?: 'runtime';
  /** Where coremltools prints it (file relative to the coremltools package). */
  source: string;
  /** How it is printed: `logger.warning`, `warnings.warn`, `raise ValueError`, `print`. */
  emitter: string;
  /** The coremltools releases that print it, when that narrows the version (inclusive bounds). */
  versions?: { min?: string; max?: string };
  /**
   * The message continues on the following lines (a TF NodeDef dump, a numbered feature list):
   * how many lines at most belong to it, and a group to fill from them.
   */
  continuation?: { maxLines: number; node?: RegExp };
  /**
   * The message heads a list, one item per following line (`ct.convert(..., debug=True)` prints the
   * ops it is MISSING, two-space indented). Each item that matches `item` (group `op`) is an op; with
   * `opStatus` it goes into `unsupportedOps`. The list ends at the first line that does not match.
   */
  list?: { item: RegExp; opStatus?: OpStatus };
  /** The frontend variant the message implies (`torchscript-scripted`, `torch.export`, `tf2`). */
  variant?: string;
  /** Where the log ran, when the message tells (`Linux or Windows` for a missing libcoremlpython). */
  platform?: string;
  /** Not listed as a diagnostic: only its extractors and hints count (pip output, printed versions). */
  silent?: boolean;
  /** The exception class that raises it bounds the release: RuntimeError up to 8.3, NotImplementedError from 9.0. */
  exceptionTypes?: { type: string; versions: { min?: string; max?: string } }[];
  /** Versions this message prints (`Torch version 2.1.1 has not been tested ... Torch 1.13.1 is the most recent`). */
  extract?: VersionExtractor[];
}

export type VersionExtractor =
  /** A library's own version, from a named group (`torch`, `tensorflow`, `keras`, `scikit-learn`, `python`, `coremltools`). */
  | { kind: 'library'; library: string; group: string }
  /** A library name in one group and its version in another (`%s version %s has not been tested`). */
  | { kind: 'library-named'; libraryGroup: string; group: string }
  /** The coremltools release range that a tested-with/compatible-up-to version implies. */
  | { kind: 'coremltools-from'; table: 'torch-tested' | 'sklearn-max' | 'tf2-max'; group: string; libraryGroup?: string }
  /** coremltools is older than the release named in a group (`deprecated and will be removed in 7.2`). */
  | { kind: 'coremltools-before'; group: string }
  /** coremltools printed outright. */
  | { kind: 'coremltools-exact'; group: string };
