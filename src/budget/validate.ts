/**
 * Budget file validation, typed and hand-written, so that every error names the file, the JSON path
 * and what was expected (`budget.json:$.targets[1].latencyMs.p99: expected a number or
 * ["error"|"warn"|"off", {...}], got "25ms"`). A target's keys are its own settings (name, preset,
 * step, ...), one key per assertion row (src/budget/assertions.ts: each row's form validates its
 * value), and `regression` (src/budget/regressions.ts: each regression row says what it takes).
 * Unknown keys are errors (a typo must not silently drop an assertion). Keys that come from the
 * input (metric names) go into Maps: `__proto__` is a metric like any other. The JSON Schema
 * (src/budget/json-schema.ts) is derived from the same rows.
 */
import { childPath, describeValue } from '../core/json.js';
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import { REGRESSION_LATENCY_STATS, type Level, type RegressionLatencyStat } from './model.js';
import { BudgetReader, LEVEL_FORM, splitLevelForm } from './reader.js';
import { REGRESSION_ROWS, type RegressionRow } from './regressions.js';

export { suggest } from './reader.js';

export interface ParsedRegressionSetting {
  level: Level | null;
  relative: number | null;
  absolute: number | null;
  stats: RegressionLatencyStat[] | null;
  metrics: string[] | null;
  message: string | null;
  path: string;
}

export interface ParsedTarget {
  path: string;
  name: string | null;
  preset: string | null;
  presetPath: string;
  step: string | null;
  baselineStep: string | null;
  lowerIsBetter: string[];
  /** Each assertion row's validated value, by the row's key; absent keys are absent. */
  assertions: Map<string, unknown>;
  /** Plain settings that belong to a form (uiOverheadMs), by key. */
  settings: Map<string, { value: number; path: string }>;
  /** `regression`: each kind's setting, by the regression row's key; null when the target has none. */
  regression: Map<string, ParsedRegressionSetting> | null;
}

export interface ParsedBudget {
  file: string;
  /** True when the file had a `targets` list (several targets), false for a single target. */
  matrix: boolean;
  targets: ParsedTarget[];
}

/** A target's own settings, before the assertion keys. */
export const META_KEYS = ['$comment', 'name', 'description', 'preset', 'step', 'baselineStep', 'lowerIsBetter'] as const;
export const ROOT_KEYS = ['$schema', '$comment', 'description', 'targets'] as const;

/** Keys of a target, in the order the docs list them: its settings, each row's key (and the row's form's settings), `regression`. */
export function targetKeys(table: RowTable = BUDGET_ROWS): string[] {
  return [...META_KEYS, ...table.rows.flatMap((r) => [r.key, ...(r.form.settings ?? []).map((s) => s.key)]), 'regression'];
}

export const TARGET_KEYS: readonly string[] = targetKeys();
export const REGRESSION_KEYS: readonly string[] = REGRESSION_ROWS.map((r) => r.key);

function regressionSetting(r: BudgetReader, v: unknown, path: string, row: RegressionRow): ParsedRegressionSetting {
  const bareWhat = row.bareRelative ? 'a relative limit (0.1 = 10 %)' : 'a level';
  const expected = `${bareWhat} or ${LEVEL_FORM}`;
  const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
  const base: ParsedRegressionSetting = { level, relative: null, absolute: null, stats: null, metrics: null, message: null, path };
  if (level === null) {
    if (!row.bareRelative) r.expected(path, expected, bare);
    return { ...base, level: 'error', relative: r.range(bare, path, { min: 0, what: expected }) };
  }
  if (!options) return base;
  r.keys(options, optionsPath, row.options);
  const out: ParsedRegressionSetting = { ...base, message: r.message(options, optionsPath) };
  if (options.relative !== undefined) out.relative = r.range(options.relative, childPath(optionsPath, 'relative'), { min: 0 });
  if (options.absolute !== undefined) out.absolute = r.range(options.absolute, childPath(optionsPath, 'absolute'), { min: 0, integer: row.integerAbsolute });
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

function regression(r: BudgetReader, v: unknown, path: string): Map<string, ParsedRegressionSetting> {
  const o = r.object(v, path, `an object with ${REGRESSION_KEYS.slice(0, -1).join(', ')} or ${REGRESSION_KEYS.at(-1)}`);
  r.keys(o, path, REGRESSION_KEYS);
  const out = new Map<string, ParsedRegressionSetting>();
  for (const row of REGRESSION_ROWS) if (o[row.key] !== undefined) out.set(row.key, regressionSetting(r, o[row.key], childPath(path, row.key), row));
  return out;
}

/** A target that asserts nothing yet. */
export function emptyTarget(path: string, presetPath: string): ParsedTarget {
  return { path, name: null, preset: null, presetPath, step: null, baselineStep: null, lowerIsBetter: [], assertions: new Map(), settings: new Map(), regression: null };
}

function target(r: BudgetReader, v: unknown, path: string, allowed: readonly string[], table: RowTable): ParsedTarget {
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
  for (const row of table.rows) {
    if (o[row.key] !== undefined) t.assertions.set(row.key, row.form.parse(r, o[row.key], p(row.key)));
    for (const s of row.form.settings ?? []) if (o[s.key] !== undefined) t.settings.set(s.key, { value: s.parse(r, o[s.key], p(s.key)), path: p(s.key) });
  }
  if (o.regression !== undefined) t.regression = regression(r, o.regression, p('regression'));
  return t;
}

/**
 * Validates a parsed JSON value as a budget. `file` names it in errors; `at` is the JSON path of the
 * budget in that file (`$.budget` for a budget written inside a pipeline manifest).
 */
export function validateBudget(value: unknown, file: string, at = '$', table: RowTable = BUDGET_ROWS): ParsedBudget {
  const r = new BudgetReader(file);
  const keys = targetKeys(table);
  const root = r.object(value, at, 'a budget object (with assertions, or a "targets" list)');
  if (root.targets === undefined) {
    return { file, matrix: false, targets: [target(r, root, at, [...ROOT_KEYS.filter((k) => k !== 'targets'), ...keys], table)] };
  }
  for (const k of Object.keys(root)) {
    if ((ROOT_KEYS as readonly string[]).includes(k)) continue;
    if (keys.includes(k)) {
      r.fail(childPath(at, k), `${JSON.stringify(k)} beside "targets": put it inside each target (a budget is either one target or a "targets" list)`);
    }
    r.keys(root, at, [...ROOT_KEYS, ...keys]);
  }
  const tp = childPath(at, 'targets');
  if (!Array.isArray(root.targets) || root.targets.length === 0) r.expected(tp, 'a non-empty list of targets', root.targets);
  const targets = (root.targets as unknown[]).map((t, i) => target(r, t, childPath(tp, i), keys, table));
  return { file, matrix: true, targets };
}
