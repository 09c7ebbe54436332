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
import type { IntervalSummary, ProfileSummary, TocRun, TraceAnalysis } from '../../trace/model.js';
import { clipMiddle, cpuPerInterval, engineRows, formatDurationMs, formatWeight, intervalTable, ms, profileTitle, share, unitNote } from './common.js';
import { renderTreeText } from './tree.js';

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
}

const TABLE: TableUserConfig = {
  border: getBorderCharacters('norc'),
  drawHorizontalLine: (i, size) => i === 0 || i === 1 || i === size,
};

function grid(rows: string[][], right: number[] = []): string {
  const columns = Object.fromEntries(right.map((c) => [c, { alignment: 'right' as const }]));
  return table(rows, { ...TABLE, columns })
    .trimEnd()
    .split('\n')
    .map((l) => '  ' + l)
    .join('\n');
}

export function renderTraceText(a: TraceAnalysis, opts: TraceTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const out: string[] = [];
  const what = a.format === 'xctrace-toc' ? 'xctrace table of contents' : a.format === 'deep-copy' ? 'Instruments Deep Copy' : 'xctrace export';
  out.push(`${c.bold('Trace')} ${t(a.source)} ${c.dim(`(${what})`)}`);
  if (a.toc) out.push(...tocLines(a.toc.runs, c));
  for (const p of a.profiles) out.push('', ...profileLines(p, c, opts));
  if (a.intervals.length) out.push('', ...intervalLines(a.intervals, c));
  const notes = a.notes ?? [];
  if (notes.length) {
    out.push('', c.bold('Notes'));
    for (const n of notes) out.push(`  • ${t(n)}`);
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
  out.push('  ' + facts.join(' · '));
  if (p.cpuUsage !== null) {
    const cores = p.coresObserved ? ` (${share(p.cpuUsagePerCore ?? 0, 1)} of the ${p.coresObserved} cores it ran on)` : '';
    out.push(`  CPU usage     ${p.cpuUsage.toFixed(2)} cores on average${cores}`);
  }
  if (p.processes && p.processes.length > 1) out.push(`  Processes     ${p.processes.map((x) => `${t(x.name)} ${share(x.weight, p.totalWeight)}`).join(', ')}`);

  const engines = engineRows(p);
  if (engines.length) {
    out.push('', c.bold('  Where the time goes') + c.dim('  (by the engine each sample works for)'));
    out.push(grid([['Engine', 'Weight', 'Share'], ...engines.map((e) => [e.label, w(e.weight), share(e.weight, p.totalWeight)])], [1, 2]));
  }
  const frames = p.topFrames;
  if (frames.length) {
    const bySelf = [...frames].sort((a, b) => b.self - a.self).slice(0, top).filter((f) => f.self > 0);
    const byTotal = [...frames].sort((a, b) => b.total - a.total).slice(0, top);
    const row = (f: (typeof frames)[number]) => [w(f.self), share(f.self, p.totalWeight), w(f.total), share(f.total, p.totalWeight), t(clipMiddle(f.name, maxName)), t(f.binary ?? '')];
    out.push('', c.bold(`  Top frames by self weight`) + c.dim(`  (where the CPU was)`));
    out.push(grid([['Self', '%', 'Total', '%', 'Symbol', 'Binary'], ...bySelf.map(row)], [0, 1, 2, 3]));
    out.push('', c.bold(`  Top frames by total weight`) + c.dim(`  (what was on the stack)`));
    out.push(grid([['Self', '%', 'Total', '%', 'Symbol', 'Binary'], ...byTotal.map(row)], [0, 1, 2, 3]));
  }
  if (p.binaries.length) {
    out.push('', c.bold('  Binaries') + c.dim('  (self weight)'));
    out.push(grid([['Binary', 'Self', 'Share'], ...p.binaries.slice(0, top).map((b) => [t(b.name), w(b.self), share(b.self, p.totalWeight)])], [1, 2]));
  }
  if (p.threads.length) {
    out.push('', c.bold('  Threads'));
    out.push(grid([['Thread', 'tid', 'Weight', 'Share'], ...p.threads.slice(0, top).map((x) => [t(clipMiddle(x.name, maxName)), t(x.tid ?? ''), w(x.weight), share(x.weight, p.totalWeight)])], [2, 3]));
    if (p.threads.length > top) out.push(c.dim(`  … and ${p.threads.length - top} more threads`));
  }
  if (opts.tree && p.callTree) {
    out.push('', c.bold('  Call tree') + c.dim(`  (nodes under ${opts.treeMinPercent ?? 1} % folded)`));
    out.push(...renderTreeText(p.callTree, p.unit, { minPercent: opts.treeMinPercent ?? 1, maxName, total: p.totalWeight, noStack: p.noStackWeight }).map((l) => '  ' + l));
  }
  return out;
}

function intervalLines(list: IntervalSummary[], c: Colors): string[] {
  const budget = list.find((i) => i.budgetMs !== undefined)?.budgetMs;
  const cpu = list.some((i) => i.cpuPerInterval);
  const head = ['Table', 'Label', 'Count', 'Mean', 'Std', 'p50', 'p90', 'p99', 'Max'];
  if (budget !== undefined) head.push(`> ${budget} ms`);
  if (cpu) head.push('CPU each');
  const rows = list.map((i) => {
    const r = [t(intervalTable(i)), t(clipMiddle(i.label, 60)), formatInt(i.count), ms(i.meanMs), i.count > 1 ? ms(i.stddevMs) : '—', ms(i.p50Ms), ms(i.p90Ms), ms(i.p99Ms), ms(i.maxMs)];
    if (budget !== undefined) {
      const over = i.overBudget ?? 0;
      const cell = `${formatInt(over)} (${share(over, i.count)})`;
      r.push(over > 0 ? c.red(cell) : cell);
    }
    if (cpu) r.push(cpuPerInterval(i));
    return r;
  });
  const right = [2, 3, 4, 5, 6, 7, 8, ...(budget !== undefined ? [9] : []), ...(cpu ? [budget !== undefined ? 10 : 9] : [])];
  return [c.bold('Intervals') + c.dim('  (durations in ms; percentiles interpolate between closest ranks, as numpy does)'), grid([head, ...rows], right)];
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
      ['Ended', r.endReason ?? null],
      ['Instruments', r.instrumentsVersion ?? null],
    ];
    for (const [k, v] of facts) if (v) out.push(`  ${k.padEnd(12)}${t(v)}`);
    const counts = new Map<string, number>();
    for (const tb of r.tables) counts.set(tb.schema, (counts.get(tb.schema) ?? 0) + 1);
    out.push(`  Tables (${r.tables.length})  ${[...counts].map(([s, n]) => (n > 1 ? `${t(s)} ×${n}` : t(s))).join(', ')}`);
    if (r.exportCommands.length) {
      out.push('', c.bold('  Export the tables that trace reads') + c.dim('  (on the Mac that has the .trace; set TRACE to its path)'));
      for (const cmd of r.exportCommands) out.push('  ' + t(cmd));
    } else out.push(c.dim('  No table that trace reads: record with the Time Profiler, CPU Profiler or Core ML template.'));
  }
  return out;
}
