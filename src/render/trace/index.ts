/** `trace`'s renderers by format (the first is the default). */
import type { IntervalBudget } from '../../budget/intervals.js';
import type { Colors } from '../../core/color.js';
import { UsageError } from '../../core/errors.js';
import type { IntervalSummary, TraceAnalysis } from '../../trace/model.js';
import { formats } from '../formats.js';

export interface TraceRenderOptions {
  colors: Colors;
  /** Rows per top list. */
  top: number;
  /** Print / keep the call tree. */
  tree: boolean;
  /** Call-tree nodes under this share are folded (text). */
  treeMinPercent: number;
  /** Longest symbol shown (text). */
  maxName: number;
  /** What `--budget-ms` concluded (the engine's verdicts), shown after the trace. */
  budget?: IntervalBudget<IntervalSummary> | undefined;
}

export const TRACE_FORMATS = formats<TraceAnalysis, TraceRenderOptions>({
  text: async () => {
    const [{ renderTraceText }, { renderIntervalBudgetText }] = await Promise.all([import('./text.js'), import('./budget.js')]);
    return (a, o) => {
      const judged = o.budget ? new Set(o.budget.judged.map((j) => j.series)) : undefined;
      const text = renderTraceText(a, { colors: o.colors, top: o.top, tree: o.tree, treeMinPercent: o.treeMinPercent, maxName: o.maxName, ...(judged ? { judged } : {}) });
      return o.budget ? [text, renderIntervalBudgetText(o.budget, o.colors)] : text;
    };
  },
  json: async () => {
    const { traceJsonPieces } = await import('./json.js');
    // With --budget-ms the engine's result joins the document as `budget` (a GateResult).
    return (a, o) => traceJsonPieces(a, { tree: o.tree, ...(o.budget ? { extra: { budget: o.budget.result } } : {}) });
  },
  markdown: async () => {
    const [{ renderTraceMarkdown }, { renderIntervalBudgetMarkdown }] = await Promise.all([import('./markdown.js'), import('./budget.js')]);
    return (a, o) => (o.budget ? [renderTraceMarkdown(a, { top: o.top }), renderIntervalBudgetMarkdown(o.budget)] : renderTraceMarkdown(a, { top: o.top }));
  },
  folded: async () => {
    const { renderFolded } = await import('./tree.js');
    return (a) => {
      if (!a.profiles.length) throw new UsageError(`--format folded needs a profile (stacks); ${a.source} holds ${a.format === 'xctrace-toc' ? 'a table of contents' : 'intervals only'}`);
      return renderFolded(a.profiles);
    };
  },
});
