/**
 * Named device budgets, as data. Each figure says what it rests on:
 *  - `fact`: a published figure (Apple documentation, coremltools guide), with the source;
 *  - `derived`: arithmetic on facts (30 fps → 33.3 ms per frame);
 *  - `convention`: a working rule of the field (leave ~8 ms of a 30 fps frame for capture and UI),
 *    not a number anyone publishes. Conventions are starting points: override them per project.
 * `verified` is false where no primary source was found; the docs list those figures.
 * A budget overrides a preset field by field (src/budget/resolve.ts).
 */

export type FigureBasis = 'fact' | 'derived' | 'convention';

export interface PresetFigure {
  value: number;
  basis: FigureBasis;
  /** Why this number, in one or two sentences. */
  note: string;
  sources: string[];
  /** False when the figure could not be checked against a primary source. */
  verified: boolean;
}

export interface Preset {
  id: string;
  title: string;
  /** Devices the budget is meant for. */
  devices: string;
  /** Largest model, MB (1 MB = 1,000,000 bytes). */
  sizeMB?: PresetFigure;
  /** Frame rate of the feed the model must keep up with. */
  fps?: PresetFigure;
  /** Time of each frame left for capture, pre/post-processing and UI: per-inference budget = 1000/fps − this. */
  uiOverheadMs?: PresetFigure;
  notes: string[];
  /** Sources for the device facts in `devices` and `notes`. */
  sources?: string[];
}

const SRC = {
  buildSizes: 'https://developer.apple.com/help/app-store-connect/reference/maximum-build-file-sizes',
  bisect: 'https://github.com/apple/coremltools/blob/main/docs-guides/source/mlmodel-utilities.md#bisect-model',
  promotion: 'https://developer.apple.com/documentation/quartzcore/optimizing-iphone-and-ipad-apps-to-support-promotion-displays',
  minFrameDuration: 'https://developer.apple.com/documentation/bundleresources/information-property-list/cadisableminimumframedurationonphone',
  s7: 'https://www.macrumors.com/2021/09/15/apple-watch-series-7-tidbits-s7-chip-storage/',
  xcodeReport: 'https://developer.apple.com/documentation/coreml/analyzing-a-core-ml-model-s-performance-in-xcode',
} as const;

/** A working rule of the field, not a published figure: unverified by definition. */
function convention(value: number, note: string, sources: string[]): PresetFigure {
  return { value, basis: 'convention', note, sources, verified: false };
}

/** The feed rate is the preset's premise; the per-frame time is arithmetic on it. */
function fps(value: number, note: string, sources: string[]): PresetFigure {
  return { value, basis: 'derived', note, sources, verified: true };
}

