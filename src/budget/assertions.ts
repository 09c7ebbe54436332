/**
 * The assertions a budget can make, one data row each (as Lighthouse CI's assert.js keeps its
 * assertion definitions). A row owns everything about its metric: the key a budget writes, its form
 * (how it is written and judged: src/budget/forms/), its unit, the preset figure it inherits, the
 * rule id SARIF reports it under, how its value is measured from a step, and how it is described
 * (messages, the report's budget line, the docs table). Validation, resolution, the JSON Schema and
 * docs/gate.md's table are derived from these rows: adding a metric is adding a row.
 *
 * A row that cannot read its value says why; the engine reports that as "not measured" (the gate
 * fails closed on it at error level).
 */
import { CATEGORIES } from '../convlog/model.js';
import { BYTES_PER_MB, formatBytes, formatMs, formatPercent } from '../core/units.js';
import { inferencesOver, latencyValue } from '../step/latency.js';
import {
  COMPUTE_PRECISIONS,
  MODEL_FINDING_LEVELS,
  MODEL_PLATFORMS,
  type ModelFindingLevel,
  type ModelPlatform,
  type StartupPhaseName,
  type StepMeasurement,
  type StepModelFacts,
} from '../step/model.js';
import { compressionText } from '../step/compression-text.js';
import { formatValue } from './format.js';
import { allowedForm } from './forms/allowed.js';
import type { Form, FormRow, Judgement, MeasuredValue } from './forms/form.js';
import { frameRateForm } from './forms/frame.js';
import { maxForm } from './forms/max.js';
import { namesForm } from './forms/names.js';
import { perKeyForm } from './forms/per-key.js';
import { numberValue, versionValue } from './forms/value.js';
import { valuesForm } from './forms/values.js';
import { LATENCY_STATS, type AssertionSpec, type LatencyStat, type ResolvedTarget, type Unit } from './model.js';

/** What SARIF, JUnit and the docs need to know about a kind of assertion. */
export interface RuleInfo {
  kind: string;
  ruleId: string;
  /** PascalCase name (SARIF `rule.name`). */
  ruleName: string;
  /** One line: what the rule checks. */
  help: string;
  unit: Unit;
}

export interface MeasureInput {
  target: ResolvedTarget;
  step: StepMeasurement;
  /** The step accuracyDrop compares against (the target's baselineStep, else the first step). */
  reference: StepMeasurement | null;
}

export type Measured = { value: MeasuredValue; note?: string } | { value: null; missing: string };

export interface AssertionRow extends RuleInfo, FormRow {
  /** The key a budget target writes; also the kind of the row's assertions. */
  key: string;
  /** Each row's form has its own parsed type. */
  form: Form<any>;
  /** The message when the row is asserted in a target without a frame budget (fps, or a preset that sets it). */
  needsFrame?: string;
  /** docs/gate.md's table: what the limit is, and how the value is measured. */
  docs: { limit: string; measuredAs: string };
  /** The name in the report's step summary, by the assertion's sub-key: `size`, `p99`, `frame`, `top1`. */
  short(key: string | null): string;
  /** The assertion in the report's budget line: `size ≤ 8.00 MB`. */
  describe(spec: AssertionSpec, target: ResolvedTarget): string;
  /** How the assertion reads in a message: "model size", "p99 latency", "top1 drop vs step "fp32"". */
  label(spec: AssertionSpec, input: MeasureInput): string;
  measure(spec: AssertionSpec, input: MeasureInput): Measured;
  /** The sentence for a measured value, when the generic "LABEL X is within / over the budget of Y" reads badly. */
  sentence?(j: Judgement, spec: AssertionSpec, input: MeasureInput, note: string | undefined): string;
}

/** A latency statistic: from the summary, else computed from the samples (same percentile definition). */
export function latencyStat(step: StepMeasurement, stat: LatencyStat): { value: number } | { value: null; missing: string } {
  if (!step.latency) return { value: null, missing: `step "${step.name}" has no latency measurement (a trace or latencyMs in the manifest)` };
  const v = latencyValue(step.latency, stat);
  return v === null ? { value: null, missing: `the latency of step "${step.name}" is a summary without ${stat}` } : { value: v };
}

