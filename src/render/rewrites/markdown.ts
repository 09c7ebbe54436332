/**
 * Markdown forms of the catalogue, for a PR comment, a wiki page or a CI step summary. Text goes
 * through src/core/escape.ts; code goes into fences longer than any backtick run inside it.
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code, stripUnsafeControls } from '../../core/escape.js';
import { aneLabel, entryKind, matchedText, frontendList, nativeLong, nativeShort, provenanceLabel, snippetKind, type EntryView, type ListView } from './common.js';

export function renderRewriteListMarkdown(view: ListView): string {
  const out: string[] = [];
  const filters = [view.filters.frontend ? `frontend ${view.filters.frontend}` : '', view.filters.ane ? 'Neural Engine relevant' : ''].filter(Boolean);
  out.push(`### Core ML rewrites: ${view.entries.length} of ${view.total} entries${filters.length ? ` (${md(filters.join(', '))})` : ''}`);
  out.push('');
  if (!view.entries.length) {
    out.push('No entry matches these filters.');
    return out.join('\n') + '\n';
  }
  out.push('| Op / pattern | Frontends | Native | ANE | Rewrite |');
  out.push('|---|---|---|---|---|');
  for (const { entry } of view.entries) {
    out.push(`| ${code(entry.id)} | ${cell(frontendList(entry.frontends))} | ${cell(nativeShort(entry))} | ${aneLabel(entry.ane.risk)} | ${cell(entry.summary)} |`);
  }
  return out.join('\n') + '\n';
}

export function renderRewriteEntryMarkdown(view: EntryView): string {
  const { entry } = view;
  const out: string[] = [];
  out.push(`### ${code(entry.id)}: ${md(entry.title)}`);
  out.push('');
  if (view.query && view.matched && view.matched !== entry.id) out.push(`- **Matched:** ${md(matchedText(view.query, view.matched, entry.id))}`);
  out.push(`- **Kind:** ${md(entryKind(entry))}; frontends ${md(frontendList(entry.frontends))}`);
  if (entry.aliases.length) out.push(`- **Aliases:** ${entry.aliases.map((a) => code(a)).join(', ')}`);
  out.push(`- **Native:** ${md(nativeLong(entry))}`);
  out.push(`- **Why it fails:** ${md(entry.status.note)}`);
  out.push(`- **First fix:** ${md(view.firstFix)}`);
  out.push('');
  out.push('#### Rewrite');
  out.push('');
  for (const p of entry.rewrite) {
    out.push(md(p));
    out.push('');
  }
  if (entry.milOps.length) {
    out.push(`MIL ops: ${entry.milOps.map((o) => code(o)).join(', ')}`);
    out.push('');
  }
  entry.snippets.forEach((s, i) => {
    out.push(`#### Snippet ${i + 1}: ${md(snippetKind(s.kind))}: ${md(s.title)}`);
    out.push('');
    out.push(fence(s.code, 'python'));
    out.push('');
  });
  out.push(`#### Neural Engine: ${md(aneLabel(entry.ane.risk))}`);
  out.push('');
  for (const n of entry.ane.notes) out.push(`- ${md(n)}`);
  out.push(`- **Cost:** ${md(entry.ane.cost)}`);
  out.push('');
  out.push(`#### Sources (${md(provenanceLabel(entry.provenance))})`);
  out.push('');
  for (const s of entry.sources) out.push(`- ${md(s.title)}: <${s.url.replace(/[<>\s]/g, encodeURIComponent)}>`);
  return out.join('\n') + '\n';
}

/** A fenced code block that the code cannot close: the fence is longer than any backtick run in it. */
export function fence(raw: string, lang: string): string {
  const text = stripUnsafeControls(raw);
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text}\n${f}`;
}
