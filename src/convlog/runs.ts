/**
 * A log can hold several conversion runs: a script that converts an encoder and a decoder, a retry
 * after a failure, a CI job looping over models. Each run has its own stages, failure, ops and
 * messages; the top level of the model summarises them (the last run of each model decides).
 *
 * A run ends when it raised (its exception line was read) or its backend (or compression) stage
 * completed; the next stage to start opens a new run. Messages printed after a run ended and before
 * the next starts (the next script's warnings) go to the next run, or stay with the last one when no
 * other run follows.
 */
import type { Conversion, ConversionLog, Diagnostic, Failure, Frontend, Outcome, Stage, UnsupportedOp } from './model.js';
import { normalizeOp } from './ops.js';
import { clipWords } from '../core/strings.js';
import { outcomeOf, outcomeReason, type LastEvent } from './outcome.js';
import { StageTracker, stageComplete } from './progress.js';

/** Runs listed in `conversions` (the most recent); every run is counted. */
export const MAX_CONVERSIONS = 1000;
/** Distinct messages listed per run. */
export const MAX_RUN_DIAGNOSTICS = 50;
/** Ops listed per run. */
const MAX_RUN_OPS = 50;
/** Messages a run searches in place before it indexes them. */
const DIAG_SCAN = 8;
/**
 * The ops of a run that names none (shared: never written, noteOp replaces it).
 *
 * What a run keeps is made by class constructors and Array.of, not by object and array literals: a
 * literal's allocation site records how many of its objects survive, and a sweep's log keeps the last
 * thousand runs, so once the young generation reached its largest size (about 4 MB into the log) V8
 * deoptimised every function that had made such literals and optimised them again (16 MB
 * unsupported-op mix: 14 functions, among them onPattern, onBar, addOp and finish; with classes and
 * Array.of, 2).
 */
const NO_OPS: UnsupportedOp[] = [];

export class Run {
  readonly stages = new StageTracker();
  failure: Failure | null = null;
  /** Its exception line was read, or its backend stage completed: the next stage opens a new run. */
  ended = false;
  lastEvent: LastEvent = 'other';
  /** onnx-coreml prints each node type before converting it: the last one is where a failure happened. */
  onnxNode: { op: string; line: number } | null = null;
  /** The innermost traceback frame inside an op converter (`ops.py, in log2`): the op whose converter raised. */
  frameOp: { op: string; frontend: Frontend; line: number } | null = null;
  /** Ops whose cause is the exception that follows (it names no op itself); made when first needed (most runs need none). */
  private causes: UnsupportedOp[] | null = null;
  /** The ops it names, in the order met (a one-element array when the first comes: a push onto [] reserved 17). */
  ops: UnsupportedOp[] = NO_OPS;
  /**
   * The messages shown in the run, in the order met, with their count in it and the line it first
   * showed them at: [diagnostic, count, line, ...]. Made when the first comes; searched in place
   * while short, through `diagIndex` beyond (a sweep's log opens a run every few lines, and a Map per
   * run was most of what its runs allocated).
   */
  private diagEntries: (Diagnostic | number)[] | null = null;
  /** Where each message stands in diagEntries, once the run shows more than DIAG_SCAN of them. */
  private diagIndex: Map<Diagnostic, number> | null = null;
  diagnosticsDropped = 0;
  model: string | null = null;
  last: number;
  /** The first message that shows a model loading or running (not converting), and whether it was the exception. */
  private runtime: { diag: Diagnostic; raised: boolean } | null = null;
  private runtimeDiags: Set<Diagnostic> | null = null;

  constructor(readonly first: number) {
    this.last = first;
  }

  /** Something was shown: the run has content (a stage, a message) and reaches this line. */
  get hasContent(): boolean {
    return this.stages.stages.length > 0 || this.diagEntries !== null || this.failure !== null;
  }

  /** How many distinct messages the run lists. */
  get diagnosticCount(): number {
    return this.diagEntries === null ? 0 : this.diagEntries.length / 3;
  }

