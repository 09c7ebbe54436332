/**
 * The terminal summary of a conversion log: the outcome and the failing op (with its node and fix)
 * first, then every diagnostic with what it means. Every string from the log is sanitised for the
 * terminal. Renderers only render: they take the model and return text.
 */
import { noColors, type Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import type { ConversionLog, Diagnostic, Severity, Stage, UnsupportedOp } from '../../convlog/model.js';
import { frontendLabel, mainStages, outcomeWord as wordFor, severityOrder, shownConversions, stageProgress, versionRangeNote } from './common.js';
import { clipWords } from '../../core/strings.js';

export interface TextRenderOptions {
  colors?: Colors;
  /** Show info-level diagnostics too. */
  verbose?: boolean;
  /** Longest message shown before it is cut (the JSON keeps it whole). */
  maxMessage?: number;
  /** Terminal width; 80 when not a terminal (files, pipes, CI logs). */
  width?: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s: string): number => [...s.replace(ANSI, '')].length;

/**
 * A line of the summary at `width` columns: words that do not fit go on the next lines, which
 * start at `indent` (the column the text of the line starts at). A word longer than the room (a
 * path, a URL) stays whole. Colour codes take no room.
 */
function fit(line: string, width: number, indent: number): string[] {
  if (visible(line) <= width) return [line];
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  // The line's own leading spaces stay: words are what wrap.
  const lead = /^ */.exec(line)?.[0] ?? '';
  let cur = lead;
  let curLen = lead.length;
  let fresh = true;
  for (const word of line.slice(lead.length).split(' ')) {
    const w = visible(word);
    if (!fresh && curLen + 1 + w > width) {
      lines.push(cur);
      cur = pad + word;
      curLen = indent + w;
      fresh = false;
      continue;
    }
    cur = fresh ? cur + word : `${cur} ${word}`;
    curLen += fresh ? w : 1 + w;
    // Runs of spaces (column alignment) are kept as empty words.
    fresh = false;
  }
  lines.push(cur);
  return lines;
}

const clip = clipWords;

export function renderLogText(log: ConversionLog, opts: TextRenderOptions = {}): string {
  const c = opts.colors ?? noColors;
  const max = opts.maxMessage ?? 240;
  const width = Math.max(60, Math.min(opts.width ?? 80, 1000));
  const lines: string[] = [];
  // Each line is fitted to the width as it is added, its continuation lines at the column its text starts.
  const out = {
    push: (...ls: string[]) => {
      for (const l of ls) lines.push(...fit(l, width, textColumn(l)));
    },
  };
  const outcomeWord =
    log.outcome === 'failed' ? c.red(c.bold('FAILED')) : log.outcome === 'converted' ? c.green(c.bold('CONVERTED')) : c.yellow(c.bold('UNKNOWN'));
  out.push(`${c.bold('Conversion log')} ${t(log.source)}`);
  out.push(`  Outcome       ${outcomeWord}  ${t(log.outcomeReason)}`);
  out.push(`  Frontend      ${frontendLabel(log)}`);
  const ct = log.coremltools;
  if (ct.value) {
    const how = ct.source === 'printed' ? 'printed' : `inferred from ${t(clip(ct.evidence ?? '', 90))}`;
    const wide = versionRangeNote(ct);
    out.push(`  coremltools   ${t(ct.value)} ${c.dim(`(${how}${ct.line ? `, line ${ct.line}` : ''}${wide ? `; ${wide}` : ''})`)}`);
  } else {
    out.push(`  coremltools   ${c.dim('not shown in the log')}`);
  }
  const versions = Object.entries(log.versions).map(([k, v]) => `${k} ${t(v)}`);
  if (log.platform) versions.push(`on ${t(log.platform)}`);
  if (versions.length) out.push(`  Environment   ${versions.join(', ')}`);
  const { main, nested } = mainStages(log.stages);
  if (main.length) {
    const more = nested ? c.dim(` (and ${nested} loop-body bar${nested === 1 ? '' : 's'} inside)`) : '';
    out.push(`  Stages        ${main.map((s) => stageLine(s)).join(c.dim(' → '))}${more}${log.conversionCount > 1 ? c.dim(`  (run ${decidingIndex(log)})`) : ''}`);
  }
  if (log.cut.start || log.cut.end) {
    const where = [log.cut.start ? 'at its start' : '', log.cut.end ? 'at its end' : ''].filter(Boolean).join(' and ');
    out.push(`  ${c.yellow('Note')}          the log looks cut ${where}: findings cover only what it shows`);
  }
  if (log.truncatedLines) out.push(`  ${c.yellow('Note')}          ${log.truncatedLines} very long line(s) were read only in part`);

  if (log.conversionCount > 1) {
    out.push('');
    out.push(c.bold(`Conversions (${log.conversionCount})`));
    const { items, hidden, at } = shownConversions(log.conversions);
    const width = Math.min(24, Math.max(5, ...items.map((x) => (x.model ?? '').length)));
    items.forEach((conv, i) => {
      if (hidden && i === at) out.push(c.dim(`  … ${hidden + log.conversionsDropped} more`));
      const word = wordFor(conv.outcome);
      const colored = conv.outcome === 'failed' ? c.red(word) : conv.outcome === 'converted' ? c.green(word) : c.yellow(word);
      const name = t(conv.model ?? '-').padEnd(width);
      out.push(`  ${String(conv.index).padStart(3)}  ${name}  ${colored}${' '.repeat(11 - word.length)}${c.dim(`lines ${conv.lines.first}-${conv.lines.last}`)}  ${t(clip(conv.outcomeReason, 120))}`);
    });
  }

  const ops = [...log.unsupportedOps].sort((a, b) => (a.status === b.status ? (a.lines[0] ?? 0) - (b.lines[0] ?? 0) : a.status === 'unsupported' ? -1 : 1));
  if (ops.length) {
    out.push('');
    out.push(c.bold(`Ops that did not convert (${ops.length})`));
    for (const op of ops) out.push(...opLines(op, c, max));
  } else if (log.outcome === 'failed') {
    out.push('');
    out.push(c.dim('No op is named: the log does not show which op failed.'));
  }

  const shown = log.diagnostics.filter((d) => opts.verbose || d.severity !== 'info' || !log.unsupportedOps.length);
  const diags = [...shown].sort((a, b) => severityOrder(a.severity) - severityOrder(b.severity) || a.line - b.line);
  const counts = countBy(log.diagnostics.map((d) => d.severity));
  out.push('');
  const summary = (['error', 'warning', 'info'] as const)
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 ? '' : s === 'info' ? '' : 's'}`)
    .join(', ');
  out.push(c.bold(`Diagnostics (${summary || 'none'})`));
  const explained = new Set<string>();
  for (const d of diags) {
    out.push(...diagLines(d, c, max, !explained.has(d.id)));
    explained.add(d.id);
  }
  const hidden = log.diagnostics.length - diags.length;
  if (hidden > 0) out.push(c.dim(`  … and ${hidden} info message(s): --verbose shows them`));
  return lines.join('\n') + '\n';
}

/** Where a line's text starts, for its continuation lines: after `  Label   `, `line N  severity category`, `cause  `, `→ `. */
function textColumn(line: string): number {
  const plain = line.replace(ANSI, '');
  const arrow = /^ +→ /.exec(plain);
  if (arrow) return [...arrow[0]].length;
  if (/^  line \d/.test(plain)) return 20;
  const field = /^( {2}\S+ {2,}| {6}\S+ {2,}| {13})/.exec(plain);
  if (field) return Math.min([...field[0]].length, 24);
  if (/^ {2}[✖…] /.test(plain)) return 4;
  if (/^ +\d+ {2}/.test(plain)) return 7;
  return 4;
}

function decidingIndex(log: ConversionLog): number {
  const same = log.conversions.find((x) => x.stages.length === log.stages.length && x.stages.every((s, i) => s.line === log.stages[i]?.line));
  return same?.index ?? log.conversionCount;
}

function stageLine(s: Stage): string {
  return `${t(s.name)} ${stageProgress(s)}`;
}

function opLines(op: UnsupportedOp, c: Colors, max: number): string[] {
  const mark = op.status === 'unsupported' ? c.red('✖') : c.yellow('✖');
  const status = op.status === 'unsupported' ? 'no converter' : `converter failed (${op.category})`;
  const lines = [`  ${mark} ${c.bold(t(op.op))}  ${c.dim(`${op.frontend}, ${status}, line ${op.lines.join(', ')}${op.model ? `, in ${t(op.model)}` : ''}`)}`];
  if (op.nodes.length) lines.push(`      node   ${t(op.nodes.join(', '))}`);
  lines.push(`      cause  ${t(clip(op.cause, max))}`);
  const a = op.rewrite;
  if (a) {
    lines.push(`      fix    ${t(clip(a.firstFix, max))}`);
    // `rewrites OP` shows a rewrite and a snippet only for ops with a catalogue entry; for others, what each release does.
    lines.push(c.dim(`             coreml-doctor rewrites ${t(a.id)}  (${a.inCatalogue === false ? 'which releases convert it' : 'the full rewrite and snippet'})`));
  }
  return lines;
}

function diagLines(d: Diagnostic, c: Colors, max: number, explain: boolean): string[] {
  const sev = d.severity === 'error' ? c.red('error  ') : d.severity === 'warning' ? c.yellow('warning') : c.dim('info   ');
  const count = d.count > 1 ? c.bold(` ×${d.count}`) : '';
  const where = `line ${d.line}`.padEnd(9);
  const msg = d.folded ? `${clip(d.message, max)} (and other messages of this kind)` : clip(d.message, max);
  const head = `  ${where} ${sev} ${c.cyan(d.category)}${count}${d.model ? c.dim(` in ${t(d.model)}`) : ''}  ${t(msg)}`;
  return explain ? [head, `  ${' '.repeat(9)}         ${c.dim('→ ' + t(d.explanation))}`] : [head];
}

function countBy(items: Severity[]): Map<Severity, number> {
  const m = new Map<Severity, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}
