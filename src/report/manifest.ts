/**
 * The pipeline manifest: read, validated by hand (typed, every error names the file, the JSON path
 * and what was expected) and resolved (paths against the manifest's folder, metrics into Maps).
 * schemas/pipeline.schema.json describes the same format for editors; a test keeps the two in
 * agreement. Unknown keys are errors: a typo must not silently drop a measurement.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { openText, STDIN_NAME } from '../core/input.js';
import { childPath, JsonReader, parseJsonText } from '../core/json.js';
import type { GivenLatency, ResolvedManifest, ResolvedPath, ResolvedStep } from './model.js';

export const MANIFEST_WHAT = 'a pipeline manifest (JSON: { "model", "steps": [{ "name", ... }] })';

/** Keys of the manifest root and of a step, in the order the docs list them. */
export const ROOT_KEYS = ['$schema', '$comment', 'description', 'model', 'device', 'budget', 'steps'] as const;
export const STEP_KEYS = [
  '$comment',
  'name',
  'description',
  'model',
  'sizeBytes',
  'weightBits',
  'trace',
  'interval',
  'acceptTruncated',
  'latencyMs',
  'accuracy',
  'log',
  'notes',
] as const;
export const LATENCY_SUMMARY_KEYS = ['p50', 'p90', 'p99', 'max', 'mean', 'count'] as const;

/** Model files whose size is measured on disk. */
export const MODEL_EXTENSIONS = ['.mlpackage', '.mlmodel', '.mlmodelc'] as const;

/** The largest manifest read (latency lists can be long, but not this long). */
const MAX_MANIFEST_CHARS = 64 * 1024 * 1024;

export interface LoadManifestOptions {
  /** The name used in messages (the path as the user typed it). */
  displayName?: string;
  /** The stream `-` reads. */
  stdin?: NodeJS.ReadableStream;
  /** Where relative paths of a manifest read from stdin resolve (default: the process's cwd). */
  cwd?: string;
}

/** Reads, validates and resolves a manifest file (or `-` for stdin). Throws InputError (exit 2). */
export async function loadManifest(path: string, opts: LoadManifestOptions = {}): Promise<ResolvedManifest> {
  const input = await openText(path, { what: MANIFEST_WHAT, stdin: opts.stdin, displayName: opts.displayName });
  let text = '';
  for await (const chunk of input.chunks) {
    text += chunk;
    if (text.length > MAX_MANIFEST_CHARS) {
      throw new InputError(input.name, undefined, `the manifest is larger than ${MAX_MANIFEST_CHARS / 1024 / 1024} MB`, 'a manifest; keep long latency lists in a trace export');
    }
  }
  const dir = path === '-' ? (opts.cwd ?? process.cwd()) : dirname(resolve(path));
  return validateManifest(parseJsonText(text, input.name, MANIFEST_WHAT), input.name === STDIN_NAME ? STDIN_NAME : input.name, dir);
}

