/** Graph-level PyTorch ops: custom Python ops, tensor creation, casts, shapes, recurrent layers. */
import type { RewriteEntry } from '../schema.js';
import { current, model, never, py, since, snippet, refused } from './build.js';
import { DOC, FILE, issue, torchOps } from './refs.js';

const TRACE_NOT_SCRIPT = snippet(
  'export',
  'Trace the model; script only the control flow that needs it',
  py`
    import torch
    import coremltools as ct

    model.eval()
    traced = torch.jit.trace(model, example_input)  # not torch.jit.script(model)
    mlmodel = ct.convert(traced, inputs=[ct.TensorType(shape=example_input.shape)])
  `,
);

export const TORCH_GRAPH: readonly RewriteEntry[] = [
  {
    id: 'pythonop',
    kind: 'op',
    title: 'Custom autograd.Function (traced as prim::PythonOp): mmcv ops, custom CUDA kernels',
    aliases: ['prim::PythonOp', 'PythonOp', 'autograd.Function', 'torch.autograd.Function', 'custom-autograd-function'],
    frontends: ['pytorch'],
    status: never('No coremltools release registers pythonop: the tracer records a custom autograd.Function as an opaque Python call. Every Function in the model gets the same op name, so no generic converter can exist.'),
    summary: 'Re-implement the custom autograd.Function\'s forward in plain torch ops for export (the tracer then sees through it), or replace the layer (mmcv deformable conv: see torchvision::deform_conv2d).',
    milOps: ['conv', 'matmul', 'add', 'mul'],
    rewrite: [
      'Find the Function: the log\'s module path, or print(traced.graph) and search for PythonOp. Write its forward with torch ops and call that version while tracing; keep Function.apply for training, where the custom backward matters.',
      'If the forward cannot be expressed in torch ops (a CUDA kernel), split the model around it and run that part in the app, or convert the layer as a composite of MIL ops from its math.',
    ],
    snippets: [
      model(
        'Plain-ops forward while tracing, the custom Function while training',
        py`
          class ScaledRelu(torch.autograd.Function):
              @staticmethod
              def forward(ctx, x):
                  return x.clamp(min=0) * 2

              @staticmethod
              def backward(ctx, grad):
                  return grad * 2


          def scaled_relu(x):
              if torch.jit.is_tracing():
                  return x.clamp(min=0) * 2  # what Core ML sees: relu and mul
              return ScaledRelu.apply(x)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Depends on the plain-op rewrite; simple element-wise Functions run on the Neural Engine.'], cost: 'None when the plain forward is the same math; check outputs against the Function.' },
    sources: [issue(1135, "convert function for op 'pythonop' not implemented"), issue(2051, 'pythonop in HuBERT'), DOC.composite],
    provenance: 'source',
  },
  {
    id: 'lift_fresh',
    kind: 'op',
    title: 'torch.tensor(...) built inside forward (aten::lift_fresh)',
    aliases: ['aten::lift_fresh', 'lift_fresh_copy'],
    frontends: ['pytorch'],
    status: since('7.0', 'Registered as a no-op alias: `lift_fresh` since 7.0, `lift_fresh_copy` (what newer torch emits) since 8.0. It appears when forward builds a tensor from Python or numpy data, e.g. torch.tensor(x.numpy()).'),
    summary: 'Build constants in __init__ (register_buffer) instead of torch.tensor(numpy) inside forward.',
    milOps: ['const'],
    rewrite: ['A tensor → numpy → tensor round trip inside forward is frozen into a constant by the tracer (the TracerWarnings say so). Make that explicit: compute it once in __init__ as a buffer, or keep the computation in torch ops if it depends on the input.'],
    snippets: [
      model(
        'Constants as buffers, not torch.tensor(numpy) in forward',
        py`
          class Masked(nn.Module):
              def __init__(self, mask_np):
                  super().__init__()
                  self.register_buffer("mask", torch.from_numpy(mask_np).to(torch.float32))

              def forward(self, x):
                  return x * self.mask
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['A constant costs nothing at runtime.'], cost: 'None.' },
    sources: [torchOps(6991), issue(2115, "convert function for op 'lift_fresh' not implemented")],
    provenance: 'source',
  },
  {
    id: 'dim',
    kind: 'op',
    title: 'Tensor.dim() in a scripted model',
    aliases: ['aten::dim', 'Tensor.dim'],
    frontends: ['pytorch'],
    status: since('5.2', '`dim` is registered since 5.2 (it answers the rank from the shape of the shape; #816 asked for it). In traced models dim() is a Python int and never reaches the converter.'),
    summary: 'Trace instead of script: under torch.jit.trace, x.dim() is a Python constant.',
    milOps: ['shape'],
    rewrite: ['Scripted models keep every shape query as an op. Trace the model (script only small control-flow helpers, see torch-jit-script) so shape queries fold into constants.'],
    snippets: [TRACE_NOT_SCRIPT],
    ane: { risk: 'low', notes: ['Folded shape queries cost nothing; runtime shape ops run on CPU.'], cost: 'None.' },
    sources: [issue(816, "convert function for op 'dim' not implemented (torch.jit.script)"), DOC.tracing],
    provenance: 'source',
  },
  {
    id: 'min',
    kind: 'op',
    title: 'torch.min / max arity errors in scripted models ("got 1 input(s), expected [3]")',
    aliases: ['aten::min', 'max', 'min.dim', 'max.dim', 'min.other', 'max.other'],
    frontends: ['pytorch'],
    status: since(
      '5.0',
      '`min` is registered since 5.0 and `max` since 4.0. The 5.x converters expected exactly 3 inputs (a reduction along a dim), so the 1-input global form of scripted torchvision detection models failed with "got 1 input(s), expected [3]" (#1436); 6.0 accepts 1 or 3 inputs and 6.1 adds the 2-input element-wise form.',
      null,
      { version: '6.0', what: 'min/max with 1 input (5.x converters expected exactly 3)' },
    ),
    summary: 'Trace instead of script, or give the reduction an explicit dim (x.amin(dim=...), torch.minimum(a, b)).',
    milOps: ['reduce_min', 'reduce_max', 'minimum', 'maximum', 'reduce_argmin'],
    rewrite: ['Scripted detection models (torchvision) produce overloads that traced ones never show. Trace the model with a fixed image size; if a reduction must stay, write it with an explicit dim: x.amin(dim=...), torch.minimum(a, b).'],
    snippets: [TRACE_NOT_SCRIPT],
    ane: { risk: 'low', notes: ['Reductions and element-wise min/max run on the Neural Engine.'], cost: 'None.' },
    sources: [issue(1436, 'node (min) got 1 input(s), expected [3]'), torchOps()],
    provenance: 'source',
  },
  {
    id: 'to',
    kind: 'op',
    title: 'Tensor.to(dtype) / type_as / .double() / .long() casts',
    aliases: ['aten::to', '_to_copy', 'type_as', 'to.dtype', 'Tensor.to'],
    frontends: ['pytorch'],
    status: since('4.0', 'Casts to dtypes MIL cast supports (fp16, fp32, int32, bool; more from iOS17) convert directly; other integer types become int32 and other floats fp32 with "The ... is not supported by cast op. Will do best-effort cast" warnings; anything else (complex) raises "Unsupported `to` op".'),
    summary: 'Cast to float32/float16/int32/bool in the model; treat int64 and float64 as int32 and float32 (they are converted that way).',
    milOps: ['cast'],
    rewrite: ['Casts that only exist to feed an op a dtype Core ML lacks (.double() for precision, .long() for indexing) can usually go: do the math in float32 and keep indices int (see gather).'],
    snippets: [
      model(
        'Casts that map to Core ML dtypes',
        py`
          def normalise(x):
              x = x.to(torch.float32)  # not .double(): float64 becomes fp32 anyway
              return (x - x.mean()) / (x.std() + 1e-6)


          def as_index(i):
              return i.to(torch.int32)  # int64 becomes int32 in Core ML
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Casts between fp16 and fp32 are cheap; int32 tensors and everything computed from them run on CPU.'], cost: 'int64 values above 2³¹ and float64 precision are lost (as Core ML would anyway).' },
    sources: [torchOps(), issue(795, 'invalid arguments for PyTorch conversion (4.0 betas)')],
    provenance: 'source',
  },
  {
    id: 'tupleindex',
    kind: 'op',
    title: 'Tuple indexing in scripted models (prim::TupleIndex)',
    aliases: ['prim::TupleIndex', 'TupleIndex'],
    frontends: ['pytorch'],
    status: since('6.3', '`tupleindex` is registered since 6.3; it appears only in scripted models (NMS and box-selection helpers).'),
    summary: 'Trace the model so tuples are unpacked at trace time; keep scripted helpers returning tensors.',
    milOps: ['identity'],
    rewrite: ['Keep scripting to the smallest control-flow helper (@torch.jit.script_if_tracing) and return tensors, not tuples, from it.'],
    snippets: [TRACE_NOT_SCRIPT],
    ane: { risk: 'low', notes: ['No runtime cost.'], cost: 'None.' },
    sources: [torchOps(9846), issue(1767, "convert function for op 'tupleindex' not implemented")],
    provenance: 'source',
  },
  {
    id: 'numel',
    kind: 'op',
    title: 'Tensor.numel()',
    aliases: ['aten::numel', 'Tensor.numel'],
    frontends: ['pytorch'],
    status: since('6.2', 'shape + reduce_prod.'),
    summary: 'With fixed input shapes compute the count in Python (math.prod(x.shape)): it becomes a constant.',
    milOps: ['shape', 'reduce_prod'],
    rewrite: ['In a traced model with static shapes, math.prod(x.shape) is a Python int and never becomes an op.'],
    snippets: [
      model(
        'Element count without numel()',
        py`
          def mean_all(x):
              count = math.prod(x.shape)  # a Python int under tracing with static shapes
              return x.sum() / count
        `,
        'import math',
      ),
    ],
    ane: { risk: 'low', notes: ['Constant under static shapes.'], cost: 'None.' },
    sources: [torchOps(8094)],
    provenance: 'source',
  },
  {
    id: 'empty',
    kind: 'op',
    title: 'torch.empty / new_empty',
    aliases: ['aten::empty', 'new_empty', 'empty.memory_format'],
    frontends: ['pytorch'],
    status: since('6.0', '`empty` converts since 6.0, as zeros (fill) (#1527); new_empty likewise.'),
    summary: 'Allocate with torch.zeros, or build the tensor functionally with torch.stack/torch.cat (an empty buffer\'s contents are undefined anyway).',
    milOps: ['fill', 'const'],
    rewrite: ['Buffers that are fully overwritten later are better built functionally (torch.cat or torch.stack of the pieces) than allocated and filled in place.'],
    snippets: [
      model(
        'zeros instead of empty, or no buffer at all',
        py`
          def stack_steps(steps):
              # instead of buf = torch.empty(n, ...) filled row by row with buf[i] = s
              return torch.stack(steps, dim=0)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Constant fills cost nothing; in-place writes into the buffer become slice updates.'], cost: 'None.' },
    sources: [torchOps(7078), issue(1527, "'empty' not implemented")],
    provenance: 'source',
  },
  {
    id: 'full',
    kind: 'op',
    title: 'torch.full / new_full (KeyError in the dtype mapping)',
    aliases: ['aten::full', 'new_full', 'torch.full'],
    frontends: ['pytorch'],
    status: since(
      '5.1',
      'Converted to fill. 7.x converters raised KeyError on some dtype arguments (KeyError: 6 in #2268, KeyError: 4 in #2296); the 8.0 converter handles torch dtypes and integer dtype codes and casts integers to int32.',
      null,
      { version: '8.0', what: 'the dtype handling that raised KeyError in 7.x' },
    ),
    summary: 'Create the tensor without a dtype argument: torch.ones(size) * value, then cast.',
    milOps: ['fill', 'mul', 'cast'],
    rewrite: ['torch.full(size, v, dtype=...) with dtype codes that older converters did not map fails before any shape is known. ones * value keeps the fill float and a separate .to(dtype) makes the cast explicit.'],
    snippets: [
      model(
        'full without a dtype argument',
        py`
          def filled(size, value, like):
              # torch.full(size, value, dtype=like.dtype)
              return (torch.ones(size) * value).to(like.dtype)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['A constant fill costs nothing.'], cost: 'None.' },
    sources: [torchOps(5926), issue(2268, "ERROR - converting 'full' op: KeyError: 6"), issue(2296, 'KeyError in full fixed by the 8.0 converter code')],
    provenance: 'issue',
  },
  {
    id: 'unflatten',
    kind: 'op',
    title: 'Tensor.unflatten / nn.Unflatten',
    aliases: ['aten::unflatten', 'nn.Unflatten'],
    frontends: ['pytorch'],
    status: since('7.0', '`unflatten` converts since 7.0, to a reshape with the computed shape (MiDaS 3.1, #1868).'),
    summary: 'Reshape explicitly: x.reshape(*x.shape[:d], *sizes, *x.shape[d + 1:]).',
    milOps: ['reshape'],
    rewrite: ['x.unflatten(d, sizes) is x.reshape(x.shape[:d] + sizes + x.shape[d+1:]).'],
    snippets: [
      model(
        'unflatten as reshape',
        py`
          def unflatten(x, dim, sizes):
              return x.reshape(*x.shape[:dim], *sizes, *x.shape[dim + 1:])
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['A reshape that keeps memory order is free.'], cost: 'None.' },
    sources: [torchOps(881), issue(1868, "Support torch op 'unflatten'")],
    provenance: 'source',
  },
  {
    id: 'linspace',
    kind: 'op',
    title: 'torch.linspace with a runtime number of steps',
    aliases: ['aten::linspace', 'torch.linspace'],
    frontends: ['pytorch'],
    status: refused('5.2', 'Constant inputs fold to a constant; every release refuses a dynamic number of steps: "Dynamic steps input for torch.linspace is not supported. Please use torch.arange instead".'),
    summary: 'Use torch.arange(steps) * step + start, as the error message says.',
    milOps: ['range_1d', 'mul', 'add'],
    rewrite: ['linspace(a, b, n) = a + arange(n) · (b − a) / (n − 1); arange converts with a dynamic length.'],
    snippets: [
      model(
        'linspace from arange',
        py`
          def linspace(start, end, steps):
              step = (end - start) / (steps - 1)
              return start + torch.arange(steps, dtype=torch.float32) * step
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['range_1d with a dynamic length runs on CPU; constant ranges fold.'], cost: 'Exact.' },
    sources: [torchOps(1641)],
    provenance: 'source',
  },
  {
    id: 'lstm',
    kind: 'op',
    title: 'nn.LSTM / nn.GRU / nn.RNN (bidirectional RNN, packed sequences)',
    aliases: ['aten::lstm', 'gru', 'rnn_tanh', 'rnn_relu', '_pack_padded_sequence', 'nn.LSTM'],
    frontends: ['pytorch', 'mil'],
    status: since('4.0', '`lstm` converts since 4.0, `gru` since 5.0, and rnn_tanh/rnn_relu (nn.RNN) in 5.0 too. A bidirectional nn.RNN raises "Bidirectional simple RNN not supported"; pack_padded_sequence converts with a warning that it is inefficient.'),
    summary: 'Use fixed-length batches (drop pack_padded_sequence); build a bidirectional RNN from two unidirectional ones.',
    milOps: ['lstm', 'rnn', 'reverse', 'concat'],
    rewrite: ['A bidirectional RNN is a forward RNN on x and a forward RNN on x reversed in time, whose output is reversed back and concatenated.'],
    snippets: [
      model(
        'Bidirectional nn.RNN from two unidirectional RNNs',
        py`
          class BiRNN(nn.Module):
              def __init__(self, input_size, hidden_size):
                  super().__init__()
                  self.fwd = nn.RNN(input_size, hidden_size, batch_first=True)
                  self.bwd = nn.RNN(input_size, hidden_size, batch_first=True)

              def forward(self, x):  # (B, T, C)
                  out_f, _ = self.fwd(x)
                  out_b, _ = self.bwd(torch.flip(x, dims=[1]))
                  return torch.cat([out_f, torch.flip(out_b, dims=[1])], dim=-1)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['Recurrent ops mostly run on CPU; for short fixed sequences an unrolled loop of linear layers can run on the Neural Engine.'], cost: 'Exact; the weights must be copied from the bidirectional layer (weight_ih_l0_reverse → bwd).' },
    sources: [torchOps(3787)],
    provenance: 'source',
  },
  {
    id: 'triu',
    kind: 'op',
    title: 'torch.triu / tril (causal masks)',
    aliases: ['aten::triu', 'tril', 'aten::tril', 'torch.triu', 'torch.tril'],
    frontends: ['pytorch'],
    status: since('6.0', '`triu` and `tril` convert since 6.0, to MIL band_part.'),
    summary: 'Multiply (or masked_fill) by a constant triangular mask built once in __init__.',
    milOps: ['band_part', 'mul', 'const'],
    rewrite: ['Causal masks for a fixed context length are constants: build them once as buffers.'],
    snippets: [
      model(
        'Constant causal mask',
        py`
          class CausalMask(nn.Module):
              def __init__(self, length):
                  super().__init__()
                  self.register_buffer("keep", torch.ones(length, length).tril().bool())

              def forward(self, scores):  # (..., L, L)
                  return scores.masked_fill(~self.keep, -1e4)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['band_part and select run on the Neural Engine; use -1e4, not -inf (fp16).'], cost: 'None.' },
    sources: [torchOps(7683)],
    provenance: 'source',
  },
  {
    id: 'reshape',
    kind: 'op',
    title: 'reshape / view (rank > 5, runtime shapes, layout changes)',
    aliases: ['aten::reshape', 'view', 'aten::view', '_unsafe_view', 'Reshape'],
    frontends: ['pytorch', 'mil', 'tensorflow', 'onnx'],
    status: refused('4.0', '`reshape` and `view` convert natively since 4.0. They fail in every release when the result has rank 6 or more ("Core ML only supports tensors with rank <= 5", see rank-above-5) or when the target shape is computed at runtime in ways the converter cannot resolve.'),
    summary: 'Keep every reshape at rank ≤ 5 (merge two axes, split them back later) and build target shapes from constants and -1.',
    milOps: ['reshape', 'transpose'],
    rewrite: [
      'Window partitions and multi-head splits are the usual rank-6 reshapes: see rank-above-5 for the merge-and-split rewrite.',
      'Shapes from x.size() in scripted models are runtime values; traced models with fixed inputs fold them. Use -1 for the one unknown axis.',
    ],
    snippets: [
      model(
        'Reshape with constants and one -1',
        py`
          def to_heads(x, heads):
              b, s, c = x.shape  # Python ints under tracing with static shapes
              return x.reshape(b, s, heads, c // heads).transpose(1, 2)  # rank 4
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Reshapes that keep memory order are free; reshapes and transposes that move the channel axis break the Neural Engine\'s layout and add copies.'], cost: 'None.' },
    sources: [FILE.operationRank, torchOps()],
    provenance: 'source',
  },
  {
    id: 'quantized::linear_dynamic',
    kind: 'op',
    title: 'Dynamically quantized models (torch.ao.quantization.quantize_dynamic)',
    aliases: ['quantized::linear_relu_dynamic', 'quantized::linear_dynamic_fp16', 'quantize_dynamic', 'torch.ao.quantization.quantize_dynamic', 'dynamic-quantization'],
    frontends: ['pytorch'],
    status: never('Ops ending in _dynamic are never converted: "Dynamic quantized models are not supported by Core ML. Please use static quantization or the APIs in coremltools.optimize".'),
    summary: 'Convert the float model and compress the Core ML model with coremltools.optimize (linear_quantize_weights or palettize_weights).',
    milOps: ['linear', 'const'],
    rewrite: ['Dynamic quantization quantizes activations at runtime on the CPU; Core ML compresses weights instead (constexpr ops dequantized at load or on the fly). Convert the float checkpoint, then quantize or palettize the weights.'],
    snippets: [
      snippet(
        'convert',
        'Convert in float, then quantize weights with coremltools.optimize',
        py`
          import coremltools as ct
          import coremltools.optimize as cto

          mlmodel = ct.convert(traced_float_model, inputs=[ct.TensorType(shape=example_input.shape)],
                               minimum_deployment_target=ct.target.iOS16)
          config = cto.coreml.OptimizationConfig(global_config=cto.coreml.OpLinearQuantizerConfig(mode="linear_symmetric"))
          mlmodel = cto.coreml.linear_quantize_weights(mlmodel, config=config)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Weight-compressed models run on the Neural Engine; check the compute plan (ct.models.compute_plan) for the constexpr ops.'], cost: '8-bit weights: about 2x smaller than fp16; check accuracy (< 1 % top-1 budget) after compression.' },
    sources: [torchOps(), DOC.typedExecution],
    provenance: 'source',
    logMatch: { override: ['torch.dynamic-quantization'] },
  },
  {
    id: 'uninitialized',
    kind: 'op',
    title: 'prim::Uninitialized in scripted models (a value not set on every path, a raise in a branch)',
    aliases: ['prim::Uninitialized', 'raiseexception', 'prim::RaiseException'],
    frontends: ['pytorch'],
    status: never(
      'No release registers it. TorchScript emits prim::Uninitialized for a value that some path never sets: a variable assigned in one branch of an if only, or the result of a branch that raises (an assert or raise inside forward, itself prim::RaiseException). Traced models never contain it (#1410).',
    ),
    summary: 'Give the value a default before the branch (or set it on every path) and move asserts and raises out of forward, or trace the model.',
    milOps: ['select'],
    rewrite: [
      'TorchScript keeps both branches of an if. When one branch raises or leaves a variable unset, the other carries an Uninitialized placeholder that no converter can turn into a tensor. Assign a default before the if, and validate inputs outside the model.',
      'Tracing records only the branch the example input takes, so neither op appears; if the branch depends on the data, compute both values and pick one with torch.where (MIL select).',
    ],
    snippets: [
      model(
        'Every path sets the value; no raise inside forward',
        py`
          class Head(nn.Module):
              def __init__(self, use_bias: bool):
                  super().__init__()
                  self.use_bias = use_bias

              def forward(self, x):
                  y = x  # a default first: scripted "if ...: y = x + 1" alone leaves y unset on the other path
                  if self.use_bias:
                      y = x + 1
                  return y
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Nothing of it is left at runtime once every path sets the value.'], cost: 'None.' },
    sources: [issue(1410, "convert function for op 'uninitialized' not implemented"), DOC.scripting],
    provenance: 'issue',
  },
  {
    id: '__is__',
    kind: 'op',
    title: '`x is None` / `is not None` tests in scripted models (aten::__is__, aten::__isnot__)',
    aliases: ['aten::__is__', '__isnot__', 'aten::__isnot__', 'unchecked_cast', 'prim::unchecked_cast'],
    frontends: ['pytorch'],
    status: never(
      'No release registers `is`, `isnot` or unchecked_cast. They come from Optional arguments: TorchScript keeps the `is None` test and the cast that refines Optional[Tensor] to Tensor as ops (#1315); tracing resolves both for the example input.',
    ),
    summary: 'Decide optional behaviour once, in __init__ (a bool attribute), instead of testing an Optional argument for None in forward; or trace the model.',
    milOps: [],
    rewrite: [
      'A Python bool attribute is a constant to both the tracer and the scripter, so the branch folds away. Give forward only tensors, and pass a neutral tensor (zeros, an all-true mask) where None meant "no mask".',
    ],
    snippets: [
      model(
        'A bool attribute instead of an Optional argument',
        py`
          class MaskedBlock(nn.Module):
              def __init__(self, use_mask: bool):
                  super().__init__()
                  self.use_mask = use_mask  # fixed when the model is built, not tested per call

              def forward(self, x, mask):
                  if self.use_mask:
                      x = x.masked_fill(mask, 0.0)
                  return x
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['The test folds away; nothing runs on device.'], cost: 'None.' },
    sources: [issue(1315, "convert function for op '__is__' not implemented"), DOC.scripting],
    provenance: 'issue',
  },
  {
    id: 'len',
    kind: 'op',
    title: 'len(x) and range(len(x)) loops in scripted models (aten::len)',
    aliases: ['aten::len', '__range_length', 'aten::__range_length', '__derive_index', 'aten::__derive_index'],
    frontends: ['pytorch'],
    status: never('No release registers `len` (#2100). Scripted loops over range(len(x)) also produce __range_length and __derive_index, which no release registers either. Under torch.jit.trace, len() of a tensor or a list is a Python int.'),
    summary: 'Read sizes from the shape (x.shape[0], x.size(0)) and trace the model, so they fold to constants.',
    milOps: ['shape', 'slice_by_index'],
    rewrite: ['In scripted code every len() and range() over a runtime length stays an op. x.shape[0] is a shape read that folds to a constant for fixed input shapes; a loop over a fixed length unrolls when traced.'],
    snippets: [
      model(
        'Sizes from the shape, not len()',
        py`
          def rows(x):
              # len(x) is aten::len when scripted; the shape read folds to a constant when traced
              return x.shape[0]


          def sum_rows(x):
              total = torch.zeros_like(x[0])
              for i in range(x.shape[0]):  # unrolled by the tracer for a fixed input shape
                  total = total + x[i]
              return total
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['With fixed shapes nothing of it is left at runtime; unrolled loops add ops, so prefer a reduction (x.sum(0)) where one exists.'], cost: 'None.' },
    sources: [issue(2100, "convert function for op 'len' not implemented"), DOC.scripting],
    provenance: 'issue',
  },
  {
    id: 'intimplicit',
    kind: 'op',
    title: 'int(tensor) and tensors used as sizes in scripted models (aten::IntImplicit)',
    aliases: ['aten::IntImplicit', 'floatimplicit', 'aten::FloatImplicit'],
    frontends: ['pytorch'],
    status: never('No release registers `intimplicit` or `floatimplicit` (#2083). TorchScript inserts them where a 0-d tensor is used as a Python int or float: a size, an index, a scale factor.'),
    summary: 'Compute sizes and indices from shapes (Python ints) instead of from tensors, and trace the model.',
    milOps: ['shape', 'cast'],
    rewrite: ['A size computed from tensor values is data dependent to the scripter; computed from x.shape it is a Python int that folds for fixed input shapes. Pass scale factors as Python numbers fixed when the model is built.'],
    snippets: [
      model(
        'Sizes from shapes (Python ints), not from tensor values',
        py`
          class Upsample2x(nn.Module):
              def forward(self, x):
                  h, w = x.shape[-2], x.shape[-1]  # Python ints: no IntImplicit
                  return F.interpolate(x, size=(2 * h, 2 * w), mode="nearest")
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Constant sizes keep the following ops static, which the Neural Engine needs.'], cost: 'None.' },
    sources: [issue(2083, "convert function for op 'intimplicit' not implemented"), DOC.scripting],
    provenance: 'issue',
  },
  {
    id: 'dictconstruct',
    kind: 'op',
    title: 'A forward that returns a dict (prim::DictConstruct, Hugging Face model outputs)',
    aliases: ['prim::DictConstruct'],
    frontends: ['pytorch'],
    status: never('No release registers it. A model whose forward returns a dict (Hugging Face ModelOutput), traced with strict=False, keeps the dict as prim::DictConstruct (#1157).'),
    summary: 'Return a tuple of tensors: pass return_dict=False (Hugging Face), or wrap the model and return the tensors you need.',
    milOps: [],
    rewrite: ['Core ML models return named tensors, not containers. A thin wrapper that returns the tensors (a tuple) traces without strict=False and without the dict.'],
    snippets: [
      model(
        'Wrapper that returns tensors instead of a dict',
        py`
          class Logits(nn.Module):
              def __init__(self, inner):
                  super().__init__()
                  self.inner = inner

              def forward(self, input_ids):
                  out = self.inner(input_ids, return_dict=False)  # a tuple, not a ModelOutput dict
                  return out[0]
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Only the model outputs change.'], cost: 'None.' },
    sources: [issue(1157, "convert function for op 'dictconstruct' not implemented")],
    provenance: 'issue',
  },
];
