/**
 * The terminal summary of a trace: per profile, where the time goes (engines, top frames by self
 * and by total weight, binaries, threads, CPU usage), then the interval statistics per label, then
 * the notes. Every name from the file is sanitised for the terminal. Warnings are not rendered
 * here: the CLI prints them on stderr.
 */
import { getBorderCharacters, table, type TableUserConfig } from 'table';
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { formatInt } from '../../core/units.js';
import { shorten } from '../../core/shorten.js';
import type { IntervalSummary, ProfileSummary, StartupSummary, TocRun, TraceAnalysis } from '../../trace/model.js';
import { startupCounts, startupRows, startupSources, clipMiddle, cpuPerInterval, engineRows, formatDurationMs, formatWeight, groupingLine, intervalBlocks, intervalTitle, ms, profileTitle, share, truncatedLine, unitNote, weightWords } from './common.js';
import { renderTreeText } from './tree.js';
import { fitTable, hiddenNote, type ColumnSpec } from '../table.js';
import { wrap } from '../wrap.js';

export interface TraceTextOptions {
  colors?: Colors;
  /** Rows per top list (frames, binaries, threads). */
  top?: number;
  /** Print the call tree. */
  tree?: boolean;
  /** Call-tree nodes below this share of the total are folded. */
  treeMinPercent?: number;
  /** Longest symbol shown (the JSON keeps it whole). */
  maxName?: number;
  /** Interval rows `--budget-ms` judged: marked with ▶ before their table. */
  judged?: ReadonlySet<IntervalSummary>;
}

const TABLE: TableUserConfig = {
  border: getBorderCharacters('norc'),
  drawHorizontalLine: (i, size) => i === 0 || i === 1 || i === size,
};

function grid(rows: string[][], right: number[] = [], extra: TableUserConfig['columns'] = {}): string {
  const columns = { ...Object.fromEntries(right.map((c) => [c, { alignment: 'right' as const }])), ...extra };
  return table(rows, { ...TABLE, columns })
    .trimEnd()
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');
}

/** A table fitted to the width less its 2-column indent (narrowed by src/render/table.ts: shortened names keep their end, columns dropped and named). */
function fitted(cols: ColumnSpec[], rows: string[][]): string {
  const f = fitTable(cols, rows, WIDTH - 2);
  const lines = f.text.trimEnd().split('\n').map((l) => '  ' + l);
  return [...lines, ...hiddenNote(f.hidden, WIDTH).map((l) => '  ' + l)].join('\n');
}

/** Text wrapped to the width: the first line after `first`, the rest after `rest`. */
function wrapped(text: string, first = '  ', rest = '    '): string[] {
  return wrap(text, WIDTH, rest, first.length).map((l, i) => (i === 0 ? first + l : l));
}

const num = (head: string): ColumnSpec => ({ head, align: 'right' });

export function renderTraceText(a: TraceAnalysis, opts: TraceTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const out: string[] = [];
  const what = a.format === 'xctrace-toc' ? 'xctrace table of contents' : a.format === 'deep-copy' ? 'Instruments Deep Copy' : 'xctrace export';
  // The path keeps its end (the file's name) when the line is short; --json has it whole.
  out.push(`${c.bold('Trace')} ${t(shorten(a.source, Math.max(20, WIDTH - 6 - what.length - 3)))} ${c.dim(`(${what})`)}`);
  if (a.truncated) out.push(...wrapped(truncatedLine(a.truncated)).map((l) => c.red(l)));
  if (a.stacksMerged) out.push(...wrapped(`${formatInt(a.stacksMerged.stacks)} stack(s) merged into their caller past the call tree's ${formatInt(a.stacksMerged.maxNodes)} nodes (--json: stacksMerged)`).map((l) => c.yellow(l)));
  if (a.toc) out.push(...tocLines(a.toc.runs, c));
  if (a.startup) out.push('', ...startupLines(a.startup, c));
  for (const p of a.profiles) out.push('', ...profileLines(p, c, opts));
  if (a.intervals.length) out.push('', ...intervalLines(a.intervals, c, opts.judged));
  const notes = a.notes ?? [];
  if (notes.length) {
    out.push('', c.bold('Notes'));
    for (const n of notes) out.push(...wrapped(t(n), '  • '));
  }
  if (a.otherTables.length) {
    out.push('', c.bold('Other tables') + c.dim(' (not analysed)'));
    for (const o of a.otherTables) out.push(`  ${t(o.table)}${o.run !== null ? ` (run ${o.run})` : ''}: ${formatInt(o.rows)} rows`);
  }
  return out.join('\n') + '\n';
}

