/**
 * Measures the HTML report's layout in the browser, as a reader would see it: what scrolls
 * sideways, which chart texts overlap or are crossed by a reference line they do not belong to,
 * which text is drawn too small, where each histogram's x ticks land, and which category labels
 * lost text. Runs in the page (page.evaluate); returns plain data for the test to judge.
 */
import type { Page } from 'playwright-core';

export interface Layout {
  viewport: number;
  docWidth: number;
  /** Tables whose box has to scroll sideways by itself. */
  wideTables: string[];
  /** Texts of one chart whose boxes overlap: `chart: "a" × "b"`. */
  overlaps: string[];
  /** Reference labels crossed by another mark's line: `chart: "label" by "line"`. */
  crossings: string[];
  /** Texts drawn below their class's minimum size on screen. */
  small: string[];
  /** Every latency histogram: its domain and the screen x of each x tick. */
  histograms: { id: string; x0: string | null; x1: string | null; plotLeft: number; plotRight: number; ticks: [string, number][] }[];
  /** Category labels of bar and stacked charts: shown text, full text (its title), right edge, left edge of the bars. */
  categories: { chart: string; shown: string; full: string; right: number; plotLeft: number | null }[];
}

/** Minimum on-screen font sizes (px): reference labels and category names, then ticks. */
export const MIN_LABEL_PX = 10;
export const MIN_TICK_PX = 9;

/**
 * The measurement, run in the page. Plain JavaScript in a string: the project's TypeScript has no
 * DOM types (src/ must not use them), and a string is what page.evaluate sends anyway.
 */
const MEASURE_JS = `
([minLabel, minTick]) => {
  const rect = (e) => e.getBoundingClientRect();
  const text = (e) => (e.textContent ?? '').trim();
  const own = (t) => [...t.childNodes].filter((c) => c.nodeName !== 'title').map((c) => c.textContent ?? '').join(' ').trim();
  const out = {
    viewport: window.innerWidth,
    docWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    wideTables: [],
    overlaps: [],
    crossings: [],
    small: [],
    histograms: [],
    categories: [],
  };
  for (const w of document.querySelectorAll('.table-wrap')) {
    if (w.scrollWidth > w.clientWidth + 1) out.wideTables.push(\`\${w.closest('section')?.id ?? '?'}: \${w.scrollWidth} > \${w.clientWidth}\`);
  }
  for (const svg of document.querySelectorAll('svg.chart:not(.flame)')) {
    const id = svg.id;
    const scale = rect(svg).width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].filter((t) => own(t) !== '');
    for (const t of texts) {
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      const min = t.classList.contains('tick') || t.classList.contains('seglabel') || t.classList.contains('missing') ? minTick : minLabel;
      if (px < min - 0.01) out.small.push(\`\${id}: "\${own(t)}" at \${px.toFixed(1)} px\`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = rect(texts[i]);
        const b = rect(texts[j]);
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        // Text boxes include the font's line gap: overlapping by a pixel or two is not touching ink.
        if (w > 1 && h > 2) out.overlaps.push(\`\${id}: "\${own(texts[i])}" × "\${own(texts[j])}"\`);
      }
    }
    const lines = [...svg.querySelectorAll('line.ref')];
    for (const label of svg.querySelectorAll('text.reflabel')) {
      const box = rect(label);
      for (const line of lines) {
        const lineTitle = text(line.querySelector('title') ?? line);
        if (lineTitle === own(label)) continue;
        const l = rect(line);
        const x = (l.left + l.right) / 2;
        if (x > box.left && x < box.right && l.bottom > box.top + 1 && l.top < box.bottom - 1) out.crossings.push(\`\${id}: "\${own(label)}" by "\${lineTitle}"\`);
      }
    }
    if (svg.classList.contains('histogram')) {
      const vb = svg.viewBox.baseVal;
      const left = rect(svg).left;
      const px = (attr) => left + (Number(svg.getAttribute(attr)) - vb.x) * scale;
      out.histograms.push({
        id,
        x0: svg.getAttribute('data-x0'),
        x1: svg.getAttribute('data-x1'),
        plotLeft: px('data-plot-x0'),
        plotRight: px('data-plot-x1'),
        ticks: [...svg.querySelectorAll('text.xtick')].map((t) => [own(t), (rect(t).left + rect(t).right) / 2]),
      });
    }
    if (svg.classList.contains('bars') || svg.classList.contains('stacked')) {
      const bar = svg.querySelector('rect.bar, rect.seg');
      const plotLeft = bar ? rect(bar).left : null;
      for (const t of svg.querySelectorAll('text.label')) {
        out.categories.push({ chart: id, shown: own(t), full: text(t.querySelector('title') ?? t), right: rect(t).right, plotLeft });
      }
    }
  }
  return out;
}`;

export async function measure(page: Page): Promise<Layout> {
  return (await page.evaluate(`(${MEASURE_JS})([${MIN_LABEL_PX}, ${MIN_TICK_PX}])`)) as Layout;
}
