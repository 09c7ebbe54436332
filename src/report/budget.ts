/**
 * The budget as the report sees it: only the limits it shows (size, latency statistics, frame rate
 * and UI time, share of frames over budget, accuracy drop, unsupported ops). `gate` owns the budget
 * format and validates all of it; this reader takes the keys it needs and leaves the others alone.
 * A value it reads must still have the right type: a wrong one is an error that names the file and
 * the JSON path.
 *
 * `budget` in the manifest is a path to a budget file (relative to the manifest), a preset name, or
 * a budget object. A budget with `targets` (a matrix) shows its first target.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { BYTES_PER_MB } from '../core/units.js';
import { budgetPresetIds, findBudgetPreset, type BudgetPresetFigures } from './budget-presets.js';
import { childPath, JsonReader, parseJsonText } from './json-input.js';
import type { ReportBudgetSummary } from './model.js';

export const BUDGET_WHAT = 'a budget (JSON: { "preset", "sizeMB", "latencyMs", "fps", "accuracyDrop", ... })';

/** Latency statistics a budget may limit. */
export const BUDGET_LATENCY_STATS = ['p50', 'p90', 'p99', 'max', 'mean'] as const;
const LEVELS = ['error', 'warn', 'off'];

export interface FrameBudgetFigures {
  fps: number;
  uiOverheadMs: number;
  perInferenceMs: number;
}

export interface ResolvedReportBudget {
  budget: ReportBudgetSummary;
  frame: FrameBudgetFigures | null;
  warnings: string[];
}

/** A threshold as written: a number, a level, [level] or [level, { max }]. Null max: take the preset's. */
interface Setting {
  off: boolean;
  max: number | null;
}

/** Reads `budget` from a manifest. Null when there is none. */
export async function readReportBudget(raw: unknown, manifest: { file: string; dir: string }): Promise<ResolvedReportBudget | null> {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string') {
    const preset = findBudgetPreset(raw);
    if (preset) return fromTarget(new JsonReader(manifest.file), { preset: raw }, '$.budget', `preset ${raw}`, []);
    const path = isAbsolute(raw) ? raw : resolve(manifest.dir, raw);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : String(e);
      const problem = code === 'ENOENT' ? `no budget file ${JSON.stringify(raw)} and no preset of that name` : `cannot read the budget file ${JSON.stringify(raw)} (${code})`;
      throw new InputError(manifest.file, '$.budget', problem, `a path to a budget JSON file (relative to the manifest) or a preset: ${budgetPresetIds().join(', ')}`);
    }
    return fromDocument(new JsonReader(raw), parseJsonText(text, raw, BUDGET_WHAT), '$', raw);
  }
  return fromDocument(new JsonReader(manifest.file), raw, '$.budget', `${manifest.file}:$.budget`);
}

function fromDocument(r: JsonReader, doc: unknown, at: string, source: string): ResolvedReportBudget {
  const o = r.object(doc, at, BUDGET_WHAT);
  if (o.targets === undefined) return fromTarget(r, o, at, source, []);
  const tp = childPath(at, 'targets');
  if (!Array.isArray(o.targets) || o.targets.length === 0) r.expected(tp, 'a non-empty list of budget targets', o.targets);
  const targets = o.targets as unknown[];
  const first = r.object(targets[0], childPath(tp, 0), 'a budget target object');
  const warnings: string[] = [];
  if (targets.length > 1) {
    const name = typeof first.name === 'string' ? ` "${first.name}"` : '';
    warnings.push(`the budget ${source} has ${targets.length} targets; the report shows the first${name} (gate checks them all)`);
  }
  return fromTarget(r, first, childPath(tp, 0), source, warnings);
}

