/**
 * Regressions against a baseline report (`gate --baseline main.json`): a metric fails when it got
 * worse by more than its relative limit AND more than its absolute minimum (so that a 0.01 ms change
 * on a 0.05 ms model, +20 %, is not a failure). One data row per kind.
 *
 * Latency is noisy: when both sides have samples, a change over the limit is tested with a bootstrap
 * confidence interval (src/budget/bootstrap.ts). If the interval of the change includes 0, the
 * samples cannot tell it from noise and the verdict is `inconclusive`, neither pass nor fail. Without
 * samples on both sides the summaries are compared alone, and the verdict says so.
 *
 * Each kind applies by default when --baseline is given. A default that cannot be measured (no
 * conversion logs on either side, no latency) is skipped with a notice: the user never asked for
 * it. A kind the budget sets itself fails closed (not measured) as every asked-for assertion does.
 */
import { BYTES_PER_MB } from '../core/units.js';
import type { StepMeasurement } from '../step/model.js';
import type { RuleInfo } from './assertions.js';
import { latencyStat } from './assertions.js';
import { bootstrapDifferences, MIN_SAMPLES_FOR_TEST } from './bootstrap.js';
import { formatChange, formatRelative, formatValue } from './format.js';
import type { Level, RegressionDetail, RegressionLatencyStat, RegressionSpec, ResolvedTarget, Status, Verdict } from './model.js';

type Side = { value: number; samples?: number[] } | { value: null; missing: string };

/** The options a regression kind takes in a budget's `regression` object. */
export type RegressionOption = 'relative' | 'absolute' | 'stats' | 'metrics' | 'message';

export interface RegressionRow extends RuleInfo {
  kind: RegressionSpec['kind'];
  /** The key under a target's `regression`. */
  key: 'sizeMB' | 'latencyMs' | 'accuracy' | 'unsupportedOps';
  /** The options it takes. */
  options: readonly RegressionOption[];
  /** A bare number is the relative limit; false: only a level or [level, options]. */
  bareRelative: boolean;
  /** `absolute` counts things (new ops): a whole number. */
  integerAbsolute: boolean;
  /** How a change is measured: the worse change of a value, or the items new since the baseline (ops). */
  change: 'value' | 'new-items';
  /** The limits when the budget does not set them. */
  defaults: { level: Level; relative: number; absolute: number; stats?: RegressionLatencyStat[] };
  /** docs/gate.md: the default in words, and what is compared. */
  docs: { default: string; compares: string };
  /** The keys to compare: latency stats, accuracy metrics; [null] for a single value. */
  keys(spec: RegressionSpec, baseline: StepMeasurement, current: StepMeasurement): (string | null)[];
  label(key: string | null): string;
  read(step: StepMeasurement, key: string | null): Side;
  /** +1: a higher value is worse (size, latency); −1: a lower value is worse (accuracy). */
  direction(key: string | null, target: ResolvedTarget): 1 | -1;
  /** True when the value is a noisy measurement that deserves a noise test. */
  noisy: boolean;
}

function readSamples(step: StepMeasurement, stat: RegressionLatencyStat): Side {
  const m = latencyStat(step, stat);
  if (m.value === null) return m;
  const samples = step.latency?.samplesMs;
  return samples && samples.length ? { value: m.value, samples } : { value: m.value };
}

