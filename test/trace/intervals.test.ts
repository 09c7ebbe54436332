/**
 * Interval statistics from our fixtures. The expected statistics were computed with numpy
 * (numpy.percentile's default "linear" method, numpy.std with ddof=0) from the durations the
 * fixtures hold, listed beside each expectation.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { IntervalSummary } from '../../src/trace/model.js';

const byLabel = (list: IntervalSummary[], label: string) => list.find((i) => i.label === label) as IntervalSummary;

describe('coreml-os-signpost', async () => {
  const a = await analyzeTraceFile('fixtures/traces/coreml-os-signpost.xml', { budgetMs: 33 });

  it('groups by event and model (instance suffix dropped)', () => {
    expect(a.intervals.map((i) => [i.label, i.count, i.inference])).toEqual([
      ['Prediction / FaceDetector', 7, true],
      ['CPU / FaceDetector', 2, false],
      ['Prediction / Embedder', 2, true],
      ['GPU Request / FaceDetector', 1, false],
    ]);
    expect(byLabel(a.intervals, 'Prediction / FaceDetector').group).toEqual([
      { column: 'event', value: 'Prediction' },
      { column: 'model-name', value: 'FaceDetector' },
    ]);
  });

  it('computes the statistics numpy computes', () => {
    // durations: 12.5 13.0 12.8 40.2 12.9 13.1 12.7 (ms)
    const p = byLabel(a.intervals, 'Prediction / FaceDetector');
    expect(p.meanMs).toBeCloseTo(16.742857142857144, 9);
    expect(p.stddevMs).toBeCloseTo(9.578078713225043, 9);
    expect(p.p50Ms).toBeCloseTo(12.9, 9);
    expect(p.p90Ms).toBeCloseTo(23.940000000000012, 9);
    expect(p.p99Ms).toBeCloseTo(38.57399999999999, 9);
    expect(p.minMs).toBeCloseTo(12.5, 9);
    expect(p.maxMs).toBeCloseTo(40.2, 9);
    expect(p.totalMs).toBeCloseTo(117.2, 9);
    // durations: 3.2 2.9
    const cpu = byLabel(a.intervals, 'CPU / FaceDetector');
    expect([cpu.meanMs, cpu.stddevMs, cpu.p90Ms, cpu.p99Ms].map((v) => Number(v.toFixed(9)))).toEqual([3.05, 0.15, 3.17, 3.197]);
  });

  it('keeps the durations in memory, in input order, and leaves "no data" rows out', () => {
    const p = byLabel(a.intervals, 'Prediction / FaceDetector');
    expect([...(p.durationsMs ?? [])]).toEqual([12.5, 13, 12.8, 40.2, 12.9, 13.1, 12.7]);
    expect(p.startsNs?.[0]).toBe(2_050_000_000);
    expect(a.notes).toContain("coreml-os-signpost: 2 interval(s) without a usable duration (0, missing, negative, not an integer or beyond 2^53 ns: Instruments' \"no data\" values and damage) were left out of the statistics");
  });

  it('counts the intervals over the budget', () => {
    expect(a.intervals.map((i) => [i.label, i.overBudget, i.budgetMs])).toEqual([
      ['Prediction / FaceDetector', 1, 33],
      ['CPU / FaceDetector', 0, 33],
      ['Prediction / Embedder', 0, 33],
      ['GPU Request / FaceDetector', 0, 33],
    ]);
  });

  it('groups by other columns when asked', async () => {
    const b = await analyzeTraceFile('fixtures/traces/coreml-os-signpost.xml', { groupBy: ['coreml-model-name'] });
    expect(b.intervals.map((i) => [i.label, i.count])).toEqual([
      ['FaceDetector-1', 8],
      ['Embedder-1', 2],
      ['FaceDetector-2', 2],
    ]);
  });
});

describe('ane-hw-intervals', () => {
  it('labels by formatted-label, from its display string or its string parts', async () => {
    const a = await analyzeTraceFile('fixtures/traces/ane-hw-intervals.xml');
    expect(a.intervals.map((i) => [i.label, i.count, i.inference])).toEqual([
      ['Neural Engine Prediction', 5, true],
      ['FaceDetector_3A9F Prediction', 2, true],
      ['Compile', 1, false],
    ]);
    // durations: 2.1 2.0 2.2 2.05 9.8
    const p = byLabel(a.intervals, 'Neural Engine Prediction');
    expect(p.meanMs).toBeCloseTo(3.63, 9);
    expect(p.stddevMs).toBeCloseTo(3.085708994704459, 9);
    expect(p.p90Ms).toBeCloseTo(6.760000000000002, 9);
    expect(p.p99Ms).toBeCloseTo(9.496, 9);
  });
});

describe('raw os-signpost events', () => {
  it('pairs Begin and End by identifier (64-bit identifiers exact) and counts the unpaired', async () => {
    const a = await analyzeTraceFile('fixtures/traces/os-signpost-raw.xml');
    expect(a.intervals.map((i) => [i.label, [...(i.durationsMs ?? [])]])).toEqual([
      ['Decode', [4, 10]],
      ['Inference', [30, 25]],
    ]);
    expect(byLabel(a.intervals, 'Inference').group).toEqual([
      { column: 'signpost-name', value: 'Inference' },
      { column: 'subsystem', value: 'com.example.vision' },
      { column: 'category', value: 'PointsOfInterest' },
    ]);
    expect(a.warnings).toEqual(['os-signpost: 1 Begin(s) without an End and 1 End(s) without a Begin were left unpaired (a recording cut mid-interval?)']);
    expect(a.notes).toContain('os-signpost: 1 point event(s) (no duration) are not intervals');
  });
});

describe('an empty Core ML table', () => {
  it('is a normal finding that points to the Neural Engine table', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-empty.xml');
    expect(a.intervals).toEqual([]);
    expect(a.tables).toEqual([{ run: 1, table: 'coreml-os-signpost', position: 7, xpath: '//trace-toc[1]/run[1]/data[1]/table[7]', kind: 'intervals', rows: 0, read: true }]);
    expect(a.notes?.[0]).toMatch(/^coreml-os-signpost has no rows: .*ane-hw-intervals/);
    expect(a.warnings).toEqual([]);
  });

  it('cannot be held to a budget', async () => {
    await expect(analyzeTraceFile('fixtures/traces/coreml-empty.xml', { budgetMs: 10 })).rejects.toThrow(/--budget-ms needs intervals/);
  });
});

/**
 * Tables grouped by what each row is (fixtures shaped like the real exports: README.md there). The
 * expected statistics come from numpy over the durations that a separate regex reader (not ours)
 * takes from each fixture, grouped by the columns named.
 */
