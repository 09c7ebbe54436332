/** Attention, projections and normalisation: the transformer ops and their Neural Engine layout. */
import type { RewriteEntry } from '../schema.js';
import { current, model, never, py, since, snippet, refused } from './build.js';
import { DOC, issue, torchOps } from './refs.js';

const PYTORCH_MHA_FASTPATH = {
  title: 'PyTorch nn.MultiheadAttention / TransformerEncoderLayer: fast path gated by torch.backends.mha.get_fastpath_enabled()',
  url: 'https://github.com/pytorch/pytorch/blob/main/torch/nn/modules/transformer.py',
};

const FASTPATH_OFF = snippet(
  'export',
  'Trace with the PyTorch attention fast path off',
  py`
    import torch

    torch.backends.mha.set_fastpath_enabled(False)  # nn.MultiheadAttention / TransformerEncoderLayer use plain ops
    model.eval()
    traced = torch.jit.trace(model, example_input)
  `,
);

const LINEAR_TO_CONV = model(
  'nn.Linear weights as a 1x1 conv for (B, C, 1, S) tensors',
  py`
    def linear_to_conv1x1(linear):
        conv = nn.Conv2d(linear.in_features, linear.out_features, 1, bias=linear.bias is not None)
        conv.weight.data.copy_(linear.weight.data[:, :, None, None])
        if linear.bias is not None:
            conv.bias.data.copy_(linear.bias.data)
        return conv
  `,
);

