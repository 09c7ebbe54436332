/**
 * The report for a terminal: one table per question (steps, changes, latency, where CPU time goes,
 * conversion, budget, memory plan), then flags and warnings. Every string from an input is
 * sanitised for the terminal. Renderers only render: the report in, text out.
 */
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { formatBytes } from '../../core/units.js';
import { reportWarnings } from '../../report/build.js';
import { shorten } from '../../core/shorten.js';
import { fitTable, hiddenNote, type ColumnSpec } from '../table.js';
import { basisWeightsText } from '../../report/memory-plan.js';
import { wrap } from '../wrap.js';
import type { Report } from '../../report/model.js';
import {
  changeNumbers,
  budgetLine,
  budgetMatrix,
  budgetSourceLine,
  budgetSummary,
  checkValue,
  count,
  DASH,
  engineShares,
  gateLine,
  ENGINE_LABELS,
  enginesUsed,
  FLAG_LABELS,
  latencyOrigin,
  metricNames,
  modelCells,
  metricWithDelta,
  ms,
  share,
  startupCells,
  startupSource,
  STARTUP_HEADS,
  summaryNumbers,
  SUMMARY_HEADS,
  weight,
} from './common.js';

export interface ReportTextOptions {
  colors?: Colors;
  /** Width that tables fit and flags and warnings wrap to (the terminal's; 80 when not a terminal). */
  width?: number;
}

export const DEFAULT_WIDTH = 80;

const NBSP = '\u00a0';

export { wrap } from '../wrap.js';

