/**
 * Budget file validation: typed and hand-written, so that every error names the file, the JSON path
 * and what was expected (`budget.json:$.targets[1].latencyMs.p99: expected a number or
 * ["error"|"warn"|"off", {...}], got "25ms"`). Unknown keys are errors (a typo must not silently drop
 * an assertion). Keys that come from the input (metric names) go into Maps: `__proto__` is a metric
 * like any other. The JSON Schema in schemas/budget.schema.json describes the same format; a test
 * keeps the two in agreement.
 */
import { CATEGORIES, type Category } from '../convlog/model.js';
import { InputError } from '../core/errors.js';
import { childPath, describeValue, JsonReader, suggestKey } from '../report/json-input.js';
import { LATENCY_STATS, LEVELS, REGRESSION_LATENCY_STATS, type LatencyStat, type Level, type RegressionLatencyStat } from './model.js';

/** A threshold assertion as written: a number (error-level maximum), a level, or [level, options]. */
export interface ParsedSetting {
  /** Null when only options were given and the level is inherited (from a preset, else error). */
  level: Level | null;
  max: number | null;
  message: string | null;
  path: string;
}

export interface ParsedFps {
  level: Level | null;
  /** The frame rate; null when inherited from a preset. */
  min: number | null;
  stat: LatencyStat | null;
  message: string | null;
  path: string;
}

export interface ParsedForbid {
  level: Level | null;
  categories: Category[] | null;
  message: string | null;
  path: string;
}

export interface ParsedRegressionSetting {
  level: Level | null;
  relative: number | null;
  absolute: number | null;
  stats: RegressionLatencyStat[] | null;
  metrics: string[] | null;
  message: string | null;
  path: string;
}

export interface ParsedRegression {
  path: string;
  sizeMB: ParsedRegressionSetting | null;
  latencyMs: ParsedRegressionSetting | null;
  accuracy: ParsedRegressionSetting | null;
  unsupportedOps: ParsedRegressionSetting | null;
}

export interface ParsedTarget {
  path: string;
  name: string | null;
  preset: string | null;
  presetPath: string;
  step: string | null;
  baselineStep: string | null;
  lowerIsBetter: string[];
  sizeMB: ParsedSetting | null;
  latencyMs: Map<LatencyStat, ParsedSetting>;
  fps: ParsedFps | null;
  uiOverheadMs: { value: number; path: string } | null;
  overBudgetFrames: ParsedSetting | null;
  accuracyDrop: Map<string, ParsedSetting>;
  unsupportedOps: ParsedSetting | null;
  forbid: ParsedForbid | null;
  regression: ParsedRegression | null;
}

export interface ParsedBudget {
  file: string;
  /** True when the file had a `targets` list (several targets), false for a single target. */
  matrix: boolean;
  targets: ParsedTarget[];
}

/** Keys of a target, in the order the docs list them. The JSON Schema test checks this list. */
export const TARGET_KEYS = [
  '$comment',
  'name',
  'description',
  'preset',
  'step',
  'baselineStep',
  'lowerIsBetter',
  'sizeMB',
  'latencyMs',
  'fps',
  'uiOverheadMs',
  'overBudgetFrames',
  'accuracyDrop',
  'unsupportedOps',
  'forbid',
  'regression',
] as const;
export const ROOT_KEYS = ['$schema', '$comment', 'description', 'targets'] as const;
export const REGRESSION_KEYS = ['sizeMB', 'latencyMs', 'accuracy', 'unsupportedOps'] as const;

const LEVEL_FORM = '["error"|"warn"|"off", {...}]';

/**
 * Short names (p95) are a small edit away from every other short name: only a different case counts
 * as a typo there; longer names get suggestKey's distance.
 */
export function suggest(name: string, known: readonly string[]): string | undefined {
  if (name.length >= 4) return suggestKey(name, known);
  return known.find((k) => k.toLowerCase() === name.toLowerCase());
}

/** The shared JSON reader, with what budgets need besides: ranges, levels, string lists, suggestions. */
class Reader extends JsonReader {
  keys(obj: Record<string, unknown>, path: string, known: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (known.includes(k)) continue;
      const s = suggest(k, known);
      this.fail(childPath(path, k), `unknown key ${JSON.stringify(k)}${s ? `; did you mean ${JSON.stringify(s)}?` : `; known keys: ${known.join(', ')}`}`);
    }
  }

  range(v: unknown, path: string, opts: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean; what?: string } = {}): number {
    const what = opts.what ?? describeRange(opts);
    if (typeof v !== 'number' || !Number.isFinite(v)) this.expected(path, what, v);
    const n = v as number;
    if (opts.integer && !Number.isInteger(n)) this.expected(path, what, v);
    if (opts.min !== undefined && (opts.exclusiveMin ? n <= opts.min : n < opts.min)) this.expected(path, what, v);
    if (opts.max !== undefined && n > opts.max) this.expected(path, what, v);
    return n;
  }

  stringList(v: unknown, path: string, what: string): string[] {
    if (!Array.isArray(v)) this.expected(path, what, v);
    return (v as unknown[]).map((s, i) => this.string(s, childPath(path, i)));
  }

  level(v: unknown, path: string): Level {
    if (typeof v !== 'string' || !(LEVELS as readonly string[]).includes(v)) this.expected(path, '"error", "warn" or "off"', v);
    return v as Level;
  }
}