/** Validates a parsed manifest and resolves its paths against `dir`. Pure: no file is read. */
export function validateManifest(doc: unknown, file: string, dir: string): ResolvedManifest {
  const r = new JsonReader(file);
  const root = r.object(doc, '$', 'a manifest object ({ "model", "steps": [...] })');
  r.knownKeys(root, '$', ROOT_KEYS);
  const path = (v: unknown, at: string): ResolvedPath => {
    const display = r.string(v, at, 'a path (relative to the manifest)');
    return { path: isAbsolute(display) ? display : resolve(dir, display), display, jsonPath: at };
  };
  const model = root.model === undefined ? null : modelPath(r, path(root.model, '$.model'));
  const device = root.device === undefined ? null : r.string(root.device, '$.device', 'a device name (a string)');
  if (root.budget !== undefined && typeof root.budget !== 'string' && (typeof root.budget !== 'object' || root.budget === null || Array.isArray(root.budget))) {
    r.expected('$.budget', 'a budget: a path to a budget file, a preset name, or a budget object', root.budget);
  }
  if (root.steps === undefined) r.fail('$', 'the manifest has no "steps"', 'a list of steps: "steps": [{ "name": "fp32", ... }]');
  if (!Array.isArray(root.steps)) r.expected('$.steps', 'a list of steps', root.steps);
  const rawSteps = root.steps as unknown[];
  if (rawSteps.length === 0) r.fail('$.steps', 'the list of steps is empty', 'at least one step (the first is the baseline)');
  const warnings: string[] = [];
  const names = new Map<string, number>();
  const steps = rawSteps.map((s, i) => {
    const step = validateStep(r, s, i, path);
    const seen = names.get(step.name);
    if (seen !== undefined) r.fail(childPath(step.jsonPath, 'name'), `the step name ${JSON.stringify(step.name)} is also the name of step ${seen + 1}`, 'a name no other step has (budgets and gate select steps by name)');
    names.set(step.name, i);
    if (!step.model && step.sizeBytes === null && step.trace.length === 0 && !step.latencyMs && step.accuracy.size === 0 && !step.log) {
      warnings.push(`step "${step.name}" (${step.jsonPath}) names nothing to measure: give it a model, sizeBytes, trace, latencyMs, accuracy or log`);
    }
    return step;
  });
  return { file, dir, model, device, budget: root.budget, steps, warnings };
}

function modelPath(r: JsonReader, p: ResolvedPath): ResolvedPath {
  const lower = p.display.toLowerCase().replace(/[/\\]+$/, '');
  if (!MODEL_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    r.fail(p.jsonPath, `${JSON.stringify(p.display)} is not a Core ML model`, `a path to an ${MODEL_EXTENSIONS.join(', ')} (or "sizeBytes" when there is no model file)`);
  }
  return p;
}

function validateStep(r: JsonReader, v: unknown, index: number, path: (v: unknown, at: string) => ResolvedPath): ResolvedStep {
  const at = childPath('$.steps', index);
  const o = r.object(v, at, 'a step object ({ "name": "int8", ... })');
  r.knownKeys(o, at, STEP_KEYS);
  if (o.name === undefined) r.fail(at, 'the step has no "name"', 'a name such as "fp32" or "int8"');
  const name = r.string(o.name, childPath(at, 'name'), 'a step name (a non-empty string)');
  const optString = (key: string, what: string) => (o[key] === undefined ? null : r.string(o[key], childPath(at, key), what));

  let trace: ResolvedPath[] = [];
  if (o.trace !== undefined) {
    const tp = childPath(at, 'trace');
    if (Array.isArray(o.trace)) {
      if (o.trace.length === 0) r.expected(tp, 'a path to an xctrace export, or a non-empty list of them', o.trace);
      trace = o.trace.map((t, k) => path(t, childPath(tp, k)));
    } else {
      trace = [path(o.trace, tp)];
    }
  }
  let sizeBytes: number | null = null;
  if (o.sizeBytes !== undefined) {
    const sp = childPath(at, 'sizeBytes');
    sizeBytes = r.positive(o.sizeBytes, sp, 'a size in bytes (a whole number > 0; 1 MB = 1000000)');
    if (!Number.isInteger(sizeBytes)) r.expected(sp, 'a size in bytes (a whole number > 0; 1 MB = 1000000)', o.sizeBytes);
  }
  let weightBits: number | null = null;
  if (o.weightBits !== undefined) {
    const wp = childPath(at, 'weightBits');
    const what = 'the bits per weight of this model: 32 (fp32), 16 (fp16), 8, 6, 4, ...';
    weightBits = r.number(o.weightBits, wp, what);
    if (!Number.isInteger(weightBits) || weightBits < 1 || weightBits > 32) r.expected(wp, what, o.weightBits);
  }
  const interval = optString('interval', 'the label of the intervals that are the inferences (a string)');
  if (interval !== null && trace.length === 0) r.fail(childPath(at, 'interval'), '"interval" without a "trace"', 'a "trace" whose intervals the label selects');
  const acceptTruncated = o.acceptTruncated === undefined ? false : o.acceptTruncated;
  if (typeof acceptTruncated !== 'boolean') r.expected(childPath(at, 'acceptTruncated'), 'true (measure a truncated trace from its complete rows) or false', o.acceptTruncated);
  if (acceptTruncated && trace.length === 0) r.fail(childPath(at, 'acceptTruncated'), '"acceptTruncated" without a "trace"', 'a "trace" it applies to');
  return {
    name,
    index,
    jsonPath: at,
    description: optString('description', 'a description (a string)'),
    log: o.log === undefined ? null : path(o.log, childPath(at, 'log')),
    trace,
    interval,
    acceptTruncated,
    model: o.model === undefined ? null : modelPath(r, path(o.model, childPath(at, 'model'))),
    sizeBytes,
    latencyMs: o.latencyMs === undefined ? null : latency(r, o.latencyMs, childPath(at, 'latencyMs')),
    accuracy: accuracy(r, o.accuracy, childPath(at, 'accuracy')),
    notes: optString('notes', 'notes (a string)'),
    weightBits,
  };
}

