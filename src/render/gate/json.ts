/** The JSON reporter: the GateResult as is (schemaVersion 1; fields are added, never renamed). */
import type { GateResult } from '../../budget/model.js';

export function renderGateJson(r: GateResult): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
