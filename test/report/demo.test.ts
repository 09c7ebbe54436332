/**
 * The demo, end to end: the manifest, logs and Instruments exports in fixtures/demo/ through the
 * real readers (the `log` parser, the `trace` analysis) and every renderer, as `npm start` runs it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportJson } from '../../src/report/json-codec.js';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const MANIFEST = 'fixtures/demo/pipeline.json';

describe('the demo report', () => {
  it('is what npm start prints, and it writes the page', async () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const args = (pkg.scripts.start as string).split(' ').slice(2);
    expect(args).toEqual(['report', MANIFEST, '--html', 'out/demo-report.html']);
    const cwd = mkdtempSync(join(tmpdir(), 'report-demo-'));
    const r = await runCli(['report', join(REPO_ROOT, MANIFEST), '--html', 'out/demo-report.html'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('coreml-doctor: wrote the HTML report to out/demo-report.html\n');
    expect(readFileSync(join(cwd, 'out/demo-report.html'), 'utf8')).toContain('<svg class="chart flame"');
  });

  it('prints every step with the figures the traces hold', async () => {
    const r = await runCli(['report', MANIFEST]);
    expect(r.code).toBe(0);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`│ ${name} `)) ?? '';
    // Off a terminal the report fits 80 columns: each "vs base" goes under the figure it compares.
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    const lines = r.stdout.split('\n');
    const block = (name: string) => lines.slice(lines.indexOf(row(name)), lines.indexOf(row(name)) + 2);
    expect(block('fp32')).toEqual(['│ fp32               │ 12.41 MB │  61.9 ms │ 81.0 ms │   72.40 │ fail: size, │', '│                    │ baseline │ baseline │         │         │ frame       │']);
    expect(block('int8')).toEqual(['│ int8               │  3.11 MB │  38.1 ms │ 39.3 ms │   72.10 │ pass (3)    │', '│                    │  −75.0 % │  −38.3 % │         │   −0.30 │             │']);
    expect(r.stdout).toContain('(not shown at 80 columns: Intervals, p90; see --json)');
    expect(r.stdout).toContain('  Budget     budget.json (preset apple-watch-series-7)');
    expect(r.stdout).toMatch(/│ fp32 +│ +0\.0 % │ 43\.5 % │ +25\.8 % │ +12\.6 % │ 13\.7 % │/);
    expect(r.stdout).toMatch(/▲ palettize6\+prune50  smaller, not faster\n {4}−26\.1 % size against "int8" but p50 −1\.6 %/);
    // The last step's model, read off the package the manifest names (fixtures/demo/models/).
    expect(r.stdout).toContain(
      "Models  (read off each step's model, as coreml-doctor model reads it)\n  palettize6+prune50  models/PoseNet_pal6_sparse50.mlpackage\n      3.12 M weights at 5.77 bits per weight (palettized 6-bit + sparse; some\n      tensors sparse only) · 138 ops · fp16 compute · runs on iOS 18.0, watchOS\n      11.0 · Neural Engine findings: none\n",
    );
    expect(r.stdout).toContain('are stored palettized 6-bit + sparse; some tensors sparse only (5.8 bits per\n    weight in models/PoseNet_pal6_sparse50.mlpackage)');
    expect(r.stdout).toContain('3.12 M weights (counted in\n  models/PoseNet_pal6_sparse50.mlpackage, step "palettize6+prune50") at 32 bits\n  (given)');
    expect(r.stdout).toMatch(/▲ fp16  unpredictable latency\n {4}p99 55\.1 ms is 1\.37× p50 40\.2 ms: the median fits the 41\.7 ms frame budget\n {4}but 9\.2 % of inferences miss it/);
    expect(r.stdout).not.toMatch(/\nWarnings \(/);
  });

  it('on a wide terminal, one row a step with each "vs base" beside its figure', async () => {
    const r = await runCli(['report', MANIFEST], { isTTY: true, columns: 160, env: { NO_COLOR: '1' } });
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`│ ${name} `)) ?? '';
    expect(row('fp32')).toBe('│ fp32               │ 12.41 MB │ baseline │ 61.9 ms │ baseline │ 81.0 ms │ 72.40 │         │ fail: size, frame │');
    expect(row('palettize6+prune50')).toBe('│ palettize6+prune50 │  2.30 MB │  −81.5 % │ 37.5 ms │  −39.3 % │ 39.1 ms │ 71.70 │   −0.70 │ pass (8)          │');
    expect(r.stdout).toMatch(/│ fp32 +│ 430\.0 ms │ +0\.0 % │ 43\.5 % │ +25\.8 % │ +12\.6 % │ 13\.7 % │/);
    expect(r.stdout).toContain('Prediction / PoseNet_pal6_sparse50');
    expect(r.stdout).not.toContain('not shown at');
  });

  it('on a 60-column terminal every line still fits', async () => {
    const r = await runCli(['report', MANIFEST], { isTTY: true, columns: 60, env: { NO_COLOR: '1' } });
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(60);
    expect(r.stdout).toContain('palettize6+prune50');
  });

  it('writes Markdown for a PR comment', async () => {
    const r = await runCli(['report', MANIFEST, '--format', 'markdown']);
    // Headed as gate concludes (gate checks the last step, which holds its budget), not ❌ because fp32 was over it.
    expect(r.stdout.split('\n')[0]).toBe('### ✅ Optimization report `models/PoseNet.mlpackage`');
    expect(r.stdout).toContain('**gate PASSED on step "palettize6+prune50": 8 passed**');
    expect(r.stdout).toContain('| palettize6+prune50 | models/PoseNet\\_pal6\\_sparse50.mlpackage | 3.12 M weights at 5.77 bits per weight |');
    expect((await runCli(['gate', MANIFEST])).code).toBe(0);
    expect(r.stdout).toContain('| palettize6+prune50 | 2.30 MB | −81.5 % | 37.5 ms | −39.3 % | 39.1 ms | 71.70 (−0.70) | ✅ pass (8) |');
  });

  it('writes JSON that gate reads back', async () => {
    const r = await runCli(['report', MANIFEST, '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.steps.map((s: { name: string }) => s.name)).toEqual(['fp32', 'fp16', 'int8', 'palettize6+prune50']);
    expect(j.steps[0].latency).toMatchObject({ source: 'trace', label: 'Prediction / PoseNet_fp32', table: 'coreml-os-signpost', file: 'traces/01-fp32-coreml-os-signpost.xml', count: 240 });
    expect(j.steps[0].latency.samplesMs).toHaveLength(240);
    expect(j.steps[0].engines).toMatchObject({ unit: 'ns', total: 430e6, table: 'time-profile', file: 'traces/01-fp32-time-profile.xml' });
    expect(j.steps[2].engines.byEngine.neuralEngine).toBeGreaterThan(j.steps[2].engines.total / 2);
    expect(j.steps[3].log).toMatchObject({ outcome: 'converted', unsupportedOps: [], categories: expect.arrayContaining(['compression']) });
    expect(j.flags.map((f: { step: string; kind: string }) => `${f.step}:${f.kind}`)).toEqual([
      'fp32:over-budget',
      'fp16:unpredictable-latency',
      'fp16:over-budget',
      'int8:smaller-not-faster',
      'palettize6+prune50:smaller-not-faster',
    ]);
    expect(j.steps[3]).toMatchObject({ sizeSource: 'model', weightBitsSource: 'model', files: { model: 'models/PoseNet_pal6_sparse50.mlpackage' } });
    expect(j.steps[3].model).toMatchObject({ parameters: 3_118_361, compression: ['palettized 6-bit + sparse', 'sparse'], computePrecision: 'fp16', minimumOS: { watchOS: '11.0' }, opCounts: { conv: 27, conv_transpose: 1 } });
    expect(j.steps[0].model).toBeNull();
    const back = readReportJson(r.stdout, 'demo.json');
    expect(back.steps[3]?.accuracy.get('top1')).toBe(71.7);
    expect(back.steps[3]?.model?.opCounts.get('constexpr_lut_to_sparse')).toBe(26);
  });
});
