/**
 * The stable JSON form (schemaVersion 1): the analysis as it is, without what only lives in memory
 * (interval durations and start times; call trees unless `tree` is asked for).
 */
import type { TraceAnalysis } from '../../trace/model.js';

export interface TraceJsonOptions {
  /** Keep each profile's call tree. */
  tree?: boolean;
}

export function traceJsonValue(a: TraceAnalysis, opts: TraceJsonOptions = {}): unknown {
  return {
    ...a,
    profiles: a.profiles.map((p) => {
      if (opts.tree) return p;
      const { callTree: _tree, ...rest } = p;
      void _tree;
      return rest;
    }),
    intervals: a.intervals.map((i) => {
      const { durationsMs: _d, startsNs: _s, ...rest } = i;
      void _d;
      void _s;
      return rest;
    }),
  };
}

export function renderTraceJson(a: TraceAnalysis, opts: TraceJsonOptions = {}): string {
  return JSON.stringify(traceJsonValue(a, opts), null, 2) + '\n';
}