function profileLines(p: ProfileSummary, c: Colors, opts: TraceTextOptions): string[] {
  const top = opts.top ?? 15;
  const maxName = opts.maxName ?? 90;
  const w = (x: number) => formatWeight(x, p.unit);
  const out: string[] = [];
  out.push(c.bold(`Profile ${t(profileTitle(p))}`) + c.dim(`  weights: ${unitNote(p.unit)}`));
  const facts: string[] = [];
  if (p.samplesKnown !== false) facts.push(`${formatInt(p.samples)} samples`);
  facts.push(`${w(p.totalWeight)} in all`);
  if (p.noStackWeight > 0) facts.push(`${w(p.noStackWeight)} without a stack (${share(p.noStackWeight, p.totalWeight)})`);
  if (p.threads.length) facts.push(`${p.threads.length} thread${p.threads.length === 1 ? '' : 's'}`);
  if (p.spanNs !== null) facts.push(`over ${formatDurationMs(p.spanNs / 1e6)}`);
  out.push(...wrapped(facts.join(' · ')));
  if (p.cpuUsage !== null) {
    const cores = p.coresObserved ? ` (${share(p.cpuUsagePerCore ?? 0, 1)} of the ${p.coresObserved} cores it ran on)` : '';
    out.push(...wrapped(`CPU usage     ${p.cpuUsage.toFixed(2)} cores on average${cores}`, '  ', '                '));
  }
  if (p.addressOnly) out.push(...wrapped(`Unsymbolicated: ${share(p.addressOnly.weight, p.totalWeight)} of the weight has addresses for frames, not symbols (Notes say how to symbolicate)`).map((l) => c.yellow(l)));
  if (p.processes && p.processes.length > 1) out.push(...wrapped(`Processes     ${p.processes.map((x) => `${t(x.name)} ${share(x.weight, p.totalWeight)}`).join(', ')}`, '  ', '                '));

  const engines = engineRows(p);
  const words = weightWords(p.unit);
  if (engines.length) {
    const [title, note] = words.where.split('  ');
    out.push('', c.bold(`  ${title}`) + c.dim(`  ${note}`));
    out.push(fitted([{ head: 'Engine' }, num('Weight'), num('Share')], engines.map((e) => [e.label, w(e.weight), share(e.weight, p.totalWeight)])));
  }
  const frames = p.topFrames;
  if (frames.length) {
    const bySelf = [...frames].sort((a, b) => b.self - a.self).slice(0, top).filter((f) => f.self > 0);
    const byTotal = [...frames].sort((a, b) => b.total - a.total).slice(0, top);
    // The symbol keeps its end (the function's name) when the line is short; the binary goes first.
    const row = (f: (typeof frames)[number]) => [w(f.self), share(f.self, p.totalWeight), w(f.total), share(f.total, p.totalWeight), t(f.name), t(f.binary ?? '')];
    const cols: ColumnSpec[] = [num('Self'), num('%'), num('Total'), num('%'), { head: 'Symbol', shrinkTo: 20 }, { head: 'Binary', shrinkTo: 12, drop: 1 }];
    out.push('', c.bold(`  Top frames by self weight`) + c.dim(`  (${words.self})`));
    out.push(fitted(cols, bySelf.map(row)));
    out.push('', c.bold(`  Top frames by total weight`) + c.dim(`  (what was on the stack)`));
    out.push(fitted(cols, byTotal.map(row)));
  }
  if (p.binaries.length) {
    out.push('', c.bold('  Binaries') + c.dim('  (self weight)'));
    out.push(fitted([{ head: 'Binary', shrinkTo: 20 }, num('Self'), num('Share')], p.binaries.slice(0, top).map((b) => [t(b.name), w(b.self), share(b.self, p.totalWeight)])));
  }
  if (p.threads.length) {
    out.push('', c.bold('  Threads'));
    out.push(fitted([{ head: 'Thread', shrinkTo: 20 }, { head: 'tid', drop: 1 }, num('Weight'), num('Share')], p.threads.slice(0, top).map((x) => [t(x.name), t(x.tid ?? ''), w(x.weight), share(x.weight, p.totalWeight)])));
    if (p.threads.length > top) out.push(c.dim(`  … and ${p.threads.length - top} more threads`));
  }
  const minPercent = opts.treeMinPercent ?? 1;
  // The compact tree is made into objects down to the nodes the text shows (the rest are folded).
  const tree = opts.tree ? (p.compactTree ? p.compactTree.toCallTree((w) => !(p.totalWeight > 0 && (w / p.totalWeight) * 100 < minPercent)) : p.callTree) : undefined;
  if (tree) {
    out.push('', c.bold('  Call tree') + c.dim(`  (nodes under ${minPercent} % folded)`));
    out.push(...renderTreeText(tree, p.unit, { minPercent, maxName, total: p.totalWeight, noStack: p.noStackWeight }).map((l) => '  ' + l));
  }
  return out;
}

