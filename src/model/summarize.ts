/** From a decoded model tree to the summary's parts: versions, features, functions, layers, weights. */
import type { DecodedModel } from './proto/model.js';
import type { DecodedFunction } from './proto/mil.js';
import type { BlobsSummary, ComputePrecision, MilFunctionSummary, ModelMetadata, ModelPart, PrecisionTally, WeightSummary } from './summary.js';
import { minimumOSFor, OPSET_SPEC } from './tables/spec-versions.js';
import { networkWeights, noWeights, programWeights, sumWeights, type BlobResolver, type PartWeights } from './weights.js';

export interface SummarizedPart {
  part: ModelPart;
  weights: PartWeights;
  decoded: DecodedModel;
  subs: SummarizedPart[];
}

export function precisionOf(outputs: ReadonlyMap<string, number>): ComputePrecision {
  const fp16 = (outputs.get('fp16') ?? 0) > 0;
  const fp32 = (outputs.get('fp32') ?? 0) > 0;
  return fp16 && fp32 ? 'mixed' : fp16 ? 'fp16' : fp32 ? 'fp32' : 'unknown';
}

function tally(outputs: ReadonlyMap<string, number>): PrecisionTally {
  return { precision: precisionOf(outputs), outputs };
}

function functionSummary(fn: DecodedFunction, d: DecodedModel): MilFunctionSummary {
  const desc = d.description.functions.find((f) => f.name === fn.name);
  return {
    name: fn.name,
    opset: fn.opset,
    ops: fn.ops,
    opCount: fn.opCount,
    computePrecision: tally(fn.precisionOutputs),
    maxRank: fn.maxRank,
    ...(desc ? { inputs: desc.inputs, outputs: desc.outputs, states: desc.states } : {}),
  };
}

export function summarizePart(d: DecodedModel, resolve: BlobResolver): SummarizedPart {
  const subs = d.subModels.map((s) => summarizePart(s, resolve));
  const functions = (d.program?.functions ?? []).map((f) => functionSummary(f, d));
  const opsetSpecs = functions.map((f) => OPSET_SPEC.get(f.opset) ?? 0);
  const effective = Math.max(d.specificationVersion, ...subs.map((s) => s.part.effectiveSpecificationVersion), ...opsetSpecs);
  const weights = d.program ? programWeights(d.program, resolve) : d.network ? networkWeights(d.network) : subs.length ? sumWeights(subs.map((s) => s.weights)) : noWeights(false);
  const part: ModelPart = {
    specificationVersion: d.specificationVersion,
    effectiveSpecificationVersion: effective,
    minimumOS: minimumOSFor(d.specificationVersion),
    effectiveMinimumOS: minimumOSFor(effective),
    modelType: d.modelType,
    isUpdatable: d.isUpdatable,
    metadata: withBuildInfo(d.description.metadata, d.program?.buildInfo),
    inputs: d.description.inputs,
    outputs: d.description.outputs,
    states: d.description.states,
    trainingInputs: d.description.trainingInputs,
    functions,
    defaultFunction: d.description.defaultFunction,
    layers: d.network?.layers ?? new Map(),
    subModels: subs.map((s) => s.part),
    weights: weightSummary(weights, null, undefined),
    details: d.details,
  };
  return { part, weights, decoded: d, subs };
}

/** A program's buildInfo names the coremltools release when the metadata does not. */
function withBuildInfo(m: ModelMetadata, info: ReadonlyMap<string, string> | undefined): ModelMetadata {
  const version = info?.get('coremltools-version');
  if (!version || m.writtenBy.coremltools) return m;
  const torch = info?.get('coremltools-component-torch');
  const tf = info?.get('coremltools-component-tensorflow');
  return { ...m, writtenBy: { ...m.writtenBy, coremltools: version, source: m.writtenBy.source ?? (torch ? `torch==${torch}` : tf ? `tensorflow==${tf}` : null) } };
}

export function weightSummary(w: PartWeights, blobs: BlobsSummary | null, missingReason: string | undefined): WeightSummary {
  const bits = w.bytes !== null && w.parameters > 0 ? (w.bytes * 8) / w.parameters : null;
  return {
    bytes: w.counted ? w.bytes : null,
    byDtype: w.missing ? new Map() : w.byDtype,
    parameters: w.counted ? w.parameters : null,
    bitsPerWeight: w.counted ? bits : null,
    missing: w.missing,
    ...(w.missing && missingReason ? { missingReason } : {}),
    blobs,
    storage: w.storage,
    ...(w.missing ? { declared: { bytes: w.declaredBytes, bitsPerWeight: w.parameters > 0 ? (w.declaredBytes * 8) / w.parameters : null } } : {}),
  };
}

/** Every ML program function of a part and its sub-models. */
export function allFunctions(p: ModelPart): MilFunctionSummary[] {
  return [...p.functions, ...p.subModels.flatMap(allFunctions)];
}

/** The model's compute precision over every ML program function. */
export function modelPrecision(p: ModelPart): ComputePrecision {
  const sum = new Map<string, number>();
  for (const f of allFunctions(p)) for (const [k, v] of f.computePrecision.outputs) sum.set(k, (sum.get(k) ?? 0) + v);
  return precisionOf(sum);
}

/** Inputs with flexible shapes, over the model and its sub-models (names once). */
export function flexibleInputNames(p: ModelPart): string[] {
  const names = new Set<string>();
  const walk = (x: ModelPart) => {
    for (const f of x.inputs) if (f.flexible !== 'none') names.add(f.name);
    for (const fn of x.functions) for (const f of fn.inputs ?? []) if (f.flexible !== 'none') names.add(f.name);
    x.subModels.forEach(walk);
  };
  walk(p);
  return [...names];
}
