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
import { forEachProfileSample, type ResolvedSample } from '../helpers/xctrace-samples.js';
import { runCli } from '../helpers/cli.js';
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

/**
 * Rust's legacy symbol mangling decoded as inferno prints it (its oracles are demangled; the export
 * holds the mangled names): `$LT$` → `<`, `$u20$` → space, `..` → `::`, the `::h<16 hex>` hash dropped,
 * and a leading `_` before an escape at the start of the symbol dropped.
 */
function inferno(symbol: string): string {
  const esc = new Map([
    ['$LT$', '<'],
    ['$GT$', '>'],
    ['$RF$', '&'],
    ['$C$', ','],
    ['$SP$', '@'],
    ['$BP$', '*'],
    ['$LP$', '('],
    ['$RP$', ')'],
    ['$u20$', ' '],
    ['$u7b$', '{'],
    ['$u7d$', '}'],
  ]);
  return symbol
    .replace(/::h[0-9a-f]{16}$/, '')
    .replace(/^_(?=\$)/, '')
    .replace(/\$(LT|GT|RF|C|SP|BP|LP|RP|u20|u7b|u7d)\$/g, (m) => esc.get(m) as string)
    .replace(/\.\./g, '::');
}

/**
 * Our folded lines against inferno's oracle. Ours weigh in the profile's unit (ns of CPU time) and
 * keep the exported (mangled) names; inferno counts samples and demangles. Every sample here weighs
 * 1 ms, so a line's count is its weight / 10^6 exactly, and its frames are ours demangled.
 */
async function foldedAsInferno(path: string): Promise<string[]> {
  const r = await runCli(['trace', path, '--format', 'folded']);
  expect(r.code).toBe(0);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const cut = line.lastIndexOf(' ');
      const weight = Number(line.slice(cut + 1));
      expect(weight % 1_000_000, line).toBe(0);
      return `${line.slice(0, cut).split(';').map(inferno).join(';')} ${weight / 1_000_000}`;
    })
    .sort();
}

const oracle = (name: string) => readFileSync(file(name), 'utf8').trimEnd().split('\n').sort();

const selfSum = (p: ProfileSummary) => p.topFrames.reduce((s, f) => s + f.self, 0);
const find = (n: CallTreeNode, path: string[]) => path.reduce<CallTreeNode | undefined>((x, name) => x?.children.find((c) => c.name === name), n);

