/**
 * The memory planner: from the baseline step's size, what the model would weigh under each
 * compression scheme coremltools offers, and which of those fit the size budget.
 *
 *   parameters = the model's own count (read off a step's model), else weightBytes × 8 / weightBits
 *   projected  = overheadBytes + parameters × density × valueBits / 8 + (bitmask ? parameters / 8 : 0)
 *
 * The parameters are counted in the basis step's model when it has one, else in the first step's
 * model that has them (the steps of a pipeline compress one network: pruning and palettization keep
 * its dense parameter count). weightBytes are measured inside the model package (its weight folder)
 * when there is one; a size without a package counts as all weights. weightBits is the manifest's
 * `weightBits` (an override), else the model's measured bits per weight, else weightBytes × 8 /
 * parameters, else assumed 32 (an fp32 model). Non-weight bytes (the model description) are kept as they are. Left out, and said so
 * in each row: per-tensor metadata (quantization scales and zero points; palettization LUTs of
 * 2^n fp16 entries per tensor, e.g. 128 B at 6 bits), and tensors coremltools skips (smaller than
 * its weight_threshold): real compressed models are a little larger than these projections.
 * Sources: docs/report.md ("Memory planner").
 */
import type { MemoryPlanBasis, MemoryPlanRow, StepMeasurement } from './model.js';

export interface CompressionScheme {
  scheme: string;
  label: string;
  /** Bits stored per kept weight. */
  valueBits: number;
  /** Share of the weights stored (1 − sparsity). */
  density: number;
  /** The sparse representation's mask: 1 bit per weight. */
  bitmask: boolean;
  /** What the projection leaves out. */
  leavesOut: string;
  minimumTarget: string;
}

export const COMPRESSION_SCHEMES: readonly CompressionScheme[] = [
  { scheme: 'fp16', label: 'fp16 weights', valueBits: 16, density: 1, bitmask: false, leavesOut: 'nothing', minimumTarget: 'iOS 15 (ML program)' },
  { scheme: 'int8', label: 'int8 linear quantization', valueBits: 8, density: 1, bitmask: false, leavesOut: 'per-channel scales and zero points', minimumTarget: 'iOS 16' },
  { scheme: 'palettize-6bit', label: '6-bit palettization', valueBits: 6, density: 1, bitmask: false, leavesOut: 'one LUT of 64 fp16 values per tensor (128 B)', minimumTarget: 'iOS 16' },
  { scheme: 'palettize-4bit', label: '4-bit palettization', valueBits: 4, density: 1, bitmask: false, leavesOut: 'one LUT of 16 fp16 values per tensor (32 B)', minimumTarget: 'iOS 16' },
  { scheme: 'sparse-50', label: '50 % sparsity (fp16 non-zeros + bit mask)', valueBits: 16, density: 0.5, bitmask: true, leavesOut: 'tensors left dense', minimumTarget: 'iOS 16' },
  {
    scheme: 'sparse-50-palettize-6bit',
    label: '50 % sparsity + 6-bit palettized non-zeros',
    valueBits: 6,
    density: 0.5,
    bitmask: true,
    leavesOut: 'LUTs (128 B per tensor) and tensors left dense',
    minimumTarget: 'iOS 18 (joint compression)',
  },
];

/** Bits per weight when the manifest does not say: an fp32 model. */
export const DEFAULT_WEIGHT_BITS = 32;

/** The basis of the plan: the first step with a size. Null when no step has one. */
export function memoryPlanBasis(steps: readonly StepMeasurement[]): MemoryPlanBasis | null {
  const step = steps.find((s) => s.sizeBytes !== null);
  if (!step || step.sizeBytes === null) return null;
  const measured = step.weightBytes ?? null;
  const weightBytes = measured !== null && measured <= step.sizeBytes ? measured : step.sizeBytes;
  const counted = step.model?.parameters !== undefined ? step : steps.find((s) => s.model?.parameters !== undefined);
  const parameters = counted?.model?.parameters ?? null;
  const given = step.weightBits !== null && step.weightBits !== undefined && step.weightBitsSource !== 'model';
  let weightBits: number;
  let bitsSource: MemoryPlanBasis['bitsSource'];
  if (given) [weightBits, bitsSource] = [step.weightBits as number, 'manifest'];
  else if (step.model?.bitsPerWeight !== undefined) [weightBits, bitsSource] = [step.model.bitsPerWeight, 'model'];
  else if (parameters) [weightBits, bitsSource] = [(weightBytes * 8) / parameters, 'derived'];
  else [weightBits, bitsSource] = [DEFAULT_WEIGHT_BITS, 'assumed'];
  return {
    step: step.name,
    sizeBytes: step.sizeBytes,
    weightBytes,
    overheadBytes: step.sizeBytes - weightBytes,
    weightBits,
    parameters: parameters ?? (weightBytes * 8) / weightBits,
    weightSource: measured !== null ? 'package' : 'assumed',
    bitsSource,
    ...(counted?.model && parameters !== null ? { parametersFrom: { step: counted.name, model: counted.model.path } } : {}),
  };
}

/** How the basis's weights read: `3.10 M weights (counted in X, step "pal6") at 32 bits (given)`. */
export function basisWeightsText(b: MemoryPlanBasis): string {
  const counted = b.parametersFrom ? ` (counted in ${b.parametersFrom.model}${b.parametersFrom.step === b.step ? '' : `, step "${b.parametersFrom.step}"`})` : '';
  const bits = Number.isInteger(b.weightBits) ? String(b.weightBits) : b.weightBits.toFixed(2);
  const why = { manifest: ' (given)', model: ' (measured)', derived: ' (size × 8 / parameters)', assumed: ' (assumed; set weightBits)' }[b.bitsSource];
  return `${(b.parameters / 1e6).toFixed(2)} M weights${counted} at ${bits} bits${why}`;
}

export function projectSize(basis: MemoryPlanBasis, s: CompressionScheme): number {
  const weights = (basis.parameters * s.density * s.valueBits) / 8 + (s.bitmask ? basis.parameters / 8 : 0);
  return Math.round(basis.overheadBytes + weights);
}

export function planMemory(basis: MemoryPlanBasis | null, sizeBudgetBytes: number | null): MemoryPlanRow[] {
  if (!basis) return [];
  return COMPRESSION_SCHEMES.map((s) => {
    const projectedBytes = projectSize(basis, s);
    const mask = s.bitmask ? ' + parameters / 8 (bit mask)' : '';
    return {
      scheme: s.scheme,
      label: s.label,
      projectedBytes,
      fitsBudget: sizeBudgetBytes === null ? null : projectedBytes <= sizeBudgetBytes,
      ratio: basis.sizeBytes > 0 ? projectedBytes / basis.sizeBytes : 1,
      formula: `non-weight bytes + parameters × ${s.density === 1 ? '' : `${s.density} × `}${s.valueBits} / 8${mask}; leaves out ${s.leavesOut}`,
      minimumTarget: s.minimumTarget,
    };
  });
}

