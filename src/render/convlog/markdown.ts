/**
 * Markdown for a PR comment or a CI step summary. Every string from the log is escaped for
 * Markdown (tables: pipes, backticks, newlines; HTML neutralised).
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import type { ConversionLog } from '../../convlog/model.js';
import { frontendLabel, mainStages, outcomeWord, severityOrder, shownConversions, stageProgress, versionRangeNote } from './common.js';

/** Our own text, where `x` spans are code: the spans as code, the rest escaped (text from the log stays plain). */
function prose(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? code(part.slice(1, -1)) : md(part)))
    .join('');
}

export function renderLogMarkdown(log: ConversionLog): string {
  const out: string[] = [];
  const icon = log.outcome === 'failed' ? '❌' : log.outcome === 'converted' ? '✅' : '⚠️';
  out.push(`### ${icon} Conversion log ${code(log.source)}: ${log.outcome}`);
  out.push('');
  out.push(prose(log.outcomeReason));
  out.push('');
  out.push('| | |');
  out.push('|---|---|');
  out.push(`| Frontend | ${cell(frontendLabel(log))} |`);
  const ct = log.coremltools;
  const wide = versionRangeNote(ct);
  out.push(`| coremltools | ${ct.value ? cell(ct.value) + (ct.source === 'fingerprint' ? ` (inferred: ${cell(ct.evidence ?? '')}${wide ? `; ${wide}` : ''})` : '') : 'not shown'} |`);
  for (const [k, v] of Object.entries(log.versions)) out.push(`| ${cell(k)} | ${cell(v)} |`);
  if (log.platform) out.push(`| Platform | ${cell(log.platform)} |`);
  const { main, nested } = mainStages(log.stages);
  if (main.length) out.push(`| Stages | ${main.map((s) => `${cell(s.name)} ${cell(stageProgress(s))}`).join(' → ')}${nested ? ` (and ${nested} loop-body bar${nested === 1 ? '' : 's'} inside)` : ''} |`);
  if (log.cut.start || log.cut.end) out.push(`| Note | the log looks cut${log.cut.start ? ' at its start' : ''}${log.cut.end ? ' at its end' : ''} |`);
  out.push('');
  if (log.conversionCount > 1) {
    out.push(`#### Conversions (${log.conversionCount})`);
    out.push('');
    out.push('| Run | Model | Outcome | Lines | Why |');
    out.push('|---:|---|---|---|---|');
    const { items, hidden, at } = shownConversions(log.conversions);
    items.forEach((c, i) => {
      if (hidden && i === at) out.push(`| … | ${hidden + log.conversionsDropped} more | | | |`);
      out.push(`| ${c.index} | ${c.model ? code(c.model) : ''} | ${outcomeWord(c.outcome).toLowerCase()} | ${c.lines.first}-${c.lines.last} | ${prose(c.outcomeReason)} |`);
    });
    out.push('');
  }
  if (log.unsupportedOps.length) {
    out.push(`#### Ops that did not convert (${log.unsupportedOps.length})`);
    out.push('');
    out.push('| Op | Frontend | Status | Node | Lines | Cause | First fix |');
    out.push('|---|---|---|---|---|---|---|');
    for (const o of log.unsupportedOps) {
      out.push(
        `| ${code(o.op)} | ${cell(o.frontend)} | ${o.status === 'unsupported' ? 'no converter' : 'converter failed'} | ${o.nodes.map((n) => code(n)).join(', ')} | ${o.lines.join(', ')} | ${cell(o.cause)} | ${o.rewrite ? prose(o.rewrite.firstFix) : ''} |`,
      );
    }
    out.push('');
  }
  out.push(`#### Diagnostics (${log.diagnostics.length})`);
  out.push('');
  if (log.diagnostics.length) {
    out.push('| Line | Severity | Category | Count | Message | What it means |');
    out.push('|---:|---|---|---:|---|---|');
    const diags = [...log.diagnostics].sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || a.line - b.line);
    for (const d of diags) {
      out.push(`| ${d.line} | ${d.severity} | ${cell(d.category)} | ${d.count} | ${cell(d.message)}${d.folded ? ' (and other messages of this kind)' : ''} | ${prose(d.explanation)} |`);
    }
  } else {
    out.push('None.');
  }
  return out.join('\n') + '\n';
}