function describeRange(o: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean }): string {
  const kind = o.integer ? 'a whole number' : 'a number';
  if (o.min !== undefined && o.max !== undefined) return `${kind} from ${o.min} to ${o.max}`;
  if (o.min !== undefined) return `${kind} ${o.exclusiveMin ? '>' : '>='} ${o.min}`;
  return kind;
}

/**
 * The three forms every assertion accepts: a bare value (its own meaning per kind), a level string,
 * or [level] / [level, options]. Returns the level (null when a bare value) and the options object.
 */
function splitForm(
  r: Reader,
  v: unknown,
  path: string,
  expected: string,
): { level: Level | null; bare: unknown; options: Record<string, unknown> | null; optionsPath: string } {
  const optionsPath = childPath(path, 1);
  if (typeof v === 'string') {
    if ((LEVELS as readonly string[]).includes(v)) return { level: v as Level, bare: undefined, options: null, optionsPath };
    r.expected(path, expected, v);
  }
  if (Array.isArray(v) && typeof v[0] === 'string' && (LEVELS as readonly string[]).includes(v[0])) {
    if (v.length > 2) r.expected(path, expected, v);
    const level = v[0] as Level;
    if (v.length === 1) return { level, bare: undefined, options: null, optionsPath };
    return { level, bare: undefined, options: r.object(v[1], optionsPath, 'an options object'), optionsPath };
  }
  return { level: null, bare: v, options: null, optionsPath };
}

function message(r: Reader, o: Record<string, unknown>, path: string): string | null {
  return o.message === undefined ? null : r.string(o.message, childPath(path, 'message'), 'a message (string)');
}

interface MaxRules {
  min?: number;
  max?: number;
  integer?: boolean;
  what: string;
}

/** sizeMB, latencyMs.*, overBudgetFrames, accuracyDrop.*, unsupportedOps: a maximum. */
function maxSetting(r: Reader, v: unknown, path: string, rules: MaxRules): ParsedSetting {
  const expected = `${rules.what} or ${LEVEL_FORM}`;
  const { level, bare, options, optionsPath } = splitForm(r, v, path, expected);
  const numberRules = { min: rules.min ?? 0, max: rules.max, integer: rules.integer };
  if (level === null) {
    if (typeof bare !== 'number') r.expected(path, expected, bare);
    return { level: 'error', max: r.range(bare, path, { ...numberRules, what: expected }), message: null, path };
  }
  if (!options) return { level, max: null, message: null, path };
  r.keys(options, optionsPath, ['max', 'message']);
  const max = options.max === undefined ? null : r.range(options.max, childPath(optionsPath, 'max'), numberRules);
  return { level, max, message: message(r, options, optionsPath), path };
}

function fpsSetting(r: Reader, v: unknown, path: string): ParsedFps {
  const expected = `a frame rate (a number > 0) or ${LEVEL_FORM}`;
  const { level, bare, options, optionsPath } = splitForm(r, v, path, expected);
  if (level === null) {
    return { level: 'error', min: r.range(bare, path, { min: 0, exclusiveMin: true, max: 1000, what: expected }), stat: null, message: null, path };
  }
  if (!options) return { level, min: null, stat: null, message: null, path };
  r.keys(options, optionsPath, ['min', 'stat', 'message']);
  const min = options.min === undefined ? null : r.range(options.min, childPath(optionsPath, 'min'), { min: 0, exclusiveMin: true, max: 1000 });
  let stat: LatencyStat | null = null;
  if (options.stat !== undefined) {
    if (typeof options.stat !== 'string' || !(LATENCY_STATS as readonly string[]).includes(options.stat)) {
      r.expected(childPath(optionsPath, 'stat'), LATENCY_STATS.map((s) => JSON.stringify(s)).join(', '), options.stat);
    }
    stat = options.stat as LatencyStat;
  }
  return { level, min, stat, message: message(r, options, optionsPath), path };
}

