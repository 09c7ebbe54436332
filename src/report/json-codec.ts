/**
 * The report's JSON (schemaVersion 1), written and read back by this one codec: `report --json`
 * writes it, `gate --report` and `--baseline` read it. Maps become objects (keys from input are own
 * properties: `__proto__` is a metric like any other), latency samples are kept (gate's regression
 * test needs them), call trees are left out (they are for the HTML page). Reading checks what
 * consumers rely on (step names, sizes, latency figures and samples, accuracy values, verdicts) and
 * fails with the JSON path of anything else. Fields are added, never renamed: `steps[].budget`
 * (assertion → status) and `steps[].checks` are the first target's verdicts in their older shape.
 */
import type { GateCounts, Status, TargetResult, Verdict } from '../budget/model.js';
import { childPath, JsonReader, parseJsonText } from '../core/json.js';
import { modelFactsJson, readModelFactsJson } from './model-facts.js';
import type { StartupPhaseMeasurement, StartupPhaseName } from '../step/model.js';
import {
  REPORT_SCHEMA_VERSION,
  type Delta,
  type LatencySummary,
  type Report,
  type ReportBudgetSummary,
  type ReportGate,
  type StepDeltas,
  type StepReport,
} from './model.js';

export const REPORT_JSON_WHAT = 'the JSON of `coreml-doctor report --json` (schemaVersion 1)';

const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'not-measured', 'inconclusive'];

export interface ReportJsonOptions {
  /** Keep latency samples (default true). */
  samples?: boolean;
}

// ---------------------------------------------------------------- writing

function deltasJson(d: StepDeltas['baseline'] | null) {
  if (!d) return null;
  return { sizeBytes: d.sizeBytes, p50Ms: d.p50Ms, p99Ms: d.p99Ms, accuracy: Object.fromEntries(d.accuracy) };
}

/** Latency with its keys in one order, whatever order the measurement set them in. */
function latencyJson(l: LatencySummary | null, samples: boolean) {
  if (!l) return null;
  return {
    source: l.source,
    count: l.count,
    meanMs: l.meanMs,
    p50Ms: l.p50Ms,
    p90Ms: l.p90Ms,
    p99Ms: l.p99Ms,
    maxMs: l.maxMs,
    minMs: l.minMs ?? null,
    stddevMs: l.stddevMs ?? null,
    overBudgetShare: l.overBudgetShare,
    label: l.label ?? null,
    table: l.table ?? null,
    file: l.file ?? null,
    ...(samples && l.samplesMs ? { samplesMs: l.samplesMs } : {}),
  };
}

/** A number JSON can hold: Infinity and NaN (an "anything allowed" limit) become null. */
const finite = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : n);

function verdictJson(v: Verdict) {
  return { ...v, actual: finite(v.actual), limit: finite(v.limit) };
}

function targetJson(t: TargetResult) {
  return { ...t, verdicts: t.verdicts.map(verdictJson) };
}

/** The first target's verdicts in the older `checks` shape (key, label, unit, actual, limit, status, note). */
function checksJson(t: TargetResult | undefined) {
  return (t?.verdicts ?? []).map((v) => ({
    key: v.assertion,
    label: v.label,
    unit: v.unit,
    actual: finite(v.actual),
    limit: finite(v.limit),
    status: v.status,
    ...(v.status === 'not-measured' ? { note: v.message } : {}),
  }));
}

function stepJson(s: StepReport, samples: boolean) {
  let engines = null;
  if (s.engines) {
    const { callTree: _tree, ...rest } = s.engines;
    engines = rest;
  }
  const first = s.targets[0];
  return {
    name: s.name,
    index: s.index ?? null,
    description: s.description ?? null,
    files: s.files ?? null,
    sizeBytes: s.sizeBytes,
    sizeSource: s.sizeSource,
    weightBytes: s.weightBytes ?? null,
    weightBits: s.weightBits ?? null,
    weightBitsSource: s.weightBitsSource ?? null,
    model: modelFactsJson(s.model),
    latency: latencyJson(s.latency, samples),
    accuracy: Object.fromEntries(s.accuracy),
    engines,
    startup: s.startup ?? null,
    log: s.log,
    notes: s.notes,
    deltas: { baseline: deltasJson(s.deltas.baseline), previous: deltasJson(s.deltas.previous) },
    budget: Object.fromEntries((first?.verdicts ?? []).map((v) => [v.assertion, v.status])),
    checks: checksJson(first),
    targets: s.targets.map(targetJson),
    warnings: s.warnings ?? [],
  };
}

