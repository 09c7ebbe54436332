/**
 * Profiles from our fixtures; every expected number was worked out by hand from the fixture's rows
 * (fixtures/traces/*.xml are small enough to read).
 */
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { CallTreeNode, ProfileSummary } from '../../src/trace/model.js';

const MS = 1_000_000;
const frame = (p: ProfileSummary, name: string) => p.topFrames.find((f) => f.name === name);

describe('time-profile with tagged-backtrace stacks (Xcode 16+ layout)', async () => {
  const a = await analyzeTraceFile('fixtures/traces/tagged-backtrace-coreml.xml');
  const p = a.profiles[0] as ProfileSummary;

  it('sums weights (not rows), in ns, with the stack-less row in its own bucket', () => {
    expect(a.format).toBe('xctrace-export');
    expect(p).toMatchObject({ run: 1, table: 'time-profile', position: 14, unit: 'ns', samples: 12, totalWeight: 13 * MS, noStackWeight: 1 * MS, stacks: 7 });
    // Totals are consistent: Σ self of all frames + no-stack weight = total weight.
    const selfSum = p.topFrames.reduce((s, f) => s + f.self, 0);
    expect(selfSum + p.noStackWeight).toBe(p.totalWeight);
  });

  it('attributes each sample to the engine it works for', () => {
    expect(p.engines).toEqual({ neuralEngine: 3 * MS, gpu: 0, cpuCompute: 2 * MS, coremlOverhead: 2 * MS, app: 2 * MS, system: 2 * MS, unknown: 2 * MS });
  });

  it('ranks frames by self and total weight; a recursive frame counts once per sample', () => {
    expect(p.topFrames.slice(0, 4).map((f) => [f.name, f.self])).toEqual([
      ['mach_msg2_trap', 3 * MS],
      ['BNNSFilterApply', 2 * MS],
      ['__psynch_cvwait', 2 * MS],
      ['_platform_memmove', 2 * MS],
    ]);
    expect(frame(p, 'main')).toEqual({ name: 'main', binary: 'VisionApp', self: 0, total: 10 * MS });
    expect(frame(p, 'VisionApp.Detector.run(_:)')?.total).toBe(8 * MS);
    expect(frame(p, '-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]')?.total).toBe(5 * MS);
    expect(frame(p, 'VisionApp.Tree.walk(_:)')).toEqual({ name: 'VisionApp.Tree.walk(_:)', binary: 'VisionApp', self: 1 * MS, total: 1 * MS });
    expect(frame(p, 'Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)')?.binary).toBe('Espresso');
    expect(frame(p, '0x1044f3c20')).toMatchObject({ binary: null, self: 1 * MS });
  });

  it('sums self weight per binary, per thread and per process', () => {
    expect(p.binaries).toEqual([
      { name: 'libsystem_kernel.dylib', self: 5 * MS },
      { name: 'VisionApp', self: 2 * MS },
      { name: 'libBNNS.dylib', self: 2 * MS },
      { name: 'libsystem_platform.dylib', self: 2 * MS },
      { name: '(unknown binary)', self: 1 * MS },
    ]);
    expect(p.threads).toEqual([
      { name: 'Main Thread (0x1b86) (VisionApp, pid: 873)', tid: '7046', weight: 11 * MS },
      { name: 'com.apple.coreml.predict (0x1c02) (VisionApp, pid: 873)', tid: '7170', weight: 2 * MS },
    ]);
    expect(p.processes).toEqual([{ name: 'VisionApp', pid: '873', weight: 13 * MS }]);
    expect(p.states).toEqual([{ state: 'Running', weight: 13 * MS }]);
  });

  it('computes CPU usage over the sampled span, per observed core', () => {
    // First sample at 1.000 s, last at 1.011 s plus its 1 ms weight: 12 ms of wall time, 13 ms of CPU.
    expect(p.spanNs).toBe(12 * MS);
    expect(p.cpuTimeNs).toBe(13 * MS);
    expect(p.cpuUsage).toBeCloseTo(13 / 12, 12);
    expect(p.coresObserved).toBe(3);
    expect(p.cpuUsagePerCore).toBeCloseTo(13 / 12 / 3, 12);
  });

  it('keeps a call tree root → leaf, children by total weight, with engines on the nodes', () => {
    const tree = p.callTree as CallTreeNode;
    expect(tree.total).toBe(12 * MS);
    const path = (names: string[]) => names.reduce<CallTreeNode | undefined>((n, name) => n?.children.find((c) => c.name === name), tree);
    expect(tree.children.map((c) => [c.name, c.total])).toEqual([
      ['start', 10 * MS],
      ['_pthread_start', 2 * MS],
    ]);
    const mach = path(['start', 'main', 'VisionApp.Detector.run(_:)', '-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', 'Espresso::ANERuntimeEngine::__forward_segment(std::__1::shared_ptr<Espresso::abstract_batch> const&, int, int)', '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', 'mach_msg2_trap']);
    expect(mach).toMatchObject({ self: 3 * MS, total: 3 * MS, engine: 'neuralEngine', binary: 'libsystem_kernel.dylib' });
    const walk3 = path(['start', 'main', 'VisionApp.Tree.walk(_:)', 'VisionApp.Tree.walk(_:)', 'VisionApp.Tree.walk(_:)']);
    expect(walk3).toMatchObject({ self: 1 * MS, engine: 'app' });
  });
});