function needLog(step: StepMeasurement): Measured | null {
  return step.log ? null : { value: null, missing: `step "${step.name}" has no conversion log (add "log" to the step in the manifest)` };
}

/** The step's model facts, or why there are none: every model row fails closed without them. */
function needModel(step: StepMeasurement): { model: StepModelFacts } | { value: null; missing: string } {
  if (step.model) return { model: step.model };
  const file = step.files?.model;
  return {
    value: null,
    missing: file
      ? `the model of step "${step.name}" (${file}) was not read: only an .mlpackage or .mlmodel is (see the step's warnings)`
      : `step "${step.name}" has no Core ML model to read (add "model" to the step in the manifest: an .mlpackage or .mlmodel)`,
  };
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

const trim = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The statistics a start-up phase is judged by (a phase has few intervals: a launch or two). */
export const STARTUP_STATS = ['p50', 'max'] as const;

/**
 * A start-up phase's row (model load, compile, first prediction after a load): a maximum of its p50
 * or its max, in ms. A trace without the phase's intervals is "not measured", so a budget that
 * asks for it fails closed; a budget that does not ask never looks.
 */
function startupRow(o: { key: string; phase: StartupPhaseName; ruleId: string; ruleName: string; what: string; short: string; measuredAs: string; recordedBy: string }): AssertionRow {
  return {
    key: o.key,
    kind: o.key,
    ruleId: o.ruleId,
    ruleName: o.ruleName,
    help: `The ${o.what} (p50 or max over the trace's ${o.short} intervals) is within the budget (ms).`,
    unit: 'ms',
    form: perKeyForm({ keys: STARTUP_STATS, what: `an object with ${STARTUP_STATS.join(', ')}`, value: numberValue({ what: 'a number of ms (>= 0)' }), valueDescription: 'Largest allowed value, ms.' }),
    docs: { limit: 'largest value, ms', measuredAs: o.measuredAs },
    short: (key) => `${o.short} ${key ?? ''}`.trim(),
    describe: (s) => `${o.short} ${s.key} ≤ ${formatMs(s.limit, 1)}`,
    label: (s) => `${s.key} ${o.what}`,
    measure: (s, { step }) => {
      const phase = step.startup?.[o.phase] ?? null;
      if (!phase) {
        const traces = step.files?.trace ?? [];
        return {
          value: null,
          missing: traces.length
            ? `step "${step.name}" has no ${o.short} intervals: ${traces.join(', ')} record${traces.length === 1 ? 's' : ''} none (${o.recordedBy})`
            : `step "${step.name}" has no trace to measure the ${o.what} from (add "trace" to the step: ${o.recordedBy})`,
        };
      }
      const value = s.key === 'max' ? phase.maxMs : phase.p50Ms;
      return { value, note: `${phase.count} interval${phase.count === 1 ? '' : 's'}` };
    },
  };
}

export const ASSERTION_ROWS: readonly AssertionRow[] = [
  {
    key: 'sizeMB',
    kind: 'sizeMB',
    ruleId: 'CML-BUDGET-SIZE',
    ruleName: 'ModelSizeBudget',
    help: 'The model is no larger than the budget (MB, 1 MB = 1,000,000 bytes).',
    unit: 'MB',
    form: maxForm({ what: 'a size in MB (a number >= 0)' }),
    presetFigure: (p) => p.sizeMB?.value,
    docs: { limit: 'largest model, MB (1 MB = 1,000,000 bytes, as Finder and Xcode count)', measuredAs: "the step's `sizeBytes`" },
    short: () => 'size',
    describe: (s) => `size ≤ ${formatBytes(Math.round(s.limit * BYTES_PER_MB))}`,
    label: () => 'model size',
    measure: (_s, { step }) =>
      step.sizeBytes === null ? { value: null, missing: `step "${step.name}" has no model size (a "model" path or "sizeBytes" in the manifest)` } : { value: step.sizeBytes / BYTES_PER_MB },
  },
  {
    key: 'latencyMs',
    kind: 'latencyMs',
    ruleId: 'CML-BUDGET-LATENCY',
    ruleName: 'LatencyBudget',
    help: 'A latency statistic (p50, p90, p99, max, mean) of the step is within the budget (ms).',
    unit: 'ms',
    form: perKeyForm({ keys: LATENCY_STATS, what: `an object with ${LATENCY_STATS.join(', ')}`, value: numberValue({ what: 'a number of ms (>= 0)' }), valueDescription: 'Largest allowed value, ms.' }),
    docs: { limit: 'largest value, ms', measuredAs: "the step's latency summary; from the samples when the summary lacks it (numpy-linear percentiles)" },
    short: (key) => key ?? 'latency',
    describe: (s) => `${s.key} ≤ ${formatMs(s.limit, 1)}`,
    label: (s) => `${s.key} latency`,
    measure: (s, { step }) => {
      const m = latencyStat(step, s.key as LatencyStat);
      if (m.value === null || s.key !== 'max') return m;
      // The slowest inference over the limit: say how many are.
      const over = inferencesOver(step.latency, s.limit);
      return over && over.from === 'samples' && over.over > 0 ? { value: m.value, note: `${over.over} of ${over.of} inferences over ${formatValue(s.limit, 'ms')}` } : m;
    },
  },
  {
    key: 'fps',
    kind: 'fps',
    ruleId: 'CML-BUDGET-FRAME',
    ruleName: 'FrameBudget',
    help: 'Inference keeps up with the frame rate: a latency statistic (p99 by default) is within 1000 / fps − uiOverheadMs.',
    unit: 'ms',
    form: frameRateForm(),
    docs: { limit: 'per-inference budget = 1000 / fps − uiOverheadMs', measuredAs: 'p99 latency by default (`["error", {"stat": "p90"}]` to choose)' },
    short: () => 'frame',
    describe: (s, t) =>
      t.frame
        ? `${s.stat ?? 'p99'} ≤ ${formatMs(t.frame.perInferenceMs, 1)} per inference (${trim(t.frame.fps)} fps = ${formatMs(1000 / t.frame.fps, 1)} per frame − ${formatMs(t.frame.uiOverheadMs, 1)} UI)`
        : `${s.stat ?? 'p99'} ≤ ${formatMs(s.limit, 1)} per inference`,
    label: (s) => `${s.stat ?? 'p99'} latency vs the ${trim(s.fps ?? Number.NaN)} fps frame budget`,
    measure: (s, { step }) => latencyStat(step, s.stat ?? 'p99'),
    sentence: (j, s) =>
      `${s.stat ?? 'p99'} latency ${formatValue(j.actual, 'ms')} ${j.within ? 'fits' : 'is over'} the ${s.fps ?? '?'} fps per-inference budget of ${formatValue(s.limit, 'ms')}` +
      (j.within ? '' : ` by ${formatValue(j.over ?? null, 'ms')}`),
  },
  {
    key: 'overBudgetFrames',
    kind: 'overBudgetFrames',
    ruleId: 'CML-BUDGET-OVER-BUDGET-FRAMES',
    ruleName: 'OverBudgetFrames',
    help: 'The share of inferences slower than the per-inference frame budget is no larger than allowed.',
    unit: 'share',
    form: maxForm({ max: 1, what: 'a share of inferences from 0 to 1' }),
    needsFrame: 'overBudgetFrames needs a frame budget: set "fps" (and "uiOverheadMs"), or a preset',
    docs: { limit: 'largest share (0..1) of inferences over the per-inference budget', measuredAs: 'counted in the samples; 0 when the slowest inference fits; not measured from a summary alone' },
    short: () => 'frames over',
    describe: (s) => `≤ ${formatPercent(s.limit)} of inferences over the frame budget`,
    label: (_s, { target }) => `share of inferences over ${formatValue(target.frame?.perInferenceMs ?? null, 'ms')}`,
    measure: (_s, { step, target }) => {
      const limitMs = target.frame?.perInferenceMs;
      if (limitMs === undefined) return { value: null, missing: 'no frame budget (fps)' };
      const over = inferencesOver(step.latency, limitMs);
      if (over?.from === 'samples') return { value: over.share, note: `${over.over} of ${over.of}` };
      if (over) return { value: 0, note: `the slowest inference (${formatValue(step.latency?.maxMs ?? null, 'ms')}) is within it` };
      return {
        value: null,
        missing: `step "${step.name}" has no latency samples: a summary cannot tell how many inferences exceed ${formatValue(limitMs, 'ms')} (a trace or a latencyMs list in the manifest keeps them)`,
      };
    },
  },
  startupRow({
    key: 'loadMs',
    phase: 'load',
    ruleId: 'CML-BUDGET-LOAD',
    ruleName: 'ModelLoadBudget',
    what: 'model load time',
    short: 'load',
    measuredAs: "the trace's model load intervals (Core ML Load events, ModelLoadingTable transitions into loaded)",
    recordedBy: "Core ML's Load intervals in coreml-os-signpost, or ModelLoadingTable's transitions into loaded",
  }),
  startupRow({
    key: 'compileMs',
    phase: 'compile',
    ruleId: 'CML-BUDGET-COMPILE',
    ruleName: 'ModelCompileBudget',
    what: 'model compile time',
    short: 'compile',
    measuredAs: "the trace's Core ML Compile intervals",
    recordedBy: "Core ML's Compile intervals in coreml-os-signpost",
  }),
  startupRow({
    key: 'firstPredictionMs',
    phase: 'firstPrediction',
    ruleId: 'CML-BUDGET-FIRST-PREDICTION',
    ruleName: 'FirstPredictionBudget',
    what: 'first prediction time',
    short: 'first prediction',
    measuredAs: "the first Prediction interval of a model after each of its loads, in the trace's Core ML table",
    recordedBy: 'a Core ML Prediction after a Load of the same model, in coreml-os-signpost',
  }),
  {
    key: 'accuracyDrop',
    kind: 'accuracyDrop',
    ruleId: 'CML-BUDGET-ACCURACY-DROP',
    ruleName: 'AccuracyDrop',
    help: "A quality metric dropped no more than allowed against the baseline step (in the metric's own units).",
    unit: 'points',
    form: perKeyForm({ keys: null, what: 'an object of metric name → largest allowed drop', value: numberValue({ what: "a drop in the metric's units (a number >= 0)" }), valueDescription: 'Largest allowed drop.', keyName: 'METRIC' }),
    docs: {
      limit: "largest drop against the baseline step, in the metric's units (0.01 = one point of a 0..1 accuracy)",
      measuredAs: "baseline step's value − this step's (reversed for metrics in `lowerIsBetter`)",
    },
    short: (key) => key ?? 'accuracy',
    describe: (s, t) => `${s.key} ${t.lowerIsBetter.has(s.key ?? '') ? 'rise' : 'drop'} ≤ ${s.limit}`,
    label: (s, { reference, target }) => `${s.key} ${target.lowerIsBetter.has(s.key ?? '') ? 'rise' : 'drop'} vs step "${reference?.name ?? '?'}"`,
    measure: (s, { step, reference, target }) => {
      const metric = s.key as string;
      if (!reference) return { value: null, missing: 'no baseline step to compare with' };
      const cur = step.accuracy.get(metric);
      const ref = reference.accuracy.get(metric);
      const list = (m: Map<string, number>) => (m.size ? [...m.keys()].map((k) => JSON.stringify(k)).join(', ') : 'none');
      if (cur === undefined) return { value: null, missing: `step "${step.name}" has no accuracy metric ${JSON.stringify(metric)} (it has: ${list(step.accuracy)})` };
      if (ref === undefined) return { value: null, missing: `baseline step "${reference.name}" has no accuracy metric ${JSON.stringify(metric)} (it has: ${list(reference.accuracy)})` };
      const drop = target.lowerIsBetter.has(metric) ? cur - ref : ref - cur;
      return { value: drop, note: `${formatValue(ref, 'points')} → ${formatValue(cur, 'points')}` };
    },
  },
  {
    key: 'unsupportedOps',
    kind: 'unsupportedOps',
    ruleId: 'CML-BUDGET-UNSUPPORTED-OPS',
    ruleName: 'UnsupportedOps',
    help: 'The conversion log names no more unsupported ops than allowed.',
    unit: 'count',
    form: maxForm({ integer: true, what: 'a count (a whole number >= 0)' }),
    docs: { limit: 'most unsupported ops', measuredAs: "the conversion log's unsupported ops" },
    short: () => 'ops',
    describe: (s) => `unsupported ops ≤ ${s.limit}`,
    label: () => 'unsupported ops',
    measure: (_s, { step }) => {
      const missing = needLog(step);
      if (missing) return missing;
      const ops = step.log?.unsupportedOps ?? [];
      return { value: ops.length, ...(ops.length ? { note: ops.join(', ') } : {}) };
    },
    sentence: (j, s, _i, note) =>
      j.actual === 0
        ? 'no unsupported ops in the conversion log'
        : `${j.actual} unsupported op${j.actual === 1 ? '' : 's'} in the conversion log (${note ?? ''}), ${j.within ? 'within' : 'over'} the ${s.limit} allowed`,
  },
  {
    key: 'forbid',
    kind: 'forbid',
    ruleId: 'CML-BUDGET-FORBID',
    ruleName: 'ForbiddenDiagnostic',
    help: 'The conversion log has no diagnostic of a forbidden category.',
    unit: 'count',
    form: namesForm({ known: CATEGORIES, listKey: 'categories', what: 'diagnostic categories', example: 'unsupported-op', perName: true, schemaDefinition: 'categories' }),
    docs: { limit: `diagnostic categories that must not appear: ${CATEGORIES.map((c) => `\`${c}\``).join(', ')}`, measuredAs: 'one assertion per category, on the conversion log' },
    short: (key) => key ?? 'forbid',
    describe: (s) => `no ${s.key} diagnostics`,
    label: (s) => `${s.key} diagnostics`,
    measure: (s, { step }) => {
      const missing = needLog(step);
      if (missing) return missing;
      return { value: (step.log?.categories ?? []).filter((c) => c === s.key).length };
    },
    sentence: (j, s) =>
      j.actual === 0 ? `no ${s.key} diagnostics in the conversion log` : `the conversion log has ${j.actual} ${s.key} diagnostic${j.actual === 1 ? '' : 's'}, a forbidden category`,
  },
  {
    key: 'weightBits',
    kind: 'weightBits',
    ruleId: 'CML-BUDGET-WEIGHT-BITS',
    ruleName: 'WeightBits',
    help: "The model's weights take no more bits per weight than allowed (effective: stored bits, look-up tables and scales included, over the parameters).",
    unit: 'bits',
    form: maxForm({ min: 0, exclusiveMin: true, max: 32, what: 'bits per weight (a number > 0, at most 32)' }),
    docs: {
      limit: 'most effective bits per weight (16 = fp16, 8 = int8, 4 = 4-bit palettized)',
      measuredAs: "the model's weights as stored (`coreml-doctor model`); not the manifest's `weightBits`; not measured when weight.bin is missing",
    },
    short: () => 'bits',
    describe: (s) => `weights ≤ ${formatValue(s.limit, 'bits')} per weight`,
    label: () => 'bits per weight',
    measure: (_s, { step }) => {
      const m = needModel(step);
      if (!('model' in m)) return m;
      const { model } = m;
      if (!model.weightsPresent) return { value: null, missing: `the weights of ${model.path} are missing (no weight.bin, or a blob outside it)` };
      if (model.bitsPerWeight === undefined) return { value: null, missing: `${model.path} holds no weights to count` };
      return { value: model.bitsPerWeight, note: model.compression.length ? compressionText(model.compression) : 'uncompressed' };
    },
  },
  {
    key: 'minimumOS',
    kind: 'minimumOS',
    ruleId: 'CML-BUDGET-MINIMUM-OS',
    ruleName: 'MinimumOS',
    help: 'The model runs on the given OS version of each platform: its effective minimum OS (over sub-models and ML program opsets) is no newer.',
    unit: 'version',
    form: perKeyForm({ keys: MODEL_PLATFORMS, what: `an object with ${MODEL_PLATFORMS.join(', ')}`, value: versionValue(), valueDescription: 'The oldest OS version the model must run on.' }),
    docs: { limit: 'the OS version per platform the model must run on (`{"watchOS": "10.0"}`)', measuredAs: "the model's effective minimum OS (specification version, ML program opsets, sub-models)" },
    short: (key) => key ?? 'OS',
    describe: (s) => `runs on ${s.key} ${s.expected?.form === 'version' ? s.expected.max : '?'}`,
    label: (s) => `minimum ${s.key}`,
    measure: (s, { step }) => {
      const m = needModel(step);
      if (!('model' in m)) return m;
      const v = m.model.minimumOS[s.key as ModelPlatform];
      return v === undefined ? { value: null, missing: `${m.model.path} names no ${s.key} version it needs` } : { value: v };
    },
    sentence: (j, s) => {
      const max = s.expected?.form === 'version' ? s.expected.max : '?';
      return j.within ? `the model runs on ${s.key} ${max} (it needs ${s.key} ${j.actualText})` : `the model needs ${s.key} ${j.actualText}, newer than the ${s.key} ${max} it must run on`;
    },
  },
  {
    key: 'computePrecision',
    kind: 'computePrecision',
    ruleId: 'CML-BUDGET-COMPUTE-PRECISION',
    ruleName: 'ComputePrecision',
    help: "The precision the model's compute runs in is not forbidden (and is one of those allowed).",
    unit: 'value',
    form: valuesForm({ known: COMPUTE_PRECISIONS, what: 'compute precision' }),
    docs: {
      limit: `precisions forbidden (\`{"forbid": ["fp32"]}\`) or allowed (\`{"allow": ["fp16"]}\`): ${COMPUTE_PRECISIONS.map((p) => `\`${p}\``).join(', ')}`,
      measuredAs: "the ML program's compute ops by output dtype; `unknown` for models without ML program ops (neural networks, trees)",
    },
    short: () => 'precision',
    describe: (s) => (s.expected?.form === 'values' ? [s.expected.forbid.length ? `precision not ${s.expected.forbid.join(', ')}` : '', s.expected.allow ? `precision one of ${s.expected.allow.join(', ')}` : ''].filter(Boolean).join('; ') : 'precision'),
    label: () => 'compute precision',
    measure: (_s, { step }) => {
      const m = needModel(step);
      return 'model' in m ? { value: m.model.computePrecision } : m;
    },
  },
  {
    key: 'forbidOps',
    kind: 'forbidOps',
    ruleId: 'CML-BUDGET-FORBID-OPS',
    ruleName: 'ForbiddenOps',
    help: 'The model has none of the forbidden op types (ML program ops or neural-network layers, nested blocks and sub-models included).',
    unit: 'count',
    form: namesForm({ known: null, listKey: 'ops', what: 'op types', example: 'gather', perName: false }),
    docs: { limit: 'op types (ML program ops, neural-network layer types) that must not appear', measuredAs: "the model's op counts by type, over every function, nested block and sub-model" },
    short: () => 'ops',
    describe: (s) => `no ${s.expected?.form === 'names' ? s.expected.names.join(', ') : ''} ops`,
    label: () => 'forbidden ops',
    measure: (s, { step }) => {
      const m = needModel(step);
      if (!('model' in m)) return m;
      const names = s.expected?.form === 'names' ? s.expected.names : [];
      const present = names.map((n) => [n, m.model.opCounts.get(n) ?? 0] as const).filter(([, c]) => c > 0);
      return { value: present.reduce((a, [, c]) => a + c, 0), ...(present.length ? { note: present.map(([n, c]) => `${n} ×${c}`).join(', ') } : {}) };
    },
    sentence: (j, s, _i, note) =>
      j.actual === 0 ? `none of ${s.expected?.form === 'names' ? s.expected.names.join(', ') : 'the forbidden ops'} in the model` : `the model has forbidden ops: ${note ?? ''}`,
  },
  {
    key: 'flexibleInputs',
    kind: 'flexibleInputs',
    ruleId: 'CML-BUDGET-FLEXIBLE-INPUTS',
    ruleName: 'FlexibleInputs',
    help: 'Inputs with flexible shapes (ranges or enumerated shapes) are allowed, or not.',
    unit: 'count',
    form: allowedForm(),
    docs: { limit: '`false`: no input may have a flexible shape; `true`: allowed (reported)', measuredAs: "the model's inputs with shape ranges or enumerated shapes (image size ranges too)" },
    short: () => 'flexible',
    describe: (s) => (s.limit === 0 ? 'no flexible inputs' : 'flexible inputs allowed'),
    label: () => 'flexible inputs',
    measure: (_s, { step }) => {
      const m = needModel(step);
      if (!('model' in m)) return m;
      const names = m.model.flexibleInputs;
      return { value: names.length, ...(names.length ? { note: names.join(', ') } : {}) };
    },
    sentence: (j, s, _i, note) =>
      j.actual === 0 ? 'no flexible inputs' : `${plural(j.actual ?? 0, 'flexible input')} (${note ?? ''}), ${s.limit === 0 ? 'none allowed' : 'allowed'}`,
  },
  {
    key: 'aneFindings',
    kind: 'aneFindings',
    ruleId: 'CML-BUDGET-ANE-FINDINGS',
    ruleName: 'NeuralEngineFindings',
    help: 'The model has no more findings that keep work off the Neural Engine, at each level, than allowed.',
    unit: 'count',
    form: perKeyForm({
      keys: MODEL_FINDING_LEVELS,
      what: `an object with ${MODEL_FINDING_LEVELS.join(', ')}`,
      value: numberValue({ integer: true, what: 'a count (a whole number >= 0)' }),
      valueDescription: 'Most findings allowed at this level.',
    }),
    docs: { limit: 'most findings per level (`{"error": 0, "warning": 2}`)', measuredAs: "`coreml-doctor model`'s Neural Engine findings (`ane.*`) and costly ops (`rewrite.costly-op`)" },
    short: (key) => `ANE ${key ?? ''}`.trim(),
    describe: (s) => `Neural Engine ${s.key} findings ≤ ${s.limit}`,
    label: (s) => `Neural Engine ${s.key} findings`,
    measure: (s, { step }) => {
      const m = needModel(step);
      if (!('model' in m)) return m;
      const ids = m.model.aneFindings.filter((f) => f.level === (s.key as ModelFindingLevel)).map((f) => f.id);
      const byId = new Map<string, number>();
      for (const id of ids) byId.set(id, (byId.get(id) ?? 0) + 1);
      return { value: ids.length, ...(ids.length ? { note: [...byId].map(([id, n]) => (n > 1 ? `${id} ×${n}` : id)).join(', ') } : {}) };
    },
    sentence: (j, s, _i, note) =>
      `${plural(j.actual ?? 0, `Neural Engine ${s.key} finding`)}${note ? ` (${note})` : ''}, ${j.within ? 'within' : 'over'} the ${s.limit} allowed`,
  },
];

/** A table of rows with its lookups; the engine, the validator and the docs take one (tests make their own). */
export interface RowTable {
  readonly rows: readonly AssertionRow[];
  row(kind: string): AssertionRow;
}

export function defineRows(rows: readonly AssertionRow[]): RowTable {
  const byKind = new Map<string, AssertionRow>();
  for (const r of rows) {
    if (r.kind !== r.key) throw new Error(`row ${r.key}: its kind must be its key`);
    if (byKind.has(r.key)) throw new Error(`two rows for ${r.key}`);
    byKind.set(r.key, r);
  }
  return {
    rows,
    row(kind) {
      const r = byKind.get(kind);
      if (!r) throw new Error(`no assertion row for ${kind}`);
      return r;
    },
  };
}

/** The built-in rows. */
export const BUDGET_ROWS: RowTable = defineRows(ASSERTION_ROWS);

/** Looks up a built-in row. */
export function assertionRow(kind: string): AssertionRow {
  return BUDGET_ROWS.row(kind);
}
