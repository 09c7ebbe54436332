import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { shellQuote } from '../../src/core/escape.js';
import { exportCommands } from '../../src/trace/toc.js';
import type { TocRun } from '../../src/trace/model.js';
import { runCli } from '../helpers/cli.js';

describe('xctrace export --toc', () => {
  it('lists the runs, with what was recorded where', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-toc.xml');
    expect(a.format).toBe('xctrace-toc');
    const runs = a.toc?.runs ?? [];
    expect(runs.map((r) => [r.number, r.template, r.duration, r.device, r.process, r.tables.length])).toEqual([
      [1, 'Core ML', 30.028113, 'Anna’s iPhone (iPhone 15 Pro, iOS 18.2 (22C152))', 'VisionApp (pid 873)', 10],
      [2, 'Core ML', 30.015027, 'Anna’s iPhone (iPhone 15 Pro, iOS 18.2 (22C152))', 'VisionApp (pid 911)', 3],
    ]);
    expect(runs[0]?.tables[0]).toEqual({ schema: 'kdebug', attributes: [['codes', '"0x31,0xca"'], ['target', 'SINGLE']] });
    expect(runs[0]).toMatchObject({ instrumentsVersion: '16.2 (16C5032a)', endReason: 'Time limit reached', startDate: '2025-03-14T10:02:11.512+01:00' });
  });

  it('prints the exact export commands, by schema, by category when a schema repeats', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-toc.xml', { run: 1 });
    expect(a.toc?.runs.map((r) => r.number)).toEqual([1]);
    expect(a.toc?.runs[0]?.exportCommands).toEqual([
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' --output run1-time-profile.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="coreml-os-signpost"]' --output run1-coreml-os-signpost.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="ane-hw-intervals-internal"]' --output run1-ane-hw-intervals-internal.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="mps-hw-intervals"]' --output run1-mps-hw-intervals.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="metal-gpu-intervals"]' --output run1-metal-gpu-intervals.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="os-signpost" and @category="PointsOfInterest"]' --output run1-os-signpost-PointsOfInterest.xml`,
      `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="os-signpost" and @category="Pipeline"]' --output run1-os-signpost-Pipeline.xml`,
    ]);
  });

  it('offers every table trace reads: any interval table (hangs, dyld, GPU states, …), none it does not', () => {
    const run: TocRun = {
      number: 1,
      template: 'App Launch',
      duration: null,
      device: null,
      process: null,
      tables: ['kdebug', 'tick', 'dyld-library-load', 'potential-hangs', 'dyld-activity-interval', 'life-cycle-period', 'gpu-performance-state-intervals', 'device-thermal-state-intervals', 'displayed-surfaces-interval', 'time-profile', 'os-log', 'thread-state'].map((schema) => ({ schema, attributes: [] })),
      exportCommands: [],
    };
    expect(exportCommands(run, 'a.trace').map((c) => /--output (\S+)/.exec(c)?.[1])).toEqual([
      'run1-time-profile.xml',
      'run1-gpu-performance-state-intervals.xml',
      'run1-potential-hangs.xml',
      'run1-dyld-activity-interval.xml',
      'run1-life-cycle-period.xml',
      'run1-device-thermal-state-intervals.xml',
      'run1-thread-state.xml',
      'run1-displayed-surfaces-interval.xml',
    ]);
  });

  it('shows when each run ended, and why', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-toc.xml');
    expect(a.toc?.runs.map((r) => [r.endDate, r.endReason])).toEqual([
      ['2025-03-14T10:02:41.540+01:00', 'Time limit reached'],
      ['2025-03-14T10:05:32.019+01:00', 'Time limit reached'],
    ]);
    const text = (await runCli(['trace', 'fixtures/traces/coreml-toc.xml'])).stdout;
    expect(text).toContain('  Ended       2025-03-14T10:02:41.540+01:00 (Time limit reached)\n');
    const md = (await runCli(['trace', 'fixtures/traces/coreml-toc.xml', '--format', 'markdown'])).stdout;
    expect(md).toContain('Ended: 2025-03-14T10:02:41.540+01:00 (Time limit reached)');
  });

  it('quotes the trace path and odd values for the shell, so that a shell gets the exact argument back', () => {
    const run: TocRun = {
      number: 2,
      template: null,
      duration: null,
      device: null,
      process: null,
      tables: [
        { schema: 'os-signpost', attributes: [['category', `it's "odd"`]] },
        { schema: 'os-signpost', attributes: [['category', 'plain']] },
        { schema: 'time-profile', attributes: [] },
        { schema: 'time-profile', attributes: [] },
      ],
      exportCommands: [],
    };
    const cmds = exportCommands(run, `/Users/anna/My Traces/it's.trace`);
    expect(cmds[0]).toBe(`xcrun xctrace export --input '/Users/anna/My Traces/it'\\''s.trace' --xpath '/trace-toc/run[@number="2"]/data/table[3]' --output run2-time-profile-3.xml`);
    expect(cmds[1]).toContain(`--xpath '/trace-toc/run[@number="2"]/data/table[4]'`);
    // Both quotes in a value: XPath has no escape, so concat() builds it.
    const odd = cmds.find((c) => c.includes('concat(')) as string;
    const args = execFileSync('sh', ['-c', `printf '%s\\n' ${odd.replace(/^xcrun xctrace export /, '')}`]).toString().split('\n');
    expect(args[0]).toBe('--input');
    expect(args[1]).toBe(`/Users/anna/My Traces/it's.trace`);
    expect(args[3]).toBe(`/trace-toc/run[@number="2"]/data/table[@schema="os-signpost" and @category=concat("it's ", '"', "odd", '"', "")]`);
    expect(shellQuote('run1-time-profile.xml')).toBe('run1-time-profile.xml');
  });

  it('reads the real TOC layouts (blank line after the declaration, recording settings)', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-toc.xml', { tracePath: 'm.trace' });
    expect(a.toc?.runs[1]?.exportCommands[0]).toBe(`xcrun xctrace export --input m.trace --xpath '/trace-toc/run[@number="2"]/data/table[@schema="cpu-profile"]' --output run2-cpu-profile.xml`);
    expect(a.notes).toEqual([
      'The Core ML table (coreml-os-signpost) often exports with no rows; export ane-hw-intervals too when the TOC lists it',
      '2 runs: export each one (run[@number="N"]) and read them separately, or pass --run N',
    ]);
  });
});
