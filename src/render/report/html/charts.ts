/**
 * The report's charts as inline SVG: horizontal bars per step against budget lines, latency
 * histograms (small multiples on shared bins) and engine shares as 100 % stacked bars. Colours come
 * from CSS classes (the page's stylesheet), so the charts follow the light and dark themes. Every
 * label from an input is escaped; every bar has a <title> for its exact value.
 */
import { binCounts, type Binning } from './histogram.js';
import { esc, fit, n, niceStep, tickLabel, ticks } from './svg.js';

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
const LABEL_W = 180;
const VALUE_W = 96;
const BAR_H = 13;
const BAR_GAP = 3;

export function barChart(spec: BarChartSpec): string {
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const rowH = spec.series.length * (BAR_H + BAR_GAP) + 10;
  const top = 14 + spec.lines.length * 14;
  const plotH = spec.categories.length * rowH;
  const height = top + plotH + 26;
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = Math.max(0, ...values, ...spec.lines.map((l) => l.value));
  const axis = ticks(max * 1.04, 5);
  const x = (v: number) => LABEL_W + (Math.max(0, v) / axis.top) * plotW;
  const out: string[] = [];
  out.push(`<svg class="chart bars" id="${esc(spec.id)}" viewBox="0 0 ${WIDTH} ${n(height)}" role="img" aria-label="${esc(spec.title)}">`);
  out.push(`<title>${esc(spec.title)}</title>`);
  // Grid and axis.
  for (const t of axis.values) {
    out.push(`<line class="grid" x1="${n(x(t))}" x2="${n(x(t))}" y1="${n(top)}" y2="${n(top + plotH)}"/>`);
    out.push(`<text class="tick" x="${n(x(t))}" y="${n(top + plotH + 14)}" text-anchor="middle">${esc(tickLabel(t, axis.step))}</text>`);
  }
  out.push(`<text class="tick unit" x="${n(LABEL_W + plotW + 18)}" y="${n(top + plotH + 14)}">${esc(spec.unit)}</text>`);
  spec.categories.forEach((cat, i) => {
    const y0 = top + i * rowH + 5;
    out.push(`<text class="label" x="${n(LABEL_W - 8)}" y="${n(y0 + (rowH - 10) / 2 + 4)}" text-anchor="end"><title>${esc(cat)}</title>${esc(fit(cat, LABEL_W - 12))}</text>`);
    spec.series.forEach((s, j) => {
      const v = s.values[i] ?? null;
      const y = y0 + j * (BAR_H + BAR_GAP);
      if (v === null || !Number.isFinite(v)) {
        out.push(`<text class="missing" x="${n(LABEL_W + 4)}" y="${n(y + BAR_H - 3)}">${esc(`${s.name}: ${spec.missing ?? 'not measured'}`)}</text>`);
        return;
      }
      const w = Math.max(1, x(v) - LABEL_W);
      out.push(`<rect class="bar ${esc(s.cls)}" x="${n(LABEL_W)}" y="${n(y)}" width="${n(w)}" height="${BAR_H}"><title>${esc(`${cat} · ${s.name}: ${spec.format(v)}`)}</title></rect>`);
      out.push(`<text class="value" x="${n(LABEL_W + w + 4)}" y="${n(y + BAR_H - 3)}">${esc(spec.series.length > 1 ? `${s.name} ${spec.format(v)}` : spec.format(v))}</text>`);
    });
  });
  spec.lines.forEach((l, k) => {
    const lx = x(l.value);
    const ly = 11 + k * 14;
    out.push(`<line class="ref ${esc(l.cls)}" x1="${n(lx)}" x2="${n(lx)}" y1="${n(ly + 3)}" y2="${n(top + plotH)}"><title>${esc(l.label)}</title></line>`);
    const anchor = lx > WIDTH - 160 ? 'end' : 'start';
    out.push(`<text class="reflabel ${esc(l.cls)}" x="${n(anchor === 'end' ? lx - 4 : lx + 4)}" y="${n(ly + 2)}" text-anchor="${anchor}">${esc(l.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}

export interface HistogramSpec {
  id: string;
  step: string;
  samples: readonly number[];
  binning: Binning;
  p50: number | null;
  p99: number | null;
  budgetMs: number | null;
}

const H_W = 360;
const H_H = 170;
const H_LEFT = 36;
const H_RIGHT = 34;
const H_TOP = 32;
const H_BOTTOM = 24;

/** One step's latency histogram on the shared bins, with p50, p99 and the frame budget marked. */
export function histogram(spec: HistogramSpec): string {
  const b = spec.binning;
  const { counts, overflow } = binCounts(spec.samples, b);
  const plotW = H_W - H_LEFT - H_RIGHT;
  const plotH = H_H - H_TOP - H_BOTTOM;
  const maxCount = Math.max(1, overflow, ...counts);
  const yAxis = ticks(maxCount, 3);
  const x = (v: number) => H_LEFT + ((v - b.start) / (b.end - b.start)) * plotW;
  const y = (c: number) => H_TOP + plotH - (c / yAxis.top) * plotH;
  const out: string[] = [];
  const title = `Latency histogram of ${spec.step}: ${spec.samples.length} inferences`;
  out.push(`<svg class="chart histogram" id="${esc(spec.id)}" viewBox="0 0 ${H_W} ${H_H}" role="img" aria-label="${esc(title)}">`);
  out.push(`<title>${esc(title)}</title>`);
  for (const t of yAxis.values) {
    out.push(`<line class="grid" x1="${H_LEFT}" x2="${n(H_LEFT + plotW)}" y1="${n(y(t))}" y2="${n(y(t))}"/>`);
    out.push(`<text class="tick" x="${H_LEFT - 4}" y="${n(y(t) + 3)}" text-anchor="end">${esc(tickLabel(t, yAxis.step))}</text>`);
  }
  const bw = plotW / b.bins;
  counts.forEach((c, i) => {
    if (c === 0) return;
    const lo = b.start + i * b.width;
    out.push(`<rect class="bin" x="${n(x(lo) + 0.5)}" y="${n(y(c))}" width="${n(Math.max(0.5, bw - 1))}" height="${n(H_TOP + plotH - y(c))}"><title>${esc(`${fmt(lo)}–${fmt(lo + b.width)} ms: ${c}`)}</title></rect>`);
  });
  if (overflow > 0) {
    const ox = H_LEFT + plotW + 6;
    out.push(`<rect class="bin overflow" x="${n(ox)}" y="${n(y(overflow))}" width="${n(Math.max(4, Math.min(bw, 14)))}" height="${n(H_TOP + plotH - y(overflow))}"><title>${esc(`≥ ${fmt(b.end)} ms: ${overflow}`)}</title></rect>`);
    out.push(`<text class="tick" x="${n(ox)}" y="${n(H_TOP + plotH + 14)}">≥${esc(fmt(b.end))}</text>`);
  }
  const xStep = niceStep((b.end - b.start) / 4);
  for (let v = Math.ceil(b.start / xStep - 1e-9) * xStep; v <= b.end + 1e-9; v += xStep) {
    out.push(`<text class="tick" x="${n(x(v))}" y="${n(H_TOP + plotH + 14)}" text-anchor="middle">${esc(tickLabel(v, xStep))}</text>`);
  }
  out.push(`<line class="axis" x1="${H_LEFT}" x2="${n(H_LEFT + plotW)}" y1="${n(H_TOP + plotH)}" y2="${n(H_TOP + plotH)}"/>`);
  const marks: [number | null, string, string][] = [
    [spec.p50, 'p50', 'mark-p50'],
    [spec.p99, 'p99', 'mark-p99'],
    [spec.budgetMs, 'budget', 'budget'],
  ];
  marks.forEach(([v, label, cls], k) => {
    if (v === null || v < b.start || v > b.end) return;
    // One label row per mark, so that close marks do not write over each other.
    const ly = 9 + k * 9;
    out.push(`<line class="ref ${cls}" x1="${n(x(v))}" x2="${n(x(v))}" y1="${ly + 2}" y2="${n(H_TOP + plotH)}"><title>${esc(`${label} ${fmt(v)} ms`)}</title></line>`);
    out.push(`<text class="reflabel ${cls}" x="${n(x(v) + 2)}" y="${ly}" text-anchor="${x(v) > H_W - 70 ? 'end' : 'start'}">${esc(`${label} ${fmt(v)}`)}</text>`);
  });
  out.push(`<text class="tick unit" x="${n(H_LEFT + plotW)}" y="${H_H - 1}" text-anchor="end">ms</text>`);
  out.push('</svg>');
  return out.join('');
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

export interface StackSegment {
  key: string;
  label: string;
  share: number;
}

/** 100 % stacked horizontal bars: one per step, one segment per engine (class `eng-KEY`). */
export function stackedShares(id: string, title: string, rows: { name: string; segments: StackSegment[] }[]): string {
  const rowH = 24;
  const top = 6;
  const height = top + rows.length * rowH + 6;
  const plotW = WIDTH - LABEL_W - 20;
  const out: string[] = [];
  out.push(`<svg class="chart stacked" id="${esc(id)}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${esc(title)}">`);
  out.push(`<title>${esc(title)}</title>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    out.push(`<text class="label" x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end"><title>${esc(r.name)}</title>${esc(fit(r.name, LABEL_W - 12))}</text>`);
    let x = LABEL_W;
    for (const s of r.segments) {
      const w = s.share * plotW;
      if (w <= 0) continue;
      const pct = `${(s.share * 100).toFixed(1)} %`;
      out.push(`<rect class="seg eng-${esc(s.key)}" x="${n(x)}" y="${y + 3}" width="${n(w)}" height="${rowH - 6}"><title>${esc(`${r.name} · ${s.label}: ${pct}`)}</title></rect>`);
      if (w > 44) out.push(`<text class="seglabel" x="${n(x + 4)}" y="${y + 16}">${esc(fit(`${s.label} ${pct}`, w - 6, 6.2))}</text>`);
      x += w;
    }
  });
  out.push('</svg>');
  return out.join('');
}
