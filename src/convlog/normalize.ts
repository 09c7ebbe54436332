/**
 * Line normalisation before any matching: ANSI colour codes out, `> ` quoting (logs pasted into
 * issues) out, and the logging prefix (`WARNING:coremltools:`, `WARNING:root:`, pytest's
 * `WARNING  coremltools:file.py:75`, timestamps of custom formats, glog and TF C++ prefixes) split
 * off into a level and a logger. The prefix formats are data, tried in order.
 */

// CSI sequences, OSC sequences (ended by BEL or ST) and two-character escapes.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

/** Whether a line holds an escape (ESC or the 8-bit CSI): one scan, most lines hold none. */
const HAS_ESCAPE = /[\u001b\u009b]/;

export function stripAnsi(s: string): string {
  return HAS_ESCAPE.test(s) ? s.replace(ANSI_RE, '') : s;
}

/** `> text` and `> > text` (quoted in an issue or e-mail) become `text`. `>>> ` prompts stay. */
export function stripQuote(s: string): string {
  if (s.charCodeAt(0) !== 62 /* > */) return s;
  return s.replace(/^(?:>(?: |$))+/, '');
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

export interface PrefixFormat {
  name: string;
  re: RegExp;
  /** Group holding the level word or letter. */
  level: string;
  logger?: string;
}

const LEVEL_WORD = '(?<level>DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)';

export const PREFIX_FORMATS: readonly PrefixFormat[] = [
  // logging.basicConfig(): WARNING:coremltools:msg (coremltools >= 6.1), WARNING:root:msg (<= 6.0)
  { name: 'basic', re: new RegExp(`^${LEVEL_WORD}:(?<logger>[\\w.\\-]+):`), level: 'level', logger: 'logger' },
  // pytest "Captured log": WARNING  coremltools:__init__.py:75 msg
  { name: 'pytest', re: new RegExp(`^${LEVEL_WORD} +(?<logger>[\\w.\\-]+):[\\w.\\-]+\\.py:\\d+ `), level: 'level', logger: 'logger' },
  // [2024-07-07 18:31:13] ERROR - ops.py - msg
  { name: 'bracket-time', re: new RegExp(`^\\[[^\\]]{4,40}\\] +${LEVEL_WORD}(?: +- +(?<logger>[\\w.\\-]+))? +- ?`), level: 'level', logger: 'logger' },
  // 2023-06-07 10:00:00,123 - mmdeploy - INFO - msg
  { name: 'dash-time-logger', re: new RegExp(`^\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+ +- +(?<logger>[\\w.\\-]+) +- +${LEVEL_WORD} +- ?`), level: 'level', logger: 'logger' },
  // 2023-06-07 10:00:00,123 - INFO - msg, 2023-06-07 10:00:00 WARNING msg
  { name: 'dash-time', re: new RegExp(`^\\d{4}-\\d\\d-\\d\\d[ T][\\d:.,]+ +(?:- +)?${LEVEL_WORD} +(?:- +|: +)?`), level: 'level' },
  // loguru: 2024-01-01 12:00:00.000 | WARNING  | module:func:12 - msg
  { name: 'loguru', re: new RegExp(`^\\d{4}-\\d\\d-\\d\\d [\\d:.]+ \\| ${LEVEL_WORD} +\\| (?<logger>\\S+) - `), level: 'level', logger: 'logger' },
  // rich: [07/07/24 18:31:13] WARNING  msg        file.py:12
  { name: 'rich', re: new RegExp(`^\\[[\\d/:\\- ]{6,30}\\] +${LEVEL_WORD} +`), level: 'level' },
  // TF C++: 2023-06-07 07:12:53.917406: I tensorflow/core/grappler/x.cc:12] msg
  { name: 'tf-cpp', re: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: (?<level>[IWEF]) (?<logger>[^\s\]]+)\] /, level: 'level', logger: 'logger' },
  // glog/absl (torch C++): W0731 17:22:46.830000 79296 path/file.py:29] msg
  { name: 'glog', re: /^(?<level>[IWEF])\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ (?<logger>[^\s\]]+)\] /, level: 'level', logger: 'logger' },
];

