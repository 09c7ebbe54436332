/**
 * The report's charts as inline SVG: horizontal bars per step against budget lines, latency
 * histograms (small multiples on shared bins) and engine shares as 100 % stacked bars. Colours come
 * from CSS classes (the page's stylesheet), so the charts follow the light and dark themes. Every
 * label from an input is escaped; every bar has a <title> for its exact value.
 */
import { binCounts, type Binning } from './histogram.js';
import { formatPercent } from '../../../core/units.js';
import { placeLabels, textWidth, wrapText, type PlacedLabel } from './labels.js';
import { esc, n, niceStep, tickLabel, ticks } from './svg.js';

export interface BarSeries {
  name: string;
  /** CSS class of the bars (colour). */
  cls: string;
  values: (number | null)[];
}

export interface RefLine {
  value: number;
  label: string;
  cls: string;
}

export interface BarChartSpec {
  id: string;
  /** Accessible name of the chart. */
  title: string;
  categories: string[];
  series: BarSeries[];
  lines: RefLine[];
  format: (v: number) => string;
  /** Axis unit, shown after the last tick. */
  unit: string;
  /** Text for a missing value. */
  missing?: string;
}

const WIDTH = 760;
const VALUE_W = 96;
const BAR_H = 13;
const BAR_GAP = 3;
/** Font sizes in chart units; a chart is drawn at about 1:1 at 800 px and at most 1.26:1. */
const FONT = 11;
const REF_FONT = 11;
const LINE_H = 13;
/** Category labels take the room their longest name needs, between these (then they wrap). */
const LABEL_MIN = 90;
const LABEL_MAX = 250;

/** The width of the category column and each category's label lines (two at most). */
function categoryLabels(categories: readonly string[]): { width: number; lines: string[][] } {
  const widest = Math.max(0, ...categories.map((c) => textWidth(c, FONT)));
  const width = Math.min(LABEL_MAX, Math.max(LABEL_MIN, Math.ceil(widest) + 14));
  return { width, lines: categories.map((c) => wrapText(c, width - 14, FONT, 2)) };
}

/**
 * Reference lines with their labels in rows above the plot, placed apart: the lines (to draw under
 * value labels) and the labels (to draw last).
 */
function refMarks(marks: { x: number; label: string; cls: string; title: string }[], top: number, plotBottom: number, minX: number, maxX: number): { lines: string; labels: string } {
  const layout = placeLabels(marks, REF_FONT, minX, maxX);
  const lines: string[] = [];
  const labels: string[] = [];
  marks.forEach((m, i) => {
    const l = layout.labels[i] as PlacedLabel;
    const ly = top + (l.row + 1) * LINE_H - 3;
    lines.push(`<line class="ref ${esc(m.cls)}" x1="${n(m.x)}" x2="${n(m.x)}" y1="${n(ly + 3)}" y2="${n(plotBottom)}"><title>${esc(m.title)}</title></line>`);
    labels.push(`<text class="reflabel ${esc(m.cls)}" x="${n(l.textX)}" y="${n(ly)}" text-anchor="${l.anchor}">${esc(m.label)}</text>`);
  });
  return { lines: lines.join(''), labels: labels.join('') };
}

/** Rows of reference labels the marks need. */
function refRows(marks: { x: number; label: string }[], minX: number, maxX: number): number {
  return placeLabels(marks, REF_FONT, minX, maxX).rows;
}