  /** The messages the run lists, in the order met. */
  *diagnostics(): IterableIterator<Diagnostic> {
    const e = this.diagEntries;
    if (e !== null) for (let i = 0; i < e.length; i += 3) yield e[i] as Diagnostic;
  }

  /** Where a message stands in diagEntries, -1 when the run does not list it. */
  private diagAt(d: Diagnostic): number {
    const e = this.diagEntries;
    if (e === null) return -1;
    if (this.diagIndex !== null) return this.diagIndex.get(d) ?? -1;
    for (let i = 0; i < e.length; i += 3) if (e[i] === d) return i;
    return -1;
  }

  /** Counts `count` showings of a message first shown at `line` (listed when the run lists fewer than MAX_RUN_DIAGNOSTICS). */
  private addDiagnostic(d: Diagnostic, count: number, line: number): void {
    const i = this.diagAt(d);
    if (i >= 0) {
      (this.diagEntries as (Diagnostic | number)[])[i + 1] = ((this.diagEntries as (Diagnostic | number)[])[i + 1] as number) + count;
      return;
    }
    const e = this.diagEntries;
    if (e === null) {
      this.diagEntries = Array.of<Diagnostic | number>(d, count, line);
      return;
    }
    if (e.length >= 3 * MAX_RUN_DIAGNOSTICS) {
      this.diagnosticsDropped += count;
      return;
    }
    e.push(d, count, line);
    if (this.diagIndex !== null) this.diagIndex.set(d, e.length - 3);
    else if (e.length > 3 * DIAG_SCAN) {
      this.diagIndex = new Map();
      for (let k = 0; k < e.length; k += 3) this.diagIndex.set(e[k] as Diagnostic, k);
    }
  }

  noteDiagnostic(d: Diagnostic, line: number): void {
    this.addDiagnostic(d, 1, line);
  }

  noteRuntime(d: Diagnostic, raised: boolean): void {
    (this.runtimeDiags ??= new Set()).add(d);
    if (!this.runtime || (d.severity === 'error' && this.runtime.diag.severity !== 'error')) this.runtime = { diag: d, raised: raised || (this.runtime?.raised ?? false) };
    else if (raised) this.runtime.raised = true;
  }

  /**
   * The exception that follows is this op's cause. Only ops the run lists are read back (finish), so
   * an op that can no longer be listed (the run's list is full without it) is not kept: a sweep's
   * single run naming thousands of ops holds at most MAX_RUN_OPS of them here.
   */
  causeFromException(o: UnsupportedOp): void {
    if (this.ops.length >= MAX_RUN_OPS && !this.ops.includes(o)) return;
    // At most the ops listed and one more (an array: a Set per run cost more than the search).
    if (this.causes === null) this.causes = [o];
    else if (!this.causes.includes(o)) this.causes.push(o);
  }

  /** How many ops wait for the exception to give their cause (bounded: see causeFromException). */
  get causesHeld(): number {
    return this.causes?.length ?? 0;
  }

  noteOp(o: UnsupportedOp): void {
    if (this.ops === NO_OPS) this.ops = Array.of(o);
    else if (!this.ops.includes(o) && this.ops.length < MAX_RUN_OPS) this.ops.push(o);
  }

  /** Folds a run that started but showed no stage (trailing messages) into this one. */
  absorb(other: Run): void {
    const e = other.diagEntries;
    if (e !== null) {
      // (One showing of a message not listed is one more dropped, whatever its count: as before.)
      for (let i = 0; i < e.length; i += 3) {
        const d = e[i] as Diagnostic;
        if (this.diagAt(d) < 0 && this.diagnosticCount >= MAX_RUN_DIAGNOSTICS) this.diagnosticsDropped++;
        else this.addDiagnostic(d, e[i + 1] as number, e[i + 2] as number);
      }
    }
    this.diagnosticsDropped += other.diagnosticsDropped;
    for (const o of other.ops) this.noteOp(o);
    if (!this.model && other.model) this.model = other.model;
    this.last = Math.max(this.last, other.last);
  }