export const REGRESSION_ROWS: readonly RegressionRow[] = [
  {
    kind: 'regression.sizeMB',
    key: 'sizeMB',
    change: 'value',
    options: ['relative', 'absolute', 'message'],
    bareRelative: true,
    integerAbsolute: false,
    defaults: { level: 'error', relative: 0.05, absolute: 0.05 },
    docs: { default: '+5 % and +0.05 MB, error', compares: 'the size' },
    ruleId: 'CML-REGRESSION-SIZE',
    ruleName: 'SizeRegression',
    help: 'The model did not grow by more than the relative limit and the absolute minimum against the baseline report.',
    unit: 'MB',
    keys: () => [null],
    label: () => 'model size',
    read: (step) => (step.sizeBytes === null ? { value: null, missing: `no model size for step "${step.name}"` } : { value: step.sizeBytes / BYTES_PER_MB }),
    direction: () => 1,
    noisy: false,
  },
  {
    kind: 'regression.latencyMs',
    key: 'latencyMs',
    change: 'value',
    options: ['relative', 'absolute', 'stats', 'message'],
    bareRelative: true,
    integerAbsolute: false,
    defaults: { level: 'error', relative: 0.1, absolute: 1, stats: ['p50', 'p99'] },
    docs: { default: '+10 % and +1 ms on p50 and p99, error', compares: 'each stat in `stats` (p50, p90, p99, mean)' },
    ruleId: 'CML-REGRESSION-LATENCY',
    ruleName: 'LatencyRegression',
    help: 'A latency statistic did not get slower than the limits allow against the baseline report; changes the samples cannot tell from noise are inconclusive.',
    unit: 'ms',
    keys: (spec) => spec.stats ?? [],
    label: (key) => `${key} latency`,
    read: (step, key) => readSamples(step, key as RegressionLatencyStat),
    direction: () => 1,
    noisy: true,
  },
  {
    kind: 'regression.accuracy',
    key: 'accuracy',
    change: 'value',
    options: ['relative', 'absolute', 'metrics', 'message'],
    bareRelative: true,
    integerAbsolute: false,
    defaults: { level: 'error', relative: 0.005, absolute: 0 },
    docs: { default: '−0.5 % of the baseline value, error', compares: 'each metric of the baseline step (or `metrics`)' },
    ruleId: 'CML-REGRESSION-ACCURACY',
    ruleName: 'AccuracyRegression',
    help: 'A quality metric did not get worse than the limits allow against the baseline report.',
    unit: 'points',
    keys: (spec, baseline) => spec.metrics ?? [...baseline.accuracy.keys()],
    label: (key) => `${key}`,
    read: (step, key) => {
      const v = step.accuracy.get(key as string);
      return v === undefined ? { value: null, missing: `step "${step.name}" has no accuracy metric ${JSON.stringify(key)}` } : { value: v };
    },
    direction: (key, target) => (target.lowerIsBetter.has(key as string) ? 1 : -1),
    noisy: false,
  },
  {
    kind: 'regression.unsupportedOps',
    key: 'unsupportedOps',
    change: 'new-items',
    options: ['absolute', 'message'],
    bareRelative: false,
    integerAbsolute: true,
    defaults: { level: 'error', relative: 0, absolute: 0 },
    docs: { default: 'no new op, error', compares: "ops the baseline's log did not name" },
    ruleId: 'CML-REGRESSION-UNSUPPORTED-OPS',
    ruleName: 'NewUnsupportedOps',
    help: 'The conversion log names no unsupported op that the baseline report did not have.',
    unit: 'count',
    keys: () => [null],
    label: () => 'new unsupported ops',
    read: (step) => (step.log ? { value: step.log.unsupportedOps.length } : { value: null, missing: `no conversion log for step "${step.name}"` }),
    direction: () => 1,
    noisy: false,
  },
];

export function regressionRow(kind: RegressionSpec['kind']): RegressionRow {
  const row = REGRESSION_ROWS.find((r) => r.kind === kind);
  if (!row) throw new Error(`no regression row for ${kind}`);
  return row;
}

/** What the command knows about the baseline report. */
export interface BaselineInput {
  file: string;
  /** The step of the same name in the baseline report; null when it has none. */
  step: StepMeasurement | null;
  stepNames: string[];
}

function limitText(spec: RegressionSpec, unit: RegressionRow['unit']): string {
  const parts: string[] = [];
  if (spec.relative > 0) parts.push(formatRelative(spec.relative).slice(1));
  if (spec.absolute > 0 || parts.length === 0) parts.push(formatValue(spec.absolute, unit));
  return parts.join(' and more than ');
}

