/**
 * The real Instruments exports in ../shared/corpus/traces (never copied here; INDEX.md says what each
 * is). What each must yield comes from outside our parser: the xctraceprof oracle CSV (the leaf frame
 * of every sample), sums computed here with a plain regex over the file, statistics computed with
 * numpy from the durations in the file, and the Deep Copy lines themselves.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { CallTreeNode, ProfileSummary, TraceAnalysis } from '../../src/trace/model.js';
import { forEachProfileSample, type ResolvedSample } from '../../src/trace/xctrace/samples.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

const available = corpusAvailable();
const file = (name: string) => corpusPath('traces', name);

/** Σ of the weight cell of each row, resolved with a regex (one weight element per row). */
function regexWeights(xml: string, tag: string): { rows: number; total: number } {
  const ids = new Map<string, number>();
  let total = 0;
  let rows = 0;
  for (const row of xml.match(/<row>[\s\S]*?<\/row>/g) ?? []) {
    rows++;
    const def = new RegExp(`<${tag} id="(\\d+)"[^>]*>(\\d+)</${tag}>`).exec(row);
    if (def) {
      ids.set(def[1] as string, Number(def[2]));
      total += Number(def[2]);
      continue;
    }
    const ref = new RegExp(`<${tag} ref="(\\d+)"/>`).exec(row);
    if (ref) total += ids.get(ref[1] as string) as number;
  }
  return { rows, total };
}

const selfSum = (p: ProfileSummary) => p.topFrames.reduce((s, f) => s + f.self, 0);
const find = (n: CallTreeNode, path: string[]) => path.reduce<CallTreeNode | undefined>((x, name) => x?.children.find((c) => c.name === name), n);

