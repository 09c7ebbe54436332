/**
 * The outcome of a conversion as the log shows it: failed (an exception or an error message),
 * converted (the backend stage, or a compression run, completed with no error), or unknown (the
 * log ends inside a stage, or shows no stage at all), with one line saying why.
 */
import type { ConversionLog, Failure, Stage, UnsupportedOp } from './model.js';
import { stageComplete } from './progress.js';
import { englishList } from '../core/strings.js';

/** What the log showed last among bars, errors and anything else: a log that ends inside a bar was cut. */
export type LastEvent = 'bar' | 'error' | 'other';

export interface OutcomeDecision {
  outcome: ConversionLog['outcome'];
  outcomeReason: string;
  cutEnd: boolean;
}

export function decideOutcome(stages: readonly Stage[], failure: Failure | null, ops: readonly UnsupportedOp[], lastEvent: LastEvent): OutcomeDecision {
  const cutEnd = (failure?.cutBeforeError ?? false) || (!failure && lastEvent === 'bar');
  if (failure) return { outcome: 'failed', outcomeReason: failureReason(failure, ops), cutEnd };

  const backendDone = stages.some((s) => s.kind === 'backend' && stageComplete(s));
  const compressionDone = stages.length > 0 && stages.every((s) => s.kind === 'compression' && stageComplete(s));
  if (backendDone || compressionDone) {
    const s = [...stages].reverse().find((x) => (x.kind === 'backend' || x.kind === 'compression') && stageComplete(x)) as Stage;
    return { outcome: 'converted', outcomeReason: `"${s.name}" completed${s.total !== null ? ` (${s.done}/${s.total})` : ''} with no error`, cutEnd };
  }

  // The main graph's stage: a loop body's bar (nested) is not where the conversion stands.
  const main = stages.filter((s) => !s.nested);
  const last = main.reduce<Stage | undefined>((a, s) => (a && a.line > s.line ? a : s), undefined);
  if (!last) return { outcome: 'unknown', outcomeReason: 'the log shows no conversion stage and no error', cutEnd };
  const at = last.total !== null && last.done !== null ? `${last.done}/${last.total}` : `${last.percent}%`;
  return {
    outcome: 'unknown',
    outcomeReason: stageComplete(last)
      ? `the last stage shown, "${last.name}", completed, but the log ends before the backend stage`
      : `the log ends inside "${last.name}" at ${at} with no error line: it was probably cut`,
    cutEnd,
  };
}

function failureReason(failure: Failure, ops: readonly UnsupportedOp[]): string {
  const others = ops.filter((o) => o.op !== failure.op).map((o) => `\`${o.op}\``);
  const where = failure.op ? `at ${englishList([`\`${failure.op}\`${failure.node ? ` (${failure.node})` : ''}`, ...others])}` : null;
  const progress = failure.opIndex !== null ? `about op ${failure.opIndex} of ${failure.opTotal}` : null;
  const err = failure.exceptionType ? (failure.message ? `${failure.exceptionType}: ${failure.message}` : failure.exceptionType) : failure.message;
  const parts = ['conversion failed'];
  if (where) parts.push(where);
  if (progress) parts.push(`(${progress})`);
  let reason = parts.join(' ');
  if (err) reason += `: ${err}`;
  if (failure.cutBeforeError) reason += failure.op ? '; the traceback is cut before its exception line' : '; the log is cut before the error line, so it does not name the failing op';
  return reason;
}