const LETTER_LEVELS = new Map<string, LogLevel>([
  ['I', 'info'],
  ['W', 'warning'],
  ['E', 'error'],
  ['F', 'critical'],
]);

function toLevel(word: string): LogLevel {
  const w = word.toUpperCase();
  const letter = LETTER_LEVELS.get(w);
  if (letter) return letter;
  if (w === 'WARN' || w === 'WARNING') return 'warning';
  if (w === 'FATAL' || w === 'CRITICAL') return 'critical';
  return w.toLowerCase() as LogLevel;
}

export interface NormalizedLine {
  text: string;
  level: LogLevel | null;
  logger: string | null;
  prefix: string | null;
}

const PREFIX_START = /^(?:[A-Z]{4,8}[: ]|\[|\d{4}-|[IWEF]\d{4} )/;

/** What a format's regex requires of a line's first character, read from its source ('' when it can start with anything). */
function firstCharClass(re: RegExp): '[' | 'digit' | 'upper' | '' {
  const src = re.source;
  if (src.startsWith('^\\[')) return '[';
  if (src.startsWith('^\\d')) return 'digit';
  // LEVEL_WORD (upper-case words only: no flag) or the glog letter.
  if ((src.startsWith(`^${LEVEL_WORD}`) || src.startsWith('^(?<level>[IWEF])')) && re.flags === '') return 'upper';
  return '';
}

/**
 * The formats a line may have, by its first character, in table order: a line met once (a distinct
 * `ERROR - converting ...` on every run of a sweep's log) tries the three formats that can start
 * with a capital, not all nine (the first match is the same: the others cannot match it).
 */
const FORMATS_BY_START = ((): { bracket: PrefixFormat[]; digit: PrefixFormat[]; upper: PrefixFormat[] } => {
  const cls = PREFIX_FORMATS.map((f) => firstCharClass(f.re));
  const pick = (c: string) => PREFIX_FORMATS.filter((_, i) => cls[i] === c || cls[i] === '');
  return { bracket: pick('['), digit: pick('digit'), upper: pick('upper') };
})();

/** The formats that can match a line starting with this character (PREFIX_START has held). */
export function prefixFormatsFor(c: number): readonly PrefixFormat[] {
  if (c === 91 /* [ */) return FORMATS_BY_START.bracket;
  if (c >= 48 && c <= 57) return FORMATS_BY_START.digit;
  return FORMATS_BY_START.upper;
}

export function splitLoggingPrefix(s: string): NormalizedLine {
  if (PREFIX_START.test(s)) {
    const formats = prefixFormatsFor(s.charCodeAt(0));
    for (let i = 0; i < formats.length; i++) {
      const f = formats[i] as PrefixFormat;
      const m = f.re.exec(s);
      if (m && m.groups) {
        const lv = m.groups[f.level];
        return {
          text: s.slice(m[0].length),
          level: lv ? toLevel(lv) : null,
          logger: f.logger ? (m.groups[f.logger] ?? null) : null,
          prefix: f.name,
        };
      }
    }
  }
  return { text: s, level: null, logger: null, prefix: null };
}

/** pytest marks the lines of an exception in a failure report with `E   `. */
function stripPytestMarker(s: string): string {
  return s.charCodeAt(0) === 69 /* E */ && s.startsWith('E   ') && s.charCodeAt(4) > 32 ? s.slice(4) : s;
}

/**
 * ANSI, quoting and pytest's `E   ` marker out; the logging prefix is split later, after progress
 * bars are taken apart. `ansiStripped`: the line splitter says the text holds no escape sequence.
 */
export function cleanLine(raw: string, ansiStripped = false): string {
  let s = ansiStripped ? raw : stripAnsi(raw);
  s = stripQuote(s);
  s = stripPytestMarker(s);
  if (s.length > 0 && s.charCodeAt(s.length - 1) <= 32) s = s.trimEnd();
  return s;
}
