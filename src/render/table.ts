/**
 * Tables for the terminal that fit its width (80 columns off a terminal). A table too wide for the
 * line is laid out narrower, in this order, stopping as soon as it fits:
 *   1. headers wrap at their spaces (`Core ML runtime` over two lines);
 *   2. rows become blocks of lines: a column marked `under` goes beneath the one before it (a
 *      "vs base" change under the figure it compares), `wrap` columns word-wrap;
 *   3. `shrinkTo` columns that may be dropped are shortened (src/core/shorten.ts: what identifies a
 *      name stays);
 *   4. `drop` columns are left out, highest first, and named in a note under the table; then the
 *      other `shrinkTo` columns are shortened;
 *   5. at last each row becomes a record: its first cell, then `head value` pairs wrapped to the width.
 * Box drawing never wraps.
 */
import { getBorderCharacters, table, type TableUserConfig } from 'table';
import { shorten } from '../core/shorten.js';
import { wrap } from '../core/wrap.js';

export interface ColumnSpec {
  head: string;
  align?: 'left' | 'right';
  /** Left out when the table is too wide, highest first; never when absent. */
  drop?: number;
  /** Goes beneath the column before it when the table is too wide. */
  under?: boolean;
  /** Word-wraps down to this width once rows are blocks of lines. */
  wrap?: number;
  /** May be shortened to this width. */
  shrinkTo?: number;
}