/** Widest output line the interval blocks aim for. */
const WIDTH = 80;
/** The narrowest label column (a label wraps within it). */
const LABEL_MIN = 14;

function intervalLines(list: IntervalSummary[], c: Colors, judged?: ReadonlySet<IntervalSummary>): string[] {
  const budget = list.find((i) => i.budgetMs !== undefined)?.budgetMs;
  const cpu = list.some((i) => i.cpuPerInterval);
  const what = budget !== undefined ? `in ms, percentiles as numpy's; > ${budget}: longer than ${budget} ms` : 'durations in ms; percentiles as numpy computes them';
  const out = [c.bold('Intervals') + c.dim(`  (${what})`)];
  for (const block of intervalBlocks(list)) {
    const first = block[0] as IntervalSummary;
    const n = block.reduce((s, i) => s + i.count, 0);
    out.push('', `  ${c.bold(t(intervalTitle(first)))}  ${formatInt(n)} interval${n === 1 ? '' : 's'} in ${block.length} group${block.length === 1 ? '' : 's'}`);
    out.push(...wrap(groupingLine(first), WIDTH - 4, '').map((l) => c.dim(`    ${t(l)}`)));
    // Count, the percentiles and the max always; the mean and the std when the labels still fit
    // the line without wrapping (the JSON has them all). A label that does not fit wraps.
    const col = (h: string, f: (i: IntervalSummary) => string) => ({ h, cells: block.map(f), width: Math.max(h.length, ...block.map((i) => f(i).length)) + 3 });
    const required = [
      col('Count', (i) => formatInt(i.count)),
      col('p50', (i) => ms(i.p50Ms)),
      col('p90', (i) => ms(i.p90Ms)),
      col('p99', (i) => ms(i.p99Ms)),
      col('Max', (i) => ms(i.maxMs)),
      ...(budget !== undefined ? [col(`> ${budget}`, (i) => formatInt(i.overBudget ?? 0))] : []),
      ...(cpu ? [col('CPU each', cpuPerInterval)] : []),
    ];
    const labels = block.map((i) => (judged?.has(i) ? '▶ ' : '') + t(clipMiddle(i.label, 120)));
    const longest = Math.max(5, ...labels.map((l) => l.length));
    const used = (cols: { width: number }[]) => cols.reduce((s, x) => s + x.width, 0);
    const cols = [...required];
    for (const [h, f] of [['Mean', (i: IntervalSummary) => ms(i.meanMs)], ['Std', (i: IntervalSummary) => (i.count > 1 ? ms(i.stddevMs) : '—')]] as const) {
      const extra = col(h, f);
      if (longest + 6 + used(cols) + extra.width <= WIDTH) cols.splice(h === 'Mean' ? 1 : 2, 0, extra);
    }
    const labelWidth = Math.min(longest, Math.max(LABEL_MIN, WIDTH - 6 - used(cols)));
    const overCol = cols.findIndex((x) => x.h === `> ${budget}`);
    const rows = block.map((i, k) => {
      const r = [labels[k] as string, ...cols.map((x) => x.cells[k] as string)];
      if (overCol >= 0 && (i.overBudget ?? 0) > 0) r[overCol + 1] = c.red(r[overCol + 1] as string);
      return r;
    });
    out.push(grid([['Label', ...cols.map((x) => x.h)], ...rows], cols.map((_, k) => k + 1), { 0: { width: labelWidth, wrapWord: true } }));
  }
  return out;
}

