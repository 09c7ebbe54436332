/** What the report keeps of a conversion log: the outcome, the ops that did not convert, the warnings. */
import type { ConversionLog, Severity } from '../convlog/model.js';
import type { LogSummary } from './model.js';

/** Diagnostics kept per step, most severe first. */
export const MAX_LOG_DIAGNOSTICS = 20;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function summarizeLog(log: ConversionLog, source: string): LogSummary {
  let errors = 0;
  let warnings = 0;
  const categories = new Set<LogSummary['categories'][number]>();
  for (const d of log.diagnostics) {
    if (d.severity === 'error') errors += d.count;
    else if (d.severity === 'warning') warnings += d.count;
    categories.add(d.category);
  }
  for (const o of log.unsupportedOps) categories.add(o.category);
  const diagnostics = log.diagnostics
    .filter((d) => d.severity !== 'info')
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.line - b.line)
    .slice(0, MAX_LOG_DIAGNOSTICS)
    .map((d) => ({ severity: d.severity, category: d.category, message: d.message, count: d.count, line: d.line }));
  return {
    outcome: log.outcome,
    unsupportedOps: log.unsupportedOps.map((o) => o.op),
    errors,
    warnings,
    categories: [...categories],
    source,
    outcomeReason: log.outcomeReason,
    coremltoolsVersion: log.coremltools.value,
    diagnostics,
  };
}
