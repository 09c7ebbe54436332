/**
 * The report as CSV, one row per step, for a spreadsheet that tracks a model across optimization
 * rounds. Written by papaparse (RFC 4180 quoting) with formula escaping on: a step name or note
 * that starts with =, +, -, @, a tab or CR is prefixed with ' so that no spreadsheet runs it.
 * Numbers stay numbers; metric columns are the union of the steps' metrics, in first-seen order.
 */
import Papa from 'papaparse';
import { failsGate, type Verdict } from '../../budget/model.js';
import type { Report, StepReport } from '../../report/model.js';

/**
 * papaparse's default (`/^[=+\-@\t\r].*$/`) misses a multi-line value that starts like a formula
 * (`.` stops at the newline): test the first character only.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const round = (v: number | null | undefined, digits = 4): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

/** The engine's verdicts on the step, by assertion: `fail: sizeMB fps`, `not measured: ...`, `warn: ...`, `pass`. */
function budgetCell(s: StepReport): string {
  const verdicts = s.targets.flatMap((t) => t.verdicts);
  if (verdicts.length === 0) return '';
  const ids = (pred: (v: Verdict) => boolean) => [...new Set(verdicts.filter(pred).map((v) => v.assertion))];
  const failed = ids((v) => failsGate(v) && v.status === 'fail');
  const unmeasured = ids((v) => failsGate(v) && v.status === 'not-measured');
  const warned = ids((v) => !failsGate(v) && v.status !== 'pass');
  if (failed.length) return `fail: ${failed.join(' ')}`;
  if (unmeasured.length) return `not measured: ${unmeasured.join(' ')}`;
  if (warned.length) return `warn: ${warned.join(' ')}`;
  return 'pass';
}

/** What each row of a CSV history (`report --append`) starts with. */
export interface CsvHistory {
  /** ISO 8601. */
  date: string;
  commit: string | null;
  pipeline: string;
}

/** With `history`, each row starts with the date, the commit and the pipeline (a CSV history across runs). */
export function renderReportCsv(report: Report, history?: CsvHistory): string {
  const metrics: string[] = [];
  for (const s of report.steps) for (const m of s.accuracy.keys()) if (!metrics.includes(m)) metrics.push(m);
  const fields = [
    ...(history ? ['date', 'commit', 'pipeline'] : []),
    'step',
    'size_bytes',
    'size_vs_baseline',
    'latency_source',
    'inferences',
    'p50_ms',
    'p90_ms',
    'p99_ms',
    'max_ms',
    'mean_ms',
    'over_frame_budget',
    ...metrics.map((m) => `accuracy:${m}`),
    ...metrics.map((m) => `accuracy_change:${m}`),
    'conversion',
    'unsupported_ops',
    'budget',
    'notes',
  ];
  const data = report.steps.map((s) => {
    const l = s.latency;
    return [
      ...(history ? [history.date, history.commit, history.pipeline] : []),
      s.name,
      s.sizeBytes,
      round(s.deltas.baseline.sizeBytes?.relative),
      l?.source ?? null,
      l?.count ?? null,
      round(l?.p50Ms),
      round(l?.p90Ms),
      round(l?.p99Ms),
      round(l?.maxMs),
      round(l?.meanMs),
      round(l?.overBudgetShare),
      ...metrics.map((m) => s.accuracy.get(m) ?? null),
      ...metrics.map((m) => round(s.deltas.baseline.accuracy.get(m)?.absolute)),
      s.log?.outcome ?? null,
      s.log ? s.log.unsupportedOps.join(' ') : null,
      budgetCell(s),
      s.notes ?? null,
    ];
  });
  return Papa.unparse({ fields, data }, { escapeFormulae: FORMULA_START, newline: '\n' }) + '\n';
}
