/** The whole catalogue, in display order: PyTorch ops, TensorFlow, ONNX, then cross-op patterns. */
import type { RewriteEntry } from '../schema.js';
import { ONNX } from './onnx.js';
import { PATTERNS } from './patterns.js';
import { TENSORFLOW } from './tensorflow.js';
import { TORCH_ATTENTION } from './torch-attention.js';
import { TORCH_GRAPH } from './torch-graph.js';
import { TORCH_INDEXING } from './torch-indexing.js';
import { TORCH_MATH } from './torch-math.js';
import { TORCH_SPATIAL } from './torch-spatial.js';

export const CATALOGUE: readonly RewriteEntry[] = [
  ...TORCH_GRAPH,
  ...TORCH_SPATIAL,
  ...TORCH_ATTENTION,
  ...TORCH_INDEXING,
  ...TORCH_MATH,
  ...TENSORFLOW,
  ...ONNX,
  ...PATTERNS,
];