export function barChart(spec: BarChartSpec): string {
  const cats = categoryLabels(spec.categories);
  const labelW = cats.width;
  const plotW = WIDTH - labelW - VALUE_W;
  const twoLines = cats.lines.some((l) => l.length > 1);
  const rowH = Math.max(spec.series.length * (BAR_H + BAR_GAP) + 10, twoLines ? 2 * LINE_H + 8 : 0);
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = Math.max(0, ...values, ...spec.lines.map((l) => l.value));
  const axis = ticks(max * 1.04, 5);
  const x = (v: number) => labelW + (Math.max(0, v) / axis.top) * plotW;
  const marks = spec.lines.map((l) => ({ x: x(l.value), label: l.label, cls: l.cls, title: l.label }));
  const top = 4 + refRows(marks, labelW, WIDTH) * LINE_H + 4;
  const plotH = spec.categories.length * rowH;
  const height = top + plotH + 26;
  const out: string[] = [];
  out.push(`<svg class="chart bars" id="${esc(spec.id)}" viewBox="0 0 ${WIDTH} ${n(height)}" role="img" aria-label="${esc(spec.title)}" data-x0="0" data-x1="${n(axis.top)}">`);
  out.push(`<title>${esc(spec.title)}</title>`);
  // Grid and axis.
  for (const t of axis.values) {
    out.push(`<line class="grid" x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(top)}" y2="${n(top + plotH)}"/>`);
    out.push(`<text class="tick" x="${n(x(t))}" y="${n(top + plotH + 14)}" text-anchor="middle">${esc(tickLabel(t, axis.step))}</text>`);
  }
  out.push(`<text class="tick unit" x="${n(labelW + plotW + 18)}" y="${n(top + plotH + 14)}">${esc(spec.unit)}</text>`);
  const valueLabels: string[] = [];
  spec.categories.forEach((cat, i) => {
    const y0 = top + i * rowH + 5;
    const lines = cats.lines[i] as string[];
    const mid = y0 + (rowH - 10) / 2 + 4;
    const first = mid - ((lines.length - 1) * LINE_H) / 2;
    const tspans = lines.map((l, k) => `<tspan x="${n(labelW - 8)}" y="${n(first + k * LINE_H)}">${esc(l)}</tspan>`).join('');
    out.push(`<text class="label" x="${n(labelW - 8)}" y="${n(first)}" text-anchor="end"><title>${esc(cat)}</title>${tspans}</text>`);
    spec.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const y = y0 + j * (BAR_H + BAR_GAP);
      if (v === null || !Number.isFinite(v)) {
        out.push(`<text class="missing" x="${n(labelW + 4)}" y="${n(y + BAR_H - 3)}">${esc(`${s.name}: ${spec.missing ?? 'not measured'}`)}</text>`);
        return;
      }
      const w = Math.max(1, x(v) - labelW);
      out.push(`<rect class="bar ${esc(s.cls)}" x="${n(labelW)}" y="${n(y)}" width="${n(w)}" height="${BAR_H}"><title>${esc(`${cat} · ${s.name}: ${spec.format(v)}`)}</title></rect>`);
      valueLabels.push(`<text class="value" x="${n(labelW + w + 4)}" y="${n(y + BAR_H - 3)}">${esc(spec.series.length > 1 ? `${s.name} ${spec.format(v)}` : spec.format(v))}</text>`);
    });
  });
  // Reference lines over the bars, value labels over the lines, reference labels last.
  const ref = refMarks(marks, 4, top + plotH, labelW, WIDTH);
  out.push(ref.lines, ...valueLabels, ref.labels);
  out.push('</svg>');
  return out.join('');
}

export interface HistogramSpec {
  id: string;
  step: string;
  samples: readonly number[];
  /** The binning every step's histogram shares. */
  binning: Binning;
  /** The largest share of inferences in one bin over all steps: the shared y scale. */
  maxShare: number;
  p50: number | null;
  p99: number | null;
  budgetMs: number | null;
  /** How a latency is written on the chart: as in the tables. */
  format: (ms: number) => string;
}

const H_W = WIDTH;
const H_PLOT_H = 96;
const H_LEFT = 44;
const H_RIGHT = 44;
const H_BOTTOM = 26;

/** The share of one bin's count: the largest over steps gives HistogramSpec.maxShare. */
export function maxBinShare(samples: readonly number[], b: Binning): number {
  if (samples.length === 0) return 0;
  const { counts, overflow } = binCounts(samples, b);
  return Math.max(overflow, ...counts) / samples.length;
}

/**
 * One step's latency histogram on the bins all steps share, with p50, p99 and the frame budget
 * marked; the y axis is the share of the step's inferences, on a scale all steps share.
 */
