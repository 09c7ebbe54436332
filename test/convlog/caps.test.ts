/**
 * Distinct messages are kept up to a cap per id (50) and every one beyond is counted by one folded
 * entry of that id, so counts stay exact however many distinct warnings a log holds. A warning at a
 * place a kept message is at is still matched against the kept ones (the same message counts on
 * its own entry, another one on the folded entry).
 */
import { describe, expect, it } from 'vitest';
import { parseConversionLogText } from '../../src/convlog/parser.js';

const tracer = (path: string, line: number, what: string) =>
  `${path}:${line}: TracerWarning: Converting a tensor to a Python boolean might cause the trace to be incorrect. We can't record the data flow of Python values, so this value will be treated as a constant in the future. (${what})`;

describe('distinct messages per id', () => {
  it('keeps 50 distinct warnings, folds the rest with exact counts, and still counts a kept one met again', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(tracer(`/Users/dev/models/block_${i}.py`, 100 + i, `first ${i}`), `  if x.shape[0] > ${i}:`);
    // Once the cap is reached: a kept warning again, another message at a kept place, a new place.
    lines.push(tracer('/Users/dev/models/block_3.py', 103, 'first 3'), '  if x.shape[0] > 3:');
    lines.push(tracer('/Users/dev/models/block_3.py', 103, 'another message'), '  if x.shape[0] > 3:');
    lines.push(tracer('/Users/dev/models/block_70.py', 170, 'a new place'), '  if x.shape[0] > 70:');
    lines.push(tracer('/Users/dev/models/block_55.py', 155, 'first 55'), '  if x.shape[0] > 55:');
    const log = parseConversionLogText(lines.join('\n') + '\n');
    const tw = log.diagnostics.filter((d) => d.id === 'torch.tracer-warning');
    const kept = tw.filter((d) => !d.folded);
    const folded = tw.filter((d) => d.folded);
    expect(kept).toHaveLength(50);
    expect(folded).toHaveLength(1);
    // block_3 counted twice on its own entry; 10 first-time ones, another message, a new place and block_55 (folded before) on the folded one.
    expect(kept.find((d) => d.message.endsWith('(first 3)'))?.count).toBe(2);
    expect(folded[0]?.count).toBe(13);
    expect(tw.reduce((n, d) => n + d.count, 0)).toBe(64);
    expect(kept.every((d, i) => i === 3 || d.count === 1)).toBe(true);
  });

  it('counts a warning line met again and again where it was counted first: its own entry, or the folded one', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) lines.push(tracer(`/Users/dev/models/block_${i}.py`, 100 + i, `first ${i}`), `  if x.shape[0] > ${i}:`);
    // The same lines, ten times over (the parser reads a line's facts once and keeps them): the 50
    // kept and the 10 folded ones, and a kept place with a message of its own.
    for (let r = 0; r < 10; r++) {
      for (const i of [3, 55, 59]) lines.push(tracer(`/Users/dev/models/block_${i}.py`, 100 + i, `first ${i}`), `  if x.shape[0] > ${i}:`);
      lines.push(tracer('/Users/dev/models/block_3.py', 103, 'another message'), '  if x.shape[0] > 3:');
    }
    const tw = parseConversionLogText(lines.join('\n') + '\n').diagnostics.filter((d) => d.id === 'torch.tracer-warning');
    expect(tw.find((d) => d.message.endsWith('(first 3)'))?.count).toBe(11);
    // 10 first-time ones, then block_55, block_59 and another message at block_3 ten times each.
    expect(tw.find((d) => d.folded)?.count).toBe(40);
    expect(tw.reduce((n, d) => n + d.count, 0)).toBe(100);
  });
});
