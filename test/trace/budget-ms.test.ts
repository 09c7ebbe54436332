/**
 * `trace --budget-ms N`: a one-assertion budget run through the engine. It says which rows it
 * judged and why those (marked ▶ in the intervals table), prints the engine's verdict per row and
 * one verdict line (which label, how many inferences over, the exit code), and exits 1 or 0 by it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const COREML = 'fixtures/traces/coreml-os-signpost.xml';
const dir = mkdtempSync(join(tmpdir(), 'budget-ms-'));
/** The same export with no label naming an inference. */
const NO_INFERENCE = join(dir, 'decode.xml');
writeFileSync(NO_INFERENCE, readFileSync(COREML, 'utf8').replace(/Prediction/g, 'Decode'));

const rows = (out: string) => out.split('\n').filter((l) => l.startsWith('  │ '));

describe('trace --budget-ms', () => {
  it('marks the inference rows it judges, and prints the verdict line with the label, the count over and the exit code', async () => {
    const r = await runCli(['trace', COREML, '--budget-ms', '33']);
    expect(r.code).toBe(1);
    const marked = rows(r.stdout).filter((l) => l.startsWith('  │ ▶ '));
    expect(marked.map((l) => /^ {2}│ ▶ ([^│]+?) +│/.exec(l)?.[1])).toEqual(['Prediction / FaceDetector', 'Prediction / Embedder']);
    expect(r.stdout.replace(/\n  /g, ' ')).toContain('judged the rows whose labels name an inference (▶): "Prediction / FaceDetector", "Prediction / Embedder"');
    const flat = r.stdout.replace(/\n {4}/g, ' ');
    expect(flat).toContain('✘ Prediction / FaceDetector: max latency 40.2 ms (1 of 7 inferences over 33 ms) is over the budget of 33 ms by 7.2 ms');
    expect(flat).toContain('✔ Prediction / Embedder: max latency 5.5 ms is within 33 ms');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: "Prediction / FaceDetector" has 1 of 7 inferences over 33 ms (exit 1)');
    for (const l of r.stdout.slice(r.stdout.indexOf('\nBudget ')).split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
  });

  it('passes with exit 0 and says so', async () => {
    const r = await runCli(['trace', COREML, '--budget-ms', '41']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('PASSED: no judged inference is over 41 ms (exit 0)');
  });

  it('with no label naming an inference, judges every row and says which', async () => {
    const r = await runCli(['trace', NO_INFERENCE, '--budget-ms', '20']);
    expect(r.code).toBe(1);
    // Each row with a count (a long label wraps onto a line of its own) is marked.
    const counted = rows(r.stdout).filter((l) => /^\s+\d/.test(l.split('│')[2] ?? ''));
    expect(counted).toHaveLength(4);
    expect(counted.every((l) => l.startsWith('  │ ▶ '))).toBe(true);
    expect(r.stdout.replace(/\n  /g, ' ')).toContain(
      'no interval label names an inference (Prediction, Inference, Predict), so it judged every row (▶): "Decode / FaceDetector", "CPU / FaceDetector", "Decode / Embedder", "GPU Request / FaceDetector"; name the inference with --interval LABEL',
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: "Decode / FaceDetector" has 1 of 7 inferences over 20 ms (exit 1)');
  });

  it('--interval names the row judged', async () => {
    const r = await runCli(['trace', COREML, '--budget-ms', '3', '--interval', 'CPU']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('judged the intervals --interval "CPU" names: "CPU / FaceDetector"');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: "CPU / FaceDetector" has 1 of 2 inferences over 3 ms (exit 1)');
  });

  it('--json carries the engine\'s result as `budget`, gate\'s shape', async () => {
    const r = await runCli(['trace', COREML, '--budget-ms', '33', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.budget).toMatchObject({ schemaVersion: 1, passed: false, source: { kind: 'trace' }, budgetFile: '--budget-ms 33', counts: { fail: 1, pass: 1 } });
    expect(j.budget.targets[0].verdicts[0]).toMatchObject({ assertion: 'latencyMs.max', status: 'fail', actual: 40.2, limit: 33 });
    expect(j.intervals[0].overBudget).toBe(1);
  });

  it('--format folded keeps its output clean: the verdict line goes to stderr', async () => {
    const r = await runCli(['trace', 'fixtures/traces/multi-node.xml', '--format', 'folded', '--budget-ms', '100']);
    expect(r.stdout).not.toContain('Budget');
    expect(r.stderr).toMatch(/--budget-ms: (PASSED|FAILED)/);
  });
});
