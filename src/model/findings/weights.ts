/** What the weights themselves say: missing, unreferenced blobs. */
import { SOURCES } from './sources.js';
import type { FindingRule } from './types.js';

export const WEIGHT_RULES: readonly FindingRule[] = [
  {
    id: 'weights.missing',
    level: 'error',
    source: SOURCES.packageFormat,
    scope: 'top',
    check: (v) => {
      const w = v.model.weights;
      if (!w.missing) return [];
      const files = (w.blobs?.files ?? []).filter((f) => !f.present);
      const refs = files.reduce((n, f) => n + f.referenced, 0);
      return [
        {
          message: `WEIGHTS MISSING: ${w.missingReason ?? 'the weight file is not there'}; the structure is read, but weight bytes, bits per weight and blob checks are not measured`,
          evidence: files.length ? `${refs} blob reference${refs === 1 ? '' : 's'} to ${files.map((f) => f.reference).join(', ')}` : 'weights are referenced but not found',
        },
      ];
    },
  },
  {
    id: 'weights.unreferenced-blobs',
    level: 'info',
    source: SOURCES.packageFormat,
    scope: 'top',
    check: (v) =>
      (v.model.weights.blobs?.files ?? [])
        .filter((f) => (f.unreferenced ?? 0) > 0)
        .map((f) => ({
          message: `${f.unreferenced} of ${f.count} blobs in ${f.reference} are not referenced by the program: they take space on disk for nothing`,
          evidence: `${f.count} blobs in the file, ${f.referenced} referenced`,
        })),
  },
];