describe.skipIf(!available)('corpus: real Instruments exports', () => {
  const files = available ? readdirSync(corpusPath('traces')).sort() : [];
  const expected = new Set([
    'INDEX.md',
    'flashlight-cpu-profile-text-addresses.xml',
    'inferno-basic-time-profile.expected.folded',
    'inferno-basic-time-profile.xml',
    'inferno-simple-frame-without-binary-info-time-profile.expected.folded',
    'inferno-simple-frame-without-binary-info-time-profile.xml',
    'instruments13.4-cycles-deep-copy.txt',
    'instruments16-time-profile-deep-copy.txt',
    'instruments7.3.1-allocations-deep-copy.txt',
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

  describe('inferno-*-time-profile.xml (Apple Silicon, Rust, constant 1 ms weights), against inferno\'s folded oracles', () => {
    it('basic: the same stacks with the same sample counts, and totals that match a plain regex over the file', async () => {
      const path = file('inferno-basic-time-profile.xml');
      expect(await foldedAsInferno(path)).toEqual(oracle('inferno-basic-time-profile.expected.folded'));
      const a = await analyzeTraceFile(path, { top: 10_000 });
      const p = a.profiles[0] as ProfileSummary;
      expect(regexWeights(readFileSync(path, 'utf8'), 'weight')).toEqual({ rows: 9581, total: 9_581_000_000 });
      expect(p).toMatchObject({ table: 'time-profile', unit: 'ns', samples: 9581, totalWeight: 9_581_000_000, noStackWeight: 0, coresObserved: 7 });
      expect(p.processes).toEqual([{ name: 'rust_test2', pid: '49374', weight: 9_581_000_000 }]);
      expect(p.threads).toEqual([{ name: 'main  0x8480c1 (rust_test2, pid: 49374)', tid: '8683713', weight: 9_581_000_000 }]);
      // From the oracle: 2 samples end in dyld (/usr/lib/dyld: the system), the other 9,579 in rust_test2 (the app).
      expect(p.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 9_579_000_000, system: 2_000_000, unknown: 0 });
      expect(p.topFrames[0]).toMatchObject({ name: 'rust_test2::bar::h508fcdedd66efbaa', binary: 'rust_test2', self: 3_548_000_000, total: 3_548_000_000 });
      expect(selfSum(p)).toBe(p.totalWeight);
      expect(a.warnings).toEqual([]);
    });

    it('simple-frame-without-binary-info: frames without a <binary> are kept by address, and are "unknown"', async () => {
      const path = file('inferno-simple-frame-without-binary-info-time-profile.xml');
      expect(await foldedAsInferno(path)).toEqual(oracle('inferno-simple-frame-without-binary-info-time-profile.expected.folded'));
      const p = (await analyzeTraceFile(path, { top: 10_000 })).profiles[0] as ProfileSummary;
      expect(regexWeights(readFileSync(path, 'utf8'), 'weight')).toEqual({ rows: 9716, total: 9_716_000_000 });
      expect(p).toMatchObject({ samples: 9716, totalWeight: 9_716_000_000, noStackWeight: 0 });
      // From the oracle: 0x104745730;0x1047b15cd (no binary) 1 sample; dyld4::prepare and __kdebug_trace64 (dyld) 2.
      expect(p.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 9_713_000_000, system: 2_000_000, unknown: 1_000_000 });
      expect(p.topFrames.find((f) => f.name === '0x1047b15cd')).toEqual({ name: '0x1047b15cd', binary: null, self: 1_000_000, total: 1_000_000 });
    });
  });

  describe('flashlight-cpu-profile-text-addresses.xml (unsymbolicated: <text-addresses> only, no <frame>)', () => {
    /**
     * The stacks read with regexes, independently of our reader: a backtrace is its text-addresses
     * fragments (defined once, then `ref`) joined in document order, leaf first; the display string
     * before " ← " names the leaf unless it is an address. Gives Σ weight per root-first path.
     */
    function regexStacks(xml: string): { rows: number; total: number; definitions: number; named: number; paths: Map<string, number> } {
      const fragments = new Map<string, string[]>();
      const stacks = new Map<string, string[]>();
      const weights = new Map<string, number>();
      const paths = new Map<string, number>();
      let rows = 0;
      let total = 0;
      let named = 0;
      const hex = (d: string) => '0x' + BigInt(d).toString(16);
      for (const row of xml.match(/<row>[\s\S]*?<\/row>/g) ?? []) {
        rows++;
        const wd = /<cycle-weight id="(\d+)"[^>]*>(\d+)<\/cycle-weight>/.exec(row);
        if (wd) weights.set(wd[1] as string, Number(wd[2]));
        const w = wd ? Number(wd[2]) : (weights.get((/<cycle-weight ref="(\d+)"\/>/.exec(row) as RegExpExecArray)[1] as string) as number);
        total += w;
        let frames: string[] | undefined;
        const def = /<backtrace id="(\d+)" fmt="([^"]*)">([\s\S]*?)<\/backtrace>/.exec(row);
        if (def) {
          frames = [];
          for (const f of (def[3] as string).matchAll(/<text-addresses (?:id="(\d+)"[^>]*>([^<]*)<\/text-addresses>|ref="(\d+)"\/>)/g)) {
            if (f[1] !== undefined) fragments.set(f[1], (f[2] as string).trim().split(/\s+/).map(hex));
            frames.push(...(fragments.get((f[1] ?? f[3]) as string) as string[]));
          }
          const leaf = (def[2] as string).split(' ← ')[0] as string;
          if (!/^0x[0-9a-f]+$/.test(leaf)) {
            frames[0] = leaf.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
            named++;
          }
          stacks.set(def[1] as string, frames);
        } else {
          const ref = /<backtrace ref="(\d+)"\/>/.exec(row);
          if (ref) frames = stacks.get(ref[1] as string);
        }
        if (!frames) continue;
        const key = [...frames].reverse().join(';');
        paths.set(key, (paths.get(key) ?? 0) + w);
      }
      return { rows, total, definitions: stacks.size, named, paths };
    }

    it('keeps every stack as addresses (the leaf named where the display string names it): the folded output is the regex reading, path by path', async () => {
      const path = file('flashlight-cpu-profile-text-addresses.xml');
      const want = regexStacks(readFileSync(path, 'utf8'));
      expect([want.rows, want.total, want.definitions, want.named]).toEqual([4342, 3_990_633_170, 1673, 1314]);
      const r = await runCli(['trace', path, '--format', 'folded']);
      expect(r.code).toBe(0);
      const ours = new Map(
        r.stdout
          .trimEnd()
          .split('\n')
          .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))] as const),
      );
      expect(ours).toEqual(want.paths);
    });

    it('sums the weights, says it is unsymbolicated and how to symbolicate, and puts the weight under no binary, none under no stack', async () => {
      const path = file('flashlight-cpu-profile-text-addresses.xml');
      const a = await analyzeTraceFile(path, { top: 10_000 });
      const p = a.profiles[0] as ProfileSummary;
      const want = regexStacks(readFileSync(path, 'utf8'));
      expect(p).toMatchObject({ table: 'cpu-profile', unit: 'cycles', samples: 4342, totalWeight: want.total, noStackWeight: 0, unsymbolicated: true });
      expect(p.addressOnly).toEqual({ weight: want.total, stacks: 1673, leafNamed: 1314 });
      expect(p.threads).toHaveLength(12);
      expect(selfSum(p)).toBe(p.totalWeight);
      expect(p.engines.unknown).toBe(want.total);
      // The leaf named most often by weight, summed with the regex reading.
      const byLeaf = new Map<string, number>();
      for (const [k, w] of want.paths) {
        const leaf = k.slice(k.lastIndexOf(';') + 1);
        byLeaf.set(leaf, (byLeaf.get(leaf) ?? 0) + w);
      }
      const heaviest = [...byLeaf].sort((x, y) => y[1] - x[1]).slice(0, 5);
      expect(p.topFrames.slice(0, 5).map((f) => [f.name, f.self])).toEqual(heaviest);
      expect(a.notes?.some((n) => n.startsWith('cpu-profile is unsymbolicated (100.0 % of the weight') && n.includes('xcrun xctrace symbolicate --input X.trace --dsym App.dSYM'))).toBe(true);
      const text = (await runCli(['trace', path])).stdout;
      expect(text).toContain('Unsymbolicated: 100.0 % of the weight has addresses for frames, not symbols');
      expect(text).not.toContain('No stack (samples without a backtrace)');
      expect(text).toMatch(/Top frames by self weight/);
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

  it('xcode27-ModelLoadingTable.xml: start-up, the ten transitions into "loaded" (nine from unloaded, one from dynamicMode)', async () => {
    const a = await analyzeTraceFile(file('xcode27-ModelLoadingTable.xml'));
    // The durations of the rows whose to-state is "loaded", in ms, read off the file; numpy-linear p50 and p90.
    const loads = [118.225541, 327.095583, 402.005333, 11.686167, 335.26075, 258.52625, 35.808291, 215.505334, 345.324875, 35.246375];
    const s = a.startup;
    expect(s?.load?.count).toBe(10);
    expect(Array.from(s?.load?.durationsMs ?? [])).toEqual(loads);
    expect(s?.load?.p50Ms).toBeCloseTo(237.015792, 9);
    expect(s?.load?.p90Ms).toBeCloseTo(350.9929208, 9);
    expect(s?.load?.maxMs).toBeCloseTo(402.005333, 9);
    expect(s?.compile).toBeNull();
    expect(s?.firstPrediction).toBeNull();
    // Ten assets, one load each (an asset that is only unloaded has no start-up).
    expect(s?.models).toHaveLength(10);
    expect(s?.models.every((m) => m.load === 1 && m.compile === 0 && m.firstPrediction === 0)).toBe(true);
    expect(s?.models[2]?.id).toBe('com.apple.fm.language.instruct_300m.image_tokenizer');
  });

  describe('tables of contents', () => {
    it('xctraceprof-time-prof-toc.xml: one run, 19 tables, the commands to export every table trace reads', async () => {
      const a: TraceAnalysis = await analyzeTraceFile(file('xctraceprof-time-prof-toc.xml'));
      const run = a.toc?.runs[0];
      expect(a.toc?.runs).toHaveLength(1);
      expect(run).toMatchObject({ number: 1, template: 'Prof2', duration: 0.348425, process: 'java (pid 12968)', instrumentsVersion: '14.3.1 (14E300c)', device: 'Filipp’s MacBook Pro (MacBook Pro, macOS 13.5.1 (22G90))' });
      expect(run?.tables).toHaveLength(19);
      expect(run?.tables.filter((t) => t.schema === 'kdebug')).toHaveLength(10);
      expect(run?.exportCommands).toEqual([
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-profile"]' --output run1-time-profile.xml`,
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="potential-hangs"]' --output run1-potential-hangs.xml`,
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="life-cycle-period"]' --output run1-life-cycle-period.xml`,
        `xcrun xctrace export --input "$TRACE" --xpath '/trace-toc/run[@number="1"]/data/table[@schema="time-sample"]' --output run1-time-sample.xml`,
      ]);
      // The real TOC's summary: when the run started and ended, and why it ended.
      expect(run).toMatchObject({ startDate: '2023-08-27T19:47:28.830+02:00', endDate: '2023-08-27T19:47:29.178+02:00', endReason: 'Target app exited' });
    });

    it('xctraceprof-mixed-toc.xml: recording settings skipped, CPU and counter profiles offered', async () => {
      const a = await analyzeTraceFile(file('xctraceprof-mixed-toc.xml'));
      const run = a.toc?.runs[0];
      expect(run).toMatchObject({ template: 'MixedProfile', duration: 0.733493 });
      expect(run?.tables).toHaveLength(23);
      expect(run?.exportCommands.map((c) => /--output (\S+)/.exec(c)?.[1])).toEqual(['run1-cpu-profile.xml', 'run1-counters-profile.xml', 'run1-potential-hangs.xml', 'run1-life-cycle-period.xml']);
    });
  });

  describe('Deep Copy text', () => {
    it('instruments7.3.1: Running Time / Self (ms), bare ms self values', async () => {
      const p = (await analyzeTraceFile(file('instruments7.3.1-time-profile-deep-copy.txt'))).profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ unit: 'ms', totalWeight: 4273 });
      // The self column read off the file: delta() 693, alpha() 696 + 715, beta() 702 + 704, gamma() 696 and
      // leakMemory() 1 are the app's own code (4,207 ms); malloc and the kernel below it, 66 ms.
      expect(p.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 4207, system: 66, unknown: 0 });
      const delta = find(p.callTree as CallTreeNode, ['start', 'main', 'delta()']);
      expect([delta?.total, delta?.self]).toEqual([2126, 693]);
      expect(find(p.callTree as CallTreeNode, ['start', 'main', 'delta()', 'alpha()', 'leakMemory()', 'malloc', 'malloc_zone_malloc'])?.total).toBe(15);
    });

    it('instruments13.4: cycles in Gc/Mc, "-" for no self weight, the process as the root', async () => {
      const p = (await analyzeTraceFile(file('instruments13.4-cycles-deep-copy.txt'))).profiles[0] as ProfileSummary;
      // Self column sums read off the file: mach_absolute_time, its stub and nanov2_* (the system) 92.39245 Gc;
      // the Rust program's own frames (std::, core::, alloc:: are compiled into it) 3.693970532 Gc.
      expect(p.engines.system).toBeCloseTo(92_392_450_000, 0);
      expect(p.engines.app).toBeCloseTo(3_693_970_532, 0);
      expect(p.engines.unknown).toBe(0);
      expect(p).toMatchObject({ unit: 'cycles', totalWeight: 96.08e9, processes: [{ name: 'example_app', pid: '40414', weight: 96.08e9 }] });
      const el = find(p.callTree as CallTreeNode, ['example_app (40414)', 'start', 'main', 'std::rt::lang_start::hdba6f1ebfd1bdcf8']);
      expect(el?.total).toBeCloseTo(96.08e9, 0);
      const inner = p.topFrames.find((f) => f.name === 'mach_absolute_time');
      expect(inner?.self).toBeCloseTo(45.92e9 + 80.45e6 + 46.39e9, 0);
      // Rust hashes and $-escapes are names, kept whole.
      expect(p.topFrames.some((f) => f.name === 'alloc::vec::Vec$LT$T$C$A$GT$::push::ha3426502ffc42c8b')).toBe(true);
    });

    it('instruments7.3.1 allocations: a tree of bytes in Instruments\' units (MB = 2^20 bytes), owned by the app', async () => {
      const a = await analyzeTraceFile(file('instruments7.3.1-allocations-deep-copy.txt'), { top: 100 });
      const p = a.profiles[0] as ProfileSummary;
      // Read off the file: the root "start" is 429.93 MB (84,671 allocations); every byte is allocated by
      // malloc_zone_malloc, the six leaves (73.35 + 72.36 + 71.38 + 71.79 + 71.31 + 69.74 = 429.93 MB);
      // every other node's children add up to it exactly (delta() 217.09 = 73.35 + 72.36 + 71.38).
      const MB = 2 ** 20;
      expect(p).toMatchObject({ unit: 'bytes', samplesKnown: false });
      expect(p.totalWeight).toBeCloseTo(429.93 * MB, 3);
      expect(p.topFrames[0]?.name).toBe('malloc_zone_malloc');
      expect(p.topFrames[0]?.self).toBeCloseTo(429.93 * MB, 3);
      expect(p.topFrames.filter((f) => f.self !== 0).map((f) => f.name)).toEqual(['malloc_zone_malloc']);
      expect(find(p.callTree as CallTreeNode, ['start', 'main', 'delta()'])?.total).toBeCloseTo(217.09 * MB, 3);
      // The app's code (main, delta(), leakMemory()…) is on every allocating stack: the bytes are its.
      expect(p.engines.app).toBeCloseTo(429.93 * MB, 3);
      expect(p.engines.unknown + p.engines.system).toBe(0);
      expect(a.notes).toContain(
        "bytes allocated in 84,671 allocations (the Count column), as Instruments counts them (KB, MB, GB = 2^10, 2^20, 2^30 bytes); each allocation belongs to the app when its code is on the allocating stack",
      );
      const text = (await runCli(['trace', file('instruments7.3.1-allocations-deep-copy.txt')])).stdout;
      expect(text).toContain('  429.93 MB in all\n');
      expect(text).toContain('Where the memory goes');
      expect(text).not.toMatch(/time goes|no stack\)|e-\d/);
      expect(text).toMatch(/│ 429\.93 MB │ 100\.0 % │ 429\.93 MB │ 100\.0 % │ malloc_zone_malloc\s+│/);
      expect(text).toMatch(/│\s+0 Bytes │\s+0\.0 % │ 217\.09 MB │\s+50\.5 % │ delta\(\)\s+│/);
    });

    it('instruments16: Symbol Names, indentation offset, figure-space percentages ignored', async () => {
      const p = (await analyzeTraceFile(file('instruments16-time-profile-deep-copy.txt'))).profiles[0] as ProfileSummary;
      expect(p).toMatchObject({ unit: 'ms', totalWeight: 4930 });
      // Self column sums read off the file: delta/alpha/beta/gamma/leakMemory and one C++ static initializer
      // 4,852 ms (the app); malloc's, the kernel's and dyld's frames 78 ms.
      expect(p.engines).toEqual({ neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 4852, system: 78, unknown: 0 });
      const delta = find(p.callTree as CallTreeNode, ['start', 'main', 'delta()']);
      expect([delta?.total, delta?.self]).toEqual([2450, 846]);
      expect(find(p.callTree as CallTreeNode, ['start', 'dyld4::start(dyld4::KernelArgs*, void*, void*)::$_0::operator()() const'])?.total).toBe(4);
    });
  });
});