  /** The run as the model lists it; fills in what only the end of the run tells (opIndex, the ops' causes). */
  finish(index: number, addOp: (op: string, frontend: Frontend, line: number, cause: string) => UnsupportedOp): Finished {
    const stages = this.stages.stages;
    if (!this.failure) {
      // An error message with no exception (a logger.error, an exception line's twin) fails the run too.
      let first: Diagnostic | null = null;
      for (const d of this.diagnostics()) if (d.severity === 'error' && !this.runtimeDiags?.has(d) && (!first || d.line < first.line)) first = d;
      if (first) this.failure = new RunFailure(null, first.message, first.line);
    }
    const failure = this.failure;
    // How far the frontend got: n/total of the main graph's bar (not a loop body's); the op after n is the one that failed.
    let frontend: Stage | undefined;
    for (let i = stages.length - 1; i >= 0 && !frontend; i--) if (stages[i]!.kind === 'frontend' && !stages[i]!.nested) frontend = stages[i];
    if (failure && frontend && frontend.done !== null && frontend.total !== null && frontend.done < frontend.total) {
      failure.opIndex = frontend.done + 1;
      failure.opTotal = frontend.total;
    }
    if (failure && this.ops.length === 0 && this.onnxNode) {
      // onnx-coreml announced this node type last, then raised: it is the node that failed.
      const o = addOp(this.onnxNode.op, 'onnx', this.onnxNode.line, 'the converter raised while converting this node type (the last one it announced)');
      this.noteOp(o);
      this.causeFromException(o);
    }
    if (failure && this.ops.length === 0 && this.frameOp) {
      // The traceback went through this op's converter: it is the op that failed, whatever the exception line says (or if it is cut).
      const f = this.frameOp;
      const o = addOp(normalizeOp(f.op, f.frontend), f.frontend, f.line, `its converter (${f.op} in the frontend's ops.py) raised`);
      this.noteOp(o);
      this.causeFromException(o);
    }
    if (failure) {
      const named = this.ops.find((o) => o.status === 'unsupported') ?? this.ops[0];
      if (!failure.op && named) {
        failure.op = named.op;
        failure.node = named.nodes[0] ?? null;
      }
      // "ERROR - converting 'x' op" (and an ONNX node announced last) name the op; the exception that follows is the cause.
      for (const o of this.ops) {
        if (o.status !== 'failed' || !this.causes?.includes(o)) continue;
        if (failure.exceptionType) {
          o.cause = failure.message ? `${failure.exceptionType}: ${failure.message}` : `${failure.exceptionType} (its message is cut from the log)`;
        } else {
          o.cause = 'its converter raised an error; the exception is cut from the log';
        }
      }
    }
    let { outcome, cutEnd, done } = outcomeOf(stages, failure, this.lastEvent);
    const rt = this.runtime;
    // Core ML loading or running a model: the log does not show the conversion at all.
    const runtimeOnly = rt !== null && !stages.some((s) => s.kind === 'frontend') && this.ops.length === 0 && (outcome !== 'failed' || rt.raised);
    if (runtimeOnly) {
      outcome = 'unknown';
      cutEnd = false;
    }
    if (this.model) {
      for (const o of this.ops) if (o.model === undefined) o.model = this.model;
      for (const d of this.diagnostics()) if (d.model === undefined && d.line >= this.first && d.line <= this.last) d.model = this.model;
    }
    // What the reason is made of, kept in the finished run (a closure per run was two objects more of a sweep's).
    const reasonRuntime = runtimeOnly ? rt.diag : null;
    // What only reading the run needed goes now: the last thousand runs are kept until listed, and
    // a sweep's log finishes a run every few lines (kept, these were most of what its collections copied).
    this.stages.release();
    this.causes = null;
    this.runtimeDiags = null;
    this.onnxNode = null;
    this.frameOp = null;
    return new Finished(index, this.model, outcome, failure, this, cutEnd, this.stages.dropped, reasonRuntime, this.ops, done);
  }