describe('grouping by what each row is', () => {
  const stats = (i: IntervalSummary) => [i.count, i.meanMs, i.stddevMs, i.minMs, i.p50Ms, i.p90Ms, i.p99Ms, i.maxMs];
  const close = (got: number[], want: number[], what: string) => got.forEach((v, k) => expect(v, `${what} #${k}`).toBeCloseTo(want[k] as number, 9));

  it('metal-gpu-intervals: by channel and process, nested pieces apart, not one group per encoder', async () => {
    const a = await analyzeTraceFile('fixtures/traces/metal-gpu-intervals.xml');
    expect(a.intervals.map((i) => [i.label, i.count])).toEqual([
      ['Compute / VisionApp (873)', 24],
      ['Compute / VisionApp (873) / depth 1', 12],
      ['Fragment / WindowServer (151)', 12],
      ['Vertex / WindowServer (151)', 12],
    ]);
    const numpy = new Map([
      ['Compute / VisionApp (873)', [24, 4.611607125, 2.1408482624916916, 3.104522, 4.2366075, 5.3034894999999995, 12.028355009999995, 14.017605]],
      ['Compute / VisionApp (873) / depth 1', [12, 2.337135083333333, 0.9883017930763405, 1.926794, 2.057197, 2.1454706999999997, 5.226489850000002, 5.607042]],
      ['Fragment / WindowServer (151)', [12, 1.6378267499999997, 0.22500179879581889, 1.330938, 1.637827, 1.9048697, 1.94073047, 1.944715]],
      ['Vertex / WindowServer (151)', [12, 0.15701991666666668, 0.01728755922360708, 0.122067, 0.1603325, 0.1750446, 0.17835515999999998, 0.178723]],
    ]);
    for (const i of a.intervals) close(stats(i), numpy.get(i.label) as number[], i.label);
    expect(a.intervals[0]).toMatchObject({
      groupedBy: ['channel-name (gpu-channel-name)', 'process', 'event-depth (metal-nesting-level)'],
      groupRule: 'the metal-gpu-intervals rule',
      group: [
        { column: 'channel-name', value: 'Compute' },
        { column: 'process', value: 'VisionApp (873)' },
      ],
    });
    // The event label embeds the encoder and the process: by it, every row would be a group of its own.
    const byLabel = await analyzeTraceFile('fixtures/traces/metal-gpu-intervals.xml', { groupBy: ['event-label'] });
    expect(byLabel.intervals).toHaveLength(60);
    expect(byLabel.notes).toContain('metal-gpu-intervals: 60 groups of 1.0 rows on average by event-label (formatted-label): the values look like identifiers; --group-by COLUMN groups by another column');
    expect(a.notes).toEqual([]);
  });

  it('dyld-activity-interval: by activity and containment level, so the launch is not mixed with its children', async () => {
    const a = await analyzeTraceFile('fixtures/traces/dyld-activity-interval.xml');
    const numpy = new Map([
      ['Map Image / level 3', [8, 0.21787499999999999, 0.10430656439074197, 0.095, 0.2035, 0.3132, 0.44171999999999995, 0.456]],
      ['Static Initializer / level 3', [5, 0.852, 0.8143070673892004, 0.09, 0.65, 1.82, 2.252, 2.3]],
      ['Apply Fixups / level 3', [4, 0.245, 0.10062305898749054, 0.15, 0.21, 0.359, 0.4048999999999999, 0.41]],
      ['Objc Image Init / level 3', [3, 0.3666666666666667, 0.10964589468932352, 0.27, 0.31, 0.47800000000000004, 0.5158, 0.52]],
      ['dlopen / level 2', [2, 29.5, 8.5, 21, 29.5, 36.3, 37.83, 38]],
      ['Launch Executable / level 1', [1, 12431, 0, 12431, 12431, 12431, 12431, 12431]],
      ['Launch Executable / level 2', [1, 212.5, 0, 212.5, 212.5, 212.5, 212.5, 212.5]],
    ]);
    expect(a.intervals.map((i) => i.label)).toEqual([...numpy.keys()]);
    for (const i of a.intervals) close(stats(i), numpy.get(i.label) as number[], i.label);
    expect(a.intervals[0]).toMatchObject({ groupedBy: ['type (dyld-activity)', 'level (containment-level)'], groupRule: 'the dyld-activity-interval rule' });
  });

  it('gpu-performance-state-intervals and potential-hangs: by the state and the hang type (the general rule)', async () => {
    const g = await analyzeTraceFile('fixtures/traces/gpu-performance-state-intervals.xml');
    expect(g.intervals.map((i) => [i.label, ...stats(i)])).toEqual([
      ['Maximum', 3, expect.closeTo(2078.3333333333335, 9), expect.closeTo(167.44816776808543, 9), 1920, 2005, expect.closeTo(2249, 9), expect.closeTo(2303.9, 9), 2310],
      ['Medium', 3, 470, expect.closeTo(100.33277962194941, 9), 380, 420, expect.closeTo(572, 9), expect.closeTo(606.2, 9), 610],
      ['Minimum', 2, 2225, 1175, 1050, 2225, 3165, 3376.5, 3400],
    ]);
    expect(g.intervals[0]).toMatchObject({ groupedBy: ['gpu-performance-state'], groupRule: 'what the column is (its engineering type)' });
    const h = await analyzeTraceFile('fixtures/traces/potential-hangs.xml');
    expect(h.intervals.map((i) => [i.label, ...stats(i)])).toEqual([
      ['Microhang', 3, 279, expect.closeTo(24.53653738135572, 9), 251, 275.25, expect.closeTo(303.65, 9), expect.closeTo(310.04, 9), 310.75],
      ['Hang', 2, 808.25, 395.75, 412.5, 808.25, expect.closeTo(1124.85, 9), expect.closeTo(1196.085, 9), 1204],
    ]);
  });

  it('says when no column names what a row is, and groups all rows as one', async () => {
    const a = await analyzeTraceFile('fixtures/traces/gpu-performance-state-intervals.xml', { groupBy: ['is-induced'] });
    expect(a.intervals.map((i) => [i.label, i.count])).toEqual([
      ['No', 7],
      ['Yes', 1],
    ]);
    const xml = (cols: string) =>
      `<?xml version="1.0"?><trace-query-result><node xpath='//trace-toc[1]/run[1]/data[1]/table[4]'><schema name="core-data-save">${cols}</schema><row><start-time id="1" fmt="00:00.001.000">1000000</start-time><duration id="2" fmt="2.00 ms">2000000</duration></row></node></trace-query-result>`;
    const dir = mkdtempSync(join(tmpdir(), 'groups-'));
    const p = join(dir, 'save.xml');
    writeFileSync(p, xml('<col><mnemonic>start</mnemonic><name>Start</name><engineering-type>start-time</engineering-type></col><col><mnemonic>duration</mnemonic><name>Duration</name><engineering-type>duration</engineering-type></col>'));
    const b = await analyzeTraceFile(p);
    expect(b.intervals.map((i) => [i.label, i.count, i.groupedBy])).toEqual([['core-data-save', 1, []]]);
    expect(b.notes).toEqual(['core-data-save: no column says what a row is, so its 1 rows are one group; --group-by COLUMN groups them (columns: start (start-time), duration)']);
  });

  it('--group-by takes mnemonics, engineering types or column names; an unknown one lists the columns', async () => {
    const byType = await analyzeTraceFile('fixtures/traces/metal-gpu-intervals.xml', { groupBy: ['process'] });
    expect(byType.intervals.map((i) => [i.label, i.count, i.groupRule])).toEqual([
      ['VisionApp (873)', 36, '--group-by'],
      ['WindowServer (151)', 24, '--group-by'],
    ]);
    const byName = await analyzeTraceFile('fixtures/traces/metal-gpu-intervals.xml', { groupBy: ['Channel Name'] });
    expect(byName.intervals.map((i) => i.label)).toEqual(['Compute', 'Fragment', 'Vertex']);
    await expect(analyzeTraceFile('fixtures/traces/metal-gpu-intervals.xml', { groupBy: ['encoder'] })).rejects.toThrow(
      /^--group-by "encoder" names no column of the interval tables: metal-gpu-intervals has start \(start-time\), duration, channel-name \(gpu-channel-name\), frame-number \(gpu-frame-number\), start-latency \(duration\), event-depth \(metal-nesting-level\), event-label \(formatted-label\),/,
    );
    // Raw os-signpost: the Begin row's columns.
    const raw = await analyzeTraceFile('fixtures/traces/os-signpost-raw.xml', { groupBy: ['subsystem'] });
    expect(raw.intervals.map((i) => [i.label, i.count])).toEqual([['com.example.vision', 4]]);
  });
});

describe('the interval fixtures', () => {
  it('are what fixtures/traces/generate-intervals.mjs writes (run it after changing it)', async () => {
    // @ts-expect-error: a plain .mjs module without types
    const { FIXTURES } = (await import('../../fixtures/traces/generate-intervals.mjs')) as { FIXTURES: Record<string, () => string> };
    for (const [name, make] of Object.entries(FIXTURES)) expect(readFileSync(`fixtures/traces/${name}`, 'utf8'), name).toBe(make());
  });
});

describe('docs/trace.md', () => {
  it('documents every grouping rule there is (a rule added to labels.ts is a row added there)', async () => {
    const { TABLE_RULES, LABEL_TYPES, LABEL_MNEMONICS } = await import('../../src/trace/labels.js');
    const docs = readFileSync('docs/trace.md', 'utf8');
    const section = docs.slice(docs.indexOf('### Grouping interval rows'), docs.indexOf('### Engine attribution'));
    for (const r of TABLE_RULES) expect(section, r.schema.source).toContain('`' + r.schema.source.replace(/^\^|\$$/g, '') + '`');
    for (const t of [...LABEL_TYPES, ...LABEL_MNEMONICS]) expect(section, t).toContain('`' + t + '`');
  });
});
