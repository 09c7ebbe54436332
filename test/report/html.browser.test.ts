/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core (never a browser
 * download). The page must load with no console error (a blocked inline script or style would show
 * as one: the page's CSP allows only its own, by hash), make no network request, draw its charts,
 * run its one script (flame graph zoom), and show hostile names as text. A screenshot of each page
 * is saved under out/screenshots/ (git ignores out/).
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

  async function visit(name: string, html: string): Promise<Visit> {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
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
    expect(await page.locator('#summary tbody tr').count()).toBe(4);
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
});
