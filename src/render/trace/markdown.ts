/**
 * Markdown for a PR comment or a CI step summary: per profile the engines and the top frames, then
 * the interval statistics. Every name from the file is escaped for Markdown.
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import { formatInt } from '../../core/units.js';
import type { IntervalSummary, ProfileSummary, StartupSummary, TraceAnalysis } from '../../trace/model.js';
import { startupCounts, startupRows, startupSources, clipMiddle, cpuPerInterval, engineRows, formatDurationMs, formatWeight, groupingLine, intervalBlocks, intervalTitle, ms, profileTitle, share, truncatedLine, unitNote } from './common.js';

export interface TraceMarkdownOptions {
  top?: number;
}

export function renderTraceMarkdown(a: TraceAnalysis, opts: TraceMarkdownOptions = {}): string {
  const top = opts.top ?? 10;
  const out: string[] = [];
  out.push(`### Trace ${code(a.source)}`, '');
  if (a.truncated) out.push(`**${md(truncatedLine(a.truncated))}**`, '');
  if (a.toc) {
    for (const r of a.toc.runs) {
      out.push(`#### Run ${r.number}${r.template ? ` (${md(r.template)})` : ''}`, '');
      if (r.device) out.push(`Device: ${md(r.device)}  `);
      if (r.process) out.push(`Process: ${md(r.process)}  `);
      if (r.startDate) out.push(`Started: ${md(r.startDate)}  `);
      if (r.endDate || r.endReason) out.push(`Ended: ${md([r.endDate, r.endReason ? (r.endDate ? `(${r.endReason})` : r.endReason) : null].filter(Boolean).join(' '))}  `);
      if (r.duration !== null) out.push(`Duration: ${formatDurationMs(r.duration * 1000)}`);
      out.push('', 'Export commands:', '', '```sh', ...r.exportCommands.map((c) => c.replace(/```/g, '` ` `')), '```', '');
    }
  }
  if (a.startup) out.push(...startupMd(a.startup));
  for (const p of a.profiles) out.push(...profileMd(p, top));
  if (a.intervals.length) out.push(...intervalsMd(a.intervals));
  const notes = [...(a.notes ?? []), ...a.warnings];
  if (notes.length) {
    out.push('#### Notes', '');
    for (const n of notes) out.push(`- ${md(n)}`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function profileMd(p: ProfileSummary, top: number): string[] {
  const w = (x: number) => formatWeight(x, p.unit);
  const out = [`#### Profile ${code(profileTitle(p))}`, ''];
  const facts = [p.samplesKnown !== false ? `${formatInt(p.samples)} samples` : null, `${w(p.totalWeight)} of ${unitNote(p.unit)}`, p.noStackWeight > 0 ? `${w(p.noStackWeight)} without a stack` : null];
  if (p.cpuUsage !== null) facts.push(`CPU usage ${p.cpuUsage.toFixed(2)} cores`);
  out.push(facts.filter(Boolean).join(' · '), '');
  const engines = engineRows(p);
  if (engines.length) {
    out.push('| Engine | Weight | Share |', '|---|---:|---:|');
    for (const e of engines) out.push(`| ${e.label} | ${w(e.weight)} | ${share(e.weight, p.totalWeight)} |`); // our labels, not input
    out.push('');
  }
  const frames = p.topFrames.filter((f) => f.self > 0).slice(0, top);
  if (frames.length) {
    out.push('| Self | % | Total | Symbol | Binary |', '|---:|---:|---:|---|---|');
    for (const f of frames) out.push(`| ${w(f.self)} | ${share(f.self, p.totalWeight)} | ${w(f.total)} | ${code(clipMiddle(f.name, 120))} | ${cell(f.binary ?? '')} |`);
    out.push('');
  }
  return out;
}

function startupMd(s: StartupSummary): string[] {
  const out = ['#### Start-up', '', `Model load, compile and first prediction after a load, from ${code(startupSources(s))}.`, ''];
  out.push('| Phase | Count | p50 ms | Max ms | Total ms |', '|---|---:|---:|---:|---:|');
  for (const { label, phase } of startupRows(s)) out.push(`| ${label} | ${formatInt(phase.count)} | ${ms(phase.p50Ms)} | ${ms(phase.maxMs)} | ${ms(phase.totalMs)} |`);
  out.push('');
  if (s.models.length) {
    out.push('| Model | Start-up intervals |', '|---|---|');
    for (const m of s.models.slice(0, 10)) out.push(`| ${code(m.id)} | ${startupCounts(m)} |`);
    const more = s.models.length - 10 + (s.modelsOmitted ?? 0);
    if (more > 0) out.push(`| … and ${formatInt(more)} more | |`);
    out.push('');
  }
  return out;
}

function intervalsMd(list: IntervalSummary[]): string[] {
  const budget = list.find((i) => i.budgetMs !== undefined)?.budgetMs;
  const cpu = list.some((i) => i.cpuPerInterval);
  const head = ['Label', 'Count', 'Mean ms', 'Std ms', 'p50 ms', 'p90 ms', 'p99 ms', 'Max ms'];
  if (budget !== undefined) head.push(`Over ${budget} ms`);
  if (cpu) head.push('CPU per interval');
  const out = ['#### Intervals', ''];
  for (const block of intervalBlocks(list)) {
    out.push(`${code(intervalTitle(block[0] as IntervalSummary))}: ${md(groupingLine(block[0] as IntervalSummary))}`, '');
    out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 1 ? '---' : '---:')).join('|')}|`);
    for (const i of block) {
      const r = [cell(i.label), formatInt(i.count), ms(i.meanMs), i.count > 1 ? ms(i.stddevMs) : '—', ms(i.p50Ms), ms(i.p90Ms), ms(i.p99Ms), ms(i.maxMs)];
      if (budget !== undefined) r.push(`${formatInt(i.overBudget ?? 0)} (${share(i.overBudget ?? 0, i.count)})`);
      if (cpu) r.push(cpuPerInterval(i));
      out.push(`| ${r.join(' | ')} |`);
    }
    out.push('');
  }
  return out;
}