export const TORCH_ATTENTION: readonly RewriteEntry[] = [
  {
    id: 'scaled_dot_product_attention',
    kind: 'op',
    title: 'F.scaled_dot_product_attention (SDPA)',
    aliases: ['aten::scaled_dot_product_attention', '_scaled_dot_product_flash_attention_for_cpu', 'F.scaled_dot_product_attention', 'torch.nn.functional.scaled_dot_product_attention', 'sdpa'],
    frontends: ['pytorch', 'mil'],
    status: since(
      '7.0',
      'With minimum_deployment_target ≥ iOS18 and scale=None it becomes the fused MIL scaled_dot_product_attention op; otherwise it is decomposed into matmul + softmax (+ band_part for is_causal). A non-zero dropout_p raises (call model.eval()); attn_mask together with is_causal=True raises. Bool masks become a -3e4 additive mask in the decomposition.',
    ),
    summary: 'Trace in eval mode (dropout_p = 0); for the fused iOS18 op, target iOS18 and fold a custom `scale` into q.',
    milOps: ['scaled_dot_product_attention', 'matmul', 'softmax', 'band_part', 'mul', 'add'],
    rewrite: [
      'A custom scale prevents the fused op. Pre-multiply q by scale·√d and call SDPA with the default scale: the product is the same.',
      'Below iOS18 the decomposition is fine on GPU and CPU; for the Neural Engine the layout matters more than the op: see attention-ane-layout.',
    ],
    snippets: [
      model(
        'Fold a custom scale into q so the fused iOS18 op applies',
        py`
          def attention(q, k, v, mask=None, scale=None):
              if scale is not None:
                  q = q * (scale * math.sqrt(q.shape[-1]))  # SDPA's default scale is 1/sqrt(d)
              return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=0.0)
        `,
        'import math',
      ),
      snippet(
        'convert',
        'Target iOS18 for the fused attention op',
        py`
          import coremltools as ct

          mlmodel = ct.convert(
              traced,
              inputs=[ct.TensorType(name="x", shape=(1, 128, 512))],
              minimum_deployment_target=ct.target.iOS18,
              compute_precision=ct.precision.FLOAT16,
          )
        `,
      ),
    ],
    ane: {
      risk: 'medium',
      notes: [
        'The fused op needs iOS18; the decomposition on (B, S, C) tensors moves data with transposes and often runs partly on GPU.',
        'Masks: use finite values (-1e4 or the converter\'s -3e4); -inf overflows fp16 into NaN after softmax.',
      ],
      cost: 'Folding the scale into q is exact up to rounding; the fused op is usually faster than the decomposition.',
    },
    sources: [torchOps(9858), issue(1823, "convert function for op 'scaled_dot_product_attention' not implemented (torch 2.0, coremltools 6.x)"), DOC.aneTransformers],
    provenance: 'source',
  },
  {
    id: 'attention-ane-layout',
    kind: 'pattern',
    title: 'Attention laid out for the Neural Engine: (B, C, 1, S), 1x1 convs, per-head einsum, softmax',
    aliases: ['ane-attention', 'MultiheadAttention', 'nn.MultiheadAttention', 'multi_head_attention_forward', 'attention'],
    frontends: ['pytorch'],
    status: never('Not an op: a model layout. Every piece (conv, einsum, softmax) converts natively; what changes is where it runs.'),
    summary: 'Keep activations as (B, C, 1, S), replace nn.Linear by 1x1 nn.Conv2d, split heads on the channel axis and run attention per head with einsum + softmax.',
    milOps: ['conv', 'einsum', 'softmax', 'split', 'concat', 'mul'],
    rewrite: [
      'Apple\'s ANE transformer recipe: the Neural Engine prefers 4-D channels-first tensors whose last axis is the sequence. A Linear on (B, S, C) becomes a 1x1 Conv2d on (B, C, 1, S) with the same weights, and no reshape or transpose is needed between layers.',
      'Split heads with split() on the channel axis (no reshape to rank 5), compute each head\'s weights with einsum("bchq,bkhc->bkhq") and softmax over the key axis (dim 1), then apply them with einsum("bkhq,bchk->bchq") and concatenate the heads.',
      'Chunk long sequences so each attention matrix stays small (the article splits the query axis), and keep LayerNorm over the channel axis.',
    ],
    snippets: [
      model(
        'Self-attention on (B, C, 1, S) with 1x1 convs',
        py`
          class AneSelfAttention(nn.Module):
              def __init__(self, dim, heads):
                  super().__init__()
                  self.head_dim = dim // heads
                  self.q_proj = nn.Conv2d(dim, dim, 1)
                  self.k_proj = nn.Conv2d(dim, dim, 1)
                  self.v_proj = nn.Conv2d(dim, dim, 1)
                  self.out_proj = nn.Conv2d(dim, dim, 1)

              def forward(self, x):  # (B, C, 1, S)
                  q = self.q_proj(x) * self.head_dim ** -0.5
                  k = self.k_proj(x).transpose(1, 3)  # (B, S, 1, C)
                  v = self.v_proj(x)
                  heads = []
                  for qh, kh, vh in zip(q.split(self.head_dim, dim=1), k.split(self.head_dim, dim=3), v.split(self.head_dim, dim=1)):
                      w = torch.einsum("bchq,bkhc->bkhq", qh, kh).softmax(dim=1)  # (B, S_k, 1, S_q)
                      heads.append(torch.einsum("bkhq,bchk->bchq", w, vh))  # (B, C_h, 1, S_q)
                  return self.out_proj(torch.cat(heads, dim=1))
        `,
      ),
      LINEAR_TO_CONV,
    ],
    ane: {
      risk: 'low',
      notes: ['This is the layout the Neural Engine runs best: Apple reports multi-fold speed-ups and lower memory for distilbert with it.', 'Keep fp16 (the default for ML programs); avoid int ops and reshapes to rank 5 inside attention.'],
      cost: 'Numerically the same model; a one-off weight reshuffle when loading the checkpoint.',
    },
    sources: [DOC.aneTransformers, DOC.aneTransformersRepo],
    provenance: 'docs',
  },
  {
    id: '_native_multi_head_attention',
    kind: 'op',
    title: 'nn.MultiheadAttention fast path (eval mode, batch_first)',
    aliases: ['aten::_native_multi_head_attention', 'torch._native_multi_head_attention'],
    frontends: ['pytorch'],
    status: never('Not registered. nn.MultiheadAttention takes this fused fast path in eval mode when its conditions hold; the plain path (F.multi_head_attention_forward) converts.'),
    summary: 'Call torch.backends.mha.set_fastpath_enabled(False) before tracing so nn.MultiheadAttention traces through plain ops.',
    milOps: ['matmul', 'softmax', 'linear'],
    rewrite: ['PyTorch gates the fused path on torch.backends.mha.get_fastpath_enabled(); turning it off traces the same math as separate linear, matmul and softmax ops, which coremltools converts (#2311 confirms equal accuracy).'],
    snippets: [FASTPATH_OFF],
    ane: { risk: 'medium', notes: ['The plain path works on (S, B, C) or (B, S, C) tensors with reshapes per head; for the Neural Engine see attention-ane-layout.'], cost: 'None: the same computation.' },
    sources: [issue(2311, "convert function for op '_native_multi_head_attention' not implemented"), PYTORCH_MHA_FASTPATH],
    provenance: 'issue',
  },
  {
    id: '_transformer_encoder_layer_fwd',
    kind: 'op',
    title: 'nn.TransformerEncoderLayer fast path (eval mode)',
    aliases: ['aten::_transformer_encoder_layer_fwd', '_nested_tensor_from_mask'],
    frontends: ['pytorch'],
    status: never('Not registered. nn.TransformerEncoderLayer (and TransformerEncoder with nested tensors) take a fused fast path in eval mode.'),
    summary: 'Call torch.backends.mha.set_fastpath_enabled(False) before tracing (and build TransformerEncoder with enable_nested_tensor=False).',
    milOps: ['matmul', 'softmax', 'linear', 'layer_norm'],
    rewrite: ['TransformerEncoderLayer.forward checks torch.backends.mha.get_fastpath_enabled() before the fused kernel; with it off the layer traces as linear, attention, layer_norm and activation ops that convert natively.'],
    snippets: [FASTPATH_OFF],
    ane: { risk: 'medium', notes: ['The plain path converts; for the best Neural Engine placement restructure as in attention-ane-layout.'], cost: 'None: the same computation.' },
    sources: [PYTORCH_MHA_FASTPATH, issue(2311, 'the same fast-path workaround for MultiheadAttention')],
    provenance: 'source',
  },
  {
    id: 'einsum',
    kind: 'op',
    title: 'torch.einsum / tf.einsum',
    aliases: ['aten::einsum', 'Einsum', 'tf.raw_ops.Einsum', 'torch.einsum', 'tf.einsum'],
    frontends: ['pytorch', 'tensorflow', 'onnx', 'mil'],
    status: since('5.0', 'TF `Einsum` converts since 4.0, torch `einsum` since 5.0. Known two-operand patterns map to matmul; other equations go through a generic transpose/reshape/matmul solver that still raises for some equations.'),
    summary: 'Rewrite the equation as explicit permute + matmul (or a 1x1 conv when one side is a weight).',
    milOps: ['matmul', 'transpose', 'reshape'],
    rewrite: [
      'Any two-operand einsum is a batched matmul after moving the contracted axes last/first: "bhqd,bhkd->bhqk" is q @ k.transpose(-1, -2). Writing it that way avoids the solver and makes the layout explicit.',
      'For TensorFlow the official composite-operators guide shows the same idea: register Einsum as a composite built from mb.matmul.',
    ],
    snippets: [
      model(
        'Attention scores without einsum',
        py`
          def scores(q, k):
              # torch.einsum("bhqd,bhkd->bhqk", q, k)
              return torch.matmul(q, k.transpose(-1, -2))


          def mix(w, v):
              # torch.einsum("bhqk,bhkd->bhqd", w, v)
              return torch.matmul(w, v)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['matmul and the ANE-transformer einsum patterns on (B, C, 1, S) run on the Neural Engine; extra transposes from the generic solver may not.'], cost: 'Exact.' },
    sources: [torchOps(1688), DOC.composite, DOC.aneTransformers],
    provenance: 'source',
  },
  {
    id: 'linear',
    kind: 'op',
    title: 'nn.Linear / F.linear (aten::linear)',
    aliases: ['aten::linear', 'F.linear', 'nn.Linear'],
    frontends: ['pytorch', 'mil'],
    status: since('5.0', 'Newer torch traces nn.Linear as aten::linear (older torch emitted addmm/matmul); `linear` is registered from 5.0. Constant weights become MIL linear; non-constant weights (e.g. dequantized int8) become matmul.'),
    summary: 'Use the same weights in a 1x1 nn.Conv2d on (B, C, 1, S) activations (converts in every release and suits the Neural Engine), or write x @ W.T + b.',
    milOps: ['linear', 'matmul', 'conv'],
    rewrite: ['On the Neural Engine, linear layers on (B, S, C) tensors are often slower than the same weights as a 1x1 conv on (B, C, 1, S) tensors: see attention-ane-layout for the conversion of weights.'],
    snippets: [
      LINEAR_TO_CONV,
    ],
    ane: { risk: 'low', notes: ['MIL linear with constant weights runs on the Neural Engine; the 1x1 conv layout avoids the transposes around it.'], cost: 'None.' },
    sources: [torchOps(1220), issue(1223, "'linear' not implemented with an older coremltools"), DOC.aneTransformers],
    provenance: 'source',
  },
  {
    id: 'tensordot',
    kind: 'op',
    title: 'torch.tensordot',
    aliases: ['aten::tensordot', 'torch.tensordot'],
    frontends: ['pytorch'],
    status: never('Not registered (#2137).'),
    summary: 'Reshape both operands to 2-D, matmul, reshape back.',
    milOps: ['reshape', 'matmul'],
    rewrite: ['tensordot(a, b, dims=n) contracts a\'s last n axes with b\'s first n: flatten those into one axis on each side and it is a single matmul.'],
    snippets: [
      model(
        'tensordot as reshape + matmul',
        py`
          def tensordot(a, b, dims=1):
              """torch.tensordot(a, b, dims=n) for an integer n."""
              lead = a.shape[: a.dim() - dims]
              tail = b.shape[dims:]
              k = 1
              for s in b.shape[:dims]:
                  k *= s
              out = a.reshape(-1, k) @ b.reshape(k, -1)
              return out.reshape(*lead, *tail)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['One matmul; the reshapes are free when they do not reorder data.'], cost: 'Exact.' },
    sources: [issue(2137, "op 'tensordot' not implemented")],
    provenance: 'issue',
  },
  {
    id: 'matmul',
    kind: 'op',
    title: 'matmul / bmm / mm shape errors (attention decoders, masks)',
    aliases: ['aten::matmul', 'bmm', 'mm', 'torch.matmul', 'BatchMatMulV2', 'MatMul'],
    frontends: ['pytorch', 'tensorflow', 'onnx', 'mil'],
    status: refused('4.0', '`matmul` converts natively since 4.0, `bmm` since 4.0 and `mm` since 7.1 (a 2-D constant right operand becomes MIL linear). The failures are shape errors, in every release, in MIL type inference, most often inside the attention decomposition when q/k/v or masks have batch shapes that do not broadcast (#2155, nn.Transformer in DETR).'),
    summary: 'Make both operands\' batch dimensions equal or broadcastable with an explicit reshape/expand before the matmul; in nn.Transformer models use batch_first=True and 2-D (L, S) masks.',
    milOps: ['matmul', 'reshape', 'tile'],
    rewrite: [
      'MIL matmul broadcasts batch dimensions like numpy but needs the contracted sizes to match at conversion time. Symbolic sizes from flexible inputs or masks shaped (B·heads, L, S) against (B, heads, L, S) operands break that; reshape masks to the operands\' rank, or use fixed shapes.',
    ],
    snippets: [
      model(
        'Broadcastable mask for multi-head attention',
        py`
          def expand_mask(mask, batch, heads):
              """(B*heads, L, S) or (L, S) mask -> (B, heads, L, S), matching (B, heads, L, d) queries."""
              if mask.dim() == 2:
                  return mask[None, None].expand(batch, heads, -1, -1)
              return mask.reshape(batch, heads, mask.shape[-2], mask.shape[-1])
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['matmul runs on the Neural Engine in fp16; a constant 2-D operand becomes linear.'], cost: 'None.' },
    sources: [issue(2155, 'DETR: matmul shape error inside nn.Transformer'), torchOps()],
    provenance: 'issue',
  },
  {
    id: 'layer_norm',
    kind: 'op',
    title: 'nn.LayerNorm (and its Neural Engine layout)',
    aliases: ['aten::layer_norm', 'native_layer_norm', 'nn.LayerNorm'],
    frontends: ['pytorch', 'mil'],
    status: since('4.0', 'MIL layer_norm over the last axes; `native_layer_norm` (torch.export) since 7.1.'),
    summary: 'Converts natively; for the Neural Engine normalise over the channel axis of (B, C, 1, S) tensors.',
    milOps: ['layer_norm', 'reduce_mean', 'sub', 'mul', 'rsqrt', 'add'],
    rewrite: ['In the ANE layout the features are on axis 1, so LayerNorm must reduce over dim 1 instead of the last axis; the weights are the same, reshaped to (1, C, 1, 1).'],
    snippets: [
      model(
        'LayerNorm over channels for (B, C, 1, S)',
        py`
          class LayerNormChannels(nn.Module):
              def __init__(self, ln):
                  super().__init__()
                  self.eps = ln.eps
                  self.weight = nn.Parameter(ln.weight.detach().reshape(1, -1, 1, 1))
                  self.bias = nn.Parameter(ln.bias.detach().reshape(1, -1, 1, 1))

              def forward(self, x):
                  mean = x.mean(dim=1, keepdim=True)
                  var = (x - mean).pow(2).mean(dim=1, keepdim=True)
                  return (x - mean) * torch.rsqrt(var + self.eps) * self.weight + self.bias
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['LayerNorm over the last axis of (B, S, C) forces transposes in the ANE layout.', 'Squares of large activations overflow fp16 (> 65504); see fp16-overflow.'], cost: 'Exact.' },
    sources: [torchOps(3139), DOC.aneTransformers],
    provenance: 'source',
  },
  {
    id: 'rms_norm',
    kind: 'op',
    title: 'nn.RMSNorm / F.rms_norm (LLMs)',
    aliases: ['aten::rms_norm', 'nn.RMSNorm', 'F.rms_norm'],
    frontends: ['pytorch'],
    status: since('9.0', 'coremltools 9.0 lowers it as x / sqrt(mean(x²) + eps), dividing by max|x| first so the square cannot overflow fp16.'),
    summary: 'Write RMSNorm in torch ops, dividing by max|x| before squaring so fp16 cannot overflow.',
    milOps: ['reduce_max', 'abs', 'real_div', 'mul', 'reduce_mean', 'sqrt', 'add'],
    rewrite: ['x / rms(x) is unchanged when x is divided by any positive scale first; dividing by max|x| keeps x² ≤ 1, so fp16 cannot overflow on the Neural Engine.'],
    snippets: [
      model(
        'fp16-safe RMSNorm in plain ops',
        py`
          class RMSNormFp16Safe(nn.Module):
              def __init__(self, weight, eps=1e-6):
                  super().__init__()
                  self.weight = nn.Parameter(weight.detach())
                  self.eps = eps

              def forward(self, x):
                  scale = x.abs().amax(dim=-1, keepdim=True).clamp(min=1e-4)
                  xs = x / scale
                  rms = torch.sqrt(xs.pow(2).mean(dim=-1, keepdim=True) + self.eps / (scale * scale))
                  return xs / rms * self.weight
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Without rescaling, x² overflows fp16 for activations above ~256 and the norm returns inf/NaN on the Neural Engine.'], cost: 'Exact in real arithmetic; one extra reduction.' },
    sources: [torchOps(3174)],
    provenance: 'source',
  },
  {
    id: 'group_norm',
    kind: 'op',
    title: 'nn.GroupNorm',
    aliases: ['aten::group_norm', 'native_group_norm', 'nn.GroupNorm'],
    frontends: ['pytorch'],
    status: since('4.1', 'Lowered to reshape → mean/variance → reshape; `native_group_norm` (torch.export) since 8.2. The IndexError in #1607 came from a scripted model and a wrong op definition, fixed upstream.'),
    summary: 'Trace (not script) the model; if an old converter fails, write GroupNorm out: reshape, normalise, reshape back.',
    milOps: ['reshape', 'reduce_mean', 'sub', 'mul', 'sqrt', 'real_div', 'add'],
    rewrite: ['If an old converter fails, write it out: reshape (N, C, ...) to (N, G, C/G·...), normalise over the last axis, reshape back, apply the affine weights.'],
    snippets: [
      model(
        'GroupNorm written out',
        py`
          def group_norm(x, groups, weight, bias, eps=1e-5):
              n, c = x.shape[:2]
              y = x.reshape(n, groups, -1)
              mean = y.mean(dim=-1, keepdim=True)
              var = (y - mean).pow(2).mean(dim=-1, keepdim=True)
              y = ((y - mean) / torch.sqrt(var + eps)).reshape(x.shape)
              shape = (1, c) + (1,) * (x.dim() - 2)
              return y * weight.reshape(shape) + bias.reshape(shape)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Keep the channel axis at 1 and the rank at 4; the reshape to (N, G, …) moves data.'], cost: 'Exact.' },
    sources: [torchOps(2916), issue(1607, 'IndexError in the group_norm converter')],
    provenance: 'source',
  },
  {
    id: 'gelu',
    kind: 'op',
    title: 'nn.GELU(approximate="tanh")',
    aliases: ['aten::gelu', 'nn.GELU', 'F.gelu'],
    frontends: ['pytorch', 'mil'],
    status: since('4.0', 'MIL gelu, EXACT mode; the 7.0 converter and newer map approximate="tanh" to TANH_APPROXIMATION (older ones ignore it and compute the exact form).', null, { version: '7.0', what: 'gelu(approximate="tanh") maps to the tanh approximation' }),
    summary: 'Write the tanh approximation out: 0.5·x·(1 + tanh(0.79788456·(x + 0.044715·x³))).',
    milOps: ['gelu', 'tanh', 'mul', 'add', 'pow'],
    rewrite: ['gelu_tanh(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).'],
    snippets: [
      model(
        'Tanh-approximate GELU in plain ops',
        py`
          def gelu_tanh(x):
              return 0.5 * x * (1.0 + torch.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['MIL gelu and its decomposition run on the Neural Engine.'], cost: 'Exact for the tanh approximation.' },
    sources: [torchOps(6328)],
    provenance: 'source',
  },
  {
    id: 'masked_fill',
    kind: 'op',
    title: 'masked_fill with -inf / finfo.min (attention masks)',
    aliases: ['aten::masked_fill', 'Tensor.masked_fill'],
    frontends: ['pytorch'],
    status: since('4.0', 'Converts to MIL select. The problem is numeric: -inf or torch.finfo(torch.float32).min do not survive fp16 and turn softmax outputs into NaN.'),
    summary: 'Fill with a finite fp16-safe value (-1e4) instead of -inf or finfo(float32).min.',
    milOps: ['select'],
    rewrite: ['fp16 holds values up to ±65504. A mask value of -1e4 already drives exp() to zero in softmax and stays finite; coremltools itself uses -3e4 when it turns bool attention masks into additive ones.'],
    snippets: [
      model(
        'fp16-safe attention masking',
        py`
          NEG = -1e4  # finite in fp16, still exp(NEG - max) == 0 after softmax


          def masked_scores(scores, mask):
              # scores.masked_fill(~mask, float("-inf")) overflows fp16
              return scores.masked_fill(~mask, NEG)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['select runs on the Neural Engine; -inf values produce NaN there because it computes in fp16.'], cost: 'None in practice: masked logits still get zero weight.' },
    sources: [torchOps(6821), DOC.typedExecution],
    provenance: 'source',
  },
];
