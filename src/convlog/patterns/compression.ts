import type { MessagePattern } from './types.js';

/**
 * Compression: coremltools.optimize passes that skip ops (the model is then larger than planned)
 * and compressed torch models that convert only in part. A skipped op keeps its float weights:
 * measure the saved model's size before trusting the plan.
 */
export const COMPRESSION_PATTERNS: readonly MessagePattern[] = [
  {
    id: 'torch.dynamic-activation-quantization',
    category: 'compression',
    severity: 'error',
    re: /Dynamic activation quantization is not supported in Core ML\./,
    frontend: 'pytorch',
    explain:
      'The torch model quantizes activations dynamically (scales computed at runtime), which Core ML cannot run. Quantize activations statically (calibrated scales), or quantize weights only.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'raise NotImplementedError',
  },
  {
    id: 'torch.compression-info-ignored',
    category: 'compression',
    severity: 'warning',
    re: /Failed to create a compression op based on the compression info carried by (?<name>\S+) in the torch model\./,
    frontend: 'pytorch',
    explain:
      'The compression metadata on `{name}` (from coremltools.optimize.torch) could not be turned into a compressed op, so that weight is stored uncompressed. The error follows; the model is larger than planned.',
    source: 'converters/mil/frontend/torch/converter.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.compression-below-4bit',
    category: 'compression',
    severity: 'warning',
    re: /Core ML does not support less than 4-bit compression, so 4 bit is used instead/,
    frontend: 'pytorch',
    explain: 'Weights quantized below 4 bits in torch are stored as 4-bit: the model is larger than planned, and slightly more accurate. Plan the size budget with 4 bits.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'logger.warning',
  },
  {
    id: 'torch.quantization-range',
    category: 'compression',
    severity: 'error',
    // Upstream prints two spaces before "CoreML".
    re: /Unsupported quantization range: (?<qmin>-?\d+) to (?<qmax>-?\d+)\.\s+CoreML only supports 4-bit and 8-bit quantization\./,
    frontend: 'pytorch',
    explain: 'The torch quantizer uses the range {qmin}..{qmax}, which is neither 4-bit nor 8-bit. Set quant_min/quant_max to an 8-bit (-128..127 or 0..255) or 4-bit range.',
    source: 'converters/mil/frontend/torch/quantization_ops.py',
    emitter: 'raise ValueError',
  },
  {
    id: 'optimize.palettize-channels-not-divisible',
    category: 'compression',
    severity: 'warning',
    re: /Can't perform palettization: The number of channels at (?<axis>\d+)th axis \((?<channels>\d+)\) is not divisible by channel_group_size \((?<group>\d+)\)\./,
    explain:
      'A weight with {channels} channels on axis {axis} cannot be split into groups of {group}, so it stays unpalettized. Pick a channel_group_size that divides the channel counts, or accept the larger weight.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.palettize-cluster-dim',
    category: 'compression',
    severity: 'warning',
    re: /Can't perform palettization: The channel_group_size at (?<axis>\d+)th axis \((?<group>\d+)\) is not divisible by cluster_dim \((?<clusterDim>\d+)\)\./,
    explain: 'channel_group_size {group} is not a multiple of cluster_dim {clusterDim}, so this weight stays unpalettized. Choose values where cluster_dim divides channel_group_size.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  // Both templates: palettization and quantization.
  {
    id: 'optimize.op-skipped',
    category: 'compression',
    severity: 'warning',
    re: /Cannot perform (?<kind>palettization|quantization) on (?<node>.+?)\. Skipped this op\./,
    node: { group: 'node' },
    explain: '{kind} of `{node}` failed (see the warning before it), so its weight stays uncompressed. Check the op config for that op, or exclude it explicitly.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.quantize-inf',
    category: 'compression',
    severity: 'warning',
    re: /The const (?<node>\S+) has inf\/-inf, which is not supported by quantization\. Skipped\./,
    node: { group: 'node' },
    explain: 'Constant `{node}` holds inf (usually an attention mask), so it stays unquantized. Fine; replace inf with a large finite value in the model if you want it quantized.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.sparsity-too-low',
    category: 'compression',
    severity: 'info',
    re: /weight value has sparsity of (?<sparsity>\S+) < minimum_sparsity_percentile (?<min>\S+?)\. Skipped\./,
    explain: 'A weight is only {sparsity} zeros (below {min}), so it is stored dense: sparse storage would not save space. Prune first if you expected it to be sparse.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.op-config-not-applicable',
    category: 'compression',
    severity: 'warning',
    re: /op named (?<node>\S+) not applicable for (?<config>.+) configuration\. Skipped\./,
    node: { group: 'node' },
    explain: 'The op config does not fit `{node}` (its weight shape, for instance), so it is not compressed. The model is larger than planned; adjust the config for that op.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.nm-pruning-not-applicable',
    category: 'compression',
    severity: 'warning',
    re: /m > channel \/ 2 is not applicable for n:m pruning\. Got m = (?<m>\d+), channel = (?<channel>\d+)\. Skipped\./,
    explain: 'n:m pruning with m = {m} needs at least {m}*2 channels; this weight has {channel}, so it stays dense. Use a smaller m, or exclude small layers.',
    source: 'optimize/coreml/_quantization_passes.py',
    emitter: 'logger.warning',
  },
  {
    id: 'optimize.block-size-invalid',
    category: 'compression',
    severity: 'warning',
    re: /Invalid block_sizes; On (?<axis>\d+)th axis, the dim size (?<dim>\d+) is not divisible by block size (?<block>\d+)\. Unable to perform structured quantization\./,
    explain: 'Axis {axis} has {dim} elements, not a multiple of block size {block}, so block-wise quantization is skipped for this weight. Choose a block size that divides it.',
    source: 'optimize/_utils.py',
    emitter: 'logger.warning',
  },
  {
    id: 'mil.const-elimination-skipped',
    category: 'compression',
    severity: 'info',
    // str(op) may end with a newline: the rest of the message can be on the next line.
    re: /The output \((?<output>.*?)\) of op (?<opDesc>.*?)(?: is skipped in const elimination pass because its val size \((?<size>\d+)\) is larger than threshold \((?<threshold>[^)]*)\)\.)?\s*$/,
    frontend: 'mil',
    explain:
      'A constant larger than the skip_const_by_size threshold is computed at runtime instead of stored. That keeps the model file small at some compute cost; raise or remove the option to trade the other way.',
    source: 'converters/mil/mil/passes/defs/cleanup/const_elimination.py',
    emitter: 'logger.warning',
  },
];
