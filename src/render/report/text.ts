/**
 * The report for a terminal: one table per question (steps, changes, latency, where CPU time goes,
 * conversion, budget, memory plan), then flags and warnings. Every string from an input is
 * sanitised for the terminal. Renderers only render: the report in, text out.
 */
import { getBorderCharacters, table, type TableUserConfig } from 'table';
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { formatBytes } from '../../core/units.js';
import { reportWarnings } from '../../report/build.js';
import { basisWeightsText } from '../../report/memory-plan.js';
import { wrap } from '../wrap.js';
import type { Report } from '../../report/model.js';
import {
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
  points,
  rel,
  share,
  summaryNumbers,
  weight,
} from './common.js';

export interface ReportTextOptions {
  colors?: Colors;
  /** Width that flags and warnings wrap to (the terminal's; 100 when not a terminal). */
  width?: number;
}

export const DEFAULT_WIDTH = 100;

export { wrap } from '../wrap.js';

const CELL_MAX = 48;

function clip(s: string, n = CELL_MAX): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export function renderReportText(report: Report, opts: ReportTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const out: string[] = [];
  const title = report.model ? `Optimization report: ${t(report.model)}` : 'Optimization report';
  out.push(c.bold(title));
  out.push(`  Pipeline   ${t(report.source ?? '')} (${report.steps.length} step${report.steps.length === 1 ? '' : 's'}; baseline "${t(report.steps[0]?.name ?? '')}")`);
  if (report.device) out.push(`  Device     ${t(report.device)}`);
  if (report.budget) {
    out.push(`  Budget     ${t(budgetSourceLine(report))}`);
    out.push(...wrap(t(budgetLine(report)), opts.width ?? DEFAULT_WIDTH, ' '.repeat(13), 13).map((l, i) => (i === 0 ? ' '.repeat(13) + l : l)));
    const gate = gateLine(report);
    if (gate) out.push(`  Gate       ${gate.passed ? c.green(t(gate.text)) : c.red(t(gate.text))}`);
  } else {
    out.push(`  Budget     ${c.dim('none (add "budget" to the manifest for budget status)')}`);
  }
  out.push('');
  out.push(c.bold('Steps'));
  out.push(stepsTable(report, c));
  const models = modelLines(report, opts.width ?? DEFAULT_WIDTH);
  if (models.length) {
    out.push(c.bold('Models') + c.dim('  (read off each step\'s model, as coreml-doctor model reads it)'));
    out.push(...models, '');
  }
  const changes = changesTable(report);
  if (changes) {
    out.push(c.bold('Changes (vs baseline / vs previous step)'));
    out.push(changes);
  }
  if (report.steps.some((s) => s.latency)) {
    out.push(c.bold('Latency') + c.dim(report.frameBudget ? `  (> frame: share of inferences slower than the ${ms(report.frameBudget.perInferenceMs)} frame budget)` : ''));
    out.push(latencyTable(report));
  }
  if (report.steps.some((s) => s.engines)) {
    out.push(c.bold('Where CPU time goes (time profile, share of sampled time)'));
    out.push(enginesTable(report));
    out.push(...topFrames(report, c, opts.width ?? DEFAULT_WIDTH));
  }
  if (report.steps.some((s) => s.log)) {
    out.push(c.bold('Conversion'));
    out.push(conversionTable(report, c));
  }
  if (report.steps.some((s) => s.targets.some((x) => x.verdicts.length))) {
    out.push(c.bold('Budget'));
    out.push(budgetTable(report, c));
  }
  if (report.memoryPlan.length && report.memoryPlanBasis) {
    const b = report.memoryPlanBasis;
    const basis = `from "${t(b.step)}": ${formatBytes(b.sizeBytes)}, ${t(basisWeightsText(b))}${b.weightSource === 'assumed' ? ', all bytes counted as weights' : `, ${formatBytes(b.overheadBytes)} not weights`}`;
    // The basis names a model path and a step: wrapped to the width, under the heading.
    out.push(c.bold('Memory plan'));
    for (const l of wrap(basis, opts.width ?? DEFAULT_WIDTH, '  ', 2)) out.push(c.dim(`  ${l.trimStart()}`));
    out.push(memoryTable(report, c));
  }
  const width = opts.width ?? DEFAULT_WIDTH;
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

const BORDER: TableUserConfig = {
  border: getBorderCharacters('norc'),
  drawHorizontalLine: (i, n) => i === 0 || i === 1 || i === n,
};

function render(rows: string[][], right: number[] = [], extra: Partial<TableUserConfig> = {}): string {
  const width = rows[0]?.length ?? 0;
  const columns = Array.from({ length: width }, (_, i) => ({ alignment: right.includes(i) ? ('right' as const) : ('left' as const) }));
  return table(rows, { ...BORDER, columns, ...extra });
}

function stepsTable(report: Report, c: Colors): string {
  const metrics = metricNames(report);
  const head = ['Step', 'Size', 'vs base', 'p50', 'p99', 'vs base', ...metrics.map((m) => t(clip(m, 16))), 'Budget'];
  const rows = report.steps.map((s) => {
    const b = budgetSummary(s);
    const status = b.status === 'fail' ? c.red(b.text) : b.status === 'pass' ? c.green(b.text) : b.status === 'none' ? b.text : c.yellow(b.text);
    return [
      t(clip(s.name, 28)),
      ...summaryNumbers(s),
      ...metrics.map((m) => {
        const { value, delta } = metricWithDelta(s, m);
        return delta ? `${value} (${delta})` : value;
      }),
      status,
    ];
  });
  const right = [1, 2, 3, 4, 5, ...metrics.map((_, i) => 6 + i)];
  return render([head, ...rows], right);
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

function changesTable(report: Report): string | null {
  if (report.steps.length < 2) return null;
  const metrics = metricNames(report);
  const head = ['Step', 'Size', 'p50', 'p99', ...metrics.map((m) => t(clip(m, 16)))];
  const rows = report.steps.slice(1).map((s) => {
    const pair = (b: string, p: string) => `${b} / ${p}`;
    const d = s.deltas;
    return [
      t(clip(s.name, 28)),
      pair(rel(d.baseline.sizeBytes), rel(d.previous?.sizeBytes)),
      pair(rel(d.baseline.p50Ms), rel(d.previous?.p50Ms)),
      pair(rel(d.baseline.p99Ms), rel(d.previous?.p99Ms)),
      ...metrics.map((m) => pair(points(d.baseline.accuracy.get(m)), points(d.previous?.accuracy.get(m)))),
    ];
  });
  return render([head, ...rows], [1, 2, 3, ...metrics.map((_, i) => 4 + i)]);
}

function latencyTable(report: Report): string {
  const withFrame = report.frameBudget !== null;
  const head = ['Step', 'n', 'p50', 'p90', 'p99', 'max', 'p99/p50', ...(withFrame ? ['> frame'] : []), 'Intervals'];
  const rows = report.steps.map((s) => {
    const l = s.latency;
    const ratio = l && l.p50Ms && l.p99Ms !== null ? `${(l.p99Ms / l.p50Ms).toFixed(2)}×` : DASH;
    return [
      t(clip(s.name, 28)),
      count(l?.count),
      ms(l?.p50Ms),
      ms(l?.p90Ms),
      ms(l?.p99Ms),
      ms(l?.maxMs),
      ratio,
      ...(withFrame ? [share(l?.overBudgetShare)] : []),
      t(clip(latencyOrigin(s), 26)),
    ];
  });
  return render([head, ...rows], [1, 2, 3, 4, 5, 6, ...(withFrame ? [7] : [])]);
}

function enginesTable(report: Report): string {
  const used = enginesUsed(report);
  const head = ['Step', 'Sampled', ...used.map((e) => ENGINE_LABELS.get(e) ?? e)];
  const rows = report.steps.map((s) => {
    const e = s.engines;
    if (!e || !(e.total > 0)) return [t(clip(s.name, 28)), DASH, ...used.map(() => DASH)];
    return [t(clip(s.name, 28)), weight(e.total, e.unit), ...used.map((k) => share((e.byEngine[k] ?? 0) / e.total))];
  });
  return render([head, ...rows], [1, ...used.map((_, i) => 2 + i)]);
}

function topFrames(report: Report, c: Colors, width: number): string[] {
  const out: string[] = [];
  for (const s of report.steps) {
    const e = s.engines;
    if (!e?.topFrames?.length || !(e.total > 0)) continue;
    const top = e.topFrames.slice(0, 3).map((f) => `${t(clip(f.name, 48))} (${share(f.self / e.total)})`);
    const lead = engineShares(s)[0];
    const name = t(clip(s.name, 28));
    const text = `${lead ? `${lead.label} ${share(lead.share)}; ` : ''}heaviest: ${top.join(', ')}`;
    const lines = wrap(text, width, '      ', name.length + 4);
    out.push(`  ${c.bold(name)}  ${lines[0] ?? ''}`, ...lines.slice(1));
  }
  if (out.length) out.push('');
  return out;
}

function conversionTable(report: Report, c: Colors): string {
  const head = ['Step', 'Outcome', 'Unsupported ops', 'Errors', 'Warnings', 'coremltools', 'Log'];
  const rows = report.steps.map((s) => {
    const l = s.log;
    if (!l) return [t(clip(s.name, 28)), DASH, DASH, DASH, DASH, DASH, DASH];
    const outcome = l.outcome === 'failed' ? c.red('failed') : l.outcome === 'converted' ? c.green('converted') : c.yellow('unknown');
    return [
      t(clip(s.name, 28)),
      outcome,
      l.unsupportedOps.length ? t(clip(l.unsupportedOps.join(', '), 40)) : 'none',
      String(l.errors),
      String(l.warnings),
      t(l.coremltoolsVersion ?? DASH),
      t(clip(l.source ?? '', 40)),
    ];
  });
  return render([head, ...rows], [3, 4]);
}

function budgetTable(report: Report, c: Colors): string {
  const head = ['Check', 'Limit', ...report.steps.map((s) => t(clip(s.name, 20)))];
  const rows = budgetMatrix(report).map((row) => [
    t(clip(row.label, 44)),
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
  return render([head, ...rows], [1]);
}

function memoryTable(report: Report, c: Colors): string {
  const withBudget = report.sizeBudgetBytes !== null;
  const head = ['Scheme', 'Projected', '× baseline', ...(withBudget ? [`Fits ${formatBytes(report.sizeBudgetBytes as number)}`] : []), 'Needs'];
  const rows = report.memoryPlan.map((r) => [
    r.label,
    formatBytes(r.projectedBytes),
    r.ratio !== undefined ? `${r.ratio.toFixed(3)}` : DASH,
    ...(withBudget ? [r.fitsBudget ? c.green('yes') : c.red('no')] : []),
    r.minimumTarget ?? DASH,
  ]);
  return render([head, ...rows], [1, 2]);
}
