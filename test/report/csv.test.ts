import Papa from 'papaparse';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReportCsv } from '../../src/render/report/csv.js';
import { validateManifest } from '../../src/report/manifest.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import { makeReport } from './report-fixture.js';

const parse = (csv: string) => Papa.parse<string[]>(csv.trim(), { dynamicTyping: false }).data;

describe('report as CSV', () => {
  it('one row per step, numbers as numbers, a column per accuracy metric', async () => {
    const rows = parse(renderReportCsv(await makeReport()));
    const [head, ...steps] = rows;
    expect(steps.map((r) => r[0])).toEqual(['fp32', 'int8', 'pal6', 'pal4']);
    const col = (name: string) => head!.indexOf(name);
    expect(col('accuracy:top1')).toBeGreaterThan(0);
    expect(steps[0]![col('size_bytes')]).toBe('12412735');
    expect(steps[1]![col('accuracy:top1')]).toBe('72.1');
    expect(Number(steps[1]![col('accuracy_change:top1')])).toBeCloseTo(-0.3, 6);
    expect(Number(steps[1]![col('p50_ms')])).toBeGreaterThan(30);
    // Given latency (p50/p90/p99/max) has no sample count.
    expect(steps[3]![col('latency_source')]).toBe('given');
    expect(steps[3]![col('inferences')]).toBe('');
  });

  it('no formula reaches a spreadsheet, and quoting keeps every cell whole', async () => {
    const m = validateManifest(
      {
        steps: [
          { name: '=HYPERLINK("http://evil.example","x")', sizeBytes: 1000, latencyMs: [1, 2, 3], accuracy: { '@SUM(A1)': 0.5 }, notes: '-2+3\n"quoted", comma' },
          { name: '+cmd|\'/c calc\'!A1', sizeBytes: 900, latencyMs: [1, 2, 3], accuracy: { '@SUM(A1)': 0.4 } },
        ],
      },
      'pipeline.json',
      mkdtempSync(join(tmpdir(), 'report-csv-')),
    );
    const csv = renderReportCsv(await measurePipeline(m, { readTrace: async () => { throw new Error('no traces here'); } }));
    const rows = parse(csv);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    for (const cell of rows.flat()) if (cell !== '' && Number.isNaN(Number(cell))) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows[1]![0]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(rows[0]).toContain('accuracy:@SUM(A1)'); // starts with a letter: nothing to escape
    expect(rows[1]!.at(-1)).toBe('\'-2+3\n"quoted", comma');
  });
});
