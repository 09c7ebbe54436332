/**
 * From a validated budget to what the engine evaluates: presets merged in field by field (the
 * budget's value wins, a level alone keeps the preset's limit), the frame budget derived
 * (1000 / fps − uiOverheadMs), and regression limits filled from the defaults below.
 */
import { InputError } from '../core/errors.js';
import {
  LATENCY_STATS,
  type AssertionKindId,
  type AssertionSpec,
  type Budget,
  type FrameBudget,
  type Level,
  type RegressionSpec,
  type ResolvedTarget,
} from './model.js';
import { findPreset, presetIds, type Preset } from './presets.js';
import { emptyTarget, suggest, type ParsedBudget, type ParsedRegressionSetting, type ParsedSetting, type ParsedTarget } from './validate.js';

/** Regression limits when --baseline is given and the budget does not set them (docs/gate.md). */
export const REGRESSION_DEFAULTS: readonly Omit<RegressionSpec, 'origin' | 'message'>[] = [
  { kind: 'regression.sizeMB', level: 'error', relative: 0.05, absolute: 0.05 },
  { kind: 'regression.latencyMs', level: 'error', relative: 0.1, absolute: 1, stats: ['p50', 'p99'] },
  { kind: 'regression.accuracy', level: 'error', relative: 0.005, absolute: 0, metrics: null },
  { kind: 'regression.unsupportedOps', level: 'error', relative: 0, absolute: 0 },
];

/** The stat the fps assertion checks unless the budget says otherwise: the worst frames matter. */
export const DEFAULT_FPS_STAT = 'p99';

class Resolver {
  constructor(
    readonly file: string,
    readonly t: ParsedTarget,
    readonly preset: Preset | null,
  ) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.file, path, problem);
  }

  origin(path: string, limitFromPreset: boolean): string {
    return `${this.file}:${path}` + (limitFromPreset && this.preset ? ` (limit from preset ${this.preset.id})` : '');
  }

  /** Merges one threshold with the preset's value; null when it is off or absent. */
  max(kind: AssertionKindId, key: string | null, parsed: ParsedSetting | null, presetValue: number | undefined): AssertionSpec | null {
    if (!parsed) {
      if (presetValue === undefined || !this.preset) return null;
      return { kind, key, level: 'error', limit: presetValue, message: null, origin: `preset ${this.preset.id}` };
    }
    const level: Level = parsed.level ?? 'error';
    if (level === 'off') return null;
    const limit = parsed.max ?? presetValue;
    if (limit === undefined) {
      this.fail(parsed.path, `${JSON.stringify(level)} without a limit: write [${JSON.stringify(level)}, {"max": N}]${this.preset ? ` (preset ${this.preset.id} does not set one)` : ' or use a preset that sets one'}`);
    }
    return { kind, key, level, limit, message: parsed.message, origin: this.origin(parsed.path, parsed.max === null) };
  }

  frame(): FrameBudget | null {
    const fps = this.t.fps?.min ?? this.preset?.fps?.value;
    const ui = this.t.uiOverheadMs?.value ?? this.preset?.uiOverheadMs?.value ?? 0;
    if (fps === undefined) {
      if (this.t.uiOverheadMs) this.fail(this.t.uiOverheadMs.path, 'uiOverheadMs without a frame rate: set "fps" too (or a preset that sets it)');
      if (this.t.fps) this.fail(this.t.fps.path, `no frame rate: write [${JSON.stringify(this.t.fps.level)}, {"min": 30}] (or use a preset that sets fps)`);
      return null;
    }
    const perInferenceMs = 1000 / fps - ui;
    if (!(perInferenceMs > 0)) {
      this.fail(this.t.uiOverheadMs?.path ?? this.t.fps?.path ?? this.t.presetPath, `uiOverheadMs ${ui} ms leaves no time for the model at ${fps} fps (${(1000 / fps).toFixed(1)} ms per frame)`);
    }
    return { fps, uiOverheadMs: ui, perInferenceMs };
  }

  assertions(frame: FrameBudget | null): AssertionSpec[] {
    const t = this.t;
    const out: AssertionSpec[] = [];
    const push = (s: AssertionSpec | null) => {
      if (s) out.push(s);
    };
    push(this.max('sizeMB', null, t.sizeMB, this.preset?.sizeMB?.value));
    for (const stat of LATENCY_STATS) push(this.max('latencyMs', stat, t.latencyMs.get(stat) ?? null, undefined));
    if (frame) {
      const level: Level = t.fps?.level ?? 'error';
      if (level !== 'off') {
        out.push({
          kind: 'fps',
          key: null,
          level,
          limit: frame.perInferenceMs,
          message: t.fps?.message ?? null,
          origin: t.fps ? this.origin(t.fps.path, t.fps.min === null) : `preset ${this.preset?.id ?? ''}`,
          stat: t.fps?.stat ?? DEFAULT_FPS_STAT,
          fps: frame.fps,
        });
      }
    }
    if (t.overBudgetFrames && (t.overBudgetFrames.level ?? 'error') !== 'off' && !frame) {
      this.fail(t.overBudgetFrames.path, 'overBudgetFrames needs a frame budget: set "fps" (and "uiOverheadMs"), or a preset');
    }
    push(this.max('overBudgetFrames', null, t.overBudgetFrames, undefined));
    for (const [metric, setting] of t.accuracyDrop) push(this.max('accuracyDrop', metric, setting, undefined));
    push(this.max('unsupportedOps', null, t.unsupportedOps, undefined));
    if (t.forbid) {
      const level: Level = t.forbid.level ?? 'error';
      if (level !== 'off') {
        if (!t.forbid.categories) this.fail(t.forbid.path, `${JSON.stringify(level)} without categories: write [${JSON.stringify(level)}, {"categories": ["unsupported-op"]}]`);
        for (const c of new Set(t.forbid.categories)) {
          out.push({ kind: 'forbid', key: c, level, limit: 0, message: t.forbid.message, origin: this.origin(t.forbid.path, false) });
        }
      }
    }
    return out;
  }

  regressions(): RegressionSpec[] {
    const r = this.t.regression;
    const out: RegressionSpec[] = [];
    for (const d of REGRESSION_DEFAULTS) {
      const key = d.kind.slice('regression.'.length) as 'sizeMB' | 'latencyMs' | 'accuracy' | 'unsupportedOps';
      const p: ParsedRegressionSetting | null = r ? r[key] : null;
      const level: Level = p?.level ?? d.level;
      if (level === 'off') continue;
      const spec: RegressionSpec = {
        kind: d.kind,
        level,
        relative: p?.relative ?? d.relative,
        absolute: p?.absolute ?? d.absolute,
        message: p?.message ?? null,
        origin: p ? `${this.file}:${p.path}` : 'regression defaults',
      };
      if (d.kind === 'regression.latencyMs') spec.stats = p?.stats ?? d.stats ?? [];
      if (d.kind === 'regression.accuracy') spec.metrics = p?.metrics ?? null;
      out.push(spec);
    }
    return out;
  }
}

