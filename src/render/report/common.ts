/**
 * Formatting shared by the report renderers (text, Markdown, HTML): numbers, deltas, statuses and
 * labels. Only formatting: no escaping (each renderer escapes for its format) and no analysis. The
 * budget's verdicts are the engine's (src/budget): shown here, never judged.
 */
import { shortName } from '../../budget/describe.js';
import { limitCell, verdictActual } from '../../budget/format.js';
import { failsGate, type Verdict } from '../../budget/model.js';
import { ENGINE_NAMES, type EngineName, type WeightUnit } from '../../trace/model.js';
import { formatBytes, formatInt, formatMs, formatPercent, formatSignedPercent } from '../../core/units.js';
import type { Delta, Report, ReportFlag, StepReport } from '../../report/model.js';
import { compressionText } from '../../step/compression-text.js';

export const DASH = '—';

export const ENGINE_LABELS: ReadonlyMap<EngineName, string> = new Map<EngineName, string>([
  // CPU samples: the CPU time spent driving the Neural Engine, not the Neural Engine's own time (as trace says).
  ['neuralEngine', 'Neural Engine (CPU side)'],
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

/** A verdict's value (or `v`) as the report's tables show numbers: sizes as 8.00 MB, times as 41.7 ms. */
export function checkValue(c: Verdict, v: number | null): string {
  if (v === null) return c.actualText ?? DASH;
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
    default:
      return verdictActual({ ...c, actual: v });
  }
}

/** A verdict's limit as the report's tables show it: a maximum as its value (`8.00 MB`), others in words (`none`, `not fp32`). */
export function limitValue(c: Verdict): string {
  return c.bound === 'max' && c.limitText === undefined && c.limit !== null ? checkValue(c, c.limit) : limitCell(c, true);
}

/** The budget in one line: each target's assertions as the rows describe them (`size ≤ 8.00 MB · p99 ≤ 41.7 ms per inference ...`). */
export function budgetLine(report: Report): string {
  const targets = report.budget?.targets ?? [];
  if (targets.length <= 1) return (targets[0]?.lines ?? []).join(' · ');
  return targets.map((t) => `${t.name}${t.step !== null ? ` (step "${t.step}")` : ''}: ${t.lines.join(' · ')}`).join('; ');
}

export function budgetSourceLine(report: Report): string {
  const b = report.budget;
  if (!b) return '';
  return b.source + (b.preset && b.sourceKind !== 'preset' ? ` (preset ${b.preset})` : '') + (b.target ? `, target "${b.target}"` : '');
}

export type BudgetState = 'pass' | 'warn' | 'fail' | 'not-measured' | 'none';

/** A step's verdicts, every target that checks it, in one cell: `fail: size, frame`, `1 not measured`, `warn: p50`, `pass (3)`. */
export function budgetSummary(step: StepReport): { status: BudgetState; text: string } {
  const verdicts = step.targets.flatMap((t) => t.verdicts);
  if (verdicts.length === 0) return { status: 'none', text: DASH };
  const names = (vs: Verdict[]) => [...new Set(vs.map((v) => shortName(v)))].join(', ');
  const failed = verdicts.filter((v) => failsGate(v) && v.status === 'fail');
  const missing = verdicts.filter((v) => failsGate(v) && v.status === 'not-measured');
  const warned = verdicts.filter((v) => !failsGate(v) && v.status !== 'pass');
  if (failed.length) return { status: 'fail', text: `fail: ${names(failed)}` };
  if (missing.length) return { status: 'not-measured', text: `${missing.length} not measured` };
  if (warned.length) return { status: 'warn', text: `warn: ${names(warned)}` };
  return { status: 'pass', text: `pass (${verdicts.length})` };
}

/** The gate's conclusion on the report (each target on the step gate checks), for headings: null without a budget. */
export function gateLine(report: Report): { passed: boolean; text: string } | null {
  const g = report.gate;
  if (!g) return null;
  const steps = [...new Set(g.targets.map((t) => t.step))].map((s) => `"${s}"`).join(', ');
  const c = g.counts;
  const parts = [c.errors ? `${c.errors} error${c.errors === 1 ? '' : 's'}` : '', c.warn ? `${c.warn} warning${c.warn === 1 ? '' : 's'}` : '', c.inconclusive ? `${c.inconclusive} inconclusive` : '', `${c.pass} passed`].filter(Boolean);
  return { passed: g.passed, text: `${g.passed ? 'PASSED' : 'FAILED'} on step ${steps}: ${parts.join(', ')}` };
}

export function latencySource(step: StepReport): string {
  const l = step.latency;
  if (!l) return DASH;
  return l.source === 'trace' ? `trace: ${l.label ?? ''}` : latencyOrigin(step);
}

/** Where a step's latency came from, without saying "trace": the interval label, or the manifest's samples or summary. */
export function latencyOrigin(step: StepReport): string {
  const l = step.latency;
  if (!l) return DASH;
  if (l.source === 'trace') return l.label ?? '';
  return l.source === 'samples' ? 'latencyMs samples' : 'latencyMs summary';
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? DASH : formatInt(n);
}

export interface BudgetRow {
  /** Target and assertion: unique per row. */
  key: string;
  label: string;
  limit: string;
  cells: (Verdict | null)[];
}

/** The verdicts as a matrix: one row per target and assertion (in first-seen order), one cell per step. */
export function budgetMatrix(report: Report): BudgetRow[] {
  const rows = new Map<string, BudgetRow>();
  const several = (report.budget?.targets?.length ?? 0) > 1;
  report.steps.forEach((s, i) => {
    for (const t of s.targets) {
      for (const v of t.verdicts) {
        const key = JSON.stringify([t.name, v.assertion]);
        let row = rows.get(key);
        if (!row) {
          row = { key, label: several ? `${t.name}: ${v.label}` : v.label, limit: limitValue(v), cells: report.steps.map(() => null) };
          rows.set(key, row);
        }
        row.cells[i] = v;
      }
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

/** The heads of a step's summary numbers: each "vs base" beside the figure it compares. */
export const SUMMARY_HEADS = ['Size', 'vs base', 'p50', 'vs base', 'p99'] as const;

/** The numbers of a step's summary row, under SUMMARY_HEADS: size, size vs base, p50, p50 vs base, p99 (no input text). */
export function summaryNumbers(step: StepReport): [string, string, string, string, string] {
  const first = step.index === 0;
  return [size(step.sizeBytes), first ? 'baseline' : rel(step.deltas.baseline.sizeBytes), ms(step.latency?.p50Ms), first ? 'baseline' : rel(step.deltas.baseline.p50Ms), ms(step.latency?.p99Ms)];
}

/**
 * The numbers of a step's row in the changes table: size, p50, p99 and each accuracy metric, each
 * vs the baseline then vs the previous step (text, Markdown and HTML lay them out their own way).
 */
export function changeNumbers(step: StepReport, metrics: readonly string[]): string[] {
  const d = step.deltas;
  return [
    rel(d.baseline.sizeBytes),
    rel(d.previous?.sizeBytes),
    rel(d.baseline.p50Ms),
    rel(d.previous?.p50Ms),
    rel(d.baseline.p99Ms),
    rel(d.previous?.p99Ms),
    ...metrics.flatMap((m) => [points(d.baseline.accuracy.get(m)), points(d.previous?.accuracy.get(m))]),
  ];
}

/** The header of the models table: what each step's model holds, as `coreml-doctor model` read it. */
export const MODEL_HEAD = ['Step', 'Model', 'Weights', 'Stored as', 'Ops', 'Compute', 'Runs on', 'ANE findings'] as const;

/** A step's model facts as table cells (unescaped), in MODEL_HEAD's order after the step; null without a model. */
export function modelCells(s: StepReport): string[] | null {
  const m = s.model;
  if (!m) return null;
  const params = m.parameters !== undefined ? `${(m.parameters / 1e6).toFixed(2)} M` : DASH;
  const weights = !m.weightsPresent ? `${params} weights, WEIGHTS MISSING` : m.bitsPerWeight !== undefined ? `${params} weights at ${m.bitsPerWeight.toFixed(2)} bits per weight` : `${params} weights`;
  let ops = 0;
  for (const n of m.opCounts.values()) ops += n;
  const os = (['iOS', 'watchOS'] as const).filter((p) => m.minimumOS[p]).map((p) => `${p} ${m.minimumOS[p]}`);
  const levels = (['error', 'warning', 'info'] as const).map((l) => [l, m.aneFindings.filter((f) => f.level === l).length] as const).filter(([, n]) => n > 0);
  return [
    m.path,
    weights,
    m.compression.length ? compressionText(m.compression) : m.weightsPresent ? 'uncompressed' : DASH,
    formatInt(ops),
    m.computePrecision,
    os.length ? os.join(', ') : DASH,
    levels.length ? levels.map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`).join(', ') : 'none',
  ];
}

/** The start-up columns (a phase's p50, then its max), as every report format heads them. */
export const STARTUP_HEADS = ['Load p50', 'max', 'Compile p50', 'max', 'First prediction p50', 'max'] as const;

/** A step's start-up figures under STARTUP_HEADS; DASH for a phase its traces do not record. */
export function startupCells(s: StepReport): string[] {
  const st = s.startup;
  return ([st?.load, st?.compile, st?.firstPrediction] as const).flatMap((p) => (p ? [ms(p.p50Ms), ms(p.maxMs)] : [DASH, DASH]));
}

/** Where a step's start-up comes from, in words: "2 loads, 1 compile, 2 first predictions of SleepStager". */
export function startupSource(s: StepReport): string {
  const st = s.startup;
  if (!st) return DASH;
  const n = (p: { count: number } | null, one: string, many: string) => (p ? `${formatInt(p.count)} ${p.count === 1 ? one : many}` : null);
  const counts = [n(st.load, 'load', 'loads'), n(st.compile, 'compile', 'compiles'), n(st.firstPrediction, 'first prediction', 'first predictions')].filter(Boolean).join(', ');
  const models = st.models.length === 1 ? ` of ${st.models[0]}` : st.models.length > 1 ? ` of ${formatInt(st.models.length)} models` : '';
  return counts + models;
}
