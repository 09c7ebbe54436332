import type { ConversionLog } from '../../convlog/model.js';

/** The stable JSON form (schemaVersion 1): the model as it is. */
export function renderLogJson(log: ConversionLog): string {
  return JSON.stringify(log, null, 2) + '\n';
}
