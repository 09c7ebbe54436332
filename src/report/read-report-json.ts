/**
 * Reads back what `report --json` wrote (gate's `--baseline`): the versioned JSON into the typed
 * Report, with metrics in Maps again. Checks what consumers rely on (step names, sizes, latency
 * figures and samples, accuracy values) and fails with the JSON path of anything else.
 */
import { childPath, JsonReader, parseJsonText } from './json-input.js';
import {
  REPORT_SCHEMA_VERSION,
  type BudgetStatus,
  type Delta,
  type LatencySummary,
  type Report,
  type ReportBudgetSummary,
  type StepDeltas,
  type StepReport,
} from './model.js';

export const REPORT_JSON_WHAT = 'the JSON of `coreml-doctor report --json` (schemaVersion 1)';

const STATUSES: readonly BudgetStatus[] = ['pass', 'fail', 'not-measured'];

export function readReportJson(text: string, file: string): Report {
  const doc = parseJsonText(text, file, REPORT_JSON_WHAT);
  const r = new JsonReader(file);
  const o = r.object(doc, '$', REPORT_JSON_WHAT);
  if (o.schemaVersion !== REPORT_SCHEMA_VERSION) {
    r.expected('$.schemaVersion', `${REPORT_SCHEMA_VERSION} (${REPORT_JSON_WHAT}; a newer coreml-doctor may write another version)`, o.schemaVersion);
  }
  if (!Array.isArray(o.steps)) r.expected('$.steps', 'a list of steps', o.steps);
  const steps = (o.steps as unknown[]).map((s, i) => step(r, s, childPath('$.steps', i)));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    source: optString(r, o.source, '$.source'),
    model: optString(r, o.model, '$.model') ?? null,
    device: optString(r, o.device, '$.device') ?? null,
    frameBudget: (o.frameBudget ?? null) as Report['frameBudget'],
    sizeBudgetBytes: optNumber(r, o.sizeBudgetBytes, '$.sizeBudgetBytes'),
    budget: o.budget === null || o.budget === undefined ? null : budget(r, o.budget, '$.budget'),
    steps,
    memoryPlanBasis: (o.memoryPlanBasis ?? null) as Report['memoryPlanBasis'],
    memoryPlan: Array.isArray(o.memoryPlan) ? (o.memoryPlan as Report['memoryPlan']) : [],
    flags: Array.isArray(o.flags) ? (o.flags as Report['flags']) : [],
    warnings: Array.isArray(o.warnings) ? (o.warnings as string[]) : [],
  };
}

function optString(r: JsonReader, v: unknown, at: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') r.expected(at, 'a string or null', v);
  return v as string;
}

function optNumber(r: JsonReader, v: unknown, at: string): number | null {
  if (v === undefined || v === null) return null;
  return r.number(v, at, 'a number or null');
}

function numberMap(r: JsonReader, v: unknown, at: string): Map<string, number> {
  const m = new Map<string, number>();
  if (v === undefined || v === null) return m;
  for (const [k, x] of Object.entries(r.object(v, at))) m.set(k, r.number(x, childPath(at, k)));
  return m;
}

function latency(r: JsonReader, v: unknown, at: string): LatencySummary | null {
  if (v === null || v === undefined) return null;
  const o = r.object(v, at, 'a latency summary or null');
  if (o.source !== 'trace' && o.source !== 'samples' && o.source !== 'given') r.expected(childPath(at, 'source'), '"trace", "samples" or "given"', o.source);
  const num = (k: string) => optNumber(r, o[k], childPath(at, k));
  const out: LatencySummary = {
    source: o.source as LatencySummary['source'],
    count: num('count'),
    meanMs: num('meanMs'),
    p50Ms: num('p50Ms'),
    p90Ms: num('p90Ms'),
    p99Ms: num('p99Ms'),
    maxMs: num('maxMs'),
    minMs: num('minMs'),
    stddevMs: num('stddevMs'),
    overBudgetShare: num('overBudgetShare'),
  };
  if (typeof o.label === 'string') out.label = o.label;
  if (typeof o.table === 'string') out.table = o.table;
  if (typeof o.file === 'string') out.file = o.file;
  // Older writers may leave these out; null and absent mean the same.
  if (o.samplesMs !== undefined) {
    const sp = childPath(at, 'samplesMs');
    if (!Array.isArray(o.samplesMs)) r.expected(sp, 'a list of latencies in ms', o.samplesMs);
    out.samplesMs = (o.samplesMs as unknown[]).map((x, i) => r.nonNegative(x, childPath(sp, i)));
  }
  return out;
}

