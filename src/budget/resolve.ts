/**
 * From a validated budget to what the engine evaluates: the frame budget derived (1000 / fps −
 * uiOverheadMs, from the target or its preset), each row's value resolved by its form (presets merged
 * field by field: the budget's value wins, a level alone keeps the preset's limit), and regression
 * limits filled from each regression row's defaults.
 */
import { InputError } from '../core/errors.js';
import { BUDGET_ROWS, type RowTable } from './assertions.js';
import type { ResolveContext } from './forms/form.js';
import type { Budget, BudgetSource, FrameBudget, Level, RegressionSpec, ResolvedTarget } from './model.js';
import { findPreset, presetIds, type Preset } from './presets.js';
import { REGRESSION_ROWS } from './regressions.js';
import { emptyTarget, suggest, type ParsedBudget, type ParsedTarget } from './validate.js';

/** Regression limits when --baseline is given and the budget does not set them (docs/gate.md): each regression row's defaults. */
export const REGRESSION_DEFAULTS: readonly Omit<RegressionSpec, 'origin' | 'message' | 'explicit'>[] = REGRESSION_ROWS.map((r) => ({
  kind: r.kind,
  ...r.defaults,
  ...(r.options.includes('metrics') ? { metrics: null } : {}),
}));

function resolvePreset(file: string, t: ParsedTarget): Preset | null {
  if (t.preset === null) return null;
  const p = findPreset(t.preset);
  if (!p) {
    const s = suggest(t.preset, presetIds());
    throw new InputError(file, t.presetPath, `unknown preset ${JSON.stringify(t.preset)}${s ? `; did you mean ${JSON.stringify(s)}?` : ''}`, `one of ${presetIds().join(', ')} (coreml-doctor gate --list-presets)`);
  }
  return p;
}

/** The target's frame budget: the rate its frame-rate row sets (or the preset's), less uiOverheadMs. */
function frameOf(t: ParsedTarget, preset: Preset | null, table: RowTable, fail: (path: string, problem: string) => never): FrameBudget | null {
  let rate: { fps: number | null; path: string; level: Level | null } | null = null;
  for (const row of table.rows) {
    const parsed = t.assertions.get(row.key);
    if (row.form.frameRate && parsed !== undefined) rate = row.form.frameRate(parsed);
  }
  const uiSetting = t.settings.get('uiOverheadMs') ?? null;
  const fps = rate?.fps ?? preset?.fps?.value;
  const ui = uiSetting?.value ?? preset?.uiOverheadMs?.value ?? 0;
  if (fps === undefined) {
    if (uiSetting) fail(uiSetting.path, 'uiOverheadMs without a frame rate: set "fps" too (or a preset that sets it)');
    if (rate) fail(rate.path, `no frame rate: write [${JSON.stringify(rate.level)}, {"min": 30}] (or use a preset that sets fps)`);
    return null;
  }
  const perInferenceMs = 1000 / fps - ui;
  if (!(perInferenceMs > 0)) {
    fail(uiSetting?.path ?? rate?.path ?? t.presetPath, `uiOverheadMs ${ui} ms leaves no time for the model at ${fps} fps (${(1000 / fps).toFixed(1)} ms per frame)`);
  }
  return { fps, uiOverheadMs: ui, perInferenceMs };
}

function regressions(file: string, t: ParsedTarget): RegressionSpec[] {
  const out: RegressionSpec[] = [];
  for (const row of REGRESSION_ROWS) {
    const p = t.regression?.get(row.key) ?? null;
    const d = row.defaults;
    const level: Level = p?.level ?? d.level;
    if (level === 'off') continue;
    const spec: RegressionSpec = {
      kind: row.kind,
      level,
      explicit: p !== null,
      relative: p?.relative ?? d.relative,
      absolute: p?.absolute ?? d.absolute,
      message: p?.message ?? null,
      origin: p ? `${file}:${p.path}` : 'regression defaults',
    };
    if (row.options.includes('stats')) spec.stats = p?.stats ?? d.stats ?? [];
    if (row.options.includes('metrics')) spec.metrics = p?.metrics ?? null;
    out.push(spec);
  }
  return out;
}

/** A written setting that is not off (the forms' parsed values carry their level and path). */
function isAsked(parsed: unknown): parsed is { level: Level | null; path: string } {
  return typeof parsed === 'object' && parsed !== null && 'path' in parsed && 'level' in parsed && (parsed as { level: unknown }).level !== 'off';
}

export function resolveTarget(file: string, t: ParsedTarget, index: number, matrix: boolean, table: RowTable = BUDGET_ROWS): ResolvedTarget {
  const preset = resolvePreset(file, t);
  const fail = (path: string, problem: string): never => {
    throw new InputError(file, path, problem);
  };
  const frame = frameOf(t, preset, table, fail);
  const ctx: ResolveContext = {
    file,
    preset,
    frame,
    origin: (path, fromPreset) => `${file}:${path}` + (fromPreset && preset ? ` (limit from preset ${preset.id})` : ''),
    fail,
  };
  const assertions = table.rows.flatMap((row) => {
    const parsed = t.assertions.get(row.key) ?? null;
    if (row.needsFrame && !frame && isAsked(parsed)) fail(parsed.path, row.needsFrame);
    return row.form.resolve(row, parsed, ctx);
  });
  const regs = regressions(file, t);
  return {
    name: t.name ?? preset?.id ?? (matrix ? `target ${index + 1}` : 'budget'),
    path: t.path,
    preset: preset?.id ?? null,
    step: t.step,
    baselineStep: t.baselineStep,
    lowerIsBetter: new Set(t.lowerIsBetter),
    frame,
    assertions,
    regressions: regs,
    regressionsExplicit: regs.some((r) => r.explicit),
  };
}

export function resolveBudget(parsed: ParsedBudget, source: BudgetSource = { kind: 'file', file: parsed.file }, table: RowTable = BUDGET_ROWS): Budget {
  const seen = new Map<string, string>();
  const targets = parsed.targets.map((t, i) => {
    const rt = resolveTarget(parsed.file, t, i, parsed.matrix, table);
    const before = seen.get(rt.name);
    if (before !== undefined) {
      throw new InputError(parsed.file, t.path, `a second target named ${JSON.stringify(rt.name)} (the first is ${before})`, 'a unique "name" per target');
    }
    seen.set(rt.name, t.path);
    return rt;
  });
  return { file: parsed.file, source, targets };
}

/** A budget made of one preset, for `gate --preset ID` without a budget file. */
export function presetBudget(id: string): Budget {
  const parsed = { ...emptyTarget('--preset', ''), preset: id };
  return { file: `--preset ${id}`, source: { kind: 'presets', ids: [id] }, targets: [resolveTarget('--preset', parsed, 0, false)] };
}

/** A budget of several presets (`--preset a,b`): one target each. */
export function presetsBudget(ids: readonly string[]): Budget {
  return { file: `--preset ${ids.join(',')}`, source: { kind: 'presets', ids: [...ids] }, targets: ids.flatMap((id) => presetBudget(id).targets) };
}
