/**
 * Markdown for a PR comment or a CI step summary. Every string from the log is escaped for
 * Markdown (tables: pipes, backticks, newlines; HTML neutralised).
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import type { ConversionLog } from '../../convlog/model.js';
import { frontendLabel, severityOrder, stageProgress } from './common.js';

export function renderLogMarkdown(log: ConversionLog): string {
  const out: string[] = [];
  const icon = log.outcome === 'failed' ? '❌' : log.outcome === 'converted' ? '✅' : '⚠️';
  out.push(`### ${icon} Conversion log ${code(log.source)}: ${log.outcome}`);
  out.push('');
  out.push(md(log.outcomeReason));
  out.push('');
  out.push('| | |');
  out.push('|---|---|');
  out.push(`| Frontend | ${cell(frontendLabel(log))} |`);
  const ct = log.coremltools;
  out.push(`| coremltools | ${ct.value ? cell(ct.value) + (ct.source === 'fingerprint' ? ` (inferred: ${cell(ct.evidence ?? '')})` : '') : 'not shown'} |`);
  for (const [k, v] of Object.entries(log.versions)) out.push(`| ${cell(k)} | ${cell(v)} |`);
  if (log.platform) out.push(`| Platform | ${cell(log.platform)} |`);
  if (log.stages.length) out.push(`| Stages | ${log.stages.map((s) => `${cell(s.name)} ${cell(stageProgress(s))}`).join(' → ')} |`);
  if (log.cut.start || log.cut.end) out.push(`| Note | the log looks cut${log.cut.start ? ' at its start' : ''}${log.cut.end ? ' at its end' : ''} |`);
  out.push('');
  if (log.unsupportedOps.length) {
    out.push(`#### Ops that did not convert (${log.unsupportedOps.length})`);
    out.push('');
    out.push('| Op | Frontend | Status | Node | Lines | Cause | First fix |');
    out.push('|---|---|---|---|---|---|---|');
    for (const o of log.unsupportedOps) {
      out.push(
        `| ${code(o.op)} | ${cell(o.frontend)} | ${o.status === 'unsupported' ? 'no converter' : 'converter failed'} | ${o.nodes.map((n) => code(n)).join(', ')} | ${o.lines.join(', ')} | ${cell(o.cause)} | ${o.rewrite ? cell(o.rewrite.firstFix) : ''} |`,
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
      out.push(`| ${d.line} | ${d.severity} | ${cell(d.category)} | ${d.count} | ${cell(d.message)} | ${cell(d.explanation)} |`);
    }
  } else {
    out.push('None.');
  }
  return out.join('\n') + '\n';
}