export function renderReportText(report: Report, opts: ReportTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const width = opts.width ?? DEFAULT_WIDTH;
  const out: string[] = [];
  const title = report.model ? `Optimization report: ${t(report.model)}` : 'Optimization report';
  out.push(c.bold(title));
  // A section's title, and what it means dimmed after it, wrapped to the width.
  const heading = (title: string, note: string): string[] => {
    if (!note) return [c.bold(title)];
    const [first, ...rest] = wrap(note, width, '  ', title.length + 2);
    return [`${c.bold(title)}  ${c.dim(first ?? '')}`, ...rest.map((l) => c.dim(l))];
  };
  const field = (label: string, text: string) => wrap(text, width, ' '.repeat(13), 13).map((l, i) => (i === 0 ? `  ${label.padEnd(11)}${l}` : l));
  out.push(...field('Pipeline', `${t(report.source ?? '')} (${report.steps.length} step${report.steps.length === 1 ? '' : 's'}; baseline "${t(report.steps[0]?.name ?? '')}")`));
  if (report.device) out.push(...field('Device', t(report.device)));
  if (report.budget) {
    out.push(...field('Budget', t(budgetSourceLine(report))));
    out.push(...wrap(t(budgetLine(report)), width, ' '.repeat(13), 13).map((l, i) => (i === 0 ? ' '.repeat(13) + l : l)));
    const gate = gateLine(report);
    if (gate) out.push(`  Gate       ${gate.passed ? c.green(t(gate.text)) : c.red(t(gate.text))}`);
  } else {
    out.push(`  Budget     ${c.dim('none (add "budget" to the manifest for budget status)')}`);
  }
  out.push('');
  out.push(c.bold('Steps'));
  out.push(stepsTable(report, c, width));
  const models = modelLines(report, width);
  if (models.length) {
    out.push(...heading('Models', "(read off each step's model, as coreml-doctor model reads it)"));
    out.push(...models, '');
  }
  const changes = changesTable(report, c, width);
  if (changes) {
    out.push(...heading('Changes against the baseline', '(vs prev: against the step before)'));
    out.push(changes);
  }
  if (report.steps.some((s) => s.latency)) {
    out.push(...heading('Latency', report.frameBudget ? `(> frame: share of inferences slower than the ${ms(report.frameBudget.perInferenceMs)} frame budget)` : ''));
    out.push(latencyTable(report, c, width));
  }
  if (report.steps.some((s) => s.startup)) {
    out.push(...heading('Start-up', '(model load, compile, and the first prediction after a load: p50 and max, from the traces)'));
    out.push(startupTable(report, c, width));
  }
  if (report.steps.some((s) => s.engines)) {
    out.push(c.bold('Where CPU time goes (time profile, share of sampled time)'));
    out.push(enginesTable(report, c, width));
    out.push(...topFrames(report, c, width));
  }
  if (report.steps.some((s) => s.log)) {
    out.push(c.bold('Conversion'));
    out.push(conversionTable(report, c, width));
  }
  if (report.steps.some((s) => s.targets.some((x) => x.verdicts.length))) {
    out.push(c.bold('Budget'));
    out.push(budgetTable(report, c, width));
  }
  if (report.memoryPlan.length && report.memoryPlanBasis) {
    const b = report.memoryPlanBasis;
    const basis = `from "${t(b.step)}": ${formatBytes(b.sizeBytes)}, ${t(basisWeightsText(b))}${b.weightSource === 'assumed' ? ', all bytes counted as weights' : `, ${formatBytes(b.overheadBytes)} not weights`}`;
    // The basis names a model path and a step: wrapped to the width, under the heading.
    out.push(c.bold('Memory plan'));
    for (const l of wrap(basis, width, '  ', 2)) out.push(c.dim(`  ${l.trimStart()}`));
    out.push(memoryTable(report, c, width));
  }
  if (report.flags.length) {
    out.push(c.bold(`Flags (${report.flags.length})`));
    for (const f of report.flags) {
      const kind = FLAG_LABELS.get(f.kind) ?? f.kind;
      const mark = f.kind === 'over-budget' || f.kind === 'accuracy-drop' || f.kind === 'conversion-problem' ? c.red('✖') : c.yellow('▲');
      out.push(`  ${mark} ${c.bold(t(f.step))}  ${c.cyan(kind)}`);
      out.push(...wrap(t(f.message), width, '    ', 4).map((l, i) => (i === 0 ? `    ${l}` : l)));
    }
    out.push('');
  }
  const warnings = reportWarnings(report);
  if (warnings.length) {
    out.push(c.bold(`Warnings (${warnings.length})`));
    for (const w of warnings) out.push(`  ${c.yellow('!')} ${wrap(t(w), width, '    ', 4).join('\n')}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

/** A table fitted to the width, with the note naming what it left out. */
function fitted(cols: ColumnSpec[], rows: string[][], width: number, c: Colors): string {
  const f = fitTable(cols, rows, width);
  return f.text + hiddenNote(f.hidden, width).map((l) => `${c.dim(l)}\n`).join('');
}

const right = (head: string, more: Partial<ColumnSpec> = {}): ColumnSpec => ({ head, align: 'right', ...more });
const stepColumn: ColumnSpec = { head: 'Step', shrinkTo: 14 };

function stepsTable(report: Report, c: Colors, width: number): string {
  const metrics = metricNames(report);
  const cols: ColumnSpec[] = [
    stepColumn,
    ...SUMMARY_HEADS.map((h) => right(h, h === 'vs base' ? { under: true } : {})),
    ...metrics.flatMap((m) => [right(t(shorten(m, 16))), right('vs base', { under: true })]),
    { head: 'Budget', wrap: 12, drop: 1 },
  ];
  const rows = report.steps.map((s) => {
    const b = budgetSummary(s);
    const status = b.status === 'fail' ? c.red(b.text) : b.status === 'pass' ? c.green(b.text) : b.status === 'none' ? b.text : c.yellow(b.text);
    return [
      t(shorten(s.name, 28)),
      ...summaryNumbers(s),
      ...metrics.flatMap((m) => {
        const { value, delta } = metricWithDelta(s, m);
        return [value, s.index === 0 ? '' : (delta ?? DASH)];
      }),
      status,
    ];
  });
  return fitted(cols, rows, width, c);
}

/** Each step's model in two or three lines (a table of it would pass 100 columns). */
function modelLines(report: Report, width: number): string[] {
  return report.steps.flatMap((s) => {
    const cells = modelCells(s);
    if (!cells) return [];
    const [path, weights, stored, ops, compute, os, ane] = cells;
    const text = `${weights} (${stored}) · ${ops} ops · ${compute} compute · runs on ${os} · Neural Engine findings: ${ane}`;
    return [`  ${t(s.name)}  ${t(path ?? '')}`, ...wrap(t(text), width, '      ', 6).map((l, i) => (i === 0 ? `      ${l}` : l))];
  });
}

function changesTable(report: Report, c: Colors, width: number): string | null {
  if (report.steps.length < 2) return null;
  const metrics = metricNames(report);
  const pair = (head: string): ColumnSpec[] => [right(head), right('vs prev', { under: true })];
  const cols: ColumnSpec[] = [stepColumn, ...pair('Size'), ...pair('p50'), ...pair('p99'), ...metrics.flatMap((m) => pair(t(shorten(m, 16))))];
  const rows = report.steps.slice(1).map((s) => [t(shorten(s.name, 28)), ...changeNumbers(s, metrics)]);
  return fitted(cols, rows, width, c);
}

function latencyTable(report: Report, c: Colors, width: number): string {
  const withFrame = report.frameBudget !== null;
  const cols: ColumnSpec[] = [
    stepColumn,
    right('n'),
    right('p50'),
    right('p90', { drop: 2 }),
    right('p99'),
    right('max'),
    right('p99/p50'),
    ...(withFrame ? [right('> frame')] : []),
    { head: 'Intervals', shrinkTo: 16, drop: 3 },
  ];
  const rows = report.steps.map((s) => {
    const l = s.latency;
    const ratio = l && l.p50Ms && l.p99Ms !== null ? `${(l.p99Ms / l.p50Ms).toFixed(2)}×` : DASH;
    return [
      t(shorten(s.name, 28)),
      count(l?.count),
      ms(l?.p50Ms),
      ms(l?.p90Ms),
      ms(l?.p99Ms),
      ms(l?.maxMs),
      ratio,
      ...(withFrame ? [share(l?.overBudgetShare)] : []),
      t(latencyOrigin(s)),
    ];
  });
  return fitted(cols, rows, width, c);
}

function startupTable(report: Report, c: Colors, width: number): string {
  // Each max goes under its p50 when the line is too narrow; what the figures are of follows the table.
  const cols: ColumnSpec[] = [stepColumn, ...STARTUP_HEADS.map((h, i) => right(h, i % 2 ? { under: true } : {}))];
  const rows = report.steps.map((s) => [t(shorten(s.name, 28)), ...startupCells(s)]);
  const sources = report.steps.filter((s) => s.startup).flatMap((s) => wrap(t(`${s.name}: ${startupSource(s)}`), width, '    ', 4).map((l, i) => c.dim(i === 0 ? `  ${l}` : l)));
  return fitted(cols, rows, width, c) + sources.join('\n') + '\n';
}

/** Engines dropped first when the table is too wide: the catch-alls. */
const ENGINE_DROP: ReadonlyMap<string, number> = new Map([
  ['unknown', 3],
  ['system', 1],
]);

function enginesTable(report: Report, c: Colors, width: number): string {
  const used = enginesUsed(report);
  const cols: ColumnSpec[] = [stepColumn, right('Sampled', { drop: 2 }), ...used.map((e) => right(ENGINE_LABELS.get(e) ?? e, ENGINE_DROP.has(e) ? { drop: ENGINE_DROP.get(e) as number } : {}))];
  const rows = report.steps.map((s) => {
    const e = s.engines;
    if (!e || !(e.total > 0)) return [t(shorten(s.name, 28)), DASH, ...used.map(() => DASH)];
    return [t(shorten(s.name, 28)), weight(e.total, e.unit), ...used.map((k) => share((e.byEngine[k] ?? 0) / e.total))];
  });
  return fitted(cols, rows, width, c);
}

function topFrames(report: Report, c: Colors, width: number): string[] {
  const out: string[] = [];
  for (const s of report.steps) {
    const e = s.engines;
    if (!e?.topFrames?.length || !(e.total > 0)) continue;
    // A frame and its share stay on one line: joined by no-break spaces while wrapping.
    const top = e.topFrames.slice(0, 3).map((f) => `${t(shorten(f.name, Math.min(48, width - 18)))} (${share(f.self / e.total)})`.replace(/ /g, NBSP));
    const lead = engineShares(s)[0];
    const name = t(shorten(s.name, 28));
    const text = `${lead ? `${lead.label} ${share(lead.share)}; ` : ''}heaviest: ${top.join(', ')}`;
    const lines = wrap(text, width, '      ', name.length + 4).map((l) => l.replaceAll(NBSP, ' '));
    out.push(`  ${c.bold(name)}  ${lines[0] ?? ''}`, ...lines.slice(1));
  }
  if (out.length) out.push('');
  return out;
}

function conversionTable(report: Report, c: Colors, width: number): string {
  const cols: ColumnSpec[] = [
    stepColumn,
    { head: 'Outcome' },
    { head: 'Unsupported ops', wrap: 16 },
    right('Errors'),
    right('Warnings'),
    { head: 'coremltools', drop: 1 },
    { head: 'Log', shrinkTo: 16, drop: 2 },
  ];
  const rows = report.steps.map((s) => {
    const l = s.log;
    if (!l) return [t(shorten(s.name, 28)), DASH, DASH, DASH, DASH, DASH, DASH];
    const outcome = l.outcome === 'failed' ? c.red('failed') : l.outcome === 'converted' ? c.green('converted') : c.yellow('unknown');
    return [t(shorten(s.name, 28)), outcome, l.unsupportedOps.length ? t(l.unsupportedOps.join(', ')) : 'none', String(l.errors), String(l.warnings), t(l.coremltoolsVersion ?? DASH), t(l.source ?? '')];
  });
  return fitted(cols, rows, width, c);
}

function budgetTable(report: Report, c: Colors, width: number): string {
  const cols: ColumnSpec[] = [{ head: 'Check', wrap: 20 }, right('Limit'), ...report.steps.map((s) => ({ head: t(shorten(s.name, 20)) }))];
  const rows = budgetMatrix(report).map((row) => [
    t(row.label),
    row.limit,
    ...row.cells.map((ch) => {
      if (!ch) return DASH;
      const v = checkValue(ch, ch.actual);
      if (ch.status === 'pass') return c.green(`✔ ${v}`);
      if (ch.status === 'fail') return c.red(`✖ ${v}`);
      if (ch.status === 'warn') return c.yellow(`⚠ ${v}`);
      if (ch.status === 'inconclusive') return c.cyan(`? ${v}`);
      return c.yellow('not measured');
    }),
  ]);
  return fitted(cols, rows, width, c);
}

function memoryTable(report: Report, c: Colors, width: number): string {
  const withBudget = report.sizeBudgetBytes !== null;
  const cols: ColumnSpec[] = [
    { head: 'Scheme', wrap: 24 },
    right('Projected'),
    right('× baseline'),
    ...(withBudget ? [{ head: `Fits ${formatBytes(report.sizeBudgetBytes as number)}` }] : []),
    { head: 'Needs', wrap: 14 },
  ];
  const rows = report.memoryPlan.map((r) => [
    r.label,
    formatBytes(r.projectedBytes),
    r.ratio !== undefined ? `${r.ratio.toFixed(3)}` : DASH,
    ...(withBudget ? [r.fitsBudget ? c.green('yes') : c.red('no')] : []),
    r.minimumTarget ?? DASH,
  ]);
  return fitted(cols, rows, width, c);
}
