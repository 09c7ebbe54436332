/** Off a terminal, text output fits 80 columns (report and gate on the demo and fixtures). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CASES: [string, string[]][] = [
  ['report on the demo (npm start)', ['report', 'fixtures/demo/pipeline.json']],
  ['gate on the demo', ['gate', 'fixtures/demo/pipeline.json']],
  ['gate with two presets', ['gate', 'fixtures/demo/pipeline.json', '--preset', 'apple-watch-series-7,iphone-60fps', '--step', 'fp32']],
  ['gate with a baseline and a matrix budget', ['gate', '--report', 'fixtures/budgets/reports/pr.json', '--budget', 'fixtures/budgets/matrix.json', '--baseline', 'fixtures/budgets/reports/main.json']],
];

describe('80 columns', () => {
  it.each(CASES)('%s', async (_, args) => {
    const r = await runCli(args);
    expect(r.stdout.length).toBeGreaterThan(200);
    for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });
});

/** `trace` on every trace fixture: only the export commands printed for a TOC, to be pasted whole, run longer. */
const TRACE_FIXTURES = [
  ...readdirSync('fixtures/traces').filter((f) => /\.(xml|txt)$/.test(f)).map((f) => `fixtures/traces/${f}`),
  ...readdirSync('fixtures/demo/traces').map((f) => `fixtures/demo/traces/${f}`),
];

describe('80 columns: trace', () => {
  it.each(TRACE_FIXTURES)('trace %s', async (file) => {
    const r = await runCli(['trace', file]);
    expect(r.stdout.length).toBeGreaterThan(100);
    for (const line of r.stdout.split('\n')) if (!line.startsWith('  xcrun xctrace export')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });

  it('trace diff of two time profiles and of two Core ML traces', async () => {
    for (const kind of ['time-profile', 'coreml-os-signpost']) {
      const r = await runCli(['trace', 'diff', `fixtures/demo/traces/01-fp32-${kind}.xml`, `fixtures/demo/traces/04-palettize6-prune50-${kind}.xml`]);
      expect(r.code).toBe(0);
      for (const line of r.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    }
  });
});
