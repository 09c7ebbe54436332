/**
 * What a line says regardless of where it stands in the log: its logging prefix, whether it has a
 * traceback's form, the `warnings.warn` parts, the message pattern it matches, the key of the
 * diagnostic it counts under. Big logs repeat the same lines (the same warning for each op, each
 * model, each retry), so the parser works these out once per distinct line and keeps them in a
 * bounded cache; what depends on the state (the traceback tracker, the run, the counts) is still
 * done for every line.
 *
 * Facts hold their own copy of the line (never a slice of the 1 MB chunk it came in, which would
 * keep the chunk alive as long as the cache holds the line).
 */
import { own } from '../core/strings.js';
import type { Frontend } from './model.js';
import { FRAME_HINTS, type PathHint } from './hints.js';
import type { MessageMatcher, PatternHit } from './matcher.js';
import { splitLoggingPrefix, type NormalizedLine } from './normalize.js';
import { parseWarningLine } from './python-warnings.js';
import { isPlainText, LineForms, matchException } from './traceback.js';

/** Cheap test before the model-name hints run (most lines name no model). */
const MODEL_NAME_PREFILTER = /\.ml(?:package|model)\b|^\W{0,3}\s*(?:converting|exporting|tracing|compiling)\s/i;

export interface WarningParts {
  cls: string;
  /** `path:line`. */
  where: string;
  path: string;
  msg: string;
  /** The first frame hint that the path matches. */
  hint: PathHint | undefined;
}

/** What is worked out for a line read as a message (not an exception line): the pattern and the key. */
export interface MessageFacts {
  warn: WarningParts | null;
  /** The text searched for a pattern: the warning's message, or the text after the prefix. */
  text: string;
  hit: PatternHit | null;
  /** The model-name hints may match the text (worked out when first asked: most lines are not asked). */
  modelName: boolean | undefined;
  /** The diagnostic key (made when first counted). */
  key: string | null;
  /** The message as listed (made when first counted). */
  display: string | null;
  /** The path's platform and Python hints were taken (a second time does nothing). */
  pathHintsDone: boolean;
  /** The listed message's maker (one closure per distinct line, not one per line). */
  displayFn?: () => string;
  /** The op (raw and normalised) and node the hit names, as worked out for `opFrontend` (when first asked). */
  opFrontend?: Frontend;
  rawOp?: string | undefined;
  op?: string | undefined;
  node?: string | undefined;
  /** Read as an exception line: its class (`Exception` when none), and whether its message is cut. */
  exceptionType?: string;
  exceptionCut?: boolean;
}

/** Whether the model-name hints may match a message's text. */
export function mayNameModel(m: MessageFacts): boolean {
  return (m.modelName ??= m.text.length <= 300 && MODEL_NAME_PREFILTER.test(m.text));
}

export interface LineFacts {
  /** Starts with white space (a source line under a warning, a traceback's context). */
  indented: boolean;
  /** Only white space (never for a segment the parser reads, kept for exactness). */
  blank: boolean;
  /** None of a traceback's forms (see isPlainText). */
  plainText: boolean;
  /** The traceback forms it has, as the tracker asks them (null for a plain-text line: it asks none). */
  forms: LineForms | null;
  norm: NormalizedLine;
  /** Only a logging prefix (`WARNING:coremltools:`): the message follows on the next lines. */
  prefixOnly: boolean;
  /** The line's platform and Python hints were taken (a second time does nothing). */
  textHintsDone: boolean;
  message: MessageFacts | null;
  /** The same, for the line read as an exception line (the pattern is searched in the exception's message). */
  exception: MessageFacts | null;
}

function lineFacts(line: string): LineFacts {
  const norm = splitLoggingPrefix(line);
  const plainText = isPlainText(line);
  return {
    indented: /^\s/.test(line),
    blank: line.trim() === '',
    plainText,
    forms: plainText ? null : new LineForms(line),
    norm,
    prefixOnly: norm.prefix !== null && norm.text.trim() === '',
    textHintsDone: false,
    message: null,
    exception: null,
  };
}