describe('runs and nodes', () => {
  it('never merges runs: one profile per run, and --run picks one', async () => {
    const all = await analyzeTraceFile('fixtures/traces/multi-run.xml');
    expect(all.profiles.map((p) => [p.run, p.samples, p.totalWeight])).toEqual([
      [1, 3, 3 * MS],
      [2, 2, 2 * MS],
    ]);
    const two = await analyzeTraceFile('fixtures/traces/multi-run.xml', { run: 2 });
    expect(two.profiles.map((p) => [p.run, p.samples])).toEqual([[2, 2]]);
    expect(two.profiles[0]?.topFrames[0]?.name).toBe('VisionApp.Preprocess.resize(_:)');
    expect(two.tables?.map((t) => [t.run, t.read])).toEqual([
      [1, false],
      [2, true],
    ]);
    await expect(analyzeTraceFile('fixtures/traces/multi-run.xml', { run: 3 })).rejects.toThrow(/there is no run 3: the file holds run 1, 2/);
  });

  it('attributes CPU time to the inferences of the same run (three nodes, one continued)', async () => {
    const a = await analyzeTraceFile('fixtures/traces/multi-node.xml');
    expect(a.profiles).toHaveLength(1);
    expect(a.intervals).toHaveLength(1);
    const i = a.intervals[0];
    expect(i).toMatchObject({ label: 'Prediction / FaceDetector', count: 3, inference: true, maxMs: 4, minMs: 2 });
    // Samples every 1 ms: [5.000, 5.004) holds 4, [5.010, 5.013) holds 3, [5.020, 5.022) holds 2.
    expect(i?.cpuPerInterval).toEqual({ unit: 'ns', total: 9 * MS, mean: 3 * MS, profile: 'time-profile', intervals: 3 });
    expect(a.tables?.map((t) => [t.table, t.kind, t.rows])).toEqual([
      ['time-profile', 'profile', 12],
      ['coreml-os-signpost', 'intervals', 3],
    ]);
    expect(a.notes).toContain('<node> 3 has no <schema>: its rows were read as more rows of coreml-os-signpost');
  });
});

describe('time-sample (raw, unsymbolicated)', () => {
  it('reports what it can: sample counts, address frames, and says so', async () => {
    const a = await analyzeTraceFile('fixtures/traces/time-sample.xml');
    const p = a.profiles[0] as ProfileSummary;
    expect(p).toMatchObject({ table: 'time-sample', unit: 'samples', samples: 4, totalWeight: 4, noStackWeight: 1, unsymbolicated: true, cpuUsage: null });
    expect(p.topFrames.slice(0, 2).map((f) => [f.name, f.self])).toEqual([
      ['0x102f8e018', 2],
      ['0x1e3a4e8a8', 1],
    ]);
    expect(p.states).toEqual([
      { state: 'Running', weight: 3 },
      { state: 'Blocked', weight: 1 },
    ]);
    expect(a.notes?.some((n) => /unsymbolicated addresses only/.test(n))).toBe(true);
  });
});