const LATENCY_EXPECTED = 'an array of numbers or an object with p50/p90/p99/max';

function latency(r: JsonReader, v: unknown, at: string): GivenLatency {
  if (Array.isArray(v)) {
    if (v.length === 0) r.expected(at, `${LATENCY_EXPECTED} (the list is empty)`, v);
    const samplesMs = v.map((x, i) => r.nonNegative(x, childPath(at, i), 'a latency in ms (a number >= 0)'));
    return { kind: 'samples', samplesMs };
  }
  if (typeof v !== 'object' || v === null) r.expected(at, LATENCY_EXPECTED, v);
  const o = v as Record<string, unknown>;
  r.knownKeys(o, at, LATENCY_SUMMARY_KEYS);
  const get = (k: (typeof LATENCY_SUMMARY_KEYS)[number]) => (o[k] === undefined ? null : r.nonNegative(o[k], childPath(at, k), 'a latency in ms (a number >= 0)'));
  const s = { p50Ms: get('p50'), p90Ms: get('p90'), p99Ms: get('p99'), maxMs: get('max'), meanMs: get('mean') };
  let count: number | null = null;
  if (o.count !== undefined) {
    count = r.positive(o.count, childPath(at, 'count'), 'the number of inferences measured (a whole number > 0)');
    if (!Number.isInteger(count)) r.expected(childPath(at, 'count'), 'the number of inferences measured (a whole number > 0)', o.count);
  }
  if (s.p50Ms === null && s.p90Ms === null && s.p99Ms === null && s.maxMs === null) r.expected(at, LATENCY_EXPECTED, v);
  const order: [string, number | null][] = [
    ['p50', s.p50Ms],
    ['p90', s.p90Ms],
    ['p99', s.p99Ms],
    ['max', s.maxMs],
  ];
  let prev: [string, number] | null = null;
  for (const [k, val] of order) {
    if (val === null) continue;
    if (prev && val < prev[1]) r.fail(childPath(at, k), `${k} (${val}) is below ${prev[0]} (${prev[1]})`, 'p50 <= p90 <= p99 <= max');
    prev = [k, val];
  }
  return { kind: 'summary', ...s, count };
}

function accuracy(r: JsonReader, v: unknown, at: string): Map<string, number> {
  const m = new Map<string, number>();
  if (v === undefined) return m;
  const o = r.object(v, at, 'an object of metric → value, e.g. { "top1": 71.9 }');
  for (const [k, val] of Object.entries(o)) {
    if (k.trim() === '') r.fail(childPath(at, k), 'an empty metric name', 'a metric name such as "top1"');
    m.set(k, r.number(val, childPath(at, k), 'the metric\'s value (a number)'));
  }
  return m;
}
