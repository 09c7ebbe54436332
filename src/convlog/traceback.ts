/**
 * Python tracebacks in a log: plain CPython (`Traceback (most recent call last):`, `  File "x",
 * line N, in f`, source lines, `^^^^` carets), IPython/Jupyter (a rule, `ValueError   Traceback
 * (most recent call last)`, `Cell In[13], line 1` / `<ipython-input-..>` / `File ~/x.py:574, in f(...)`
 * frames with numbered source and `---->` arrows), chained exceptions, and logs that start inside a
 * traceback (cut at the start). The tracker classifies each line, so that source lines quoted in a
 * traceback (`raise RuntimeError(f"PyTorch convert function for op '{op_lookup}' ...")`) are never
 * read as messages.
 */

export type LineRole =
  /** Not part of a traceback. */
  | 'text'
  /** The traceback header or a rule. */
  | 'header'
  /** A frame line (`File "...", line N, in f`). */
  | 'frame'
  /** Source context, carets, numbered IPython lines: never matched. */
  | 'context'
  /** The exception line: `ValueError: message`. */
  | 'exception'
  /** A line after the exception line that continues its message. */
  | 'continuation'
  /** `During handling of the above exception, another exception occurred:` and its twin. */
  | 'chain';

export interface Frame {
  file: string;
  line: number | null;
  func: string | null;
}

export interface TracebackEvents {
  onStart(line: number, style: 'plain' | 'ipython', exceptionType: string | null, cutAtStart: boolean): void;
  onFrame(frame: Frame, line: number): void;
  onException(type: string, message: string, line: number): void;
  onChain(line: number): void;
}

