/**
 * Markdown forms of the catalogue, for a PR comment, a wiki page or a CI step summary. Text goes
 * through src/core/escape.ts; code goes into fences longer than any backtick run inside it.
 */
import { escapeMarkdownCell as cell, escapeMarkdownInline as md, markdownCode as code, stripUnsafeControls } from '../../core/escape.js';
import { aneLabel, entryKind, entryViewOf, matchedText, frontendList, nativeShort, provenanceLabel, snippetKind, type AnswerView, type EntryView, type ListingView, type ListView } from './common.js';
import { answerKind, answerNative, frontendName, MIL_INPUT_PATTERNS, otherText, registryFacts, verdictText } from './registry.js';

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
  out.push(`- **Native:** ${md(answerNative(view))}`);
  if (view.answer?.registry) for (const [label, text] of registryFacts(view.answer.registry)) out.push(`- **${md(label)}:** ${md(text)}`);
  out.push(`- **Why it fails:** ${md(entry.status.note)}`);
  out.push(`- **First fix:** ${md(view.firstFix)}`);
  for (const o of view.answer?.others ?? []) out.push(`- **Also:** ${md(otherText(o))}`);
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

/** `rewrites OP --format markdown`: the entry in full, else what the registry says. */
export function renderAnswerMarkdown(view: AnswerView): string {
  const ev = entryViewOf(view);
  if (ev) return renderRewriteEntryMarkdown(ev);
  const a = view.answer;
  const out: string[] = [];
  out.push(`### ${code(a.name)}: ${md(answerKind(a))}, no catalogue entry`);
  out.push('');
  if (a.registry) {
    out.push(`- **Native:** ${md(verdictText(a.registry))}`);
    for (const [label, text] of registryFacts(a.registry)) out.push(`- **${md(label)}:** ${md(text)}`);
  } else if (a.mil) {
    out.push(`- **Native:** ${md(`a MIL op (${a.mil.target} opset): converters emit it, so a failure is about its inputs`)}`);
  }
  out.push(`- **First fix:** ${md(view.firstFix)}`);
  for (const o of a.others) out.push(`- **Also:** ${md(otherText(o))}`);
  if (a.mil) out.push(`- **See:** ${MIL_INPUT_PATTERNS.map((p) => code(p)).join(', ')}`);
  if (a.mentionedIn.length) out.push(`- **Mentioned in:** ${a.mentionedIn.map((id) => code(id)).join(', ')}`);
  if (a.nearest.length) out.push(`- **Nearest entries:** ${a.nearest.map((id) => code(id)).join(', ')}`);
  out.push('');
  out.push(`Op registry: coremltools ${code(view.source.commit.slice(0, 8))} (${md(view.source.date)}).`);
  return out.join('\n') + '\n';
}

/** `rewrites --since R` / `--in R` as Markdown. */
export function renderListingMarkdown(view: ListingView): string {
  const out: string[] = [];
  const list = (names: readonly string[]) => names.map((n) => code(n)).join(', ');
  for (const f of view.frontends) {
    if (view.mode === 'in') {
      out.push(`### ${md(frontendName(f.frontend))}: coremltools ${md(view.release)} registers ${f.names.length} op names`, '', list(f.names) || '(none)', '');
      continue;
    }
    out.push(`### ${md(frontendName(f.frontend))}: op names added from coremltools ${md(view.release)} on`, '');
    if (!f.releases.length) out.push('None.', '');
    for (const r of f.releases) {
      const removed = r.dropped.filter((d) => d.removed).map((d) => d.name);
      const dropped = r.dropped.filter((d) => !d.removed).map((d) => d.name);
      out.push(`- **${md(r.release)}** (${md(r.date)})${r.added.length ? `, ${r.added.length} added: ${list(r.added)}` : ''}`);
      if (removed.length) out.push(`  - no longer converts: ${list(removed)}`);
      if (dropped.length) out.push(`  - keys dropped (still converted through the lookup rules): ${list(dropped)}`);
    }
    out.push('');
  }
  out.push(`Op registry: coremltools ${code(view.source.commit.slice(0, 8))} (${md(view.source.date)}); "main" is the unreleased branch.`);
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
