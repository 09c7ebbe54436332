/** Off a terminal, text output fits 80 columns (report and gate on the demo and fixtures). */
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