export function reportToJson(report: Report, opts: ReportJsonOptions = {}) {
  const samples = opts.samples ?? true;
  const b = report.budget ?? null;
  return {
    schemaVersion: report.schemaVersion,
    source: report.source ?? null,
    model: report.model,
    device: report.device,
    budget: b && {
      source: b.source,
      sourceKind: b.sourceKind ?? null,
      preset: b.preset,
      target: b.target,
      sizeBytes: b.sizeBytes,
      latencyMs: Object.fromEntries(b.latencyMs),
      frameStat: b.frameStat,
      overBudgetFrames: b.overBudgetFrames,
      accuracyDrop: Object.fromEntries(b.accuracyDrop),
      lowerIsBetter: [...b.lowerIsBetter],
      unsupportedOps: b.unsupportedOps,
      targets: b.targets ?? [],
    },
    gate: report.gate ?? null,
    frameBudget: report.frameBudget,
    sizeBudgetBytes: report.sizeBudgetBytes,
    steps: report.steps.map((s) => stepJson(s, samples)),
    memoryPlanBasis: report.memoryPlanBasis ?? null,
    memoryPlan: report.memoryPlan,
    flags: report.flags,
    warnings: report.warnings ?? [],
  };
}

export function writeReportJson(report: Report, opts: ReportJsonOptions = {}): string {
  return JSON.stringify(reportToJson(report, opts), null, 2) + '\n';
}

// ---------------------------------------------------------------- reading

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
    gate: o.gate === null || o.gate === undefined ? null : gate(r, o.gate, '$.gate'),
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

function status(r: JsonReader, v: unknown, at: string): Status {
  if (typeof v !== 'string' || !(STATUSES as readonly string[]).includes(v)) r.expected(at, STATUSES.map((s) => JSON.stringify(s)).join(', '), v);
  return v as Status;
}

function verdict(r: JsonReader, v: unknown, at: string): Verdict {
  const o = r.object(v, at, 'a verdict');
  r.string(o.assertion, childPath(at, 'assertion'), 'the assertion');
  status(r, o.status, childPath(at, 'status'));
  // Written by this codec: the rest is taken as it is; limits that JSON cannot hold (Infinity) come back as null.
  return { ...(o as unknown as Verdict), actual: optNumber(r, o.actual, childPath(at, 'actual')), limit: optNumber(r, o.limit, childPath(at, 'limit')) };
}

function targets(r: JsonReader, v: unknown, at: string): TargetResult[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) r.expected(at, 'a list of targets', v);
  return (v as unknown[]).map((t, i) => {
    const p = childPath(at, i);
    const o = r.object(t, p, 'a target result');
    if (!Array.isArray(o.verdicts)) r.expected(childPath(p, 'verdicts'), 'a list of verdicts', o.verdicts);
    return { ...(o as unknown as TargetResult), notices: Array.isArray(o.notices) ? (o.notices as string[]) : [], verdicts: (o.verdicts as unknown[]).map((x, k) => verdict(r, x, childPath(childPath(p, 'verdicts'), k))) };
  });
}

