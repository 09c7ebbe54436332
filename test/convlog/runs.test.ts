/**
 * A run keeps the ops whose cause is the exception that follows ("ERROR - converting 'x' op" names
 * the op, the RuntimeError after it says why) only while it can still list them: a sweep that logs
 * thousands of distinct ops in one run holds a bounded number, and the causes it lists are the same.
 */
import { describe, expect, it } from 'vitest';
import { Run } from '../../src/convlog/runs.js';
import { parseConversionLogText } from '../../src/convlog/parser.js';
import type { UnsupportedOp } from '../../src/convlog/model.js';

const op = (name: string): UnsupportedOp => ({ op: name, frontend: 'pytorch', status: 'failed', nodes: [], lines: [1], category: 'unsupported-op', cause: 'named by ERROR - converting', spellings: [name] });

describe('Run causes', () => {
  it('holds a cause only for an op it lists or can still list', () => {
    const run = new Run(1);
    const listed = Array.from({ length: 50 }, (_, i) => op(`listed_${i}`));
    for (const o of listed) run.noteOp(o);
    for (let i = 0; i < 5000; i++) run.causeFromException(op(`unlisted_${i}`));
    expect(run.causesHeld).toBe(0);
    run.causeFromException(listed[7]!);
    expect(run.causesHeld).toBe(1);
  });

  it('still holds the cause of an op before its list is full', () => {
    const run = new Run(1);
    const o = op('custom_op');
    run.causeFromException(o);
    expect(run.causesHeld).toBe(1);
  });
});

describe('a run naming thousands of ops', () => {
  it('lists the first ops with the exception as their cause, and keeps counting the rest', () => {
    const lines = ['Converting PyTorch Frontend ==> MIL Ops:  25%|██████████                              | 100/400 [00:00<00:01, 1100.00 ops/s]'];
    for (let i = 0; i < 3000; i++) lines.push(`ERROR - converting 'custom_op_${i}' op (located at: 'encoder/layers.${i}/custom_op_${i}'):`);
    lines.push('RuntimeError: the converter raised on a custom op');
    const log = parseConversionLogText(lines.join('\n') + '\n');
    // 1000 ops kept in the log's list; the run lists 50 of them, each with the exception as its cause.
    expect(log.unsupportedOps).toHaveLength(1000);
    expect(log.unsupportedOps[0]?.cause).toBe('RuntimeError: the converter raised on a custom op');
    expect(log.unsupportedOps[49]?.cause).toBe('RuntimeError: the converter raised on a custom op');
    expect(log.unsupportedOps[50]?.cause).not.toBe('RuntimeError: the converter raised on a custom op');
    expect(log.outcome).toBe('failed');
  });
});