const CACHE_LIMIT = 4096;
/** Lookups per look at how well the cache does. */
const WINDOW = 4096;
/** When fewer lookups than this share hit, only one new line in SAMPLE is kept. */
const MIN_HIT_SHARE = 0.5;
const SAMPLE = 8;
/** The doorkeeper is asked while fewer lookups than this share hit. */
const DOORKEEPER_BELOW = 0.9;
/** Slots of the signatures of lines met; rebuilt from the kept lines when a quarter is taken. */
const MET_BITS = 16;
const MET_LIMIT = 1 << (MET_BITS - 2);
const MET_MASK = (1 << MET_BITS) - 1;

/**
 * A cheap hash of a line: its length, its last 32 characters (where the distinct part of most
 * repeated-shape lines is: a line number, a node, a counter) and three in the middle. It is both
 * the table's hash and (its low MET_BITS) the doorkeeper's slot: one hash per lookup, in place of
 * the signature and then the Map's own hash of the whole line. Two lines with one hash only cost a
 * probe (the table compares the lines) or make a line take the slower way (looked up, then kept):
 * never a wrong answer.
 */
function lineHash(s: string): number {
  const n = s.length;
  let h = Math.imul(n, 0x9e3779b1);
  for (let i = n > 32 ? n - 32 : 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  if (n > 32) {
    h = Math.imul(h ^ s.charCodeAt(n >> 1), 0x01000193);
    h = Math.imul(h ^ s.charCodeAt(n >> 2), 0x01000193);
    h = Math.imul(h ^ s.charCodeAt((3 * n) >> 2), 0x01000193);
  }
  return h ^ (h >>> 16);
}

/** Slots of the table (open addressing, linear probing): twice the lines kept. */
const TABLE_BITS = 13;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

export class LineFactsCache {
  /** The kept lines and their facts, by lineHash (a Map hashed each fresh line in full a second time). */
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(1 << TABLE_BITS).fill(undefined);
  private readonly values: (LineFacts | undefined)[] = new Array<LineFacts | undefined>(1 << TABLE_BITS).fill(undefined);
  private readonly hashes = new Int32Array(1 << TABLE_BITS);
  private size = 0;
  private hits = 0;
  private lookups = 0;
  /** Keep one new line in `admitEvery`: a log of distinct lines (a warning at each line of code) would churn the cache. */
  private admitEvery = 1;
  private skipped = 0;
  /**
   * The signatures of the lines met since this was last rebuilt (and of every kept line): a line
   * whose signature is not here is not in the cache, so it is neither looked up (a log of distinct
   * lines hashed each one) nor kept until it is met again (nor does it churn the cache).
   */
  private readonly met = new Uint8Array(1 << MET_BITS);
  private metCount = 0;
  /**
   * Whether the signatures are asked: only while lines miss often (a log that repeats its lines hits
   * nearly always, and a signature per line cost it 8-10 % of its CPU time).
   */
  private doorkeeper = true;

  constructor(private readonly matcher: MessageMatcher) {}

  get(s: string): LineFacts {
    if (++this.lookups >= WINDOW) this.look();
    const h = lineHash(s);
    // Kept small (a hit is most lines of most logs): misses and the doorkeeper are worked out apart.
    if (this.doorkeeper && this.firstMet(h)) return lineFacts(s);
    const keys = this.keys;
    const hashes = this.hashes;
    for (let i = h & TABLE_MASK; ; i = (i + 1) & TABLE_MASK) {
      const k = keys[i];
      if (k === undefined) break;
      // The hashes first: a probe past another line of the same length compared its characters.
      if (hashes[i] === h && k === s) {
        this.hits++;
        return this.values[i] as LineFacts;
      }
    }
    return this.miss(s, h);
  }

  private look(): void {
    this.admitEvery = this.hits < MIN_HIT_SHARE * this.lookups ? SAMPLE : 1;
    this.doorkeeper = this.hits < DOORKEEPER_BELOW * this.lookups;
    this.hits = 0;
    this.lookups = 0;
  }

  /** Whether the line is met for the first time (then it is not in the cache: every kept line's slot is set). */
  private firstMet(h: number): boolean {
    const slot = h & MET_MASK;
    if (this.met[slot] !== 0) return false;
    this.met[slot] = 1;
    if (++this.metCount >= MET_LIMIT) this.rebuildMet();
    return true;
  }

  private miss(s: string, h: number): LineFacts {
    // A line seen again later is kept at one of its next few sightings. Facts not kept serve this
    // line only (the parser copies what it stores), so they may slice the chunk.
    const keep = ++this.skipped >= this.admitEvery;
    // A kept line is copied even when it was decoded alone: the copy is flat (a cleaned line can be a
    // slice of its raw one), and lookups against flat keys were faster (100 MB plain: 1061-1123 CPU ms
    // copied, 1161-1181 not).
    const line = keep ? own(s) : s;
    const facts = lineFacts(line);
    if (keep) {
      this.skipped = 0;
      if (this.size >= CACHE_LIMIT) this.clear();
      let i = h & TABLE_MASK;
      while (this.keys[i] !== undefined) i = (i + 1) & TABLE_MASK;
      this.keys[i] = line;
      this.values[i] = facts;
      this.hashes[i] = h;
      this.size++;
      // Every kept line's slot is set, whether or not the doorkeeper is asked now.
      if (!this.doorkeeper) this.firstMet(h);
    }
    return facts;
  }

  private clear(): void {
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.size = 0;
  }

  /** The signatures of the kept lines only (the lines met once are forgotten). */
  private rebuildMet(): void {
    this.met.fill(0);
    this.metCount = 0;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === undefined) continue;
      const slot = (this.hashes[i] as number) & MET_MASK;
      if (this.met[slot] === 0) {
        this.met[slot] = 1;
        this.metCount++;
      }
    }
  }

  /** The path asked last and its frame hint (a log's warnings come in runs from one file: block_7.py:100, :101, ...). */
  private lastHintPath: string | null = null;
  private lastHint: PathHint | undefined;

  /** The first frame hint that a warning's path matches. */
  private frameHint(path: string): PathHint | undefined {
    if (path === this.lastHintPath) return this.lastHint;
    this.lastHint = FRAME_HINTS.find((h) => h.re.test(path));
    // A copy: the path is a slice of a line that may not be kept.
    this.lastHintPath = own(path);
    return this.lastHint;
  }

  /**
   * The message facts of a line (worked out the first time it is read as a message). The fields the
   * parser fills in later are there from the start, in both kinds of facts: one shape, and no property
   * store grown per line (a line met once, on every run of a sweep's log, had four added to its facts).
   */
  message(f: LineFacts): MessageFacts {
    if (f.message) return f.message;
    let text = f.norm.text;
    let warn: WarningParts | null = null;
    // The regex requires `Warning: ` (its class group ends with Warning, then `: `): most lines lack it.
    const w = text.includes('Warning: ') ? parseWarningLine(text) : null;
    if (w) {
      warn = { cls: w.cls, where: w.where, path: w.path, msg: w.msg, hint: this.frameHint(w.path) };
      text = warn.msg;
    }
    f.message = {
      warn,
      text,
      hit: this.matcher.match(text),
      modelName: undefined,
      key: null,
      display: null,
      pathHintsDone: false,
      displayFn: undefined,
      opFrontend: undefined,
      rawOp: undefined,
      op: undefined,
      node: undefined,
      exceptionType: undefined,
      exceptionCut: undefined,
    };
    return f.message;
  }

  /** The facts of a line read as an exception line: `RuntimeError: PyTorch convert function ...` is matched on its message. */
  exception(f: LineFacts): MessageFacts {
    if (f.exception) return f.exception;
    const ex = matchException(f.norm.text);
    const text = ex && ex.message ? ex.message : f.norm.text;
    f.exception = {
      warn: null,
      text,
      hit: this.matcher.match(text),
      modelName: false,
      key: null,
      display: null,
      pathHintsDone: false,
      displayFn: undefined,
      opFrontend: undefined,
      rawOp: undefined,
      op: undefined,
      node: undefined,
      exceptionType: ex?.type ?? 'Exception',
      exceptionCut: !ex?.message,
    };
    return f.exception;
  }
}
