/**
 * Gate's defaults never fail a user for what they did not ask: a default regression check that
 * cannot be measured (a baseline without conversion logs, without latency) is skipped with a
 * notice; the same check written in the budget fails closed. A budget that asserts nothing is a
 * usage error (exit 2), in gate and report alike, not a pass.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gate-defaults-'));
const write = (name: string, value: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return p;
};

const PR = 'fixtures/budgets/reports/pr.json';
const MAIN = 'fixtures/budgets/reports/main.json';

/** A report with the conversion logs (and optionally the latency) of its steps left out. */
function without(file: string, keys: string[]): string {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  for (const s of r.steps) for (const k of keys) delete s[k];
  return write(`${keys.join('-')}-${file.split('/').at(-1)}`, r);
}

const BUDGET = write('size.json', { sizeMB: 8 });

describe('defaults the user did not write', () => {
  it('--baseline without conversion logs: the new-ops default is skipped with a notice, not failed', async () => {
    const r = await runCli(['gate', '--report', without(PR, ['log']), '--budget', BUDGET, '--baseline', without(MAIN, ['log'])]);
    expect(r.stdout).not.toMatch(/✘ not measured +regression\.unsupportedOps/);
    expect(r.stdout).toContain('notice: new unsupported ops not measured: the baseline step "palettize-6bit" in');
    expect(r.stdout).toContain('skipped, as a default the budget does not set ("regression": {"unsupportedOps": "error"} in the budget requires it)');
    const j = JSON.parse((await runCli(['gate', '--report', without(PR, ['log']), '--budget', BUDGET, '--baseline', without(MAIN, ['log']), '--json'])).stdout);
    expect(j.targets[0].verdicts.map((v: { assertion: string }) => v.assertion)).not.toContain('regression.unsupportedOps');
    expect(j.targets[0].notices).toHaveLength(1);
    expect(j.counts.notMeasured).toBe(0);
  });

  it('the same check written in the budget fails closed', async () => {
    const asked = write('asked.json', { sizeMB: 8, regression: { unsupportedOps: 'error' } });
    const r = await runCli(['gate', '--report', without(PR, ['log']), '--budget', asked, '--baseline', without(MAIN, ['log'])]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✘ not measured +regression\.unsupportedOps/);
  });

  it('a baseline without latency: the latency defaults are skipped; the rest still counts', async () => {
    const r = await runCli(['gate', '--report', PR, '--budget', BUDGET, '--baseline', without(MAIN, ['latency', 'log']), '--json']);
    const j = JSON.parse(r.stdout);
    const ids = j.targets[0].verdicts.map((v: { assertion: string }) => v.assertion);
    expect(ids).toContain('regression.sizeMB');
    expect(ids.some((a: string) => a.startsWith('regression.latencyMs'))).toBe(false);
    expect(j.targets[0].notices.join('\n')).toMatch(/p50 latency regression not measured: .* in the baseline/);
    // The size grew 24 % against main: that default still fails.
    expect(r.code).toBe(1);
  });

  it('markdown shows the notices', async () => {
    const r = await runCli(['gate', '--report', without(PR, ['log']), '--budget', BUDGET, '--baseline', without(MAIN, ['log']), '--reporter', 'markdown']);
    expect(r.stdout).toMatch(/^> notice: new unsupported ops not measured/m);
  });
});

describe('a budget that asserts nothing', () => {
  const cases: [string, unknown, RegExp][] = [
    ['an empty object', {}, /empty\.json:\$: the budget asserts nothing: every assertion is off or absent; expected at least one assertion/],
    ['every assertion off', { preset: 'apple-watch-series-7', sizeMB: 'off', fps: 'off' }, /the budget asserts nothing/],
    ['one target of a matrix', { targets: [{ name: 'watch', preset: 'apple-watch-series-7' }, { name: 'empty', sizeMB: 'off' }] }, /:\$\.targets\[1\]: target "empty" asserts nothing/],
  ];
  for (const [what, budget, re] of cases) {
    it(`${what}: exit 2 in gate and in report`, async () => {
      const b = write('empty.json', budget);
      const g = await runCli(['gate', '--report', PR, '--budget', b]);
      expect(g.code).toBe(2);
      expect(g.stderr).toMatch(re);
      expect(g.stderr.trim().split('\n')).toHaveLength(1);
      const m = write('pipeline.json', { budget: 'empty.json', steps: [{ name: 'fp32', sizeBytes: 1000 }] });
      const rep = await runCli(['report', m]);
      expect(rep.code).toBe(2);
      expect(rep.stderr).toMatch(re);
    });
  }

  it('with --baseline, an empty budget still checks the regression defaults', async () => {
    const r = await runCli(['gate', '--report', PR, '--budget', write('none.json', {}), '--baseline', MAIN, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).targets[0].verdicts.every((v: { kind: string }) => v.kind.startsWith('regression.'))).toBe(true);
  });
});