function step(r: JsonReader, v: unknown, at: string): StepReport {
  const o = r.object(v, at, 'a step');
  const name = r.string(o.name, childPath(at, 'name'), 'the step name');
  const sizeBytes = optNumber(r, o.sizeBytes, childPath(at, 'sizeBytes'));
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
    weightBitsSource: o.weightBitsSource === 'given' || o.weightBitsSource === 'model' ? o.weightBitsSource : null,
    ...modelField(r, o.model, childPath(at, 'model')),
    latency: latency(r, o.latency, childPath(at, 'latency')),
    accuracy: numberMap(r, o.accuracy, childPath(at, 'accuracy')),
    engines: (o.engines ?? null) as StepReport['engines'],
    ...startupField(r, o.startup, childPath(at, 'startup')),
    log: (o.log ?? null) as StepReport['log'],
    notes: typeof o.notes === 'string' ? o.notes : null,
    deltas: { baseline: base ?? { sizeBytes: null, p50Ms: null, p99Ms: null, accuracy: new Map() }, previous: deltaSet(r, (d as Record<string, unknown>).previous, childPath(childPath(at, 'deltas'), 'previous')) },
    targets: targets(r, o.targets, childPath(at, 'targets')),
    warnings: Array.isArray(o.warnings) ? (o.warnings as string[]) : [],
  };
}

/** A step's start-up as written (absent or null: the step's traces recorded none). */
function startupField(r: JsonReader, v: unknown, at: string): Pick<StepReport, 'startup'> {
  if (v === undefined || v === null) return {};
  const o = r.object(v, at, 'the start-up phases or null');
  const phase = (k: StartupPhaseName): StartupPhaseMeasurement | null => {
    const x = o[k];
    if (x === undefined || x === null) return null;
    const p = childPath(at, k);
    const q = r.object(x, p, 'a phase ({ count, p50Ms, maxMs }) or null');
    return { count: r.nonNegative(q.count, childPath(p, 'count')), p50Ms: r.nonNegative(q.p50Ms, childPath(p, 'p50Ms')), maxMs: r.nonNegative(q.maxMs, childPath(p, 'maxMs')) };
  };
  const strings = (k: string): string[] => (Array.isArray(o[k]) ? (o[k] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return { startup: { load: phase('load'), compile: phase('compile'), firstPrediction: phase('firstPrediction'), models: strings('models'), tables: strings('tables'), files: strings('files') } };
}

function modelField(r: JsonReader, v: unknown, at: string): Pick<StepReport, 'model'> {
  const model = readModelFactsJson(r, v, at);
  return model ? { model } : {};
}

function budget(r: JsonReader, v: unknown, at: string): ReportBudgetSummary {
  const o = r.object(v, at);
  const lower = new Set<string>();
  if (Array.isArray(o.lowerIsBetter)) for (const m of o.lowerIsBetter) if (typeof m === 'string') lower.add(m);
  const kind = o.sourceKind === 'file' || o.sourceKind === 'inline' || o.sourceKind === 'preset' ? o.sourceKind : undefined;
  return {
    source: optString(r, o.source, childPath(at, 'source')) ?? '',
    ...(kind ? { sourceKind: kind } : {}),
    preset: optString(r, o.preset, childPath(at, 'preset')) ?? null,
    target: optString(r, o.target, childPath(at, 'target')) ?? null,
    sizeBytes: optNumber(r, o.sizeBytes, childPath(at, 'sizeBytes')),
    latencyMs: numberMap(r, o.latencyMs, childPath(at, 'latencyMs')),
    frameStat: optString(r, o.frameStat, childPath(at, 'frameStat')) ?? 'p99',
    overBudgetFrames: optNumber(r, o.overBudgetFrames, childPath(at, 'overBudgetFrames')),
    accuracyDrop: numberMap(r, o.accuracyDrop, childPath(at, 'accuracyDrop')),
    lowerIsBetter: lower,
    unsupportedOps: optNumber(r, o.unsupportedOps, childPath(at, 'unsupportedOps')),
    ...(Array.isArray(o.targets) ? { targets: o.targets as NonNullable<ReportBudgetSummary['targets']> } : {}),
  };
}

function gate(r: JsonReader, v: unknown, at: string): ReportGate {
  const o = r.object(v, at, 'the gate summary');
  if (typeof o.passed !== 'boolean') r.expected(childPath(at, 'passed'), 'true or false', o.passed);
  return { passed: o.passed as boolean, counts: r.object(o.counts, childPath(at, 'counts')) as unknown as GateCounts, targets: Array.isArray(o.targets) ? (o.targets as ReportGate['targets']) : [] };
}
