/**
 * Sources that many entries cite. Converter facts were read in coremltools' torch frontend
 * (ops.py at commit 0167d107, a main commit after 9.0, read in full; e0e2f42b spot-checked for the
 * ops added since); first-release facts come from the research table, which parsed every release
 * tag. Line anchors point into e0e2f42b, as the research table gives them.
 */
import type { Source } from '../schema.js';

const CT = 'https://github.com/apple/coremltools';
const HEAD = 'e0e2f42b0b7c601958c0c2b53ce12c8a39023d00';
const DOCS = 'https://apple.github.io/coremltools/docs-guides/source';

/** The torch frontend's converters, at a line when one is known. */
export function torchOps(line?: number): Source {
  return {
    title: line ? `coremltools torch frontend, ops.py line ${line}` : 'coremltools torch frontend, ops.py',
    url: `${CT}/blob/${HEAD}/coremltools/converters/mil/frontend/torch/ops.py${line ? `#L${line}` : ''}`,
  };
}

export function tfOps(line?: number): Source {
  return {
    title: line ? `coremltools TensorFlow frontend, ops.py line ${line}` : 'coremltools TensorFlow frontend, ops.py',
    url: `${CT}/blob/${HEAD}/coremltools/converters/mil/frontend/tensorflow/ops.py${line ? `#L${line}` : ''}`,
  };
}

export function issue(n: number, what: string): Source {
  return { title: `coremltools #${n}: ${what}`, url: `${CT}/issues/${n}` };
}

export function pr(n: number, what: string): Source {
  return { title: `coremltools PR #${n}: ${what}`, url: `${CT}/pull/${n}` };
}

export const DOC = {
  composite: { title: 'coremltools guide: Composite Operators', url: `${DOCS}/composite-operators.html` },
  flexibleInputs: { title: 'coremltools guide: Flexible Input Shapes', url: `${DOCS}/flexible-inputs.html` },
  typedExecution: { title: 'coremltools guide: Typed Execution (fp16/fp32)', url: `${DOCS}/typed-execution.html` },
  scripting: { title: 'coremltools guide: Model Scripting', url: `${DOCS}/model-scripting.html` },
  tracing: { title: 'coremltools guide: Model Tracing', url: `${DOCS}/model-tracing.html` },
  stateful: { title: 'coremltools guide: Stateful Models', url: `${DOCS}/stateful-models.html` },
  conversionOptions: { title: 'coremltools guide: New Conversion Options', url: `${DOCS}/new-conversion-options.html` },
  aneTransformers: {
    title: 'Apple ML Research: Deploying Transformers on the Apple Neural Engine',
    url: 'https://machinelearning.apple.com/research/neural-engine-transformers',
  },
  aneTransformersRepo: { title: 'apple/ml-ane-transformers (reference implementation)', url: 'https://github.com/apple/ml-ane-transformers' },
  rangeDimAne: {
    title: 'Apple Developer Forums: range-flexible models run on the Neural Engine only at the default shape',
    url: 'https://developer.apple.com/forums/thread/724930',
  },
  milOps: { title: 'coremltools MIL op reference (ops.defs)', url: 'https://apple.github.io/coremltools/source/coremltools.converters.mil.mil.ops.defs.html' },
} satisfies Record<string, Source>;

export const FILE = {
  operationRank: {
    title: 'coremltools MIL operation.py: "Core ML only supports tensors with rank <= 5"',
    url: `${CT}/blob/${HEAD}/coremltools/converters/mil/mil/operation.py`,
  },
  condToWhere: {
    title: 'coremltools TF graph pass cond_to_where.py (Switch/Merge to select)',
    url: `${CT}/blob/${HEAD}/coremltools/converters/mil/frontend/tensorflow/tf_graph_pass/cond_to_where.py`,
  },
  tf2Ops: {
    title: 'coremltools TensorFlow 2 frontend, ops.py',
    url: `${CT}/blob/${HEAD}/coremltools/converters/mil/frontend/tensorflow2/ops.py`,
  },
  convertersEntry: {
    title: 'coremltools _converters_entry.py (ct.convert)',
    url: `${CT}/blob/${HEAD}/coremltools/converters/_converters_entry.py`,
  },
} satisfies Record<string, Source>;
