/**
 * Named device budgets: the figures the report needs to show budget status (size, frame rate, UI
 * time). Data only. `gate` owns presets (src/budget/presets.ts, with the source of every figure);
 * when it lands, this table is replaced by a lookup into it. Until then the figures here mirror it:
 * per-inference budget = 1000 / fps − uiOverheadMs (30 fps → 33.3 ms; minus 8.3 ms of capture and UI
 * work → 25 ms for the model).
 */

export interface BudgetPresetFigures {
  id: string;
  title: string;
  /** Largest model, MB (1 MB = 1,000,000 bytes). */
  sizeMB?: number;
  fps?: number;
  uiOverheadMs?: number;
}

/** UI time that leaves `modelMs` of a frame at `fps` for the model. */
const leaves = (fps: number, modelMs: number): number => 1000 / fps - modelMs;

export const BUDGET_PRESETS: readonly BudgetPresetFigures[] = [
  { id: 'apple-watch-series-7', title: 'Apple Watch Series 7, live 30 fps feed', sizeMB: 8, fps: 30, uiOverheadMs: leaves(30, 25) },
  { id: 'iphone-30fps', title: 'iPhone, live 30 fps feed', sizeMB: 100, fps: 30, uiOverheadMs: leaves(30, 25) },
  { id: 'iphone-60fps', title: 'iPhone, live 60 fps feed', sizeMB: 100, fps: 60, uiOverheadMs: leaves(60, 12) },
  { id: 'iphone-promotion-120hz', title: 'iPhone with ProMotion, 120 Hz', sizeMB: 100, fps: 120, uiOverheadMs: leaves(120, 6) },
  { id: 'ipad-60fps', title: 'iPad, 60 fps', sizeMB: 200, fps: 60, uiOverheadMs: leaves(60, 12) },
  { id: 'ipad-pro-promotion-120hz', title: 'iPad Pro with ProMotion, 120 Hz', sizeMB: 200, fps: 120, uiOverheadMs: leaves(120, 6) },
  { id: 'mac-60fps', title: 'Mac (Apple silicon), 60 fps', sizeMB: 500, fps: 60, uiOverheadMs: leaves(60, 12) },
  { id: 'iphone-neural-engine-1gb', title: 'Hard limit: a model the iPhone Neural Engine can run', sizeMB: 1000 },
];

const BY_ID = new Map(BUDGET_PRESETS.map((p) => [p.id, p]));

export function findBudgetPreset(id: string): BudgetPresetFigures | undefined {
  return BY_ID.get(id);
}

export function budgetPresetIds(): string[] {
  return BUDGET_PRESETS.map((p) => p.id);
}
