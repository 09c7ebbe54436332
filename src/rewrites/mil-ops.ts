/**
 * MIL op types by the opset that introduced them (`coremltools/converters/mil/mil/ops/defs/iOS15..iOS18`).
 * A rewrite may only name ops from this list; an op new in iOS16+ needs that deployment target.
 * Source: the research table ../shared/research/op_rewrites.md, listed from ops/defs at coremltools e0e2f42b.
 */
/** The Core ML opsets coremltools targets (`ct.target.iOS15` is the first ML program opset). */
export type DeploymentTarget = 'iOS15' | 'iOS16' | 'iOS17' | 'iOS18';
export const DEPLOYMENT_TARGETS: readonly DeploymentTarget[] = ['iOS15', 'iOS16', 'iOS17', 'iOS18'];

export const MIL_OPS_BY_TARGET: ReadonlyMap<DeploymentTarget, readonly string[]> = new Map<DeploymentTarget, readonly string[]>([
  [
    'iOS15',
    [
      'abs', 'acos', 'add', 'affine', 'argsort', 'asin', 'atan', 'atanh', 'avg_pool', 'band_part',
      'batch_norm', 'batch_to_space', 'cast', 'ceil', 'clamped_relu', 'classify', 'clip', 'concat', 'cond',
      'const', 'conv', 'conv_quantized', 'conv_transpose', 'cos', 'cosh', 'crop', 'crop_resize', 'cumsum',
      'depth_to_space', 'einsum', 'elu', 'equal', 'erf', 'exp', 'exp2', 'expand_dims', 'fill', 'flatten2d',
      'floor', 'floor_div', 'gather', 'gather_along_axis', 'gather_nd', 'gelu', 'greater', 'greater_equal',
      'gru', 'identity', 'instance_norm', 'inverse', 'l2_norm', 'l2_pool', 'layer_norm', 'leaky_relu',
      'less', 'less_equal', 'linear', 'linear_activation', 'list_gather', 'list_length', 'list_read',
      'list_scatter', 'list_write', 'local_response_norm', 'log', 'logical_and', 'logical_not', 'logical_or',
      'logical_xor', 'lstm', 'make_list', 'matmul', 'max_pool', 'maximum', 'minimum', 'mod', 'mul',
      'non_maximum_suppression', 'non_zero', 'not_equal', 'one_hot', 'pad', 'pixel_shuffle', 'pow', 'prelu',
      'random_bernoulli', 'random_categorical', 'random_normal', 'random_uniform', 'range_1d', 'real_div',
      'reduce_argmax', 'reduce_argmin', 'reduce_l1_norm', 'reduce_l2_norm', 'reduce_log_sum',
      'reduce_log_sum_exp', 'reduce_max', 'reduce_mean', 'reduce_min', 'reduce_prod', 'reduce_sum',
      'reduce_sum_square', 'relu', 'relu6', 'resample', 'reshape', 'resize_bilinear',
      'resize_nearest_neighbor', 'reverse', 'reverse_sequence', 'rnn', 'round', 'rsqrt', 'scaled_tanh',
      'scatter', 'scatter_along_axis', 'scatter_nd', 'select', 'shape', 'sigmoid', 'sigmoid_hard', 'sign',
      'silu', 'sin', 'sinh', 'slice_by_index', 'slice_by_size', 'sliding_windows', 'softmax', 'softplus',
      'softplus_parametric', 'softsign', 'space_to_batch', 'space_to_depth', 'split', 'sqrt', 'square',
      'squeeze', 'stack', 'sub', 'tan', 'tanh', 'threshold', 'thresholded_relu', 'tile', 'topk', 'transpose',
      'upsample_bilinear', 'upsample_nearest_neighbor', 'while_loop',
    ],
  ],
  [
    'iOS16',
    [
      'constexpr_affine_dequantize', 'constexpr_cast', 'constexpr_lut_to_dense', 'constexpr_sparse_to_dense',
      'fill_like', 'pixel_unshuffle', 'reshape_like',
    ],
  ],
  [
    'iOS17',
    [
      'dequantize', 'quantize', 'resize',
    ],
  ],
  [
    'iOS18',
    [
      'constexpr_blockwise_shift_scale', 'constexpr_lut_to_sparse', 'constexpr_sparse_blockwise_shift_scale',
      'read_state', 'scaled_dot_product_attention', 'slice_update',
    ],
  ],
]);

export const MIL_OPS: ReadonlySet<string> = new Set([...MIL_OPS_BY_TARGET.values()].flat());

/** The deployment target that introduced a MIL op, or null when it is not a MIL op. */
export function milOpTarget(op: string): DeploymentTarget | null {
  for (const [target, ops] of MIL_OPS_BY_TARGET) if (ops.includes(op)) return target;
  return null;
}
