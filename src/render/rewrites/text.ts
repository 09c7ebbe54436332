/**
 * The terminal forms of one answer (an entry in full, or what the op registry says) and of the
 * registry by release, wrapped to the terminal width. The catalogue list is in ./list-text.ts, so
 * `rewrites OP` does not load the `table` package. Renderers only render: views in, text out.
 */
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { entryKind, entryViewOf, matchedText, frontendList, provenanceLabel, snippetKind, type AnswerView, type EntryView, type ListingView } from './common.js';
import { answerKind, answerNative, frontendName, MIL_INPUT_PATTERNS, otherText, registryFacts, verdictText } from './registry.js';

export interface RewritesTextOptions {
  colors?: Colors;
  /** Terminal width; 80 when not a terminal (files, pipes, CI logs). */
  width?: number;
}

const MIN_WIDTH = 60;

export function widthOf(opts: RewritesTextOptions): number {
  return Math.max(MIN_WIDTH, Math.min(opts.width ?? 80, 200));
}

export function renderRewriteEntryText(view: EntryView, opts: RewritesTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const width = widthOf(opts);
  const { entry } = view;
  const out: string[] = [];
  const field = (label: string, value: string) => {
    const lines = wrap(value, width - 16);
    out.push(`  ${label.padEnd(13)} ${lines[0] ?? ''}`);
    for (const l of lines.slice(1)) out.push(`  ${' '.repeat(13)} ${l}`);
  };
  out.push(...headed(c.bold(t(entry.id)), t(entry.id).length, c.dim, t(entry.title), width));
  if (view.query && view.matched && view.matched !== entry.id) field('Matched', t(matchedText(view.query, view.matched, entry.id)));
  field('Kind', t(`${entryKind(entry)}; frontends ${frontendList(entry.frontends)}`));
  if (entry.aliases.length) field('Aliases', t(entry.aliases.join(', ')));
  field('Native', t(answerNative(view)));
  const v = view.answer?.registry;
  if (v) for (const [label, text] of registryFacts(v)) field(label, t(text));
  field('Why it fails', t(entry.status.note));
  field('First fix', c.bold(t(view.firstFix)));
  for (const o of view.answer?.others ?? []) field('Also', t(otherText(o)));
  out.push('');
  out.push(c.bold('Rewrite') + (entry.milOps.length ? c.dim(`  (MIL ops: ${t(entry.milOps.join(', '))})`) : ''));
  for (const p of entry.rewrite) {
    for (const l of wrap(t(p), width - 2)) out.push(`  ${l}`);
    out.push('');
  }
  entry.snippets.forEach((s, i) => {
    const label = `Snippet ${i + 1}/${entry.snippets.length}`;
    const kind = snippetKind(s.kind);
    out.push(...headed(`${c.bold(label)} (${c.cyan(kind)}):`, label.length + kind.length + 4, (x) => x, t(s.title), width));
    // Code is shown as written: one line per source line, tabs expanded, controls made visible.
    for (const line of s.code.split('\n')) out.push(line ? `    ${t(line)}` : '');
    out.push('');
  });
  const risk = entry.ane.risk === 'high' ? c.red('off the Neural Engine') : entry.ane.risk === 'medium' ? c.yellow('runs, at a cost') : c.green('Neural Engine friendly');
  out.push(`${c.bold('Neural Engine')}  ${risk}`);
  for (const n of entry.ane.notes) pushBullet(out, t(n), width);
  pushBullet(out, t(`Cost: ${entry.ane.cost}`), width);
  out.push('');
  out.push(`${c.bold('Sources')}  ${c.dim(`(${provenanceLabel(entry.provenance)})`)}`);
  for (const s of entry.sources) {
    pushBullet(out, t(s.title), width);
    out.push(`    ${c.dim(t(s.url))}`);
  }
  return out.join('\n') + '\n';
}

