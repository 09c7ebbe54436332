/**
 * The conversion-log parser: one pass over the lines, keeping only what it reports. Lines stream
 * in (push), the model comes out (finish). It never prints and never exits.
 *
 * Per line: ANSI and quoting are stripped; tqdm bars become stages and whatever was glued to a bar
 * is read as a line of its own; the traceback tracker tells quoted source code from messages; the
 * logging prefix is split off; `warnings.warn` lines are unwrapped; then the message table is
 * searched (first match wins) and repeats are folded.
 */
import { LineSplitter, type LineInfo } from '../core/lines.js';
import { ByteLineSplitter } from '../core/byte-lines.js';
import type { TextInput } from '../core/input.js';
import { InputError } from '../core/errors.js';
import { clipWords, own } from '../core/strings.js';
import {
  CONVLOG_SCHEMA_VERSION,
  type Category,
  type ConversionLog,
  type Diagnostic,
  type Failure,
  type Frontend,
  type OpStatus,
  type Severity,
  type UnsupportedOp,
} from './model.js';
import { cleanLine, splitLoggingPrefix, type NormalizedLine } from './normalize.js';
import { isPlaceholder, normalizeOp } from './ops.js';
import { MESSAGE_PATTERNS, type MessagePattern } from './patterns/index.js';
import { ONNX_NODE_LINE, onnxNodeBar, parseBar, stageComplete, type BarState } from './progress.js';
import { conversionOf, Run, RunFailure, RunLog } from './runs.js';
import { matchException, TracebackTracker } from './traceback.js';
import { resolveVersion, SKLEARN_MAX_TO_COREMLTOOLS, TF2_MAX_TO_COREMLTOOLS, TORCH_TESTED_TO_COREMLTOOLS, type Evidence } from './versions.js';
import { CONVERTER_FRAMES, FRAME_HINTS, type PathHint, MODEL_NAME_HINTS, NOT_CONVERTERS, NOT_MODEL_NAMES, PLATFORM_HINTS, PYTHON_VERSION_HINT } from './hints.js';
import { warningClass } from './python-warnings.js';
import { MessageMatcher } from './matcher.js';
import { LineFactsCache, mayNameModel, type LineFacts, type MessageFacts } from './line-facts.js';

const MAX_MESSAGE = 2000;
const MAX_LINES_PER_DIAGNOSTIC = 100;
/** Distinct messages kept per id (a TracerWarning at each of 100,000 lines of code is one id). */
const MAX_DISTINCT_PER_ID = 50;
/** Distinct ops kept, and nodes and spellings per op. */
const MAX_OPS = 1000;
const MAX_OP_NODES = 20;
const MAX_OP_SPELLINGS = 10;

interface PendingList {
  pattern: MessagePattern;
  frontend: Frontend;
}

interface PendingContinuation {
  pattern: MessagePattern;
  left: number;
  op: UnsupportedOp | null;
  diag: Diagnostic;
}

export class ConversionLogParser {
  /** The run being read; `next` collects what is printed after it ended, until a stage opens a new run. */
  private run = new Run(1);
  private next: Run | null = null;
  private readonly runs = new RunLog();
  private readonly diagnostics = new Map<string, Diagnostic>();
  /** The ops, in the order met, and by frontend then name (no key string made per op line). */
  private readonly opList: UnsupportedOp[] = [];
  private readonly ops = new Map<Frontend, Map<string, UnsupportedOp>>();
  private readonly frontendScore = new Map<Frontend, number>();
  private variant: string | null = null;
  private readonly versions = new Map<string, string>();
  private readonly evidence: Evidence[] = [];
  /** Evidence already recorded (by kind of hint), so that repeated lines add it once. */
  private readonly evidenceSeen = new Set<string>();
  /** Exception types whose evidence is recorded, by pattern id; versions read, by table. */
  private readonly excEvidence = new Map<string, Set<string>>();
  private readonly fromEvidence = new Map<string, Set<string>>();
  /** Stage names whose version evidence is recorded (checked for every stage that starts). */
  private readonly barEvidenceSeen = new Set<string>();
  /** Patterns whose version evidence is recorded (checked before building a key, on every line). */
  private readonly evidencePatterns = new Set<MessagePattern>();
  private platform: string | null = null;
  private pendingList: PendingList | null = null;
  private pendingContinuation: PendingContinuation | null = null;
  /** The next indented line is the source line that warnings.warn prints under its message. */
  private warningSourceNext = false;
  private lastLine = 0;
  private sawText = false;
  private firstRole: 'frame' | 'text' | null = null;
  private truncatedLines = 0;
  /** Distinct diagnostics kept per id; beyond, one folded entry per id counts the rest. */
  private readonly distinctById = new Map<string, number>();
  /**
   * For each key kept with two NULs (`id\0place\0message`, as warnings make them), its second part
   * by its first: a key whose second part is not listed under its first is not kept.
   */
  private readonly keptPlaces = new Map<string, KeptPlaces>();
  /** The texts of each pattern id kept as a diagnostic of their own (at most MAX_DISTINCT_PER_ID an id). */
  private readonly keptTexts = new Map<string, { lengths: Set<number>; texts: Set<string> }>();
  private opsDropped = 0;
  /** A variant implied by a warning class (TracerWarning: traced), used when nothing else tells. */
  private impliedVariant: string | null = null;
  /** Lines of the last event of each id that folds a report of several lines into one. */
  private readonly eventLines = new Map<string, number>();
  private shows: 'runtime' | null = null;
  /** The line being read is an exception line (it belongs to the run that raised it). */
  private exceptionLine = false;
  private readonly tracebacks: TracebackTracker;
  private readonly matcher = new MessageMatcher(MESSAGE_PATTERNS);
  private readonly lineFacts = new LineFactsCache(this.matcher);

