/** Measurements built for tests: the INPUT of the engine (its verdicts are always computed). */
import type { LatencySummary, LogSummary, StepMeasurement, StepModelFacts } from '../../src/report/model.js';
import { summarize } from '../../src/core/stats.js';
import { budgetFromValue } from '../../src/budget/load.js';
import type { Budget, ResolvedTarget } from '../../src/budget/model.js';
import { mulberry32 } from '../../src/budget/bootstrap.js';

export function latencyFromSamples(samplesMs: number[]): LatencySummary {
  const s = summarize(samplesMs);
  if (!s) throw new Error('no samples');
  return { source: 'samples', count: s.count, meanMs: s.mean, p50Ms: s.p50, p90Ms: s.p90, p99Ms: s.p99, maxMs: s.max, overBudgetShare: null, samplesMs };
}

export function latencySummary(p: Partial<Omit<LatencySummary, 'source'>>): LatencySummary {
  return { source: 'given', count: null, meanMs: null, p50Ms: null, p90Ms: null, p99Ms: null, maxMs: null, overBudgetShare: null, ...p };
}

export function log(p: Partial<LogSummary> = {}): LogSummary {
  return { outcome: 'converted', unsupportedOps: [], errors: 0, warnings: 0, categories: [], ...p };
}

export function step(name: string, p: Partial<Omit<StepMeasurement, 'name' | 'accuracy'>> & { accuracy?: Record<string, number> | Map<string, number> } = {}): StepMeasurement {
  const { accuracy, ...rest } = p;
  return {
    name,
    sizeBytes: null,
    sizeSource: null,
    latency: null,
    engines: null,
    log: null,
    notes: null,
    ...rest,
    accuracy: accuracy instanceof Map ? accuracy : new Map(Object.entries(accuracy ?? {})),
  };
}

/** What a 6-bit palettized pose model's package reads as (src/model/facts.ts fills these from a model). */
export function modelFacts(p: Partial<StepModelFacts> = {}): StepModelFacts {
  return {
    path: 'models/PoseNet.mlpackage',
    kind: 'mlpackage',
    weightsPresent: true,
    parameters: 3_100_000,
    weightBytes: 2_325_000,
    bitsPerWeight: 6.01,
    compression: ['palettized 6-bit'],
    opCounts: new Map([
      ['conv', 52],
      ['gather', 3],
      ['einsum', 1],
    ]),
    minimumOS: { iOS: '17.0', watchOS: '10.0' },
    computePrecision: 'fp16',
    flexibleInputs: [],
    aneFindings: [
      { id: 'ane.gather-dynamic', level: 'warning', message: 'gather on a dynamic index runs on the CPU' },
      { id: 'ane.einsum', level: 'info', message: 'einsum is decomposed' },
    ],
    ...p,
  };
}

/** A budget from a JSON value, as a file would give it. */
export function budget(value: unknown, file = 'budget.json'): Budget {
  return budgetFromValue(value, file);
}

export function onlyTarget(value: unknown): ResolvedTarget {
  const b = budget(value);
  if (b.targets.length !== 1) throw new Error('expected one target');
  return b.targets[0] as ResolvedTarget;
}

/** Deterministic pseudo-random samples around a median (log-normal jitter). */
export function jittered(seed: number, n: number, medianMs: number, sigma: number): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    out.push(medianMs * Math.exp(sigma * z));
  }
  return out;
}
