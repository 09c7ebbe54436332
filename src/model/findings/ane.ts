/**
 * What keeps work off the Neural Engine. Apple publishes no list (a coremltools maintainer: support
 * changes with device, OS and tensor sizes), so these are risks, each tied to where it is documented or
 * reported; a "reported" finding says so in its message.
 */
import type { Feature } from '../summary.js';
import { SOURCES } from './sources.js';
import type { FindingRule, PartView, RuleHit } from './types.js';

const NN_TYPES = new Set(['neuralNetwork', 'neuralNetworkClassifier', 'neuralNetworkRegressor']);
const RUNS_ON_NE = new Set([...NN_TYPES, 'mlProgram']);

const MIL_RECURRENT = ['lstm', 'gru', 'rnn'];
const NN_RECURRENT = ['simpleRecurrent', 'gru', 'uniDirectionalLSTM', 'biDirectionalLSTM'];
/** Neural-network layers whose shapes are computed at run time. */
const NN_DYNAMIC = /^getShape$|Dynamic$/;
/** Broadcastable and "ND" layers of Core ML 3 (NeuralNetwork.proto names). */
const NN_BROADCAST_ND = /Broadcastable$|ND$/;

export const MAX_ENUMERATED_SHAPES = 128;

function shapeText(f: Feature): string {
  if (f.type === 'multiArray' && f.ranges) return `[${f.ranges.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}…${r.max ?? '∞'}`)).join(', ')}]`;
  if (f.type === 'image' && f.sizeRange) {
    const r = (x: { min: number; max: number | null }) => (x.min === x.max ? `${x.min}` : `${x.min}…${x.max ?? '∞'}`);
    return `${r(f.sizeRange.width)}×${r(f.sizeRange.height)}`;
  }
  return '';
}

function enumeratedCount(f: Feature): number {
  return f.type === 'multiArray' ? (f.shapes?.length ?? 0) : f.type === 'image' ? (f.sizes?.length ?? 0) : 0;
}

function layerHits(view: PartView, names: (name: string) => boolean, message: (name: string, n: number) => string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const [name, n] of view.part.layers) {
    if (!names(name)) continue;
    const first = view.decoded.network?.firstLayer.get(name);
    hits.push({ message: message(name, n), evidence: `${n} ${name} layer${n === 1 ? '' : 's'}${first ? `, the first named "${first}"` : ''}`, op: name });
  }
  return hits;
}

function opHits(view: PartView, ops: readonly string[], message: (op: string, n: number, fn: string) => string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const fn of view.part.functions) {
    for (const op of ops) {
      const n = fn.ops.get(op);
      if (!n) continue;
      const first = view.decoded.program?.functions.find((f) => f.name === fn.name)?.firstOp.get(op);
      hits.push({ message: message(op, n, fn.name), evidence: `${n} ${op} op${n === 1 ? '' : 's'} in ${fn.name}${first ? `, the first named "${first}"` : ''}`, function: fn.name, op });
    }
  }
  return hits;
}

export const ANE_RULES: readonly FindingRule[] = [
  {
    id: 'ane.fp32-program',
    level: 'error',
    source: SOURCES.typedExecution,
    scope: 'part',
    check: (v) =>
      v.part.functions
        .filter((f) => f.computePrecision.precision === 'fp32')
        .map((f) => ({
          message: `function ${f.name} computes in fp32: an fp32-typed ML program does not run on the Neural Engine (only the CPU and GPU)`,
          evidence: `${f.computePrecision.outputs.get('fp32') ?? 0} compute-op outputs are fp32, none fp16 (casts not counted)`,
          function: f.name,
        })),
  },
  {
    id: 'ane.mixed-precision',
    level: 'warning',
    source: SOURCES.typedExecution,
    scope: 'part',
    check: (v) =>
      v.part.functions
        .filter((f) => f.computePrecision.precision === 'mixed')
        .map((f) => {
          const fp32 = f.computePrecision.outputs.get('fp32') ?? 0;
          const fp16 = f.computePrecision.outputs.get('fp16') ?? 0;
          return {
            message: `function ${f.name} mixes fp16 and fp32: its fp32 ops cannot run on the Neural Engine, and each switch costs a copy`,
            evidence: `${fp32} of ${fp32 + fp16} compute-op outputs are fp32`,
            function: f.name,
          };
        }),
  },
  {
    id: 'ane.flexible-range-input',
    level: 'warning',
    source: SOURCES.rangeShapesReport,
    scope: 'part',
    check: (v) =>
      RUNS_ON_NE.has(v.part.modelType)
        ? v.part.inputs
            .filter((f) => f.flexible === 'range')
            .map((f) => ({
              message: `input ${f.name} has a ${f.type === 'image' ? 'size' : 'shape'} range ${shapeText(f)}: reported to run on the Neural Engine only at its default shape; EnumeratedShapes (up to ${MAX_ENUMERATED_SHAPES}) keep it there`,
              evidence: `${f.type} input with ${f.type === 'image' ? 'imageSizeRange' : 'shapeRange'} ${shapeText(f)}`,
            }))
        : [],
  },
  {
    id: 'ane.too-many-shapes',
    level: 'warning',
    source: SOURCES.flexibleInputs,
    scope: 'part',
    check: (v) =>
      v.part.inputs
        .filter((f) => enumeratedCount(f) > MAX_ENUMERATED_SHAPES)
        .map((f) => ({
          message: `input ${f.name} enumerates ${enumeratedCount(f)} shapes; coremltools documents at most ${MAX_ENUMERATED_SHAPES}`,
          evidence: `${enumeratedCount(f)} enumerated shapes`,
        })),
  },
  {
    id: 'ane.dynamic-layers',
    level: 'warning',
    source: SOURCES.faqsNeFlexible,
    scope: 'part',
    check: (v) => layerHits(v, (n) => NN_DYNAMIC.test(n), (n, c) => `${c} dynamic ${n} layer${c === 1 ? '' : 's'}: shapes computed at run time, which coremltools' FAQ names as keeping a model off the Neural Engine`),
  },
  {
    id: 'ane.recurrent',
    level: 'warning',
    source: SOURCES.recurrentReport,
    scope: 'part',
    check: (v) => [
      ...layerHits(v, (n) => NN_RECURRENT.includes(n), (n, c) => `${c} recurrent ${n} layer${c === 1 ? '' : 's'}: reported not to run on the Neural Engine (CPU)`),
      ...opHits(v, MIL_RECURRENT, (op, c, fn) => `${c} ${op} op${c === 1 ? '' : 's'} in ${fn}: recurrent ops are reported not to run on the Neural Engine (CPU)`),
    ],
  },
  {
    id: 'ane.custom',
    level: 'warning',
    source: SOURCES.customReport,
    scope: 'part',
    check: (v) => {
      const hits = layerHits(v, (n) => n === 'custom', (_n, c) => `${c} custom layer${c === 1 ? '' : 's'}: custom code has only CPU and GPU implementations (reported: there is no public Neural Engine API)`);
      if (v.part.modelType === 'customModel') {
        const cls = v.part.details.customModel?.className;
        hits.push({ message: `a custom model${cls ? ` (${cls})` : ''}: it runs the app's own code, on the CPU or GPU (reported)`, evidence: 'model type customModel' });
      }
      return hits;
    },
  },
  {
    id: 'ane.broadcast-nd-layers',
    level: 'info',
    source: SOURCES.customReport,
    scope: 'part',
    check: (v) => layerHits(v, (n) => NN_BROADCAST_ND.test(n), (n, c) => `${c} ${n} layer${c === 1 ? '' : 's'}: broadcastable and ND layers are reported to fall back to the CPU or GPU (the report says some of its list are guesses)`),
  },
  {
    id: 'ane.rank-above-5',
    level: 'warning',
    source: SOURCES.rank6Report,
    scope: 'part',
    check: (v) =>
      (v.decoded.program?.functions ?? [])
        .filter((f) => f.rankAbove5)
        .map((f) => {
          const r = f.rankAbove5 as { count: number; op: string; opType: string };
          return {
            message: `${r.count} op${r.count === 1 ? '' : 's'} in ${f.name} output tensors of rank above 5 (reported: the Neural Engine does not take rank 6)`,
            evidence: `highest rank ${f.maxRank?.rank}; first: ${r.opType} "${r.op}"`,
            function: f.name,
            op: r.opType,
          };
        }),
  },
  {
    id: 'ane.size-above-1gb',
    level: 'warning',
    source: SOURCES.sizeLimit,
    scope: 'top',
    check: (v) => {
      const bytes = v.model.weights.bytes ?? v.model.weights.declared?.bytes ?? null;
      return bytes !== null && bytes > 1e9
        ? [{ message: `the weights take ${(bytes / 1e9).toFixed(2)} GB: on an iPhone a model larger than 1 GB does not run on the Neural Engine; split it (ct.models.utils.bisect_model)`, evidence: `${bytes} bytes of weights` }]
        : [];
    },
  },
  {
    id: 'ane.state-width',
    level: 'info',
    source: SOURCES.stateWidthReport,
    scope: 'part',
    check: (v) =>
      v.part.states
        .filter((s) => s.type === 'state' && s.shape.length > 0 && (s.shape[s.shape.length - 1] as number) % 32 !== 0)
        .map((s) => ({
          message: `state ${s.name} has a last dimension of ${s.type === 'state' ? s.shape[s.shape.length - 1] : '?'}: a stateful model is reported to fail on the Neural Engine when the state width is not a multiple of 32`,
          evidence: `state shape [${s.type === 'state' ? s.shape.join(', ') : ''}]`,
        })),
  },
  {
    id: 'ane.per-block-quantization',
    level: 'info',
    source: SOURCES.perBlockPerf,
    scope: 'top',
    check: (v) =>
      v.model.weights.storage
        .filter((s) => s.granularity === 'per-block')
        .map((s) => ({
          message: `${s.tensors} weight${s.tensors === 1 ? '' : 's'} quantized per block (${s.label}): coremltools recommends per-block for the GPU and per-channel scales on the Neural Engine`,
          evidence: `${s.tensors} tensors, ${s.parameters} parameters, ${s.ops.join(', ')}`,
        })),
  },
];
