/**
 * A truncated trace in a pipeline: `report` and `gate` treat it as not measured (a budget on its
 * latency fails closed) unless the step says `"acceptTruncated": true`, which measures its complete
 * rows. fixtures/traces/truncated-coreml-os-signpost.xml is coreml-os-signpost.xml cut inside its
 * sixth row, the 40.2 ms FaceDetector prediction: the complete rows hold three predictions
 * (12.5, 13.0, 12.8 ms), and the whole file is over a 30 ms p99 while the cut one is not.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';

const CUT = join(REPO_ROOT, 'fixtures/traces/truncated-coreml-os-signpost.xml');
const WHOLE = join(REPO_ROOT, 'fixtures/traces/coreml-os-signpost.xml');

function pipeline(step: Record<string, unknown>, interval: string | null = 'Prediction / FaceDetector'): string {
  const dir = mkdtempSync(join(tmpdir(), 'truncated-trace-'));
  const file = join(dir, 'pipeline.json');
  writeFileSync(file, JSON.stringify({ budget: { latencyMs: { p99: 30 } }, steps: [{ name: 'int8', sizeBytes: 3_000_000, ...(interval ? { interval } : {}), ...step }] }));
  return file;
}

describe('a truncated trace in report and gate', () => {
  it('report: not measured by default, with a warning that says where it ends and how to accept it', async () => {
    const r = await runCli(['report', pipeline({ trace: CUT }), '--json']);
    expect(r.code).toBe(0);
    const step = JSON.parse(r.stdout).steps[0];
    expect(step.latency).toBeNull();
    expect(step.warnings).toContain(
      `${CUT}: truncated at byte 2369 (the file is truncated after 5 complete rows of coreml-os-signpost: it ends inside the markup \`<duration id="21" fmt="40.\` inside <trace-query-result> > <node> > <row>): not measured; "acceptTruncated": true in the step measures its 5 complete rows`,
    );
  });

  it('gate: a latency budget on a truncated trace fails closed (exit 1), where the whole trace fails on its 40.2 ms', async () => {
    const cut = await runCli(['gate', pipeline({ trace: CUT })]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/not measured/);
    const whole = await runCli(['gate', pipeline({ trace: WHOLE })]);
    expect(whole.code).toBe(1);
    expect(whole.stdout).toMatch(/p99 latency 38\.\d+ ms is over the budget of 30 ms/);
  });

  it('"acceptTruncated": true measures the complete rows: three predictions, within 30 ms', async () => {
    const file = pipeline({ trace: CUT, acceptTruncated: true });
    const r = JSON.parse((await runCli(['report', file, '--json'])).stdout).steps[0];
    expect(r.latency).toMatchObject({ source: 'trace', count: 3, maxMs: 13, label: 'Prediction / FaceDetector' });
    expect(r.warnings).toContain(`${CUT}: truncated at byte 2369: measured from its 5 complete rows ("acceptTruncated": true)`);
    const g = await runCli(['gate', file]);
    expect(g.code).toBe(0);
  });

  it('the manifest refuses acceptTruncated without a trace, or as anything but a boolean', async () => {
    const a = await runCli(['report', pipeline({ acceptTruncated: true }, null)]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/\$\.steps\[0\]\.acceptTruncated: "acceptTruncated" without a "trace"/);
    const b = await runCli(['report', pipeline({ trace: CUT, acceptTruncated: 'yes' })]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\$\.steps\[0\]\.acceptTruncated: expected true \(measure a truncated trace from its complete rows\) or false/);
  });
});
