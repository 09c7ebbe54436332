/**
 * What users ask about, flagged per step. One rule per kind; thresholds are data (FLAG_THRESHOLDS)
 * and documented in docs/report.md.
 *  - smaller-not-faster: the step made the model clearly smaller than the step before but not
 *    faster. coremltools' weight compression (quantization, palettization, pruning) shrinks the
 *    weights; the compute stays float (fp16 on the Neural Engine), so latency moves only where the
 *    model was bound by moving weights.
 *  - slower: the median got clearly slower than the step before.
 *  - unpredictable-latency: p99 far from p50 (jitter that drops frames although the median fits).
 *  - accuracy-drop: a metric fell further below its baseline step than the budget allows.
 *  - over-budget: anything else the budget's engine found over its limit (at error or warn level).
 *  - conversion-problem: the conversion failed, or ops did not convert.
 */
import { verdictActual, verdictLimitValue } from '../budget/format.js';
import type { FrameBudget, Verdict } from '../budget/model.js';
import { formatBytes, formatMs, formatPercent, formatSignedPercent } from '../core/units.js';
import { speedAdvice } from './devices.js';
import type { ReportFlag, StepDeltas, StepMeasurement, StepModelFacts } from './model.js';
import { compressionText } from '../step/compression-text.js';

export const FLAG_THRESHOLDS = {
  /** smaller-not-faster: at least this much smaller than the step before ... */
  smallerBy: 0.1,
  /** ... and less than this much faster (p50). */
  fasterBy: 0.05,
  /** slower: p50 at least this much slower than the step before ... */
  slowerBy: 0.1,
  /** ... and by at least this many ms. */
  slowerByMs: 0.5,
  /** unpredictable-latency: p99 / p50 at least this. */
  tailRatio: 1.5,
  /** Fewer inferences than this: the p99 is little more than the slowest one; no tail flag. */
  minSamplesForTail: 20,
} as const;

export interface FlagContext {
  step: StepMeasurement;
  previous: StepMeasurement | null;
  baseline: StepMeasurement;
  deltas: StepDeltas;
  frame: FrameBudget | null;
  /** The engine's verdicts on this step (every target that checks it). */
  verdicts: Verdict[];
  /** The manifest's device and the budget's preset, which the advice fits (src/report/devices.ts). */
  device?: { text: string | null; preset: string | null };
}

interface FlagRule {
  kind: ReportFlag['kind'];
  messages(ctx: FlagContext): string[];
}

/** Over its limit: failed, or warned at warn level. */
const over = (v: Verdict): boolean => v.status === 'fail' || v.status === 'warn';
/** A value as the report's tables show it (sizes as 8.00 MB, times as 41.7 ms). */
function inReport(v: Verdict, n: number | null, text: () => string): string {
  if (n === null) return text();
  if (v.unit === 'MB') return formatBytes(n * 1e6);
  if (v.unit === 'ms') return formatMs(n, 1);
  if (v.unit === 'share') return formatPercent(n);
  return text();
}
const shown = (v: Verdict): string =>
  `${v.label} ${inReport(v, v.actual, () => verdictActual(v))} > ${inReport(v, v.limit, () => verdictLimitValue(v))}${v.level === 'warn' ? ' (warning)' : ''}`;

