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

/** The outcome alone (what every run needs now): no text. `done` is the completed stage that converted it. */
export function outcomeOf(stages: readonly Stage[], failure: Failure | null, lastEvent: LastEvent): { outcome: ConversionLog['outcome']; cutEnd: boolean; done: Stage | undefined } {
  const cutEnd = (failure?.cutBeforeError ?? false) || (!failure && lastEvent === 'bar');
  if (failure) return { outcome: 'failed', cutEnd, done: undefined };
  const backendDone = stages.some((s) => s.kind === 'backend' && stageComplete(s));
  const compressionDone = stages.length > 0 && stages.every((s) => s.kind === 'compression' && stageComplete(s));
  if (backendDone || compressionDone) {
    let done: Stage | undefined;
    for (let i = stages.length - 1; i >= 0 && !done; i--) {
      const x = stages[i] as Stage;
      if ((x.kind === 'backend' || x.kind === 'compression') && stageComplete(x)) done = x;
    }
    return { outcome: 'converted', cutEnd, done };
  }
  return { outcome: 'unknown', cutEnd, done: undefined };
}

export function decideOutcome(stages: readonly Stage[], failure: Failure | null, ops: readonly UnsupportedOp[], lastEvent: LastEvent): OutcomeDecision {
  const { outcome, cutEnd, done } = outcomeOf(stages, failure, lastEvent);
  return { outcome, outcomeReason: outcomeReason(stages, failure, ops, done), cutEnd };
}

/** The line that says why (made only for the runs listed). `done` as outcomeOf gives it. */
export function outcomeReason(stages: readonly Stage[], failure: Failure | null, ops: readonly UnsupportedOp[], done: Stage | undefined): string {
  if (failure) return failureReason(failure, ops);
  if (done) return `"${done.name}" completed${done.total !== null ? ` (${done.done}/${done.total})` : ''} with no error`;

  // The main graph's stage: a loop body's bar (nested) is not where the conversion stands.
  const main = stages.filter((s) => !s.nested);
  const last = main.reduce<Stage | undefined>((a, s) => (a && a.line > s.line ? a : s), undefined);
  if (!last) return 'the log shows no conversion stage and no error';
  const at = last.total !== null && last.done !== null ? `${last.done}/${last.total}` : `${last.percent}%`;
  return stageComplete(last)
    ? `the last stage shown, "${last.name}", completed, but the log ends before the backend stage`
    : `the log ends inside "${last.name}" at ${at} with no error line: it was probably cut`;
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