/** UI overhead chosen so that the per-inference budget is `modelMs`: a convention, stated as such. */
function leaves(fpsValue: number, modelMs: number): PresetFigure {
  const frameMs = 1000 / fpsValue;
  return {
    value: frameMs - modelMs,
    basis: 'convention',
    note: `${fpsValue} fps → ${frameMs.toFixed(1)} ms per frame; keeping ~${(frameMs - modelMs).toFixed(1)} ms for capture, pre/post-processing and UI leaves ${modelMs} ms for the model. A working rule, not an Apple figure.`,
    sources: [SRC.xcodeReport],
    verified: false,
  };
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'apple-watch-series-7',
    title: 'Apple Watch Series 7, live 30 fps feed',
    devices: 'Apple Watch Series 7 (S7 SiP; same CPU as the S6), and Watch models of the S6–S8 generation',
    sizeMB: convention(8, 'Apple publishes no per-app memory limit or RAM size for the Watch; 8 MB is the field\'s rule of thumb for a model that loads and stays resident on a Watch. The hard cap Apple does publish is 75 MB for the whole uncompressed watchOS app.', [SRC.buildSizes]),
    fps: fps(30, '30 fps camera or sensor feed: 33.3 ms per frame.', []),
    uiOverheadMs: leaves(30, 25),
    notes: ['The S7 uses the same CPU as the S6 (t8301); Apple quotes it as 20 % faster than the S5.'],
    sources: [SRC.s7, SRC.buildSizes],
  },
  {
    id: 'iphone-30fps',
    title: 'iPhone, live 30 fps feed',
    devices: 'iPhone with a Neural Engine usable by Core ML (A12 and later)',
    sizeMB: convention(100, 'A model-size budget that keeps an app download reasonable; common practice is 50–100 MB per model. Not an Apple limit (an iOS app may be 4 GB uncompressed; a Neural Engine model up to 1 GB).', [SRC.buildSizes, SRC.bisect]),
    fps: fps(30, '30 fps camera feed: 33.3 ms per frame.', []),
    uiOverheadMs: leaves(30, 25),
    notes: [],
  },
  {
    id: 'iphone-60fps',
    title: 'iPhone, live 60 fps feed',
    devices: 'iPhone with a Neural Engine usable by Core ML (A12 and later)',
    sizeMB: convention(100, 'As iphone-30fps: a download-size convention, not an Apple limit.', [SRC.buildSizes]),
    fps: fps(60, '60 Hz display / 60 fps feed: 16.7 ms per frame (the iPhone default without ProMotion opt-in).', [SRC.minFrameDuration]),
    uiOverheadMs: leaves(60, 12),
    notes: [],
  },
  {
    id: 'iphone-promotion-120hz',
    title: 'iPhone with ProMotion, 120 Hz',
    devices: 'iPhone 13 Pro and later Pro models, iPhone 17, iPhone Air',
    sizeMB: convention(100, 'As iphone-30fps: a download-size convention, not an Apple limit.', [SRC.buildSizes]),
    fps: fps(120, 'ProMotion iPhones run 10–120 Hz: 8.3 ms per frame at 120 Hz. Above 60 Hz only with CADisableMinimumFrameDurationOnPhone in Info.plist.', [SRC.promotion, SRC.minFrameDuration]),
    uiOverheadMs: leaves(120, 6),
    notes: [],
  },
  {
    id: 'ipad-60fps',
    title: 'iPad, 60 fps',
    devices: 'iPad with a Neural Engine usable by Core ML',
    sizeMB: convention(200, 'iPads have more memory than iPhones of the same year; 200 MB is a convention, not an Apple limit.', [SRC.buildSizes]),
    fps: fps(60, '60 Hz display: 16.7 ms per frame.', []),
    uiOverheadMs: leaves(60, 12),
    notes: [],
  },
  {
    id: 'ipad-pro-promotion-120hz',
    title: 'iPad Pro with ProMotion, 120 Hz',
    devices: 'iPad Pro 10.5-inch, 11-inch, 12.9-inch (2nd generation and later), 13-inch',
    sizeMB: convention(200, 'As ipad-60fps: a convention, not an Apple limit.', [SRC.buildSizes]),
    fps: fps(120, 'ProMotion iPad Pro displays run 24–120 Hz: 8.3 ms per frame at 120 Hz.', [SRC.promotion]),
    uiOverheadMs: leaves(120, 6),
    notes: [],
  },
  {
    id: 'mac-60fps',
    title: 'Mac (Apple silicon), 60 fps',
    devices: 'Macs with M-series chips',
    sizeMB: convention(500, 'Macs have the most memory of the family; 500 MB is a convention for an interactive feature, not an Apple limit.', [SRC.buildSizes]),
    fps: fps(60, '60 Hz display: 16.7 ms per frame.', []),
    uiOverheadMs: leaves(60, 12),
    notes: [],
  },
  {
    id: 'iphone-neural-engine-1gb',
    title: 'Hard limit: a model the iPhone Neural Engine can run',
    devices: 'iPhone',
    sizeMB: {
      value: 1000,
      basis: 'fact',
      note: 'The coremltools guide: a model deployed to run on the Neural Engine on an iPhone cannot be larger than 1 GB; split larger ones with ct.models.utils.bisect_model.',
      sources: [SRC.bisect],
      verified: true,
    },
    notes: ['Size only; combine it with a frame-rate preset in another target.'],
  },
];

const BY_ID = new Map(PRESETS.map((p) => [p.id, p]));

export function findPreset(id: string): Preset | undefined {
  return BY_ID.get(id);
}

export function presetIds(): string[] {
  return PRESETS.map((p) => p.id);
}
