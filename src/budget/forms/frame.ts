/**
 * A frame rate to keep up with: `"fps": 30`, or `["error", {"min": 30, "stat": "p90"}]`, with the
 * target's `uiOverheadMs`. The limit is derived: the per-inference budget 1000 / fps − uiOverheadMs
 * (src/budget/resolve.ts makes the target's frame budget from the rate this form reads, or the
 * preset's), checked on a latency statistic (p99 unless the budget says).
 */
import { childPath } from '../../core/json.js';
import { LATENCY_STATS, type LatencyStat, type Level } from '../model.js';
import { LEVEL_FORM, splitLevelForm } from '../reader.js';
import { levelOptionsSchema, LEVEL_SCHEMA, withinMax, type Form, type JsonSchema, type ParsedLevel, type TargetSetting } from './form.js';

/** The stat the frame-rate assertion checks unless the budget says otherwise: the worst frames matter. */
export const DEFAULT_FRAME_STAT: LatencyStat = 'p99';

export interface FrameSetting extends ParsedLevel {
  /** The frame rate; null when inherited from a preset. */
  min: number | null;
  stat: LatencyStat | null;
}

const RATE = { min: 0, exclusiveMin: true, max: 1000 } as const;
const rateSchema: JsonSchema = { type: 'number', exclusiveMinimum: 0, maximum: 1000 };

export const UI_OVERHEAD_SETTING: TargetSetting = {
  key: 'uiOverheadMs',
  parse: (r, v, path) => r.range(v, path, { min: 0 }),
  schema: { type: 'number', minimum: 0, description: 'Time of each frame kept for capture, pre/post-processing and UI, ms.' },
};

export function frameRateForm(): Form<FrameSetting> {
  const expected = `a frame rate (a number > 0) or ${LEVEL_FORM}`;
  return {
    name: 'a frame rate',
    settings: [UI_OVERHEAD_SETTING],
    parse(r, v, path) {
      const { level, bare, options, optionsPath } = splitLevelForm(r, v, path, expected);
      if (level === null) return { level: 'error', min: r.range(bare, path, { ...RATE, what: expected }), stat: null, message: null, path };
      if (!options) return { level, min: null, stat: null, message: null, path };
      r.keys(options, optionsPath, ['min', 'stat', 'message']);
      const min = options.min === undefined ? null : r.range(options.min, childPath(optionsPath, 'min'), RATE);
      let stat: LatencyStat | null = null;
      if (options.stat !== undefined) {
        if (typeof options.stat !== 'string' || !(LATENCY_STATS as readonly string[]).includes(options.stat)) {
          r.expected(childPath(optionsPath, 'stat'), LATENCY_STATS.map((s) => JSON.stringify(s)).join(', '), options.stat);
        }
        stat = options.stat as LatencyStat;
      }
      return { level, min, stat, message: r.message(options, optionsPath), path };
    },
    frameRate: (p) => ({ fps: p.min, path: p.path, level: p.level }),
    resolve(row, parsed, ctx) {
      const frame = ctx.frame;
      if (!frame) return [];
      const level: Level = parsed?.level ?? 'error';
      if (level === 'off') return [];
      return [
        {
          kind: row.key,
          key: null,
          level,
          limit: frame.perInferenceMs,
          message: parsed?.message ?? null,
          origin: parsed ? ctx.origin(parsed.path, parsed.min === null) : `preset ${ctx.preset?.id ?? ''}`,
          stat: parsed?.stat ?? DEFAULT_FRAME_STAT,
          fps: frame.fps,
        },
      ];
    },
    schema: () => ({
      anyOf: [rateSchema, LEVEL_SCHEMA, levelOptionsSchema({ min: rateSchema, stat: { type: 'string', enum: [...LATENCY_STATS] } })],
    }),
    judge(spec, value) {
      if (typeof value !== 'number') return { within: false, actual: null, actualText: String(value) };
      return { within: withinMax(value, spec.limit), actual: value, over: value - spec.limit };
    },
    bound: () => ({ bound: 'max' }),
  };
}
