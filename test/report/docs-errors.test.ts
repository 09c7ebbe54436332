/**
 * docs/report.md's examples of a bad manifest are what `report` prints for such a manifest: each
 * example's input is built here and the printed line must be one of the doc's lines, verbatim.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { docErrorLines } from '../helpers/doc-errors.js';

const DOC_LINES = docErrorLines('docs/report.md', 'Unknown keys are errors (a typo must not silently drop a measurement), with the closest known key:');
const root = mkdtempSync(join(tmpdir(), 'report-doc-errors-'));

const CASES: Array<[string, string]> = [
  ['a latency that is not a number', JSON.stringify({ steps: [{ name: 'fp32', sizeBytes: 12_412_735 }, { name: 'int8', sizeBytes: 3_107_560 }, { name: 'pal6', latencyMs: 'fast' }] }, null, 2)],
  ['a misspelt key', JSON.stringify({ steps: [{ name: 'fp32', latencyMS: [61.9, 62.4] }] }, null, 2)],
  ['a trailing comma', '{\n  "model": "PoseNet.mlpackage",\n  "steps": [{ "name": "fp32", "sizeBytes": 12412735 },]\n}\n'],
  ['a trace that is not there', JSON.stringify({ steps: [{ name: 'fp32', sizeBytes: 12_412_735 }, { name: 'int8', trace: ['traces/int8.xml'] }] }, null, 2)],
];

describe('docs/report.md: the bad-manifest examples', () => {
  it('shows four examples', () => {
    expect(DOC_LINES).toHaveLength(CASES.length);
  });

  it.each(CASES)('%s prints the doc\'s line', async (name, manifest) => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pipeline.json'), manifest);
    const r = await runCli(['report', 'pipeline.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(DOC_LINES).toContain(lines[0]);
  });
});
