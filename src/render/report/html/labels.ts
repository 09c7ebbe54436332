/**
 * Chart labels that never write over each other: a width estimate for SVG text (the page's fonts,
 * Helvetica / Arial / San Francisco, measured by Helvetica's advance widths with a margin for the
 * wider ones), wrapping of long category names, and the placement of reference-line labels
 * (p50, p99, budget) in rows above a plot so that no label overlaps another or crosses another
 * mark's line.
 */

/** Helvetica advance widths of printable ASCII (space to ~), in 1/1000 em. */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** San Francisco and Segoe UI run a few per cent wider than Helvetica; bold about 8 % more. */
const MARGIN = 1.08;
const BOLD = 1.08;

/** The width in pixels of `text` set at `fontPx` (an upper estimate, for layout). */
export function textWidth(text: string, fontPx: number, bold = false): number {
  let units = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c >= 32 && c <= 126) units += ASCII_WIDTHS[c - 32] as number;
    else if (c >= 0x2e80) units += 1000; // CJK and other wide scripts
    else units += 640; // accented letters, −, ≥, ×, …
  }
  return (units / 1000) * fontPx * MARGIN * (bold ? BOLD : 1);
}

/**
 * `text` in at most `maxLines` lines of at most `px` pixels, broken between words; a word longer
 * than a line is cut, and what does not fit ends in "…". One line when it fits.
 */
export function wrapText(text: string, px: number, fontPx: number, maxLines = 2): string[] {
  if (textWidth(text, fontPx) <= px) return [text];
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    const word = words[i] as string;
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next, fontPx) <= px) {
      line = next;
      i++;
      continue;
    }
    if (line) {
      lines.push(line);
      line = '';
      continue;
    }
    // A single word wider than the line: cut it.
    lines.push(clip(word, px, fontPx));
    i++;
  }
  if (line && lines.length < maxLines) lines.push(line);
  if (i < words.length) {
    const last = lines.length - 1;
    lines[last] = clip(`${lines[last] as string} ${words.slice(i).join(' ')}`, px, fontPx);
  }
  return lines;
}

/** `text` cut to `px` pixels, ending in "…" when cut. */
export function clip(text: string, px: number, fontPx: number): string {
  if (textWidth(text, fontPx) <= px) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', fontPx) <= px) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : chars.slice(0, lo).join('') + '…';
}

export interface Mark {
  /** The mark's x in the chart. */
  x: number;
  label: string;
}

export interface PlacedLabel {
  /** Label row, 0 the highest. */
  row: number;
  anchor: 'start' | 'end';
  /** Where the text is drawn (its anchor point). */
  textX: number;
  /** The label's extent. */
  x0: number;
  x1: number;
}

export interface LabelLayout {
  labels: PlacedLabel[];
  /** Rows used (0 when there is no mark). */
  rows: number;
}

const GAP = 6;
const MAX_SEARCH = 5;
const PAD = 3;

/**
 * Puts each mark's label in a row above the plot, beside its line (right of it, or left when that
 * side has no room): no two labels in a row overlap, and no label crosses the line of a mark
 * labelled in a higher row (those lines run down through the lower rows). Of the layouts that keep
 * these rules, the one with the fewest rows wins, then the one with most labels right of their
 * line. Labels stay within [minX, maxX].
 */
export function placeLabels(marks: readonly Mark[], fontPx: number, minX: number, maxX: number): LabelLayout {
  const n = marks.length;
  if (n === 0) return { labels: [], rows: 0 };
  const widths = marks.map((m) => textWidth(m.label, fontPx, true));
  const option = (i: number, row: number, anchor: 'start' | 'end'): PlacedLabel => {
    const m = marks[i] as Mark;
    const w = widths[i] as number;
    let x0 = anchor === 'start' ? m.x + PAD : m.x - PAD - w;
    x0 = Math.min(Math.max(x0, minX), Math.max(minX, maxX - w));
    return { row, anchor, textX: anchor === 'start' ? x0 : x0 + w, x0, x1: x0 + w };
  };
  // Whether label a (of mark i) and label b (of mark j) can be drawn together.
  const clash = (i: number, la: PlacedLabel, j: number, lb: PlacedLabel): boolean => {
    if (la.row === lb.row && la.x0 < lb.x1 + GAP && lb.x0 < la.x1 + GAP) return true;
    // A mark's line runs from its label's row down: it must not pass through a lower label.
    const xi = (marks[i] as Mark).x;
    const xj = (marks[j] as Mark).x;
    if (lb.row < la.row && xj > la.x0 - PAD && xj < la.x1 + PAD) return true;
    if (la.row < lb.row && xi > lb.x0 - PAD && xi < lb.x1 + PAD) return true;
    return false;
  };
  let best: LabelLayout | null = null;
  let bestScore = Infinity;
  const choice: PlacedLabel[] = [];
  const search = (i: number, rows: number, ends: number): void => {
    if (rows * 100 + ends >= bestScore) return;
    if (i === n) {
      bestScore = rows * 100 + ends;
      best = { labels: [...choice], rows };
      return;
    }
    for (let row = 0; row < n; row++) {
      for (const anchor of ['start', 'end'] as const) {
        const l = option(i, row, anchor);
        choice.length = i;
        if (choice.some((c, j) => clash(i, l, j, c))) continue;
        choice[i] = l;
        search(i + 1, Math.max(rows, row + 1), ends + (anchor === 'end' ? 1 : 0));
      }
    }
  };
  // Marks are few (p50, p99, a budget or two); past MAX_SEARCH each gets its own row.
  if (n <= MAX_SEARCH) search(0, 0, 0);
  // No layout keeps the rules only when labels are wider than the chart: one row each, then.
  return best ?? { labels: marks.map((_, i) => option(i, i, 'start')), rows: n };
}
