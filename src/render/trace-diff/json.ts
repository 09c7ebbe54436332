/** The JSON of `trace diff` (schemaVersion 1): the model as it is; fields are added, never renamed. */
import type { TraceDiff } from '../../report/trace-diff.js';

export function traceDiffJson(d: TraceDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}
