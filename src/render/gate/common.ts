/** What every gate reporter shares: the order of verdicts, their labels and the summary sentence. */
import { formatValue } from '../../budget/format.js';
import { failsGate, type GateResult, type TargetResult, type Verdict } from '../../budget/model.js';

export { assertionWithLimit } from '../../budget/format.js';

/** Failures first, then warnings, then inconclusive, then passes (as lhci prints them); stable within. */
export function rank(v: Verdict): number {
  if (failsGate(v)) return 0;
  if (v.status === 'warn' || v.status === 'not-measured') return 1;
  if (v.status === 'inconclusive') return 2;
  return 3;
}

export function sortedVerdicts(t: TargetResult): Verdict[] {
  return t.verdicts.map((v, i) => ({ v, i })).sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i).map((x) => x.v);
}

export function statusLabel(v: Verdict): string {
  switch (v.status) {
    case 'pass':
      return 'pass';
    case 'warn':
      return 'warn';
    case 'fail':
      return 'fail';
    case 'not-measured':
      return v.level === 'error' ? 'not measured' : 'not measured (warn)';
    case 'inconclusive':
      return 'inconclusive';
  }
}

export function frameText(t: TargetResult): string | null {
  if (!t.frame) return null;
  const ui = t.frame.uiOverheadMs > 0 ? ` − ${formatValue(t.frame.uiOverheadMs, 'ms')} UI` : '';
  return `${t.frame.fps} fps (${formatValue(1000 / t.frame.fps, 'ms')}${ui}) → ${formatValue(t.frame.perInferenceMs, 'ms')} per inference`;
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "FAILED: 2 errors (1 over budget, 1 not measured), 1 warning, 1 inconclusive, 9 passed". */
export function summarySentence(r: GateResult): string {
  const c = r.counts;
  const all = r.targets.flatMap((t) => t.verdicts);
  const errorsFail = all.filter((v) => failsGate(v) && v.status === 'fail').length;
  const errorsNm = all.filter((v) => failsGate(v) && v.status === 'not-measured').length;
  const warnings = all.filter((v) => v.level === 'warn' && (v.status === 'warn' || v.status === 'not-measured')).length;
  const parts: string[] = [];
  if (c.errors) {
    const detail = [errorsFail ? `${errorsFail} over budget` : '', errorsNm ? `${errorsNm} not measured` : ''].filter(Boolean).join(', ');
    parts.push(`${plural(c.errors, 'error')} (${detail})`);
  }
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (c.inconclusive) parts.push(`${c.inconclusive} inconclusive`);
  parts.push(`${c.pass} passed`);
  return `${r.passed ? 'PASSED' : 'FAILED'}: ${parts.join(', ')}`;
}

export function subjectLine(r: GateResult): string {
  const steps = [...new Set(r.targets.map((t) => t.step))];
  const model = r.model ? ` of ${r.model}` : '';
  const device = r.device ? ` on ${r.device}` : '';
  const stepText = steps.length === 1 ? `step "${steps[0]}"` : `steps ${steps.map((s) => `"${s}"`).join(', ')}`;
  const base = r.baselineFile ? `, baseline ${r.baselineFile}` : '';
  return `${stepText}${model}${device} (${r.source.file}) against ${r.budgetFile}${base}`;
}
