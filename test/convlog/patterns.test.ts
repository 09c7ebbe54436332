/**
 * The message-pattern table, one realistic log line (or two, for templates that share a pattern)
 * per pattern, printed the way its emitter prints it: a logging prefix, the `warnings.warn`
 * path form, the last line of a traceback, or bare. Then the table against coremltools' own
 * templates (../shared/research/coremltools_messages.json): every template is claimed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConversionLogText as parse } from '../../src/convlog/parser.js';
import { MESSAGE_PATTERNS } from '../../src/convlog/patterns/index.js';
import { requiredLiteral } from '../../src/convlog/matcher.js';
import type { Category, ConversionLog, OpStatus, Severity } from '../../src/convlog/model.js';
import { CORPUS_DIR } from '../helpers/corpus.js';

interface Case {
  id: string;
  /** What the log shows (may span lines). */
  log: string;
  category: Category;
  severity: Severity;
  op?: string;
  node?: string;
  /** The op lands in unsupportedOps with this status. */
  status?: OpStatus;
  /** Every op in unsupportedOps, when the message lists several. */
  ops?: string[];
  /** Silent patterns: what they extract instead of a diagnostic. */
  versions?: Record<string, string>;
  coremltools?: string;
}

const SITE = '/Users/dev/miniforge3/envs/coreml/lib/python3.11/site-packages/coremltools';
const warn = (file: string, line: number, cls: string, msg: string, src = 'warnings.warn(msg)') => `${SITE}/${file}:${line}: ${cls}: ${msg}\n  ${src}`;

