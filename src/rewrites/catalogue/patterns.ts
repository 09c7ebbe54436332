/** Patterns that recur in conversion logs across ops: dtypes, ranks, shapes, scripting, state, precision. */
import type { RewriteEntry } from '../schema.js';
import { model, never, py, since, snippet } from './build.js';
import { DOC, FILE, issue, torchOps } from './refs.js';

export const PATTERNS: readonly RewriteEntry[] = [
  {
    id: 'rank-above-5',
    kind: 'pattern',
    title: 'A tensor of rank 6 or more (window partitions, head splits, 3-D patches)',
    aliases: ['rank6', 'rank-6', 'rank > 5', 'rank>5', 'rank-gt-5'],
    frontends: ['pytorch', 'tensorflow', 'mil'],
    status: never('Core ML tensors have at most 5 dimensions: any op whose output has rank 6 fails with "Core ML only supports tensors with rank <= 5. Layer \"...\", with type \"...\", outputs a rank 6 tensor". No release lifts it.'),
    summary: 'Merge two adjacent axes (usually batch with another) before the rank-6 reshape and split them back after, so no tensor exceeds rank 5.',
    milOps: ['reshape', 'transpose'],
    rewrite: [
      'A reshape can merge any run of adjacent axes without moving data. Swin/MViT window partitioning reshapes (B, H, W, C) to (B, nH, ws, nW, ws, C); merging B with nH keeps it at rank 5, and the following permute only has to swap the two middle axes.',
      'The same applies to multi-head attention on 5-D inputs (video): fold batch and time together.',
    ],
    snippets: [
      model(
        'Swin window partition and reverse at rank ≤ 5',
        py`
          def window_partition(x, ws):
              """(B, H, W, C) -> (B * nH * nW, ws, ws, C) without a rank-6 intermediate."""
              b, h, w, c = x.shape
              x = x.reshape(b * (h // ws), ws, w // ws, ws, c)  # B and nH merged: rank 5
              x = x.permute(0, 2, 1, 3, 4)  # (B*nH, nW, ws, ws, C)
              return x.reshape(-1, ws, ws, c)


          def window_reverse(windows, ws, b, h, w):
              c = windows.shape[-1]
              x = windows.reshape(b * (h // ws), w // ws, ws, ws, c)
              x = x.permute(0, 2, 1, 3, 4)  # (B*nH, ws, nW, ws, C)
              return x.reshape(b, h, w, c)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['The permutes remain; they move data but run on the Neural Engine for rank ≤ 5 fp16 tensors.'], cost: 'Exact: the same elements in the same order.' },
    sources: [FILE.operationRank, issue(1796, 'rank-6 reshape in MViT'), issue(2536, 'rank > 5 tensors'), issue(2291, 'rank > 5 tensors')],
    provenance: 'source',
    logMatch: { override: ['mil.rank-above-5'] },
  },
  {
    id: 'int64-fp64',
    kind: 'pattern',
    title: 'int64 / float64 tensors and integer tensors reaching float-only ops',
    aliases: ['int64', 'float64', 'double', 'fp64', 'long', 'dtype-mismatch'],
    frontends: ['pytorch', 'tensorflow', 'mil'],
    status: never('Core ML computes in fp16/fp32, int32 and bool: int64 values are narrowed to int32 ("Saving value type of int64 into a builtin type of int32, might lose precision!") and float64 to fp32. Float-only MIL ops (inverse, sqrt, clip, ...) reject int32 inputs: "expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got ... int32".'),
    summary: 'Cast in the model: `.float()` before float math, `.int()`/`.long()` only for indices; declare int inputs as np.int32 in ct.TensorType.',
    milOps: ['cast'],
    rewrite: [
      'Integer tensors leak into float math through shape arithmetic (sizes, lengths, positions) and through integer model inputs (token ids). Cast once where the integer world ends.',
      'The int64 → int32 warnings are harmless unless values exceed 2³¹ (hashes, large vocabularies, timestamps).',
    ],
    snippets: [
      snippet(
        'convert',
        'Declare integer inputs as int32',
        py`
          import numpy as np
          import coremltools as ct

          mlmodel = ct.convert(
              traced,
              inputs=[ct.TensorType(name="input_ids", shape=(1, 128), dtype=np.int32)],
          )
        `,
      ),
      model(
        'End the integer world with one cast',
        py`
          def position_scale(positions, length):
              pos = positions.to(torch.float32)  # int positions feed float math from here on
              return pos / float(length)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['int32 arithmetic runs on CPU; the Neural Engine computes in fp16 only.'], cost: 'None; int32 bounds (2³¹) and fp32 precision apply.' },
    sources: [issue(2156, 'MIL inverse got int32'), issue(2193, 'int64 → int32 warnings and fp32 gather indices'), issue(1685, 'int64 inputs'), DOC.typedExecution],
    provenance: 'source',
    logMatch: { fallback: ['mil.input-dtype-mismatch', 'mil.value-downcast'] },
  },
  {
    id: 'bool-tensors',
    kind: 'pattern',
    title: 'Bool tensors in arithmetic and reductions (mask.sum(), mask - 1)',
    aliases: ['bool-reduction', 'bool reductions', 'bool mask', 'bool-masks'],
    frontends: ['pytorch', 'tensorflow', 'mil'],
    status: never('MIL arithmetic (sub, mul, reduce_*) does not take bool. The torch frontend casts for its own converters (any/all reduce as int32; sum/mean cast unsupported dtypes to fp32; triu/tril cast bool to int32 around sub), but composites and some TF paths do not.'),
    summary: 'Cast masks before arithmetic: `mask.to(torch.float32).sum()` or `.to(torch.int32)`; keep bool only for where/select and logical ops.',
    milOps: ['cast', 'reduce_sum', 'select', 'logical_and'],
    rewrite: ['Counting True values, turning masks into additive biases and masked means are float computations: cast the mask first, and use torch.where instead of multiplying by a mask when you only select.'],
    snippets: [
      model(
        'Masks in arithmetic',
        py`
          def masked_mean(x, mask):
              m = mask.to(x.dtype)
              return (x * m).sum(dim=-1) / m.sum(dim=-1).clamp(min=1.0)


          def additive_bias(mask):
              return (1.0 - mask.to(torch.float32)) * -1e4
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Float masks and select run on the Neural Engine; int32 counting runs on CPU.'], cost: 'None.' },
    sources: [torchOps(), issue(1685, 'bool and int tensors in reductions')],
    provenance: 'source',
  },
  {
    id: 'dynamic-shapes',
    kind: 'pattern',
    title: 'Flexible input shapes: fixed shapes, ct.EnumeratedShapes, ct.RangeDim',
    aliases: ['RangeDim', 'ct.RangeDim', 'EnumeratedShapes', 'ct.EnumeratedShapes', 'flexible-shapes', 'flexible shapes', 'symbolic shape'],
    frontends: ['pytorch', 'tensorflow'],
    status: never('Not an op: shapes unknown at conversion time turn shape arithmetic into runtime ops and block ops that need static sizes (adaptive pooling, linspace, cumprod, pad amounts). Flexible inputs are a conversion option, not a rewrite.'),
    summary: 'Convert with fixed shapes, or ct.EnumeratedShapes for a handful of sizes; use ct.RangeDim only when you must: range-flexible models run on the Neural Engine only at the default shape.',
    milOps: ['shape', 'reshape'],
    rewrite: [
      'EnumeratedShapes (up to 128 shapes) lets the compiler specialise for every listed size and keeps each on the Neural Engine. RangeDim is the most flexible and the slowest: Apple engineers state that only the default shape runs on the Neural Engine, others on GPU/CPU.',
      'Inside the model, compute sizes from the input (x.shape) rather than from Python constants captured during tracing, so enumerated shapes stay consistent.',
    ],
    snippets: [
      snippet(
        'convert',
        'Enumerated shapes instead of a range',
        py`
          import coremltools as ct

          shapes = ct.EnumeratedShapes(shapes=[(1, 3, 256, 256), (1, 3, 384, 384), (1, 3, 512, 512)], default=(1, 3, 384, 384))
          mlmodel = ct.convert(traced, inputs=[ct.TensorType(name="image", shape=shapes)])

          # Only if any length is needed: a bounded range (ANE at the default length only)
          seq = ct.Shape(shape=(1, ct.RangeDim(lower_bound=1, upper_bound=512, default=128)))
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['RangeDim: Neural Engine only at the default shape.', 'EnumeratedShapes: each listed shape can run on the Neural Engine.'], cost: 'Enumerated shapes cost compile time per shape; fixed shapes cost a model per size.' },
    sources: [DOC.flexibleInputs, DOC.rangeDimAne],
    provenance: 'docs',
  },
  {
    id: 'torch-jit-script',
    kind: 'pattern',
    title: 'Scripted models (torch.jit.script) and data-dependent control flow (prim::If, prim::Loop)',
    aliases: ['torch.jit.script', 'jit.script', 'ScriptModule', 'scripted'],
    frontends: ['pytorch'],
    status: never('coremltools\' support for scripted models is experimental (the docs say so and print a warning); scripted graphs keep shape queries, tuples and overloads (dim, tupleindex, min/max arities, len) that traced graphs never show. prim::If and prim::Loop themselves convert natively: `if` since 4.0, `loop` since 4.0.'),
    summary: 'Trace the model (torch.jit.trace) and express data-dependent branches with torch.where; script only small helpers with @torch.jit.script_if_tracing.',
    milOps: ['select', 'cond', 'while_loop'],
    rewrite: [
      'Most branches in inference code select between two cheap computations: compute both and torch.where the result. Loops with a fixed trip count unroll under tracing.',
      'Keep the scripted part as small as possible, as the coremltools tracing guide recommends: trace everything else.',
    ],
    snippets: [
      model(
        'A data-dependent branch that traces',
        py`
          def forward_branch(x, branch_a, branch_b):
              # if x.mean() < 0: return branch_a(x) else: return branch_b(x)
              return torch.where(x.mean() < 0, branch_a(x), branch_b(x))
        `,
      ),
      snippet(
        'export',
        'Trace, scripting only a helper',
        py`
          import torch

          @torch.jit.script_if_tracing
          def clamp_boxes(boxes: torch.Tensor, size: int) -> torch.Tensor:
              return boxes.clamp(min=0, max=size)

          traced = torch.jit.trace(model.eval(), example_input)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['MIL cond and while_loop run on CPU; a where over both branches runs on the Neural Engine.'], cost: 'Computing both branches costs the cheaper branch\'s MACs again.' },
    sources: [DOC.scripting, DOC.tracing, issue(816, 'dim under torch.jit.script'), issue(1504, 'scripted model support is experimental')],
    provenance: 'docs',
    logMatch: { fallback: ['torch.node-input-count'] },
  },
  {
    id: 'inplace-ops',
    kind: 'pattern',
    title: 'In-place ops and slice assignment (x[:, 0] = v, x += y on views, copy_)',
    aliases: ['in-place', 'inplace', 'slice assignment'],
    frontends: ['pytorch'],
    status: never('Not an op. In-place variants (relu_, add_) convert as their out-of-place op; slice assignments become tensor-assign ops (slice_update from iOS18); index_put_ with accumulate or whole-slice indices, and in-place writes through views, fail or convert wrongly. `copy_` converts since 4.0, except in 5.1, which strips the `_` before `copy` was registered (5.2).'),
    summary: 'Write updates functionally: build the new tensor with torch.cat / torch.where instead of assigning into a slice of an existing one.',
    milOps: ['concat', 'select', 'slice_update'],
    rewrite: ['A functional update makes the data flow explicit for the tracer and maps to concat/select, which run on the Neural Engine; in-place writes into views can silently alias in the trace.'],
    snippets: [
      model(
        'Functional slice update',
        py`
          def add_to_first_channel(x, b):
              # x[:, 0] += b
              first = x[:, :1] + b
              return torch.cat([first, x[:, 1:]], dim=1)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['concat/select run on the Neural Engine; scatter-style assignments do not.'], cost: 'None.' },
    sources: [torchOps(), DOC.composite],
    provenance: 'source',
  },
  {
    id: 'stateful-kv-cache',
    kind: 'pattern',
    title: 'KV caches and other state across predictions (ct.StateType)',
    aliases: ['StateType', 'ct.StateType', 'kv-cache', 'kv cache', 'MLState', 'states'],
    frontends: ['pytorch'],
    status: since('8.0', 'Stateful models (registered buffers declared with ct.StateType) need minimum_deployment_target ≥ iOS18; states must be fp16.', 'iOS18'),
    summary: 'Register the cache as fp16 buffers and pass states=[ct.StateType(...)] with minimum_deployment_target=ct.target.iOS18.',
    milOps: ['read_state', 'slice_update'],
    rewrite: ['Without states, a KV cache is a model input and output that the app copies every token. With states the cache stays in the model and is updated in place (slice_update, iOS18).'],
    snippets: [
      snippet(
        'convert',
        'Convert with fp16 state buffers',
        py`
          import numpy as np
          import torch
          import coremltools as ct

          class Decoder(torch.nn.Module):
              def __init__(self, layers, heads, max_len, head_dim):
                  super().__init__()
                  shape = (layers, heads, max_len, head_dim)
                  self.register_buffer("k_cache", torch.zeros(shape, dtype=torch.float16))
                  self.register_buffer("v_cache", torch.zeros(shape, dtype=torch.float16))

          mlmodel = ct.convert(
              torch.jit.trace(decoder.eval(), example_inputs),
              inputs=[ct.TensorType(name="token", shape=(1, 1), dtype=np.int32)],
              states=[
                  ct.StateType(wrapped_type=ct.TensorType(shape=decoder.k_cache.shape), name="k_cache"),
                  ct.StateType(wrapped_type=ct.TensorType(shape=decoder.v_cache.shape), name="v_cache"),
              ],
              minimum_deployment_target=ct.target.iOS18,
          )
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['States are fp16; whether the update runs on the Neural Engine depends on the OS and shapes: check the compute plan.'], cost: 'The model requires iOS18/macOS15; memory for the cache is allocated once.' },
    sources: [DOC.stateful, FILE.convertersEntry],
    provenance: 'docs',
  },
  {
    id: 'fp16-overflow',
    kind: 'pattern',
    title: 'fp16 overflow and precision loss (NaN/inf outputs, accuracy drop after conversion)',
    aliases: ['fp16', 'float16', 'compute_precision', 'overflow', 'nan-outputs', 'FP16ComputePrecision'],
    frontends: ['pytorch', 'tensorflow'],
    status: never('Not an op: ML programs compute in fp16 by default and the Neural Engine computes in fp16 only. Values beyond ±65504 become inf (then NaN); sums of many squares, exp of large logits and -inf masks are the usual culprits.'),
    summary: 'Rescale the offending computation (max-shift, divide by a norm, finite masks) or keep those ops in fp32 with compute_precision=ct.transform.FP16ComputePrecision(op_selector=...).',
    milOps: ['cast', 'reduce_max', 'real_div'],
    rewrite: [
      'Find the first op whose fp16 output diverges (convert with FLOAT32 to confirm the model is right, then bisect). Numerically stable forms (max-shifted softmax/logsumexp, RMSNorm divided by max|x|, -1e4 masks) fix most cases without leaving fp16.',
      'Ops kept in fp32 run on GPU/CPU, not on the Neural Engine: keep the set small.',
    ],
    snippets: [
      snippet(
        'convert',
        'Keep selected op types in fp32',
        py`
          import coremltools as ct

          def in_fp16(op):
              # True: compute this op in fp16. Keep reductions and exp in fp32.
              return op.op_type not in ("reduce_sum", "reduce_mean", "exp", "pow")

          mlmodel = ct.convert(
              traced,
              inputs=[ct.TensorType(shape=example_input.shape)],
              compute_precision=ct.transform.FP16ComputePrecision(op_selector=in_fp16),
          )
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['fp32 ops leave the Neural Engine; rescaled fp16 computations stay on it.'], cost: 'fp32 islands add fp16↔fp32 casts and device switches; rescaling costs one reduction.' },
    sources: [DOC.typedExecution, DOC.conversionOptions],
    provenance: 'docs',
  },
  {
    id: 'dynamic-weight-conv',
    kind: 'pattern',
    title: 'Convolutions whose weights are computed at runtime (dynamic filters, CondConv, hypernetworks)',
    aliases: ['dynamic-conv', 'dynamic conv weights', 'conv-dynamic-weight'],
    frontends: ['pytorch'],
    status: never('MIL conv accepts a non-constant weight only in ML programs (the neuralnetwork backend refuses it with groups > 1); conv_transpose needs a constant weight. Dynamic-weight convs do not run on the Neural Engine.'),
    summary: 'Make the weights constants where possible; otherwise express the per-sample conv as unfold (im2col) + batched matmul.',
    milOps: ['conv', 'reshape', 'matmul'],
    rewrite: ['conv2d(x, W) with a per-sample W (B, O, C, k, k) equals W reshaped to (B, O, C·k²) times unfold(x) (B, C·k², L): one batched matmul on top of a constant-weight im2col.'],
    snippets: [
      model(
        'Per-sample convolution as unfold + bmm',
        py`
          def dynamic_conv2d(x, weight, k, padding=0):
              """conv2d with weight (B, O, C, k, k) per sample, stride 1."""
              b, c, h, w = x.shape
              cols = F.unfold(x, k, padding=padding)  # (B, C*k*k, L)
              out = torch.bmm(weight.reshape(b, weight.shape[1], -1), cols)  # (B, O, L)
              return out.reshape(b, -1, h + 2 * padding - k + 1, w + 2 * padding - k + 1)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['Dynamic-weight conv runs on GPU/CPU; the im2col conv (constant one-hot weights) can use the Neural Engine, the bmm with runtime operands usually runs on GPU.'], cost: 'k² times the activation memory for the unfolded columns.' },
    sources: [{ title: 'deepfillv2-pytorch #18: Core ML conversion with dynamic conv weights', url: 'https://github.com/nipponjo/deepfillv2-pytorch/issues/18' }, torchOps()],
    provenance: 'research',
  },
  {
    id: 'minimum-deployment-target',
    kind: 'pattern',
    title: 'Ops that need a newer deployment target ("No available version for ... in the iOS15 opset")',
    aliases: ['minimum_deployment_target', 'ct.target', 'deployment-target', 'opset', 'No available version'],
    frontends: ['pytorch', 'tensorflow', 'mil'],
    status: never('Not an op: ct.convert defaults ML programs to iOS15. Ops added in later opsets (iOS16: pixel_unshuffle, fill_like, constexpr compression; iOS17: resize, quantize/dequantize; iOS18: scaled_dot_product_attention, slice_update, states) and models with no inputs (iOS18) need the target raised.'),
    summary: 'Set minimum_deployment_target=ct.target.iOS16/17/18 to the opset that has the op (the error names it), if your app can require that OS.',
    milOps: ['pixel_unshuffle', 'fill_like', 'resize', 'scaled_dot_product_attention', 'slice_update'],
    rewrite: ['The error names the opset that has the op. Raising the target also enables newer compression formats and fused ops; if the app must support older OS versions, use the op\'s rewrite instead.'],
    snippets: [
      snippet(
        'convert',
        'Raise the deployment target',
        py`
          import coremltools as ct

          mlmodel = ct.convert(
              traced,
              inputs=[ct.TensorType(shape=example_input.shape)],
              minimum_deployment_target=ct.target.iOS17,
          )
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Newer opsets add fused ops (attention, resize) that usually run better on the Neural Engine.'], cost: 'The model no longer loads on older OS versions.' },
    sources: [DOC.conversionOptions, issue(2578, 'model without inputs needs iOS18')],
    provenance: 'docs',
    logMatch: { fallback: ['convert.default-target'] },
  },
];
