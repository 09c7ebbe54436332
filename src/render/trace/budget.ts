/**
 * What `trace --budget-ms` concluded, after the trace's own output: which series were judged and
 * why those, the engine's verdict on each (src/budget/intervals.ts), and one verdict line that says
 * which label is over, how many inferences, and the exit code.
 */
import type { IntervalBudget, IntervalSeries } from '../../budget/intervals.js';
import { failsGate } from '../../budget/model.js';
import type { Colors } from '../../core/color.js';
import { sanitizeTerminal as t } from '../../core/escape.js';
import { escapeMarkdownInline } from '../../core/escape.js';
import { wrap } from '../wrap.js';

/** The mark before a judged row's table name in the intervals table. */
export const JUDGED_MARK = '▶';

function basis(b: IntervalBudget<IntervalSeries>): string {
  const names = b.judged.map((j) => `"${j.name}"`).join(', ');
  switch (b.by.by) {
    case 'interval':
      return `judged the intervals --interval "${b.by.label}" names: ${names}`;
    case 'inference':
      return `judged the rows whose labels name an inference (${JUDGED_MARK}): ${names}`;
    case 'all':
      return `no interval label names an inference (Prediction, Inference, Predict), so it judged every row (${JUDGED_MARK}): ${names}; name the inference with --interval LABEL`;
  }
}

/** `FAILED: "Prediction / PoseNet" has 3 of 240 inferences over 33 ms (exit 1)`. */
export function verdictLine(b: IntervalBudget<IntervalSeries>): string {
  const limit = `${b.limitMs} ms`;
  const overs = b.result.targets
    .map((target, i) => ({ target, j: b.judged[i] }))
    .filter(({ target }) => target.verdicts.some(failsGate))
    .map(({ target, j }) => (j?.over ? `"${target.name}" has ${j.over.over} of ${j.over.of} inferences over ${limit}` : `"${target.name}" is over ${limit}`));
  if (overs.length) return `FAILED: ${overs.join('; ')} (exit 1)`;
  return `PASSED: no judged inference is over ${limit} (exit 0)`;
}

/** Lines fit 80 columns. */
const WIDTH = 80;

export function renderIntervalBudgetText(b: IntervalBudget<IntervalSeries>, c: Colors): string {
  const out = ['', c.bold(`Budget ${b.limitMs} ms per inference (--budget-ms)`)];
  out.push(...wrap(t(basis(b)), WIDTH, '  ', 2).map((l, i) => c.dim(i === 0 ? `  ${l}` : l)));
  for (const target of b.result.targets) {
    for (const v of target.verdicts) {
      const mark = failsGate(v) ? c.red('✘') : v.status === 'pass' ? c.green('✔') : c.yellow('⚠');
      const lines = wrap(`${t(target.name)}: ${t(v.message)}`, WIDTH, '    ', 4);
      out.push(`  ${mark} ${lines[0] ?? ''}`, ...lines.slice(1));
    }
  }
  const line = wrap(t(verdictLine(b)), WIDTH, '  ').join('\n');
  out.push(b.result.passed ? c.green(c.bold(line)) : c.red(c.bold(line)));
  return out.join('\n') + '\n';
}

export function renderIntervalBudgetMarkdown(b: IntervalBudget<IntervalSeries>): string {
  const out = ['', `#### Budget ${b.limitMs} ms per inference (--budget-ms)`, '', escapeMarkdownInline(basis(b)), ''];
  for (const target of b.result.targets) for (const v of target.verdicts) out.push(`- ${failsGate(v) ? '❌' : '✅'} **${escapeMarkdownInline(target.name)}**: ${escapeMarkdownInline(v.message)}`);
  out.push('', `**${escapeMarkdownInline(verdictLine(b))}**`, '');
  return out.join('\n');
}
