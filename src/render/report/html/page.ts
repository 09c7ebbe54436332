/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts and one small inline
 * script, nothing fetched (a Content-Security-Policy with `default-src 'none'` and hashes of the
 * page's own style and script makes sure of it: an injected script could not run, an image could
 * not load). Every string from an input is escaped.
 *
 * Charts: size and p50/p99 latency per step as bars against budget lines, a latency histogram per
 * step (shared bins, src/render/report/html/histogram.ts), engine shares, and a flame graph per
 * step that has a time profile.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as esc } from '../../../core/escape.js';
import { formatBytes, formatMs } from '../../../core/units.js';
import { reportWarnings } from '../../../report/build.js';
import { basisWeightsText } from '../../../report/memory-plan.js';
import type { Report, StepReport } from '../../../report/model.js';
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
  enginesUsed,
  engineShares,
  FLAG_LABELS,
  gateLine,
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
} from '../common.js';
import { barChart, histogram, maxBinShare, stackedShares, type RefLine } from './charts.js';
import { flameGraph } from './flame.js';
import { sharedBinning } from './histogram.js';
import { n } from './svg.js';
import { REPORT_JS } from './script.js';
import { REPORT_CSS } from './style.js';

const SEVERE = new Set(['over-budget', 'accuracy-drop', 'conversion-problem']);

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

function td(v: string, num = false, cls = ''): string {
  const c = [num ? 'num' : '', cls].filter(Boolean).join(' ');
  return `<td${c ? ` class="${c}"` : ''}>${v}</td>`;
}

function th(v: string, num = false): string {
  return `<th${num ? ' class="num"' : ''}>${keepUnits(v)}</th>`;
}

/** A figure and its unit stay on one line when a header wraps: `8.00&nbsp;MB`. */
function keepUnits(html: string): string {
  return html.replace(/(\d) (MB|KB|GB|B|ms|%)(?![\w])/g, '$1&nbsp;$2');
}

/**
 * A table in a box that scrolls sideways by itself if it must, so that the page never does.
 * `details` (one per row, or null) become a full-width line under their row: long text such as
 * notes reads there at any width instead of squeezing a column to a word per line.
 */
function table(head: string[], rows: string[][], numeric: number[] = [], details?: (string | null)[]): string {
  const thead = `<thead><tr>${head.map((h, i) => th(h, numeric.includes(i))).join('')}</tr></thead>`;
  if (!details) return `<div class="table-wrap"><table>${thead}<tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('')}</tbody></table></div>`;
  const bodies = rows.map((r, i) => {
    const d = details[i];
    const detail = d ? `<tr class="detail"><td colspan="${head.length}">${d}</td></tr>` : '';
    return `<tbody><tr${d ? ' class="has-detail"' : ''}>${r.join('')}</tr>${detail}</tbody>`;
  });
  return `<div class="table-wrap"><table class="rows">${thead}${bodies.join('')}</table></div>`;
}

/** Ids of elements made from step indexes, never from names. */
const stepId = (s: StepReport, i: number) => `step-${s.index ?? i}`;

