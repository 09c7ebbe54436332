/**
 * The facts a pipeline step takes from its model (the contract with the budget engine, brief
 * MODEL_FACTS.md). `StepModelFacts` is declared here until the engine's neutral measured-step module
 * exists; phase 2 imports it from there, with this shape unchanged.
 */
import type { ModelPart, ModelSummary } from './summary.js';
import type { Platform } from './tables/spec-versions.js';

/** What src/model read off a step's model (src/model fills it; budget rows read it). */
export interface StepModelFacts {
  /** The model path as the manifest names it. */
  path: string;
  kind: 'mlpackage' | 'mlmodel';
  /** False when the package's weight.bin (or a referenced blob) is missing: weight metrics are then not measured. */
  weightsPresent: boolean;
  /** Number of weight parameters (elements), undefined when not measurable. */
  parameters?: number;
  /** Bytes of weights as stored. */
  weightBytes?: number;
  /** Effective bits per weight (stored bits incl. LUTs/scales / parameters). */
  bitsPerWeight?: number;
  /** Compression actually applied, one short label per kind, e.g. "palettized 8-bit", "int8 linear". */
  compression: string[];
  /** Op type (ML program) or layer type (neural network) -> count, over all functions and sub-models. */
  opCounts: ReadonlyMap<string, number>;
  /** The effective minimum OS per platform (highest over sub-models and opsets), e.g. { iOS: '17.0' }. */
  minimumOS: Readonly<Partial<Record<'iOS' | 'macOS' | 'watchOS' | 'tvOS', string>>>;
  /** The precision the compute runs in. */
  computePrecision: 'fp16' | 'fp32' | 'mixed' | 'unknown';
  /** Names of inputs whose shapes are flexible (ranges or enumerations). */
  flexibleInputs: readonly string[];
  /** Findings about what keeps work off the Neural Engine. */
  aneFindings: readonly { id: string; level: 'error' | 'warning' | 'info'; message: string }[];
}

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
  const minimumOS: Partial<Record<Platform, string>> = summary.effectiveMinimumOS ? { ...summary.effectiveMinimumOS } : {};
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
