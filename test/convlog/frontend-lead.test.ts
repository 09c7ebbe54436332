/**
 * The log's frontend is the one with the most votes (bars, error messages, warning classes, frame
 * paths), ties to the one voted for first. The parser keeps the leader it worked out (asked for each
 * message of a pattern that names no frontend) until a vote for another frontend may change it: the
 * answer must be the count's whatever such messages come between the votes.
 */
import { describe, expect, it } from 'vitest';
import { parseConversionLogText } from '../../src/convlog/parser.js';

const BAR = (desc: string, n: number, total: number) => `${desc}: ${String(Math.floor((100 * n) / total)).padStart(3)}%|███       | ${n}/${total} [00:00<00:00, 10.00 ops/s]`;
/** A frontend bar at n of 10: one that goes back from the last starts a stage of its own (a vote of 5). */
const TF = (n: number) => BAR('Converting TF Frontend ==> MIL Ops', n, 10);
const TORCH = (n: number) => BAR('Converting PyTorch Frontend ==> MIL Ops', n, 10);
/** A message of a pattern that names no frontend (the parser asks which one leads). */
const ASK = 'Error parsing MIL model';

describe('the frontend of a log', () => {
  it.each([
    ['a tie goes to the one voted for first', [TF(5), ASK, TORCH(5), ASK], 'tensorflow'],
    ['a tie the other way', [TORCH(5), ASK, TF(5), ASK], 'pytorch'],
    ['the leader asked, then overtaken', [TF(5), ASK, TORCH(5), ASK, TORCH(1), ASK], 'pytorch'],
    ['overtaken, then tied back: the first voted for', [TF(5), TORCH(5), TORCH(1), ASK, TF(1), ASK], 'tensorflow'],
    ['asked before any vote', [ASK, TORCH(5), ASK], 'pytorch'],
    ['never voted for', [ASK, ASK], 'unknown'],
  ])('%s', (_, lines, want) => {
    expect(parseConversionLogText(lines.join('\n') + '\n').frontend).toBe(want);
  });
});