describe.skipIf(!available)('corpus: real Instruments exports', () => {
  const files = available ? readdirSync(corpusPath('traces')).sort() : [];
  const expected = new Set([
    'INDEX.md',
    'instruments13.4-cycles-deep-copy.txt',
    'instruments16-time-profile-deep-copy.txt',
    'instruments7.3.1-time-profile-deep-copy.txt',
    'xcode27-ModelLoadingTable.xml',
    'xctraceprof-counters-time-profile.xml',
    'xctraceprof-cpu-profile.xml',
    'xctraceprof-mixed-toc.xml',
    'xctraceprof-time-prof-toc.xml',
    'xctraceprof-time-profile.expected-leaf.csv',
    'xctraceprof-time-profile.xml',
  ]);

  it('has an expectation for every file in the corpus', () => {
    expect(files.filter((f) => !expected.has(f))).toEqual([]);
  });

  describe('xctraceprof-time-profile.xml (Xcode 14, backtrace stacks)', () => {
    it('gives the leaf frame of every sample, row by row, as the oracle CSV does', async () => {
      const samples: ResolvedSample[] = [];
      await forEachProfileSample({ name: 'tp', chunks: createReadStream(file('xctraceprof-time-profile.xml'), { highWaterMark: 4096 }) }, (s) => samples.push(s));
      const oracle = readFileSync(file('xctraceprof-time-profile.expected-leaf.csv'), 'utf8').trimEnd().split('\n');
      expect(samples).toHaveLength(oracle.length);
      const ours = samples.map((s) => {
        const leaf = s.frames?.[0];
        return `${s.time};${s.weight};${leaf?.addr ?? '0x0'};${leaf?.name ?? ''};${leaf?.binary?.name ?? ''};`;
      });
      expect(ours).toEqual(oracle);
    });

    it('has consistent totals: 105 samples, 3 without a stack, Σ self = total', async () => {
      const a = await analyzeTraceFile(file('xctraceprof-time-profile.xml'), { top: 10_000 });
      const p = a.profiles[0] as ProfileSummary;
      const xml = readFileSync(file('xctraceprof-time-profile.xml'), 'utf8');
      expect(regexWeights(xml, 'weight')).toEqual({ rows: 105, total: 105_000_000 });
      expect(p).toMatchObject({ table: 'time-profile', run: 1, position: 11, unit: 'ns', samples: 105, totalWeight: 105_000_000, noStackWeight: 3_000_000 });
      expect(selfSum(p) + p.noStackWeight).toBe(p.totalWeight);
      expect(Object.values(p.engines).reduce((s, v) => s + v, 0)).toBe(p.totalWeight);
      expect(p.threads.reduce((s, t) => s + t.weight, 0)).toBe(p.totalWeight);
      expect(p.binaries.reduce((s, b) => s + b.self, 0)).toBe(p.totalWeight - p.noStackWeight);
      expect(p.processes).toEqual([{ name: 'java', pid: '23369', weight: 105_000_000 }]);
      expect(p.threads[0]).toEqual({ name: 'ThreadJavaMain  0xe787e (java, pid: 23369)', tid: '948350', weight: 55_000_000 });
      expect(p.topFrames[0]).toEqual({ name: 'SharedDataRelocator::do_bit(unsigned long)', binary: 'libjvm.dylib', self: 22_000_000, total: 22_000_000 });
      expect(p.callTree?.total).toBe(102_000_000);
      expect(a.warnings).toEqual([]);
    });
  });

  it('xctraceprof-cpu-profile.xml: cycle weights summed in cycles, source lines read', async () => {
    const a = await analyzeTraceFile(file('xctraceprof-cpu-profile.xml'), { top: 10_000 });
    const p = a.profiles[0] as ProfileSummary;
    const sums = regexWeights(readFileSync(file('xctraceprof-cpu-profile.xml'), 'utf8'), 'cycle-weight');
    expect(sums.rows).toBe(584);
    expect(p).toMatchObject({ table: 'cpu-profile', unit: 'cycles', samples: 584, totalWeight: sums.total, noStackWeight: 0, cpuUsage: null, cpuTimeNs: null });
    expect(selfSum(p)).toBe(p.totalWeight);
    expect(p.topFrames[0]).toMatchObject({ name: 'c', binary: 'a.out' });
    expect(find(p.callTree as CallTreeNode, ['start', 'main', 'a', 'b', 'c'])?.engine).toBe('app');
    const samples: ResolvedSample[] = [];
    await forEachProfileSample({ name: 'cpu', chunks: createReadStream(file('xctraceprof-cpu-profile.xml')) }, (s) => samples.push(s));
    expect(samples[1]?.frames?.[0]?.source).toEqual({ line: 3, path: '/tmp/test.c' });
  });

  it('xctraceprof-counters-time-profile.xml: columns found by name (stack before weight), 6 rows without a stack', async () => {
    const a = await analyzeTraceFile(file('xctraceprof-counters-time-profile.xml'), { top: 10_000 });
    const p = a.profiles[0] as ProfileSummary;
    const sums = regexWeights(readFileSync(file('xctraceprof-counters-time-profile.xml'), 'utf8'), 'weight');
    expect(sums).toEqual({ rows: 149, total: 149_000_000 });
    expect(p).toMatchObject({ table: 'counters-profile', unit: 'ns', samples: 149, totalWeight: 149_000_000, noStackWeight: 6_000_000 });
    expect(selfSum(p) + p.noStackWeight).toBe(p.totalWeight);
  });

  it('xcode27-ModelLoadingTable.xml: interval statistics per transition, as numpy computes them', async () => {
    const a = await analyzeTraceFile(file('xcode27-ModelLoadingTable.xml'));
    expect(a.intervals.map((i) => [i.label, i.count])).toEqual([
      ['loaded → unloaded', 10],
      ['unloaded → loaded', 9],
      ['loaded → dynamicMode', 2],
      ['dynamicMode → loaded', 1],
    ]);
    // numpy.percentile (linear) / numpy.std (ddof=0) over the durations in ms.
    const numpy = new Map([
      ['loaded → unloaded', [6.5082292, 4.848628502673262, 0.528834, 6.387458499999999, 13.359978899999998, 14.676398189999999, 14.822667]],
      ['unloaded → loaded', [218.49543977777776, 143.9621907173954, 11.686167, 258.52625, 356.66096660000005, 397.47089636, 402.005333]],
      ['loaded → dynamicMode', [1.1502915, 0.17249950000000003, 0.977792, 1.1502915, 1.2882911000000001, 1.31934101, 1.322791]],
      ['dynamicMode → loaded', [118.225541, 0, 118.225541, 118.225541, 118.225541, 118.225541, 118.225541]],
    ]);
    for (const i of a.intervals) {
      const want = numpy.get(i.label) as number[];
      const got = [i.meanMs, i.stddevMs, i.minMs, i.p50Ms, i.p90Ms, i.p99Ms, i.maxMs];
      got.forEach((v, k) => expect(v, `${i.label} #${k}`).toBeCloseTo(want[k] as number, 9));
    }
    expect(a.intervals.every((i) => i.run === 1 && i.table === 'ModelLoadingTable' && i.inference === false)).toBe(true);
  });

  describe('tables of contents', () => {
    it('xctraceprof-time-prof-toc.xml: one run, 19 tables, the commands to export the profiles', async () => {
      const a: TraceAnalysis = await analyzeTraceFile(file('xctraceprof-time-prof-toc.xml'));
      const run = a.toc?.runs[0];
      expect(a.toc?.runs).toHaveLength(1);
      expect(run).toMatchObject({ number: 1, template: 'Prof2', duration: 0.348425, process: 'java (pid 12968)', instrumentsVersion: '14.3.1 (14E300c)', device: 'Filipp’s MacBook Pro (MacBook Pro, macOS 13.5.1 (22G90))' });
      expect(run?.tables).toHaveLength(19);
      expect(run?.tables.filter((t) => t.schema === 'kdebug')).toHaveLength(10);
      expect(run?.exportCommands).toEqual([
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' --output run1-time-profile.xml`,
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-sample"]' --output run1-time-sample.xml`,
      ]);
    });

    it('xctraceprof-mixed-toc.xml: recording settings skipped, CPU and counter profiles offered', async () => {
      const a = await analyzeTraceFile(file('xctraceprof-mixed-toc.xml'));
      const run = a.toc?.runs[0];
      expect(run).toMatchObject({ template: 'MixedProfile', duration: 0.733493 });
      expect(run?.tables).toHaveLength(23);
      expect(run?.exportCommands.map((c) => /--output (\S+)/.exec(c)?.[1])).toEqual(['run1-cpu-profile.xml', 'run1-counters-profile.xml']);
    });
  });

  describe('Deep Copy text', () => {
    it('instruments7.3.1: Running Time / Self (ms), bare ms self values', async () => {
      const p = (await analyzeTraceFile(file('instruments7.3.1-time-profile-deep-copy.txt'))).profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ unit: 'ms', totalWeight: 4273 });
      const delta = find(p.callTree as CallTreeNode, ['start', 'main', 'delta()']);
      expect([delta?.total, delta?.self]).toEqual([2126, 693]);
      expect(find(p.callTree as CallTreeNode, ['start', 'main', 'delta()', 'alpha()', 'leakMemory()', 'malloc', 'malloc_zone_malloc'])?.total).toBe(15);
    });

    it('instruments13.4: cycles in Gc/Mc, "-" for no self weight, the process as the root', async () => {
      const p = (await analyzeTraceFile(file('instruments13.4-cycles-deep-copy.txt'))).profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ unit: 'cycles', totalWeight: 96.08e9, processes: [{ name: 'example_app', pid: '40414', weight: 96.08e9 }] });
      const el = find(p.callTree as CallTreeNode, ['example_app (40414)', 'start', 'main', 'std::rt::lang_start::hdba6f1ebfd1bdcf8']);
      expect(el?.total).toBeCloseTo(96.08e9, 0);
      const inner = p.topFrames.find((f) => f.name === 'mach_absolute_time');
      expect(inner?.self).toBeCloseTo(45.92e9 + 80.45e6 + 46.39e9, 0);
      // Rust hashes and $-escapes are names, kept whole.
      expect(p.topFrames.some((f) => f.name === 'alloc::vec::Vec$LT$T$C$A$GT$::push::ha3426502ffc42c8b')).toBe(true);
    });

    it('instruments16: Symbol Names, indentation offset, figure-space percentages ignored', async () => {
      const p = (await analyzeTraceFile(file('instruments16-time-profile-deep-copy.txt'))).profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ unit: 'ms', totalWeight: 4930 });
      const delta = find(p.callTree as CallTreeNode, ['start', 'main', 'delta()']);
      expect([delta?.total, delta?.self]).toEqual([2450, 846]);
      expect(find(p.callTree as CallTreeNode, ['start', 'dyld4::start(dyld4::KernelArgs*, void*, void*)::$_0::operator()() const'])?.total).toBe(4);
    });
  });
});