function verdict(row: RegressionRow, spec: RegressionSpec, key: string | null, status: Status, message: string, fields: Partial<Verdict> = {}): Verdict {
  return {
    assertion: key === null ? row.kind : `${row.kind}.${key}`,
    kind: row.kind,
    ruleId: row.ruleId,
    level: spec.level === 'warn' ? 'warn' : 'error',
    status,
    actual: null,
    limit: null,
    unit: row.unit,
    message,
    customMessage: spec.message,
    origin: spec.origin,
    ...fields,
    key,
    label: `${row.label(key)} regression`,
    bound: 'regression',
  };
}

const violated = (spec: RegressionSpec): Status => (spec.level === 'warn' ? 'warn' : 'fail');

/** What one regression kind concluded: verdicts, or (for a default that cannot be measured) a notice. */
type Outcome = { verdicts: Verdict[]; notices: string[] };

/** New unsupported ops: a set difference, not a numeric comparison. */
function newOps(row: RegressionRow, spec: RegressionSpec, base: StepMeasurement, cur: StepMeasurement, file: string): Verdict {
  const missing = !base.log ? `the baseline step "${base.name}" in ${file} has no conversion log` : !cur.log ? `step "${cur.name}" has no conversion log` : null;
  if (missing) return verdict(row, spec, null, 'not-measured', `new unsupported ops not measured: ${missing}`);
  const before = new Set(base.log?.unsupportedOps ?? []);
  const added = (cur.log?.unsupportedOps ?? []).filter((op) => !before.has(op));
  const fields = { actual: added.length, limit: spec.absolute };
  if (added.length <= spec.absolute) {
    return verdict(row, spec, null, 'pass', added.length ? `${added.length} new unsupported op(s), within the ${spec.absolute} allowed: ${added.join(', ')}` : 'no unsupported op that the baseline did not have', fields);
  }
  return verdict(row, spec, null, violated(spec), `${added.length} unsupported op(s) not in the baseline: ${added.join(', ')}`, fields);
}

function compareOne(row: RegressionRow, spec: RegressionSpec, key: string | null, base: StepMeasurement, cur: StepMeasurement, target: ResolvedTarget, file: string): Verdict {
  const label = row.label(key);
  const b = row.read(base, key);
  const c = row.read(cur, key);
  if (b.value === null) return verdict(row, spec, key, 'not-measured', `${label} regression not measured: ${b.missing} in the baseline ${file}`);
  if (c.value === null) return verdict(row, spec, key, 'not-measured', `${label} regression not measured: ${c.missing}`);
  const dir = row.direction(key, target);
  const worseBy = dir * (c.value - b.value);
  const relative = b.value !== 0 ? worseBy / Math.abs(b.value) : null;
  const threshold = Math.max(spec.relative * Math.abs(b.value), spec.absolute);
  const detail: RegressionDetail = { baseline: b.value, current: c.value, worseBy, relative, threshold, method: row.noisy ? 'summary' : 'exact', ci: null, samples: null };
  const change = `${formatValue(b.value, row.unit)} → ${formatValue(c.value, row.unit)} (${formatChange(c.value - b.value, row.unit)}, ${formatRelative(b.value !== 0 ? (c.value - b.value) / Math.abs(b.value) : null)})`;
  const limits = `worse by more than ${limitText(spec, row.unit)}`;
  const fields = { actual: worseBy, limit: threshold, detail };
  // A tolerance for floating point: a metric that did not change must not fail a zero limit.
  if (worseBy <= threshold + 1e-9 * Math.max(1, Math.abs(b.value))) {
    return verdict(row, spec, key, 'pass', `${label} ${change}: not ${limits}`, fields);
  }
  if (!row.noisy) return verdict(row, spec, key, violated(spec), `${label} ${change}: ${limits}`, fields);
  const bs = 'samples' in b ? b.samples : undefined;
  const cs = 'samples' in c ? c.samples : undefined;
  if (!bs || !cs) {
    return verdict(row, spec, key, violated(spec), `${label} ${change}: ${limits} (summaries compared without a noise test: ${!bs && !cs ? 'neither report has' : !bs ? 'the baseline has no' : 'this report has no'} latency samples)`, fields);
  }
  detail.samples = { baseline: bs.length, current: cs.length };
  const need = MIN_SAMPLES_FOR_TEST[key as RegressionLatencyStat];
  if (bs.length < need || cs.length < need) {
    return verdict(row, spec, key, 'inconclusive', `${label} ${change} is over the limit (${limits}), but ${bs.length} vs ${cs.length} samples are too few to tell a ${key} change from noise (it needs ${need} per side)`, fields);
  }
  const [ci] = bootstrapDifferences(bs, cs, [key as RegressionLatencyStat]);
  if (!ci) throw new Error('bootstrap returned nothing');
  detail.method = 'bootstrap';
  detail.ci = [ci.lo * dir, ci.hi * dir];
  const ciText = `95 % CI of the change [${formatChange(ci.lo, row.unit)}, ${formatChange(ci.hi, row.unit)}] from ${bs.length} vs ${cs.length} samples`;
  if (ci.lo * dir > 0) return verdict(row, spec, key, violated(spec), `${label} ${change}: ${limits}; ${ciText}`, fields);
  return verdict(row, spec, key, 'inconclusive', `${label} ${change} is over the limit (${limits}), but the samples cannot tell it from noise: ${ciText} includes 0; more runs would decide`, fields);
}

