/**
 * Start-up in report and gate: a step whose trace records two launches of a Watch app
 * (fixtures/traces/watch-startup.xml: loads of 1840.125 and 412.25 ms, one 1210.5 ms compile, first
 * predictions of 96.375 and 64.625 ms) and a step whose Core ML trace records no load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'startup-report-'));
const trace = (name: string) => join(REPO_ROOT, 'fixtures/traces', name);
const steps = [
  { name: 'fp16', trace: trace('watch-startup.xml') },
  { name: 'palettized', trace: trace('coreml-os-signpost.xml'), interval: 'Prediction / FaceDetector' },
];
const write = (file: string, budget: unknown) => writeFileSync(join(dir, file), JSON.stringify({ device: 'Apple Watch Series 7', ...(budget ? { budget } : {}), steps }));
write('startup.json', { loadMs: { max: 1500 }, firstPredictionMs: { p50: 100, max: 120 } });
write('latency-only.json', { latencyMs: { p50: 50 } });
write('no-budget.json', null);

describe('report', () => {
  it('measures each step\'s start-up into the JSON (added fields; a step without one has null)', async () => {
    const r = await runCli(['report', 'no-budget.json', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const [fp16, pal] = (JSON.parse(r.stdout) as { steps: { startup: unknown }[] }).steps;
    expect(fp16?.startup).toEqual({
      load: { count: 2, p50Ms: 1126.1875, maxMs: 1840.125 },
      compile: { count: 1, p50Ms: 1210.5, maxMs: 1210.5 },
      firstPrediction: { count: 2, p50Ms: 80.5, maxMs: 96.375 },
      models: ['SleepStager'],
      tables: ['coreml-os-signpost'],
      files: [trace('watch-startup.xml')],
    });
    expect(pal?.startup).toBeNull();
  });

  it('shows p50 and max per step in text, Markdown and HTML', async () => {
    const text = await runCli(['report', 'no-budget.json'], { cwd: dir });
    const section = text.stdout.slice(text.stdout.indexOf('Start-up'));
    expect(section).toMatch(/│ fp16 +│ 1126\.2 ms │ +1210\.5 ms │ +80\.5 ms │\n│ +│ 1840\.1 ms │ +1210\.5 ms │ +96\.4 ms │/);
    expect(section).toContain('fp16: 2 loads, 1 compile, 2 first predictions of SleepStager');
    expect(Math.max(...text.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const md = await runCli(['report', 'no-budget.json', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toContain('| fp16 | 1126.2 ms | 1840.1 ms | 1210.5 ms | 1210.5 ms | 80.5 ms | 96.4 ms | 2 loads, 1 compile, 2 first predictions of SleepStager |');
    expect(md.stdout).toContain('| palettized | — | — | — | — | — | — | — |');
    const html = await runCli(['report', 'no-budget.json', '--format', 'html'], { cwd: dir });
    expect(html.stdout).toContain('<section id="startup">');
    expect(html.stdout).toMatch(/<td>fp16<\/td><td class="num">1126\.2 ms<\/td><td class="num">1840\.1 ms<\/td>/);
  });
});

describe('gate', () => {
  it('judges loadMs and firstPredictionMs like any ms metric', async () => {
    const r = await runCli(['gate', 'startup.json', '--step', 'fp16', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const verdicts = (JSON.parse(r.stdout) as { targets: { verdicts: { assertion: string; status: string; actual: number }[] }[] }).targets[0]?.verdicts;
    expect(verdicts?.map((v) => [v.assertion, v.status, v.actual])).toEqual([
      ['loadMs.max', 'fail', 1840.125],
      ['firstPredictionMs.p50', 'pass', 80.5],
      ['firstPredictionMs.max', 'pass', 96.375],
    ]);
  });

  it('fails closed, saying why, when the budget asks for a start-up the trace does not record', async () => {
    const r = await runCli(['gate', 'startup.json', '--step', 'palettized'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      `step "palettized" has no load intervals: ${trace('coreml-os-signpost.xml')} records none (Core ML's Load intervals in coreml-os-signpost, or ModelLoadingTable's transitions into loaded)`,
    );
    expect(r.stdout).toContain('FAILED: 3 errors (3 not measured), 0 passed');
  });

  it('never fails on start-up a budget does not ask for', async () => {
    const r = await runCli(['gate', 'latency-only.json', '--step', 'palettized'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/load|first prediction/i);
  });

  it('reads start-up back from a report JSON (gate --report)', async () => {
    const rep = await runCli(['report', 'startup.json', '--json', '-o', 'report.json'], { cwd: dir });
    expect(rep.code).toBe(0);
    const r = await runCli(['gate', '--report', 'report.json', '--budget', '-', '--step', 'fp16'], { cwd: dir, stdin: JSON.stringify({ loadMs: { p50: 1200 }, compileMs: { max: 1000 } }) });
    expect(r.stdout).toMatch(/✔ pass +loadMs\.p50 <= 1200 ms/);
    expect(r.stdout).toMatch(/✘ fail +compileMs\.max <= 1000 ms/);
    expect(r.code).toBe(1);
  });
});