  /**
   * The run as the model lists it, made when it is listed (most runs of a big log are not): nothing
   * it copies changes once the run is finished (its stages are no longer updated, its own counts
   * and the messages' texts are fixed), so it is what finish would have made.
   */
  conversion(index: number, outcome: Outcome, failure: Failure | null): Conversion {
    return {
      index,
      model: this.model,
      outcome,
      // Filled in by RunLog when the run is listed.
      outcomeReason: '',
      lines: { first: this.first, last: this.last },
      stages: this.stages.stages.map((s) => ({ ...s })),
      ops: this.ops.map((o) => o.op),
      failure,
      diagnostics: this.listedDiagnostics(),
      diagnosticsDropped: this.diagnosticsDropped,
    };
  }

  private listedDiagnostics(): Conversion['diagnostics'] {
    const out: Conversion['diagnostics'] = [];
    const e = this.diagEntries;
    if (e === null) return out;
    for (let i = 0; i < e.length; i += 3) {
      const d = e[i] as Diagnostic;
      out.push({ id: d.id, severity: d.severity, category: d.category, message: d.message, line: e[i + 2] as number, count: e[i + 1] as number });
    }
    return out;
  }

  /** A stage was updated: a completed backend stage ends the run (compression passes follow one another in one run). */
  noteStage(): void {
    const last = this.stages.stages[this.stages.stages.length - 1];
    if (last && last.kind === 'backend' && stageComplete(last)) this.ended = true;
  }
}

/** A finished run, as the log keeps it until it is listed (a class: see NO_OPS). */
class Finished {
  /** Made when the run is listed (conversionOf); its outcomeReason is filled in by `listed`. */
  conversion: Conversion | null = null;
  /** The outcome's reason is made (from the listed stages, see listed). */
  reasonMade = false;

  constructor(
    readonly index: number,
    readonly model: string | null,
    readonly outcome: Outcome,
    readonly failure: Failure | null,
    /** The run, until its conversion is made (see conversionOf). */
    public run: Run | null,
    readonly cutEnd: boolean,
    readonly stagesDropped: number,
    /** The message that shows a model loading or running (the log shows no conversion), or null. */
    readonly reasonRuntime: Diagnostic | null,
    /** The run's ops and its stage that completed last, as outcomeReason reads them. */
    public reasonOps: readonly UnsupportedOp[],
    public reasonDone: Stage | undefined,
  ) {}
}

/** A run's failure (a class: see NO_OPS). Its fields are Failure's (declaration merging), set in Failure's order: the JSON lists them so. */
export interface RunFailure extends Failure {}
export class RunFailure {
  constructor(exceptionType: string | null, message: string | null, line: number | null) {
    this.exceptionType = exceptionType;
    this.message = message;
    this.line = line;
    this.op = null;
    this.node = null;
    this.opIndex = null;
    this.opTotal = null;
    this.cutBeforeError = false;
    this.chained = 0;
  }
}

/** The run as listed (without its reason), made the first time it is asked for; the run is then let go. */
export function conversionOf(f: Finished): Conversion {
  if (!f.conversion) {
    f.conversion = (f.run as Run).conversion(f.index, f.outcome, f.failure);
    f.run = null;
  }
  return f.conversion;
}

/** The reason of a run that shows a model loading or running, not a conversion. */
function runtimeReason(d: Diagnostic): string {
  const what = d.severity === 'error' ? 'Core ML failing to load or run a model' : 'a converted model being run';
  return `this log shows ${what} (line ${d.line}: ${clipWords(d.message, 120)}), not a conversion: it does not show whether the conversion failed`;
}

