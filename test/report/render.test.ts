import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeColors } from '../../src/core/color.js';
import { readReportJson } from '../../src/report/json-codec.js';
import { renderReportHtml } from '../../src/render/report/html/page.js';
import { renderReportJson } from '../../src/render/report/json.js';
import { renderReportMarkdown } from '../../src/render/report/markdown.js';
import { renderReportText } from '../../src/render/report/text.js';
import { HOSTILE, makeReport } from './report-fixture.js';

const report = await makeReport();
const hostile = await makeReport({ hostile: true });

describe('text', () => {
  const text = renderReportText(report, { width: 200 });

  it('shows one row per step with size, latency, accuracy and budget status', () => {
    const row = (name: string) => text.split('\n').find((l) => l.startsWith(`│ ${name} `)) ?? '';
    // "__proto__" is a metric like any other (the fixture has it on the first step).
    expect(row('fp32')).toMatch(/│ fp32 +│ 12\.41 MB │ baseline │ 62\.\d ms │ baseline │ 9\d\.\d ms │ +72\.40 │ +│ +0\.50 │ +│ fail: size, frame/);
    expect(row('int8')).toMatch(/│ int8 +│ +3\.11 MB │ +−75\.0 % │ 38\.\d ms │ .* │ 72\.10 │ +−0\.30 │ +— │ +— │ pass \(3\)/);
    expect(row('pal4')).toMatch(/│ pal4 +│ +1\.54 MB │ +−87\.6 % │ 37\.0 ms │ +−\d+\.\d % │ 40\.0 ms │/);
  });

  it('has every section, in order', () => {
    const order = ['Steps', 'Changes against the baseline', 'Latency', 'Where CPU time goes', 'Conversion', 'Budget', 'Memory plan', 'Flags'];
    let at = -1;
    for (const h of order) {
      const i = text.indexOf(`\n${h}`);
      expect(i, h).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain('  Budget     pipeline.json:$.budget (preset apple-watch-series-7)');
    expect(text).toContain('p99 ≤ 41.7 ms per inference (20 fps = 50.0 ms per frame − 8.3 ms UI)');
    expect(text).toMatch(/✖ fp32 +over budget\n {4}model size 12\.41 MB > 8\.00 MB/);
    expect(text).toMatch(/▲ pal6 +smaller, not faster\n {4}−26\.1 % size against "int8"/);
    // CPU samples: the CPU time driving the Neural Engine, named as `trace` names it.
    expect(text).toMatch(/│ Neural Engine \(CPU side\) │/);
    expect(text).toContain('upsample_bicubic2d');
  });

  it('wraps flags to the width it is given', () => {
    const flagLines = (w: number) => {
      const all = renderReportText(report, { width: w }).split('\n');
      const at = all.findIndex((l) => l.startsWith('Flags ('));
      expect(at).toBeGreaterThan(0);
      return all.slice(at + 1).filter((l) => l.startsWith('    '));
    };
    for (const l of flagLines(60)) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(flagLines(60).length).toBeGreaterThan(flagLines(140).length);
  });

  it('colours only when asked, and never passes control characters from input through', () => {
    expect(text).not.toMatch(/\u001b/);
    expect(renderReportText(report, { colors: makeColors(true) })).toMatch(/\u001b\[31m/);
    const h = renderReportText(hostile, { colors: makeColors(true) });
    expect(h).toContain('Watch\\x1b[31m');
    expect(h).not.toMatch(/\u202e/);
  });
});

describe('Markdown', () => {
  const md = renderReportMarkdown(report);

  it('leads with the steps table and the flags, details collapsed', () => {
    expect(md.startsWith('### ❌ Optimization report `PoseNet.mlpackage`\n')).toBe(true);
    expect(md).toContain('| Step | Size | vs base | p50 | vs base | p99 | top1 | \\_\\_proto\\_\\_ | Budget |');
    expect(md).toMatch(/\| fp32 \| 12\.41 MB \| baseline \| 62\.\d ms \| baseline \| 9\d\.\d ms \| 72\.40 \| 0\.50 \| ❌ fail: size, frame \|/);
    expect(md).toMatch(/- ⚠️ \*\*pal6\*\* · smaller, not faster: −26\.1 % size/);
    expect(md).toContain('<details>\n<summary>Memory plan</summary>');
    expect(md).toContain('| 6-bit palettization | 2.33 MB | 0.188 | ✅ yes | iOS 16 |');
  });

  it('escapes names so that they cannot break a table, link or inject HTML', () => {
    const h = renderReportMarkdown(hostile);
    // Inside code spans Markdown shows HTML as text; everywhere else it must be neutralised.
    expect(h.replace(/(`+)[^`]*?\1/g, '')).not.toContain('<img');
    expect(h).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(h).toContain('`<img src=x onerror=alert(1)>.mlpackage`');
    expect(h).toContain('int8 \\| \\`tick\\`');
    expect(h).not.toContain('[click](http');
    const lines = h.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| Step | Size'));
    const header = lines[at]!;
    const rows = lines.slice(at + 2, at + 6);
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(cells(r), r).toBe(cells(header));
  });
});

describe('JSON', () => {
  const json = JSON.parse(renderReportJson(report));

  it('is versioned and has steps[] with name, sizeBytes, latency, accuracy, deltas', () => {
    expect(json.schemaVersion).toBe(1);
    expect(json.steps.map((s: { name: string }) => s.name)).toEqual(['fp32', 'int8', 'pal6', 'pal4']);
    const int8 = json.steps[1];
    expect(int8).toMatchObject({ name: 'int8', sizeBytes: 3_107_560, sizeSource: 'given', accuracy: { top1: 72.1 } });
    expect(int8.latency).toMatchObject({ source: 'trace', count: 240, label: 'Prediction / PoseNet' });
    expect(int8.latency.samplesMs).toHaveLength(240);
    expect(int8.deltas.baseline.sizeBytes.relative).toBeCloseTo(3_107_560 / 12_412_735 - 1, 12);
    expect(int8.deltas.previous.accuracy.top1.absolute).toBeCloseTo(-0.3, 12);
    expect(int8.budget).toEqual({ sizeMB: 'pass', fps: 'pass', 'accuracyDrop.top1': 'pass' });
    expect(int8.engines).toMatchObject({ unit: 'ns', total: 200e6, byEngine: { neuralEngine: 150e6 } });
    expect(int8.engines.callTree).toBeUndefined();
    expect(json.steps[0].accuracy.__proto__).toBe(0.5);
    expect(Object.keys(json.steps[0].accuracy)).toEqual(['top1', '__proto__']);
    expect(json.memoryPlan.map((r: { scheme: string }) => r.scheme)).toEqual(['fp16', 'int8', 'palettize-6bit', 'palettize-4bit', 'sparse-50', 'sparse-50-palettize-6bit']);
    expect(json.frameBudget.perInferenceMs).toBeCloseTo(41.667, 3);
    expect(json.budget).toMatchObject({ preset: 'apple-watch-series-7', sizeBytes: 8_000_000, accuracyDrop: { top1: 1 } });
  });

  it('reads back into the same report (gate\'s --baseline)', () => {
    const back = readReportJson(renderReportJson(report), 'main.json');
    expect(back.steps.map((s) => s.name)).toEqual(report.steps.map((s) => s.name));
    const [a, b] = [back.steps[0]!, report.steps[0]!];
    expect(a.accuracy).toEqual(b.accuracy);
    expect(a.accuracy.get('__proto__')).toBe(0.5);
    expect(a.latency).toEqual({ ...b.latency });
    expect(back.steps[1]?.deltas).toEqual(report.steps[1]?.deltas);
    expect(back.steps[1]?.targets).toEqual(report.steps[1]?.targets);
    expect(back.budget).toEqual(report.budget);
    expect(renderReportJson(back)).toBe(renderReportJson(report));
  });

  it('refuses JSON that is not a report, naming the place', () => {
    expect(() => readReportJson('{"schemaVersion": 2, "steps": []}', 'x.json')).toThrow('x.json:$.schemaVersion: expected 1');
    expect(() => readReportJson('{"schemaVersion": 1, "steps": [{"name": "a", "latency": {"source": "trace", "samplesMs": [1, "2"]}}]}', 'x.json')).toThrow('x.json:$.steps[0].latency.samplesMs[1]: expected a number >= 0, got "2"');
  });
});

describe('HTML', () => {
  const html = renderReportHtml(report);

  it('is one self-contained page: no URL, no external resource', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/);
  });

  it('allows only its own style and script, by hash', () => {
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
    expect(csp).toContain("default-src 'none'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('has the charts: size and latency bars against budget lines, histograms, engines, flame graphs, memory plan', () => {
    expect(html).toContain('<svg class="chart bars" id="chart-size"');
    expect(html).toContain('<svg class="chart bars" id="chart-latency"');
    expect(html).toMatch(/budget 8\.00 MB/);
    expect(html).toMatch(/frame budget 41\.7 ms/);
    expect(html.match(/<svg class="chart histogram"/g)).toHaveLength(3);
    expect(html.match(/<svg class="chart flame"/g)).toHaveLength(3);
    expect(html).toContain('id="chart-engines"');
    expect(html).toContain('id="chart-memory"');
    expect(html).toContain('No samples to draw (a summary only, or no latency): pal4.');
  });

  it('escapes every string from an input', () => {
    const h = renderReportHtml(hostile);
    expect(h).not.toContain('<img');
    expect(h).not.toContain('<script>alert');
    expect(h).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(h.match(/<script>/g)).toHaveLength(1);
    expect(h).not.toMatch(/\u001b|\u202e/);
  });
});

describe('every renderer on a hostile report', () => {
  it('renders without throwing and keeps the hostile name visible as text', () => {
    expect(renderReportText(hostile)).toContain(HOSTILE);
    expect(JSON.parse(renderReportJson(hostile)).steps[0].name).toBe(HOSTILE);
  });
});
