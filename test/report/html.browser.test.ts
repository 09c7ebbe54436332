/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core (never a browser
 * download). The page must load with no console error (a blocked inline script or style would show
 * as one: the page's CSP allows only its own, by hash), make no network request, draw its charts,
 * run its one script (flame graph zoom), and show hostile names as text. Laid out at 800 and
 * 1280 px (test/report/html-layout.ts measures it): no sideways scroll, chart labels that never
 * overlap, at a readable size, one x axis for all histograms, category names whole, and chart
 * numbers as the tables round them. A screenshot of each page is saved under out/screenshots/
 * (git ignores out/).
 *
 * Without /usr/bin/chromium the suite skips with a message, unless CI=true: then it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readTrace } from '../../src/cli/commands/report.js';
import { loadManifest, measurePipeline } from '../../src/report/pipeline.js';
import { renderReportHtml } from '../../src/render/report/html/page.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { measure, type Layout } from './html-layout.js';
import { HOSTILE, makeReport } from './report-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI=true makes the browser test an error, not a skip (apt-get install -y chromium)`);
  console.warn(`html.browser.test: ${CHROMIUM} is missing; skipping the browser checks (apt-get install -y chromium to run them)`);
}

const SHOTS = join(REPO_ROOT, 'out', 'screenshots');

