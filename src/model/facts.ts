/**
 * The facts a pipeline step takes from its model: the `StepModelFacts` that src/step/model.ts declares
 * (the measured step's contract with the budget rows), filled from a model summary.
 */
import { MODEL_PLATFORMS, type ModelPlatform, type StepModelFacts } from '../step/model.js';
import type { ModelPart, ModelSummary } from './summary.js';

function opCounts(p: ModelPart, into: Map<string, number>): void {
  for (const fn of p.functions) for (const [op, n] of fn.ops) into.set(op, (into.get(op) ?? 0) + n);
  for (const [layer, n] of p.layers) into.set(layer, (into.get(layer) ?? 0) + n);
  for (const s of p.subModels) opCounts(s, into);
}

/**
 * The step's facts from a model summary. Weight metrics (bytes, bits per weight) are left out when the
 * weights are missing or the model kind keeps none we count (trees, GLMs, feature prints); the
 * parameter count stays when the program declares it (it comes from the types, not from weight.bin).
 */
export function stepModelFacts(summary: ModelSummary, path: string): StepModelFacts {
  const w = summary.weights;
  const counts = new Map<string, number>();
  opCounts(summary, counts);
  const minimumOS: Partial<Record<ModelPlatform, string>> = {};
  for (const p of MODEL_PLATFORMS) {
    const v = summary.effectiveMinimumOS?.[p];
    if (v) minimumOS[p] = v;
  }
  return {
    path,
    kind: summary.kind,
    weightsPresent: !w.missing,
    ...(w.parameters !== null && w.parameters > 0 ? { parameters: w.parameters } : {}),
    ...(!w.missing && w.bytes !== null && w.parameters ? { weightBytes: w.bytes } : {}),
    ...(!w.missing && w.bitsPerWeight !== null ? { bitsPerWeight: w.bitsPerWeight } : {}),
    compression: [...new Set(w.storage.filter((s) => s.compressed).map((s) => s.label))],
    opCounts: counts,
    minimumOS,
    computePrecision: summary.computePrecision,
    flexibleInputs: summary.flexibleInputs,
    aneFindings: summary.findings.filter((f) => f.id.startsWith('ane.') || f.id === 'rewrite.costly-op').map((f) => ({ id: f.id, level: f.level, message: f.message })),
  };
}