/** Models named in the start-up section; the JSON lists them all. */
const STARTUP_MODELS = 5;

function startupLines(s: StartupSummary, c: Colors): string[] {
  const out = [c.bold('Start-up') + c.dim('  (model load, compile and first prediction after a load; ms)')];
  const rows = startupRows(s).map(({ label, phase }) => [label, formatInt(phase.count), ms(phase.p50Ms), ms(phase.maxMs), ms(phase.totalMs)]);
  out.push(grid([['Phase', 'Count', 'p50', 'Max', 'Total'], ...rows], [1, 2, 3, 4]));
  out.push(...wrap(`from ${startupSources(s)}`, WIDTH - 4, '').map((l) => c.dim(`    ${t(l)}`)));
  const more = s.models.length - STARTUP_MODELS + (s.modelsOmitted ?? 0);
  const total = s.models.length + (s.modelsOmitted ?? 0);
  if (total) out.push(`  ${total === 1 ? 'Model' : `${formatInt(total)} models`}`);
  for (const m of s.models.slice(0, STARTUP_MODELS)) {
    const counts = startupCounts(m);
    out.push(`    ${t(shorten(m.id, WIDTH - 8 - counts.length))}  ${c.dim(counts)}`);
  }
  if (more > 0) out.push(c.dim(`    … and ${formatInt(more)} more (--json lists them)`));
  return out;
}

function tocLines(runs: TocRun[], c: Colors): string[] {
  const out: string[] = [];
  for (const r of runs) {
    out.push('', c.bold(`Run ${r.number}`) + (r.template ? `  template ${t(r.template)}` : ''));
    const facts: [string, string | null][] = [
      ['Device', r.device],
      ['Process', r.process],
      ['Duration', r.duration !== null ? formatDurationMs(r.duration * 1000) : null],
      ['Started', r.startDate ?? null],
      ['Ended', [r.endDate, r.endReason ? (r.endDate ? `(${r.endReason})` : r.endReason) : null].filter(Boolean).join(' ') || null],
      ['Instruments', r.instrumentsVersion ?? null],
    ];
    for (const [k, v] of facts) if (v) out.push(...wrapped(`${k.padEnd(12)}${t(v)}`, '  ', '              '));
    const counts = new Map<string, number>();
    for (const tb of r.tables) counts.set(tb.schema, (counts.get(tb.schema) ?? 0) + 1);
    out.push(...wrapped(`Tables (${r.tables.length})  ${[...counts].map(([s, n]) => (n > 1 ? `${t(s)} ×${n}` : t(s))).join(', ')}`));
    if (r.exportCommands.length) {
      out.push('', c.bold('  Export the tables that trace reads'), ...wrapped('(on the Mac that has the .trace; set TRACE to its path; each command on one line, to paste whole)').map((l) => c.dim(l)));
      for (const cmd of r.exportCommands) out.push('  ' + t(cmd));
    } else out.push(c.dim('  No table that trace reads: record with the Time Profiler, CPU Profiler or Core ML template.'));
  }
  return out;
}