interface Visit {
  page: Page;
  console: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!available)('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'report-html-'));

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function visit(name: string, html: string, width = 1200): Promise<Visit> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const v: Visit = { page, console: [], requests: [], dialogs: [] };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') v.console.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => v.console.push(`pageerror: ${e.message}`));
    page.on('dialog', async (d) => {
      v.dialogs.push(d.message());
      await d.dismiss();
    });
    const url = pathToFileURL(file).href;
    page.on('request', (r) => {
      if (r.url() !== url) v.requests.push(r.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    return v;
  }

  it('loads with no console error and no request, and draws every chart', async () => {
    const v = await visit('report', renderReportHtml(await makeReport()));
    const { page } = v;
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(await page.title()).toBe('Optimization report: PoseNet.mlpackage');
    expect(await page.locator('svg#chart-size rect.bar').count()).toBe(4);
    expect(await page.locator('svg#chart-latency rect.bar').count()).toBe(8);
    expect(await page.locator('svg#chart-size line.ref.budget').count()).toBe(1);
    expect(await page.locator('svg.histogram').count()).toBe(3);
    expect(await page.locator('svg.histogram rect.bin').count()).toBeGreaterThan(10);
    expect(await page.locator('svg.flame g.f').count()).toBeGreaterThan(12);
    expect(await page.locator('svg#chart-engines rect.seg').count()).toBeGreaterThan(6);
    expect(await page.locator('svg#chart-memory rect.bar').count()).toBe(6);
    // Charts are laid out: a bar has a real size on the page.
    const box = await page.locator('svg#chart-size rect.bar').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    await page.close();
  });

  it('shows the demo pipeline: four steps, each with its histogram and flame graph', async () => {
    const manifest = await loadManifest(join(REPO_ROOT, 'fixtures/demo/pipeline.json'), { displayName: 'fixtures/demo/pipeline.json' });
    const v = await visit('demo', renderReportHtml(await measurePipeline(manifest, { readTrace })));
    const { page } = v;
    expect(v.console).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(await page.locator('#summary tbody tr:not(.detail)').count()).toBe(4);
    expect(await page.locator('svg.histogram').count()).toBe(4);
    expect(await page.locator('svg.flame').count()).toBe(4);
    expect(await page.locator('#flags li').count()).toBe(5);
    expect(await page.locator('svg#chart-latency line.ref.budget title').textContent()).toBe('frame budget 41.7 ms');
    await page.close();
  });

  it('zooms a flame graph to the frame clicked, and back', async () => {
    const v = await visit('report-zoom', renderReportHtml(await makeReport()));
    const { page } = v;
    const flame = page.locator('svg.flame').first();
    const frame = flame.locator('g.f[data-d="4"]').first();
    const before = Number(await frame.locator('rect').getAttribute('width'));
    expect(before).toBeLessThan(990);
    await frame.click();
    expect(Number(await frame.locator('rect').getAttribute('width'))).toBeGreaterThan(990);
    await page.locator(`button[data-reset="${await flame.getAttribute('id')}"]`).click();
    expect(Number(await frame.locator('rect').getAttribute('width'))).toBeCloseTo(before, 0);
    expect(v.console).toEqual([]);
    await page.close();
  });

  it('shows hostile names as text: nothing from an input runs or loads', async () => {
    const v = await visit('report-hostile', renderReportHtml(await makeReport({ hostile: true })));
    const { page } = v;
    expect(v.dialogs).toEqual([]);
    expect(v.requests).toEqual([]);
    expect(v.console).toEqual([]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('#summary tbody tr').first().locator('td').first().innerText()).toContain(HOSTILE);
    expect(await page.locator('svg.flame title', { hasText: '</script><script>alert(2)</script>' }).count()).toBeGreaterThan(0);
    await page.close();
  });
  async function demoHtml(): Promise<string> {
    const manifest = await loadManifest(join(REPO_ROOT, 'fixtures/demo/pipeline.json'), { displayName: 'fixtures/demo/pipeline.json' });
    return renderReportHtml(await measurePipeline(manifest, { readTrace }));
  }

  /** A report whose step names are long: 71 characters wrap to two lines, 160 are cut. */
  async function longNamesHtml(): Promise<string> {
    const r = await makeReport();
    const names = ['fp32 baseline', 'int8 linear quantization of every convolution, per channel (W8A16)', 'pal6', 'x'.repeat(40) + ' ' + 'y'.repeat(60) + ' ' + 'z'.repeat(60)];
    r.steps.forEach((s, i) => (s.name = names[i] as string));
    return renderReportHtml(r);
  }

  function expectClean(l: Layout): void {
    expect(l.docWidth, 'the page scrolls sideways').toBeLessThanOrEqual(l.viewport);
    expect(l.overlaps).toEqual([]);
    expect(l.crossings).toEqual([]);
    expect(l.small).toEqual([]);
  }

  /** The text of column `header` in the table of section `section`, one per step row. */
  async function column(page: Page, section: string, header: string): Promise<string[]> {
    const heads = (await page.locator(`#${section} table thead th`).allTextContents()).map((h) => h.replace(/\u00a0/g, ' '));
    const i = heads.indexOf(header);
    expect(i, `${section} has a column ${header}`).toBeGreaterThanOrEqual(0);
    return (await page.locator(`#${section} table tbody tr:not(.detail) > td:nth-child(${i + 1})`).allTextContents()).map((t) => t.trim());
  }

  describe.each([800, 1280])('laid out at %i px', (width) => {
    it('the demo: no sideways scroll, every table fits, chart labels apart and readable', async () => {
      const { page } = await visit(`demo-${width}`, await demoHtml(), width);
      const l = await measure(page);
      expectClean(l);
      expect(l.wideTables).toEqual([]);
      // The histograms' labels: p50, p99 and the frame budget on each of the four.
      expect(await page.locator('svg.histogram text.reflabel').count()).toBe(12);
      await page.close();
    });

    it('the demo: all histograms share one x axis, at the same place on the page', async () => {
      const { page } = await visit(`demo-axis-${width}`, await demoHtml(), width);
      const [first, ...rest] = (await measure(page)).histograms;
      expect(first).toBeDefined();
      expect(rest).toHaveLength(3);
      expect(first!.ticks.length).toBeGreaterThanOrEqual(4);
      for (const h of rest) {
        expect([h.x0, h.x1]).toEqual([first!.x0, first!.x1]);
        expect(h.plotLeft).toBeCloseTo(first!.plotLeft, 0);
        expect(h.plotRight).toBeCloseTo(first!.plotRight, 0);
        expect(h.ticks.map(([t]) => t)).toEqual(first!.ticks.map(([t]) => t));
        h.ticks.forEach(([, x], i) => expect(x).toBeCloseTo(first!.ticks[i]![1], 0));
      }
      // The slowest step's p99 (81.0 ms) and the fastest step's fastest inference are both on it.
      expect(Number(first!.x0)).toBeLessThanOrEqual(36);
      expect(Number(first!.x1)).toBeGreaterThan(81);
      await page.close();
    });

    it('the demo: scheme and step names whole, left of the bars', async () => {
      const { page } = await visit(`demo-names-${width}`, await demoHtml(), width);
      const cats = (await measure(page)).categories;
      expect(cats.filter((c) => c.chart === 'chart-memory').map((c) => c.shown)).toEqual([
        'fp16 weights',
        'int8 linear quantization',
        '6-bit palettization',
        '4-bit palettization',
        '50 % sparsity (fp16 non-zeros + bit mask)',
        '50 % sparsity + 6-bit palettized non-zeros',
      ]);
      for (const c of cats) {
        expect(c.shown, c.chart).toBe(c.full);
        expect(c.right, `${c.chart}: ${c.full}`).toBeLessThanOrEqual((c.plotLeft ?? Infinity) + 0.5);
      }
      await page.close();
    });

    it('the demo: numbers on the charts as the tables round them', async () => {
      const { page } = await visit(`demo-numbers-${width}`, await demoHtml(), width);
      const texts = (sel: string) => page.locator(sel).allTextContents();
      const steps = await column(page, 'histograms', 'Step');
      const p50 = await column(page, 'histograms', 'p50');
      const p99 = await column(page, 'histograms', 'p99');
      expect(p50).toEqual(['61.9 ms', '40.2 ms', '38.1 ms', '37.5 ms']);
      for (const [i, step] of steps.entries()) {
        const labels = await texts(`svg.histogram[aria-label^="Latency histogram of ${step}:"] text.reflabel`);
        expect(labels).toEqual(expect.arrayContaining([`p50 ${p50[i]}`, `p99 ${p99[i]}`, 'frame budget 41.7 ms']));
      }
      expect(await texts('svg#chart-latency text.reflabel')).toEqual(['frame budget 41.7 ms']);
      expect(await texts('svg#chart-size text.value')).toEqual(await column(page, 'summary', 'Size'));
      expect(await texts('svg#chart-memory text.value')).toEqual(await column(page, 'memory', 'Projected'));
      const latency = await texts('svg#chart-latency text.value');
      expect(latency.filter((t) => t.startsWith('p99 '))).toEqual(p99.map((v) => `p99 ${v}`));
      // Engine shares: each segment's figure is the table's.
      const engineSteps = await column(page, 'engines', 'Step');
      const segTitles = await texts('svg#chart-engines rect.seg > title');
      const segLabels = await texts('svg#chart-engines text.seglabel');
      expect(segLabels.length).toBeGreaterThan(8);
      for (const [i, step] of engineSteps.entries()) {
        const row = (await page.locator('#engines table tbody tr:not(.detail)').nth(i).textContent()) ?? '';
        const segs = segTitles.filter((t) => t.startsWith(`${step} · `));
        expect(segs.length).toBeGreaterThan(2);
        for (const t of segs) expect(row, t).toContain(/: (\d+\.\d %)$/.exec(t)![1]!);
      }
      // A segment's label is its title's figure, never a cut one.
      for (const l of segLabels) expect(segTitles.some((t) => t.endsWith(`: ${/(\d+\.\d %)$/.exec(l)?.[1]}`)), l).toBe(true);
      await page.close();
    });

    it('long step names wrap to two lines, or end in "…" past that; nothing overlaps', async () => {
      const { page } = await visit(`long-names-${width}`, await longNamesHtml(), width);
      const l = await measure(page);
      expectClean(l);
      const size = l.categories.filter((c) => c.chart === 'chart-size');
      expect(size[1]?.shown).toBe('int8 linear quantization of every convolution, per channel (W8A16)');
      expect(size[3]?.shown).toMatch(/…$/);
      expect(size[3]?.full).toHaveLength(162);
      for (const c of size) expect(c.right).toBeLessThanOrEqual((c.plotLeft ?? Infinity) + 0.5);
      await page.close();
    });

    it('a hostile report: no sideways scroll, nothing overlaps', async () => {
      const { page } = await visit(`hostile-${width}`, renderReportHtml(await makeReport({ hostile: true })), width);
      expectClean(await measure(page));
      await page.close();
    });
  });
});
