/** Changes against the baseline (the first step) and the step before: absolute and relative. */
import type { Delta, StepDeltas, StepMeasurement } from './model.js';

export function delta(current: number | null | undefined, reference: number | null | undefined): Delta | null {
  if (current === null || current === undefined || reference === null || reference === undefined) return null;
  const absolute = current - reference;
  return { absolute, relative: reference === 0 ? null : absolute / reference };
}

function against(step: StepMeasurement, ref: StepMeasurement): StepDeltas['baseline'] {
  const accuracy = new Map<string, Delta>();
  for (const [metric, v] of step.accuracy) {
    const d = delta(v, ref.accuracy.get(metric));
    if (d) accuracy.set(metric, d);
  }
  return {
    sizeBytes: delta(step.sizeBytes, ref.sizeBytes),
    p50Ms: delta(step.latency?.p50Ms, ref.latency?.p50Ms),
    p99Ms: delta(step.latency?.p99Ms, ref.latency?.p99Ms),
    accuracy,
  };
}

const NONE: StepDeltas['baseline'] = { sizeBytes: null, p50Ms: null, p99Ms: null, accuracy: new Map() };

/** Deltas of every step; the first step is the baseline (its own deltas are empty). */
export function computeDeltas(steps: readonly StepMeasurement[]): StepDeltas[] {
  const base = steps[0];
  return steps.map((s, i) => {
    if (i === 0 || !base) return { baseline: { ...NONE, accuracy: new Map() }, previous: null };
    return { baseline: against(s, base), previous: against(s, steps[i - 1] as StepMeasurement) };
  });
}