export function renderReportHtml(report: Report): string {
  const title = report.model ? `Optimization report: ${report.model}` : 'Optimization report';
  const body: string[] = [];
  body.push('<header>');
  body.push(`<h1>${esc(title)}</h1>`);
  const facts = [`<b>Pipeline</b> <code>${esc(report.source ?? '')}</code>`, `<b>${report.steps.length}</b> steps, baseline <b>${esc(report.steps[0]?.name ?? '')}</b>`];
  if (report.device) facts.push(`<b>Device</b> ${esc(report.device)}`);
  body.push(`<p class="facts">${facts.join(' · ')}</p>`);
  if (report.budget) body.push(`<p class="facts"><b>Budget</b> ${esc(budgetSourceLine(report))}: ${esc(budgetLine(report))}</p>`);
  else body.push('<p class="facts">No budget: add <code>"budget"</code> to the manifest for budget status.</p>');
  const gate = gateLine(report);
  if (gate) body.push(`<p class="facts"><b>Gate</b> <span class="${gate.passed ? 'pass' : 'fail'}">${esc(gate.text)}</span></p>`);
  body.push('</header><main>');
  body.push(section('summary', 'Steps', stepsTable(report)));
  const models = modelsTable(report);
  if (models) body.push(section('models', 'Models', models));
  if (report.flags.length) body.push(section('flags', `Flags (${report.flags.length})`, flagsList(report)));
  body.push(section('charts', 'Size and latency', sizeAndLatencyCharts(report)));
  const hist = histograms(report);
  if (hist) body.push(section('histograms', 'Latency distribution', hist));
  if (report.steps.some((s) => s.startup)) body.push(section('startup', 'Start-up: model load, compile, first prediction after a load', startupTable(report)));
  const eng = engines(report);
  if (eng) body.push(section('engines', 'Where CPU time goes', eng));
  const flames = flameGraphs(report);
  if (flames) body.push(section('flame', 'Flame graphs (time profile)', flames));
  if (report.steps.length > 1) body.push(section('changes', 'Changes against the baseline and the previous step', changesTable(report)));
  const conv = conversion(report);
  if (conv) body.push(section('conversion', 'Conversion logs', conv));
  const budget = budgetChecks(report);
  if (budget) body.push(section('budget', 'Budget checks', budget));
  const mem = memoryPlan(report);
  if (mem) body.push(section('memory', 'Memory plan', mem));
  const warnings = reportWarnings(report);
  if (warnings.length) body.push(section('warnings', `Warnings (${warnings.length})`, `<ul>${warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`));
  body.push('</main>');
  body.push('<footer>Made by coreml-doctor report. Sizes in decimal MB (1 MB = 1,000,000 bytes); percentiles interpolate linearly between ranks (numpy\'s default).</footer>');
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256(REPORT_CSS)}'`,
    `script-src 'sha256-${sha256(REPORT_JS)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    body.join('\n'),
    `<script>${REPORT_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function section(id: string, heading: string, content: string): string {
  return `<section id="${id}"><h2>${esc(heading)}</h2>${content}</section>`;
}

/** What each step's model holds, as `coreml-doctor model` read it. */
function modelsTable(report: Report): string | null {
  const rows = report.steps.flatMap((s) => {
    const cells = modelCells(s);
    if (!cells) return [];
    // The model's path under the step's name (as the steps table puts a description): 800 px wide pages fit.
    const [path, ...rest] = cells;
    return [[td(`<b>${esc(s.name)}</b><br><span class="note">${esc(path ?? '')}</span>`), ...rest.map((x, i) => td(esc(x), i === 2))]];
  });
  return rows.length ? table(MODEL_HEAD.filter((h) => h !== 'Model'), rows, [3]) : null;
}

function stepsTable(report: Report): string {
  const metrics = metricNames(report);
  const head = ['Step', ...SUMMARY_HEADS, ...metrics.map((m) => esc(m)), 'Budget'];
  const rows = report.steps.map((s) => {
    const b = budgetSummary(s);
    return [
      td(`<b>${esc(s.name)}</b>${s.description ? `<br><span class="note">${esc(s.description)}</span>` : ''}`),
      ...summaryNumbers(s).map((v) => td(v, true)),
      ...metrics.map((m) => {
        const { value, delta } = metricWithDelta(s, m);
        return td(esc(value) + (delta ? ` <span class="note">(${delta})</span>` : ''), true);
      }),
      td(b.status === 'none' ? DASH : `<span class="badge ${b.status}">${esc(b.text)}</span>`),
    ];
  });
  const notes = report.steps.map((s) => (s.notes ? `<span class="note"><b>Notes</b> ${esc(s.notes)}</span>` : null));
  return table(head, rows, [1, 2, 3, 4, 5, ...metrics.map((_, i) => 6 + i)], notes);
}

function flagsList(report: Report): string {
  const items = report.flags.map(
    (f) => `<li class="${SEVERE.has(f.kind) ? 'severe' : ''}"><span class="kind">${esc(f.step)} · ${esc(FLAG_LABELS.get(f.kind) ?? f.kind)}</span> ${esc(f.message)}</li>`,
  );
  return `<ul class="flags">${items.join('')}</ul>`;
}

function sizeAndLatencyCharts(report: Report): string {
  const names = report.steps.map((s) => s.name);
  const out: string[] = [];
  const sizeLines: RefLine[] = report.sizeBudgetBytes !== null ? [{ value: report.sizeBudgetBytes / 1e6, label: `budget ${formatBytes(report.sizeBudgetBytes)}`, cls: 'budget' }] : [];
  out.push('<figure>');
  out.push(
    barChart({
      id: 'chart-size',
      title: 'Model size per step' + (sizeLines.length ? ' against the size budget' : ''),
      categories: names,
      series: [{ name: 'size', cls: 's1', values: report.steps.map((s) => (s.sizeBytes === null ? null : s.sizeBytes / 1e6)) }],
      lines: sizeLines,
      format: (v) => formatBytes(v * 1e6),
      unit: 'MB',
      missing: 'no size',
    }),
  );
  out.push(`<figcaption>Model size per step${sizeLines.length ? '; the dashed line is the size budget' : ''}.</figcaption></figure>`);
  const latLines: RefLine[] = [];
  if (report.frameBudget) latLines.push({ value: report.frameBudget.perInferenceMs, label: `frame budget ${formatMs(report.frameBudget.perInferenceMs, 1)}`, cls: 'budget' });
  for (const [stat, v] of report.budget?.latencyMs ?? []) latLines.push({ value: v, label: `${stat} limit ${formatMs(v, 1)}`, cls: 'limit' });
  out.push('<figure>');
  out.push(
    barChart({
      id: 'chart-latency',
      title: 'p50 and p99 latency per step' + (latLines.length ? ' against the latency budget' : ''),
      categories: names,
      series: [
        { name: 'p50', cls: 's1', values: report.steps.map((s) => s.latency?.p50Ms ?? null) },
        { name: 'p99', cls: 's3', values: report.steps.map((s) => s.latency?.p99Ms ?? null) },
      ],
      lines: latLines,
      format: (v) => formatMs(v, 1),
      unit: 'ms',
      missing: 'no latency',
    }),
  );
  out.push(
    `<figcaption><span class="legend"><span><i class="s1"></i>p50</span><span><i class="p99"></i>p99</span>${latLines.length ? '<span><i class="budget"></i>budget (dashed)</span>' : ''}</span></figcaption></figure>`,
  );
  return out.join('');
}

function histograms(report: Report): string | null {
  const withSamples = report.steps.filter((s) => s.latency?.samplesMs?.length);
  if (!withSamples.length) return null;
  const budgetMs = report.frameBudget?.perInferenceMs ?? null;
  // One x axis and one y scale for every step, so that the distributions compare by eye.
  const b = sharedBinning(
    withSamples.map((s) => s.latency?.samplesMs ?? []),
    budgetMs,
  );
  if (!b) return null;
  const maxShare = Math.max(...withSamples.map((s) => maxBinShare(s.latency?.samplesMs ?? [], b)));
  const figs = withSamples.map((s, i) => {
    const l = s.latency;
    const samples = l?.samplesMs ?? [];
    const svg = histogram({ id: `hist-${stepId(s, i)}`, step: s.name, samples, binning: b, maxShare, p50: l?.p50Ms ?? null, p99: l?.p99Ms ?? null, budgetMs, format: (v) => ms(v) });
    const over = l?.overBudgetShare !== null && l?.overBudgetShare !== undefined ? ` · ${share(l.overBudgetShare)} over the frame budget` : '';
    const overflow = b.end <= (l?.maxMs ?? 0) ? `; the red bar counts inferences of ${n(b.end)} ms or more` : '';
    return `<figure><h3>${esc(s.name)}</h3>${svg}<figcaption>${count(l?.count)} inferences · p50 ${ms(l?.p50Ms)} · p99 ${ms(l?.p99Ms)} · max ${ms(l?.maxMs)}${over}${overflow}</figcaption></figure>`;
  });
  const axisNote = `<p class="note">All steps on one axis, in bins of ${n(b.width)} ms; bar heights are shares of each step's inferences.</p>`;
  const missing = report.steps.filter((s) => !s.latency?.samplesMs?.length).map((s) => s.name);
  const note = missing.length ? `<p class="note">No samples to draw (a summary only, or no latency): ${missing.map((m) => esc(m)).join(', ')}.</p>` : '';
  const latency = table(
    ['Step', 'n', 'mean', 'p50', 'p90', 'p99', 'max', ...(budgetMs !== null ? ['over frame'] : []), 'Source'],
    report.steps.map((s) => {
      const l = s.latency;
      return [
        td(esc(s.name)),
        td(count(l?.count), true),
        td(ms(l?.meanMs), true),
        td(ms(l?.p50Ms), true),
        td(ms(l?.p90Ms), true),
        td(ms(l?.p99Ms), true),
        td(ms(l?.maxMs), true),
        ...(budgetMs !== null ? [td(share(l?.overBudgetShare), true)] : []),
        td(esc(latencySource(s))),
      ];
    }),
    [1, 2, 3, 4, 5, 6, 7],
  );
  return `${note}${axisNote}<div class="hist-stack">${figs.join('')}</div>${latency}`;
}

function startupTable(report: Report): string {
  return table(
    ['Step', ...STARTUP_HEADS, 'Intervals'],
    report.steps.map((s) => [td(esc(s.name)), ...startupCells(s).map((x) => td(x, true)), td(esc(startupSource(s)))]),
    [1, 2, 3, 4, 5, 6],
  );
}

function engines(report: Report): string | null {
  const steps = report.steps.filter((s) => s.engines && s.engines.total > 0);
  if (!steps.length) return null;
  const used = enginesUsed(report);
  const legend = `<div class="legend">${used.map((e) => `<span><i class="eng-${e}"></i>${esc(ENGINE_LABELS.get(e) ?? e)}</span>`).join('')}</div>`;
  const chart = stackedShares(
    'chart-engines',
    'Share of sampled CPU time by engine, per step',
    steps.map((s) => ({ name: s.name, segments: engineShares(s).map((x) => ({ key: x.engine, label: x.label, share: x.share })) })),
  );
  const rows = steps.map((s) => {
    const e = s.engines as NonNullable<StepReport['engines']>;
    const top = (e.topFrames ?? []).slice(0, 3).map((f) => `<code>${esc(f.name)}</code> ${share(f.self / e.total)}`);
    return { cells: [td(esc(s.name)), td(weight(e.total, e.unit), true), ...used.map((k) => td(share((e.byEngine[k] ?? 0) / e.total), true))], top };
  });
  const tbl = table(
    ['Step', 'Sampled', ...used.map((e) => esc(ENGINE_LABELS.get(e) ?? e))],
    rows.map((r) => r.cells),
    [1, ...used.map((_, i) => 2 + i)],
    rows.map((r) => (r.top.length ? `<span class="note"><b>Heaviest frames (self)</b> ${r.top.join(' · ')}</span>` : null)),
  );
  return `${legend}${chart}${tbl}`;
}

function flameGraphs(report: Report): string | null {
  const parts: string[] = [];
  report.steps.forEach((s, i) => {
    const e = s.engines;
    if (!e?.callTree || !(e.callTree.total > 0)) return;
    const id = `flame-${stepId(s, i)}`;
    const svg = flameGraph({ id, title: `Flame graph of ${s.name}`, root: e.callTree, format: (w) => weight(w, e.unit) });
    parts.push(
      `<figure><h3>${esc(s.name)}</h3><div class="flame-tools"><button type="button" data-reset="${id}">Reset zoom</button><span>${esc(e.table ?? 'profile')} of ${esc(e.file ?? '')}: ${weight(e.total, e.unit)} sampled. Click a frame to zoom.</span></div>${svg}</figure>`,
    );
  });
  return parts.length ? parts.join('') : null;
}

function changesTable(report: Report): string {
  const metrics = metricNames(report);
  const head = ['Step', 'Size vs base', 'vs prev', 'p50 vs base', 'vs prev', 'p99 vs base', 'vs prev', ...metrics.flatMap((m) => [`${esc(m)} vs base`, 'vs prev'])];
  const rows = report.steps.slice(1).map((s) => [td(esc(s.name)), ...changeNumbers(s, metrics).map((n) => td(n, true))]);
  return table(head, rows, head.map((_, i) => i).slice(1));
}

function conversion(report: Report): string | null {
  if (!report.steps.some((s) => s.log)) return null;
  const rows = report.steps.map((s) => {
    const l = s.log;
    if (!l) return [td(esc(s.name)), td(DASH), td(DASH), td(DASH, true), td(DASH, true), td(DASH), td(DASH)];
    const cls = l.outcome === 'failed' ? 'fail' : l.outcome === 'converted' ? 'pass' : 'warn';
    return [
      td(esc(s.name)),
      td(`<span class="${cls}">${esc(l.outcome)}</span>`),
      td(l.unsupportedOps.length ? l.unsupportedOps.map((o) => `<code>${esc(o)}</code>`).join(', ') : 'none'),
      td(String(l.errors), true),
      td(String(l.warnings), true),
      td(esc(l.coremltoolsVersion ?? DASH)),
      td(`<code>${esc(l.source ?? '')}</code>`),
    ];
  });
  const diags = report.steps.flatMap((s) =>
    (s.log?.diagnostics ?? []).map(
      (d) => `<li><b>${esc(s.name)}</b> <span class="${d.severity === 'error' ? 'fail' : 'warn'}">${esc(d.severity)}</span> ${esc(d.category)}${d.count > 1 ? ` ×${d.count}` : ''}, line ${d.line}: ${esc(d.message)}</li>`,
    ),
  );
  return table(['Step', 'Outcome', 'Unsupported ops', 'Errors', 'Warnings', 'coremltools', 'Log'], rows, [3, 4]) + (diags.length ? `<h3>Errors and warnings</h3><ul>${diags.join('')}</ul>` : '');
}

function budgetChecks(report: Report): string | null {
  if (!report.steps.some((s) => s.targets.some((t) => t.verdicts.length))) return null;
  const rows = budgetMatrix(report).map((row) => [
    td(esc(row.label)),
    td(esc(row.limit), true),
    ...row.cells.map((c) => {
      if (!c) return td(DASH, true);
      const mark = c.status === 'pass' ? '✔' : c.status === 'fail' ? '✖' : c.status === 'warn' ? '⚠' : '?';
      const text = c.status === 'not-measured' ? `not measured: ${esc(c.message)}` : esc(checkValue(c, c.actual));
      return td(`<span class="${c.status}">${mark} ${text}</span>`, true);
    }),
  ]);
  return table(['Check', 'Limit', ...report.steps.map((s) => esc(s.name))], rows, [1, ...report.steps.map((_, i) => 2 + i)]);
}

function memoryPlan(report: Report): string | null {
  const b = report.memoryPlanBasis;
  if (!b || !report.memoryPlan.length) return null;
  const lines: RefLine[] = [{ value: b.sizeBytes / 1e6, label: `${b.step} ${formatBytes(b.sizeBytes)}`, cls: 'limit' }];
  if (report.sizeBudgetBytes !== null) lines.unshift({ value: report.sizeBudgetBytes / 1e6, label: `budget ${formatBytes(report.sizeBudgetBytes)}`, cls: 'budget' });
  const chart = barChart({
    id: 'chart-memory',
    title: 'Projected model size per compression scheme',
    categories: report.memoryPlan.map((r) => r.label),
    series: [{ name: 'projected', cls: 's2', values: report.memoryPlan.map((r) => r.projectedBytes / 1e6) }],
    lines,
    format: (v) => formatBytes(v * 1e6),
    unit: 'MB',
  });
  const withBudget = report.sizeBudgetBytes !== null;
  const rows = report.memoryPlan.map((r) => [
    td(esc(r.label)),
    td(formatBytes(r.projectedBytes), true),
    td(r.ratio !== undefined ? r.ratio.toFixed(3) : DASH, true),
    ...(withBudget ? [td(r.fitsBudget ? '<span class="pass">yes</span>' : '<span class="fail">no</span>')] : []),
    td(esc(r.minimumTarget ?? DASH)),
    td(`<span class="note">${esc(r.formula ?? '')}</span>`),
  ]);
  const basis = `From <b>${esc(b.step)}</b>: ${formatBytes(b.sizeBytes)}, ${esc(basisWeightsText(b))}; ${b.weightSource === 'package' ? `${formatBytes(b.overheadBytes)} of the package are not weights` : 'the whole size counted as weights'}.`;
  return `<p class="note">${basis}</p>${chart}${table(['Scheme', 'Projected', '× baseline', ...(withBudget ? [`Fits ${formatBytes(report.sizeBudgetBytes as number)}`] : []), 'Needs', 'Formula'], rows, [1, 2])}`;
}
