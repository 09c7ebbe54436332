/**
 * The Markdown reporter (GitHub-flavoured): for PR comments and `$GITHUB_STEP_SUMMARY`. Every value
 * from the input (step, target and metric names, messages) is escaped for a table cell.
 */
import { limitCell, verdictActual } from '../../budget/format.js';
import { failsGate, type GateResult, type Verdict } from '../../budget/model.js';
import { escapeMarkdownCell, escapeMarkdownInline, markdownCode } from '../../core/escape.js';
import { frameText, sortedVerdicts, statusLabel, subjectLine, summarySentence } from './common.js';

function icon(v: Verdict): string {
  if (failsGate(v)) return '❌';
  if (v.status === 'pass') return '✅';
  if (v.status === 'inconclusive') return '❔';
  return '⚠️';
}

export function renderGateMarkdown(r: GateResult): string {
  const out: string[] = [];
  out.push(`### ${r.passed ? '✅' : '❌'} coreml-doctor gate: ${escapeMarkdownInline(summarySentence(r))}`, '');
  out.push(escapeMarkdownInline(subjectLine(r)), '');
  for (const t of r.targets) {
    const info = [`step ${markdownCode(t.step)}`];
    if (t.preset && t.preset !== t.name) info.push(`preset ${markdownCode(t.preset)}`);
    const frame = frameText(t);
    if (frame) info.push(escapeMarkdownInline(frame));
    out.push(`#### ${t.passed ? '✅' : '❌'} ${escapeMarkdownInline(t.name)}`, '', info.join(' · '), '');
    if (t.verdicts.length === 0) out.push('_Nothing to check on this step._', '');
    for (const n of t.notices) out.push(`> ${escapeMarkdownInline(`notice: ${n}`)}`, '');
    if (t.verdicts.length === 0) continue;
    out.push('| | Assertion | Actual | Limit | Level | Result |', '|---|---|---|---|---|---|');
    for (const v of sortedVerdicts(t)) {
      const result = escapeMarkdownCell(v.message) + (v.customMessage && v.status !== 'pass' ? `<br>**${escapeMarkdownCell(v.customMessage)}**` : '');
      out.push(`| ${icon(v)} ${escapeMarkdownCell(statusLabel(v))} | ${markdownCode(v.assertion)} | ${escapeMarkdownCell(verdictActual(v))} | ${escapeMarkdownCell(limitCell(v, true))} | ${v.level} | ${result} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