const PLAIN_HEADER = /^\s*Traceback \(most recent call last\):\s*$/;
const IPY_HEADER = /^(?<type>[A-Za-z_][\w.]*)\s{2,}Traceback \(most recent call last\)\s*$/;
const RULE = /^-{30,}\s*$/;
/** Only white space (what `s.trim() === ''` says, without making the trimmed string). */
const BLANK = /^\s*$/;
const PLAIN_FRAME = /^\s*File "(?<file>[^"]+)", line (?<line>\d+)(?:, in (?<func>.+))?\s*$/;
/** The tail of a frame line whose start was cut off: `lib/python3.7/.../operation.py", line 318, in f`. */
const PARTIAL_FRAME = /^(?<file>[^"\s]*\.py)", line (?<line>\d+)(?:, in (?<func>.+))?\s*$/;
/** An IPython frame header seen with no traceback header before it (a log cut at the start). */
const IPY_FRAME_START = /^(?:File (?:~|\/|[A-Za-z]:\\)\S*\.py:\d+, in \S|(?:~|\/)\S*\.py in \S|<ipython-input-[^>]+> in |Cell In\s*\[\d+\], line \d+|Input In \[\d+\], in )/;
const IPY_FRAME = [
  /^(?:File |Input In \[\d+\], in |Cell In\s*\[\d+\], line \d+)/,
  /^<ipython-input-[^>]+> in /,
  /^(?:~|\/|[A-Za-z]:\\)\S*\.py in \S/,
];
const IPY_FRAME_LOC = /^(?:File )?(?<file>(?:~|\/|[A-Za-z]:\\)\S*?\.py)(?::(?<line>\d+))?(?:,)? in (?<func>[\w<>.]+)/;
const IPY_CODE = /^\s*(?:-*>\s*)?\d+\s|^\s*-*>\s*\d+$|^\s*\d+$/;
/** An IPython source-listing line for sure (indented line number, or an arrow): `      4 # comment`, `----> 6 x = f()`. */
const IPY_LISTING = /^(?:\s{2,}\d+ |-+> ?\d+ )/;
const CHAIN = /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
/** `ValueError: msg`, `torch.jit.Error: msg`, `coremltools.X.SomethingError`, a bare `KeyboardInterrupt`. */
const EXCEPTION = /^(?:#\s*)?(?<type>(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning|Iteration|Failure|Fault)|Exception|KeyError|AssertionError|StopIteration)(?::\s?(?<msg>.*))?$/;

/*
 * What a line's first character allows, tested before the regexes of the forms (a traceback of a
 * million lines ran nine regexes on each; most fail on the first character). Each test is true for
 * every first character its regex can match, so skipping the regex when it is false changes no
 * answer. `\s` holds characters beyond ASCII (U+00A0, U+2000-U+200A, U+3000, U+FEFF...): every
 * code unit from U+00A0 up counts as maybe white space.
 */
/** Maybe white space for `\s` (NaN, the first character of '', is not). */
const maySpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c >= 0xa0;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** IPY_FRAME's three forms, by their first character. */
function ipyFrame(s: string, c: number): boolean {
  if ((c === 70 /* F */ || c === 73 /* I */ || c === 67) /* C */ && (IPY_FRAME[0] as RegExp).test(s)) return true;
  if (c === 60 /* < */ && (IPY_FRAME[1] as RegExp).test(s)) return true;
  return (c === 126 /* ~ */ || c === 47 /* / */ || isLetter(c)) && (IPY_FRAME[2] as RegExp).test(s);
}
/** Starts with white space (what `/^\s/.test(s)` says). */
const startsWithSpace = (s: string, c: number): boolean => maySpace(c) && (c < 0xa0 || /^\s/.test(s));

/** Whether PLAIN_FRAME matches with its groups (what classifyLine asks before the frame is read). */
function isPlainFrame(s: string): boolean {
  const f = PLAIN_FRAME.exec(s);
  return f !== null && f.groups !== undefined;
}

/** The frame of a plain (or partial) `File "x", line N, in f` match. */
function plainFrame(g: Record<string, string | undefined>): Frame {
  return { file: g.file as string, line: Number(g.line), func: g.func?.trim() ?? null };
}

export function matchException(s: string): { type: string; message: string } | null {
  const m = EXCEPTION.exec(s);
  if (!m || !m.groups) return null;
  return { type: m.groups.type as string, message: (m.groups.msg ?? '').trim() };
}

/** Every form a traceback line can take, as one regex (named groups made plain: names may repeat). */
const ANY_TRACEBACK_FORM = new RegExp(
  [PLAIN_HEADER, IPY_HEADER, CHAIN, RULE, IPY_FRAME_START, PARTIAL_FRAME, PLAIN_FRAME, IPY_LISTING, IPY_CODE, ...IPY_FRAME, EXCEPTION]
    .map((re) => `(?:${re.source.replace(/\(\?<[A-Za-z]\w*>/g, '(?:')})`)
    .join('|'),
);

/**
 * Whether a line has none of a traceback's forms (header, rule, frame, source listing, chain,
 * exception): whatever state the tracker is in, it reads such a line without trying its forms
 * again (`classify(s, line, true)`). Pure, so the parser works it out once per distinct line.
 */
export function isPlainText(s: string): boolean {
  // A line that starts with `/` (a warning's path: `/Users/x/model.py:86: TracerWarning: ...`) can
  // only take the forms `/…\.py in \S` (an IPython frame) and `…\.py", line N` (a cut frame): without
  // those literals it is plain, and the regex (270 ns whatever the line) is not run.
  const c = s.charCodeAt(0);
  if (c === 47 /* / */ && !s.includes('.py in ') && !s.includes('.py", line ')) return true;
  if (isLetter(c) && !letterLineMayHaveForm(s, c)) return true;
  return !hasTracebackForm(s);
}

/**
 * Whether a line that starts with an ASCII letter can have one of the forms (false: it has none, and
 * the regex is not run; a distinct `ERROR - converting ...` on every run of a sweep's log is such a
 * line). What each form needs of a line starting with a letter: a header holds `Traceback`; a chain
 * starts with D or T; IPython frames start with `File `, `Cell In`, `Input In` or a drive (`C:\`);
 * a plain frame with `File "`; a cut frame holds `.py", line `; listings and rules start with no
 * letter; an exception line's type is the line's leading run of word characters and dots, followed by
 * `:` or the end of the line.
 */
function letterLineMayHaveForm(s: string, c: number): boolean {
  if (c === 68 /* D */ || c === 84 /* T */ || c === 70 /* F */ || c === 67 /* C */ || c === 73 /* I */) return true;
  if (s.charCodeAt(1) === 58 /* : */) return true;
  let w = 1;
  while (w < s.length && isWordOrDot(s.charCodeAt(w))) w++;
  if (w === s.length || s.charCodeAt(w) === 58 /* : */) return true;
  return s.includes('Traceback') || s.includes('.py", line ');
}

/** `[\w.]` (ASCII: \w without the u flag). */
const isWordOrDot = (c: number): boolean => isLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 46; /* . */

/**
 * Whether a line has one of a traceback's forms. One scan instead of eleven (a log of distinct lines
 * asks this of each line): the alternatives are the forms' own sources, none with flags, so it
 * matches exactly when one of them does.
 */
export function hasTracebackForm(s: string): boolean {
  return ANY_TRACEBACK_FORM.test(s);
}

/**
 * The forms a line has, as classifyLine asks them outside a traceback's frames (headers, rule, frame
 * starts, listings, the exception line), each worked out when first asked and then kept: the parser
 * keeps one per distinct line in the line's facts, so a repeated exception line (the same
 * `RuntimeError: ...` after every op of a sweep) is not matched again. Pure: the answers are the regexes'.
 */
export class LineForms {
  private plainHeaderM: boolean | undefined;
  private ipyHeaderM: string | null | undefined;
  private chainM: boolean | undefined;
  private ruleM: boolean | undefined;
  private ipyFrameStartM: boolean | undefined;
  private plainFrameM: boolean | undefined;
  private listingM: boolean | undefined;
  private exceptionM: { type: string; message: string } | null | undefined;

  constructor(private readonly s: string) {}

  plainHeader(): boolean {
    return (this.plainHeaderM ??= PLAIN_HEADER.test(this.s));
  }
  /** IPY_HEADER's exception type ('' when it matched without one), null when it does not match. */
  ipyHeader(): string | null {
    if (this.ipyHeaderM === undefined) {
      const m = IPY_HEADER.exec(this.s);
      this.ipyHeaderM = m && m.groups ? (m.groups.type as string) : null;
    }
    return this.ipyHeaderM;
  }
  chain(): boolean {
    return (this.chainM ??= CHAIN.test(this.s));
  }
  rule(): boolean {
    return (this.ruleM ??= RULE.test(this.s));
  }
  ipyFrameStart(): boolean {
    return (this.ipyFrameStartM ??= IPY_FRAME_START.test(this.s));
  }
  plainFrame(): boolean {
    return (this.plainFrameM ??= isPlainFrame(this.s));
  }
  listing(): boolean {
    return (this.listingM ??= IPY_LISTING.test(this.s));
  }
  exception(): { type: string; message: string } | null {
    if (this.exceptionM === undefined) this.exceptionM = matchException(this.s);
    return this.exceptionM;
  }
}

type State = 'idle' | 'plain' | 'ipython' | 'exception' | 'chained';

export class TracebackTracker {
  private state: State = 'idle';
  private seenAny = false;
  /** Continuation lines after an exception; a message continues only so far. */
  private continuation = 0;

  constructor(private readonly ev: TracebackEvents) {}


  /** Inside a traceback's frames (plain or IPython): lines are read by the traceback's forms first. */
  get inTraceback(): boolean {
    return this.state === 'plain' || this.state === 'ipython';
  }

  /** The role of the previous line. */
  private lastRole: LineRole = 'text';

  /**
   * Classifies a cleaned line (no ANSI, no quoting) and reports traceback events. `plainText`: the
   * caller knows that `isPlainText(s)` holds (the answer is the same, without the regexes); `forms`:
   * the line's forms as kept for it (the same answers as the regexes).
   */
  classify(s: string, line: number, plainText = false, forms: LineForms | null = null): LineRole {
    const role = plainText ? this.classifyPlainText(s) : this.classifyLine(s, line, forms);
    this.lastRole = role;
    return role;
  }

  /** What classifyLine answers for a line that matches none of the traceback forms. */
  private classifyPlainText(s: string): LineRole {
    if (!this.seenAny && s.trim() !== '') this.seenAny = true;
    switch (this.state) {
      case 'plain':
      case 'ipython':
        if (s === '' || /^\s/.test(s)) return 'context';
        // Something else interrupted the traceback (interleaved output): it is not code.
        this.state = 'idle';
        return 'text';
      case 'exception':
        if (this.continuation++ < 40) return 'continuation';
        this.state = 'idle';
        return 'text';
      default:
        return 'text';
    }
  }

  private classifyLine(s: string, line: number, forms: LineForms | null): LineRole {
    const first = !this.seenAny;
    if (first && !BLANK.test(s)) this.seenAny = true;

    const c = s.charCodeAt(0);
    const sp = maySpace(c);
    if ((c === 84 /* T */ || sp) && (forms ? forms.plainHeader() : PLAIN_HEADER.test(s))) {
      this.state = 'plain';
      this.ev.onStart(line, 'plain', null, false);
      return 'header';
    }
    if (isLetter(c) || c === 95) {
      let type: string | null = null;
      if (forms) type = forms.ipyHeader();
      else {
        const ipy = IPY_HEADER.exec(s);
        if (ipy && ipy.groups) type = ipy.groups.type as string;
      }
      if (type !== null) {
        this.state = 'ipython';
        this.ev.onStart(line, 'ipython', type, false);
        return 'header';
      }
    }
    if ((c === 68 /* D */ || c === 84) /* T */ && (forms ? forms.chain() : CHAIN.test(s))) {
      this.state = 'chained';
      this.ev.onChain(line);
      return 'chain';
    }

    switch (this.state) {
      case 'plain':
        return this.plain(s, line);
      case 'ipython':
        return this.ipython(s, line, c);
      case 'exception':
      case 'chained':
      case 'idle': {
        if (c === 45 /* - */ && (forms ? forms.rule() : RULE.test(s))) return 'header';
        // A log that starts inside a traceback (cut at the start): a frame line with no header.
        if (this.state !== 'exception' && (forms ? forms.ipyFrameStart() : IPY_FRAME_START.test(s))) {
          this.state = 'ipython';
          this.ev.onStart(line, 'ipython', null, first);
          return this.ipython(s, line, c);
        }
        const pf = first ? PARTIAL_FRAME.exec(s) : null;
        if (pf && pf.groups) {
          this.state = 'plain';
          this.ev.onStart(line, 'plain', null, true);
          this.ev.onFrame(plainFrame(pf.groups), line);
          return 'frame';
        }
        const frame = forms ? forms.plainFrame() : isPlainFrame(s);
        if (frame && (this.state !== 'exception' || /^\s/.test(s))) {
          this.state = 'plain';
          this.ev.onStart(line, 'plain', null, first);
          return this.plain(s, line);
        }
        if (this.state === 'exception') return this.afterException(s, line, forms);
        // A paste that starts inside a cell listing (or a listing right after a frame): code, not messages.
        if ((forms ? forms.listing() : IPY_LISTING.test(s)) && (first || this.lastRole === 'context' || this.lastRole === 'frame')) {
          this.state = 'ipython';
          this.ev.onStart(line, 'ipython', null, first);
          return 'context';
        }
        // A lone exception line (a paste of only the last line): not a warning, not indented.
        const ex = forms ? forms.exception() : matchException(s);
        if (ex && !/Warning$/.test(ex.type) && ex.message !== '') {
          this.state = 'exception';
          this.continuation = 0;
          this.ev.onException(ex.type, ex.message, line);
          return 'exception';
        }
        return 'text';
      }
    }
  }

  private plain(s: string, line: number): LineRole {
    const f = PLAIN_FRAME.exec(s);
    if (f && f.groups) {
      this.ev.onFrame(plainFrame(f.groups), line);
      return 'frame';
    }
    // (A blank line starts with white space, or is empty.)
    if (s === '' || /^\s/.test(s)) return 'context';
    return this.exceptionOrEnd(s, line);
  }

  private ipython(s: string, line: number, c: number): LineRole {
    if (s === '' || (maySpace(c) && BLANK.test(s)) || (c === 45 && RULE.test(s))) return 'context';
    if (ipyFrame(s, c)) {
      const loc = IPY_FRAME_LOC.exec(s);
      this.ev.onFrame(
        loc && loc.groups
          ? { file: loc.groups.file as string, line: loc.groups.line ? Number(loc.groups.line) : null, func: loc.groups.func ?? null }
          : { file: s.split(/[,\s]/)[0] ?? s, line: null, func: null },
        line,
      );
      return 'frame';
    }
    if (((maySpace(c) || c === 45 || c === 62 /* > */ || isDigit(c)) && IPY_CODE.test(s)) || startsWithSpace(s, c)) return 'context';
    return this.exceptionOrEnd(s, line);
  }

  private exceptionOrEnd(s: string, line: number): LineRole {
    const ex = matchException(s);
    if (ex) {
      this.state = 'exception';
      this.continuation = 0;
      this.ev.onException(ex.type, ex.message, line);
      return 'exception';
    }
    // Something else interrupted the traceback (interleaved output): it is not code.
    this.state = 'idle';
    return 'text';
  }

  private afterException(s: string, line: number, forms: LineForms | null): LineRole {
    // A new exception line right after (pytest and unittest print them twice).
    const ex = forms ? forms.exception() : matchException(s);
    if (ex && !/^\s/.test(s)) {
      this.continuation = 0;
      this.ev.onException(ex.type, ex.message, line);
      return 'exception';
    }
    if (this.continuation++ < 40) return 'continuation';
    this.state = 'idle';
    return 'text';
  }

  /** The exception's message is over (a bar, a logging line or another known message began). */
  endContinuation(): void {
    if (this.state === 'exception') this.state = 'idle';
  }
}