  constructor(private readonly source: string) {
    this.tracebacks = new TracebackTracker({
      onStart: (line, _style, type, cutAtStart) => {
        const f = this.ensureFailure();
        if (type) f.exceptionType = own(type);
        if (f.line === null) f.line = line;
        f.cutBeforeError = true;
        if (cutAtStart) this.firstRole = this.firstRole ?? 'frame';
        this.run.lastEvent = 'error';
      },
      onFrame: (frame, line) => {
        this.pathHints(frame.file);
        const func = frame.func?.replace(/\(.*$/, '').trim();
        if (!func || func.startsWith('_') || NOT_CONVERTERS.has(func)) return;
        const c = CONVERTER_FRAMES.find((x) => x.re.test(frame.file));
        // The innermost converter frame is the op (frames run outermost first).
        if (c) this.run.frameOp = { op: own(func), frontend: c.frontend, line };
      },
      onException: (type, message, line) => {
        const f = this.ensureFailure();
        f.exceptionType = own(type);
        f.message = message ? own(message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) + '…' : message) : null;
        f.line = line;
        f.cutBeforeError = false;
        this.run.lastEvent = 'error';
        this.run.ended = true;
      },
      onChain: () => {
        this.ensureFailure().chained++;
      },
    });
  }

  /** Feeds one segment (a line, or a part of one ended by \r). */
  push(raw: string, info: LineInfo): void {
    this.lastLine = info.line;
    if (info.truncated) this.truncatedLines++;
    // (A blank line, a third of some logs, is '' cleaned too.)
    const s = raw === '' ? raw : cleanLine(raw, info.ansiStripped === true);
    if (s === '') {
      this.pendingList = null;
      return;
    }
    this.segment(s, info.line, 0);
  }

  private segment(text: string, line: number, depth: number): void {
    this.sawText = true;
    let s = text;
    // A line can hold many tqdm states glued together (a paste that lost its \r): take them one by one.
    for (;;) {
      // A list that a message opened (debug=True's MISSING ops) takes the following lines.
      if (this.pendingList) {
        const m = this.pendingList.pattern.list!.item.exec(s);
        if (m && m.groups?.op) {
          this.addListItem(this.pendingList, m.groups.op, line);
          return;
        }
        this.pendingList = null;
      }

      const onnx = s.charCodeAt(0) <= 57 ? ONNX_NODE_LINE.exec(s) : null;
      if (onnx?.groups) {
        this.stageRun().stages.update(onnxNodeBar(Number(onnx.groups.n), Number(onnx.groups.total)), line);
        this.vote('onnx', 5);
        this.run.onnxNode = { op: own(onnx.groups.op as string), line };
        this.run.lastEvent = 'bar';
        return;
      }

      // tqdm bars: the last state counts; text glued before or after a bar is a line of its own.
      const bar = s.includes('%|') ? parseBar(s) : null;
      if (!bar) break;
      // What comes before a bar's description holds no bar (the bar is the first `%|`).
      if (bar.before.trim() && depth === 0) this.segment(bar.before.trim(), line, depth + 1);
      this.onBar(bar, line);
      s = bar.rest.trim();
      if (!s) return;
    }

    // warnings.warn prints the source line under its message: it is code, not a message.
    if (this.warningSourceNext) {
      this.warningSourceNext = false;
      if (/^\s/.test(s)) return;
    }
    // Inside a traceback most lines are frames and source listings, read by the tracker's own forms:
    // a line's facts are looked up only outside one, or once the line turns out to be a message.
    let facts = this.tracebacks.inTraceback ? null : this.lineFacts.get(s);

    const role = this.tracebacks.classify(s, line, facts?.plainText ?? false, facts?.forms ?? null);
    if (this.firstRole === null && s.trim() !== '') this.firstRole = role === 'frame' || role === 'context' ? 'frame' : 'text';
    if (role === 'header' || role === 'frame' || role === 'context' || role === 'chain') return;

    // A TF NodeDef dump after "Conversion for TF op": its `name:` is the node.
    if (this.pendingContinuation) {
      const pc = this.pendingContinuation;
      const nodeRe = pc.pattern.continuation?.node;
      const m = nodeRe?.exec(s.trim());
      if (m?.groups?.node) {
        this.attachNode(pc, m.groups.node);
        this.pendingContinuation = null;
        return;
      }
      if (--pc.left <= 0) this.pendingContinuation = null;
    }

    facts ??= this.lineFacts.get(s);
    this.exceptionLine = role === 'exception';
    this.message(s, facts, line, this.exceptionLine);
    this.exceptionLine = false;
  }

