/** fitTable: a table too wide for the line stacks, shortens, drops, and at last becomes records; never wraps box drawing. */
import { describe, expect, it } from 'vitest';
import { displayWidth, fitTable, type ColumnSpec } from '../../src/render/table.js';

const widest = (s: string) => Math.max(...s.split('\n').map(displayWidth));

const cols: ColumnSpec[] = [
  { head: 'Step', shrinkTo: 8 },
  { head: 'Size', align: 'right' },
  { head: 'vs base', align: 'right', under: true },
  { head: 'p90', align: 'right', drop: 1 },
  { head: 'Intervals', shrinkTo: 10, drop: 2 },
];
const rows = [
  ['palettize6+prune50', '2.30 MB', '−81.5 %', '38.3 ms', 'Prediction / PoseNet_pal6_sparse50'],
  ['fp32', '12.41 MB', 'baseline', '64.3 ms', 'Prediction / PoseNet_fp32'],
];

describe('fitTable', () => {
  it('leaves a table that fits as it is: one line a row', () => {
    const f = fitTable(cols, rows, 200);
    expect(f.hidden).toEqual([]);
    expect(f.text.split('\n')).toContain('│ palettize6+prune50 │  2.30 MB │  −81.5 % │ 38.3 ms │ Prediction / PoseNet_pal6_sparse50 │');
  });

  it('puts an "under" column beneath its figure, then shortens and drops what may go', () => {
    const f = fitTable(cols, rows, 60);
    expect(widest(f.text)).toBeLessThanOrEqual(60);
    expect(f.text).toContain('│ palettize6+prune50 │  2.30 MB │');
    expect(f.text).toContain('│                    │  −81.5 % │');
    expect(f.hidden).toEqual([]);
    // The asset id at the end of the label survives shortening.
    expect(f.text).toMatch(/…PoseNet_pal6_sparse50|Pose.*sparse50/);
    const narrow = fitTable(cols, rows, 40);
    expect(widest(narrow.text)).toBeLessThanOrEqual(40);
    expect(narrow.hidden).toEqual(['Intervals', 'p90']);
  });

  it('becomes records when no column may go', () => {
    const f = fitTable([{ head: 'Check' }, { head: 'fp32' }, { head: 'palettize6+prune50' }], [['p99 latency vs the 20 fps frame budget', '✖ 81.0 ms', '✔ 39.1 ms']], 40);
    expect(f.text.split('\n')).toEqual(['p99 latency vs the 20 fps frame budget', '  fp32 ✖ 81.0 ms', '  palettize6+prune50 ✔ 39.1 ms', '']);
    expect(widest(f.text)).toBeLessThanOrEqual(40);
  });

  it('counts colour codes as nothing', () => {
    const red = '\u001b[31mfail\u001b[39m';
    expect(displayWidth(red)).toBe(4);
    expect(fitTable([{ head: 'Step' }, { head: 'Budget' }], [['fp32', red]], 20).text).toContain(red);
  });
});
