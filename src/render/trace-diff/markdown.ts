/** `trace diff` as Markdown (a PR comment): the same tables as the text, names escaped. */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code } from '../../core/escape.js';
import { formatInt } from '../../core/units.js';
import type { TraceDiff } from '../../report/trace-diff.js';
import { ciText, DASH, frameMs, headline, ms, pct, points, profileText, relative, seriesText, signedMs } from './common.js';

const ICON = { slower: '🔺', faster: '✅', inconclusive: '❔' } as const;

export function renderTraceDiffMarkdown(d: TraceDiff): string {
  const out: string[] = [];
  out.push(`### Trace diff: ${code(d.b.source)} against ${code(d.a.source)}`, '');
  const l = d.latency;
  out.push('#### Latency', '', `A: ${md(seriesText(d.a))}  `, `B: ${md(seriesText(d.b))}`, '');
  if (l) {
    out.push(`**${ICON[l.verdict]} ${md(headline(d) ?? '')}**`, '');
    out.push(`| Stat | A ms | B ms | Change ms | % | ${Math.round(l.method.confidence * 100)} % CI ms | Verdict |`, '|---|---:|---:|---:|---:|---:|---|');
    out.push(`| n | ${formatInt(l.counts[0])} | ${formatInt(l.counts[1])} | | | | |`);
    for (const x of l.changes) out.push(`| ${x.stat} | ${ms(x.aMs)} | ${ms(x.bMs)} | ${signedMs(x.changeMs)} | ${relative(x)} | ${ciText(x)} | ${x.verdict} |`);
    out.push('');
  }
  out.push('#### Frames whose self time changed most', '', `A: ${md(profileText(d.a))}  `, `B: ${md(profileText(d.b))}`, '');
  if (d.frames.length) {
    out.push('| Symbol | A | B | Change | ms | Binary |', '|---|---:|---:|---:|---:|---|');
    for (const f of d.frames) out.push(`| ${code(f.name)} | ${pct(f.aShare)} | ${pct(f.bShare)} | ${points(f.shareChange)} | ${frameMs(f)} | ${cell(f.binary ?? DASH)} |`);
    out.push('');
  }
  if (d.notes.length) {
    out.push('#### Notes', '');
    for (const n of d.notes) out.push(`- ${md(n)}`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}