export const FLAG_RULES: readonly FlagRule[] = [
  {
    kind: 'conversion-problem',
    messages: ({ step }) => {
      const log = step.log;
      if (!log) return [];
      const out: string[] = [];
      if (log.outcome === 'failed') out.push(`the conversion failed (${log.source ?? 'log'}): ${log.outcomeReason ?? 'see the log'}`);
      if (log.unsupportedOps.length) out.push(`${log.unsupportedOps.length} op(s) did not convert: ${log.unsupportedOps.join(', ')} (coreml-doctor log ${log.source ?? ''} shows the fixes)`);
      return out;
    },
  },
  {
    kind: 'smaller-not-faster',
    messages: ({ step, previous, deltas, device }) => {
      const size = deltas.previous?.sizeBytes;
      const p50 = deltas.previous?.p50Ms;
      if (!previous || !size || !p50 || size.relative === null || p50.relative === null) return [];
      if (size.relative > -FLAG_THRESHOLDS.smallerBy || p50.relative <= -FLAG_THRESHOLDS.fasterBy) return [];
      if (isSlower(p50)) return []; // the slower flag says more
      return [
        `${formatSignedPercent(size.relative)} size against "${previous.name}" but p50 ${formatSignedPercent(p50.relative)} (${formatMs(previous.latency?.p50Ms ?? NaN, 1)} → ${formatMs(step.latency?.p50Ms ?? NaN, 1)}): ` +
          `${step.model ? compressionRead(step.model) : 'the weights are compressed, the compute is still fp16'}. Core ML decompresses the weights to float before computing; ` +
          `latency drops only for models bound by moving weights. For speed: ${speedAdvice(device?.text, device?.preset)}.`,
      ];
    },
  },
  {
    kind: 'slower',
    messages: ({ step, previous, deltas }) => {
      const p50 = deltas.previous?.p50Ms;
      if (!previous || !p50 || p50.relative === null) return [];
      if (!isSlower(p50)) return [];
      return [`p50 ${formatSignedPercent(p50.relative)} against "${previous.name}" (${formatMs(previous.latency?.p50Ms ?? NaN, 1)} → ${formatMs(step.latency?.p50Ms ?? NaN, 1)}): check which compute units ran it (the engines table) and whether ops fell back to the CPU`];
    },
  },
  {
    kind: 'unpredictable-latency',
    messages: ({ step, frame }) => {
      const lat = step.latency;
      if (!lat || lat.p50Ms === null || lat.p99Ms === null || !(lat.p50Ms > 0)) return [];
      if (lat.count !== null && lat.count < FLAG_THRESHOLDS.minSamplesForTail) return [];
      const ratio = lat.p99Ms / lat.p50Ms;
      const missesFrame = frame !== null && lat.p50Ms <= frame.perInferenceMs && lat.p99Ms > frame.perInferenceMs;
      if (ratio < FLAG_THRESHOLDS.tailRatio && !missesFrame) return [];
      let msg = `p99 ${formatMs(lat.p99Ms, 1)} is ${ratio.toFixed(2)}× p50 ${formatMs(lat.p50Ms, 1)}`;
      if (missesFrame && frame) {
        const share = lat.overBudgetShare !== null ? `${formatPercent(lat.overBudgetShare)} of inferences` : 'the slowest inferences';
        msg += `: the median fits the ${formatMs(frame.perInferenceMs, 1)} frame budget but ${share} miss it`;
      }
      msg += '. Look for first-prediction or reload costs, CPU fallback, thermal throttling, or contention with other work.';
      return [msg];
    },
  },
  {
    kind: 'accuracy-drop',
    messages: ({ verdicts }) =>
      verdicts.filter((v) => v.kind === 'accuracyDrop' && over(v)).map((v) => `${v.label} is ${round(v.actual as number)} points, over the budget of ${round(v.limit as number)}${v.level === 'warn' ? ' (warning)' : ''}`),
  },
  {
    kind: 'over-budget',
    messages: ({ verdicts }) => {
      const failed = verdicts.filter((v) => over(v) && v.kind !== 'accuracyDrop');
      return failed.length ? [failed.map(shown).join('; ')] : [];
    },
  },
];

/** What the step's model says about its weights and compute: `the weights are palettized 6-bit (4.9 bits per weight in X), the compute is still fp16`. */
function compressionRead(m: StepModelFacts): string {
  const bits = m.bitsPerWeight !== undefined ? `${m.bitsPerWeight.toFixed(1)} bits per weight ` : '';
  const weights = m.compression.length ? `the weights are stored ${compressionText(m.compression)} (${bits}in ${m.path})` : `${m.path} stores its weights uncompressed${bits ? ` (${bits.trim()})` : ''}`;
  const compute = m.computePrecision === 'unknown' ? 'float' : m.computePrecision;
  return `${weights}, the compute is still ${compute}`;
}

function isSlower(p50: { absolute: number; relative: number | null }): boolean {
  return p50.relative !== null && p50.relative >= FLAG_THRESHOLDS.slowerBy && p50.absolute >= FLAG_THRESHOLDS.slowerByMs;
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

export function flagStep(ctx: FlagContext): ReportFlag[] {
  return FLAG_RULES.flatMap((r) => r.messages(ctx).map((message) => ({ step: ctx.step.name, kind: r.kind, message })));
}
