/**
 * Reads the JSON that `coreml-doctor report --json` writes (src/report/model.ts, schemaVersion 1)
 * back into step measurements, for `gate --report` and `gate --baseline`. Only what the gate uses is
 * checked, each with its JSON path; fields added by newer versions are ignored (the contract adds
 * fields, never renames them). Metric names go into Maps.
 */
import type { Category, Outcome } from '../convlog/model.js';
import { InputError } from '../core/errors.js';
import { REPORT_SCHEMA_VERSION, type LatencySummary, type LogSummary, type StepMeasurement } from '../report/model.js';
import { childPath, describeValue } from './json-path.js';

export const REPORT_WHAT = 'the JSON of `coreml-doctor report --json`';

export interface ReportSteps {
  /** The manifest the report was made from, as `report` was given it (relative to where it ran). */
  source: string | null;
  model: string | null;
  device: string | null;
  steps: StepMeasurement[];
}

class R {
  constructor(readonly file: string) {}
  bad(path: string, expected: string, got: unknown): never {
    throw new InputError(this.file, path, `expected ${expected}, got ${describeValue(got)}`);
  }
  obj(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.bad(path, 'an object', v);
    return v as Record<string, unknown>;
  }
  optNum(v: unknown, path: string): number | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.bad(path, 'a number or null', v);
    return v as number;
  }
  optStr(v: unknown, path: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.bad(path, 'a string or null', v);
    return v as string;
  }
  nums(v: unknown, path: string): number[] {
    if (!Array.isArray(v)) this.bad(path, 'a list of numbers', v);
    const arr = v as unknown[];
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) this.bad(childPath(path, i), 'a number', x);
    }
    return arr as number[];
  }
}

function latency(r: R, v: unknown, path: string): LatencySummary | null {
  if (v === undefined || v === null) return null;
  const o = r.obj(v, path);
  const num = (k: string) => r.optNum(o[k], childPath(path, k));
  const source = o.source === 'trace' || o.source === 'samples' || o.source === 'given' ? o.source : 'given';
  const out: LatencySummary = {
    source,
    count: num('count'),
    meanMs: num('meanMs'),
    p50Ms: num('p50Ms'),
    p90Ms: num('p90Ms'),
    p99Ms: num('p99Ms'),
    maxMs: num('maxMs'),
    overBudgetShare: num('overBudgetShare'),
  };
  if (o.samplesMs !== undefined && o.samplesMs !== null) out.samplesMs = r.nums(o.samplesMs, childPath(path, 'samplesMs'));
  return out;
}

/** Accuracy as an object ({"top1": 0.76}), a list of [name, value] pairs or of {metric|name, value}. */
function accuracy(r: R, v: unknown, path: string): Map<string, number> {
  const out = new Map<string, number>();
  if (v === undefined || v === null) return out;
  const put = (name: unknown, value: unknown, p: string) => {
    if (typeof name !== 'string') r.bad(p, 'a metric name', name);
    if (typeof value !== 'number' || !Number.isFinite(value)) r.bad(p, 'a number', value);
    out.set(name as string, value as number);
  };
  if (Array.isArray(v)) {
    v.forEach((e, i) => {
      const p = childPath(path, i);
      if (Array.isArray(e) && e.length === 2) put(e[0], e[1], p);
      else {
        const o = r.obj(e, p);
        put(o.metric ?? o.name, o.value, p);
      }
    });
    return out;
  }
  for (const [k, value] of Object.entries(r.obj(v, path))) put(k, value, childPath(path, k));
  return out;
}

function log(r: R, v: unknown, path: string): LogSummary | null {
  if (v === undefined || v === null) return null;
  const o = r.obj(v, path);
  const list = (k: string, pick: (e: unknown, p: string) => string): string[] => {
    const p = childPath(path, k);
    if (o[k] === undefined || o[k] === null) return [];
    if (!Array.isArray(o[k])) r.bad(p, 'a list', o[k]);
    return (o[k] as unknown[]).map((e, i) => pick(e, childPath(p, i)));
  };
  const str = (e: unknown, p: string) => (typeof e === 'string' ? e : r.bad(p, 'a string', e));
  // unsupportedOps: names, or the `log --json` objects ({op, ...}).
  const opName = (e: unknown, p: string) => (typeof e === 'string' ? e : typeof e === 'object' && e !== null && typeof (e as { op?: unknown }).op === 'string' ? (e as { op: string }).op : r.bad(p, 'an op name', e));
  const outcome = o.outcome === 'converted' || o.outcome === 'failed' ? o.outcome : ('unknown' as Outcome);
  return {
    outcome,
    unsupportedOps: list('unsupportedOps', opName),
    errors: r.optNum(o.errors, childPath(path, 'errors')) ?? 0,
    warnings: r.optNum(o.warnings, childPath(path, 'warnings')) ?? 0,
    categories: list('categories', str) as Category[],
  };
}

function step(r: R, v: unknown, path: string): StepMeasurement {
  const o = r.obj(v, path);
  if (typeof o.name !== 'string' || o.name === '') r.bad(childPath(path, 'name'), 'the step name (a string)', o.name);
  const sizeBytes = r.optNum(o.sizeBytes, childPath(path, 'sizeBytes'));
  return {
    name: o.name as string,
    sizeBytes,
    sizeSource: o.sizeSource === 'model' || o.sizeSource === 'given' ? o.sizeSource : sizeBytes === null ? null : 'given',
    latency: latency(r, o.latency, childPath(path, 'latency')),
    accuracy: accuracy(r, o.accuracy, childPath(path, 'accuracy')),
    engines: null,
    log: log(r, o.log, childPath(path, 'log')),
    notes: r.optStr(o.notes, childPath(path, 'notes')),
  };
}

export function parseReportJson(value: unknown, file: string): ReportSteps {
  const r = new R(file);
  const o = r.obj(value, '$');
  if (o.schemaVersion === undefined) throw new InputError(file, '$', 'no "schemaVersion": this is not a report JSON', REPORT_WHAT);
  if (typeof o.schemaVersion !== 'number') r.bad('$.schemaVersion', 'a number', o.schemaVersion);
  if ((o.schemaVersion as number) > REPORT_SCHEMA_VERSION) {
    throw new InputError(file, '$.schemaVersion', `schemaVersion ${String(o.schemaVersion)} is newer than this coreml-doctor reads (${REPORT_SCHEMA_VERSION})`, 'a report from this version of coreml-doctor or older (upgrade coreml-doctor)');
  }
  if (!Array.isArray(o.steps)) {
    throw new InputError(file, '$.steps', `expected a list of steps, got ${describeValue(o.steps)}${o.unsupportedOps !== undefined ? ' (this looks like `log --json` output)' : ''}`, REPORT_WHAT);
  }
  const steps = (o.steps as unknown[]).map((s, i) => step(r, s, `$.steps[${i}]`));
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (seen.has(s.name)) throw new InputError(file, `$.steps[${i}].name`, `a second step named ${JSON.stringify(s.name)}`, 'unique step names');
    seen.add(s.name);
  });
  return { source: r.optStr(o.source, '$.source'), model: r.optStr(o.model, '$.model'), device: r.optStr(o.device, '$.device'), steps };
}
