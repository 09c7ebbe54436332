/** PyTorch resizing, pooling, convolution and padding ops. */
import type { RewriteEntry } from '../schema.js';
import { composite, current, model, never, onMain, py, since, refused } from './build.js';
import { DOC, issue, pr, torchOps } from './refs.js';

export const TORCH_SPATIAL: readonly RewriteEntry[] = [
  {
    id: 'upsample_bicubic2d',
    kind: 'op',
    title: 'Bicubic resize: F.interpolate(mode="bicubic"), torchvision Resize(BICUBIC)',
    aliases: ['aten::upsample_bicubic2d', 'upsample_bicubic2d.vec', '_upsample_bicubic2d_aa', '_upsample_bicubic2d_aa.vec', 'F.interpolate(mode="bicubic")'],
    frontends: ['pytorch'],
    status: onMain(
      'No release up to 9.0 converts it: "PyTorch convert function for op \'upsample_bicubic2d\' not implemented". coremltools main (after 9.0) adds a gather/mul/reduce_sum decomposition (PR #2818); it still needs static input H and W and a static output size.',
    ),
    summary: 'Replace the bicubic resize with two matmuls by precomputed bicubic matrices (exact for fixed sizes), or switch to bilinear (`upsample_bilinear2d` converts since 4.0).',
    milOps: ['matmul', 'const'],
    rewrite: [
      'Bicubic interpolation is separable and linear: for a fixed input and output size it is out = A_h · x · A_wᵀ, where A_h and A_w are constant (out × in) matrices. Build each matrix once by resizing an identity matrix with PyTorch\'s own bicubic kernel, so the result matches torch bit for bit (up to fp16 rounding), then register them as buffers.',
      'If exact bicubic does not matter (a preprocessing resize, a feature-map upsample), F.interpolate(mode="bilinear") converts natively and is cheaper; check the accuracy budget.',
      'With a `@register_torch_op` composite you keep the model untouched: the converter replaces each upsample_bicubic2d node with the same two matmuls.',
    ],
    snippets: [
      model(
        'Drop-in module: exact bicubic as two constant matmuls',
        py`
          def bicubic_matrix(n_in, n_out, align_corners=False):
              """(n_in, n_out) matrix M such that bicubic-resizing one axis of x equals x @ M."""
              eye = torch.eye(n_in).reshape(1, 1, n_in, n_in)   # one unit impulse per row
              m = F.interpolate(eye, size=(n_in, n_out), mode="bicubic", align_corners=align_corners)
              return m.reshape(n_in, n_out)


          class BicubicResize(nn.Module):
              """Replaces F.interpolate(x, size=(h_out, w_out), mode="bicubic") for a fixed input size."""

              def __init__(self, h_in, w_in, h_out, w_out, align_corners=False):
                  super().__init__()
                  self.register_buffer("mh_t", bicubic_matrix(h_in, h_out, align_corners).t().contiguous())
                  self.register_buffer("mw", bicubic_matrix(w_in, w_out, align_corners))

              def forward(self, x):  # (N, C, h_in, w_in) -> (N, C, h_out, w_out)
                  return torch.matmul(torch.matmul(self.mh_t, x), self.mw)
        `,
      ),
      composite(
        'Composite: the same two matmuls, registered for upsample_bicubic2d',
        py`
          def _bicubic_matrix(n_in, n_out, align_corners):
              eye = torch.eye(n_in).reshape(1, 1, n_in, n_in)
              m = F.interpolate(eye, size=(n_in, n_out), mode="bicubic", align_corners=align_corners)
              return m.reshape(n_in, n_out).numpy().astype(np.float32)


          @register_torch_op(override=True)
          def upsample_bicubic2d(context, node):
              inputs = _get_inputs(context, node)
              x = inputs[0]  # (N, C, H, W) with static H and W
              align_corners = bool(inputs[2].val)
              h_in, w_in = x.shape[-2], x.shape[-1]
              if inputs[1] is not None and inputs[1].val is not None:
                  h_out, w_out = (int(v) for v in inputs[1].val)
              else:  # .vec overload called with scale_factor
                  scales = inputs[3].val
                  h_out, w_out = int(h_in * scales[0]), int(w_in * scales[1])
              mh_t = _bicubic_matrix(h_in, h_out, align_corners).T
              mw = _bicubic_matrix(w_in, w_out, align_corners)
              y = mb.matmul(x=mh_t, y=x)
              context.add(mb.matmul(x=y, y=mw, name=node.name))
        `,
        'import numpy as np\nimport torch\nimport torch.nn.functional as F',
      ),
    ],
    ane: {
      risk: 'low',
      notes: [
        'Two matmuls with constant fp16 matrices run on the Neural Engine; the gather-based lowering on coremltools main tends to fall back to CPU/GPU for large index tensors.',
        'The matrices are weights: (h_in·h_out + w_in·w_out) values, 2 bytes each in fp16. A 512→1024 resize adds about 2 MB, which matters on Apple Watch.',
      ],
      cost: 'Exact bicubic (fp16 rounding only). Latency: O(N·C·H·W·(h_out + w_out)) MACs, usually small next to the convolutions; bilinear instead costs nothing but changes the output slightly.',
    },
    sources: [issue(2175, "convert function for op 'upsample_bicubic2d' not implemented"), issue(1747, 'Implement PyTorch op upsample_bicubic2d'), pr(2555, 'maintainers ask users to register their own lowering'), pr(2818, 'gather+mul+reduce_sum decomposition on main'), torchOps(4352)],
    provenance: 'source',
  },
  {
    id: 'upsample_bilinear2d',
    kind: 'op',
    title: 'Bilinear resize: F.interpolate(mode="bilinear"), nn.Upsample(mode="bilinear")',
    aliases: ['aten::upsample_bilinear2d', 'upsample_bilinear2d.vec', '_upsample_bilinear2d_aa', 'F.interpolate(mode="bilinear")'],
    frontends: ['pytorch'],
    status: since(
      '4.0',
      'A fractional output size with align_corners=False and recompute_scale_factor=False raises "recompute_scale_factor = False, align_corners = False with float output size is not supported" (constant inputs are folded instead). The antialiased variant (_upsample_bilinear2d_aa) is converted as plain bilinear, so downscaling results differ from torch.',
    ),
    summary: 'Pass an explicit integer output size (size=(h, w)) or an integer scale_factor instead of a fractional scale.',
    milOps: ['upsample_bilinear', 'resize_bilinear'],
    rewrite: [
      'The converter maps bilinear resizing to MIL upsample_bilinear with scale factors. It refuses scale factors that give a fractional output size with align_corners=False; compute the output size yourself and pass size=(h_out, w_out), from which coremltools derives exact scales.',
      'For antialiased downscaling (antialias=True), convert without antialiasing and check accuracy, or blur with a fixed depthwise conv before a plain bilinear resize.',
    ],
    snippets: [
      model(
        'Integer output size instead of a fractional scale',
        py`
          def resize(x, factor):
              # F.interpolate(x, scale_factor=1.5, ...) makes a fractional size: give the size instead
              h, w = x.shape[-2:]
              return F.interpolate(x, size=(int(h * factor), int(w * factor)), mode="bilinear", align_corners=False)
        `,
      ),
    ],
    ane: {
      risk: 'low',
      notes: ['upsample_bilinear with integer scale factors runs on the Neural Engine.', 'A dynamic output size (flexible input shapes) adds shape arithmetic that may run on CPU.'],
      cost: 'None for the size change; skipping antialiasing changes downscaled outputs slightly.',
    },
    sources: [torchOps(4127)],
    provenance: 'source',
  },
  {
    id: 'upsample_nearest2d',
    kind: 'op',
    title: 'Nearest-neighbour resize: F.interpolate(mode="nearest"), nn.Upsample',
    aliases: ['aten::upsample_nearest2d', 'upsample_nearest2d.vec', 'F.interpolate(mode="nearest")'],
    frontends: ['pytorch'],
    status: since('4.0', 'Converted to upsample_nearest_neighbor with scale factors derived from the output size; a dynamic output size goes through a frontend op that must resolve to a constant scale.'),
    summary: 'Use integer scale factors (or a fixed output size) so the converter can emit upsample_nearest_neighbor with constant scales.',
    milOps: ['upsample_nearest_neighbor'],
    rewrite: [
      'Nearest upsampling by an integer factor is the cheapest resize Core ML has. If the output size is computed from runtime shapes (scripted models, flexible inputs), compute an integer factor instead, or tile with repeat_interleave along H and W.',
    ],
    snippets: [
      model(
        'Integer-factor nearest upsampling without interpolate',
        py`
          def upsample_nearest_int(x, factor):
              # Same as F.interpolate(x, scale_factor=factor, mode="nearest") for an integer factor
              return x.repeat_interleave(factor, dim=2).repeat_interleave(factor, dim=3)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['upsample_nearest_neighbor with integer factors runs on the Neural Engine.'], cost: 'None.' },
    sources: [torchOps(4607)],
    provenance: 'source',
  },
  {
    id: 'upsample_trilinear3d',
    kind: 'op',
    title: '3-D trilinear resize: F.interpolate(mode="trilinear") on (N, C, D, H, W)',
    aliases: ['aten::upsample_trilinear3d', 'upsample_trilinear3d.vec', 'F.interpolate(mode="trilinear")'],
    frontends: ['pytorch'],
    status: never('No coremltools release or main registers it (#1782 is open); MIL has only 2-D resize ops.'),
    summary: 'Resize H and W with bilinear on (N, C·D, H, W), then D with bilinear on (N, C, D, H·W): trilinear is separable, so the result is the same.',
    milOps: ['reshape', 'upsample_bilinear'],
    rewrite: [
      'Trilinear interpolation is bilinear in (H, W) followed by linear in D. Fold D into the channel axis for the first pass, then fold H·W into one axis and resize (D, H·W) with a scale of 1 on the second axis, which leaves it untouched (align_corners=False).',
    ],
    snippets: [
      model(
        'Trilinear upsampling from two bilinear passes (rank stays 5)',
        py`
          def trilinear_upsample(x, scale):
              """F.interpolate(x, scale_factor=scale, mode="trilinear") for (N, C, D, H, W), integer scale."""
              n, c, d, h, w = x.shape
              y = F.interpolate(x.reshape(n, c * d, h, w), scale_factor=scale, mode="bilinear", align_corners=False)
              h2, w2 = y.shape[-2:]
              y = F.interpolate(y.reshape(n, c, d, h2 * w2), size=(d * scale, h2 * w2), mode="bilinear", align_corners=False)
              return y.reshape(n, c, d * scale, h2, w2)
        `,
      ),
    ],
    ane: {
      risk: 'medium',
      notes: ['Both resizes are upsample_bilinear; the reshapes between them move data and may break the ANE-friendly layout for large D.'],
      cost: 'Same values as trilinear (fp16 rounding only); two resize passes instead of one.',
    },
    sources: [issue(1782, 'Support upsample_trilinear3d')],
    provenance: 'issue',
  },
  {
    id: 'upsample_nearest3d',
    kind: 'op',
    title: '3-D nearest resize: F.interpolate(mode="nearest") on (N, C, D, H, W)',
    aliases: ['aten::upsample_nearest3d', 'upsample_nearest3d.vec'],
    frontends: ['pytorch'],
    status: never('The torch frontend registers upsample_nearest1d and upsample_nearest2d only.'),
    summary: 'Upsample H and W with nearest on (N, C·D, H, W), then repeat along D.',
    milOps: ['reshape', 'upsample_nearest_neighbor', 'tile'],
    rewrite: ['Nearest upsampling is separable: fold D into channels for the 2-D pass, then repeat each depth slice.'],
    snippets: [
      model(
        'Nearest 3-D upsampling from a 2-D pass and a repeat',
        py`
          def nearest_upsample_3d(x, s):
              """F.interpolate(x, scale_factor=s, mode="nearest") for (N, C, D, H, W), integer s."""
              n, c, d, h, w = x.shape
              y = F.interpolate(x.reshape(n, c * d, h, w), scale_factor=s, mode="nearest")
              y = y.reshape(n, c, d, h * s, w * s)
              return y.repeat_interleave(s, dim=2)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['The 2-D pass runs on the Neural Engine; repeat_interleave lowers to tile/reshape/transpose, which move data.'], cost: 'Exact; one extra copy along D.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: 'grid_sampler',
    kind: 'op',
    title: 'F.grid_sample and F.affine_grid',
    aliases: ['aten::grid_sampler', 'grid_sample', 'affine_grid_generator', 'F.grid_sample'],
    frontends: ['pytorch'],
    status: since(
      '5.0',
      'Converted to MIL resample with bilinear or nearest sampling and zeros/border/reflection padding. mode="bicubic" has no mapping. The fused affine_grid + grid_sample path raises "\'sampling_mode\' not supported" unless bilinear, and "\'padding_mode\' not supported" unless zeros.',
    ),
    summary: 'Use mode="bilinear" (or "nearest"); for affine_grid + grid_sample also padding_mode="zeros".',
    milOps: ['resample', 'affine'],
    rewrite: [
      'Bicubic grid sampling has no Core ML equivalent; bilinear is the usual substitute. If the grid comes from F.affine_grid, the converter fuses both into MIL affine, which supports only bilinear sampling with zero padding; with another padding mode, compute the grid yourself (a matmul of base coordinates by theta) so the general resample path is used.',
    ],
    snippets: [
      model(
        'Affine warp through an explicit grid (avoids the restricted fused path)',
        py`
          def affine_warp(x, theta, out_hw, padding_mode="border"):
              """F.grid_sample(x, F.affine_grid(theta, ...)) with any padding mode."""
              n = x.shape[0]
              h, w = out_hw
              ys = torch.linspace(-1.0, 1.0, h)
              xs = torch.linspace(-1.0, 1.0, w)
              gy, gx = torch.meshgrid(ys, xs, indexing="ij")
              base = torch.stack([gx, gy, torch.ones_like(gx)], dim=-1).reshape(1, h * w, 3)
              grid = torch.matmul(base, theta.transpose(1, 2)).reshape(n, h, w, 2)
              return F.grid_sample(x, grid, mode="bilinear", padding_mode=padding_mode, align_corners=True)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['MIL resample is reported to run on CPU only, not GPU or Neural Engine (#1875).'], cost: 'Bilinear instead of bicubic changes results slightly; the CPU fallback can dominate latency for large grids.' },
    sources: [torchOps(446), issue(1875, 'grid_sample runs on CPU only')],
    provenance: 'source',
  },
  {
    id: 'pixel_unshuffle',
    kind: 'op',
    title: 'nn.PixelUnshuffle / F.pixel_unshuffle (space to depth)',
    aliases: ['aten::pixel_unshuffle', 'F.pixel_unshuffle'],
    frontends: ['pytorch', 'mil'],
    status: since('6.0', 'Converted to the MIL pixel_unshuffle op, which exists from the iOS16 opset: with an iOS15 target conversion fails with "No available version for pixel_unshuffle".', 'iOS16'),
    summary: 'For iOS15 targets express it as a rank-5 reshape + permute.',
    milOps: ['reshape', 'transpose'],
    rewrite: [
      'pixel_unshuffle(x, r) maps channel c and offsets (i, j) to output channel c·r² + i·r + j. The textbook reshape to (N, C, H/r, r, W/r, r) has rank 6, which Core ML refuses; merge N and C first so the tensor stays at rank 5.',
    ],
    snippets: [
      model(
        'iOS15-compatible pixel_unshuffle with rank ≤ 5',
        py`
          def pixel_unshuffle_rank5(x, r):
              n, c, h, w = x.shape
              x = x.reshape(n * c, h // r, r, w // r, r)
              x = x.permute(0, 2, 4, 1, 3)  # (N*C, r, r, H/r, W/r)
              return x.reshape(n, c * r * r, h // r, w // r)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['The native iOS16 op and the reshape/transpose rewrite both move data; transposes that touch the channel axis can leave the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(1051), DOC.milOps],
    provenance: 'source',
  },
  {
    id: 'adaptive_avg_pool2d',
    kind: 'op',
    title: 'nn.AdaptiveAvgPool2d / nn.AdaptiveMaxPool2d',
    aliases: ['aten::adaptive_avg_pool2d', '_adaptive_avg_pool2d', 'adaptive_max_pool2d', 'aten::adaptive_max_pool2d'],
    frontends: ['pytorch'],
    status: since(
      '4.0',
      'Output (1, 1) becomes a global reduction; sizes that divide the input become a fixed avg/max pool; other sizes become one slice and reduction per output cell. An unknown input size with an output other than (1, 1) raises "Adaptive pooling is only supported when input tensor size is known or output size == (1,1)".',
    ),
    summary: 'Give the model a fixed input size (or use output (1, 1)); prefer output sizes that divide the input so it becomes one pooling op.',
    milOps: ['avg_pool', 'max_pool', 'reduce_mean', 'reduce_max'],
    rewrite: [
      'With flexible input shapes, replace adaptive pooling by a global mean (output 1×1) or by a fixed-kernel pool computed for the shapes you ship (EnumeratedShapes keeps each shape static).',
    ],
    snippets: [
      model(
        'Global pooling and fixed-kernel pooling instead of adaptive pooling',
        py`
          def global_avg_pool(x):
              # nn.AdaptiveAvgPool2d((1, 1)) for any input size
              return x.mean(dim=(2, 3), keepdim=True)


          def fixed_avg_pool(x, in_hw, out_hw):
              # nn.AdaptiveAvgPool2d(out_hw) when out_hw divides in_hw
              kh, kw = in_hw[0] // out_hw[0], in_hw[1] // out_hw[1]
              return F.avg_pool2d(x, (kh, kw), stride=(kh, kw))
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Fixed pools and global reductions run on the Neural Engine; the per-cell slice path emits many small ops.'], cost: 'Exact when the output divides the input.' },
    sources: [torchOps(2552)],
    provenance: 'source',
  },
  {
    id: 'max_pool2d',
    kind: 'op',
    title: 'nn.MaxPool2d with dilation > 1 or return_indices=True',
    aliases: ['aten::max_pool2d', 'max_pool2d_with_indices', 'MaxPoolWithArgmax'],
    frontends: ['pytorch', 'tensorflow'],
    status: refused(
      '4.0',
      'Every release refuses both cases: dilation > 1 raises "@max_pool does not support dilation > 1", and `max_pool2d_with_indices` (registered since 7.1) binds the indices output to None, so anything that consumes the indices (MaxUnpool2d) fails. TF MaxPoolWithArgmax is registered by no release.',
    ),
    summary: 'Drop return_indices (see max_unpool2d for the decoder side); for dilation > 1 take the max over the k·k dilated taps as strided slices.',
    milOps: ['slice_by_index', 'stack', 'reduce_max'],
    rewrite: [
      'A dilated max pool is the element-wise max of k·k strided slices of the input, one per kernel tap; every slice is a cheap slice_by_index.',
    ],
    snippets: [
      model(
        'Dilated max pooling from strided slices',
        py`
          def dilated_max_pool2d(x, k, stride, dilation):
              n, c, h, w = x.shape
              span = dilation * (k - 1) + 1
              out_h = (h - span) // stride + 1
              out_w = (w - span) // stride + 1
              taps = []
              for i in range(k):
                  for j in range(k):
                      y0, x0 = i * dilation, j * dilation
                      taps.append(x[:, :, y0:y0 + stride * (out_h - 1) + 1:stride, x0:x0 + stride * (out_w - 1) + 1:stride])
              return torch.stack(taps, dim=0).amax(dim=0)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Slices and an element-wise max run on the Neural Engine; k·k slices add memory traffic for large maps.'], cost: 'Exact.' },
    sources: [torchOps(1938), issue(1507, 'MaxPool2d(return_indices=True) and MaxUnpool2d'), issue(2456, 'return_indices fails')],
    provenance: 'source',
  },
  {
    id: 'max_unpool2d',
    kind: 'op',
    title: 'nn.MaxUnpool2d (SegNet/ENet decoders)',
    aliases: ['aten::max_unpool2d', 'MaxUnpool2d', 'F.max_unpool2d'],
    frontends: ['pytorch'],
    status: never('Not registered; the pooling indices it needs are not produced either (max_pool2d_with_indices binds them to None).'),
    summary: 'Rebuild the unpooled map from the encoder tensor: nearest-upsample the pooled values and keep them where they equal the window max.',
    milOps: ['upsample_nearest_neighbor', 'max_pool', 'equal', 'cast', 'mul'],
    rewrite: [
      'MaxUnpool2d(2, 2) puts each pooled value back where the max was. Instead of indices, pass the pre-pool encoder tensor to the decoder: upsample the pooled map with nearest, and mask it with (pre_pool == upsampled window max).',
    ],
    snippets: [
      model(
        'Index-free max unpooling for kernel 2, stride 2',
        py`
          def max_unpool2d_k2(pooled, pre_pool):
              """MaxUnpool2d(2, 2)(pooled, indices) without indices, given the tensor before pooling."""
              up = F.interpolate(pooled, scale_factor=2, mode="nearest")
              window_max = F.interpolate(F.max_pool2d(pre_pool, 2, 2), scale_factor=2, mode="nearest")
              mask = (pre_pool == window_max).to(pooled.dtype)
              return up * mask
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Pooling, nearest upsampling, a comparison and a multiply: all Neural Engine ops in fp16.'], cost: 'Ties inside a window keep every tied position (torch keeps one): a tiny accuracy difference on flat regions.' },
    sources: [issue(1507, 'Missing PyTorch operators nn.MaxPool2d and nn.MaxUnpool2d'), torchOps()],
    provenance: 'source',
  },
  {
    id: 'avg_pool2d',
    kind: 'op',
    title: 'F.avg_pool2d / nn.AvgPool2d with divisor_override',
    aliases: ['aten::avg_pool2d', 'avg_pool3d'],
    frontends: ['pytorch'],
    status: refused('4.0', 'Every release refuses divisor_override: "divisor_override is not supported for avg_pool2d" (avg_pool3d likewise).'),
    summary: 'Drop divisor_override: average-pool, then multiply by k·k / divisor.',
    milOps: ['avg_pool', 'mul'],
    rewrite: ['An average pool with divisor d equals the plain average pool (padding counted) times kernel_area / d.'],
    snippets: [
      model(
        'Average pool with a custom divisor',
        py`
          def avg_pool2d_divisor(x, k, stride, divisor, padding=0):
              # F.avg_pool2d(x, k, stride, padding, divisor_override=divisor)
              return F.avg_pool2d(x, k, stride, padding, count_include_pad=True) * (k * k / divisor)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['avg_pool and a scalar multiply run on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(6215)],
    provenance: 'source',
  },
  {
    id: 'im2col',
    kind: 'op',
    title: 'nn.Unfold / F.unfold (sliding blocks to columns)',
    aliases: ['aten::im2col', 'F.unfold', 'nn.Unfold'],
    frontends: ['pytorch'],
    status: since('6.2', 'Lowered to a conv with a one-hot kernel plus a reshape; rank-4 input only ("Only supports rank=4 input data for im2col").'),
    summary: 'Write F.unfold as a grouped conv with one-hot kernels (exact, and it runs on the Neural Engine).',
    milOps: ['conv', 'reshape'],
    rewrite: [
      'F.unfold(x, k, stride=s) is a convolution whose output channel c·k² + i·k + j copies input channel c at kernel offset (i, j). A grouped conv (groups=C) with fixed one-hot weights computes it exactly and stays on the Neural Engine.',
    ],
    snippets: [
      model(
        'F.unfold as a grouped one-hot convolution',
        py`
          class UnfoldConv(nn.Module):
              """F.unfold(x, k, stride=stride, padding=padding) for a fixed channel count."""

              def __init__(self, channels, k, stride=1, padding=0):
                  super().__init__()
                  w = torch.zeros(channels * k * k, 1, k, k)
                  for c in range(channels):
                      for i in range(k):
                          for j in range(k):
                              w[c * k * k + i * k + j, 0, i, j] = 1.0
                  self.register_buffer("weight", w)
                  self.channels, self.stride, self.padding = channels, stride, padding

              def forward(self, x):  # (N, C, H, W) -> (N, C*k*k, L)
                  y = F.conv2d(x, self.weight, stride=self.stride, padding=self.padding, groups=self.channels)
                  return y.flatten(2)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['A constant-weight conv runs on the Neural Engine; the final flatten is a reshape.'], cost: 'Exact (0/1 weights are exact in fp16); k² times the input channels of memory traffic, as unfold itself.' },
    sources: [torchOps(8972)],
    provenance: 'source',
  },
  {
    id: 'col2im',
    kind: 'op',
    title: 'nn.Fold / F.fold (columns back to an image)',
    aliases: ['aten::col2im', 'F.fold', 'nn.Fold'],
    frontends: ['pytorch'],
    status: since(
      '7.0',
      'Lowered to a gather; only 2 output spatial dims, dilation 1, stride ≥ kernel and (output + 2·padding) divisible by the stride: overlapping blocks (stride < kernel) raise "Only supports stride >= kernel_size".',
    ),
    summary: 'For overlapping blocks, fold with a grouped conv_transpose2d and one-hot kernels: overlaps add up exactly as in F.fold.',
    milOps: ['conv_transpose', 'reshape'],
    rewrite: [
      'F.fold sums every column entry back into its pixel. A transposed convolution with one-hot kernels (groups=C) does the same accumulation, for any stride and overlap, with constant weights.',
    ],
    snippets: [
      model(
        'F.fold as a grouped transposed convolution',
        py`
          class FoldConvTranspose(nn.Module):
              """F.fold(cols, out_hw, k, stride=stride) for C channels; (H - k) must be divisible by stride."""

              def __init__(self, channels, out_hw, k, stride):
                  super().__init__()
                  w = torch.zeros(channels * k * k, 1, k, k)
                  for c in range(channels):
                      for i in range(k):
                          for j in range(k):
                              w[c * k * k + i * k + j, 0, i, j] = 1.0
                  self.register_buffer("weight", w)
                  self.channels, self.out_hw, self.k, self.stride = channels, out_hw, k, stride

              def forward(self, cols):  # (N, C*k*k, L) -> (N, C, H, W)
                  h, w = self.out_hw
                  lh = (h - self.k) // self.stride + 1
                  lw = (w - self.k) // self.stride + 1
                  x = cols.reshape(cols.shape[0], self.channels * self.k * self.k, lh, lw)
                  return F.conv_transpose2d(x, self.weight, stride=self.stride, groups=self.channels)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['conv_transpose with constant weights runs on the Neural Engine; the gather-based native lowering may not.'], cost: 'Exact.' },
    sources: [torchOps(9046)],
    provenance: 'source',
  },
  {
    id: 'unfold',
    kind: 'op',
    title: 'Tensor.unfold(dim, size, step) (sliding windows along one axis)',
    aliases: ['aten::unfold', 'Tensor.unfold'],
    frontends: ['pytorch'],
    status: onMain('Registered on coremltools main after 9.0 (MIL sliding_windows + transpose); no release converts it. Note: F.unfold is a different op (im2col).'),
    summary: 'Build the windows with narrow + stack, or register a composite on MIL sliding_windows (an iOS15 op).',
    milOps: ['sliding_windows', 'transpose', 'slice_by_index', 'stack'],
    rewrite: [
      'Tensor.unfold puts the window index at `dim` and the window contents last. MIL has sliding_windows since iOS15, which inserts (windows, size) at (axis, axis+1): a composite only needs a transpose to move the contents last.',
    ],
    snippets: [
      composite(
        'Composite on MIL sliding_windows',
        py`
          @register_torch_op(override=True)
          def unfold(context, node):
              x, dim, size, step = _get_inputs(context, node, expected=4)
              axis = int(dim.val)
              if axis < 0:
                  axis += x.rank
              y = mb.sliding_windows(x=x, axis=axis, size=int(size.val), stride=int(step.val))
              perm = list(range(x.rank + 1))
              perm.append(perm.pop(axis + 1))  # window contents last, as Tensor.unfold
              context.add(mb.transpose(x=y, perm=perm, name=node.name))
        `,
      ),
      model(
        'Model-side: windows from narrow + stack',
        py`
          def tensor_unfold(x, dim, size, step):
              """x.unfold(dim, size, step) for dim >= 0."""
              n = (x.shape[dim] - size) // step + 1
              y = torch.stack([x.narrow(dim, i * step, size) for i in range(n)], dim=dim)
              perm = list(range(y.dim()))
              perm.append(perm.pop(dim + 1))
              return y.permute(*perm)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['sliding_windows and the transpose move data; many small slices (narrow + stack) add op count.'], cost: 'Exact.' },
    sources: [torchOps(8944)],
    provenance: 'source',
  },
  {
    id: 'torchvision::roi_align',
    kind: 'op',
    title: 'torchvision.ops.roi_align / RoIAlign (detection heads)',
    aliases: ['torchvision_roi_align', 'roi_align', 'torchvision.ops.roi_align'],
    frontends: ['pytorch'],
    status: onMain('Registered on coremltools main after 9.0 (gather + pad + resample, averaging sampling_ratio² bilinear samples); needs constant spatial_scale, pooled size and a positive sampling_ratio, rank-4 input and boxes of shape (K, 5). No release converts it.'),
    summary: 'Register a crop_resize composite (one bilinear sample per output cell) and validate it against torchvision on real boxes; or run RoIAlign in app code.',
    milOps: ['reshape', 'crop_resize', 'squeeze'],
    rewrite: [
      'MIL crop_resize crops boxes and resizes them bilinearly: with boxes (K, 5) = (batch index, x1, y1, x2, y2) reshaped to (K, 1, 5, 1, 1) it produces (K, 1, C, out_h, out_w). It samples one point per output cell where roi_align averages sampling_ratio² points, so results differ slightly, most for large boxes and small output sizes.',
      'Alternative: split the model at the RoI stage, run the backbone in Core ML and the RoI heads after cropping features in the app.',
    ],
    snippets: [
      composite(
        'Composite: roi_align approximated by crop_resize',
        py`
          @register_torch_op(torch_alias=["torchvision::roi_align"], override=True)
          def torchvision_roi_align(context, node):
              inputs = _get_inputs(context, node, expected=7)
              x, boxes = inputs[0], inputs[1]  # boxes: (K, 5) = batch index, x1, y1, x2, y2
              spatial_scale = float(inputs[2].val)
              out_h, out_w = int(inputs[3].val), int(inputs[4].val)
              roi = mb.reshape(x=boxes, shape=[-1, 1, 5, 1, 1])
              crops = mb.crop_resize(
                  x=x,
                  roi=roi,
                  target_height=out_h,
                  target_width=out_w,
                  normalized_coordinates=False,
                  spatial_scale=spatial_scale,
                  box_coordinate_mode="CORNERS_WIDTH_FIRST",
                  sampling_mode="UNALIGN_CORNERS",
              )
              context.add(mb.squeeze(x=crops, axes=[1], name=node.name))
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['crop_resize and resample run on CPU/GPU, not on the Neural Engine.'], cost: 'One sample per cell instead of sampling_ratio²: a small accuracy change; check mAP on your validation set.' },
    sources: [torchOps(9387), DOC.milOps],
    provenance: 'source',
  },
  {
    id: 'torchvision::deform_conv2d',
    kind: 'op',
    title: 'Deformable convolution: torchvision DeformConv2d (mmcv ModulatedDeformConv2d shows up as pythonop)',
    aliases: ['torchvision_deform_conv2d', 'deform_conv2d', 'torchvision.ops.deform_conv2d', 'DeformConv2d'],
    frontends: ['pytorch'],
    status: onMain('Registered on coremltools main after 9.0 as a resample + conv decomposition with constant strides, padding and groups; no release converts it. mmcv\'s ModulatedDeformConv2d is a custom autograd Function and traces as pythonop (#1135).'),
    summary: 'Replace deformable convs with plain convs of the same shape and fine-tune; or wait for the release that ships the main-branch lowering.',
    milOps: ['conv'],
    rewrite: [
      'There is no cheap exact rewrite: a deformable conv samples the input at learned offsets (a resample per kernel tap). For on-device use the common path is a plain Conv2d initialised from the deformable weights (zero offsets) and a short fine-tune to recover accuracy.',
    ],
    snippets: [
      model(
        'Swap DeformConv2d for a plain conv with the same weights',
        py`
          class PlainConvForDeform(nn.Conv2d):
              """Stands in for DeformConv2d(x, offset, mask): same weights, zero offsets, mask ignored."""

              def forward(self, x, offset=None, mask=None):
                  return super().forward(x)


          def replace_deform_convs(module):
              from torchvision.ops import DeformConv2d

              for name, child in module.named_children():
                  if isinstance(child, DeformConv2d):
                      conv = PlainConvForDeform(child.in_channels, child.out_channels, child.kernel_size,
                                                stride=child.stride, padding=child.padding, dilation=child.dilation,
                                                groups=child.groups, bias=child.bias is not None)
                      conv.weight.data.copy_(child.weight.data)
                      if child.bias is not None:
                          conv.bias.data.copy_(child.bias.data)
                      setattr(module, name, conv)
                  else:
                      replace_deform_convs(child)
              return module
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['The main-branch lowering is resample-heavy (CPU/GPU); a plain conv runs on the Neural Engine.'], cost: 'Accuracy drops until fine-tuned (the deformation is gone); latency improves sharply.' },
    sources: [torchOps(9638), issue(1135, "convert function for op 'pythonop' (mmcv ModulatedDeformConv2d)")],
    provenance: 'source',
  },
  {
    id: 'conv_transpose2d',
    kind: 'op',
    title: 'nn.ConvTranspose2d with output_padding > 0 and padding = 0',
    aliases: ['aten::conv_transpose2d', 'conv_transpose2d.input', 'conv_transpose1d', 'ConvTranspose2d'],
    frontends: ['pytorch'],
    status: never('No release registers `conv_transpose2d` itself, so a scripted F.conv_transpose2d fails everywhere. Traced models emit `_convolution` (since 4.0) and torch.export emits `conv_transpose2d.input` (since 8.0); both become MIL conv_transpose (weights must be constant). output_padding is emulated by pre-padding and cropping, which needs padding > 0: padding=0 with output_padding > 0 raises "ConvTranspose configuration of padding=0 and output_padding > 0 not supported!".'),
    summary: 'Run the transposed conv without output_padding, zero-pad the extra bottom/right rows and columns, and add the bias after.',
    milOps: ['conv_transpose', 'pad', 'add'],
    rewrite: [
      'With padding=0 the output_padding rows and columns receive no input at all: they hold only the bias. So the same result is conv_transpose(bias=None), then a zero pad of (0, op_w, 0, op_h), then the bias added everywhere.',
    ],
    snippets: [
      model(
        'output_padding without output_padding',
        py`
          def conv_transpose2d_output_padding(x, weight, bias, stride, output_padding):
              """F.conv_transpose2d(x, weight, bias, stride, padding=0, output_padding=output_padding)."""
              y = F.conv_transpose2d(x, weight, None, stride=stride)
              op_h, op_w = output_padding
              y = F.pad(y, (0, op_w, 0, op_h))
              if bias is not None:
                  y = y + bias.reshape(1, -1, 1, 1)
              return y
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['conv_transpose with constant weights, a pad and an add all run on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: '_convolution_mode',
    kind: 'op',
    title: 'nn.Conv2d(padding="same" | "valid")',
    aliases: ['aten::_convolution_mode', 'conv2d.padding', 'conv1d.padding'],
    frontends: ['pytorch'],
    status: since('5.2', 'String padding traces as _convolution_mode (older torch) or conv2d.padding, both mapped to MIL conv with pad_type same/valid.'),
    summary: 'Give the conv explicit integer padding (dilation·(k − 1) // 2 for odd kernels, stride 1) instead of padding="same".',
    milOps: ['conv'],
    rewrite: ['padding="same" with stride 1 and an odd kernel equals padding=dilation·(k − 1) / 2 on each side; for even kernels pad asymmetrically with F.pad first.'],
    snippets: [
      model(
        'Explicit padding instead of padding="same"',
        py`
          def same_conv(in_ch, out_ch, k, dilation=1):
              # nn.Conv2d(in_ch, out_ch, k, padding="same", dilation=dilation) for odd k, stride 1
              return nn.Conv2d(in_ch, out_ch, k, padding=dilation * (k - 1) // 2, dilation=dilation)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Convolutions are the Neural Engine\'s best case.'], cost: 'Exact.' },
    sources: [torchOps(1517)],
    provenance: 'research',
  },
  {
    id: 'pad',
    kind: 'op',
    title: 'F.pad with computed amounts, 3-D reflection/replication padding',
    aliases: ['aten::pad', 'constant_pad_nd', 'reflection_pad1d', 'reflection_pad2d', 'replication_pad1d', 'replication_pad2d', 'reflection_pad3d', 'replication_pad3d', 'F.pad'],
    frontends: ['pytorch', 'mil'],
    status: refused(
      '6.0',
      'Constant, reflect and replicate padding of 1-D and 2-D maps convert to MIL pad (`constant_pad_nd` since 4.1, `reflection_pad2d` since 4.1, `replication_pad2d` since 4.1 and their 1-D forms, `pad` since 6.0). Every release refuses padding amounts that are not constants ("Dynamic padding for n-dimensional tensors is not supported", except for 1-D tensors); reflection_pad3d and replication_pad3d are registered by no release.',
    ),
    summary: 'Make pad amounts constants (fixed input shapes), or build the padding with torch.cat of zeros/edge slices.',
    milOps: ['pad', 'concat', 'fill', 'slice_by_index'],
    rewrite: [
      'Amounts computed from runtime shapes (padding to a multiple of the window size in Swin-style models, with flexible inputs) become dynamic. Either pin the shapes (EnumeratedShapes) so they fold to constants, or concatenate a zero block whose size is computed, which Core ML accepts.',
      'For 3-D reflect/replicate padding, pad (D) with cat of flipped or repeated edge slices and use 2-D padding for (H, W) on a reshaped tensor.',
    ],
    snippets: [
      model(
        'Padding by concatenation when the amount depends on the input',
        py`
          def pad_last_dim_to(x, length):
              """Zero-pad the last axis to length; F.pad with a computed amount is refused on n-d tensors."""
              missing = length - x.shape[-1]
              zeros = torch.zeros(*x.shape[:-1], missing, dtype=x.dtype)
              return torch.cat([x, zeros], dim=-1)


          def replicate_pad_depth(x, before, after):
              """replication_pad3d along D only, for (N, C, D, H, W)."""
              first = x[:, :, :1].repeat(1, 1, before, 1, 1)
              last = x[:, :, -1:].repeat(1, 1, after, 1, 1)
              return torch.cat([first, x, last], dim=2)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['Constant pads and concats run on the Neural Engine; shape arithmetic for dynamic amounts runs on CPU.'], cost: 'Exact.' },
    sources: [torchOps()],
    provenance: 'source',
  },
];