function resolvePreset(file: string, t: ParsedTarget): Preset | null {
  if (t.preset === null) return null;
  const p = findPreset(t.preset);
  if (!p) {
    const s = suggest(t.preset, presetIds());
    throw new InputError(file, t.presetPath, `unknown preset ${JSON.stringify(t.preset)}${s ? `; did you mean ${JSON.stringify(s)}?` : ''}`, `one of ${presetIds().join(', ')} (coreml-doctor gate --list-presets)`);
  }
  return p;
}

export function resolveTarget(file: string, t: ParsedTarget, index: number, matrix: boolean): ResolvedTarget {
  const preset = resolvePreset(file, t);
  const r = new Resolver(file, t, preset);
  const frame = r.frame();
  return {
    name: t.name ?? preset?.id ?? (matrix ? `target ${index + 1}` : 'budget'),
    preset: preset?.id ?? null,
    step: t.step,
    baselineStep: t.baselineStep,
    lowerIsBetter: new Set(t.lowerIsBetter),
    frame,
    assertions: r.assertions(frame),
    regressions: r.regressions(),
    regressionsExplicit: t.regression !== null,
  };
}

export function resolveBudget(parsed: ParsedBudget): Budget {
  const seen = new Map<string, string>();
  const targets = parsed.targets.map((t, i) => {
    const rt = resolveTarget(parsed.file, t, i, parsed.matrix);
    const before = seen.get(rt.name);
    if (before !== undefined) {
      throw new InputError(parsed.file, t.path, `a second target named ${JSON.stringify(rt.name)} (the first is ${before})`, 'a unique "name" per target');
    }
    seen.set(rt.name, t.path);
    return rt;
  });
  return { file: parsed.file, targets };
}

/** A budget made of one preset, for `gate --preset ID` without a budget file. */
export function presetBudget(id: string): Budget {
  const parsed = { ...emptyTarget('--preset', ''), preset: id };
  return { file: `--preset ${id}`, targets: [resolveTarget('--preset', parsed, 0, false)] };
}
