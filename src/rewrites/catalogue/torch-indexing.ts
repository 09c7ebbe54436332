/** Gathers, scatters, data-dependent selections, sorting and searching. */
import type { RewriteEntry } from '../schema.js';
import { model, never, onMain, py, since, refused } from './build.js';
import { issue, pr, torchOps } from './refs.js';

/** Scatter-style updates as a one-hot matmul: ANE friendly, duplicates add up. */
const ONE_HOT_NOTE = 'A one-hot (N, K) matrix times the (K, D) updates sums every update into its row: one matmul instead of a scatter, and duplicate indices add up as in torch.';

export const TORCH_INDEXING: readonly RewriteEntry[] = [
  {
    id: 'gather',
    kind: 'op',
    title: 'torch.gather / index_select / embedding with non-integer or int64 indices',
    aliases: ['aten::gather', 'index_select', 'embedding', 'take_along_dim', 'GatherV2', 'torch.gather'],
    frontends: ['pytorch', 'tensorflow', 'mil'],
    status: refused(
      '4.0',
      'gather → MIL gather_along_axis, `index_select` (since 4.1) → gather, embedding → gather with the indices cast to int32. Every release refuses float indices: gather and index_select pass the indices through, and float indices fail type inference ("expects ... [\'int32\'] but got ... fp32", #2193); int64 indices become int32 with "Saving value type of int64 into a builtin type of int32" warnings. take_along_dim is registered by no release.',
    ),
    summary: 'Make indices an integer tensor inside the model (`idx.long()` before gather; int64 becomes int32) and keep index arithmetic out of float math.',
    milOps: ['gather', 'gather_along_axis', 'cast'],
    rewrite: [
      'Index tensors that come out of float arithmetic (a floor of scaled coordinates, argmax of fp16 scores cast back) stay float in the traced graph. Cast them with .long() right before the gather; values above 2³¹ do not fit int32.',
      'take_along_dim(x, idx, dim) is gather(x, dim, idx) after broadcasting idx to x\'s shape on the other axes.',
    ],
    snippets: [
      model(
        'Integer indices, and take_along_dim as gather',
        py`
          def sample_rows(x, coords):
              idx = torch.floor(coords * (x.shape[0] - 1)).long()  # indices must be integers
              return x.index_select(0, idx)


          def take_along_dim(x, idx, dim):
              shape = list(x.shape)
              shape[dim] = idx.shape[dim]
              return torch.gather(x, dim, idx.expand(*shape))
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['gather runs on CPU/GPU in most models; keep embedding lookups at the model input and avoid gathers inside repeated blocks.', 'int32 index math runs on CPU.'], cost: 'None; int32 limits indices to < 2³¹.' },
    sources: [torchOps(7362), issue(2193, 'gather fails with fp32 indices after int64 → int32 warnings')],
    provenance: 'source',
  },
  {
    id: 'index_put',
    kind: 'op',
    title: 'Tensor assignment x[idx] = v / index_put_ (in-place indexed writes)',
    aliases: ['aten::index_put', 'index_put_', 'aten::index_put_'],
    frontends: ['pytorch'],
    status: since(
      '5.1',
      'Lowered to scatter_nd (or slice updates for whole slices). accumulate=True with a whole-slice index raises "only torch.index_put(..., accumulate=False) handled yet"; a bool index must be the only index and match the leading shape of x; only bool and int indices.',
    ),
    summary: 'Express masked or indexed writes functionally: torch.where(mask, value, x) for masks, torch.cat of slices for fixed positions.',
    milOps: ['select', 'concat', 'scatter_nd'],
    rewrite: [
      'x[mask] = v is torch.where(mask, v, x): one select, no data-dependent shapes. x[:, i] = v for a constant i is a concat of the slices around it. Both avoid scatter_nd, which the converter\'s own comment says falls off the Neural Engine.',
    ],
    snippets: [
      model(
        'Functional replacements for indexed assignment',
        py`
          def masked_assign(x, mask, value):
              # x[mask] = value
              return torch.where(mask, torch.as_tensor(value, dtype=x.dtype), x)


          def set_column(x, i, column):
              # x[:, i] = column, i constant
              return torch.cat([x[:, :i], column.unsqueeze(1), x[:, i + 1:]], dim=1)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['scatter_nd runs on CPU; select and concat run on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(5434), issue(1678, 'torch.index_put conversion error'), issue(2040, 'index_put / scatter_nd issues')],
    provenance: 'source',
  },
  {
    id: 'index_add',
    kind: 'op',
    title: 'Tensor.index_add / index_add_',
    aliases: ['aten::index_add', 'index_add_', 'Tensor.index_add'],
    frontends: ['pytorch'],
    status: never('Not registered.'),
    summary: 'Compute x.index_add(0, index, src) as x + one_hot(index)ᵀ @ src.',
    milOps: ['one_hot', 'transpose', 'matmul', 'add'],
    rewrite: [ONE_HOT_NOTE],
    snippets: [
      model(
        'index_add along dim 0 as a one-hot matmul',
        py`
          def index_add_rows(x, index, src):
              """x.index_add(0, index, src) with index of shape (K,) and src of shape (K, ...)."""
              one_hot = F.one_hot(index, num_classes=x.shape[0]).to(src.dtype)  # (K, N)
              added = one_hot.t() @ src.reshape(src.shape[0], -1)  # (N, D)
              return x + added.reshape(x.shape)
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['one_hot and matmul replace a scatter; the (N, K) matrix costs N·K memory.'], cost: 'Exact; O(N·K·D) MACs instead of O(K·D) memory writes.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: 'scatter',
    kind: 'op',
    title: 'Tensor.scatter / scatter_add (scatter along an axis)',
    aliases: ['aten::scatter', 'scatter_add', 'scatter_', 'scatter_add_', 'scatter.src', 'scatter.value', 'scatter.reduce'],
    frontends: ['pytorch', 'mil'],
    status: since('6.0', '`scatter` converts since 6.0, `scatter_add` since 5.1; both become MIL scatter_along_axis (modes update, add, mul).'),
    summary: 'On the Neural Engine prefer a one-hot matmul (scatter_add) or torch.where (constant positions) over the scatter.',
    milOps: ['scatter_along_axis', 'one_hot', 'matmul'],
    rewrite: [ONE_HOT_NOTE, 'A scatter of constant positions is a torch.where with a constant mask.'],
    snippets: [
      model(
        'scatter_add into rows as a one-hot matmul',
        py`
          def scatter_add_rows(n, index, src):
              """torch.zeros(n, D).scatter_add(0, index[:, None].expand(-1, D), src)."""
              one_hot = F.one_hot(index, num_classes=n).to(src.dtype)  # (K, N)
              return one_hot.t() @ src
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['scatter_along_axis falls back to CPU/GPU; the one-hot matmul runs on the Neural Engine.'], cost: 'Exact; the one-hot matrix costs N·K memory.' },
    sources: [torchOps(8614)],
    provenance: 'source',
  },
  {
    id: 'scatter_reduce',
    kind: 'op',
    title: 'Tensor.scatter_reduce (sum, mean, amax, amin) and torch_scatter',
    aliases: ['aten::scatter_reduce', 'scatter_reduce.two', 'scatter_reduce_', 'scatter_max', 'scatter_mean'],
    frontends: ['pytorch'],
    status: never('Not registered (only scatter with reduce="add"/"multiply" converts). torch_scatter\'s scatter_max is not an aten op either (#1766).'),
    summary: 'Rewrite the reduction over a one-hot matrix: matmul for sum/mean, masked max for amax.',
    milOps: ['one_hot', 'matmul', 'real_div', 'reduce_max', 'mul', 'add'],
    rewrite: [ONE_HOT_NOTE, 'For amax, add a large negative value to entries outside each group before reducing over K.'],
    snippets: [
      model(
        'scatter_reduce over rows (sum, mean, amax)',
        py`
          def scatter_reduce_rows(src, index, n, reduce="sum"):
              """out[i] = reduce(src[k] for k where index[k] == i); src (K, D), index (K,)."""
              groups = F.one_hot(index, num_classes=n).to(src.dtype).t()  # (N, K)
              if reduce == "sum":
                  return groups @ src
              if reduce == "mean":
                  return (groups @ src) / groups.sum(dim=1, keepdim=True).clamp(min=1)
              masked = groups[:, :, None] * src[None, :, :] + (groups[:, :, None] - 1) * 1e4
              return masked.amax(dim=1)  # rows with no source get -1e4
        `,
      ),
    ],
    ane: { risk: 'low', notes: ['matmul and reductions run on the Neural Engine; the masked amax materialises (N, K, D), so keep N·K·D small.'], cost: 'Exact for sum/mean; amax of an empty group is -1e4 instead of the initial value.' },
    sources: [issue(1766, 'Support for scatter_max'), torchOps()],
    provenance: 'source',
  },
  {
    id: 'masked_scatter',
    kind: 'op',
    title: 'Tensor.masked_scatter (e.g. merging image features into token embeddings)',
    aliases: ['aten::masked_scatter', 'masked_scatter_'],
    frontends: ['pytorch'],
    status: onMain('Registered on coremltools main after 9.0 (non_zero + scatter_nd, data-dependent shapes); no release converts it.'),
    summary: 'Index the source with a cumulative sum of the mask and select with torch.where: static shapes, no non_zero.',
    milOps: ['cumsum', 'gather', 'select', 'cast', 'reshape'],
    rewrite: ['The k-th True position of the mask takes the k-th source element, so cumsum(mask) − 1 is the source index of every position; gather there and keep x where the mask is False.'],
    snippets: [
      model(
        'masked_scatter with static shapes',
        py`
          def masked_scatter(x, mask, source):
              flat_mask = mask.reshape(-1)
              pos = torch.cumsum(flat_mask.to(torch.int32), dim=0) - 1  # source index per position
              picked = source.reshape(-1)[pos.clamp(min=0).long()]
              return torch.where(flat_mask, picked, x.reshape(-1)).reshape(x.shape)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['cumsum and gather may run on CPU; unlike non_zero they keep shapes static, so the rest of the graph stays on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(6839)],
    provenance: 'source',
  },
  {
    id: 'nonzero',
    kind: 'op',
    title: 'torch.nonzero / argwhere / one-argument torch.where (data-dependent shapes)',
    aliases: ['aten::nonzero', 'nonzero_numpy', 'argwhere', 'NonZero'],
    frontends: ['pytorch', 'onnx'],
    status: since('5.0', 'MIL non_zero; its output size depends on the data, so every op after it gets symbolic shapes. argwhere is not registered.'),
    summary: 'Keep masks instead of index lists (torch.where with three arguments), or take a fixed number of indices with topk.',
    milOps: ['topk', 'mul', 'cast', 'select'],
    rewrite: [
      'Most uses of nonzero select elements to process them and scatter results back; doing the work on the full tensor and masking with torch.where keeps static shapes.',
      'When you need indices, a fixed k from topk over a scored mask gives them with a static shape (pad with -1 or a dummy index).',
    ],
    snippets: [
      model(
        'First k True indices with a static shape',
        py`
          def first_k_true(mask, k):
              """Indices of the first k True entries of a 1-D mask; -1 where there are fewer."""
              n = mask.shape[0]
              rank = torch.arange(n, 0, -1, dtype=torch.float32)  # earlier positions score higher
              top = torch.topk(mask.to(torch.float32) * rank, k).indices
              valid = torch.gather(mask.to(torch.float32), 0, top) > 0
              return torch.where(valid, top, torch.full_like(top, -1))
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['non_zero and everything with the dynamic shapes it creates run on CPU.'], cost: 'Masking computes on all elements: more MACs, but static and parallel.' },
    sources: [torchOps(5110)],
    provenance: 'source',
  },
  {
    id: '_unique2',
    kind: 'op',
    title: 'torch.unique (_unique2)',
    aliases: ['aten::_unique2', 'unique', 'aten::unique', 'unique_consecutive', 'torch.unique', 'Unique'],
    frontends: ['pytorch', 'tensorflow'],
    status: since('7.2', '`_unique2` (what torch.unique traces to) converts since 7.2, with sorted=True only ("sorted=False not supported for unique op"); the output size is data dependent. `unique`, `unique_consecutive` and TF `Unique` are registered by no release.'),
    summary: 'Move unique out of the model (app code), or replace it by a fixed-size presence mask over the known value range.',
    milOps: ['one_hot', 'reduce_max', 'greater'],
    rewrite: ['For small non-negative integer tensors (class ids, token ids in a small vocabulary) a (V,) presence mask says which values occur with a static shape.'],
    snippets: [
      model(
        'Presence mask instead of torch.unique',
        py`
          def present_values(x, num_values):
              hits = F.one_hot(x.reshape(-1).long(), num_classes=num_values)  # (N, V)
              return hits.amax(dim=0) > 0  # (V,) bool: value v occurs in x
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['The native lowering sorts and uses non_zero: CPU with dynamic shapes.'], cost: 'A mask instead of a list: the consumer must change too.' },
    sources: [torchOps(4860)],
    provenance: 'source',
  },
  {
    id: 'embedding_bag',
    kind: 'op',
    title: 'nn.EmbeddingBag (mode sum/mean)',
    aliases: ['aten::embedding_bag', '_embedding_bag', 'nn.EmbeddingBag'],
    frontends: ['pytorch'],
    status: never('Not registered.'),
    summary: 'Use bags of a fixed size: F.embedding, then sum or mean over the bag axis.',
    milOps: ['gather', 'reduce_sum', 'reduce_mean'],
    rewrite: ['Pad variable bags to a fixed length L with an index whose embedding row is zero, gather (B, L, D), and reduce over L; for mean divide by the true lengths.'],
    snippets: [
      model(
        'EmbeddingBag for fixed-size bags',
        py`
          class EmbeddingBagFixed(nn.Module):
              def __init__(self, bag):
                  super().__init__()
                  self.weight = nn.Parameter(bag.weight.detach())
                  self.mode = bag.mode

              def forward(self, indices):  # (B, L): B bags of L indices
                  e = F.embedding(indices, self.weight)  # (B, L, D)
                  return e.mean(dim=1) if self.mode == "mean" else e.sum(dim=1)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['The gather runs on CPU; the reduction on the Neural Engine.'], cost: 'Exact for fixed bags; padding costs memory for very uneven bags.' },
    sources: [torchOps()],
    provenance: 'source',
  },
  {
    id: 'topk',
    kind: 'op',
    title: 'torch.topk / sort / argsort',
    aliases: ['aten::topk', 'sort', 'argsort', 'TopKV2', 'TopK'],
    frontends: ['pytorch', 'tensorflow', 'onnx', 'mil'],
    status: since('4.1', 'MIL topk/argsort (`sort` and `argsort` since 4.0). topk(sorted=False) raises "For opset <= iOS16, only sorted=True supported" unless the deployment target is iOS16 or newer; a dynamic k uses a slower dynamic lowering.'),
    summary: 'Pass sorted=True, or set minimum_deployment_target=ct.target.iOS16 or newer for sorted=False.',
    milOps: ['topk', 'argsort', 'gather_along_axis'],
    rewrite: ['Unsorted topk only exists in the iOS16 opset. Sorting the k results costs little for small k.'],
    snippets: [
      model(
        'topk that converts on every target',
        py`
          def top_scores(scores, k):
              return torch.topk(scores, k, dim=-1, largest=True, sorted=True)
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['topk and argsort run on CPU; keep them at the end of the model (post-processing).'], cost: 'sorted=True costs a little extra for large k.' },
    sources: [torchOps(7990)],
    provenance: 'source',
  },
  {
    id: 'searchsorted',
    kind: 'op',
    title: 'torch.searchsorted',
    aliases: ['aten::searchsorted', 'torch.searchsorted'],
    frontends: ['pytorch'],
    status: since('8.1', 'Broadcast comparison + reduce_sum; sorted_sequence and values must have the same rank and values a static last dimension.'),
    summary: 'Count with a broadcast comparison: (values[..., None] > sorted_seq).sum(-1).',
    milOps: ['greater', 'greater_equal', 'cast', 'reduce_sum', 'expand_dims'],
    rewrite: ['For side="left" the insertion index is the number of elements strictly smaller than the value; for side="right" the number smaller or equal.'],
    snippets: [
      model(
        'searchsorted as compare + sum',
        py`
          def searchsorted_1d(sorted_seq, values, right=False):
              v = values.unsqueeze(-1)
              hits = (v >= sorted_seq) if right else (v > sorted_seq)
              return hits.to(torch.int32).sum(dim=-1)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Comparisons in fp16 run on the Neural Engine; the int32 sum may run on CPU.'], cost: 'O(N·M) comparisons instead of a binary search: fine for short sequences.' },
    sources: [torchOps(10188)],
    provenance: 'source',
  },
  {
    id: 'bucketize',
    kind: 'op',
    title: 'torch.bucketize / tf.feature_column.bucketized_column (TF Bucketize)',
    aliases: ['aten::bucketize', 'Bucketize', 'torch.bucketize'],
    frontends: ['pytorch', 'tensorflow'],
    status: never('Not registered in the torch or the TensorFlow frontend (#1146).'),
    summary: 'Count boundaries with a broadcast comparison: (x[..., None] > boundaries).sum(-1), or bucketize in the app before the model.',
    milOps: ['greater', 'greater_equal', 'cast', 'reduce_sum'],
    rewrite: [
      'torch.bucketize(x, boundaries) (right=False) returns the number of boundaries strictly smaller than x; right=True counts those smaller or equal.',
      'For a TF feature column, the maintainers\' advice in #1146: remove the bucketizing from the model and do it in the app.',
    ],
    snippets: [
      model(
        'bucketize as compare + sum',
        py`
          def bucketize(x, boundaries, right=False):
              hits = (x.unsqueeze(-1) >= boundaries) if right else (x.unsqueeze(-1) > boundaries)
              return hits.to(torch.int32).sum(dim=-1)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Comparisons run on the Neural Engine; the int32 sum may run on CPU.'], cost: 'Exact.' },
    sources: [issue(1146, "TF op 'Bucketize' not implemented")],
    provenance: 'issue',
  },
  {
    id: 'repeat_interleave',
    kind: 'op',
    title: 'torch.repeat_interleave',
    aliases: ['aten::repeat_interleave', 'repeat_interleave.self_int', 'repeat_interleave.self_tensor'],
    frontends: ['pytorch'],
    status: since('7.0', 'Integer (or uniform) repeats become tile/reshape/transpose; a repeats tensor with different values raises "Conversion for torch.repeat_interleave with Tensor repeats has not been implemented".'),
    summary: 'For per-element repeats, precompute the index once and use index_select (one gather).',
    milOps: ['gather', 'tile', 'reshape', 'transpose'],
    rewrite: ['With constant repeats the output index of every element is known when the model is built: store it as a buffer and gather.'],
    snippets: [
      model(
        'Per-element repeats as one gather',
        py`
          class RepeatInterleaveConst(nn.Module):
              def __init__(self, repeats, dim=0):
                  super().__init__()
                  self.dim = dim
                  self.register_buffer("index", torch.tensor([i for i, r in enumerate(repeats) for _ in range(r)]))

              def forward(self, x):
                  return x.index_select(self.dim, self.index)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['tile/reshape/transpose run on the Neural Engine but move data; the gather runs on CPU.'], cost: 'Exact.' },
    sources: [torchOps(7395)],
    provenance: 'source',
  },
  {
    id: 'roll',
    kind: 'op',
    title: 'torch.roll (Swin shifted windows)',
    aliases: ['aten::roll', 'torch.roll'],
    frontends: ['pytorch'],
    status: since('6.2', 'Lowered to range_1d + mod + gather per rolled axis.'),
    summary: 'For a constant shift, roll with two slices and a concat (ANE friendly) instead of the gather-based lowering.',
    milOps: ['slice_by_index', 'concat'],
    rewrite: ['roll(x, s, d) puts the last s elements of axis d first: cat([x[-s:], x[:-s]]) along d.'],
    snippets: [
      model(
        'roll by slicing',
        py`
          def roll_const(x, shift, dim):
              n = x.shape[dim]
              s = shift % n
              if s == 0:
                  return x
              return torch.cat([x.narrow(dim, n - s, s), x.narrow(dim, 0, n - s)], dim=dim)
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['The native lowering gathers (often CPU); slices + concat stay on the Neural Engine.'], cost: 'Exact.' },
    sources: [torchOps(8878)],
    provenance: 'source',
  },
  {
    id: 'torchvision::nms',
    kind: 'op',
    title: 'torchvision.ops.nms / batched_nms',
    aliases: ['torchvision_nms', 'nms', 'torchvision.ops.nms'],
    frontends: ['pytorch'],
    status: since('6.2', 'MIL non_maximum_suppression (its signature changed in iOS17); the box count is capped at 10000 when unknown.'),
    summary: 'End the model at boxes and scores and run NMS in the app (Vision or a Core ML pipeline).',
    milOps: ['non_maximum_suppression'],
    rewrite: ['NMS is post-processing with a data-dependent output. Exporting raw boxes and scores keeps the model static and lets the app choose thresholds.'],
    snippets: [
      model(
        'Export boxes and scores, suppress in the app',
        py`
          class DetectorWithoutNms(nn.Module):
              def __init__(self, detector):
                  super().__init__()
                  self.detector = detector

              def forward(self, images):
                  boxes, scores = self.detector.raw_predictions(images)  # before NMS
                  return boxes, scores
        `,
      ),
    ],
    ane: { risk: 'high', notes: ['non_maximum_suppression runs on CPU.'], cost: 'None when NMS moves to the app; thresholds then live in app code.' },
    sources: [torchOps(9496)],
    provenance: 'source',
  },
  {
    id: 'cdist',
    kind: 'op',
    title: 'torch.cdist (pairwise distances)',
    aliases: ['aten::cdist', '_cdist_forward', 'torch.cdist'],
    frontends: ['pytorch'],
    status: never('The registry snapshot (coremltools main at e0e2f42b, 2026-08-18) has no converter; PR #2832 (fixing #2198), merged on main after that snapshot, adds one. No release converts it.'),
    summary: 'Compute Euclidean distances as |a|² + |b|² − 2·a·bᵀ with one matmul, clamped at 0 before the square root.',
    milOps: ['mul', 'reduce_sum', 'matmul', 'add', 'sub', 'clip', 'sqrt'],
    rewrite: ['The expansion needs one matmul instead of a (M, N, D) difference tensor; clamp the squared distance at 0 because rounding can make it slightly negative.'],
    snippets: [
      model(
        'cdist (p=2) with one matmul',
        py`
          def cdist_euclidean(a, b):
              """torch.cdist(a, b) for (..., M, D) and (..., N, D)."""
              a2 = (a * a).sum(dim=-1, keepdim=True)  # (..., M, 1)
              b2 = (b * b).sum(dim=-1, keepdim=True).transpose(-1, -2)  # (..., 1, N)
              d2 = a2 + b2 - 2 * (a @ b.transpose(-1, -2))
              return d2.clamp(min=0).sqrt()
        `,
      ),
    ],
    ane: { risk: 'medium', notes: ['Runs on the Neural Engine, but in fp16 the subtraction cancels badly for nearby points and large norms: normalise features or compute in fp32 (see fp16-overflow).'], cost: 'Exact in real arithmetic; fp16 loses precision for small distances.' },
    sources: [issue(2198, 'support for torch.cdist'), pr(2832, 'Add torch.cdist to the PyTorch converter')],
    provenance: 'issue',
  },
];
