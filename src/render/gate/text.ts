/** The terminal reporter: one block per target, failures first, a verdict line at the end. */
import { failsGate, type GateResult, type Verdict } from '../../budget/model.js';
import type { Colors } from '../../core/color.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { assertionWithLimit, frameText, sortedVerdicts, statusLabel, subjectLine, summarySentence } from './common.js';

export interface TextOptions {
  colors: Colors;
  /** Hide passing assertions (the summary still counts them). */
  hidePassed?: boolean;
}

function mark(v: Verdict, c: Colors): string {
  if (failsGate(v)) return c.red('✘');
  if (v.status === 'pass') return c.green('✔');
  if (v.status === 'inconclusive') return c.cyan('?');
  return c.yellow('⚠');
}

export function renderGateText(r: GateResult, opts: TextOptions): string {
  const c = opts.colors;
  const t = sanitizeTerminal;
  const out: string[] = [c.bold('coreml-doctor gate') + ' ' + t(subjectLine(r)), ''];
  for (const target of r.targets) {
    const head = [`Target ${t(target.name)}`];
    if (target.preset && target.preset !== target.name) head.push(`(preset ${t(target.preset)})`);
    const info = [`step "${t(target.step)}"`];
    const frame = frameText(target);
    if (frame) info.push(frame);
    out.push(c.bold(head.join(' ')) + c.dim(' · ' + info.join(' · ')));
    const verdicts = sortedVerdicts(target).filter((v) => !(opts.hidePassed && v.status === 'pass'));
    const width = Math.max(0, ...verdicts.map((v) => statusLabel(v).length));
    const awidth = Math.min(44, Math.max(0, ...verdicts.map((v) => assertionWithLimit(v).length)));
    for (const v of verdicts) {
      const status = statusLabel(v).padEnd(width);
      const coloured = failsGate(v) ? c.red(status) : v.status === 'pass' ? c.green(status) : v.status === 'inconclusive' ? c.cyan(status) : c.yellow(status);
      out.push(`  ${mark(v, c)} ${coloured}  ${t(assertionWithLimit(v)).padEnd(awidth)}  ${t(v.message)}`);
      const indent = ' '.repeat(4 + width + 2);
      if (v.customMessage && v.status !== 'pass') out.push(`${indent}${c.bold(t(v.customMessage))}`);
      if (v.status !== 'pass') out.push(c.dim(`${indent}from ${t(v.origin)}`));
    }
    if (verdicts.length === 0) out.push(c.dim(target.verdicts.length ? '  (all passed)' : '  (nothing to check on this step)'));
    for (const n of target.notices) out.push(c.dim(`  notice: ${t(n)}`));
    out.push('');
  }
  const summary = summarySentence(r);
  out.push(r.passed ? c.green(c.bold(summary)) : c.red(c.bold(summary)));
  return out.join('\n') + '\n';
}