function categories(r: Reader, v: unknown, path: string): Category[] {
  const what = `a list of diagnostic categories (${CATEGORIES.join(', ')})`;
  if (!Array.isArray(v)) r.expected(path, what, v);
  return (v as unknown[]).map((c, i) => {
    if (typeof c !== 'string' || !(CATEGORIES as readonly string[]).includes(c)) {
      const s = typeof c === 'string' ? suggest(c, CATEGORIES) : undefined;
      r.fail(childPath(path, i), `expected one of ${CATEGORIES.join(', ')}, got ${describeValue(c)}${s ? `; did you mean ${JSON.stringify(s)}?` : ''}`);
    }
    return c as Category;
  });
}

function forbidSetting(r: Reader, v: unknown, path: string): ParsedForbid {
  const expected = `a list of diagnostic categories or ${LEVEL_FORM}`;
  const { level, bare, options, optionsPath } = splitForm(r, v, path, expected);
  if (level === null) {
    if (!Array.isArray(bare)) r.expected(path, expected, bare);
    return { level: 'error', categories: categories(r, bare, path), message: null, path };
  }
  if (!options) return { level, categories: null, message: null, path };
  r.keys(options, optionsPath, ['categories', 'message']);
  const cats = options.categories === undefined ? null : categories(r, options.categories, childPath(optionsPath, 'categories'));
  return { level, categories: cats, message: message(r, options, optionsPath), path };
}

function regressionSetting(r: Reader, v: unknown, path: string, kind: (typeof REGRESSION_KEYS)[number]): ParsedRegressionSetting {
  const bareWhat = kind === 'unsupportedOps' ? 'a level' : 'a relative limit (0.1 = 10 %)';
  const expected = `${bareWhat} or ${LEVEL_FORM}`;
  const { level, bare, options, optionsPath } = splitForm(r, v, path, expected);
  const base: ParsedRegressionSetting = { level, relative: null, absolute: null, stats: null, metrics: null, message: null, path };
  if (level === null) {
    if (kind === 'unsupportedOps') r.expected(path, expected, bare);
    return { ...base, level: 'error', relative: r.range(bare, path, { min: 0, what: expected }) };
  }
  if (!options) return base;
  const known = kind === 'latencyMs' ? ['relative', 'absolute', 'stats', 'message'] : kind === 'accuracy' ? ['relative', 'absolute', 'metrics', 'message'] : kind === 'unsupportedOps' ? ['absolute', 'message'] : ['relative', 'absolute', 'message'];
  r.keys(options, optionsPath, known);
  const out: ParsedRegressionSetting = { ...base, message: message(r, options, optionsPath) };
  if (options.relative !== undefined) out.relative = r.range(options.relative, childPath(optionsPath, 'relative'), { min: 0 });
  if (options.absolute !== undefined) {
    out.absolute = r.range(options.absolute, childPath(optionsPath, 'absolute'), { min: 0, integer: kind === 'unsupportedOps' });
  }
  if (options.stats !== undefined) {
    const p = childPath(optionsPath, 'stats');
    const what = `a list of ${REGRESSION_LATENCY_STATS.map((s) => JSON.stringify(s)).join(', ')}`;
    if (!Array.isArray(options.stats) || options.stats.length === 0) r.expected(p, what, options.stats);
    out.stats = (options.stats as unknown[]).map((s, i) => {
      if (typeof s !== 'string' || !(REGRESSION_LATENCY_STATS as readonly string[]).includes(s)) {
        r.fail(childPath(p, i), `expected one of ${REGRESSION_LATENCY_STATS.join(', ')}, got ${describeValue(s)}${s === 'max' ? ' (max is one sample: compare it with latencyMs.max instead)' : ''}`);
      }
      return s as RegressionLatencyStat;
    });
  }
  if (options.metrics !== undefined) out.metrics = r.stringList(options.metrics, childPath(optionsPath, 'metrics'), 'a list of metric names');
  return out;
}

function regression(r: Reader, v: unknown, path: string): ParsedRegression {
  const o = r.object(v, path, 'an object with sizeMB, latencyMs, accuracy or unsupportedOps');
  r.keys(o, path, REGRESSION_KEYS);
  const get = (k: (typeof REGRESSION_KEYS)[number]) => (o[k] === undefined ? null : regressionSetting(r, o[k], childPath(path, k), k));
  return { path, sizeMB: get('sizeMB'), latencyMs: get('latencyMs'), accuracy: get('accuracy'), unsupportedOps: get('unsupportedOps') };
}

