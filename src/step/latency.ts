/**
 * Reading a step's latency the one way the whole tool does: a statistic from the summary, else from
 * the samples (src/core/stats.ts, numpy-linear percentiles); and the inferences over a per-inference
 * limit, counted once here for the report's latency table and for gate's overBudgetFrames.
 */
import { countAbove, percentile } from '../core/stats.js';
import type { LatencySummary } from './model.js';

export type LatencyStatName = 'p50' | 'p90' | 'p99' | 'max' | 'mean';

const FIELD: Readonly<Record<LatencyStatName, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'meanMs'>> = { p50: 'p50Ms', p90: 'p90Ms', p99: 'p99Ms', max: 'maxMs', mean: 'meanMs' };
const PERCENT: Readonly<Record<Exclude<LatencyStatName, 'mean'>, number>> = { p50: 50, p90: 90, p99: 99, max: 100 };

/** A statistic of a latency: the summary's value, else computed from the samples; null when neither has it. */
export function latencyValue(lat: LatencySummary | null, stat: LatencyStatName): number | null {
  if (!lat) return null;
  const v = lat[FIELD[stat]];
  if (v !== null && Number.isFinite(v)) return v;
  const samples = lat.samplesMs;
  if (!samples || samples.length === 0) return null;
  if (stat === 'mean') return samples.reduce((a, b) => a + b, 0) / samples.length;
  return percentile(samples, PERCENT[stat]);
}

export type OverLimit =
  | { share: number; over: number; of: number; from: 'samples' }
  /** A summary tells the share only when even the slowest inference fits. */
  | { share: 0; over: 0; of: number | null; from: 'max' };

/** Inferences slower than `limitMs` (strictly): from the samples, or 0 when the slowest fits; null when a summary cannot tell. */
export function inferencesOver(lat: LatencySummary | null, limitMs: number): OverLimit | null {
  if (!lat) return null;
  const samples = lat.samplesMs;
  if (samples && samples.length > 0) {
    const over = countAbove(samples, limitMs);
    return { share: over / samples.length, over, of: samples.length, from: 'samples' };
  }
  if (lat.maxMs !== null && lat.maxMs <= limitMs) return { share: 0, over: 0, of: lat.count, from: 'max' };
  return null;
}
