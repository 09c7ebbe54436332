import type { MessagePattern } from './types.js';

/** Numeric precision: values stored in narrower types, approximations the converter makes. */
export const PRECISION_PATTERNS: readonly MessagePattern[] = [
  // One family in type_tensor.py, type_double.py, type_int.py and type_complex.py.
  {
    id: 'mil.value-downcast',
    category: 'precision',
    severity: 'warning',
    re: /Saving value type of (?<from>\w+) into a builtin type of (?<to>\w+), might (?:lose precision|overflow or loses precision|be incompatible or loses precision)!/,
    explain:
      'A constant of {from} was stored as {to}. Harmless unless the values exceed the {to} range (2^31 for int32); the usual source is int64 indices and shapes from torch.',
    source: 'converters/mil/mil/types/type_tensor.py',
    emitter: 'logger.warning',
  },
  {
    id: 'mil.complex-to-real',
    category: 'precision',
    severity: 'warning',
    re: /ComplexWarning: Casting complex to real discards the imaginary part\./,
    explain: 'A complex constant was turned into an integer and its imaginary part dropped. Check the ops on complex tensors (FFT, STFT) against torch.',
    source: 'converters/mil/mil/types/type_complex.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.activation-4bit',
    category: 'precision',
    severity: 'warning',
    re: /Core ML does not support 4-bit activation, so (?<dtype>\S+) is used instead/,
    frontend: 'pytorch',
    explain: '4-bit activation quantization is stored as {dtype}: the model is larger and a little more precise than the quantized torch model. Quantize activations to 8 bits.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.float-qparams-qscheme',
    category: 'precision',
    severity: 'warning',
    re: /Found per_channel_affine_float_qparams qscheme, which isn't directly supported by coremltools\. Casting zero-points to quantized type loses some precision\./,
    frontend: 'pytorch',
    explain:
      'Float zero-points (embedding quantization) were rounded to integers, so dequantized weights shift slightly. Compare embedding outputs against torch; re-quantize with integer zero-points if they drift.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.int4pack-mm-torchao',
    category: 'precision',
    severity: 'warning',
    re: /The current conversion of `_weight_int4pack_mm` op only works with model produced by torchao\./,
    op: { value: '_weight_int4pack_mm' },
    frontend: 'pytorch',
    explain:
      '`_weight_int4pack_mm` is converted assuming torchao\'s int4 packing. If your int4 weights came from another library, outputs can be far off: compare against torch before shipping.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'logger.warning',
  },
  {
    id: 'api.compute-precision-neuralnetwork',
    category: 'precision',
    severity: 'error',
    re: /compute_precision is only supported for mlprogram target and must be None if target=='neuralnetwork'\./,
    explain:
      'compute_precision applies to ML Programs only, and this conversion targets a NeuralNetwork (set by convert_to or by a target of iOS14 or older). Drop compute_precision, or convert to "mlprogram".',
    source: 'converters/_converters_entry.py',
    emitter: 'raise ValueError',
  },
  {
    id: 'mil.conv-bias-cast',
    category: 'precision',
    severity: 'info',
    re: /conv_bias_fusion pass: casting bias from (?<from>\S+) to (?<to>\S+) to match the dtype of the weight of the conv layer/,
    frontend: 'mil',
    explain: 'A bias added after a conv was folded into it and cast from {from} to {to}. The rounding is negligible; nothing to do.',
    source: 'converters/mil/mil/passes/defs/optimize_conv.py',
    emitter: 'logger.warning',
  },
  {
    id: 'utils.chunk-psnr-low',
    category: 'precision',
    severity: 'warning',
    re: /^(?<psnr>-?(?:\d+(?:\.\d+)?|inf|nan)) dB is low!/,
    explain:
      'After ct.models.utils.bisect_model split the model, the chunks\' outputs match the full model at only {psnr} dB PSNR (35 dB is the bar), on random inputs. Check with real inputs; fp16 overflow at the cut is the usual cause.',
    source: 'models/utils.py',
    emitter: 'logger.warning',
  },
  // 'scale_factor_height' in the source; the width check prints the same message.
  {
    id: 'nn.upsample-scale-fallback',
    category: 'precision',
    severity: 'warning',
    re: /Unsupported float type 'scale_factor_(?<axis>height|width)' \((?<scale>[^)]*)\) for neuralnetwork\. Falling back to bilinear interpolation\./,
    frontend: 'mil',
    explain:
      'A non-integer {axis} scale ({scale}) cannot be a NeuralNetwork nearest upsample, so it became bilinear: outputs differ from nearest-neighbour. Use an integer scale, or convert to "mlprogram".',
    source: 'converters/mil/backend/nn/op_mapping.py',
    emitter: 'logger.warning',
  },
  {
    id: 'tf.resize-nearest-approximation',
    category: 'precision',
    severity: 'warning',
    re: /Using upsample_nearest_neighbor to approximate resize_nearest_neighbor\./,
    frontend: 'tensorflow',
    explain: 'tf.image.resize(method="nearest") became an integer-scale upsample. Exact when the output is an integer multiple of the input; otherwise pixels differ from TF.',
    source: 'converters/mil/frontend/tensorflow/ops.py',
    emitter: 'logger.warning',
  },
  {
    id: 'tf.soft-nms-ignored',
    category: 'precision',
    severity: 'warning',
    re: /NonMaxSuppressionV5 with soft_nms_sigma != 0 not supported\. Setting soft_nms_sigma to zero\./,
    op: { value: 'NonMaxSuppressionV5' },
    frontend: 'tensorflow',
    explain: 'Soft-NMS became hard NMS: overlapping boxes are dropped instead of down-weighted, so detections differ from TF. Do soft-NMS in the app if you need it.',
    source: 'converters/mil/frontend/tensorflow/ops.py',
    emitter: 'logger.warning',
  },
];