/** A target that asserts nothing yet. */
export function emptyTarget(path: string, presetPath: string): ParsedTarget {
  return {
    path,
    name: null,
    preset: null,
    presetPath,
    step: null,
    baselineStep: null,
    lowerIsBetter: [],
    sizeMB: null,
    latencyMs: new Map(),
    fps: null,
    uiOverheadMs: null,
    overBudgetFrames: null,
    accuracyDrop: new Map(),
    unsupportedOps: null,
    forbid: null,
    regression: null,
  };
}

function target(r: Reader, v: unknown, path: string, allowed: readonly string[]): ParsedTarget {
  const o = r.object(v, path, 'a budget object');
  if (o.$schema !== undefined && !allowed.includes('$schema')) r.fail(childPath(path, '$schema'), '"$schema" belongs at the top of the file, not in a target');
  r.keys(o, path, allowed);
  const p = (k: string) => childPath(path, k);
  const optString = (k: string) => (o[k] === undefined ? null : r.string(o[k], p(k)));
  const t = emptyTarget(path, p('preset'));
  t.name = optString('name');
  t.preset = optString('preset');
  t.step = optString('step');
  t.baselineStep = optString('baselineStep');
  if (o.lowerIsBetter !== undefined) t.lowerIsBetter = r.stringList(o.lowerIsBetter, p('lowerIsBetter'), 'a list of metric names');
  if (o.description !== undefined && typeof o.description !== 'string') r.expected(p('description'), 'a string', o.description);
  if (o.sizeMB !== undefined) t.sizeMB = maxSetting(r, o.sizeMB, p('sizeMB'), { what: 'a size in MB (a number >= 0)' });
  if (o.latencyMs !== undefined) {
    const lp = p('latencyMs');
    const lo = r.object(o.latencyMs, lp, `an object with ${LATENCY_STATS.join(', ')}`);
    r.keys(lo, lp, LATENCY_STATS);
    for (const stat of LATENCY_STATS) {
      if (lo[stat] !== undefined) t.latencyMs.set(stat, maxSetting(r, lo[stat], childPath(lp, stat), { what: 'a number of ms (>= 0)' }));
    }
  }
  if (o.fps !== undefined) t.fps = fpsSetting(r, o.fps, p('fps'));
  if (o.uiOverheadMs !== undefined) t.uiOverheadMs = { value: r.range(o.uiOverheadMs, p('uiOverheadMs'), { min: 0 }), path: p('uiOverheadMs') };
  if (o.overBudgetFrames !== undefined) {
    t.overBudgetFrames = maxSetting(r, o.overBudgetFrames, p('overBudgetFrames'), { max: 1, what: 'a share of inferences from 0 to 1' });
  }
  if (o.accuracyDrop !== undefined) {
    const ap = p('accuracyDrop');
    const ao = r.object(o.accuracyDrop, ap, 'an object of metric name → largest allowed drop');
    for (const [metric, value] of Object.entries(ao)) {
      t.accuracyDrop.set(metric, maxSetting(r, value, childPath(ap, metric), { what: 'a drop in the metric\'s units (a number >= 0)' }));
    }
  }
  if (o.unsupportedOps !== undefined) t.unsupportedOps = maxSetting(r, o.unsupportedOps, p('unsupportedOps'), { integer: true, what: 'a count (a whole number >= 0)' });
  if (o.forbid !== undefined) t.forbid = forbidSetting(r, o.forbid, p('forbid'));
  if (o.regression !== undefined) t.regression = regression(r, o.regression, p('regression'));
  return t;
}

/**
 * Validates a parsed JSON value as a budget. `file` names it in errors; `at` is the JSON path of the
 * budget in that file (`$.budget` for a budget written inside a pipeline manifest).
 */
export function validateBudget(value: unknown, file: string, at = '$'): ParsedBudget {
  const r = new Reader(file);
  const root = r.object(value, at, 'a budget object (with assertions, or a "targets" list)');
  if (root.targets === undefined) {
    return { file, matrix: false, targets: [target(r, root, at, [...ROOT_KEYS.filter((k) => k !== 'targets'), ...TARGET_KEYS])] };
  }
  for (const k of Object.keys(root)) {
    if ((ROOT_KEYS as readonly string[]).includes(k)) continue;
    if ((TARGET_KEYS as readonly string[]).includes(k)) {
      r.fail(childPath(at, k), `${JSON.stringify(k)} beside "targets": put it inside each target (a budget is either one target or a "targets" list)`);
    }
    r.keys(root, at, [...ROOT_KEYS, ...TARGET_KEYS]);
  }
  const tp = childPath(at, 'targets');
  if (!Array.isArray(root.targets) || root.targets.length === 0) r.expected(tp, 'a non-empty list of targets', root.targets);
  const targets = (root.targets as unknown[]).map((t, i) => target(r, t, childPath(tp, i), TARGET_KEYS));
  return { file, matrix: true, targets };
}
