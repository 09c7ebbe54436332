/**
 * Formatting shared by the report renderers (text, Markdown, HTML): numbers, deltas, statuses and
 * labels. Only formatting: no escaping (each renderer escapes for its format) and no analysis.
 */
import { ENGINE_NAMES, type EngineName, type WeightUnit } from '../../trace/model.js';
import { formatBytes, formatInt, formatMs, formatPercent, formatSignedPercent } from '../../core/units.js';
import type { BudgetCheck, Delta, Report, ReportFlag, StepReport } from '../../report/model.js';

export const DASH = '—';

export const ENGINE_LABELS: ReadonlyMap<EngineName, string> = new Map<EngineName, string>([
  ['neuralEngine', 'Neural Engine'],
  ['gpu', 'GPU'],
  ['cpuCompute', 'CPU compute'],
  ['coremlOverhead', 'Core ML runtime'],
  ['app', 'App'],
  ['system', 'System'],
  ['unknown', 'Other'],
]);

export const FLAG_LABELS: ReadonlyMap<ReportFlag['kind'], string> = new Map<ReportFlag['kind'], string>([
  ['conversion-problem', 'conversion problem'],
  ['smaller-not-faster', 'smaller, not faster'],
  ['slower', 'slower'],
  ['unpredictable-latency', 'unpredictable latency'],
  ['accuracy-drop', 'accuracy drop'],
  ['over-budget', 'over budget'],
]);

export function size(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? DASH : formatBytes(bytes);
}

export function ms(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? DASH : formatMs(v, digits);
}

export function share(v: number | null | undefined): string {
  return v === null || v === undefined ? DASH : formatPercent(v);
}

/** A relative change, `−75.0 %`; `—` when there is none. */
export function rel(d: Delta | null | undefined): string {
  if (!d) return DASH;
  return d.relative === null ? DASH : formatSignedPercent(d.relative);
}

/**
 * The decimals that show `v` as written, from `min` to `max`: 72.4 → 2, 0.709 → 3, 0.71234 → 4.
 * A metric given as a fraction (accuracy 0..1) keeps its third decimal, so its changes show.
 */
export function decimalsOf(v: number, min = 2, max = 4): number {
  for (let d = min; d < max; d++) {
    const scaled = v * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return max;
}

/**
 * An absolute change in metric points, with the decimals of the values it compares (the reference
 * is absolute / relative): `−0.70` for 72.40 → 71.70, `−0.003` for 0.712 → 0.709, `−0.010` for
 * 0.712 → 0.702.
 */
export function points(d: Delta | null | undefined): string {
  if (!d) return DASH;
  const ref = d.relative ? d.absolute / d.relative : 0;
  const digits = Math.max(decimalsOf(d.absolute), decimalsOf(ref), decimalsOf(ref + d.absolute));
  const v = d.absolute.toFixed(digits);
  if (Number(v) === 0) return (0).toFixed(digits);
  return d.absolute > 0 ? `+${v}` : v.replace('-', '−');
}

export function metricValue(v: number | undefined): string {
  if (v === undefined) return DASH;
  return Number.isInteger(v) ? String(v) : v.toFixed(decimalsOf(v));
}

/** Metric names over all steps, in order of first appearance. */
export function metricNames(report: Report): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const s of report.steps) {
    for (const k of s.accuracy.keys()) {
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
  }
  return names;
}

/** A profile weight in its unit: ns as time, cycles in Mc/Gc, samples as a count. */
export function weight(v: number, unit: WeightUnit): string {
  switch (unit) {
    case 'ns':
      return v >= 1e9 ? `${(v / 1e9).toFixed(2)} s` : formatMs(v / 1e6, 1);
    case 'ms':
      return v >= 1e3 ? `${(v / 1e3).toFixed(2)} s` : formatMs(v, 1);
    case 'cycles':
      return v >= 1e9 ? `${(v / 1e9).toFixed(2)} Gc` : `${(v / 1e6).toFixed(1)} Mc`;
    case 'samples':
      return `${formatInt(v)} samples`;
    default:
      return `${formatInt(v)} ${String(unit)}`;
  }
}

/** Engines with a share, largest first, as `Neural Engine 61 %`. */
export function engineShares(step: StepReport): { engine: EngineName; label: string; share: number }[] {
  const e = step.engines;
  if (!e || !(e.total > 0)) return [];
  return ENGINE_NAMES.map((engine) => ({ engine, label: ENGINE_LABELS.get(engine) ?? engine, share: (e.byEngine[engine] ?? 0) / e.total }))
    .filter((x) => x.share > 0)
    .sort((a, b) => b.share - a.share);
}

/** A check's value in its unit. */
export function checkValue(c: BudgetCheck, v: number | null): string {
  if (v === null) return DASH;
  switch (c.unit) {
    case 'MB':
      return formatBytes(v * 1e6);
    case 'ms':
      return formatMs(v, 1);
    case 'share':
      return formatPercent(v);
    case 'count':
      return String(v);
    case 'points':
      return Number.isInteger(v) ? String(v) : v.toFixed(decimalsOf(v, 1));
  }
}