/** A default that cannot be measured becomes a notice; anything else stays a verdict. */
function keepOrSkip(row: RegressionRow, spec: RegressionSpec, verdicts: Verdict[]): Outcome {
  if (spec.explicit) return { verdicts, notices: [] };
  const skipped = verdicts.filter((v) => v.status === 'not-measured');
  const ask = `"regression": {"${row.key}": "error"} in the budget requires it`;
  return {
    verdicts: verdicts.filter((v) => v.status !== 'not-measured'),
    notices: skipped.map((v) => `${v.message}; skipped, as a default the budget does not set (${ask})`),
  };
}

function evaluateKind(spec: RegressionSpec, target: ResolvedTarget, current: StepMeasurement, baseline: BaselineInput): Outcome {
  const row = regressionRow(spec.kind);
  if (!baseline.step) {
    const missing = `the baseline ${baseline.file} has no step "${current.name}" (it has: ${baseline.stepNames.map((n) => JSON.stringify(n)).join(', ') || 'none'})`;
    return keepOrSkip(row, spec, [verdict(row, spec, null, 'not-measured', `${row.kind} not measured: ${missing}`)]);
  }
  if (row.change === 'new-items') return keepOrSkip(row, spec, [newOps(row, spec, baseline.step, current, baseline.file)]);
  const step = baseline.step;
  return keepOrSkip(row, spec, row.keys(spec, step, current).map((key) => compareOne(row, spec, key, step, current, target, baseline.file)));
}

/**
 * Regression verdicts for one target, and notices for the defaults skipped. `baseline` null: no
 * --baseline was given, and only the kinds the budget sets are reported (not measured).
 */
export function evaluateRegressions(target: ResolvedTarget, current: StepMeasurement, baseline: BaselineInput | null): Outcome {
  const out: Outcome = { verdicts: [], notices: [] };
  for (const spec of target.regressions) {
    if (!baseline) {
      if (!spec.explicit) continue;
      const row = regressionRow(spec.kind);
      out.verdicts.push(verdict(row, spec, null, 'not-measured', `${row.kind} not measured: the budget sets regression limits but no --baseline report was given`));
      continue;
    }
    const r = evaluateKind(spec, target, current, baseline);
    out.verdicts.push(...r.verdicts);
    out.notices.push(...r.notices);
  }
  return out;
}
