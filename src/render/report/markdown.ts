/**
 * The report as GitHub-flavoured Markdown, for a PR comment or a CI step summary
 * (`>> "$GITHUB_STEP_SUMMARY"`): the steps table and the flags first, details in collapsed
 * sections. Every string from an input is escaped for Markdown (tables: pipes, backticks, newlines;
 * HTML neutralised).
 */
import { escapeMarkdownCell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import { formatBytes } from '../../core/units.js';
import { reportWarnings } from '../../report/build.js';
import { basisWeightsText } from '../../report/memory-plan.js';
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
  ENGINE_LABELS,
  gateLine,
  enginesUsed,
  FLAG_LABELS,
  latencySource,
  startupCells,
  startupSource,
  STARTUP_HEADS,
  metricNames,
  metricWithDelta,
  ms,
  share,
  summaryNumbers,
  SUMMARY_HEADS,
  weight,
  MODEL_HEAD,
  modelCells,
} from './common.js';

const cell = escapeMarkdownCell;

const SEVERE = new Set(['over-budget', 'accuracy-drop', 'conversion-problem']);

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function header(cells: string[], right: number[]): string[] {
  return [row(cells), row(cells.map((_, i) => (right.includes(i) ? '---:' : '---')))];
}

function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

export function renderReportMarkdown(report: Report): string {
  const out: string[] = [];
  // The heading says what gate says: each target on the step gate checks (its own, else the last).
  const gate = gateLine(report);
  const icon = gate ? (gate.passed ? '✅' : '❌') : '📊';
  out.push(`### ${icon} Optimization report${report.model ? ` ${code(report.model)}` : ''}`);
  out.push('');
  const facts = [`pipeline ${code(report.source ?? '')}`, `${report.steps.length} steps, baseline ${code(report.steps[0]?.name ?? '')}`];
  if (report.device) facts.push(`device ${md(report.device)}`);
  out.push(facts.join(' · '));
  out.push('');
  if (report.budget) {
    out.push(`**Budget** ${md(budgetSourceLine(report))}: ${md(budgetLine(report))}`);
    out.push('');
  }
  if (gate) {
    out.push(`**gate ${md(gate.text)}**`);
    out.push('');
  }

  const metrics = metricNames(report);
  out.push(...header(['Step', ...SUMMARY_HEADS, ...metrics.map((m) => cell(m)), 'Budget'], [1, 2, 3, 4, 5, ...metrics.map((_, i) => 6 + i)]));
  for (const s of report.steps) {
    const b = budgetSummary(s);
    const mark = b.status === 'fail' ? '❌ ' : b.status === 'pass' ? '✅ ' : b.status === 'none' ? '' : '⚠️ ';
    out.push(
      row([
        cell(s.name),
        ...summaryNumbers(s),
        ...metrics.map((m) => {
          const { value, delta } = metricWithDelta(s, m);
          return delta ? `${value} (${delta})` : value;
        }),
        mark + cell(b.text),
      ]),
    );
  }
  out.push('');

  if (report.flags.length) {
    out.push(`#### Flags (${report.flags.length})`);
    out.push('');
    for (const f of report.flags) out.push(`- ${SEVERE.has(f.kind) ? '❌' : '⚠️'} **${md(f.step)}** · ${FLAG_LABELS.get(f.kind) ?? f.kind}: ${md(f.message)}`);
    out.push('');
  }

  const models = report.steps.flatMap((s) => {
    const cells = modelCells(s);
    return cells ? [row([cell(s.name), ...cells.map((x) => cell(x))])] : [];
  });
  if (models.length) out.push(...details("Models (read off each step's model)", [...header([...MODEL_HEAD], [4]), ...models]));

  if (report.steps.length > 1) {
    const body = header(['Step', 'Size vs base', 'vs prev', 'p50 vs base', 'vs prev', 'p99 vs base', 'vs prev', ...metrics.flatMap((m) => [`${cell(m)} vs base`, 'vs prev'])], [1, 2, 3, 4, 5, 6, ...metrics.flatMap((_, i) => [7 + 2 * i, 8 + 2 * i])]);
    for (const s of report.steps.slice(1)) body.push(row([cell(s.name), ...changeNumbers(s, metrics)]));
    out.push(...details('Changes against the baseline and the previous step', body));
  }

  if (report.steps.some((s) => s.latency)) {
    const withFrame = report.frameBudget !== null;
    const body = header(['Step', 'n', 'mean', 'p50', 'p90', 'p99', 'max', ...(withFrame ? [`over ${ms(report.frameBudget?.perInferenceMs)}`] : []), 'Source'], [1, 2, 3, 4, 5, 6, ...(withFrame ? [7] : [])]);
    for (const s of report.steps) {
      const l = s.latency;
      body.push(row([cell(s.name), count(l?.count), ms(l?.meanMs), ms(l?.p50Ms), ms(l?.p90Ms), ms(l?.p99Ms), ms(l?.maxMs), ...(withFrame ? [share(l?.overBudgetShare)] : []), cell(latencySource(s))]));
    }
    out.push(...details('Latency distribution', body));
  }

  if (report.steps.some((s) => s.startup)) {
    const body = header(['Step', ...STARTUP_HEADS, 'Intervals'], [1, 2, 3, 4, 5, 6]);
    for (const s of report.steps) body.push(row([cell(s.name), ...startupCells(s), cell(startupSource(s))]));
    out.push(...details('Start-up: model load, compile, first prediction after a load', body));
  }

  if (report.steps.some((s) => s.engines)) {
    const used = enginesUsed(report);
    const body = header(['Step', 'Sampled', ...used.map((e) => ENGINE_LABELS.get(e) ?? e), 'Heaviest frame (self)'], [1, ...used.map((_, i) => 2 + i)]);
    for (const s of report.steps) {
      const e = s.engines;
      if (!e || !(e.total > 0)) {
        body.push(row([cell(s.name), DASH, ...used.map(() => DASH), DASH]));
        continue;
      }
      const top = e.topFrames?.[0];
      body.push(row([cell(s.name), weight(e.total, e.unit), ...used.map((k) => share((e.byEngine[k] ?? 0) / e.total)), top ? `${code(top.name)} ${share(top.self / e.total)}` : DASH]));
    }
    out.push(...details('Where CPU time goes (time profile)', body));
  }

  if (report.steps.some((s) => s.log)) {
    const body = header(['Step', 'Outcome', 'Unsupported ops', 'Errors', 'Warnings', 'coremltools'], [3, 4]);
    const diag: string[] = [];
    for (const s of report.steps) {
      const l = s.log;
      if (!l) {
        body.push(row([cell(s.name), DASH, DASH, DASH, DASH, DASH]));
        continue;
      }
      body.push(row([cell(s.name), l.outcome, l.unsupportedOps.length ? l.unsupportedOps.map((o) => code(o)).join(', ') : 'none', String(l.errors), String(l.warnings), cell(l.coremltoolsVersion ?? DASH)]));
      for (const d of l.diagnostics ?? []) diag.push(`- **${md(s.name)}** ${d.severity} (${md(d.category)}${d.count > 1 ? `, ×${d.count}` : ''}, line ${d.line}): ${md(d.message)}`);
    }
    if (diag.length) body.push('', ...diag);
    out.push(...details('Conversion logs', body));
  }

  if (report.steps.some((s) => s.targets.some((x) => x.verdicts.length))) {
    const body = header(['Check', 'Limit', ...report.steps.map((s) => cell(s.name))], [1, ...report.steps.map((_, i) => 2 + i)]);
    for (const check of budgetMatrix(report)) {
      const cells = check.cells.map((c) => {
        if (!c) return DASH;
        const v = cell(checkValue(c, c.actual));
        return c.status === 'pass' ? `✅ ${v}` : c.status === 'fail' ? `❌ ${v}` : c.status === 'warn' ? `⚠️ ${v}` : c.status === 'inconclusive' ? `❔ ${v}` : '⚠️ not measured';
      });
      body.push(row([cell(check.label), cell(check.limit), ...cells]));
    }
    out.push(...details('Budget checks', body));
  }

  if (report.memoryPlan.length && report.memoryPlanBasis) {
    const b = report.memoryPlanBasis;
    const withBudget = report.sizeBudgetBytes !== null;
    const body = [
      `From ${code(b.step)}: ${formatBytes(b.sizeBytes)}, ${md(basisWeightsText(b))}. Projections leave out per-tensor metadata and skipped tensors.`,
      '',
      ...header(['Scheme', 'Projected', '× baseline', ...(withBudget ? [`Fits ${formatBytes(report.sizeBudgetBytes as number)}`] : []), 'Needs'], [1, 2]),
    ];
    for (const r of report.memoryPlan) {
      body.push(row([cell(r.label), formatBytes(r.projectedBytes), r.ratio !== undefined ? r.ratio.toFixed(3) : DASH, ...(withBudget ? [r.fitsBudget ? '✅ yes' : '❌ no'] : []), cell(r.minimumTarget ?? DASH)]));
    }
    out.push(...details('Memory plan', body));
  }

  const warnings = reportWarnings(report);
  if (warnings.length) out.push(...details(`Warnings (${warnings.length})`, warnings.map((w) => `- ${md(w)}`)));
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
