/**
 * Numbers as users read them: an accuracy given as a fraction (0..1) shows its real changes
 * (0.712 → 0.709 is −0.003, not −0.00) in every report format, a metric in points keeps two
 * decimals, and a standard deviation of one interval is "—", not 0.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decimalsOf, points } from '../../src/render/report/common.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fractional-metrics-'));
const manifest = join(dir, 'pipeline.json');
writeFileSync(
  manifest,
  JSON.stringify({
    model: 'Classifier.mlpackage',
    budget: { accuracyDrop: { accuracy: 0.005 } },
    steps: [
      { name: 'fp16', sizeBytes: 24_000_000, accuracy: { accuracy: 0.712, top5: 91.25 } },
      { name: 'int8', sizeBytes: 12_000_000, accuracy: { accuracy: 0.709, top5: 91.2 } },
      { name: 'pal4', sizeBytes: 6_000_000, accuracy: { accuracy: 0.702, top5: 90.5 } },
    ],
  }),
);

describe('fractional metrics', () => {
  it('shows a change with the decimals of the values it compares', () => {
    // Deltas as the report computes them (current − reference), float noise included.
    const d = (cur: number, ref: number) => ({ absolute: cur - ref, relative: (cur - ref) / ref });
    expect(points(d(0.709, 0.712))).toBe('−0.003');
    expect(points(d(0.702, 0.712))).toBe('−0.010');
    expect(points(d(0.7123, 0.712))).toBe('+0.0003');
    expect(points(d(71.7, 72.4))).toBe('−0.70');
    expect(points(d(72.4, 72.4))).toBe('0.00');
    expect(points(d(0.71234, 0.71233))).toBe('0.0000');
    expect(points({ absolute: 0.5, relative: null })).toBe('+0.50');
    expect(decimalsOf(0.1 + 0.2)).toBe(2);
  });

  it('text: values and changes to the third decimal, points to the second', async () => {
    const r = await runCli(['report', manifest], { isTTY: true, columns: 200, env: { NO_COLOR: '1' } });
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`│ ${name} `)) ?? '';
    expect(row('fp16')).toMatch(/│ +0\.712 │ +│ +91\.25 │ +│/);
    expect(row('int8')).toMatch(/│ +0\.709 │ +−0\.003 │ 91\.20 │ +−0\.05 │/);
    expect(row('pal4')).toMatch(/│ +0\.702 │ +−0\.010 │ 90\.50 │ +−0\.75 │/);
    expect(r.stdout).toMatch(/│ int8 │ .* │ +−0\.003 │ +−0\.003 │ +−0\.05 │ +−0\.05 │/);
    expect(r.stdout).toMatch(/│ pal4 │ .* │ +−0\.010 │ +−0\.007 │ +−0\.75 │ +−0\.70 │/);
    expect(r.stdout).not.toMatch(/[−+-]0\.00\b(?!\d)/);
  });

  it('Markdown and HTML: the same figures', async () => {
    const md = await runCli(['report', manifest, '--format', 'markdown']);
    expect(md.stdout).toContain('| int8 | 12.00 MB | −50.0 % | — | — | — | 0.709 (−0.003) | 91.20 (−0.05) |');
    expect(md.stdout).toContain('| pal4 | −75.0 % | −50.0 % | — | — | — | — | −0.010 | −0.007 | −0.75 | −0.70 |');
    const out = join(dir, 'report.html');
    await runCli(['report', manifest, '--html', out]);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('0.709 <span class="note">(−0.003)</span>');
    expect(html).toContain('<td class="num">−0.007</td>');
    expect(html).not.toMatch(/[−+]0\.00\b(?!\d)/);
  });
});

describe('standard deviation', () => {
  it('is "—" for a single interval, a number from two on', async () => {
    // Markdown always has the Std column; the text table shows it when the labels leave room.
    const r = await runCli(['trace', 'fixtures/traces/ane-hw-intervals.xml', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Compile | 1 | 150.0 | — | 150.0 |');
    expect(r.stdout).toContain('| FaceDetector\\_3A9F Prediction | 2 | 1.15 | 0.05 |');
    const text = await runCli(['trace', 'fixtures/traces/dyld-activity-interval.xml', '--group-by', 'level']);
    expect(text.stdout).toMatch(/│ 1 +│ +1 │ 12431\.0 │ +— │ 12431\.0 │/);
    expect(text.stdout).toMatch(/│ 2 +│ +3 │ +90\.50 │ 86\.55 │/);
  });
});