/** The budget in one line: `size ≤ 8.00 MB · p99 ≤ 41.7 ms per inference (20 fps − 8.3 ms UI) · top1 drop ≤ 1`. */
export function budgetLine(report: Report): string {
  const b = report.budget;
  if (!b) return '';
  const parts: string[] = [];
  if (b.sizeBytes !== null) parts.push(`size ≤ ${formatBytes(b.sizeBytes)}`);
  for (const [stat, v] of b.latencyMs) parts.push(`${stat} ≤ ${formatMs(v, 1)}`);
  const f = report.frameBudget;
  if (f) parts.push(`${b.frameStat} ≤ ${formatMs(f.perInferenceMs, 1)} per inference (${trim(f.fps)} fps = ${formatMs(1000 / f.fps, 1)} per frame − ${formatMs(f.uiOverheadMs, 1)} UI)`);
  if (b.overBudgetFrames !== null) parts.push(`≤ ${formatPercent(b.overBudgetFrames)} of inferences over the frame budget`);
  for (const [m, v] of b.accuracyDrop) parts.push(`${m} ${b.lowerIsBetter.has(m) ? 'rise' : 'drop'} ≤ ${v}`);
  if (b.unsupportedOps !== null) parts.push(`unsupported ops ≤ ${b.unsupportedOps}`);
  return parts.join(' · ');
}

export function budgetSourceLine(report: Report): string {
  const b = report.budget;
  if (!b) return '';
  return b.source + (b.preset && !b.source.startsWith('preset ') ? ` (preset ${b.preset})` : '') + (b.target ? `, target "${b.target}"` : '');
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Summary of a step's budget checks: `pass`, `fail: size, p99`, `2 not measured`. */
export function budgetSummary(step: StepReport): { status: 'pass' | 'fail' | 'not-measured' | 'none'; text: string } {
  const checks = step.checks ?? [];
  if (checks.length === 0) return { status: 'none', text: DASH };
  const failed = checks.filter((c) => c.status === 'fail');
  const missing = checks.filter((c) => c.status === 'not-measured');
  if (failed.length) return { status: 'fail', text: `fail: ${failed.map(shortKey).join(', ')}` };
  if (missing.length) return { status: 'not-measured', text: `${missing.length} not measured` };
  return { status: 'pass', text: `pass (${checks.length})` };
}

/** `latencyMs.p99` → `p99`, `accuracyDrop.top1` → `top1`, `sizeMB` → `size`, `fps` → `frame`. */
export function shortKey(c: BudgetCheck): string {
  if (c.key === 'sizeMB') return 'size';
  if (c.key === 'fps') return 'frame';
  if (c.key === 'overBudgetFrames') return 'frames over';
  if (c.key === 'unsupportedOps') return 'ops';
  const dot = c.key.indexOf('.');
  return dot === -1 ? c.key : c.key.slice(dot + 1);
}

export function latencySource(step: StepReport): string {
  const l = step.latency;
  if (!l) return DASH;
  if (l.source === 'trace') return `trace: ${l.label ?? ''}`;
  return l.source === 'samples' ? 'latencyMs samples' : 'latencyMs summary';
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : formatInt(n);
}

/** The budget checks as a matrix: one row per check key (in first-seen order), one cell per step. */
export function budgetMatrix(report: Report): { key: string; label: string; limit: string; cells: (BudgetCheck | null)[] }[] {
  const rows = new Map<string, { key: string; label: string; limit: string; cells: (BudgetCheck | null)[] }>();
  report.steps.forEach((s, i) => {
    for (const c of s.checks ?? []) {
      let row = rows.get(c.key);
      if (!row) {
        row = { key: c.key, label: c.label, limit: checkValue(c, c.limit), cells: report.steps.map(() => null) };
        rows.set(c.key, row);
      }
      row.cells[i] = c;
    }
  });
  return [...rows.values()];
}

/** A metric's value with its change against the baseline: `71.70 (−0.70)`. */
export function metricWithDelta(step: StepReport, metric: string): { value: string; delta: string | null } {
  const d = step.deltas.baseline.accuracy.get(metric);
  return { value: metricValue(step.accuracy.get(metric)), delta: d ? points(d) : null };
}

/** Engines with weight in any step's profile, in the fixed engine order. */
export function enginesUsed(report: Report): EngineName[] {
  return ENGINE_NAMES.filter((e) => report.steps.some((s) => s.engines && (s.engines.byEngine[e] ?? 0) > 0));
}

/** The numbers of a step's summary row: size, size vs base, p50, p99, p50 vs base (no input text). */
export function summaryNumbers(step: StepReport): [string, string, string, string, string] {
  const first = step.index === 0;
  return [size(step.sizeBytes), first ? 'baseline' : rel(step.deltas.baseline.sizeBytes), ms(step.latency?.p50Ms), ms(step.latency?.p99Ms), first ? 'baseline' : rel(step.deltas.baseline.p50Ms)];
}