function delta(r: JsonReader, v: unknown, at: string): Delta | null {
  if (v === null || v === undefined) return null;
  const o = r.object(v, at, 'a delta ({ absolute, relative }) or null');
  return { absolute: r.number(o.absolute, childPath(at, 'absolute')), relative: optNumber(r, o.relative, childPath(at, 'relative')) };
}

function deltaSet(r: JsonReader, v: unknown, at: string): StepDeltas['baseline'] | null {
  if (v === null || v === undefined) return null;
  const o = r.object(v, at);
  const accuracy = new Map<string, Delta>();
  if (o.accuracy !== undefined && o.accuracy !== null) {
    for (const [k, x] of Object.entries(r.object(o.accuracy, childPath(at, 'accuracy')))) {
      const d = delta(r, x, childPath(childPath(at, 'accuracy'), k));
      if (d) accuracy.set(k, d);
    }
  }
  return { sizeBytes: delta(r, o.sizeBytes, childPath(at, 'sizeBytes')), p50Ms: delta(r, o.p50Ms, childPath(at, 'p50Ms')), p99Ms: delta(r, o.p99Ms, childPath(at, 'p99Ms')), accuracy };
}

function step(r: JsonReader, v: unknown, at: string): StepReport {
  const o = r.object(v, at, 'a step');
  const name = r.string(o.name, childPath(at, 'name'), 'the step name');
  const sizeBytes = optNumber(r, o.sizeBytes, childPath(at, 'sizeBytes'));
  const status = new Map<string, BudgetStatus>();
  if (o.budget !== undefined && o.budget !== null) {
    for (const [k, x] of Object.entries(r.object(o.budget, childPath(at, 'budget')))) {
      if (typeof x !== 'string' || !(STATUSES as readonly string[]).includes(x)) r.expected(childPath(childPath(at, 'budget'), k), '"pass", "fail" or "not-measured"', x);
      status.set(k, x as BudgetStatus);
    }
  }
  const d = o.deltas === undefined || o.deltas === null ? {} : r.object(o.deltas, childPath(at, 'deltas'));
  const base = deltaSet(r, (d as Record<string, unknown>).baseline, childPath(childPath(at, 'deltas'), 'baseline'));
  return {
    name,
    index: typeof o.index === 'number' ? o.index : undefined,
    description: typeof o.description === 'string' ? o.description : null,
    files: (o.files ?? undefined) as StepReport['files'],
    sizeBytes,
    sizeSource: o.sizeSource === 'model' || o.sizeSource === 'given' ? o.sizeSource : null,
    weightBytes: optNumber(r, o.weightBytes, childPath(at, 'weightBytes')),
    weightBits: optNumber(r, o.weightBits, childPath(at, 'weightBits')),
    latency: latency(r, o.latency, childPath(at, 'latency')),
    accuracy: numberMap(r, o.accuracy, childPath(at, 'accuracy')),
    engines: (o.engines ?? null) as StepReport['engines'],
    log: (o.log ?? null) as StepReport['log'],
    notes: typeof o.notes === 'string' ? o.notes : null,
    deltas: { baseline: base ?? { sizeBytes: null, p50Ms: null, p99Ms: null, accuracy: new Map() }, previous: deltaSet(r, (d as Record<string, unknown>).previous, childPath(childPath(at, 'deltas'), 'previous')) },
    budget: status,
    checks: Array.isArray(o.checks) ? (o.checks as StepReport['checks']) : [],
    warnings: Array.isArray(o.warnings) ? (o.warnings as string[]) : [],
  };
}

function budget(r: JsonReader, v: unknown, at: string): ReportBudgetSummary {
  const o = r.object(v, at);
  const lower = new Set<string>();
  if (Array.isArray(o.lowerIsBetter)) for (const m of o.lowerIsBetter) if (typeof m === 'string') lower.add(m);
  return {
    source: optString(r, o.source, childPath(at, 'source')) ?? '',
    preset: optString(r, o.preset, childPath(at, 'preset')) ?? null,
    target: optString(r, o.target, childPath(at, 'target')) ?? null,
    sizeBytes: optNumber(r, o.sizeBytes, childPath(at, 'sizeBytes')),
    latencyMs: numberMap(r, o.latencyMs, childPath(at, 'latencyMs')),
    frameStat: optString(r, o.frameStat, childPath(at, 'frameStat')) ?? 'p99',
    overBudgetFrames: optNumber(r, o.overBudgetFrames, childPath(at, 'overBudgetFrames')),
    accuracyDrop: numberMap(r, o.accuracyDrop, childPath(at, 'accuracyDrop')),
    lowerIsBetter: lower,
    unsupportedOps: optNumber(r, o.unsupportedOps, childPath(at, 'unsupportedOps')),
  };
}
