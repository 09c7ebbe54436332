/**
 * Python `warnings.warn` output that no coremltools pattern claims: `<path>.py:<line>: <Class>: <msg>`
 * followed by one indented source line. What each warning class means for a conversion, as data.
 */
import type { Category, Severity } from './model.js';

export interface WarningClass {
  cls: string;
  id: string;
  category: Category;
  severity: Severity;
  explain: string;
  /** A frontend it points to. */
  frontend?: 'pytorch' | 'tensorflow';
  /** The frontend variant it implies when nothing else tells (a TracerWarning: the model was traced). */
  variant?: string;
}

export const WARNING_CLASSES: readonly WarningClass[] = [
  {
    cls: 'TracerWarning',
    id: 'torch.tracer-warning',
    category: 'shape/dynamic',
    severity: 'warning',
    frontend: 'pytorch',
    variant: 'torchscript-traced',
    explain:
      'torch.jit.trace froze a value here (a tensor turned into a Python number, numpy array or bool): the converted model is right only for inputs that take the same path and shapes as the example. Act if the flagged line depends on the input.',
  },
  {
    cls: 'UserWarning',
    id: 'python.user-warning',
    category: 'other',
    severity: 'warning',
    explain: 'A library warned while the model was traced or converted. Usually harmless for conversion; read it if the converted model misbehaves.',
  },
  {
    cls: 'RuntimeWarning',
    id: 'python.runtime-warning',
    category: 'precision',
    severity: 'warning',
    explain:
      'A numeric problem during conversion (overflow, invalid value in a cast or constant fold). Check the converted model\'s outputs against the source model for the ops involved.',
  },
  {
    cls: 'FutureWarning',
    id: 'python.future-warning',
    category: 'version-compat',
    severity: 'warning',
    explain: 'An API used here will change or disappear in a later release: the script may break on upgrade.',
  },
  {
    cls: 'DeprecationWarning',
    id: 'python.deprecation-warning',
    category: 'version-compat',
    severity: 'warning',
    explain: 'A deprecated API is used: the script may break on upgrade.',
  },
  {
    cls: 'ComplexWarning',
    id: 'numpy.complex-warning',
    category: 'precision',
    severity: 'warning',
    explain: 'Complex values were cast to real and the imaginary part was dropped: check ops on complex tensors (FFT, STFT).',
  },
];

export const GENERIC_WARNING: WarningClass = {
  cls: 'Warning',
  id: 'python.warning',
  category: 'other',
  severity: 'warning',
  explain: 'A Python warning printed during conversion.',
};

const BY_CLASS = new Map(WARNING_CLASSES.map((w) => [w.cls, w]));

/** The class asked last, and what it is (a log of many warnings names one class on most of them). */
let lastCls = '';
let lastClass: WarningClass = GENERIC_WARNING;

export function warningClass(cls: string): WarningClass {
  if (cls === lastCls) return lastClass;
  lastClass = BY_CLASS.get(cls) ?? GENERIC_WARNING;
  lastCls = cls;
  return lastClass;
}

/** `/path/to/file.py:86: TracerWarning: message` (also Windows paths and `<string>`). */
export const WARNING_LINE = /^(?<path>(?:[A-Za-z]:\\|\/|~|\.{0,2}\/?|<)[^:]*?(?:\.py|>)):(?<lineno>\d+): (?<cls>[A-Z]\w*Warning): (?<msg>.*)$/;

export interface WarningLineParts {
  path: string;
  /** `path:lineno`. */
  where: string;
  cls: string;
  msg: string;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95;
/** Whether a string holds what `.` does not match (no `s` flag): four indexOf took a third of the time of one regex. */
const hasLineTerminator = (s: string): boolean => s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\u2028') >= 0 || s.indexOf('\u2029') >= 0;

/**
 * WARNING_LINE's match, read character by character (a log of distinct warnings ran the regex, its
 * lazy path and its groups object, on each: 290 ns a line of 330 characters). The same answer: the
 * path cannot hold a colon (but a drive's), so it ends at the first colon after the drive, and must
 * end with `.py` or `>`; the digits, then `: `; the class is the whole run of word characters that
 * follows (a colon ends it), an upper-case letter first and `Warning` last; then `: ` and the rest
 * of the line, which holds no line terminator. test/convlog/python-warnings.test.ts checks it
 * against the regex.
 */
export function parseWarningLine(s: string): WarningLineParts | null {
  const n = s.length;
  const drive = n >= 3 && s.charCodeAt(1) === 58 && s.charCodeAt(2) === 92 && isAsciiLetter(s.charCodeAt(0));
  const colon = s.indexOf(':', drive ? 3 : 0);
  if (colon <= 0) return null;
  const last = s.charCodeAt(colon - 1);
  if (!(last === 62 /* > */ || (colon >= 3 && last === 121 /* y */ && s.charCodeAt(colon - 2) === 112 /* p */ && s.charCodeAt(colon - 3) === 46) /* . */)) return null;
  let i = colon + 1;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === colon + 1 || s.charCodeAt(i) !== 58 || s.charCodeAt(i + 1) !== 32) return null;
  const whereEnd = i;
  const clsStart = i + 2;
  const c0 = s.charCodeAt(clsStart);
  if (!(c0 >= 65 && c0 <= 90)) return null;
  let j = clsStart + 1;
  while (j < n && isWordChar(s.charCodeAt(j))) j++;
  if (j - clsStart < 8 || !s.startsWith('Warning', j - 7) || s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) !== 32) return null;
  const msg = s.slice(j + 2);
  if (hasLineTerminator(msg)) return null;
  return { path: s.slice(0, colon), where: s.slice(0, whereEnd), cls: s.slice(clsStart, j), msg };
}
