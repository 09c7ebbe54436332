/**
 * The text after a command's options in `--help` (examples, notes, exit codes), written as data and
 * laid out at the help's width: the terminal's, or 80 columns off a terminal. Nothing in it is
 * hard-wrapped: sentences are wrapped here, commands too long for the line are continued with `\`,
 * an example whose explanation does not fit beside it gets it on the next line.
 */
import type { Command } from 'commander';
import { wrap } from '../core/wrap.js';
import type { CliIO } from './io.js';

/** `[command, what it does]`; the explanation may be empty. */
export type HelpExample = readonly [command: string, what?: string];

export interface HelpSection {
  title: string;
  /** Commands, one an item, each with what it does. */
  examples?: readonly HelpExample[];
  /** Paragraphs (each wrapped on its own). */
  notes?: readonly string[];
}

export interface AfterHelp {
  sections: readonly HelpSection[];
  /** Exit code → what it means. */
  exitCodes?: readonly (readonly [code: number, meaning: string])[];
  /** Paragraphs after the exit codes. */
  notes?: readonly string[];
}

/** The narrowest width help is laid out for (below it, lines are left as they are). */
const MIN_WIDTH = 40;
/** The explanations of examples start in this column at most. */
const MAX_EXAMPLE_COLUMN = 48;

/** The width help is laid out for: the terminal's, or 80 columns off a terminal. */
export function helpWidth(io: CliIO): number {
  const cols = io.stdout.isTTY ? io.stdout.columns : undefined;
  return cols && cols > 0 ? Math.max(MIN_WIDTH, cols) : 80;
}

/**
 * A shell command in lines of at most `width` columns: broken at spaces outside quotes, each line
 * but the last ending with ` \`, the lines after the first indented by `indent` more.
 */
export function wrapCommand(command: string, width: number, indent = '    '): string[] {
  const words = shellWords(command);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const room = width - (lines.length ? indent.length : 0) - 2; // 2: the ` \` a continued line ends with
    if (line && line.length + 1 + w.length > room) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? indent : '') + l + (i < lines.length - 1 ? ' \\' : ''));
}

/** Words of a shell command, a quoted string (with its spaces) staying one word. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  for (const ch of command) {
    if (quote) {
      word += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      word += ch;
      quote = ch;
    } else if (ch === ' ') {
      if (word) words.push(word);
      word = '';
    } else word += ch;
  }
  if (word) words.push(word);
  // A redirection or pipe stays with the word after it.
  const glued: string[] = [];
  for (const w of words) {
    const prev = glued[glued.length - 1];
    if (prev !== undefined && /^(?:[<>|]|>>|2>&1)$/.test(prev)) glued[glued.length - 1] = `${prev} ${w}`;
    else glued.push(w);
  }
  return glued;
}

/**
 * The column explanations start in: the one that puts the most explanations beside their commands
 * (the narrowest of equals), at most MAX_EXAMPLE_COLUMN.
 */
function exampleColumn(examples: readonly HelpExample[], width: number): number {
  const needs = examples.filter(([, what]) => what).map(([cmd]) => cmd.length + 2);
  let best = { column: Math.min(MAX_EXAMPLE_COLUMN, Math.max(0, ...needs)), fits: -1 };
  for (const column of [...new Set(needs)].filter((c) => c <= MAX_EXAMPLE_COLUMN).sort((a, b) => a - b)) {
    const fits = examples.filter(([cmd, what]) => what && cmd.length + 2 <= column && what.length <= width - 2 - column).length;
    if (fits > best.fits) best = { column, fits };
  }
  return best.column;
}

/** Examples as two columns when they fit, else each explanation under its command. */
function renderExamples(examples: readonly HelpExample[], width: number): string[] {
  const lead = '  ';
  const column = exampleColumn(examples, width);
  const out: string[] = [];
  for (const [cmd, what] of examples) {
    const cmdLines = wrapCommand(cmd, width - lead.length).map((l) => lead + l);
    if (!what) {
      out.push(...cmdLines);
      continue;
    }
    if (cmdLines.length === 1 && cmd.length + 2 <= column && what.length <= width - lead.length - column) {
      out.push((cmdLines[0] as string).padEnd(lead.length + column) + what);
      continue;
    }
    out.push(...cmdLines);
    const under = lead + '    ';
    out.push(...wrap(what, width - under.length, '', 0).map((l) => under + l));
  }
  return out;
}

/** A paragraph wrapped to `width`, its lines after the first indented by `hang`. */
function paragraph(text: string, width: number, lead = '', hang = ''): string[] {
  const lines = wrap(text, width - lead.length, hang, 0);
  return lines.map((l) => lead + l);
}

/** The after-options help laid out for `width` columns. */
export function renderAfterHelp(help: AfterHelp, width: number): string {
  const out: string[] = [];
  for (const s of help.sections) {
    out.push('', `${s.title}:`);
    if (s.examples) out.push(...renderExamples(s.examples, width));
    for (const n of s.notes ?? []) out.push(...paragraph(n, width, '  '));
  }
  if (help.exitCodes?.length) {
    out.push('', 'Exit codes:');
    for (const [code, meaning] of help.exitCodes) out.push(...paragraph(`${code}  ${meaning}`, width, '  ', '   '));
  }
  if (help.notes?.length) {
    out.push('');
    for (const n of help.notes) out.push(...paragraph(n, width));
  }
  return out.join('\n');
}

/** Adds the after-options help to a command, laid out when it is shown, at the width of `io`'s stdout. */
export function addAfterHelp(cmd: Command, io: CliIO, help: AfterHelp): Command {
  return cmd.addHelpText('after', () => renderAfterHelp(help, helpWidth(io)));
}
