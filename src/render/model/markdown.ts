/**
 * `model --format markdown`: for a PR comment or a CI summary. Every string from the model is escaped
 * for Markdown (cells: pipes, backticks, newlines; HTML neutralised).
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import { formatBytes } from '../../core/units.js';
import type { Feature, ModelPart, ModelSummary } from '../../model/summary.js';
import { bitsText, byCount, countText, featureType, osText, partDetails, subModelLabel } from './common.js';

function featureTable(out: string[], title: string, list: readonly Feature[]): void {
  if (!list.length) return;
  out.push(`#### ${title}`, '', '| Name | Type | Flexible | Optional |', '|---|---|---|---|');
  for (const f of list) out.push(`| ${code(f.name)} | ${cell(featureType(f))} | ${f.flexible === 'none' ? '' : f.flexible} | ${f.optional ? 'yes' : ''} |`);
  out.push('');
}

function computeTables(out: string[], p: ModelPart, where: string): void {
  for (const fn of p.functions) {
    out.push(`#### Ops in ${code(fn.name)}${where ? ` (${where})` : ''}: ${fn.opCount}, ${cell(fn.opset)}, ${fn.computePrecision.precision} compute`, '');
    out.push(byCount(fn.ops).map(([op, n]) => `${code(op)} ${n}`).join(' · '), '');
  }
  if (p.layers.size) {
    out.push(`#### Layers${where ? ` (${where})` : ''}: ${[...p.layers.values()].reduce((a, b) => a + b, 0)}`, '');
    out.push(byCount(p.layers).map(([l, n]) => `${code(l)} ${n}`).join(' · '), '');
  }
  p.subModels.forEach((s, i) => computeTables(out, s, where ? `${where}.${i + 1}` : `sub-model ${i + 1}`));
}

export function renderModelMarkdown(m: ModelSummary): string {
  const out: string[] = [];
  const errors = m.findings.filter((f) => f.level === 'error').length;
  out.push(`### ${errors ? '❌' : m.findings.some((f) => f.level === 'warning') ? '⚠️' : '✅'} Core ML model ${code(m.source)}: ${code(m.modelType)}, spec ${m.specificationVersion}${m.effectiveSpecificationVersion !== m.specificationVersion ? ` (effectively ${m.effectiveSpecificationVersion})` : ''}`);
  out.push('');
  out.push('| | |', '|---|---|');
  out.push(`| Runs on | ${cell(osText(m.effectiveMinimumOS))} and newer |`);
  if (m.metadata.author) out.push(`| Author | ${cell(m.metadata.author)} |`);
  if (m.metadata.license) out.push(`| License | ${cell(m.metadata.license)} |`);
  if (m.metadata.version) out.push(`| Version | ${cell(m.metadata.version)} |`);
  if (m.metadata.writtenBy.coremltools) out.push(`| coremltools | ${cell(m.metadata.writtenBy.coremltools)}${m.metadata.writtenBy.source ? ` (${cell(m.metadata.writtenBy.source)})` : ''} |`);
  out.push(`| Compute precision | ${m.computePrecision} |`);
  const w = m.weights;
  if (w.parameters !== null) {
    out.push(`| Parameters | ${countText(w.parameters)} |`);
    out.push(`| Weights | ${w.missing ? `**missing**: ${cell(w.missingReason ?? '')}` : w.parameters === 0 ? 'none' : `${formatBytes(w.bytes ?? 0)}, ${bitsText(w.bitsPerWeight)} bits per weight`} |`);
  }
  out.push('');
  featureTable(out, 'Inputs', m.inputs);
  featureTable(out, 'Outputs', m.outputs);
  featureTable(out, 'States', m.states);
  if (m.subModels.length) {
    out.push('#### Sub-models', '', '| # | Type | Spec | Details |', '|---|---|---|---|');
    const walk = (parts: readonly ModelPart[], prefix: string) =>
      parts.forEach((p, i) => {
        const path = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
        out.push(`| ${path} | ${code(p.modelType)} | ${p.specificationVersion} | ${cell(partDetails(p).join('; '))} |`);
        walk(p.subModels, path);
      });
    walk(m.subModels, '');
    out.push('');
  }
  computeTables(out, m, '');
  if (w.storage.length) {
    out.push('#### Weight storage', '', '| Kind | Tensors | Parameters | Bytes | Bits per weight | Ops |', '|---|---:|---:|---:|---:|---|');
    for (const s of w.storage) out.push(`| ${cell(s.label)} | ${s.tensors} | ${countText(s.parameters)} | ${s.bytes === null ? '—' : formatBytes(s.bytes)} | ${bitsText(s.bitsPerWeight)} | ${s.ops.map((o) => code(o)).join(', ')} |`);
    out.push('');
  }
  out.push(`#### Findings (${m.findings.length})`, '');
  if (!m.findings.length) out.push('None.');
  else {
    out.push('| Level | Finding | Where | Message | Evidence | Source |', '|---|---|---|---|---|---|');
    for (const f of m.findings) {
      const where = [subModelLabel(f.subModel), f.function ? `function ${f.function}` : ''].filter(Boolean).join(', ');
      const msg = f.message + (f.rewrite ? ` Rewrite: ${f.rewrite.summary}` : '');
      out.push(`| ${f.level} | ${code(f.id)} | ${cell(where)} | ${cell(msg)} | ${cell(f.evidence)} | [${md(f.source.title)}](${encodeURI(f.source.url)}) (${f.source.evidence}) |`);
    }
  }
  return out.join('\n') + '\n';
}
