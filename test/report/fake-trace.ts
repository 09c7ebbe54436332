/**
 * TraceAnalysis values as the `trace` command makes them, for measuring steps without exports on
 * disk (the report reads traces through an injected reader). Statistics come from src/core/stats.ts,
 * as the trace analysis computes them.
 */
import { summarize } from '../../src/core/stats.js';
import type { TraceReader } from '../../src/report/trace-select.js';
import { TRACE_SCHEMA_VERSION, type CallTreeNode, type EngineName, type IntervalSummary, type ProfileSummary, type TraceAnalysis } from '../../src/trace/model.js';

export function series(table: string, label: string, durationsMs: number[], run: number | null = 1): IntervalSummary {
  const s = summarize(durationsMs);
  if (!s) throw new Error('no durations');
  return {
    run,
    table,
    label,
    count: s.count,
    meanMs: s.mean,
    stddevMs: s.stddev,
    minMs: s.min,
    p50Ms: s.p50,
    p90Ms: s.p90,
    p99Ms: s.p99,
    maxMs: s.max,
    durationsMs: Float64Array.from(durationsMs),
  };
}

export function node(name: string, binary: string | null, self: number, children: CallTreeNode[] = []): CallTreeNode {
  const total = self + children.reduce((a, c) => a + c.total, 0);
  return { name, binary, self, total, children: [...children].sort((a, b) => b.total - a.total) };
}

export function profile(engines: Partial<Record<EngineName, number>>, callTree?: CallTreeNode, table = 'time-profile'): ProfileSummary {
  const all: Record<EngineName, number> = { neuralEngine: 0, gpu: 0, cpuCompute: 0, coremlOverhead: 0, app: 0, system: 0, unknown: 0, ...engines };
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  return {
    run: 1,
    table,
    unit: 'ns',
    samples: Math.round(total / 1e6),
    totalWeight: total,
    noStackWeight: 0,
    topFrames: [
      { name: '-[_ANEClient evaluateWithModel:options:request:qos:error:]', binary: 'AppleNeuralEngine', self: all.neuralEngine, total: all.neuralEngine },
      { name: 'PoseWatch.Keypoints.decode(heatmaps:)', binary: 'PoseWatch', self: all.app, total: all.app },
    ],
    binaries: [],
    threads: [],
    engines: all,
    spanNs: null,
    cpuUsage: null,
    ...(callTree ? { callTree } : {}),
  };
}

export function analysis(source: string, intervals: IntervalSummary[], profiles: ProfileSummary[] = [], warnings: string[] = []): TraceAnalysis {
  return { schemaVersion: TRACE_SCHEMA_VERSION, source, format: 'xctrace-export', profiles, intervals, otherTables: [], warnings };
}

/** A reader over analyses keyed by the path the manifest writes; records what it was asked. */
export function fakeReader(byDisplayName: Map<string, TraceAnalysis>): TraceReader & { calls: string[] } {
  const calls: string[] = [];
  const reader = async (_path: string, opts: { displayName: string }) => {
    calls.push(opts.displayName);
    const a = byDisplayName.get(opts.displayName);
    if (!a) throw new Error(`no fake analysis for ${opts.displayName}`);
    return a;
  };
  return Object.assign(reader, { calls });
}

/** Deterministic latencies around a median, with a share of slow outliers. */
export function latencies(n: number, p50: number, spread: number, outliers = 0, outlierMs = p50 * 2, seed = 1): number[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i < outliers ? outlierMs + rand() : p50 + (rand() - 0.5) * 2 * spread);
  return out;
}
