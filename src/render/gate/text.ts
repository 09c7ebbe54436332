/** The terminal reporter: one block per target, failures first, a verdict line at the end. */
import { failsGate, type GateResult, type Verdict } from '../../budget/model.js';
import type { Colors } from '../../core/color.js';
import { sanitizeTerminal } from '../../core/escape.js';
import { wrap } from '../../core/wrap.js';
import { assertionWithLimit, frameText, sortedVerdicts, statusLabel, subjectLine, summarySentence } from './common.js';

export interface TextOptions {
  colors: Colors;
  /** Hide passing assertions (the summary still counts them). */
  hidePassed?: boolean;
  /** The terminal's width; 80 off a terminal. */
  width?: number;
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
  const w = opts.width ?? 80;
  const para = (text: string, indent: string, style: (x: string) => string = (x) => x): string[] => wrap(text, w, indent, indent.length).map((l, i) => style(i === 0 ? indent + l : l));
  const [subject, ...subjectRest] = wrap(t(subjectLine(r)), w, '  ', 'coreml-doctor gate '.length);
  const out: string[] = [c.bold('coreml-doctor gate') + ' ' + (subject ?? ''), ...subjectRest, ''];
  for (const target of r.targets) {
    const head = [`Target ${t(target.name)}`];
    if (target.preset && target.preset !== target.name) head.push(`(preset ${t(target.preset)})`);
    const info = [`step "${t(target.step)}"`];
    const frame = frameText(target);
    if (frame) info.push(frame);
    const [first, ...rest] = wrap(info.join(' · '), w, '  ', head.join(' ').length + 3);
    out.push(c.bold(head.join(' ')) + c.dim(' · ' + (first ?? '')), ...rest.map((l) => c.dim(l)));
    const verdicts = sortedVerdicts(target).filter((v) => !(opts.hidePassed && v.status === 'pass'));
    const width = Math.max(0, ...verdicts.map((v) => statusLabel(v).length));
    const awidth = Math.min(44, Math.max(0, ...verdicts.map((v) => assertionWithLimit(v).length)));
    for (const v of verdicts) {
      const status = statusLabel(v).padEnd(width);
      const coloured = failsGate(v) ? c.red(status) : v.status === 'pass' ? c.green(status) : v.status === 'inconclusive' ? c.cyan(status) : c.yellow(status);
      const indent = ' '.repeat(4 + width + 2);
      const lead = `  ${mark(v, c)} ${coloured}  `;
      const assertion = t(assertionWithLimit(v));
      const beside = 4 + width + 2 + awidth + 2;
      // The message beside the assertion when the line holds both, else wrapped under it.
      if (beside + t(v.message).length <= w && assertion.length <= awidth) out.push(`${lead}${assertion.padEnd(awidth)}  ${t(v.message)}`);
      else out.push(`${lead}${assertion}`, ...para(t(v.message), indent));
      if (v.customMessage && v.status !== 'pass') out.push(...para(t(v.customMessage), indent, c.bold));
      if (v.status !== 'pass') out.push(...para(`from ${t(v.origin)}`, indent, c.dim));
    }
    if (verdicts.length === 0) out.push(c.dim(target.verdicts.length ? '  (all passed)' : '  (nothing to check on this step)'));
    for (const n of target.notices) out.push(c.dim(`  notice: ${t(n)}`));
    out.push('');
  }
  const summary = wrap(summarySentence(r), w, '');
  out.push(...summary.map((l) => (r.passed ? c.green(c.bold(l)) : c.red(c.bold(l)))));
  return out.join('\n') + '\n';
}