export function histogram(spec: HistogramSpec): string {
  const b = spec.binning;
  const total = spec.samples.length;
  const { counts, overflow } = binCounts(spec.samples, b);
  const plotW = H_W - H_LEFT - H_RIGHT;
  const yAxis = ticks(Math.max(spec.maxShare, 1e-9) * 100, 3);
  const x = (v: number) => H_LEFT + ((v - b.start) / (b.end - b.start)) * plotW;
  const plotRight = H_LEFT + plotW;
  const marks: { x: number; label: string; cls: string; title: string }[] = [];
  const mark = (v: number | null, name: string, cls: string) => {
    if (v === null || v < b.start || v > b.end) return;
    marks.push({ x: x(v), label: `${name} ${spec.format(v)}`, cls, title: `${name} ${spec.format(v)}` });
  };
  mark(spec.p50, 'p50', 'mark-p50');
  mark(spec.p99, 'p99', 'mark-p99');
  mark(spec.budgetMs, 'frame budget', 'budget');
  const top = 2 + refRows(marks, 0, H_W) * LINE_H + 6;
  const height = top + H_PLOT_H + H_BOTTOM;
  const y = (pct: number) => top + H_PLOT_H - (pct / yAxis.top) * H_PLOT_H;
  const out: string[] = [];
  const title = `Latency histogram of ${spec.step}: ${total} inferences`;
  out.push(`<svg class="chart histogram" id="${esc(spec.id)}" viewBox="0 0 ${H_W} ${height}" role="img" aria-label="${esc(title)}" data-x0="${n(b.start)}" data-x1="${n(b.end)}" data-plot-x0="${H_LEFT}" data-plot-x1="${n(plotRight)}">`);
  out.push(`<title>${esc(title)}</title>`);
  for (const t of yAxis.values) {
    out.push(`<line class="grid" x1="${H_LEFT}" x2="${n(plotRight)}" y1="${n(y(t))}" y2="${n(y(t))}"/>`);
    out.push(`<text class="tick" x="${H_LEFT - 4}" y="${n(y(t) + 3)}" text-anchor="end">${esc(`${tickLabel(t, yAxis.step)} %`)}</text>`);
  }
  const bw = plotW / b.bins;
  const share = (c: number) => (total ? (c / total) * 100 : 0);
  counts.forEach((c, i) => {
    if (c === 0) return;
    const lo = b.start + i * b.width;
    out.push(
      `<rect class="bin" x="${n(x(lo) + 0.5)}" y="${n(y(share(c)))}" width="${n(Math.max(0.5, bw - 1))}" height="${n(top + H_PLOT_H - y(share(c)))}"><title>${esc(`${edge(lo)}–${edge(lo + b.width)} ms: ${c} (${share(c).toFixed(1)} %)`)}</title></rect>`,
    );
  });
  if (overflow > 0) {
    const ox = plotRight + 8;
    out.push(
      `<rect class="bin overflow" x="${n(ox)}" y="${n(y(share(overflow)))}" width="${n(Math.max(4, Math.min(bw, 14)))}" height="${n(top + H_PLOT_H - y(share(overflow)))}"><title>${esc(`≥ ${edge(b.end)} ms: ${overflow} (${share(overflow).toFixed(1)} %)`)}</title></rect>`,
    );
  }
  // Ticks at nice values inside the range; the overflow bin's edge is labelled apart.
  const xStep = niceStep((b.end - b.start) / 8);
  for (let k = Math.ceil(b.start / xStep - 1e-9); k * xStep <= b.end + 1e-9; k++) {
    const v = k * xStep;
    out.push(`<line class="grid" x1="${n(x(v))}" x2="${n(x(v))}" y1="${n(top)}" y2="${n(top + H_PLOT_H)}"/>`);
    out.push(`<text class="tick xtick" x="${n(x(v))}" y="${n(top + H_PLOT_H + 14)}" text-anchor="middle">${esc(tickLabel(v, xStep))}</text>`);
  }
  if (overflow > 0) out.push(`<text class="tick" x="${n(plotRight + 8)}" y="${n(top + H_PLOT_H + 14)}">≥${esc(edge(b.end))}</text>`);
  out.push(`<line class="axis" x1="${H_LEFT}" x2="${n(plotRight)}" y1="${n(top + H_PLOT_H)}" y2="${n(top + H_PLOT_H)}"/>`);
  const ref = refMarks(marks, 2, top + H_PLOT_H, 0, H_W);
  out.push(ref.lines, ref.labels);
  out.push(`<text class="tick unit" x="${n(plotRight)}" y="${n(height - 1)}" text-anchor="end">ms</text>`);
  out.push('</svg>');
  return out.join('');
}

/** A bin edge: at most 3 decimals (edges are multiples of a nice width). */
function edge(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

export interface StackSegment {
  key: string;
  label: string;
  share: number;
}

/** 100 % stacked horizontal bars: one per step, one segment per engine (class `eng-KEY`). */
export function stackedShares(id: string, title: string, rows: { name: string; segments: StackSegment[] }[]): string {
  const cats = categoryLabels(rows.map((r) => r.name));
  const labelW = cats.width;
  const rowH = cats.lines.some((l) => l.length > 1) ? 2 * LINE_H + 8 : 24;
  const top = 6;
  const height = top + rows.length * rowH + 6;
  const plotW = WIDTH - labelW - 20;
  const out: string[] = [];
  out.push(`<svg class="chart stacked" id="${esc(id)}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(title)}">`);
  out.push(`<title>${esc(title)}</title>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const lines = cats.lines[i] as string[];
    const first = y + rowH / 2 + 4 - ((lines.length - 1) * LINE_H) / 2;
    const tspans = lines.map((l, k) => `<tspan x="${n(labelW - 8)}" y="${n(first + k * LINE_H)}">${esc(l)}</tspan>`).join('');
    out.push(`<text class="label" x="${n(labelW - 8)}" y="${n(first)}" text-anchor="end"><title>${esc(r.name)}</title>${tspans}</text>`);
    let x = labelW;
    const barY = y + (rowH - 18) / 2;
    for (const s of r.segments) {
      const w = s.share * plotW;
      if (w <= 0) continue;
      const pct = formatPercent(s.share);
      out.push(`<rect class="seg eng-${esc(s.key)}" x="${n(x)}" y="${n(barY)}" width="${n(w)}" height="18"><title>${esc(`${r.name} · ${s.label}: ${pct}`)}</title></rect>`);
      // The label and share, or the share alone, whole: a cut number would misread.
      const text = [`${s.label} ${pct}`, pct].find((t) => textWidth(t, 10) <= w - 8);
      if (text) out.push(`<text class="seglabel" x="${n(x + 4)}" y="${n(barY + 13)}">${esc(text)}</text>`);
      x += w;
    }
  });
  out.push('</svg>');
  return out.join('');
}