function fromTarget(r: JsonReader, o: Record<string, unknown>, at: string, source: string, warnings: string[]): ResolvedReportBudget {
  let preset: BudgetPresetFigures | null = null;
  if (o.preset !== undefined) {
    const id = r.string(o.preset, childPath(at, 'preset'), 'a preset name');
    preset = findBudgetPreset(id) ?? r.fail(childPath(at, 'preset'), `unknown preset ${JSON.stringify(id)}`, `one of ${budgetPresetIds().join(', ')}`);
  }
  const size = setting(r, o.sizeMB, childPath(at, 'sizeMB'), 'a size in MB');
  const sizeMB = limit(r, size, preset?.sizeMB, childPath(at, 'sizeMB'));
  const latencyMs = new Map<string, number>();
  if (o.latencyMs !== undefined) {
    const lp = childPath(at, 'latencyMs');
    const lo = r.object(o.latencyMs, lp, 'an object of latency statistic → limit in ms, e.g. { "p99": 25 }');
    for (const stat of BUDGET_LATENCY_STATS) {
      const s = setting(r, lo[stat], childPath(lp, stat), 'a latency in ms');
      const v = limit(r, s, undefined, childPath(lp, stat));
      if (v !== null) latencyMs.set(stat, v);
    }
  }
  const fps = fpsSetting(r, o.fps, childPath(at, 'fps'));
  const fpsValue = fps.off ? null : (fps.min ?? preset?.fps ?? null);
  const ui = o.uiOverheadMs === undefined ? (preset?.uiOverheadMs ?? 0) : r.nonNegative(o.uiOverheadMs, childPath(at, 'uiOverheadMs'), 'a time in ms (a number >= 0)');
  let frame: FrameBudgetFigures | null = null;
  if (fpsValue !== null) {
    const perInferenceMs = 1000 / fpsValue - ui;
    if (!(perInferenceMs > 0)) {
      r.fail(childPath(at, 'uiOverheadMs'), `uiOverheadMs ${ui} ms leaves no time for the model at ${fpsValue} fps (${(1000 / fpsValue).toFixed(1)} ms per frame)`);
    }
    frame = { fps: fpsValue, uiOverheadMs: ui, perInferenceMs };
  }
  const over = setting(r, o.overBudgetFrames, childPath(at, 'overBudgetFrames'), 'a share of inferences (0 to 1)');
  const accuracyDrop = new Map<string, number>();
  if (o.accuracyDrop !== undefined) {
    const ap = childPath(at, 'accuracyDrop');
    const ao = r.object(o.accuracyDrop, ap, 'an object of metric → largest drop, e.g. { "top1": 1.0 }');
    for (const [metric, v] of Object.entries(ao)) {
      const lim = limit(r, setting(r, v, childPath(ap, metric), 'a drop in the metric\'s units'), undefined, childPath(ap, metric));
      if (lim !== null) accuracyDrop.set(metric, lim);
    }
  }
  const lowerIsBetter = new Set<string>();
  if (o.lowerIsBetter !== undefined) {
    const lp = childPath(at, 'lowerIsBetter');
    if (!Array.isArray(o.lowerIsBetter)) r.expected(lp, 'a list of metric names', o.lowerIsBetter);
    (o.lowerIsBetter as unknown[]).forEach((m, i) => lowerIsBetter.add(r.string(m, childPath(lp, i), 'a metric name')));
  }
  const ops = setting(r, o.unsupportedOps, childPath(at, 'unsupportedOps'), 'a count of ops');
  return {
    budget: {
      source,
      preset: preset?.id ?? null,
      target: typeof o.name === 'string' ? o.name : null,
      sizeBytes: sizeMB === null ? null : Math.round(sizeMB * BYTES_PER_MB),
      latencyMs,
      frameStat: fps.stat ?? 'p99',
      overBudgetFrames: limit(r, over, undefined, childPath(at, 'overBudgetFrames')),
      accuracyDrop,
      lowerIsBetter,
      unsupportedOps: limit(r, ops, undefined, childPath(at, 'unsupportedOps')),
    },
    frame,
    warnings,
  };
}

function setting(r: JsonReader, v: unknown, at: string, what: string): Setting | null {
  if (v === undefined) return null;
  const expected = `${what} (a number >= 0) or ["error"|"warn"|"off", { "max": N }]`;
  if (typeof v === 'number') return { off: false, max: r.nonNegative(v, at, expected) };
  if (typeof v === 'string' && LEVELS.includes(v)) return { off: v === 'off', max: null };
  if (Array.isArray(v) && typeof v[0] === 'string' && LEVELS.includes(v[0]) && v.length <= 2) {
    if (v[0] === 'off') return { off: true, max: null };
    if (v.length === 1) return { off: false, max: null };
    const opts = r.object(v[1], childPath(at, 1), 'an options object ({ "max": N })');
    return { off: false, max: opts.max === undefined ? null : r.nonNegative(opts.max, childPath(childPath(at, 1), 'max'), `${what} (a number >= 0)`) };
  }
  return r.expected(at, expected, v);
}

/** The limit of a setting, the preset's when the setting gives only a level. */
function limit(r: JsonReader, s: Setting | null, presetValue: number | undefined, at: string): number | null {
  if (s === null) return presetValue ?? null;
  if (s.off) return null;
  if (s.max !== null) return s.max;
  if (presetValue !== undefined) return presetValue;
  return r.fail(at, 'a level without a limit', '[level, { "max": N }] or a preset that sets this limit');
}

function fpsSetting(r: JsonReader, v: unknown, at: string): { off: boolean; min: number | null; stat: string | null } {
  if (v === undefined) return { off: false, min: null, stat: null };
  const expected = 'a frame rate (a number > 0) or ["error"|"warn"|"off", { "min": 30, "stat": "p99" }]';
  if (typeof v === 'number') return { off: false, min: r.positive(v, at, expected), stat: null };
  if (typeof v === 'string' && LEVELS.includes(v)) return { off: v === 'off', min: null, stat: null };
  if (Array.isArray(v) && typeof v[0] === 'string' && LEVELS.includes(v[0]) && v.length <= 2) {
    if (v[0] === 'off') return { off: true, min: null, stat: null };
    if (v.length === 1) return { off: false, min: null, stat: null };
    const op = childPath(at, 1);
    const opts = r.object(v[1], op, 'an options object ({ "min": 30, "stat": "p99" })');
    const min = opts.min === undefined ? null : r.positive(opts.min, childPath(op, 'min'), 'a frame rate (a number > 0)');
    let stat: string | null = null;
    if (opts.stat !== undefined) {
      if (typeof opts.stat !== 'string' || !(BUDGET_LATENCY_STATS as readonly string[]).includes(opts.stat)) {
        r.expected(childPath(op, 'stat'), BUDGET_LATENCY_STATS.map((s) => JSON.stringify(s)).join(', '), opts.stat);
      }
      stat = opts.stat as string;
    }
    return { off: false, min, stat };
  }
  return r.expected(at, expected, v);
}