/** The run as listed, its reason made. */
function listed(f: Finished): Conversion {
  const c = conversionOf(f);
  if (!f.reasonMade) {
    c.outcomeReason = f.reasonRuntime !== null ? runtimeReason(f.reasonRuntime) : outcomeReason(c.stages, f.failure, f.reasonOps, f.reasonDone);
    f.reasonMade = true;
    f.reasonOps = NO_OPS;
    f.reasonDone = undefined;
  }
  return c;
}

/** Keeps the finished runs (the most recent MAX_CONVERSIONS, and the last of each model) and sums them up. */
export class RunLog {
  /** The most recent runs: a ring of MAX_CONVERSIONS, the oldest at `start` once full. */
  private readonly recent: Finished[] = [];
  private start = 0;
  count = 0;
  dropped = 0;
  /** Each model's runs, in order: its last run and how many failed before it (key '' for runs that name no model). */
  private readonly byModel = new Map<string, { last: Finished; failedBefore: number; runs: number; firstIndex: number }>();
  private lastRun: Finished | null = null;

  add(f: Finished): void {
    this.count++;
    if (this.recent.length < MAX_CONVERSIONS) this.recent.push(f);
    else {
      // Overwrites the oldest (shifting an array of 1,000 for each of 100,000 runs was most of add).
      this.recent[this.start] = f;
      this.start = (this.start + 1) % MAX_CONVERSIONS;
      this.dropped++;
    }
    const key = f.model ?? '';
    const m = this.byModel.get(key);
    if (!m) this.byModel.set(key, { last: f, failedBefore: 0, runs: 1, firstIndex: f.index });
    else {
      if (m.last.outcome === 'failed') m.failedBefore++;
      m.last = f;
      m.runs++;
    }
    this.lastRun = f;
  }

  /** The runs listed (the most recent MAX_CONVERSIONS), oldest first. */
  get kept(): Conversion[] {
    return [...this.recent.slice(this.start), ...this.recent.slice(0, this.start)].map(listed);
  }

  /** The top level: outcome, reason, and the run whose stages and failure it shows. */
  summary(): { outcome: Outcome; outcomeReason: string; deciding: Finished } {
    const last = this.lastRun as Finished;
    if (this.count === 1) return { outcome: last.outcome, outcomeReason: listed(last).outcomeReason, deciding: last };
    const models = [...this.byModel.values()].sort((a, b) => a.firstIndex - b.firstIndex);
    const failed = models.find((m) => m.last.outcome === 'failed');
    const unknown = models.find((m) => m.last.outcome === 'unknown');
    const outcome: Outcome = failed ? 'failed' : unknown ? 'unknown' : 'converted';
    const deciding = (failed ?? unknown ?? { last })!.last;
    listed(deciding);
    const describe = (m: (typeof models)[number]): string => {
      const c = listed(m.last);
      const word = c.outcome === 'converted' ? 'converted' : c.outcome === 'failed' ? 'failed' : 'outcome unknown';
      let s = word;
      if (c.outcome === 'converted' && m.failedBefore > 0) s = `converted after ${m.failedBefore} failed attempt${m.failedBefore === 1 ? '' : 's'}`;
      else if (c.outcome === 'converted' && m.runs > 1) s = `converted in each of ${m.runs} runs`;
      else if (m.runs > 1) s = `${word} on the last of ${m.runs} runs`;
      return `${s} (run ${c.index}: ${c.outcomeReason})`;
    };
    if (models.length === 1) {
      const m = models[0]!;
      const head = m.last.model ? `\`${m.last.model}\` ` : '';
      return { outcome, outcomeReason: `${head}${describe(m)}`, deciding };
    }
    const parts = models.map((m) => `${m.last.model ? `\`${m.last.model}\`` : 'a model the log does not name'} ${describe(m)}`);
    return { outcome, outcomeReason: `${this.count} conversions of ${models.length} models: ${parts.join('; ')}`, deciding };
  }
}

export type { ConversionLog };
