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
