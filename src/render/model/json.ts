/**
 * `model --json` (schemaVersion 1): the summary as issue 11 names it. Maps (op types, layers, dtypes,
 * metadata keys) become objects, largest counts first; field names are never renamed, only added.
 */
import type { Feature, MilFunctionSummary, ModelPart, ModelSummary, WeightSummary } from '../../model/summary.js';
import { byCount } from './common.js';

/** A Map as a JSON object (Object.fromEntries defines own properties: `__proto__` stays a plain key). */
function obj<V>(m: ReadonlyMap<string, V>): Record<string, V> {
  return Object.fromEntries(m);
}

function counts(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(byCount(m));
}

function fn(f: MilFunctionSummary): unknown {
  return {
    name: f.name,
    opset: f.opset,
    opCount: f.opCount,
    ops: counts(f.ops),
    computePrecision: { precision: f.computePrecision.precision, outputs: obj(f.computePrecision.outputs) },
    maxRank: f.maxRank,
    ...(f.inputs ? { inputs: f.inputs.map(feature), outputs: (f.outputs ?? []).map(feature), states: (f.states ?? []).map(feature) } : {}),
  };
}

function feature(f: Feature): unknown {
  return f;
}

function weights(w: WeightSummary): unknown {
  return {
    bytes: w.bytes,
    byDtype: counts(w.byDtype),
    parameters: w.parameters,
    bitsPerWeight: w.bitsPerWeight,
    missing: w.missing,
    ...(w.missingReason ? { missingReason: w.missingReason } : {}),
    blobs: w.blobs ? { ...w.blobs, files: w.blobs.files.map((f) => ({ ...f, byDtype: counts(f.byDtype) })) } : null,
    storage: w.storage,
    ...(w.declared ? { declared: w.declared } : {}),
  };
}

function part(p: ModelPart): Record<string, unknown> {
  return {
    specificationVersion: p.specificationVersion,
    effectiveSpecificationVersion: p.effectiveSpecificationVersion,
    minimumOS: p.minimumOS,
    effectiveMinimumOS: p.effectiveMinimumOS,
    modelType: p.modelType,
    isUpdatable: p.isUpdatable,
    metadata: { ...p.metadata, userDefined: obj(p.metadata.userDefined) },
    inputs: p.inputs.map(feature),
    outputs: p.outputs.map(feature),
    states: p.states.map(feature),
    trainingInputs: p.trainingInputs.map(feature),
    functions: p.functions.map(fn),
    defaultFunction: p.defaultFunction,
    layers: counts(p.layers),
    subModels: p.subModels.map(part),
    weights: weights(p.weights),
    details: { ...p.details, ...(p.details.buildInfo ? { buildInfo: obj(p.details.buildInfo) } : {}) },
  };
}

export function modelJson(m: ModelSummary): unknown {
  return {
    schemaVersion: m.schemaVersion,
    source: m.source,
    kind: m.kind,
    gzip: m.gzip,
    ...part(m),
    computePrecision: m.computePrecision,
    flexibleInputs: m.flexibleInputs,
    targets: m.targets,
    package: m.package,
    findings: m.findings,
  };
}

export function renderModelJson(m: ModelSummary): string {
  return JSON.stringify(modelJson(m), null, 2) + '\n';
}