  private onBar(bar: BarState, line: number): void {
    if (!bar.stage) return;
    const run = this.stageRun(bar);
    const stage = run.stages.update(bar, line);
    if (!stage) return;
    run.noteStage();
    run.last = line;
    if (run.stages.created) {
      // The bar's stage is its description's (describeStage(stage.name)): stage.name is bar.desc.
      const d = bar.stage;
      if (d.frontend) this.vote(d.frontend, 5);
      if (d.variant) this.variant = this.variant ?? d.variant;
      if (d.versions && !this.barEvidenceSeen.has(stage.name)) {
        this.barEvidenceSeen.add(stage.name);
        this.pushEvidence({ min: d.versions.min, max: d.versions.max, text: `progress bar "${stage.name}"`, line });
      }
    }
    run.lastEvent = stageComplete(stage) ? 'other' : 'bar';
    this.tracebacks.endContinuation();
    this.pendingContinuation = null;
  }

  private message(s: string, facts: LineFacts, line: number, isException: boolean): void {
    const norm: NormalizedLine = facts.norm;
    // `WARNING:coremltools:` alone: the message began with a newline and follows on the next lines.
    if (facts.prefixOnly) return;
    if (!isException) {
      this.textMessage(s, facts, this.lineFacts.message(facts), line);
      return;
    }
    // Match the message, not the class name: `RuntimeError: PyTorch convert function ...`.
    const m = this.lineFacts.exception(facts);
    const text = m.text;
    this.lineHints(s, facts);
    const hit = m.hit;
    if (hit) {
      // One closure per distinct line (kept with its facts), not one per line.
      const display = (m.displayFn ??= () => (m.display ??= own(norm.text.replace(/^#\s*/, ''))));
      this.onPattern(hit.pattern, hit.groups, text, display, line, norm, true, m);
      return;
    }
    const type = m.exceptionType as string;
    const key = (m.key ??= `exception\u0000${text}`);
    if (this.countDiagnostic(key, 'python.exception', line)) return;
    this.addDiagnostic({
      key,
      id: 'python.exception',
      category: 'other',
      severity: 'error',
      message: norm.text,
      line,
      explanation: `Conversion raised ${type}${m.exceptionCut ? ' (the message is cut)' : ''}; no known coremltools message matches it. The frames above it show where it came from.`,
      emitter: `raise ${type}`,
    });
  }

  /** The line's platform and Python hints, taken once per distinct line (a second time finds nothing new). */
  private lineHints(s: string, facts: LineFacts): void {
    if (facts.textHintsDone) return;
    facts.textHintsDone = true;
    this.textHints(s);
  }

  /** A line read as a message (not an exception line): what is known of it comes from its facts. */
  private textMessage(s: string, facts: LineFacts, m: MessageFacts, line: number): void {
    const norm = facts.norm;
    const w = m.warn;
    const text = m.text;
    if (w) {
      this.warningSourceNext = true;
      if (w.hint) this.frameHint(w.hint);
      if (!m.pathHintsDone) {
        m.pathHintsDone = true;
        this.textHints(w.path);
      }
    }
    this.lineHints(s, facts);

    const hit = m.hit;
    if (hit) {
      const display = (m.displayFn ??= () => (m.display ??= w ? own(`${w.cls}: ${text}`) : text));
      this.onPattern(hit.pattern, hit.groups, text, display, line, norm, false, m);
      return;
    }
    if (!w && (norm.level === null || norm.level === 'info') && mayNameModel(m)) this.modelName(text, line);
    if (w) {
      const wc = warningClass(w.cls);
      if (wc.frontend) this.vote(wc.frontend, 1);
      if (wc.variant) this.impliedVariant = this.impliedVariant ?? wc.variant;
      // Once the id keeps no more distinct messages, a warning at a place none of them is at is
      // counted by the folded entry: its key (place and whole message) is not even made. The folded
      // key stays right for the line (an id's kept places no longer change once it is full).
      // The place (`path:line`, made by concatenation) is looked up only when its length is one of
      // the kept places' (a distinct place met on most lines of such a log: it is not even hashed),
      // and searched for a NUL in its path (the line number is digits).
      const key = (m.key ??=
        (this.distinctById.get(wc.id) ?? 0) >= MAX_DISTINCT_PER_ID && !w.path.includes('\u0000') && !this.atKeptPlace(wc.id, w.where)
          ? foldedKey(wc.id)
          : `${wc.id}\u0000${w.where}\u0000${text}`);
      if (this.countDiagnostic(key, wc.id, line)) return;
      this.addDiagnostic({
        key,
        id: wc.id,
        category: wc.category,
        severity: wc.severity,
        message: `${w.cls}: ${text}`,
        line,
        explanation: wc.explain,
        emitter: `warnings.warn (${w.cls} at ${w.where})`,
      });
      return;
    }
    if (norm.level && (norm.level === 'warning' || norm.level === 'error' || norm.level === 'critical') && norm.logger !== null && /^(?:coremltools|root)\b/.test(norm.logger)) {
      const key = (m.key ??= `log\u0000${text}`);
      if (this.countDiagnostic(key, 'coremltools.unrecognized-message', line)) return;
      const severity: Severity = norm.level === 'warning' ? 'warning' : 'error';
      this.addDiagnostic({
        key,
        id: 'coremltools.unrecognized-message',
        category: 'other',
        severity,
        message: text,
        line,
        explanation: `coremltools logged this ${norm.level}; it is not in our message table, so read it as printed.`,
        emitter: `logger.${norm.level}`,
      });
    }
  }

  /**
   * A line matched a pattern. Kept to what most lines do (count the diagnostic, the op, the run's
   * failure): what few lines do is in functions of its own, so that this one, run for every matched
   * line, is small enough to be optimised early (V8 optimises a function after an amount of its
   * bytecode run that grows with its size: this one had been among the last optimised, some 3,400
   * runs into a sweep's log).
   */
  private onPattern(
    p: MessagePattern,
    groups: Record<string, string | undefined>,
    text: string,
    /** The message as listed: made only when a diagnostic or an op is made of it (most lines count one). */
    message: () => string,
    line: number,
    norm: NormalizedLine,
    isException: boolean,
    facts: MessageFacts,
  ): void {
    this.patternHints(p, groups, text, line, norm, isException);
    if (p.silent) return;

    const frontend: Frontend = p.frontend ?? this.currentFrontend();
    // The op and node the line names, worked out once per distinct line (and frontend): a repeated line names the same.
    if (facts.opFrontend !== frontend) workOutOp(p, groups, frontend, facts);
    const op = facts.op;
    const node = facts.node;

    if (p.event) {
      // A report of several lines (torch's trace check) is one event: its later lines add nothing.
      const prev = this.eventLines.get(p.event.key);
      this.eventLines.set(p.event.key, line);
      if (prev !== undefined && line - prev <= p.event.within) return;
    }
    // The key is copied only when a diagnostic keeps it (addDiagnostic); looked up, it is a throwaway.
    // Once the id keeps no more distinct messages, a text none of them has is counted by the folded
    // entry: its key (the whole line, a distinct one on every line of a sweep's log) is not even made.
    let key: string;
    if (p.event) key = `event\u0000${p.event.key}`;
    else if (facts.key) key = facts.key;
    else if ((this.distinctById.get(p.id) ?? 0) >= MAX_DISTINCT_PER_ID && !this.isKeptText(p.id, text)) key = foldedKey(p.id);
    else key = `${p.id}\u0000${text}`;
    // (The folded key stays right for the line: an id's kept texts no longer change once it is full.)
    if (!p.event) facts.key = key;
    const diag = this.countDiagnostic(key, p.id, line) ?? this.patternDiagnostic(p, groups, key, text, message, line, op, node);
    if (p.shows === 'runtime') {
      this.shows = 'runtime';
      this.messageRun(line).noteRuntime(diag, isException);
    }

    let unsupported: UnsupportedOp | null = null;
    if (p.opStatus && op) {
      unsupported = this.addOp(op, frontend, p.opStatus, p.category, node, line, message, facts.rawOp as string);
    }
    if (p.opStatus && p.opList) this.addListedOps(p, groups, frontend, line, message);
    if (p.opStatus && op && p.namesFailingOp) {
      // An op past the kept ones (MAX_OPS) is listed by no run: its cause is never read.
      if (unsupported && unsupported.status === 'failed' && this.ops.get(frontend)?.get(unsupported.op) === unsupported) this.run.causeFromException(unsupported);
      const f = this.ensureFailure();
      // (op is normalizeOp's own copy.)
      f.op = op;
      f.node = node === undefined ? null : own(node);
      if (f.line === null) f.line = line;
    }
    if (p.severity === 'error') this.run.lastEvent = 'error';
    if (p.list) this.pendingList = { pattern: p, frontend };
    if (p.continuation) this.pendingContinuation = { pattern: p, left: p.continuation.maxLines, op: unsupported, diag };
  }

  /** What a matched line tells of the frontend, variant, platform and versions (most of it once per pattern or kind). */
  private patternHints(p: MessagePattern, groups: Record<string, string | undefined>, text: string, line: number, norm: NormalizedLine, isException: boolean): void {
    if (p.frontend && p.frontend !== 'mil' && p.severity === 'error') this.vote(p.frontend, 5);
    if (p.variant) this.variant = this.variant ?? p.variant;
    if (p.platform && this.platform === null) this.platform = p.platform;
    if (p.versions && !this.evidencePatterns.has(p)) {
      this.evidencePatterns.add(p);
      if (this.firstEvidence(`msg\u0000${p.id}`)) this.pushEvidence({ min: p.versions.min, max: p.versions.max, text: `the message "${clipWords(text, 80)}"`, line });
    }
    // coremltools <= 6.0 logged on the root logger, >= 6.1 on "coremltools".
    if (norm.prefix === 'basic' && norm.logger === 'root' && this.firstEvidence('root-logger')) this.pushEvidence({ max: '6.0', text: 'WARNING:root: logging prefix', line });
    if (norm.logger === 'coremltools' && this.firstEvidence('coremltools-logger')) this.pushEvidence({ min: '6.1', text: 'coremltools logger name', line });
    const exType = this.run.failure?.exceptionType;
    if (isException && p.exceptionTypes && exType) {
      let et: (typeof p.exceptionTypes)[number] | undefined;
      for (const e of p.exceptionTypes) if (e.type === exType) { et = e; break; }
      if (et && this.firstPairEvidence(this.excEvidence, p.id, et.type)) this.pushEvidence({ min: et.versions.min, max: et.versions.max, text: `${et.type} raised for "${clipWords(text, 80)}"`, line });
    }
    if (p.extract) for (const x of p.extract) this.extract(x, groups, line, text);
  }

  /** The diagnostic a matched line makes (none counts it yet), and its text kept as one of its id's. */
  private patternDiagnostic(
    p: MessagePattern,
    groups: Record<string, string | undefined>,
    key: string,
    text: string,
    message: () => string,
    line: number,
    op: string | undefined,
    node: string | undefined,
  ): Diagnostic {
    const made = this.addDiagnostic({
      key,
      id: p.id,
      category: p.category,
      severity: p.severity,
      message: message(),
      line,
      op,
      node,
      explanation: () => fillTemplate(p.explainCases?.find((c) => c.re.test(groups[c.group] ?? ''))?.explain ?? p.explain, groups, op, node),
      emitter: p.emitter,
    });
    if (!made.folded && !p.event) {
      let kept = this.keptTexts.get(p.id);
      if (!kept) this.keptTexts.set(p.id, (kept = { lengths: new Set(), texts: new Set() }));
      kept.lengths.add(text.length);
      kept.texts.add(own(text));
    }
    return made;
  }

  /** The ops a matched line lists (`... ops: a, b, c`). */
  private addListedOps(p: MessagePattern, groups: Record<string, string | undefined>, frontend: Frontend, line: number, message: () => string): void {
    const list = groups[(p.opList as NonNullable<MessagePattern['opList']>).group] ?? '';
    for (const raw of list.split(',')) {
      const name = raw.trim();
      if (name && !isPlaceholder(name)) this.addOp(normalizeOp(name, frontend), frontend, p.opStatus as OpStatus, p.category, undefined, line, message, name);
    }
  }

  /** Whether a pattern id keeps this text as a diagnostic of its own (a distinct line is hashed only when a kept text has its length). */
  private isKeptText(id: string, text: string): boolean {
    const kept = this.keptTexts.get(id);
    return kept !== undefined && kept.lengths.has(text.length) && kept.texts.has(text);
  }

  /** A line that names the model a run is about: before a run (a heading) or after it (a save). */
  private modelName(text: string, line: number): void {
    for (const h of MODEL_NAME_HINTS) {
      const m = h.re.exec(text.trim());
      const name = m?.groups?.model;
      if (!name || NOT_MODEL_NAMES.has(name.toLowerCase())) continue;
      const cur = this.run;
      // A heading names the run about to start (or the current one, when nothing of it is shown yet); a save names the run that ended.
      const target = h.before ? (cur.ended || cur.stages.stages.length > 0 ? this.messageRun(line) : cur) : cur.ended || !this.next ? cur : this.next;
      if (!target.model) target.model = own(name);
      return;
    }
  }

  private addListItem(list: PendingList, raw: string, line: number): void {
    const p = list.pattern;
    if (!p.list?.opStatus || isPlaceholder(raw)) return;
    const op = normalizeOp(raw, list.frontend);
    this.addOp(op, list.frontend, p.list.opStatus, p.category, undefined, line, `listed under "${p.re.source.replace(/[\^$\\]|\\s\*/g, '')}"`, raw);
  }

  private attachNode(pc: PendingContinuation, node: string): void {
    if (pc.op && !pc.op.nodes.includes(node)) pc.op.nodes.push(own(node));
    if (pc.diag.node === undefined) pc.diag.node = own(node);
  }

  private addOp(
    op: string,
    frontend: Frontend,
    status: OpStatus,
    category: Category,
    node: string | undefined,
    line: number,
    /** Made only when the op is new or its status changes (an op named on every line of a log is one op). */
    cause: string | (() => string),
    spelling: string,
    noteRun = true,
  ): UnsupportedOp {
    let byName = this.ops.get(frontend);
    if (!byName) this.ops.set(frontend, (byName = new Map()));
    let entry = byName.get(op);
    if (!entry) {
      entry = { op: own(op), frontend, status, nodes: [], lines: [], category, cause: own(typeof cause === 'string' ? cause : cause()), spellings: [] };
      if (this.opList.length >= MAX_OPS) {
        // Beyond the ops kept, an op is still the run's (and its message a diagnostic), not listed here.
        this.opsDropped++;
        return entry;
      }
      byName.set(entry.op, entry);
      this.opList.push(entry);
    } else if (status === 'unsupported' && entry.status !== 'unsupported') {
      // "ERROR - converting 'x' op" comes first for any failure; "not implemented" says why.
      entry.status = 'unsupported';
      entry.category = category;
      entry.cause = own(typeof cause === 'string' ? cause : cause());
    }
    // Bounded lists: an op named on every line of a huge log costs the same per line.
    if (node !== undefined && entry.nodes.length < MAX_OP_NODES && !entry.nodes.includes(node)) entry.nodes.push(own(node));
    if (entry.lines.length < MAX_LINES_PER_DIAGNOSTIC && entry.lines[entry.lines.length - 1] !== line) entry.lines.push(line);
    const sp = spelling.trim();
    if (entry.spellings.length < MAX_OP_SPELLINGS && !entry.spellings.includes(sp)) entry.spellings.push(own(sp));
    if (noteRun) this.messageRun(line).noteOp(entry);
    return entry;
  }

  /** Counts a diagnostic that exists (or the folded entry of its id, once the id keeps no more): undefined when it must be made. */
  private countDiagnostic(key: string, id: string, line: number): Diagnostic | undefined {
    let existing = this.diagnostics.get(key);
    if (!existing) {
      if ((this.distinctById.get(id) ?? 0) < MAX_DISTINCT_PER_ID) return undefined;
      existing = this.diagnostics.get(foldedKey(id));
      if (!existing) return undefined;
    }
    existing.count++;
    if (existing.lines.length < MAX_LINES_PER_DIAGNOSTIC && existing.lines[existing.lines.length - 1] !== line) existing.lines.push(line);
    this.messageRun(line).noteDiagnostic(existing, line);
    return existing;
  }

  private addDiagnostic(d: {
    key: string;
    id: string;
    category: Category;
    severity: Severity;
    message: string;
    line: number;
    op?: string | undefined;
    node?: string | undefined;
    explanation: string | (() => string);
    emitter: string;
  }): Diagnostic {
    let key = d.key;
    let existing = this.diagnostics.get(key);
    let folded = false;
    if (!existing) {
      const n = this.distinctById.get(d.id) ?? 0;
      if (n >= MAX_DISTINCT_PER_ID) {
        // Beyond the distinct messages kept for this id, one entry counts every other one (exactly).
        key = foldedKey(d.id);
        existing = this.diagnostics.get(key);
        folded = true;
      } else this.distinctById.set(d.id, n + 1);
    }
    if (existing) {
      existing.count++;
      if (existing.lines.length < MAX_LINES_PER_DIAGNOSTIC && existing.lines[existing.lines.length - 1] !== d.line) existing.lines.push(d.line);
      this.messageRun(d.line).noteDiagnostic(existing, d.line);
      return existing;
    }
    const diag: Diagnostic = {
      id: d.id,
      category: d.category,
      severity: d.severity,
      message: own(d.message.length > MAX_MESSAGE ? d.message.slice(0, MAX_MESSAGE) + '…' : d.message),
      line: d.line,
      count: 1,
      lines: [d.line],
      explanation: own(typeof d.explanation === 'function' ? d.explanation() : d.explanation),
      emitter: own(d.emitter),
    };
    if (d.op !== undefined) diag.op = own(d.op);
    if (d.node !== undefined) diag.node = own(d.node);
    if (folded) diag.folded = true;
    else {
      const a = key.indexOf('\u0000');
      const b = a < 0 ? -1 : key.indexOf('\u0000', a + 1);
      if (b >= 0) {
        const first = key.slice(0, a);
        let places = this.keptPlaces.get(first);
        if (!places) this.keptPlaces.set(own(first), (places = { places: new Set(), lengths: 0 }));
        const place = own(key.slice(a + 1, b));
        places.places.add(place);
        places.lengths |= 1 << (place.length & 31);
      }
    }
    this.diagnostics.set(own(key), diag);
    this.messageRun(d.line).noteDiagnostic(diag, d.line);
    return diag;
  }

  /** Whether a place is one of an id's kept places (their lengths tell most others apart without hashing it). */
  private atKeptPlace(id: string, place: string): boolean {
    const kept = this.keptPlaces.get(id);
    return kept !== undefined && (kept.lengths & (1 << (place.length & 31))) !== 0 && kept.places.has(place);
  }

  private extract(x: NonNullable<MessagePattern['extract']>[number], groups: Record<string, string | undefined>, line: number, text: string): void {
    const v = groups[x.group];
    if (!v) return;
    switch (x.kind) {
      case 'library':
        this.versions.set(x.library, own(v));
        return;
      case 'library-named': {
        const lib = libraryKey(groups[x.libraryGroup] ?? '');
        if (lib) this.versions.set(lib, own(v));
        return;
      }
      case 'coremltools-from': {
        if (x.libraryGroup) {
          const lib = libraryKey(groups[x.libraryGroup] ?? '');
          const wanted = x.table === 'torch-tested' ? 'torch' : x.table === 'tf2-max' ? 'tensorflow' : 'scikit-learn';
          if (lib !== wanted) return;
        }
        const table = x.table === 'torch-tested' ? TORCH_TESTED_TO_COREMLTOOLS : x.table === 'tf2-max' ? TF2_MAX_TO_COREMLTOOLS : SKLEARN_MAX_TO_COREMLTOOLS;
        const range = table.get(v);
        if (range && this.firstPairEvidence(this.fromEvidence, x.table, v)) this.pushEvidence({ min: range.min, max: range.max, text: clipWords(text, 160), line });
        return;
      }
      case 'coremltools-before': {
        // Removed in 7.2 means the running release is older than 7.2: at most 7.1.
        const m = /^(\d+)\.(\d+)/.exec(v);
        if (m) {
          const major = Number(m[1]);
          const minor = Number(m[2]);
          const max = minor > 0 ? `${major}.${minor - 1}` : `${major - 1}.99`;
          if (this.firstEvidence(`before\u0000${max}`)) this.pushEvidence({ max, text: clipWords(text, 160), line });
        }
        return;
      }
      case 'coremltools-exact':
        if (this.firstEvidence(`exact\u0000${v}`)) this.pushEvidence({ exact: own(v), text: own(text), line });
        this.versions.set('coremltools', own(v));
        return;
    }
  }

  /** Whether evidence of this kind is new (and from now on seen): its text is made only then. */
  private firstEvidence(key: string): boolean {
    if (this.evidenceSeen.has(key)) return false;
    this.evidenceSeen.add(own(key));
    return true;
  }

  /**
   * firstEvidence for a kind of evidence named by two strings (an exception type raised for a
   * pattern, a version read from a table), asked on every such line: no key string is made.
   */
  private firstPairEvidence(seen: Map<string, Set<string>>, a: string, b: string): boolean {
    let set = seen.get(a);
    if (!set) seen.set(own(a), (set = new Set()));
    if (set.has(b)) return false;
    set.add(own(b));
    return true;
  }

  private pushEvidence(e: Evidence): void {
    this.evidence.push({ ...e, text: own(e.text) });
  }


  private pathHints(path: string): void {
    const h = FRAME_HINTS.find((x) => x.re.test(path));
    if (h) this.frameHint(h);
    this.textHints(path);
  }

  private frameHint(h: PathHint): void {
    if (h.frontend) this.vote(h.frontend, h.weight);
    if (h.variant && h.weight >= 3) this.variant = this.variant ?? h.variant;
  }

  private textHints(s: string): void {
    if (this.platform === null) {
      for (const h of PLATFORM_HINTS) {
        if (h.re.test(s)) {
          this.platform = h.platform;
          break;
        }
      }
    }
    // Both forms of the hint hold `python`: a line without it (nearly all) skips the regex.
    if (!this.versions.has('python') && s.includes('python')) {
      const m = PYTHON_VERSION_HINT.exec(s);
      const v = m?.groups?.v ?? m?.groups?.v2;
      if (v) this.versions.set('python', own(v));
    }
  }

  private vote(f: Frontend, w: number): void {
    this.frontendScore.set(f, (this.frontendScore.get(f) ?? 0) + w);
    // A vote for the leader keeps it the leader (votes only add); one for another may change it.
    if (f !== 'mil' && f !== this.leadingFrontend) this.leadingFrontend = null;
  }

  /** The frontend currentFrontend answered last, until a vote may change it (asked for each message of a pattern that names none). */
  private leadingFrontend: Frontend | null = null;

  private currentFrontend(): Frontend {
    return (this.leadingFrontend ??= this.countFrontends());
  }

  private countFrontends(): Frontend {
    let best: Frontend = 'unknown';
    let score = 0;
    for (const [f, s] of this.frontendScore) {
      if (f !== 'mil' && s > score) {
        best = f;
        score = s;
      }
    }
    return best;
  }

  private ensureFailure(): Failure {
    const run = this.run;
    if (!run.failure) {
      run.failure = new RunFailure(null, null, null);
    }
    return run.failure;
  }

  /**
   * The run a starting stage belongs to: a new one when the current run ended (it raised, or its
   * backend completed) or its main frontend bar completed before this frontend bar began; a frontend
   * bar that starts while the main one is still running is a loop body's (nested).
   */
  private stageRun(bar?: BarState): Run {
    const cur = this.run;
    const line = this.lastLine;
    const d = bar?.stage;
    // After a run ended (it raised, or its backend completed), any bar is the next run's.
    const starts = !bar || cur.ended || cur.stages.wouldCreate(bar);
    if (!starts) return cur;
    const stages = cur.stages.stages;
    let main: (typeof stages)[number] | undefined;
    for (const s of stages) if (s.kind === 'frontend' && !s.nested) { main = s; break; }
    let other = false;
    if (!cur.ended && d?.kind === 'frontend' && main !== undefined && stageComplete(main)) for (const s of stages) if (s.kind !== 'frontend') { other = true; break; }
    const newRun = cur.ended || other;
    if (newRun && cur.stages.stages.length > 0) {
      this.commitRun();
      return this.run;
    }
    if (newRun && this.next) {
      cur.absorb(this.next);
      this.next = null;
    }
    if (d?.kind === 'frontend' && main !== undefined && !stageComplete(main) && bar && bar.desc === main.name) cur.stages.nestNext = true;
    void line;
    return cur;
  }

  /** The op a finished run names from its traceback or ONNX node (one closure, not one per run). */
  private readonly addFailedOp = (op: string, frontend: Frontend, line: number, cause: string): UnsupportedOp => this.addOp(op, frontend, 'failed', 'unsupported-op', undefined, line, cause, op, false);

  /** Ends the current run: the next starts with what was printed since (or now). */
  private commitRun(): void {
    const finished = this.run.finish(this.runs.count + 1, this.addFailedOp);
    this.runs.add(finished);
    this.run = this.next ?? new Run(this.lastLine);
    this.next = null;
  }

  /** Where a message goes: the current run, or (once it ended) the next one; an exception line is always the current run's. */
  private messageRun(line: number): Run {
    if (!this.run.ended || this.exceptionLine) {
      this.run.last = line;
      return this.run;
    }
    if (!this.next) this.next = new Run(line);
    this.next.last = line;
    return this.next;
  }

  finish(): ConversionLog {
    if (!this.sawText) throw new InputError(this.source, undefined, 'contains no text (only blank lines)', 'a coremltools conversion log');
    if (this.next) {
      this.run.absorb(this.next);
      this.next = null;
    }
    this.run.last = Math.max(this.run.last, this.lastLine);
    if (this.run.hasContent || this.runs.count === 0) this.commitRun();
    const frontend = this.currentFrontend();
    const diagnostics = [...this.diagnostics.values()].sort((a, b) => a.line - b.line);
    const ops = [...this.opList];
    const { outcome, outcomeReason, deciding } = this.runs.summary();
    const shown = conversionOf(deciding);
    const failure = outcome === 'failed' || this.runs.count === 1 ? shown.failure : null;

    const coremltools = resolveVersion(this.evidence);
    const versions: Record<string, string> = {};
    for (const k of [...this.versions.keys()].sort()) {
      if (k !== 'coremltools') versions[k] = this.versions.get(k) as string;
    }
    const variant = this.variant ?? (frontend === 'pytorch' ? this.impliedVariant : null);

    const log: ConversionLog = {
      schemaVersion: CONVLOG_SCHEMA_VERSION,
      source: this.source,
      frontend,
      frontendVariant: variant,
      coremltoolsVersion: coremltools.value,
      coremltools,
      versions,
      platform: this.platform,
      outcome,
      outcomeReason,
      failure,
      unsupportedOps: ops,
      diagnostics,
      stages: shown.stages,
      stagesDropped: deciding.stagesDropped,
      cut: { start: this.firstRole === 'frame', end: deciding.cutEnd },
      lineCount: this.lastLine,
      truncatedLines: this.truncatedLines,
      conversions: this.runs.kept,
      conversionCount: this.runs.count,
      conversionsDropped: this.runs.dropped,
    };
    if (this.opsDropped) log.opsDropped = this.opsDropped;
    if (this.shows) log.shows = this.shows;
    return log;
  }
}

/** The op (raw and normalised) and node a matched line names, for this frontend, kept in its facts (a repeated line names the same). */
function workOutOp(p: MessagePattern, groups: Record<string, string | undefined>, frontend: Frontend, facts: MessageFacts): void {
  const rawOp = p.op ? ('value' in p.op ? p.op.value : groups[p.op.group]) : undefined;
  const rawNode = p.node ? groups[p.node.group] : undefined;
  facts.opFrontend = frontend;
  facts.rawOp = rawOp;
  facts.op = rawOp !== undefined && !isPlaceholder(rawOp.trim()) ? normalizeOp(rawOp, frontend) : undefined;
  facts.node = rawNode !== undefined && !isPlaceholder(rawNode) ? rawNode : undefined;
}

/** The places of an id's kept diagnostics (see keptPlaces), and a bit for each of their lengths (mod 32). */
interface KeptPlaces {
  places: Set<string>;
  lengths: number;
}

const foldedKeys = new Map<string, string>();
/** The key of the entry that counts an id's messages beyond the distinct ones kept. */
function foldedKey(id: string): string {
  let k = foldedKeys.get(id);
  if (k === undefined) foldedKeys.set(id, (k = `${id}\u0000\u0000folded`));
  return k;
}

const LIBRARY_KEYS = new Map<string, string>([
  ['torch', 'torch'],
  ['pytorch', 'torch'],
  ['tensorflow', 'tensorflow'],
  ['keras', 'keras'],
  ['scikit-learn', 'scikit-learn'],
  ['sklearn', 'scikit-learn'],
  ['xgboost', 'xgboost'],
  ['onnx', 'onnx'],
  ['numpy', 'numpy'],
]);

function libraryKey(name: string): string | undefined {
  return LIBRARY_KEYS.get(name.trim().toLowerCase());
}

/** `{name}` → the named group; `{op}`/`{node}` → the normalised op and node. */
export function fillTemplate(t: string, groups: Record<string, string | undefined>, op: string | undefined, node: string | undefined): string {
  return t
    .replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'op' && op !== undefined) return op;
      if (name === 'node' && node !== undefined) return node;
      return groups[name] ?? '';
    })
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export interface ParseLogOptions {
  maxLineLength?: number;
}

/** Parses a conversion log from a text stream, line by line. */
export async function parseConversionLog(input: TextInput, opts: ParseLogOptions = {}): Promise<ConversionLog> {
  const parser = new ConversionLogParser(input.name);
  const onLine = (text: string, info: LineInfo) => parser.push(text, info);
  const splitOpts = { splitCarriageReturn: true, maxLineLength: opts.maxLineLength ?? 64 * 1024 };
  if (input.bytes) {
    // UTF-8 (nearly every log): lines split on the bytes and decoded one by one (see core/byte-lines.ts).
    const splitter = new ByteLineSplitter(onLine, { ...splitOpts, stripAnsi: true });
    for await (const chunk of input.bytes) splitter.push(chunk);
    splitter.end();
  } else {
    const splitter = new LineSplitter(onLine, splitOpts);
    for await (const chunk of input.chunks) splitter.push(chunk);
    splitter.end();
  }
  return parser.finish();
}

/** Parses a whole log held in a string (tests, small inputs). */
export function parseConversionLogText(text: string, source = '<text>'): ConversionLog {
  const parser = new ConversionLogParser(source);
  const splitter = new LineSplitter((t, info) => parser.push(t, info), { splitCarriageReturn: true, maxLineLength: 64 * 1024 });
  splitter.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  splitter.end();
  return parser.finish();
}