/** `rewrites OP`: the entry in full when there is one, else what the registry says. */
export function renderAnswerText(view: AnswerView, opts: RewritesTextOptions = {}): string {
  const ev = entryViewOf(view);
  if (ev) return renderRewriteEntryText(ev, opts);
  const c = opts.colors ?? noColors;
  const width = widthOf(opts);
  const a = view.answer;
  const out: string[] = [];
  const field = (label: string, value: string) => {
    const lines = wrap(value, width - 16);
    out.push(`  ${label.padEnd(13)} ${lines[0] ?? ''}`);
    for (const l of lines.slice(1)) out.push(`  ${' '.repeat(13)} ${l}`);
  };
  out.push(...headed(c.bold(t(a.name)), t(a.name).length, c.dim, `${answerKind(a)}, no catalogue entry`, width));
  if (a.query.trim() !== a.name) field('Asked', t(a.query.trim()));
  if (a.registry) {
    field('Native', t(verdictText(a.registry)));
    for (const [label, text] of registryFacts(a.registry)) field(label, t(text));
  } else if (a.mil) {
    field('Native', t(`a MIL op (${a.mil.target} opset): converters emit it, so a failure is about its inputs`));
  }
  field('First fix', c.bold(t(view.firstFix)));
  for (const o of a.others) field('Also', t(otherText(o)));
  if (a.mil) field('See', t(MIL_INPUT_PATTERNS.join(', ')));
  if (a.mentionedIn.length) field('Mentioned in', t(a.mentionedIn.join(', ')));
  if (a.nearest.length) field('Nearest', t(a.nearest.join(', ')));
  out.push('');
  for (const l of wrap(t(`Op registry: coremltools ${view.source.commit.slice(0, 8)} (${view.source.date}); coreml-doctor rewrites <id> shows a catalogue entry.`), width)) out.push(c.dim(l));
  return out.join('\n') + '\n';
}

/** `rewrites --since R` / `--in R`: the registry's names by release, wrapped. */
export function renderListingText(view: ListingView, opts: RewritesTextOptions = {}): string {
  const c = opts.colors ?? noColors;
  const width = widthOf(opts);
  const out: string[] = [];
  const names = (list: readonly string[]) => {
    for (const l of wrap(list.map((n) => t(n)).join(', '), width - 4)) out.push(`    ${l}`);
  };
  for (const f of view.frontends) {
    if (out.length) out.push('');
    if (view.mode === 'in') {
      out.push(c.bold(`${frontendName(f.frontend)}: coremltools ${view.release} registers ${f.names.length} op names`));
      names(f.names);
      continue;
    }
    const added = f.releases.reduce((n, r) => n + r.added.length, 0);
    out.push(c.bold(`${frontendName(f.frontend)}: ${added} op names added from coremltools ${view.release} on`));
    if (!f.releases.length) out.push(c.dim('  none'));
    for (const r of f.releases) {
      out.push(`  ${c.bold(r.release)} ${c.dim(`(${r.date})`)}${r.added.length ? ` adds ${r.added.length}:` : ''}`);
      if (r.added.length) names(r.added);
      const dropped = r.dropped.filter((d) => !d.removed).map((d) => d.name);
      const removed = r.dropped.filter((d) => d.removed).map((d) => d.name);
      if (removed.length) {
        out.push(`    ${c.yellow('no longer converts')}:`);
        names(removed);
      }
      if (dropped.length) {
        out.push(`    ${c.dim('keys dropped (the spellings still convert through the lookup rules)')}:`);
        names(dropped);
      }
    }
  }
  out.push('');
  for (const l of wrap(`Op registry: coremltools ${view.source.commit.slice(0, 8)} (${view.source.date}); "main" is the unreleased branch.`, width)) out.push(c.dim(l));
  return out.join('\n') + '\n';
}

/** A heading followed by text: on one line when it fits, else the text wrapped below it, indented. */
function headed(head: string, headLength: number, style: (s: string) => string, text: string, width: number): string[] {
  const sep = head.endsWith(':') ? ' ' : '  ';
  if (headLength + sep.length + text.length <= width) return [`${head}${sep}${style(text)}`];
  return [head, ...wrap(text, width - 2).map((l) => `  ${style(l)}`)];
}

function pushBullet(out: string[], text: string, width: number): void {
  const lines = wrap(text, width - 4);
  out.push(`  • ${lines[0] ?? ''}`);
  for (const l of lines.slice(1)) out.push(`    ${l}`);
}

/** Greedy word wrap; words longer than the width (URLs) stay whole on their own line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if (visibleLength(line) + 1 + visibleLength(word) <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}
