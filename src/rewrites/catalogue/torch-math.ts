/** Element-wise math, reductions, linear algebra, spectral ops and random sampling. */
import type { RewriteEntry } from '../schema.js';
import { current, model, never, py, since, refused } from './build.js';
import { DOC, issue, pr, torchOps } from './refs.js';

export const TORCH_MATH: readonly RewriteEntry[] = [
  {
    id: 'inverse',
    kind: 'op',
    title: 'MIL inverse (1/x) given an int32 tensor; also torch.inverse (matrix inverse)',
    aliases: ['reciprocal', 'aten::reciprocal', 'aten::inverse', 'torch.inverse', 'Reciprocal', 'mb.inverse'],
    frontends: ['mil', 'pytorch', 'tensorflow'],
    status: never(
      'MIL inverse is element-wise 1/x and accepts fp16/fp32 only: an int32 input fails with "expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got tensor[..., int32]" (#2156). torch.reciprocal and TF Reciprocal map to it. torch.inverse (a matrix inverse) is not registered: see linalg_inv.',
    ),
    summary: 'Cast to float before the reciprocal or division (`1.0 / x.float()`): MIL inverse takes fp16/fp32 only.',
    milOps: ['cast', 'inverse', 'real_div'],
    rewrite: [
      'The int32 tensor usually comes from shape arithmetic or an integer buffer (counts, lengths). Cast it to float in the model right before 1/x; the cast is free when the value is a constant.',
      'If the traceback shows torch.inverse on a matrix, the element-wise inverse is the wrong op: see the linalg_inv entry for matrix inverses.',
    ],
    snippets: [
      model(
        'Reciprocal of an integer tensor',
        py`
          def inv_count(count):
              # count.reciprocal() on an int tensor reaches MIL inverse as int32
              return 1.0 / count.to(torch.float32)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Integer math runs on CPU; after the cast the reciprocal runs on the Neural Engine in fp16.'], cost: 'None; counts above 2048 lose integer precision in fp16.' },
    sources: [issue(2156, "inverse: expects fp16/fp32 but got int32"), torchOps()],
    provenance: 'issue',
  },
  {
    id: 'linalg_inv',
    kind: 'op',
    title: 'torch.linalg.inv / tf.linalg.inv (matrix inverse)',
    aliases: ['aten::linalg_inv', 'linalg.inv', 'torch.linalg.inv', 'MatrixInverse'],
    frontends: ['pytorch', 'tensorflow'],
    status: refused('8.1', '`linalg_inv` is registered since 8.1, but only for a constant input (inverted at conversion time): every release refuses a dynamic matrix ("For non-const input, the lowering for Torch `linalg_inv` op is not supported"). TF MatrixInverse is registered by no release.'),
    summary: 'Invert small matrices in closed form (adjugate / determinant for 2x2 and 3x3), or move the inverse out of the model.',
    milOps: ['mul', 'sub', 'stack', 'real_div'],
    rewrite: ['Camera intrinsics and 2-D/3-D transforms are 2x2, 3x3 or 4x4: their inverse is a fixed formula of products. Larger systems are better solved in the app (Accelerate).'],
    snippets: [
      model(
        '3x3 inverse by the adjugate',
        py`
          def inv3x3(m):
              """Inverse of (..., 3, 3) matrices; the determinant must not be 0."""
              a, b, c = m[..., 0, 0], m[..., 0, 1], m[..., 0, 2]
              d, e, f = m[..., 1, 0], m[..., 1, 1], m[..., 1, 2]
              g, h, i = m[..., 2, 0], m[..., 2, 1], m[..., 2, 2]
              c00, c01, c02 = e * i - f * h, f * g - d * i, d * h - e * g
              det = a * c00 + b * c01 + c * c02
              adj = torch.stack([
                  torch.stack([c00, c * h - b * i, b * f - c * e], dim=-1),
                  torch.stack([c01, a * i - c * g, c * d - a * f], dim=-1),
                  torch.stack([c02, b * g - a * h, a * e - b * d], dim=-1),
              ], dim=-2)
              return adj / det[..., None, None]
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Element-wise products run anywhere; in fp16 ill-conditioned matrices lose precision badly.'], cost: 'Exact in real arithmetic; consider fp32 compute precision for this subgraph.' },
    sources: [torchOps(10070), issue(2156, 'MIL inverse is element-wise, not a matrix inverse')],
    provenance: 'source',
  },
  {
    id: 'atan2',
    kind: 'op',
    title: 'torch.atan2',
    aliases: ['aten::atan2', 'torch.atan2', 'arctan2'],
    frontends: ['pytorch'],
    status: since('6.2', 'Composed of atan, real_div and quadrant masks.'),
    summary: 'Compute atan(y / x) with quadrant corrections and torch.where guards.',
    milOps: ['atan', 'real_div', 'select', 'less', 'equal', 'add', 'sub'],
    rewrite: ['atan2(y, x) = atan(y/x), plus π when x < 0 and y ≥ 0, minus π when x < 0 and y < 0, and ±π/2 on the y axis. torch.where avoids dividing by zero.'],
    snippets: [
      model(
        'atan2 from atan and masks',
        py`
          def atan2_compat(y, x):
              pi = 3.141592653589793
              base = torch.atan(y / torch.where(x == 0, torch.ones_like(x), x))
              base = torch.where(x < 0, torch.where(y >= 0, base + pi, base - pi), base)
              axis = torch.where(y > 0, torch.ones_like(y) * (pi / 2), torch.where(y < 0, torch.ones_like(y) * (-pi / 2), torch.zeros_like(y)))
              return torch.where(x == 0, axis, base)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Element-wise ops; runs on the Neural Engine in fp16.'], cost: 'Exact up to fp16 rounding.' },
    sources: [torchOps(7546)],
    provenance: 'source',
  },
  {
    id: 'fmod',
    kind: 'op',
    title: 'torch.fmod (C-style remainder, sign of the dividend)',
    aliases: ['aten::fmod', 'torch.fmod'],
    frontends: ['pytorch'],
    status: never('Registered by no release. `remainder` is registered since 6.1; torch.trunc is not.'),
    summary: 'Compute x − trunc(x / y)·y with trunc written as sign·floor(|·|).',
    milOps: ['real_div', 'abs', 'floor', 'sign', 'mul', 'sub'],
    rewrite: ['fmod rounds the quotient towards zero; remainder rounds it down. trunc(q) = sign(q)·floor(|q|) uses only registered ops.'],
    snippets: [
      model(
        'fmod from floor and sign',
        py`
          def fmod(x, y):
              q = x / y
              return x - torch.sign(q) * torch.floor(torch.abs(q)) * y
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Float element-wise ops; integer inputs would run on CPU.'], cost: 'Exact for floats up to rounding.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: 'remainder',
    kind: 'op',
    title: 'torch.remainder / the % operator',
    aliases: ['aten::remainder', 'torch.remainder'],
    frontends: ['pytorch'],
    status: since('6.1', 'remainder = x − floor_div(x, y)·y. x % 1 was reported to convert silently to all zeros (#2836, closed).'),
    summary: 'For x % 1 write x − torch.floor(x), and compare the converted output with torch.',
    milOps: ['floor_div', 'mul', 'sub', 'floor'],
    rewrite: ['x % 1 (phase wrap-around in vocoders, positional encodings) equals x − floor(x) for every sign; torch.frac is different for negative x.'],
    snippets: [
      model(
        'Fractional part that converts correctly',
        py`
          def wrap_unit(x):
              # x % 1, without the divisor-1 remainder that #2836 reported as converting to zeros
              return x - torch.floor(x)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Float element-wise ops run on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(8686), issue(2836, 'x % 1 silently converts to zeros')],
    provenance: 'issue',
  },
  {
    id: 'floor_divide',
    kind: 'op',
    title: 'torch.floor_divide / div(rounding_mode=...)',
    aliases: ['aten::floor_divide', 'floordiv', 'torch.floor_divide'],
    frontends: ['pytorch'],
    status: since('4.0', 'floor_divide → MIL floor_div. The div converter handles rounding_mode="floor"|"trunc" in 5.0 and newer (4.x ignores it), any other mode raises. div casts both inputs to fp32 first.', null, { version: '5.0', what: 'div(rounding_mode="floor"|"trunc")' }),
    summary: 'Use torch.div(a, b, rounding_mode="floor") (or "trunc") on float operands.',
    milOps: ['floor_div', 'real_div', 'floor', 'sign', 'mul'],
    rewrite: ['Integer division on index tensors runs on CPU; when the result only scales coordinates, divide floats and floor once at the end.'],
    snippets: [
      model(
        'Floor division on floats',
        py`
          def cell_index(coord, cell):
              return torch.div(coord, cell, rounding_mode="floor")
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['floor_div on int32 runs on CPU; on floats it runs on the Neural Engine.'], cost: 'None.' },
    sources: [torchOps(2082)],
    provenance: 'research',
  },
  {
    id: 'logsumexp',
    kind: 'op',
    title: 'torch.logsumexp',
    aliases: ['aten::logsumexp', 'torch.logsumexp', 'ReduceLogSumExp'],
    frontends: ['pytorch', 'onnx'],
    status: since('6.2', 'An alias on the reduction converter → MIL reduce_log_sum_exp.'),
    summary: 'Write the max-shifted form: m + log(sum(exp(x − m))).',
    milOps: ['reduce_max', 'sub', 'exp', 'reduce_sum', 'log', 'add'],
    rewrite: ['Subtracting the max keeps exp() ≤ 1, which matters in fp16 (exp overflows above ~11).'],
    snippets: [
      model(
        'Stable logsumexp',
        py`
          def logsumexp(x, dim):
              m = torch.max(x, dim=dim, keepdim=True)[0]
              return (torch.log(torch.exp(x - m).sum(dim=dim, keepdim=True)) + m).squeeze(dim)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Runs on the Neural Engine; the max shift is what makes it safe in fp16.'], cost: 'Exact.' },
    sources: [torchOps(2159)],
    provenance: 'source',
  },
  {
    id: 'logcumsumexp',
    kind: 'op',
    title: 'torch.logcumsumexp',
    aliases: ['aten::logcumsumexp', '_logcumsumexp'],
    frontends: ['pytorch'],
    status: since('8.1', 'An alias on cumsum: exp → cumsum → log, without a max shift, so fp16 overflows for inputs above ~11.'),
    summary: 'Shift by the maximum first: m + log(cumsum(exp(x − m))).',
    milOps: ['reduce_max', 'sub', 'exp', 'cumsum', 'log', 'add'],
    rewrite: ['A single global max per row is enough for stability in most sequences; `cumsum` converts since 4.0.'],
    snippets: [
      model(
        'logcumsumexp with a max shift',
        py`
          def logcumsumexp(x, dim):
              m = torch.max(x, dim=dim, keepdim=True)[0]
              return torch.log(torch.cumsum(torch.exp(x - m), dim=dim)) + m
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['cumsum may run on CPU; exp without the shift overflows fp16 on the Neural Engine.'], cost: 'Exact; very negative early terms may underflow to log(0).' },
    sources: [torchOps(2250)],
    provenance: 'source',
  },
  {
    id: 'cumprod',
    kind: 'op',
    title: 'torch.cumprod',
    aliases: ['aten::cumprod', 'torch.cumprod'],
    frontends: ['pytorch'],
    status: since('8.1', 'One gather + scatter per element along the axis (static size only: a symbolic size raises).'),
    summary: 'For positive inputs use exp(cumsum(log(x))); otherwise keep the axis short and static.',
    milOps: ['log', 'cumsum', 'exp'],
    rewrite: ['The native lowering emits 2·N ops for an axis of length N. For positive values (probabilities, decay factors) the log-domain form is three ops.'],
    snippets: [
      model(
        'cumprod of positive values in the log domain',
        py`
          def cumprod_positive(x, dim):
              return torch.exp(torch.cumsum(torch.log(x), dim=dim))
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['cumsum may run on CPU; the per-element gather/scatter lowering runs on CPU.'], cost: 'Exact in real arithmetic; fp16 log/exp lose relative precision for long products.' },
    sources: [torchOps(10168)],
    provenance: 'source',
  },
  {
    id: 'var',
    kind: 'op',
    title: 'torch.var / var_mean (and std with correction=)',
    aliases: ['aten::var', 'var.dim', 'var.correction', 'var_correction', 'std.correction', 'std_correction', 'torch.var'],
    frontends: ['pytorch'],
    status: since('8.2', '`var` (and the *.correction variants) since 8.2; `std` since 4.0.'),
    summary: 'Compute the variance from the mean: ((x − mean)²).mean · n / (n − correction).',
    milOps: ['reduce_mean', 'sub', 'mul'],
    rewrite: ['Write the biased variance with two reductions and rescale for the correction you need.'],
    snippets: [
      model(
        'Variance from means',
        py`
          def var(x, dim, correction=1, keepdim=False):
              n = x.shape[dim]
              mean = x.mean(dim=dim, keepdim=True)
              v = (x - mean).pow(2).mean(dim=dim, keepdim=keepdim)
              return v * (n / (n - correction))
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Reductions run on the Neural Engine; squares of large deviations can overflow fp16.'], cost: 'Exact.' },
    sources: [torchOps(8103)],
    provenance: 'research',
  },
  {
    id: 'fft_fft',
    kind: 'op',
    title: 'torch.fft.* (fft, rfft, irfft, fftn, rfftn, ...) and TF FFT/RFFT',
    aliases: ['fft', 'fft_ifft', 'fft_rfft', 'fft_irfft', 'fft_fftn', 'fft_ifftn', 'fft_rfftn', 'fft_irfftn', 'torch.fft.rfft', 'RFFT', 'IFFT', 'IRFFT'],
    frontends: ['pytorch', 'tensorflow'],
    status: since('6.2', 'Lowered through the complex dialect; complex tensors may not be model inputs or outputs (return real and imaginary parts).'),
    summary: 'Return real and imaginary parts; for the Neural Engine (or older releases) multiply by a precomputed DFT matrix.',
    milOps: ['matmul', 'const'],
    rewrite: ['For a fixed length n the real FFT is two matmuls with constant cosine and sine matrices: no complex tensors, and runs anywhere.'],
    snippets: [
      model(
        'rfft as two matmuls',
        py`
          class RealDFT(nn.Module):
              """torch.fft.rfft(x, dim=-1) for a fixed length n; returns (real, imag)."""

              def __init__(self, n):
                  super().__init__()
                  k = torch.arange(n // 2 + 1, dtype=torch.float64)[:, None]
                  t = torch.arange(n, dtype=torch.float64)[None, :]
                  angle = -2.0 * math.pi * k * t / n
                  self.register_buffer("cos", torch.cos(angle).t().float().contiguous())  # (n, n//2+1)
                  self.register_buffer("sin", torch.sin(angle).t().float().contiguous())

              def forward(self, x):
                  return x @ self.cos, x @ self.sin
        `,
        'import math',
      ),
    ],
    ane: { risk: 'medium', notes: ['The complex-dialect lowering mostly runs on CPU/GPU; a DFT matmul runs on the Neural Engine.', 'fp16 loses precision for long signals (n in the thousands).'], cost: 'O(n²) MACs instead of O(n log n): fine for n up to a few thousand.' },
    sources: [torchOps(9224), issue(1311, 'FFT support'), issue(941, 'TF FFT ops (older releases)')],
    provenance: 'source',
  },
  {
    id: 'stft',
    kind: 'op',
    title: 'torch.stft (spectrograms in audio models)',
    aliases: ['aten::stft', 'torch.stft'],
    frontends: ['pytorch'],
    status: since('7.0', 'Lowered through complex_stft; complex outputs cannot leave the model.'),
    summary: 'Compute the STFT as a strided conv1d with windowed cosine/sine kernels and return magnitudes or (real, imag).',
    milOps: ['conv', 'const'],
    rewrite: ['Each STFT frequency bin is a dot product of a windowed frame with a cosine and a sine: a conv1d with n_fft-long kernels and stride hop computes all frames at once.'],
    snippets: [
      model(
        'STFT as a strided conv1d (center=False, Hann window)',
        py`
          class ConvSTFT(nn.Module):
              """Real and imaginary parts, each (B, n_fft // 2 + 1, frames)."""

              def __init__(self, n_fft, hop):
                  super().__init__()
                  self.hop = hop
                  window = torch.hann_window(n_fft, dtype=torch.float64)
                  k = torch.arange(n_fft // 2 + 1, dtype=torch.float64)[:, None]
                  t = torch.arange(n_fft, dtype=torch.float64)[None, :]
                  angle = -2.0 * math.pi * k * t / n_fft
                  self.register_buffer("real_k", (torch.cos(angle) * window).float()[:, None, :])
                  self.register_buffer("imag_k", (torch.sin(angle) * window).float()[:, None, :])

              def forward(self, x):  # (B, samples)
                  x = x[:, None, :]
                  return F.conv1d(x, self.real_k, stride=self.hop), F.conv1d(x, self.imag_k, stride=self.hop)
        `,
        'import math',
      ),
    ],
    ane: { risk: 'low', notes: ['conv1d with constant kernels runs on the Neural Engine.', 'For center=True, reflect-pad n_fft // 2 samples on both sides first.'], cost: 'Same values as torch.stft up to fp16 rounding.' },
    sources: [torchOps(9269)],
    provenance: 'source',
  },
  {
    id: 'view_as_complex',
    kind: 'op',
    title: 'torch.view_as_complex and complex tensors (rotary embeddings)',
    aliases: ['aten::view_as_complex', 'torch.view_as_complex'],
    frontends: ['pytorch'],
    status: never('view_as_complex is not registered; complex tensors exist only inside the complex dialect (fft ops) and cannot be model inputs or outputs.'),
    summary: 'Keep (real, imaginary) pairs as real tensors and write complex products out: (a + bi)(c + di) = (ac − bd) + (ad + bc)i.',
    milOps: ['mul', 'sub', 'add', 'concat'],
    rewrite: ['Rotary position embeddings are the usual source: rotate pairs with cos/sin tables instead of multiplying by complex exponentials.'],
    snippets: [
      model(
        'Rotary embedding without complex tensors',
        py`
          def apply_rotary(x, cos, sin):
              """x: (..., D) with D even; cos/sin: (..., D // 2). Same as view_as_complex(x) * exp(i*theta)."""
              x1, x2 = x[..., 0::2], x[..., 1::2]
              out1 = x1 * cos - x2 * sin
              out2 = x1 * sin + x2 * cos
              return torch.stack([out1, out2], dim=-1).flatten(-2)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Element-wise products on real tensors run on the Neural Engine; strided slices and the final interleave move data (split halves instead of even/odd if you can retrain).'], cost: 'Exact.' },
    sources: [torchOps(9179)],
    provenance: 'source',
  },
  {
    id: 'isinf',
    kind: 'op',
    title: 'torch.isinf / torch.isfinite',
    aliases: ['aten::isinf', 'torch.isinf', 'aten::isfinite'],
    frontends: ['pytorch'],
    status: never('Not registered (torch.isnan is: it compares x with itself).'),
    summary: 'Use the NaN trick coremltools uses itself: x·0 is NaN exactly for ±inf and NaN, so isinf(x) = (x·0 != x·0) & (x == x).',
    milOps: ['mul', 'not_equal', 'equal', 'logical_and'],
    rewrite: ['inf·0 = NaN and NaN never equals itself; coremltools\' own nan_to_num lowering finds infinities this way.'],
    snippets: [
      model(
        'isinf and isfinite from comparisons',
        py`
          def isinf(x):
              z = x * 0
              return (z != z) & (x == x)


          def isfinite(x):
              z = x * 0
              return z == z
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Comparisons run on the Neural Engine; in fp16, values above 65504 are already inf.'], cost: 'Exact.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: 'multinomial',
    kind: 'op',
    title: 'torch.multinomial and random sampling inside the model',
    aliases: ['aten::multinomial', 'torch.multinomial', 'Multinomial'],
    frontends: ['pytorch', 'tensorflow'],
    status: since('7.1', 'MIL random_categorical; num_samples must be constant, and more than one sample needs replacement=True. randn/rand (7.0) map to random_normal/random_uniform.'),
    summary: 'Return the probabilities from the model and sample in the app.',
    milOps: ['softmax', 'random_categorical'],
    rewrite: ['Sampling inside the model makes it non-deterministic and hard to test; exporting probabilities lets the app seed, sample and apply temperature.'],
    snippets: [
      model(
        'Export probabilities instead of samples',
        py`
          class ReturnProbs(nn.Module):
              def __init__(self, net):
                  super().__init__()
                  self.net = net

              def forward(self, x):
                  return torch.softmax(self.net(x), dim=-1)  # sample in the app
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['random_categorical runs on CPU.'], cost: 'None: the model becomes deterministic.' },
    sources: [torchOps(10056)],
    provenance: 'source',
  },
  {
    id: 'bitwise_and',
    kind: 'op',
    title: 'Bitwise ops (&, |, ^, ~) on integer tensors',
    aliases: ['aten::bitwise_and', 'bitwise_or', 'bitwise_xor', 'bitwise_not', 'and', 'or', 'xor', '__and__', '__or__', '__xor__'],
    frontends: ['pytorch'],
    status: since('6.2', '`bitwise_and` since 6.2 (`bitwise_not` since 5.2; bitwise_or and bitwise_xor only on main): converted as logical ops when at least one operand is bool, otherwise "The `bitwise_and` op only supports boolean input". Core ML has no integer bitwise ops.'),
    summary: 'Keep masks as bool tensors (a & b on bools converts as logical_and); extract bits of small integers with floor division and remainder.',
    milOps: ['logical_and', 'logical_or', 'logical_xor', 'logical_not', 'floor_div', 'mod'],
    rewrite: ['Attention and padding masks combined with & or | are the common case: make them bool, not uint8/int. Bit k of a non-negative integer n is (n // 2^k) % 2.'],
    snippets: [
      model(
        'Bool masks and arithmetic bit tests',
        py`
          def combine_masks(causal, padding):
              return causal.bool() & padding.bool()  # logical_and


          def bit(n, k):
              return torch.remainder(torch.div(n, 2 ** k, rounding_mode="floor"), 2)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Logical ops on bools are cheap; integer arithmetic for bit tests runs on CPU.'], cost: 'Exact.' },
    sources: [torchOps(6125)],
    provenance: 'source',
  },
  {
    id: 'hardswish',
    kind: 'op',
    title: 'nn.Hardswish / nn.Hardsigmoid (MobileNetV3)',
    aliases: ['aten::hardswish', 'hardsigmoid', 'nn.Hardswish'],
    frontends: ['pytorch'],
    status: since('5.2', 'hardswish → thresholded_relu + sigmoid_hard + mul.'),
    summary: 'Write hardswish as x · relu6(x + 3) / 6.',
    milOps: ['relu6', 'add', 'mul'],
    rewrite: ['hardswish(x) = x · clamp(x + 3, 0, 6) / 6; hardsigmoid(x) = clamp(x + 3, 0, 6) / 6.'],
    snippets: [
      model(
        'hardswish in plain ops',
        py`
          def hardswish(x):
              return x * F.relu6(x + 3.0) / 6.0
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Runs on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(857)],
    provenance: 'source',
  },
  {
    id: 'mish',
    kind: 'op',
    title: 'nn.Mish (YOLOv4-style activations)',
    aliases: ['aten::mish', 'nn.Mish'],
    frontends: ['pytorch'],
    status: since('6.2', 'softplus → tanh → mul.'),
    summary: 'Write mish as x · tanh(softplus(x)).',
    milOps: ['softplus', 'tanh', 'mul'],
    rewrite: ['mish(x) = x · tanh(ln(1 + eˣ)).'],
    snippets: [
      model(
        'mish in plain ops',
        py`
          def mish(x):
              return x * torch.tanh(F.softplus(x))
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Runs on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(1853)],
    provenance: 'source',
  },
  {
    id: 'glu',
    kind: 'op',
    title: 'nn.GLU (gated linear unit)',
    aliases: ['aten::glu', 'nn.GLU', 'F.glu'],
    frontends: ['pytorch'],
    status: since('6.1', 'split → sigmoid → mul.'),
    summary: 'Split in halves and multiply the first by the sigmoid of the second.',
    milOps: ['split', 'sigmoid', 'mul'],
    rewrite: ['glu(x, dim) = a · sigmoid(b) with a, b = x.chunk(2, dim).'],
    snippets: [
      model(
        'glu in plain ops',
        py`
          def glu(x, dim=-1):
              a, b = x.chunk(2, dim=dim)
              return a * torch.sigmoid(b)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Runs on the Neural Engine; split on the channel axis keeps the layout.'], cost: 'Exact.' },
    sources: [torchOps(8639)],
    provenance: 'source',
  },
  {
    id: 'clamp',
    kind: 'op',
    title: 'torch.clamp / clip on integer tensors',
    aliases: ['aten::clamp', 'clip', 'clamp_min', 'clamp_max', 'torch.clamp', 'torch.clip', 'ClipByValue', 'Clip'],
    frontends: ['pytorch', 'mil', 'tensorflow', 'onnx'],
    status: since(
      '4.0',
      'Current coremltools lowers float clamps with constant bounds to MIL clip and everything else (integer tensors, tensor bounds) to minimum/maximum. The 6.1 converter and older sent int tensors straight to clip, whose alpha/beta are float: "alpha has dtype fp32 whereas x has dtype int32" (#1684); 6.2 casts them to fp32 first.',
      null,
      { version: '6.2', what: 'clamp on integer tensors (6.1 and older passed them to MIL clip with float bounds)' },
    ),
    summary: 'Clamp in float (`x.float().clamp(lo, hi)`) or with torch.minimum/torch.maximum against tensors of x\'s integer dtype.',
    milOps: ['clip', 'minimum', 'maximum', 'cast'],
    rewrite: ['MIL clip takes a float tensor and float bounds. For index math, clamp with torch.minimum/torch.maximum against tensors of the same integer dtype, or cast to float, clamp, and cast back.'],
    snippets: [
      model(
        'Clamp that converts for integer tensors',
        py`
          def clamp_index(idx, n):
              # idx.clamp(0, n - 1) on an int tensor reaches MIL clip with float bounds in older coremltools
              lo = torch.zeros_like(idx)
              hi = torch.full_like(idx, n - 1)
              return torch.minimum(torch.maximum(idx, lo), hi)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['clip on fp16 runs on the Neural Engine; integer minimum/maximum run on CPU.'], cost: 'Exact.' },
    sources: [issue(1684, 'clip: alpha fp32 vs x int32 (torch.clamp on an int tensor)'), torchOps()],
    provenance: 'source',
  },
  {
    id: 'log2',
    kind: 'op',
    title: 'torch.log2 / log10 of an integer tensor',
    aliases: ['aten::log2', 'log10', 'aten::log10', 'torch.log2', 'torch.log10'],
    frontends: ['pytorch'],
    status: refused(
      '6.0',
      '`log2` is registered since 6.0 and `log10` since 4.1, both as MIL log times a constant. MIL log takes fp16 and fp32 only, and every release passes an integer input straight to it: "expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\'] but got ... int32". coremltools main (after 9.0) casts integer inputs first (PR #2735).',
    ),
    summary: 'Cast to float before the logarithm: torch.log2(x.to(torch.float32)).',
    milOps: ['cast', 'log', 'mul'],
    rewrite: ['Integer inputs to a logarithm are usually counts or sizes (bit lengths, bucket indices). Cast them to float32 in the model; fp16 represents integers exactly only up to 2048, so keep compute_precision FLOAT32 for this part when the values are larger.'],
    snippets: [
      model(
        'Logarithm of integer values',
        py`
          def bucket_of(n):
              # torch.log2(n) on an int tensor reaches MIL log as int32 in every release up to 9.0
              return torch.floor(torch.log2(n.to(torch.float32))).to(torch.int32)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['log and mul are element-wise and run on the Neural Engine in fp16.'], cost: 'fp16 logarithms are accurate to about 3 decimal digits.' },
    sources: [pr(2735, 'Fix log2 and log10 converters to handle integer input (main)'), torchOps(8556)],
    provenance: 'source',
  },
  {
    id: 'cumsum',
    kind: 'op',
    title: 'torch.cumsum of bool masks, with dtype=, or from torch.export (position ids)',
    aliases: ['aten::cumsum', 'torch.cumsum', 'Tensor.cumsum'],
    frontends: ['pytorch'],
    status: since(
      '4.0',
      'MIL cumsum takes fp16, fp32 and int32. 4.0 passed bool masks straight to it (4.1 and newer cast them to int32). The converters up to 8.0 expected exactly 3 inputs, so the 2-input cumsum of torch.export failed with "got 2 input(s), expected [3]" (#2303), and they ignored dtype=; 8.1 handles both (PR #2373).',
      null,
      { version: '8.1', what: 'cumsum from torch.export (2 inputs) and its dtype argument' },
    ),
    summary: 'Cast the mask to int32 before cumsum (`mask.to(torch.int32).cumsum(-1)`); for a short static axis, a matmul with a triangular ones matrix computes the same sums.',
    milOps: ['cast', 'cumsum', 'matmul'],
    rewrite: [
      'Position ids from an attention mask (mask.cumsum(-1) - 1 in Hugging Face models) are the common case: an int32 mask converts in every release.',
      'A cumulative sum along an axis of static length n is x @ U with U the upper-triangular matrix of ones: one matmul, which also runs where cumsum does not.',
    ],
    snippets: [
      model(
        'Position ids from an int32 mask',
        py`
          def position_ids(attention_mask):
              m = attention_mask.to(torch.int32)
              return m.cumsum(-1) - 1
        `,
      ),
      model(
        'cumsum as one matmul for a static axis',
        py`
          class CumsumMatmul(nn.Module):
              """torch.cumsum(x, dim=-1) for a last axis of length n."""

              def __init__(self, n):
                  super().__init__()
                  self.register_buffer("u", torch.triu(torch.ones(n, n)))

              def forward(self, x):
                  return x @ self.u
        `,
      ),
    ],
    ane: {
      risk: 'medium',
      notes: ['An int32 cumsum is integer arithmetic, which Core ML runs off the Neural Engine.', 'The matmul form is fp16 math on the Neural Engine, exact for integers up to 2048.'],
      cost: 'The matmul form costs n² multiply-adds per row and an n×n constant (2n² bytes in fp16).',
    },
    sources: [issue(2303, 'cumsum from torch.export: got 2 input(s), expected [3]'), pr(2373, 'torch cumsum dtype support'), torchOps(2250)],
    provenance: 'source',
  },
  {
    id: 'sum',
    kind: 'op',
    title: 'torch.sum / mean / prod of bool masks (and prod, which no release converts)',
    aliases: ['aten::sum', 'sum.dim_intlist', 'mean', 'aten::mean', 'mean.dim', 'prod', 'aten::prod', 'prod.dim_int', 'torch.sum', 'torch.prod'],
    frontends: ['pytorch'],
    status: since(
      '4.0',
      '`sum` and `mean` convert since 4.0, to MIL reduce_sum and reduce_mean, which take fp16, fp32 and int32; `prod` converts only on coremltools main. 6.0 and older passed a bool input through and failed ("expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\', \'int32\'] but got tensor[...,bool]", #1685); 6.1 casts bool to fp32, and 8.1 casts any dtype the reduction lacks.',
      null,
      { version: '6.1', what: 'sum and mean of a bool tensor (cast to fp32)' },
    ),
    summary: 'Cast masks before reducing (`mask.to(torch.float32).sum()`); for prod on a release, use exp(sum(log(x))) for positive x.',
    milOps: ['cast', 'reduce_sum', 'reduce_mean', 'exp', 'log'],
    rewrite: ['Counting True values and masked means are float computations: cast the mask to float32 (or int32) first. A product of positive values is the exponential of the sum of logarithms; for mixed signs, multiply the slices along the axis (x[..., 0] * x[..., 1] * ...).'],
    snippets: [
      model(
        'Reductions of masks, and prod without a prod converter',
        py`
          def count_true(mask, dim=-1):
              return mask.to(torch.float32).sum(dim)


          def prod_positive(x, dim=-1):
              # torch.prod converts only on coremltools main; for x > 0 this is the same product
              return torch.exp(torch.log(x).sum(dim))
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Float reductions run on the Neural Engine; exp(sum(log)) loses precision in fp16 for long axes.'], cost: 'exp(sum(log)) is exact up to fp16 rounding of each log.' },
    sources: [issue(1685, 'reduce_sum of a bool tensor'), torchOps(2159)],
    provenance: 'source',
  },
  {
    id: 'argmax',
    kind: 'op',
    title: 'torch.argmax / argmin of bool masks (and argmin before 8.3)',
    aliases: ['aten::argmax', 'argmin', 'aten::argmin', 'torch.argmax', 'torch.argmin'],
    frontends: ['pytorch'],
    status: refused(
      '4.0',
      '`argmax` is registered since 4.0, `argmin` since 8.3. MIL reduce_argmax and reduce_argmin take fp16, fp32 and int32: every release refuses a bool input ("expects tensor or scalar of dtype from type domain [\'fp16\', \'fp32\', \'int32\'] but got ... bool"); int64 is cast to int32.',
    ),
    summary: 'Cast the mask to int32 before argmax (`mask.to(torch.int32).argmax(dim)`); before 8.3 write argmin(x) as argmax(-x).',
    milOps: ['cast', 'reduce_argmax', 'mul'],
    rewrite: ['The first True of a mask along an axis is the argmax of the mask as int32. argmin(x) equals argmax(-x) for float and signed integer inputs.'],
    snippets: [
      model(
        'argmax of a mask, argmin without an argmin converter',
        py`
          def first_true(mask, dim=-1):
              return mask.to(torch.int32).argmax(dim)


          def argmin_compat(x, dim=-1):
              # coremltools before 8.3 has no argmin converter
              return torch.argmax(-x, dim)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['reduce_argmax on int32 is integer work, which runs off the Neural Engine; on fp16 values it stays on it.'], cost: 'None.' },
    sources: [torchOps(7004)],
    provenance: 'source',
  },
  {
    id: 'cummax',
    kind: 'op',
    title: 'torch.cummax / cummin (running maximum or minimum)',
    aliases: ['aten::cummax', 'cummin', 'aten::cummin', 'torch.cummax', 'torch.cummin'],
    frontends: ['pytorch'],
    status: never('No release registers `cummax` or `cummin`. MIL has cumsum but no running maximum.'),
    summary: 'Scan in ceil(log2(n)) steps of shift and maximum (slices + cat + torch.maximum) for the values; compute indices only if the model needs them.',
    milOps: ['slice_by_index', 'concat', 'maximum', 'minimum'],
    rewrite: ['A running maximum is a prefix scan with max: after k doubling steps every position holds the maximum of the 2^k values before it. Each step is two slices, a concat and an element-wise maximum; for cummin use torch.minimum.'],
    snippets: [
      model(
        'Running maximum as a log-step scan (static last axis)',
        py`
          def cummax_values(x):
              """torch.cummax(x, dim=-1).values in ceil(log2(n)) steps."""
              n = x.shape[-1]
              shift = 1
              while shift < n:
                  # position i < shift compares with itself; i >= shift with i - shift
                  shifted = torch.cat([x[..., :shift], x[..., : n - shift]], dim=-1)
                  x = torch.maximum(x, shifted)
                  shift *= 2
              return x
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Slices, concat and maximum run on the Neural Engine.'], cost: 'ceil(log2(n)) element-wise passes instead of one scan.' },
    sources: [torchOps(), DOC.composite],
    provenance: 'research',
  },
];