const CASES: Case[] = [
  // ---- unsupported-op ----
  {
    id: 'torch.dynamic-quantized-op',
    log: "RuntimeError: PyTorch convert function for op 'quantized::linear_dynamic' not implemented.\nDynamic quantized models are not supported by Core ML.\nPlease use static quantization or the APIs in coremltools.optimize to quantize/compress models.",
    category: 'unsupported-op',
    severity: 'error',
    op: 'quantized::linear_dynamic',
    status: 'unsupported',
  },
  { id: 'torch.op-not-implemented', log: "NotImplementedError: PyTorch convert function for op 'fft_rfftn' not implemented.", category: 'unsupported-op', severity: 'error', op: 'fft_rfftn', status: 'unsupported' },
  {
    id: 'torch.dynamic-quantization',
    log: "NotImplementedError: PyTorch convert function for op 'quantized::conv2d_dynamic' not implemented.\nDynamic quantized models are not supported by Core ML.\nPlease use static quantization or the APIs in coremltools.optimize to quantize/compress models.",
    category: 'compression',
    severity: 'error',
    ops: ['quantized::conv2d_dynamic'],
  },
  { id: 'torch.error-converting-op', log: "\n\nERROR - converting 'upsample_bicubic2d' op (located at: 'decoder/up_blocks.2/upsample'):\n", category: 'unsupported-op', severity: 'error', op: 'upsample_bicubic2d', node: 'decoder/up_blocks.2/upsample', status: 'failed' },
  { id: 'torch.debug-missing-ops', log: 'the following model ops are MISSING:\n  grid_sampler_3d\n  aten::fft_rfftn', category: 'unsupported-op', severity: 'error', ops: ['grid_sampler_3d', 'fft_rfftn'] },
  { id: 'torch.debug-implemented-ops', log: 'the following model ops are IMPLEMENTED:\n  _convolution\n  relu', category: 'unsupported-op', severity: 'info', ops: [] },
  { id: 'torch.node-input-count', log: 'ValueError: node input.7 (gelu) got 2 input(s), expected [1]', category: 'unsupported-op', severity: 'error', op: 'gelu', node: 'input.7', status: 'failed' },
  { id: 'torch.node-input-count', log: 'ValueError: node hidden.3 (scaled_dot_product_attention) got 5 input(s), expected minimum 6 inputs', category: 'unsupported-op', severity: 'error', op: 'scaled_dot_product_attention', node: 'hidden.3', status: 'failed' },
  { id: 'torch.invalid-arguments', log: 'ValueError: Received invalid arguments for PyTorch conversion of op %input.9 : Tensor = aten::to(%x, %5, %6, %7, %8, %9, %10)', category: 'unsupported-op', severity: 'error', op: 'to', status: 'failed' },
  { id: 'torch.export-unsupported-fx-node', log: 'NotImplementedError: Unsupported fx node aten_unfold_default, kind unfold', category: 'unsupported-op', severity: 'error', op: 'unfold', node: 'aten_unfold_default', status: 'unsupported' },
  { id: 'torch.export-node-type', log: 'NotImplementedError: Nodes of type get_attr not yet implemented', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.export-non-call-function-node', log: 'WARNING:coremltools:For now, among all types of torch fx nodes, CoreML only supports call_function node', category: 'unsupported-op', severity: 'warning' },
  { id: 'torch.export-binding-not-var', log: 'WARNING:coremltools:Binding mean is neither a name of exisitng var in context, nor a torch string argument.', category: 'unsupported-op', severity: 'warning' },
  { id: 'torch.dim-order-non-contiguous', log: 'NotImplementedError: Core ML does not support non-contiguous dim order', category: 'unsupported-op', severity: 'error', op: '_to_dim_order_copy', status: 'failed' },
  { id: 'torch.repeat-interleave-tensor-repeats', log: 'NotImplementedError: Conversion for torch.repeat_interleave with Tensor repeats has not been implemented', category: 'unsupported-op', severity: 'error', op: 'repeat_interleave', status: 'failed' },
  { id: 'torch.div-rounding-mode', log: 'NotImplementedError: rounding mode "ceil" not supported in the "div" op', category: 'unsupported-op', severity: 'error', op: 'div', status: 'failed' },
  { id: 'torch.unique-unsorted', log: 'NotImplementedError: sorted=False not supported for unique op', category: 'unsupported-op', severity: 'error', op: 'unique', status: 'failed' },
  { id: 'torch.sdpa-dropout', log: 'NotImplementedError: A variable dropout probability is specified. Since Core ML does not support dropout yet, we cowardly refuse to convert it', category: 'unsupported-op', severity: 'error', op: 'scaled_dot_product_attention', status: 'failed' },
  { id: 'torch.sdpa-dropout', log: 'ValueError: A non-zero dropout probability is specified. Since Core ML does not support dropout yet, we cannot convert it', category: 'unsupported-op', severity: 'error', op: 'scaled_dot_product_attention', status: 'failed' },
  { id: 'torch.linalg-inv-dynamic', log: 'NotImplementedError: For non-const input, the lowering for Torch `linalg_inv` op is not supported', category: 'unsupported-op', severity: 'error', op: 'linalg_inv', status: 'failed' },
  { id: 'torch.rnn-bidirectional', log: 'NotImplementedError: Bidirectional simple RNN not supported.', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.nll-loss-ignore-index', log: 'NotImplementedError: ignore index not supported for NLLLoss.', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.max-pool-dilation', log: 'ValueError: @max_pool does not support dilation > 1', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.avg-pool-divisor-override', log: 'ValueError: divisor_override is not supported for avg_pool2d', category: 'unsupported-op', severity: 'error', op: 'avg_pool2d', status: 'failed' },
  { id: 'torch.grid-sampler-mode', log: "NotImplementedError: 'sampling_mode' not supported.", category: 'unsupported-op', severity: 'error', op: 'grid_sampler', status: 'failed' },
  { id: 'torch.grid-sampler-mode', log: "NotImplementedError: 'padding_mode' not supported.", category: 'unsupported-op', severity: 'error', op: 'grid_sampler', status: 'failed' },
  { id: 'torch.conv-transpose-output-padding', log: 'ValueError: ConvTranspose configuration of padding=0 and output_padding > 0 not supported!', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.upsample-3d', log: 'NotImplementedError: Only 1d and 2d unsampling are supported.', category: 'unsupported-op', severity: 'error' },
  { id: 'torch.index-put-slice-accumulate', log: 'NotImplementedError: If there existed any whole slice (e.g. : in x[:, 0]), only torch.index_put(..., accumulate=False) handled yet', category: 'unsupported-op', severity: 'error', op: 'index_put', status: 'failed' },
  { id: 'torch.index-put-unsupported', log: 'AssertionError: Unsupported index_put_ usage.', category: 'unsupported-op', severity: 'error', op: 'index_put', status: 'failed' },
  { id: 'torch.attribute-type-unsupported', log: 'TypeError: Type "List[Tensor]" not supported', category: 'unsupported-op', severity: 'error' },
  { id: 'tf.op-not-implemented', log: "NotImplementedError: Conversion for TF op 'Switch' not implemented.\n \nname: \"batch_normalization_1/cond/Switch\"\nop: \"Switch\"", category: 'unsupported-op', severity: 'error', op: 'Switch', node: 'batch_normalization_1/cond/Switch', status: 'unsupported' },
  { id: 'tf.parse-op-not-implemented', log: 'NotImplementedError: Op-(TensorListFromTensor) while/TensorArrayUnstack not implemented', category: 'unsupported-op', severity: 'error', op: 'TensorListFromTensor', node: 'while/TensorArrayUnstack', status: 'unsupported' },
  { id: 'tf.where-xy', log: 'NotImplementedError: tf.where with x,y will be supported by MIL::select in the future', category: 'unsupported-op', severity: 'error', op: 'Where', status: 'failed' },
  { id: 'tf.resize-nearest-mode', log: 'NotImplementedError: ResizeNearestNeighbor op with align_corners=Trueand half_pixel_centers=True not supported', category: 'unsupported-op', severity: 'error', op: 'ResizeNearestNeighbor', status: 'failed' },
  { id: 'tf.resize-bilinear-mode', log: 'ValueError: "ResizeBilinear" op: "align_corners" and "half_pixel_centers" are both True and this mode is not supported', category: 'unsupported-op', severity: 'error', op: 'ResizeBilinear', status: 'failed' },
  { id: 'tf.affine-transform', log: "NotImplementedError: 'affine' op with 'transforms' contains non-zero c0 or c1 is not supported, Got: [[1. 0. 0. 0. 1. 0. 0.001 0.]]", category: 'unsupported-op', severity: 'error' },
  { id: 'tf.custom-padding', log: 'NotImplementedError: Custom padding not implemented for TF', category: 'unsupported-op', severity: 'error' },
  { id: 'onnx.unsupported-ops', log: 'NotImplementedError: Unsupported ONNX ops of type: Cast,Floor', category: 'unsupported-op', severity: 'error', ops: ['Cast', 'Floor'] },
  { id: 'onnx.node-not-supported', log: 'TypeError: ONNX node of type NonZero is not supported.', category: 'unsupported-op', severity: 'error', op: 'NonZero', status: 'unsupported' },
  { id: 'onnx.op-configuration', log: 'TypeError: Error while converting op of type: Resize. Error message: Unsupported mode cubic', category: 'unsupported-op', severity: 'error', op: 'Resize', status: 'failed' },
  { id: 'mil.nn-backend-op-unsupported', log: 'NotImplementedError: Op scaled_dot_product_attention is used in the source model. This op is not supported by the NeuralNetwork (compatibility with MacOS < 12, iOS < 15) model type. To successfully convert this model, convert to the ML Program model type (minimum target MacOS 12, iOS 15 and later).', category: 'unsupported-op', severity: 'error', op: 'scaled_dot_product_attention', status: 'unsupported' },
  { id: 'nn.dynamic-grouped-conv', log: 'NotImplementedError: Convolution with dynamic weights and groups > 1 is not supported on the neuralnetwork backend. Please use the mlprogram backend (convert_to="mlprogram")', category: 'unsupported-op', severity: 'error', op: 'conv', status: 'failed' },
  { id: 'nn.batch-to-space-block-shape', log: "ValueError: batch_to_space non-equal block shape is not supported in 'neuralnetwork' backend! Please change the convert_to to 'mlprogram'.", category: 'unsupported-op', severity: 'error', op: 'batch_to_space', status: 'failed' },
  { id: 'mil.non-core-dialect-op', log: 'ValueError: Core ML only support core opset. Got unsupported op "upsample_0" with type "torch_upsample_nearest_neighbor" of dialect namespace "torch".', category: 'unsupported-op', severity: 'error', op: 'torch_upsample_nearest_neighbor', node: 'upsample_0', status: 'failed' },
  { id: 'mil.value-inference-unsupported', log: "NotImplementedError: Implementation of value_inference() for op slice_by_index doesn't support input with VALUE", category: 'other', severity: 'error', op: 'slice_by_index' },

  // ---- dtype ----
  { id: 'mil.input-dtype-mismatch', log: 'ValueError: Op "1309" (op_type: inverse) Input x="1308" expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got tensor[1,int32]', category: 'dtype', severity: 'error', op: 'inverse', node: '1309', status: 'failed' },
  { id: 'mil.input-dtypes-differ', log: 'ValueError: In op, of type add, named add_3, the named input `y` must have the same data type as the named input `x`. However, y has dtype int32 whereas x has dtype fp32.', category: 'dtype', severity: 'error', op: 'add', node: 'add_3', status: 'failed' },
  { id: 'torch.input-int64-downcast', log: 'WARNING:coremltools:int64 dtype input input_ids down casted to int32.', category: 'dtype', severity: 'info' },
  { id: 'torch.input-fp64-downcast', log: 'WARNING:coremltools:fp64 dtype input x down casted to fp32.', category: 'dtype', severity: 'info' },
  { id: 'torch.cast-best-effort', log: 'WARNING:coremltools:The int64 is not supported by cast op. Will do best-effort cast to int32', category: 'dtype', severity: 'warning' },
  { id: 'torch.to-unsupported-dtype', log: "ValueError: Unsupported `to` op (x.7) with target dtype <class 'numpy.complex64'>", category: 'dtype', severity: 'error', op: 'to', node: 'x.7', status: 'failed' },
  { id: 'torch.tensor-cast-unsupported', log: 'NotImplementedError: Tensor type torch.complex64 cast is not supported.', category: 'dtype', severity: 'error' },
  { id: 'torch.state-cast-fp16', log: 'WARNING:coremltools:Core ML only supports fp16 states, so buffer k_cache has been cast to fp16', category: 'dtype', severity: 'warning' },
  { id: 'torch.export-int16-input', log: 'WARNING:coremltools:Core ML does not support int16 input, so input audio has been cast to int32', category: 'dtype', severity: 'info' },
  {
    id: 'mil.io-input-dtype-changed',
    log: "WARNING:coremltools:\nInput 'mask' is of dtype bool. The Core ML I/O does not support this dtype (supported dtypes are: int32, fp32, fp16). Consider setting `minimum_deployment_target` to a higher IOS version for more supported dtypes. This input is changed to int32.\n",
    category: 'dtype',
    severity: 'warning',
  },
  { id: 'mil.io-input-dtype-changed-no-cast', log: "WARNING:coremltools:The original input dtype int64 is not supported in Core ML Runtime (supported dtypes are: int32, fp32). Consider setting `minimum_deployment_target` to a higher IOS version for more supported dtypes. We just changed the dtype and won't insert any cast op.", category: 'dtype', severity: 'warning' },
  {
    id: 'mil.io-output-dtype-changed',
    log: "WARNING:coremltools:\nOutput 'logits' is of dtype fp16. The Core ML runtime does not support outputs with this dtype (supported dtypes are: ['int32', 'fp32']). This output will changed to fp32 by adding a cast op at the end of the program.\n",
    category: 'dtype',
    severity: 'warning',
  },
  { id: 'mil.io-input-dtype-notsupported', log: "WARNING:coremltools:Input 'tokens' is of dtype int64, which is notsupported by the Core ML runtime. This input will be changed to int32. No cast will be inserted.", category: 'dtype', severity: 'warning' },
  { id: 'mil.mlprogram-io-dtype', log: 'NotImplementedError: Input x_1 has data type int8. ML Program models only support fp32 and int32 inputs.', category: 'dtype', severity: 'error' },
  { id: 'nn.output-cast-fp32', log: 'WARNING:root:Output var argmax_0 of type i32 in function main is cast to type fp32', category: 'dtype', severity: 'info' },
  { id: 'mil.cast-dtype-unsupported', log: "NotImplementedError: Parameter dtype of the cast operation can be one of the {'int32', 'fp16', 'fp32', 'bool'}. Provided int64", category: 'dtype', severity: 'error', op: 'cast', status: 'failed' },
  { id: 'mil.numpy-type-unsupported', log: "TypeError: Unsupported numpy type: <class 'numpy.uint64'>.", category: 'dtype', severity: 'error' },
  { id: 'api.io-dtype-unsupported', log: "TypeError: dtype=<class 'numpy.float64'> is unsupported for inputs/outputs of the model", category: 'dtype', severity: 'error' },
  { id: 'tf.cast-dtype-unsupported', log: 'NotImplementedError: Cast: Provided destination type complex64 not supported.', category: 'dtype', severity: 'error', op: 'Cast', status: 'failed' },

  // ---- shape/dynamic ----
  { id: 'mil.rank-above-5', log: 'ValueError: Core ML only supports tensors with rank <= 5. Layer "reshape_16", with type "reshape", outputs a rank 6 tensor. ', category: 'shape/dynamic', severity: 'error', op: 'reshape', node: 'reshape_16', status: 'failed' },
  { id: 'mil.list-rank-above-4', log: 'ValueError: Core ML only supports list of elements with rank <= 4. Layer "list_0", with type "make_list", outputs a list of rank 5 tensors.', category: 'shape/dynamic', severity: 'error', op: 'make_list', node: 'list_0', status: 'failed' },
  { id: 'torch.rank-above-5', log: 'NotImplementedError: Core ML only supports tensor rank <= 5.', category: 'shape/dynamic', severity: 'error' },
  { id: 'mil.input-not-const', log: "ValueError: ('Op \"706\" (op_type: conv_transpose) Input weight must be const at compile time', 'weight', 'wi_center')", category: 'shape/dynamic', severity: 'error', op: 'conv_transpose', node: '706', status: 'failed' },
  { id: 'api.range-dim-unbounded', log: 'ValueError: For mlprogram, inputs with infinite upper_bound is not allowed. Please set upper_bound to a positive value in "RangeDim()" for the "inputs" param in ct.convert().', category: 'shape/dynamic', severity: 'error' },
  {
    id: 'mil.flexible-shape-defaults',
    log: warn('converters/mil/backend/mil/load.py', 845, 'UserWarning', 'Some dimensions in the input shape are unknown, hence they are set to flexible ranges with lower bound and default value = 1, and upper bound = 2. To set different values for the default shape and upper bound, please use the ct.mil_input_types.RangeDim() method as described here: https://coremltools.readme.io/docs/flexible-inputs#set-the-range-for-each-dimension.'),
    category: 'shape/dynamic',
    severity: 'warning',
  },
  { id: 'tf.none-dim-in-placeholder', log: warn('converters/mil/backend/mil/load.py', 855, 'UserWarning', 'There is "None" dim in TF input placeholder. Please consider specifying input shapes by using the "inputs" param in ct.convert().'), category: 'shape/dynamic', severity: 'warning' },
  { id: 'mil.shape-default-1', log: 'WARNING:coremltools:Input shape not fully specified by enumerated shapes or range dim! 1 will be used for dimension not specified instead.', category: 'shape/dynamic', severity: 'warning' },
  { id: 'mil.variable-rank-input', log: 'ValueError: Variable rank model inputs are not supported!', category: 'shape/dynamic', severity: 'error' },
  { id: 'mil.reckless-broadcast', log: 'WARNING:coremltools:Recklessly broadcast [is0, is1] to is0', category: 'shape/dynamic', severity: 'warning' },
  { id: 'mil.reckless-broadcast', log: 'WARNING:coremltools:Recklessly broadcast [is3] and [1, 4] to is3', category: 'shape/dynamic', severity: 'warning' },
  { id: 'tf.symbolic-dims-assumed-equal', log: 'WARNING:root:Symbolic dim is2 and is7 assumed to be equal', category: 'shape/dynamic', severity: 'warning' },
  { id: 'tf.shape-inference-mismatch', log: 'ValueError: Op conv2d/Conv2D (Conv2D) type inference ((1, 32, 15, 15, fp32)) and TF output shape ((1, 32, 16, 16)) mismatch', category: 'shape/dynamic', severity: 'error', op: 'Conv2D', node: 'conv2d/Conv2D', status: 'failed' },
  { id: 'torch.adaptive-pool-dynamic', log: 'ValueError: Adaptive pooling is only supported when input tensor size is known or output size == (1,1). Received: input size == (1, 512, is0, is1), output size == [7, 7]', category: 'shape/dynamic', severity: 'error' },
  { id: 'torch.upsample-dynamic-scale', log: 'NotImplementedError: Dynamic scale factors are not supported for the upsample op input.57', category: 'shape/dynamic', severity: 'error', node: 'input.57' },
  { id: 'torch.linspace-dynamic-steps', log: 'NotImplementedError: Dynamic steps input for torch.linspace is not supported. Please use torch.arange instead', category: 'shape/dynamic', severity: 'error', op: 'linspace', status: 'failed' },
  { id: 'torch.loop-shape-change', log: 'WARNING:coremltools:detected change in shape of loop variable. this could lead to incorrect inference results!', category: 'shape/dynamic', severity: 'warning', op: 'loop' },
  { id: 'torch.pool-ceil-mode-symbolic', log: 'WARNING:coremltools:pooling padding adjusted to support ceil_mode=True, for symbolic dimension.Output shape of the pool op maybe be wrong for certain input shapes.', category: 'shape/dynamic', severity: 'warning' },
  { id: 'torch.pool-ceil-mode', log: 'WARNING:root:pooling padding adjusted to support ceil_mode=True', category: 'shape/dynamic', severity: 'info' },
  { id: 'torch.tile-dynamic-dims', log: 'ValueError: The `dims` input for torch.tile must be static (tuple of ints).', category: 'shape/dynamic', severity: 'error', op: 'tile', status: 'failed' },
  { id: 'torch.dim-not-static', log: 'ValueError: Only compile time known dim supported yet', category: 'shape/dynamic', severity: 'error' },
  { id: 'torch.dynamic-padding-nd', log: 'NotImplementedError: Dynamic padding for n-dimensional tensors is not supported. Received 4 padding values. Only 1D dynamic padding (2 values) is supported.', category: 'shape/dynamic', severity: 'error' },
  { id: 'mil.rank0-input-warning', log: 'WARNING:coremltools:Rank-0 (input step) is unsupported in coreml. You might run into error while                running this model', category: 'shape/dynamic', severity: 'warning' },
  { id: 'mil.rank0-input', log: 'ValueError: Rank-0 (input step) is unsupported', category: 'shape/dynamic', severity: 'error' },
  { id: 'torch.export-scalar-input-wrapped', log: 'WARNING:coremltools:Core ML does not support scalar input, so temperature has been wrapped as rank-1 size-1 tensor', category: 'shape/dynamic', severity: 'info' },
  { id: 'torch.export-symbolic-size-expression', log: 'ValueError: Core ML does not support size variables that are expressions of symbolic variables, but got 2*s0 in tensor x.', category: 'shape/dynamic', severity: 'error' },
  { id: 'torch.input-count-mismatch', log: 'ValueError: Number of TorchScript inputs (3) must match the user provided inputs (2).', category: 'shape/dynamic', severity: 'error' },
  { id: 'torch.input-shape-missing', log: "ValueError: 'shape' must be provided in the 'inputs' argument for pytorch conversion", category: 'shape/dynamic', severity: 'error' },
  { id: 'api.torchscript-inputs-missing', log: 'ValueError: Expected argument "inputs" for TorchScript models not provided', category: 'shape/dynamic', severity: 'error' },
  { id: 'mil.reshape-invalid-shape', log: 'ValueError: Invalid target shape in `reshape` op ((1, 197, 768) to [1, 196, 12, 64]).', category: 'shape/dynamic', severity: 'error', op: 'reshape', status: 'failed' },
  { id: 'mil.zero-sized-tensor', log: 'WARNING:coremltools:slice_by_index_12 seems to be a 0 sized tensor', category: 'shape/dynamic', severity: 'warning' },

  // ---- deployment-target ----
  {
    id: 'convert.default-target',
    log: 'When both \'convert_to\' and \'minimum_deployment_target\' not specified, \'convert_to\' is set to "mlprogram" and \'minimum_deployment_target\' is set to ct.target.iOS15 (which is same as ct.target.macOS12). Note: the model will not run on systems older than iOS15/macOS12/watchOS8/tvOS15.',
    category: 'deployment-target',
    severity: 'info',
  },
  // 7.x spelled the second name 'minimum_deployment_targer'.
  { id: 'convert.default-target', log: 'When both \'convert_to\' and \'minimum_deployment_target\' not specified, \'convert_to\' is set to "mlprogram" and \'minimum_deployment_targer\' is set to ct.target.iOS15 (which is same as ct.target.macOS12).', category: 'deployment-target', severity: 'info' },
  { id: 'mil.op-needs-newer-target', log: 'ValueError: No available version for scaled_dot_product_attention in the coremltools.target.iOS17 opset. Please update the minimum_deployment_target to at least coremltools.target.iOS18', category: 'deployment-target', severity: 'error', op: 'scaled_dot_product_attention', status: 'failed' },
  { id: 'mil.op-needs-newer-target', log: 'ValueError: No available version for gather_nd in the AvailableTarget.iOS15 opset. Please update the minimum_deployment_target to at least AvailableTarget.iOS16', category: 'deployment-target', severity: 'error', op: 'gather_nd', status: 'failed' },
  { id: 'nn.target-too-old-for-features', log: 'ValueError: Provided minimum deployment target requires model to be of version 4 but converted model uses following features which are available from version 5 onwards. Please use a higher minimum deployment target to convert. \n    1. Cumsum operation\n', category: 'deployment-target', severity: 'error' },
  { id: 'nn.target-too-old-for-model', log: 'ValueError: Provided deployment target requires model to be of version 4 but converted model has version 5 suitable for later releases', category: 'deployment-target', severity: 'error' },
  { id: 'api.unrecognized-target', log: "TypeError: Unrecognized value of argument 'minimum_deployment_target': iOS16. It needs to be a member of 'coremltools.target' enumeration. For example, coremltools.target.iOS13", category: 'deployment-target', severity: 'error' },
  { id: 'api.mlprogram-target-too-old', log: "ValueError: When 'convert_to' is mlprogram, the minimum deployment target must be at least iOS15/macOS12/watchOS8/tvOS15", category: 'deployment-target', severity: 'error' },
  { id: 'api.neuralnetwork-target-too-new', log: "ValueError: If minimum deployment target is iOS15/macOS12/watchOS8/tvOS15 or higher, then 'convert_to' cannot be neuralnetwork. It must be 'mlprogram'", category: 'deployment-target', severity: 'error' },
  { id: 'api.fp16-input-target', log: 'TypeError: float16 dtype for inputs is only supported for deployment target >= iOS16/macOS13/watchOS9/tvOS16', category: 'deployment-target', severity: 'error' },
  { id: 'api.int8-input-target', log: 'TypeError: int8 dtype for inputs is only supported for deployment target >= iOS26', category: 'deployment-target', severity: 'error' },
  { id: 'api.int8-dtype-target', log: 'WARNING:coremltools:A dtype of int8 will only work with a minimum_deployment_target iOS26 or higher.', category: 'deployment-target', severity: 'warning' },
  { id: 'torch.state-target', log: 'ValueError: State model is supported only >= iOS18. Please update the minimum_deployment_target to at least coremltools.target.iOS18', category: 'deployment-target', severity: 'error' },
  { id: 'torch.fp16-input-target', log: 'ValueError: To use fp16 input, please set minimum deployment target to iOS16+', category: 'deployment-target', severity: 'error' },
  { id: 'torch.palettization-per-channel-scale-target', log: 'ValueError: The palettization with per-channel-scale is only supported in iOS18+. Please set the minimum_deployment_target to iOS18 or later.', category: 'deployment-target', severity: 'error' },
  { id: 'torch.joint-compression-target', log: "ValueError: The joint compression (more than one values in 'compression_type') is only supported in iOS18+. Please set minimum_deployment_target to iOS18 or later.", category: 'deployment-target', severity: 'error' },
  { id: 'torch.topk-unsorted-target', log: 'Exception: For opset <= iOS16, only sorted=True supported for the topk', category: 'deployment-target', severity: 'error', op: 'topk', status: 'failed' },
  { id: 'tf.resize-dynamic-scale', log: 'ValueError: Cannot determine the scale factor for the resize layer. Please make sure the target size is known statically, or use mul op to get the target size. If the target size has to be dynamic, pleaseset minimum_deployment_target to iOS17 during conversion.', category: 'deployment-target', severity: 'error' },
  { id: 'tf.resize-bilinear-dynamic-size', log: 'ValueError: "ResizeBilinear" op: the second input, which is the output size, must be known statically. Consider setting minimum_deployment_target to iOS17 during conversion.', category: 'deployment-target', severity: 'error', op: 'ResizeBilinear', status: 'failed' },
  { id: 'tf.gather-slow-target', log: 'WARNING:coremltools:The implementation of gather/gather_nd for iOS15 and older is not efficient. Highly recommend  set minimum_deployment_target=coremltools.target.iOS16 in the coremltools.convert() function.', category: 'deployment-target', severity: 'warning' },
  { id: 'mil.fp16-output-target', log: 'WARNING:coremltools:fp16 dtype output is supported if function.opset_version is chosen to be at least iOS16/macOS13.\n', category: 'deployment-target', severity: 'info' },
  { id: 'mil.multifunction-target', log: 'ValueError: minimum_deployment_target for multi-functions export should be iOS18+.', category: 'deployment-target', severity: 'error' },
  { id: 'optimize.opset-too-old', log: "WARNING:coremltools:The program's opset is not compatible with AvailableTarget.iOS18. Skipped the compression pass <class 'coremltools.optimize.coreml._quantization_passes.palettize_weights'>.", category: 'deployment-target', severity: 'warning' },
  { id: 'api.enumerated-shapes-target', log: 'ValueError: Expected a single enumerated shape input for deployment targets below iOS 18, but found 2. Please ensure only one input with EnumeratedShapes type is present.', category: 'deployment-target', severity: 'error' },

  // ---- compression ----
  { id: 'torch.dynamic-activation-quantization', log: 'NotImplementedError: Dynamic activation quantization is not supported in Core ML.', category: 'compression', severity: 'error' },
  { id: 'torch.compression-info-ignored', log: 'WARNING:coremltools:Failed to create a compression op based on the compression info carried by layer1.0.conv1.weight in the torch model. Ignored the compression info and constructed a normal const. Detailed error message:\nlut shape mismatch', category: 'compression', severity: 'warning' },
  { id: 'torch.compression-below-4bit', log: 'WARNING:coremltools:Core ML does not support less than 4-bit compression, so 4 bit is used instead', category: 'compression', severity: 'warning' },
  { id: 'torch.quantization-range', log: 'ValueError: Unsupported quantization range: 0 to 65535.  CoreML only supports 4-bit and 8-bit quantization.', category: 'compression', severity: 'error' },
  { id: 'optimize.palettize-channels-not-divisible', log: "WARNING:coremltools:Can't perform palettization: The number of channels at 0th axis (30) is not divisible by channel_group_size (16).", category: 'compression', severity: 'warning' },
  { id: 'optimize.palettize-cluster-dim', log: "WARNING:coremltools:Can't perform palettization: The channel_group_size at 0th axis (6) is not divisible by cluster_dim (4).", category: 'compression', severity: 'warning' },
  { id: 'optimize.op-skipped', log: 'WARNING:coremltools:Cannot perform palettization on conv_3_weight_0. Skipped this op.', category: 'compression', severity: 'warning', node: 'conv_3_weight_0' },
  { id: 'optimize.op-skipped', log: 'WARNING:coremltools:Cannot perform quantization on linear_0_weight. Skipped this op.', category: 'compression', severity: 'warning', node: 'linear_0_weight' },
  { id: 'optimize.quantize-inf', log: 'WARNING:coremltools:The const attn_mask has inf/-inf, which is not supported by quantization. Skipped.', category: 'compression', severity: 'warning', node: 'attn_mask' },
  { id: 'optimize.sparsity-too-low', log: 'WARNING:coremltools:weight value has sparsity of 0.1 < minimum_sparsity_percentile 0.3. Skipped.', category: 'compression', severity: 'info' },
  { id: 'optimize.op-config-not-applicable', log: 'WARNING:coremltools:op named conv_0 not applicable for OpMagnitudePrunerConfig(target_sparsity=None, block_size=None, n_m_ratio=(2, 4), dim=None, weight_threshold=2048) configuration. Skipped.', category: 'compression', severity: 'warning', node: 'conv_0' },
  { id: 'optimize.nm-pruning-not-applicable', log: 'WARNING:coremltools:m > channel / 2 is not applicable for n:m pruning. Got m = 4, channel = 6. Skipped.', category: 'compression', severity: 'warning' },
  { id: 'optimize.block-size-invalid', log: 'WARNING:coremltools:Invalid block_sizes; On 1th axis, the dim size 100 is not divisible by block size 32. Unable to perform structured quantization.', category: 'compression', severity: 'warning' },
  { id: 'mil.const-elimination-skipped', log: 'WARNING:coremltools:The output (%rope_cos: (1, 2048, 64, fp16)(Tensor)) of op %rope_cos: (1, 2048, 64, fp16)(Tensor) = cos(x=%pos, name="rope_cos")\n is skipped in const elimination pass because its val size (131072) is larger than threshold (100000.0).', category: 'compression', severity: 'info' },

  // ---- precision ----
  { id: 'mil.value-downcast', log: 'Saving value type of int64 into a builtin type of int32, might lose precision!', category: 'precision', severity: 'warning' },
  { id: 'mil.value-downcast', log: 'WARNING:coremltools:Saving value type of int64 into a builtin type of int32, might overflow or loses precision!', category: 'precision', severity: 'warning' },
  { id: 'mil.complex-to-real', log: 'WARNING:coremltools:ComplexWarning: Casting complex to real discards the imaginary part.', category: 'precision', severity: 'warning' },
  { id: 'torch.activation-4bit', log: 'WARNING:coremltools:Core ML does not support 4-bit activation, so torch.quint8 is used instead', category: 'precision', severity: 'warning' },
  { id: 'torch.float-qparams-qscheme', log: "WARNING:coremltools:Found per_channel_affine_float_qparams qscheme, which isn't directly supported by coremltools. Casting zero-points to quantized type loses some precision.", category: 'precision', severity: 'warning' },
  { id: 'torch.int4pack-mm-torchao', log: 'WARNING:coremltools:The current conversion of `_weight_int4pack_mm` op only works with model produced by torchao. If the op is produced by other libs, you may observe large numerical discrepancy.', category: 'precision', severity: 'warning', op: '_weight_int4pack_mm' },
  { id: 'api.compute-precision-neuralnetwork', log: "ValueError: compute_precision is only supported for mlprogram target and must be None if target=='neuralnetwork'. Note that target may be implicitly set depending on the minimum_deployment_target. See minimum_deployment_target for more details.", category: 'precision', severity: 'error' },
  { id: 'mil.conv-bias-cast', log: 'WARNING:coremltools:conv_bias_fusion pass: casting bias from fp32 to fp16 to match the dtype of the weight of the conv layer', category: 'precision', severity: 'info' },
  { id: 'utils.chunk-psnr-low', log: 'WARNING:coremltools:28.4 dB is low!', category: 'precision', severity: 'warning' },
  { id: 'nn.upsample-scale-fallback', log: "WARNING:coremltools:Unsupported float type 'scale_factor_height' (1.5) for neuralnetwork. Falling back to bilinear interpolation.", category: 'precision', severity: 'warning' },
  { id: 'tf.resize-nearest-approximation', log: 'WARNING:coremltools:Using upsample_nearest_neighbor to approximate resize_nearest_neighbor.', category: 'precision', severity: 'warning' },
  { id: 'tf.soft-nms-ignored', log: 'WARNING:coremltools:NonMaxSuppressionV5 with soft_nms_sigma != 0 not supported. Setting soft_nms_sigma to zero.', category: 'precision', severity: 'warning', op: 'NonMaxSuppressionV5' },

  // ---- version-compat ----
  { id: 'env.untested-library-version', log: 'Torch version 2.9.1 has not been tested with coremltools. You may run into unexpected errors. Torch 2.7.0 is the most recent version that has been tested.', category: 'version-compat', severity: 'warning', versions: { torch: '2.9.1' }, coremltools: '9.0' },
  { id: 'env.sklearn-unsupported', log: 'scikit-learn version 1.6.1 is not supported. Minimum required version: 0.17. Maximum required version: 1.5.1. Disabling scikit-learn conversion API.', category: 'version-compat', severity: 'info', versions: { 'scikit-learn': '1.6.1' } },
  { id: 'env.tf-version-detected', log: 'WARNING:root:TensorFlow version 2.5.0 detected. Last version known to be fully compatible is 2.3.1 .', category: 'version-compat', severity: 'warning', versions: { tensorflow: '2.5.0' } },
  { id: 'env.libcoremlpython-missing', log: "Failed to load _MLModelProxy: No module named 'coremltools.libcoremlpython'", category: 'version-compat', severity: 'info' },
  { id: 'env.predict-unavailable', log: warn('models/model.py', 663, 'RuntimeWarning', 'You will not be able to run predict() on this Core ML model. Underlying exception message was: Error compiling model: "compiler error: Encountered an error while compiling a neural network model".', '_warnings.warn('), category: 'version-compat', severity: 'warning' },
  { id: 'env.mlmodel-proxy-load-failed', log: "Failed to load _MLModelProxy: dlopen(/Users/dev/venv/lib/python3.13/site-packages/coremltools/libcoremlpython.so, 0x0002): symbol not found in flat namespace '_PyCMethod_New'", category: 'version-compat', severity: 'warning' },
  { id: 'env.tf-version-unsupported', log: 'WARNING:root:TensorFlow version 1.12.0 is not supported. Minimum required version: 1.14.0 .TensorFlow conversion will be disabled.', category: 'version-compat', severity: 'warning', versions: { tensorflow: '1.12.0' } },
  { id: 'env.tf1-support-ending', log: 'WARNING:coremltools:Coremltools will drop support for conversion from TensorFlow 1.x models in the next release.', category: 'version-compat', severity: 'info' },
  { id: 'env.optimize-torch-version', log: 'WARNING:coremltools:Minimum required torch version for importing coremltools.optimize.torch is 2.1.0. Got torch version 1.13.1.', category: 'version-compat', severity: 'warning', versions: { torch: '1.13.1' } },
  { id: 'env.python37-support-ending', log: 'WARNING:coremltools:Coremltools will drop support for Python 3.7 in the next release.', category: 'version-compat', severity: 'info', versions: { python: '3.7' } },
  { id: 'env.mlpackage-predict-macos', log: 'Exception: predict() for .mlpackage is not supported in macOS version older than 12.0.', category: 'version-compat', severity: 'error' },
  { id: 'env.predict-macos-only', log: 'Exception: Model prediction is only supported on macOS version 10.13 or later.', category: 'version-compat', severity: 'error' },
  { id: 'env.spec-newer-than-os', log: 'Exception: The specification has version 9 but the Core ML framework version installed only supports Core ML model specification version 7 or older.', category: 'version-compat', severity: 'error' },
  { id: 'env.milstorage-missing', log: "Fail to import BlobWriter from libmilstoragepython. No module named 'coremltools.libmilstoragepython'", category: 'version-compat', severity: 'warning' },
  { id: 'env.milstorage-missing', log: "Fail to import BlobReader from libmilstoragepython. No module named 'coremltools.libmilstoragepython'", category: 'version-compat', severity: 'warning' },
  { id: 'env.blobwriter-not-loaded', log: 'RuntimeError: BlobWriter not loaded', category: 'version-compat', severity: 'error' },
  { id: 'api.tensorflow-missing', log: 'ValueError: Converter was called with source="tensorflow", but missing tensorflow package', category: 'version-compat', severity: 'error' },
  { id: 'api.source-undetermined', log: 'ValueError: Unable to determine the type of the model, i.e. the source framework. Please provide the value of argument "source", from one of ["tensorflow", "pytorch", "milinternal"].', category: 'version-compat', severity: 'error' },
  { id: 'torch.export-dialect', log: 'NotImplementedError: Conversion for models with only ATEN or EDGE dialect is supported/tested. Provided Dialect: TRAINING', category: 'version-compat', severity: 'error' },
  { id: 'api.convert-to-renamed', log: warn('converters/mil/converter.py', 210, 'UserWarning', "Please use 'neuralnetwork' instead of 'nn_proto' with the 'convert_to' argument. The latter will be removed in the future."), category: 'version-compat', severity: 'warning' },
  { id: 'api.deprecated-function', log: warn('models/_deprecation.py', 27, 'FutureWarning', 'Function _TORCH_OPS_REGISTRY.__contains__ is deprecated and will be removed in 7.2.; Please use coremltools.converters.mil.frontend.torch.register_torch_op', 'warnings.warn(msg, category=FutureWarning)'), category: 'version-compat', severity: 'warning', coremltools: '<=7.1' },
  { id: 'api.deprecated-function', log: warn('models/_deprecation.py', 27, 'DeprecationWarning', 'Class coremltools.models.MLModel.ModelLoader is deprecated and will be removed in 9.0.', 'warnings.warn(msg, category=DeprecationWarning)'), category: 'version-compat', severity: 'warning', coremltools: '<=8.99' },
  { id: 'user.coremltools-version-printed', log: 'coremltools version: 8.3.0', category: 'version-compat', severity: 'info', coremltools: '8.3.0' },
  { id: 'user.torch-version-printed', log: 'torch.__version__ = 2.5.1+cu121', category: 'version-compat', severity: 'info', versions: { torch: '2.5.1+cu121' } },
  { id: 'env.coremltools-installed', log: 'Successfully installed coremltools-7.2 pyaml-24.4.0', category: 'version-compat', severity: 'info', coremltools: '7.2' },

  // ---- other ----
  { id: 'torch.tuple-output', log: 'WARNING:coremltools:Tuple detected at graph output. This will be flattened in the converted model.', category: 'other', severity: 'info' },
  { id: 'torch.tuple-output', log: 'WARNING:root:Tuple detected at graph input. This will be flattened in the converted model.', category: 'other', severity: 'info' },
  { id: 'torch.var-added-again', log: 'WARNING:coremltools:Torch var k_cache.1 is added again.', category: 'other', severity: 'info' },
  { id: 'torch.model-not-eval', log: "WARNING:coremltools:Model is not in eval mode. Consider calling '.eval()' on your model prior to conversion", category: 'other', severity: 'warning' },
  { id: 'torch.scripted-model', log: 'WARNING:root:Support for converting Torch Script Models is experimental. If possible you should use a traced model for conversion.', category: 'other', severity: 'warning' },
  { id: 'mil.io-renamed', log: warn('converters/mil/mil/passes/defs/preprocess.py', 245, 'UserWarning', "Input, 'input.1', of the source model, has been renamed to 'input_1' in the Core ML model."), category: 'other', severity: 'info' },
  { id: 'mil.io-renamed', log: warn('converters/mil/mil/passes/defs/preprocess.py', 273, 'UserWarning', "Output, '1024', of the source model, has been renamed to 'var_1024' in the Core ML model."), category: 'other', severity: 'info' },
  { id: 'torch.none-output-dropped', log: 'WARNING:coremltools:Dropping output None which is None', category: 'other', severity: 'warning' },
  { id: 'torch.output-count-mismatch', log: 'ValueError: Number of outputs provided, 2, do not match the number of outputs detected in the model, 3.', category: 'other', severity: 'error' },
  { id: 'torch.load-failed', log: 'ERROR:coremltools:\n\nERROR - Could not load the PyTorch model. Got the following error:\n', category: 'other', severity: 'error' },
  { id: 'mil.graph-pass-error', log: "ERROR:coremltools:\n\nERROR - 'common::fuse_layernorm_or_instancenorm' graph pass produces the following error:\n", category: 'other', severity: 'error' },
  { id: 'mil.experimental-pass', log: 'WARNING:coremltools:The graph pass common::fuse_pow2_sqrt is under experimental development, and the API could be changed in the future.', category: 'other', severity: 'info' },
  { id: 'torch.export-input-mutation', log: 'ValueError: Core ML cannot handle user input mutation, because Core ML distinguishes input (immutable) and state (mutable). You have 2 options:\n1. If mutation is intentional and necessary to carry over, then please replace input with buffer by your torch model.register_buffer then re-export', category: 'other', severity: 'error' },
  { id: 'torch.pack-padded-sequence', log: 'WARNING:coremltools:Encountered a _pack_padded_sequence layer. The implementation of translating pack/unpack op        in pytorch is not efficient due to the current limitation of Core ML. Removing the pack-unpack logic         and use a fixed batch size model is recommended.', category: 'other', severity: 'warning', op: '_pack_padded_sequence' },
  { id: 'torch.embedding-args-ignored', log: 'WARNING:coremltools:Core ML embedding (gather) layer does not support any inputs besides the weights and indices. Those given will be ignored.', category: 'other', severity: 'warning', op: 'embedding' },
  { id: 'mil.required-input-missing', log: 'ValueError: Op "linear_4" (op_type: linear) Required input weight is missing', category: 'other', severity: 'error', op: 'linear', node: 'linear_4', status: 'failed' },
  { id: 'mil.symbol-renamed', log: 'WARNING:coremltools:Symbol name "is0" already occupied. Renaming to is03', category: 'other', severity: 'info' },
  { id: 'api.model-type', log: "TypeError: Model must either be a TorchScript object (or .pt or .pth file) or an ExportedProgram object (if using torch.export based API), received: <class 'transformers.models.bert.modeling_bert.BertModel'>", category: 'other', severity: 'error' },
  // ---- around a conversion: the trace check, Python's and numpy's warnings, runtime ----
  { id: 'torch.trace-check-failed', log: warn('../torch/jit/_trace.py', 1084, 'TracerWarning', 'Output nr 1. of the traced function does not match the corresponding output of the python function. Detailed error:', '_check_trace(').replace(SITE + '/../', '/Users/dev/miniforge3/envs/coreml/lib/python3.11/site-packages/'), category: 'shape/dynamic', severity: 'warning' },
  { id: 'torch.trace-check-mismatch', log: 'Mismatched elements: 262140 / 262144 (100.0%)', category: 'shape/dynamic', severity: 'warning' },
  { id: 'torch.trace-check-difference', log: 'Greatest absolute difference: 3.125626564025879 at index (0, 401, 0, 52) (up to 1e-05 allowed)', category: 'shape/dynamic', severity: 'warning' },
  { id: 'torch.trace-check-source', log: 'Ran 1 test in 28.670s\n\n  _check_trace(', category: 'shape/dynamic', severity: 'warning' },
  { id: 'python.runpy-sys-modules', log: "<frozen runpy>:128: RuntimeWarning: 'coremltools.converters.convert' found in sys.modules after import of package 'coremltools.converters', but prior to execution of 'coremltools.converters.convert'; this may result in unpredictable behaviour", category: 'other', severity: 'info' },
  { id: 'numpy.fp16-overflow-cast', log: '/Users/dev/miniforge3/envs/coreml/lib/python3.11/site-packages/numpy/core/_methods.py:41: RuntimeWarning: overflow encountered in cast\n  return umr_maximum(a, axis, None, out, keepdims, initial, where)', category: 'precision', severity: 'warning' },
  { id: 'env.libcoremlpython-cut', log: 'Failed to load _MLModelProxy: N', category: 'version-compat', severity: 'info' },
  { id: 'runtime.mil-parse-error', log: 'RuntimeError: Error compiling model: "Failed to parse the model specification. Error: Unable to parse ML Program: at unknown location: Error parsing MIL model".', category: 'deployment-target', severity: 'error' },
  { id: 'runtime.coreml-error', log: 'Error Domain=com.apple.CoreML Code=0 "Failed to build the model execution plan using a model architecture file \'/private/var/folders/x/model.mlmodelc/model.mil\' with error code: -5." UserInfo={NSLocalizedDescription=Failed to build the model execution plan}', category: 'other', severity: 'error' },
  { id: 'runtime.image-generation', log: 'INFO:python_coreml_stable_diffusion.pipeline:Beginning image generation.', category: 'other', severity: 'info' },
];

const GENERIC_IDS = new Set([
  'python.exception',
  'coremltools.unrecognized-message',
  'python.warning',
  'python.user-warning',
  'python.runtime-warning',
  'python.future-warning',
  'python.deprecation-warning',
  'numpy.complex-warning',
]);

const BY_ID = new Map(MESSAGE_PATTERNS.map((p) => [p.id, p]));

function generic(log: ConversionLog): string[] {
  return log.diagnostics.filter((d) => GENERIC_IDS.has(d.id)).map((d) => `${d.id}: ${d.message}`);
}

describe('message patterns: one realistic line per pattern', () => {
  it('has unique ids', () => {
    const seen = new Set<string>();
    const dupes = MESSAGE_PATTERNS.map((p) => p.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    expect(dupes).toEqual([]);
  });

  it('has an example for every pattern, and every example names a pattern', () => {
    const covered = new Set(CASES.map((c) => c.id));
    expect(MESSAGE_PATTERNS.map((p) => p.id).filter((id) => !covered.has(id))).toEqual([]);
    expect([...covered].filter((id) => !BY_ID.has(id))).toEqual([]);
  });

  it('fills every placeholder of an explanation from a named group of its regex', () => {
    const bad: string[] = [];
    for (const p of MESSAGE_PATTERNS) {
      const groups = new Set(Object.keys(new RegExp(`${p.re.source}|`).exec('')?.groups ?? {}));
      for (const m of p.explain.matchAll(/\{(\w+)\}/g)) {
        const name = m[1] as string;
        if (!groups.has(name) && !(name === 'op' && p.op) && !(name === 'node' && p.node)) bad.push(`${p.id}: {${name}}`);
      }
      for (const g of [p.op && 'group' in p.op ? p.op.group : null, p.node?.group, p.opList?.group]) {
        if (g && !groups.has(g)) bad.push(`${p.id}: group ${g} is not in the regex`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps every pattern behind a literal prefilter (no top-level alternation)', () => {
    // The user-printed version lines are case-insensitive on purpose: no literal can be required.
    const unfiltered = MESSAGE_PATTERNS.filter((p) => requiredLiteral(p.re).length < 8).map((p) => p.id);
    expect(unfiltered).toEqual(['user.coremltools-version-printed', 'user.torch-version-printed']);
  });

  for (const c of CASES) {
    const first = c.log.split('\n').find((l) => l.trim() !== '') ?? '';
    it(`${c.id}: ${first.length > 90 ? first.slice(0, 90) + '…' : first}`, () => {
      const log = parse(c.log);
      expect(generic(log)).toEqual([]);
      const pattern = BY_ID.get(c.id);
      expect(pattern, `no pattern ${c.id}`).toBeDefined();
      if (pattern?.silent) {
        expect(log.diagnostics).toEqual([]);
      } else {
        const d = log.diagnostics.find((x) => x.id === c.id);
        expect(d, `diagnostics: ${log.diagnostics.map((x) => x.id).join(', ')}`).toBeDefined();
        expect(d?.category).toBe(c.category);
        expect(d?.severity).toBe(c.severity);
        expect(d?.op).toBe(c.op);
        expect(d?.node).toBe(c.node);
        expect(d?.explanation).not.toMatch(/\{\w+\}|\s{2}|^\s|\s$/);
        expect(d?.explanation.length).toBeGreaterThan(40);
      }
      if (c.status) {
        expect(log.unsupportedOps.find((o) => o.op === c.op)?.status).toBe(c.status);
      } else if (c.ops) {
        expect(log.unsupportedOps.map((o) => o.op)).toEqual(c.ops);
      } else {
        expect(log.unsupportedOps).toEqual([]);
      }
      for (const [lib, v] of Object.entries(c.versions ?? {})) expect(log.versions[lib]).toBe(v);
      if (c.coremltools) expect(log.coremltoolsVersion).toBe(c.coremltools);
    });
  }
});

/** ../shared/research beside the checkout (or $COREML_DOCTOR_RESEARCH); CI=true makes it required. */
const RESEARCH_JSON = resolve(process.env.COREML_DOCTOR_RESEARCH ?? resolve(CORPUS_DIR, '..', 'research'), 'coremltools_messages.json');
const researchAvailable = existsSync(RESEARCH_JSON);
if (!researchAvailable && process.env.CI === 'true') throw new Error(`the message templates are missing at ${RESEARCH_JSON} (CI=true makes that an error)`);

interface Template {
  template: string;
  category: string;
  emitter: string;
  source_file: string;
  line: number;
}

const JSON_CATEGORY = new Map<string, Category>([
  ['dtype-cast', 'dtype'],
  ['optimization/compression', 'compression'],
]);

/**
 * Placeholders that "7" cannot stand for: the dynamic-quantization op must end in _dynamic, the
 * I/O helper prefixes "Input ", the deprecation notice has an optional `[; suffix]` and a release.
 */
const OVERRIDES = new Map<string, string>([
  ["PyTorch convert function for op '{op_lookup}' not implemented.\nDynamic", "PyTorch convert function for op 'quantized::linear_dynamic' not implemented.\nDynamic quantized models are not supported by Core ML."],
  ['{ioname}{var.name} has data type', 'Input x has data type int8. ML Program models only support fp32 and int32 inputs.'],
  ['Function {obj_prefix}', 'Function coremltools.models.utils.rename_feature is deprecated and will be removed in 9.0.; use ct.utils.rename_feature'],
]);

function instantiate(t: Template): string {
  for (const [start, text] of OVERRIDES) if (t.template.startsWith(start)) return text;
  return t.template.replace(/\{[^{}]*\}|%s/g, '7');
}

/** The message as its emitter prints it. */
function asLogged(t: Template, msg: string): string {
  const raise = /^raise(?: (\w+))?$/.exec(t.emitter);
  if (raise) return `${raise[1] ?? 'ValueError'}: ${msg}`;
  if (t.emitter === 'warnings.warn') return `${SITE}/${t.source_file.replace(/^coremltools\//, '')}:${t.line}: UserWarning: ${msg}\n  warnings.warn(`;
  if (t.emitter === 'logger.error') return `ERROR:coremltools:${msg}`;
  if (t.emitter === 'logger.warning') return `WARNING:coremltools:${msg}`;
  return msg;
}

describe.skipIf(!researchAvailable)('message patterns: every coremltools template is claimed', () => {
  const templates = researchAvailable ? (JSON.parse(readFileSync(RESEARCH_JSON, 'utf8')) as Template[]).filter((t) => t.category !== 'progress') : [];

  it('reads the 173 non-progress templates', () => {
    expect(templates).toHaveLength(173);
  });

  for (const t of templates) {
    const first = t.template.split('\n').find((l) => l.trim() !== '') ?? '';
    it(`${t.source_file.replace(/^coremltools\//, '')}:${t.line} ${first.slice(0, 70)}`, () => {
      const log = parse(asLogged(t, instantiate(t)));
      expect(generic(log)).toEqual([]);
      const claimed = log.diagnostics.filter((d) => !GENERIC_IDS.has(d.id));
      expect(claimed.length, 'no pattern claimed it').toBeGreaterThan(0);
      const want = JSON_CATEGORY.get(t.category) ?? t.category;
      expect(claimed.map((d) => d.category)).toContain(want);
    });
  }
});