export interface FittedTable {
  text: string;
  /** Heads of the columns left out. */
  hidden: string[];
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Terminal columns of a line: code points without colour codes. */
export function displayWidth(s: string): number {
  let n = 0;
  for (const _ of s.replace(ANSI, '')) n++;
  return n;
}

function cellWidth(s: string): number {
  return Math.max(0, ...s.split('\n').map(displayWidth));
}

/** Word-wraps at spaces to `w` columns (a longer word stays whole). */
function wrapWords(s: string, w: number): string {
  if (displayWidth(s) <= w || s.includes('\u001b')) return s;
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    if (line && displayWidth(line) + 1 + displayWidth(word) > w) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

interface Layout {
  cols: ColumnSpec[];
  /** The heads as given (stacked ones joined by a newline), which `heads` wraps. */
  raw: string[];
  heads: string[];
  rows: string[][];
  blocks: boolean;
}

function tableWidth(l: Layout): number {
  const widths = l.heads.map((h, i) => Math.max(cellWidth(h), ...l.rows.map((r) => cellWidth(r[i] ?? ''))));
  return widths.reduce((a, b) => a + b, 0) + 3 * widths.length + 1;
}

/** Headers wrapped at spaces, each to the width of its column's widest cell (or its longest word). */
function wrapHeads(l: Layout): Layout {
  const heads = l.raw.map((h, i) => {
    const cells = Math.max(0, ...l.rows.map((r) => cellWidth(r[i] ?? '')));
    // A stacked head (`Size` over `vs base`) wraps each of its parts, each to two lines at most.
    return h
      .split('\n')
      .map((part) => {
        let w = Math.max(cells, ...part.split(' ').map(displayWidth));
        while (wrapWords(part, w).split('\n').length > 2) w++;
        return wrapWords(part, w);
      })
      .join('\n');
  });
  return { ...l, heads };
}

/** `under` columns beneath the ones before them, `wrap` columns wrapped: rows become blocks. */
function stack(l: Layout): Layout {
  const cols: ColumnSpec[] = [];
  const heads: string[] = [];
  const raw: string[] = [];
  const rows: string[][] = l.rows.map(() => []);
  l.cols.forEach((c, i) => {
    if (c.under && cols.length) {
      const j = cols.length - 1;
      heads[j] = `${heads[j]}\n${l.heads[i]}`;
      raw[j] = `${raw[j]}\n${l.raw[i]}`;
      l.rows.forEach((r, k) => {
        const v = r[i] ?? '';
        (rows[k] as string[])[j] = v ? `${(rows[k] as string[])[j]}\n${v}` : ((rows[k] as string[])[j] as string);
      });
      return;
    }
    cols.push(c);
    heads.push(l.heads[i] as string);
    raw.push(l.raw[i] as string);
    l.rows.forEach((r, k) => (rows[k] as string[]).push(c.wrap ? wrapWords(r[i] ?? '', c.wrap) : (r[i] ?? '')));
  });
  return { cols, raw, heads, rows, blocks: true };
}

/** `shrinkTo` columns (of those `which` picks) shortened to what the line leaves them, not below shrinkTo. */
function shrink(l: Layout, width: number, which: (c: ColumnSpec) => boolean): Layout {
  let out = l;
  out.cols.forEach((c, i) => {
    if (c.shrinkTo === undefined || !which(c)) return;
    const over = tableWidth(out) - width;
    if (over <= 0) return;
    const current = Math.max(...out.rows.map((r) => cellWidth(r[i] ?? '')));
    const target = Math.max(c.shrinkTo, current - over, displayWidth(out.heads[i] ?? ''));
    const rows = out.rows.map((r) => r.map((v, k) => (k === i && !v.includes('\n') && !v.includes('\u001b') ? shorten(v, target) : v)));
    out = { ...out, rows };
  });
  return out;
}

function without(l: Layout, i: number): Layout {
  const keep = (_: unknown, k: number) => k !== i;
  return { cols: l.cols.filter(keep), raw: l.raw.filter(keep), heads: l.heads.filter(keep), rows: l.rows.map((r) => r.filter(keep)), blocks: l.blocks };
}

function draw(l: Layout): string {
  const config: TableUserConfig = {
    border: getBorderCharacters('norc'),
    // Blocks of lines need a rule between rows to read as rows.
    drawHorizontalLine: (i, n) => l.blocks || i === 0 || i === 1 || i === n,
    columns: l.cols.map((c) => ({ alignment: c.align ?? 'left' })),
  };
  return table([l.heads, ...l.rows], config);
}

/** Each row as its first cell, then `head value` pairs, wrapped to `width`. */
function records(l: Layout, width: number): string {
  const out: string[] = [];
  for (const r of l.rows) {
    out.push((r[0] ?? '').replace(/\n/g, ' '));
    const pairs = l.heads.slice(1).map((h, i) => `${h.replace(/\n/g, ' ')} ${(r[i + 1] ?? '').replace(/\n/g, ' ')}`);
    let line = ' ';
    for (const p of pairs) {
      if (line.trim() && displayWidth(line) + 3 + displayWidth(p) > width) {
        out.push(line);
        line = ' ';
      }
      line = line.trim() ? `${line} · ${p}` : `  ${p}`;
    }
    if (line.trim()) out.push(line);
  }
  return out.join('\n') + '\n';
}

/** The table laid out to fit `width` columns (see the file's comment). */
export function fitTable(cols: readonly ColumnSpec[], rows: readonly (readonly string[])[], width: number): FittedTable {
  const natural: Layout = { cols: [...cols], raw: cols.map((c) => c.head), heads: cols.map((c) => c.head), rows: rows.map((r) => [...r]), blocks: false };
  let l = natural;
  const fits = () => tableWidth(l) <= width;
  const hidden: string[] = [];
  if (!fits()) l = wrapHeads(natural);
  if (!fits() && cols.some((c) => c.under || c.wrap)) {
    l = stack(natural);
    if (!fits()) l = wrapHeads(l);
  }
  // Columns that may go are shortened before any goes; the others only when dropping is not enough.
  if (!fits()) l = shrink(l, width, (c) => c.drop !== undefined);
  while (!fits()) {
    let at = -1;
    l.cols.forEach((c, i) => {
      if (c.drop !== undefined && (at === -1 || c.drop > (l.cols[at]?.drop ?? 0))) at = i;
    });
    if (at === -1) break;
    hidden.push((l.raw[at] as string).replace(/\n/g, ' '));
    l = wrapHeads(without(l, at));
  }
  if (!fits()) l = shrink(l, width, () => true);
  if (!fits()) return { text: records(l, width), hidden };
  return { text: draw(l), hidden };
}

/** The note under a table that left columns out, wrapped to the width. */
export function hiddenNote(hidden: readonly string[], width: number): string[] {
  if (!hidden.length) return [];
  return wrap(`(not shown at ${width} columns: ${hidden.join(', ')}; see --json)`, width, ' ');
}
