/**
 * A step's model, read by `coreml-doctor model`'s reader (src/model): the StepModelFacts the budget's
 * model rows judge (parameters, bits per weight, compression, op counts, minimum OS, precision,
 * flexible inputs, Neural Engine findings), and how the report's JSON writes and reads them back.
 * Kept apart from measure.ts so that measuring steps only calls `readStepModel`.
 *
 * An .mlmodelc is compiled: only its size is measured (a warning says so). A package whose weights
 * are missing (a clone without Git LFS) keeps its structure; the weight metrics are not measured and
 * a warning says so loudly. A file that is not a model at all is bad input (exit 2), as `model` says.
 */
import { childPath, type JsonReader } from '../core/json.js';
import { COMPUTE_PRECISIONS, MODEL_FINDING_LEVELS, MODEL_PLATFORMS, type ModelFindingLevel, type ModelPlatform, type StepModelFacts } from '../step/model.js';
import type { ResolvedPath } from './model.js';

export interface StepModelRead {
  facts: StepModelFacts | null;
  warnings: string[];
}

/** Reads the step's model; the reader is imported only when a step has one. */
export async function readStepModel(ref: ResolvedPath): Promise<StepModelRead> {
  if (/\.mlmodelc[/\\]*$/i.test(ref.display)) {
    return {
      facts: null,
      warnings: [`${ref.display} is compiled (.mlmodelc): only its size is measured; name the .mlpackage or .mlmodel it was compiled from to measure its parameters, bits per weight, ops and minimum OS`],
    };
  }
  const [{ readModel }, { stepModelFacts }] = await Promise.all([import('../model/read.js'), import('../model/facts.js')]);
  const summary = await readModel(ref.path, { displayName: ref.display });
  const facts = stepModelFacts(summary, ref.display);
  const warnings: string[] = [];
  if (!facts.weightsPresent) {
    const why = summary.weights.missingReason ?? 'weights the program references are not there';
    warnings.push(`WEIGHTS MISSING in ${ref.display}: ${why}; its structure is read, but bits per weight and weight bytes are not measured (budgets on them fail closed)`);
  }
  return { facts, warnings };
}

// ---------------------------------------------------------------- JSON (inside the report's schemaVersion 1)

/** The facts as the report's JSON writes them: op counts as an object (keys are own properties). */
export function modelFactsJson(f: StepModelFacts | undefined) {
  if (!f) return null;
  return {
    path: f.path,
    kind: f.kind,
    weightsPresent: f.weightsPresent,
    parameters: f.parameters ?? null,
    weightBytes: f.weightBytes ?? null,
    bitsPerWeight: f.bitsPerWeight ?? null,
    compression: f.compression,
    opCounts: Object.fromEntries(f.opCounts),
    minimumOS: f.minimumOS,
    computePrecision: f.computePrecision,
    flexibleInputs: f.flexibleInputs,
    aneFindings: f.aneFindings,
  };
}

/** Reads the facts back (gate --report judges them), checking what the budget rows rely on. */
export function readModelFactsJson(r: JsonReader, v: unknown, at: string): StepModelFacts | undefined {
  if (v === undefined || v === null) return undefined;
  const o = r.object(v, at, "a step's model facts or null");
  const p = (k: string) => childPath(at, k);
  const strings = (x: unknown, path: string): string[] => {
    if (!Array.isArray(x)) r.expected(path, 'a list of strings', x);
    return (x as unknown[]).map((s, i) => r.string(s, childPath(path, i), 'a string'));
  };
  const optNumber = (k: string): number | undefined => (o[k] === undefined || o[k] === null ? undefined : r.nonNegative(o[k], p(k), 'a number >= 0 or null'));
  if (o.kind !== 'mlpackage' && o.kind !== 'mlmodel') r.expected(p('kind'), '"mlpackage" or "mlmodel"', o.kind);
  if (typeof o.weightsPresent !== 'boolean') r.expected(p('weightsPresent'), 'true or false', o.weightsPresent);
  if (typeof o.computePrecision !== 'string' || !(COMPUTE_PRECISIONS as readonly string[]).includes(o.computePrecision)) {
    r.expected(p('computePrecision'), COMPUTE_PRECISIONS.map((c) => JSON.stringify(c)).join(', '), o.computePrecision);
  }
  const opCounts = new Map<string, number>();
  for (const [k, n] of Object.entries(r.object(o.opCounts, p('opCounts'), 'an object of op type → count'))) opCounts.set(k, r.nonNegative(n, childPath(p('opCounts'), k), 'a count'));
  const minimumOS: Partial<Record<ModelPlatform, string>> = {};
  const os = r.object(o.minimumOS, p('minimumOS'), `an object of ${MODEL_PLATFORMS.join(', ')} → version`);
  for (const platform of MODEL_PLATFORMS) if (os[platform] !== undefined) minimumOS[platform] = r.string(os[platform], childPath(p('minimumOS'), platform), 'a version');
  if (!Array.isArray(o.aneFindings)) r.expected(p('aneFindings'), 'a list of findings', o.aneFindings);
  const aneFindings = (o.aneFindings as unknown[]).map((x, i) => {
    const at2 = childPath(p('aneFindings'), i);
    const f = r.object(x, at2, 'a finding ({ id, level, message })');
    if (typeof f.level !== 'string' || !(MODEL_FINDING_LEVELS as readonly string[]).includes(f.level)) r.expected(childPath(at2, 'level'), MODEL_FINDING_LEVELS.join(', '), f.level);
    return { id: r.string(f.id, childPath(at2, 'id'), 'a finding id'), level: f.level as ModelFindingLevel, message: r.string(f.message, childPath(at2, 'message'), 'a message') };
  });
  const parameters = optNumber('parameters');
  const weightBytes = optNumber('weightBytes');
  const bitsPerWeight = optNumber('bitsPerWeight');
  return {
    path: r.string(o.path, p('path'), 'the model path'),
    kind: o.kind as StepModelFacts['kind'],
    weightsPresent: o.weightsPresent as boolean,
    ...(parameters !== undefined ? { parameters } : {}),
    ...(weightBytes !== undefined ? { weightBytes } : {}),
    ...(bitsPerWeight !== undefined ? { bitsPerWeight } : {}),
    compression: strings(o.compression, p('compression')),
    opCounts,
    minimumOS,
    computePrecision: o.computePrecision as StepModelFacts['computePrecision'],
    flexibleInputs: strings(o.flexibleInputs, p('flexibleInputs')),
    aneFindings,
  };
}
