/**
 * Counting weights: parameters (dense elements), bytes as stored, bytes by dtype, the compression
 * actually applied and the effective bits per weight.
 *
 * ML programs: a weight is a *terminal* value: a `constexpr_*` op whose output feeds a compute op (not
 * only other constexpr ops), a `const` stored in a blob file, or an inline float tensor of rank >= 1
 * (coremltools inlines tensors under 10 elements). Its storage is everything it reads, through the
 * chain: indices, masks, non-zero values, LUTs, scales, offsets, shapes. Bits per weight = stored bytes
 * x 8 / dense elements, summed over terminals. Blobs shared by several terminals (functions of a
 * multifunction model share weights) are counted once.
 * Neural networks: every WeightParams of every layer (neural-network.ts).
 */
import type { BlobInfo } from './blob-storage.js';
import type { DecodedNetwork } from './proto/neural-network.js';
import { declaredBytes, tensorElements, type BlobRef, type DecodedProgram, type MilTensorType, type StoredValue, type WeightNode } from './proto/mil.js';
import type { WeightStorage } from './summary.js';
import { milDtype } from './tables/dtypes.js';

/** A blob reference resolved against its file: `info` null when the file is missing. */
export interface ResolvedBlob {
  key: string;
  info: BlobInfo | null;
}

export type BlobResolver = (ref: BlobRef, value: StoredValue, node: WeightNode) => ResolvedBlob;

/** Weights of one model part, before blob files are summarised. */
export interface PartWeights {
  /** Bytes as stored; null when some are missing. */
  bytes: number | null;
  /** Bytes the types declare (always known for ML programs). */
  declaredBytes: number;
  byDtype: Map<string, number>;
  parameters: number;
  storage: WeightStorage[];
  missing: boolean;
  counted: boolean;
}

export function noWeights(counted: boolean): PartWeights {
  return { bytes: counted ? 0 : null, declaredBytes: 0, byDtype: new Map(), parameters: 0, storage: [], missing: false, counted };
}

type Technique =
  | { kind: 'palettized'; bits: number | null; vectorSize: number; grouped: boolean }
  | { kind: 'linear'; dtype: string; granularity: 'per-tensor' | 'per-channel' | 'per-block'; blockSize?: number }
  | { kind: 'sparse'; nonzeros: number | null }
  | { kind: 'cast' }
  | { kind: 'other'; op: string };

interface Described {
  label: string;
  compressed: boolean;
  ops: string[];
  techniques: Technique[];
}

interface Agg {
  storage: WeightStorage;
  missing: boolean;
  blockSizes: Set<number>;
  nonzeros: number;
  denseForDensity: number;
}

function isTerminal(node: WeightNode): boolean {
  if (node.opType === 'const') return (node.feedsCompute || !node.feedsConstexpr) && isWeightConst(node);
  return node.feedsCompute || !node.feedsConstexpr;
}

/** A const is a weight when stored in a blob, or an inline float tensor of rank >= 1. */
function isWeightConst(node: WeightNode): boolean {
  const v = node.stored[0];
  if (!v) return false;
  if (v.blob) return true;
  return !!v.type && milDtype(v.type.dtype).float && v.type.dims.length >= 1;
}

function closure(node: WeightNode): WeightNode[] {
  const seen = new Set<WeightNode>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop() as WeightNode;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const r of n.reads) stack.push(r.node);
  }
  return [...seen];
}

/** A parameter's type: stored by the op itself, or read from another constexpr op's output. */
function paramType(node: WeightNode, param: string): MilTensorType | null {
  const s = node.stored.find((v) => v.param === param);
  if (s) return s.type;
  const r = node.reads.find((x) => x.param === param);
  return r ? (r.node.outputs[r.index] ?? null) : null;
}

function palettized(node: WeightNode): Technique {
  const lut = paramType(node, 'lut');
  const indices = paramType(node, node.opType === 'constexpr_lut_to_sparse' ? 'indices_nonzero_data' : 'indices');
  let bits: number | null = null;
  let vectorSize = 1;
  let grouped = false;
  if (lut && lut.dims.length >= 1) {
    const rank = lut.dims.length;
    // iOS 16: lut is [NUM_PALETTES]; iOS 18: [..., NUM_PALETTES, VECTOR_SIZE].
    const palettes = rank === 1 ? lut.dims[0] : lut.dims[rank - 2];
    if (rank >= 2) vectorSize = lut.dims[rank - 1] ?? 1;
    if (rank > 2) grouped = lut.dims.slice(0, rank - 2).some((d) => d !== 1);
    if (palettes) {
      const b = Math.log2(palettes);
      if (Number.isInteger(b)) bits = b;
    }
  }
  if (bits === null && indices && rankOf(indices) >= 1) {
    const ib = milDtype(indices.dtype).bits;
    if (ib !== null && ib <= 8 && milDtype(indices.dtype).name.startsWith('uint') && rankOf(lut) >= 2) bits = ib;
  }
  return { kind: 'palettized', bits, vectorSize, grouped };
}

function rankOf(t: MilTensorType | null): number {
  return t ? t.dims.length : 0;
}

function linear(node: WeightNode, dataParam: string): Technique {
  const data = paramType(node, dataParam);
  const scale = paramType(node, 'scale');
  const dtype = data ? milDtype(data.dtype).name : 'quantized';
  if (!data || !scale || scale.dims.length === 0 || (tensorElements(scale) ?? 0) <= 1) return { kind: 'linear', dtype, granularity: 'per-tensor' };
  if (node.opType === 'constexpr_affine_dequantize' || scale.dims.length !== data.dims.length) return { kind: 'linear', dtype, granularity: 'per-channel' };
  let block = 1;
  let perChannel = true;
  for (let i = 0; i < data.dims.length; i++) {
    const d = data.dims[i];
    const s = scale.dims[i];
    if (d == null || s == null || s === 0) continue;
    const r = d / s;
    if (r !== 1 && r !== d) perChannel = false;
    if (r !== 1 && r !== d && r > block) block = r;
  }
  return perChannel ? { kind: 'linear', dtype, granularity: 'per-channel' } : { kind: 'linear', dtype, granularity: 'per-block', blockSize: block };
}

function sparse(node: WeightNode, param: string): Technique {
  return { kind: 'sparse', nonzeros: tensorElements(paramType(node, param)) };
}

function techniqueOf(node: WeightNode): Technique[] {
  switch (node.opType) {
    case 'constexpr_lut_to_dense':
    case 'constexpr_lut_to_sparse':
      return [palettized(node)];
    case 'constexpr_sparse_to_dense':
      return [sparse(node, 'nonzero_data')];
    case 'constexpr_affine_dequantize':
      return [linear(node, 'quantized_data')];
    case 'constexpr_blockwise_shift_scale':
      return [linear(node, 'data')];
    case 'constexpr_sparse_blockwise_shift_scale':
      return [sparse(node, 'nonzero_data'), linear(node, 'nonzero_data')];
    case 'constexpr_cast':
      return [{ kind: 'cast' }];
    default:
      return [{ kind: 'other', op: node.opType }];
  }
}

const ORDER: Technique['kind'][] = ['palettized', 'linear', 'sparse', 'cast', 'other'];

function techniqueLabel(t: Technique): string {
  switch (t.kind) {
    case 'palettized':
      return `palettized ${t.bits ?? '?'}-bit${t.vectorSize > 1 ? ` (vector ${t.vectorSize})` : ''}`;
    case 'linear':
      return `${t.dtype} linear${t.granularity === 'per-block' ? ` (block ${t.blockSize})` : ''}`;
    case 'sparse':
      return 'sparse';
    case 'cast':
      return 'fp16 cast';
    case 'other':
      return t.op;
  }
}

function storedDtype(v: StoredValue, r: ResolvedBlob | null): string {
  if (r?.info) return r.info.dtypeName;
  return v.type ? milDtype(v.type.dtype).name : 'unknown';
}

function describe(node: WeightNode, nodes: WeightNode[], resolved: Map<StoredValue, ResolvedBlob | null>): Described {
  const constexprs = nodes.filter((n) => n.opType.startsWith('constexpr_'));
  if (!constexprs.length) {
    const v = node.stored[0] as StoredValue;
    const dtype = storedDtype(v, resolved.get(v) ?? null);
    const float = v.type ? milDtype(v.type.dtype).float : false;
    return { label: dtype, compressed: !float, ops: [], techniques: [] };
  }
  const techniques = constexprs.flatMap(techniqueOf);
  const kinds = new Map<string, Technique>();
  for (const t of techniques) if (!kinds.has(t.kind)) kinds.set(t.kind, t);
  const ordered = [...kinds.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const onlyCast = ordered.length === 1 && ordered[0]?.kind === 'cast';
  return { label: ordered.map(techniqueLabel).join(' + '), compressed: !onlyCast, ops: [...new Set(constexprs.map((n) => n.opType))].sort(), techniques };
}

export function programWeights(program: DecodedProgram, resolve: BlobResolver): PartWeights {
  const w = noWeights(true);
  const counted = new Set<string>();
  const seenTerminals = new Set<string>();
  const ids = new Map<WeightNode, number>();
  const aggs = new Map<string, Agg>();
  let bytes = 0;
  for (const fn of program.functions) {
    for (const node of fn.weights) {
      if (!isTerminal(node)) continue;
      const nodes = node.reads.length ? closure(node) : [node];
      const values: { node: WeightNode; v: StoredValue }[] = nodes.flatMap((n) => n.stored.map((v) => ({ node: n, v })));
      const resolved = new Map<StoredValue, ResolvedBlob | null>();
      for (const { node: n, v } of values) resolved.set(v, v.blob ? resolve(v.blob, v, n) : null);
      const blobKeys = values.map(({ v }) => resolved.get(v)?.key).filter((k): k is string => !!k);
      if (blobKeys.length) {
        const key = blobKeys.length === 1 ? (blobKeys[0] as string) : blobKeys.sort().join('|');
        if (seenTerminals.has(key)) continue;
        seenTerminals.add(key);
      }
      const elements = tensorElements(node.outputs[0] ?? null) ?? tensorElements(node.stored[0]?.type ?? null) ?? 0;
      let tBytes = 0;
      let tMissing = false;
      for (const { node: n, v } of values) {
        const r = resolved.get(v) ?? null;
        const declared = v.declaredBytes ?? declaredBytes(v.type) ?? 0;
        const stored = r?.info ? r.info.sizeInBytes : declared;
        if (v.blob && !r?.info) tMissing = true;
        tBytes += stored;
        let id = ids.get(n);
        if (id === undefined) ids.set(n, (id = ids.size));
        const key = r?.key ?? `#${id}:${v.param}`;
        if (counted.has(key)) continue;
        counted.add(key);
        w.declaredBytes += declared;
        bytes += stored;
        const dt = storedDtype(v, r);
        w.byDtype.set(dt, (w.byDtype.get(dt) ?? 0) + stored);
      }
      if (tMissing) w.missing = true;
      w.parameters += elements;
      const d = describe(node, nodes, resolved);
      addTerminal(aggs, d, elements, tBytes, tMissing);
    }
  }
  w.bytes = w.missing ? null : bytes;
  w.storage = [...aggs.values()].map(finishAgg).sort((a, b) => b.parameters - a.parameters || a.label.localeCompare(b.label));
  return w;
}

function addTerminal(aggs: Map<string, Agg>, d: Described, elements: number, bytes: number, missing: boolean): void {
  let a = aggs.get(d.label);
  if (!a) {
    const s: WeightStorage = { label: d.label, compressed: d.compressed, ops: d.ops, tensors: 0, parameters: 0, bytes: 0, bitsPerWeight: null };
    const pal = d.techniques.find((t) => t.kind === 'palettized');
    const lin = d.techniques.find((t) => t.kind === 'linear');
    if (pal?.kind === 'palettized') {
      if (pal.bits !== null) s.bits = pal.bits;
      if (pal.vectorSize > 1) s.vectorSize = pal.vectorSize;
      s.granularity = pal.grouped ? 'per-group' : 'per-tensor';
    } else if (lin?.kind === 'linear') {
      s.granularity = lin.granularity;
    }
    a = { storage: s, missing: false, blockSizes: new Set(), nonzeros: 0, denseForDensity: 0 };
    aggs.set(d.label, a);
  }
  a.storage.tensors++;
  a.storage.parameters += elements;
  a.storage.bytes = (a.storage.bytes ?? 0) + bytes;
  if (missing) a.missing = true;
  for (const t of d.techniques) {
    if (t.kind === 'linear' && t.blockSize) a.blockSizes.add(t.blockSize);
    if (t.kind === 'sparse' && t.nonzeros !== null) {
      a.nonzeros += t.nonzeros;
      a.denseForDensity += elements;
    }
  }
}

function finishAgg(a: Agg): WeightStorage {
  const s = a.storage;
  if (a.missing) s.bytes = null;
  s.bitsPerWeight = s.bytes !== null && s.parameters > 0 ? (s.bytes * 8) / s.parameters : null;
  if (a.blockSizes.size === 1) s.blockSize = [...a.blockSizes][0] as number;
  if (a.denseForDensity > 0) s.density = a.nonzeros / a.denseForDensity;
  return s;
}

export function networkWeights(net: DecodedNetwork): PartWeights {
  const w = noWeights(true);
  let bytes = 0;
  for (const s of net.storage.values()) {
    w.parameters += s.parameters;
    bytes += s.bytes;
    w.storage.push({
      label: s.label,
      compressed: s.compressed,
      ops: s.ops,
      tensors: s.tensors,
      parameters: s.parameters,
      bytes: s.bytes,
      bitsPerWeight: s.parameters > 0 ? (s.bytes * 8) / s.parameters : null,
      ...(s.bits !== undefined ? { bits: s.bits } : {}),
    });
  }
  w.storage.sort((a, b) => b.parameters - a.parameters || a.label.localeCompare(b.label));
  w.bytes = bytes;
  w.declaredBytes = bytes;
  w.byDtype = new Map(net.byDtype);
  return w;
}

/** A pipeline's weights: the sum of its parts that count weights. */
export function sumWeights(parts: readonly PartWeights[]): PartWeights {
  const counted = parts.filter((p) => p.counted);
  if (!counted.length) return noWeights(false);
  const w = noWeights(true);
  const storage = new Map<string, WeightStorage>();
  let bytes = 0;
  for (const p of counted) {
    w.parameters += p.parameters;
    w.declaredBytes += p.declaredBytes;
    if (p.missing) w.missing = true;
    bytes += p.bytes ?? 0;
    for (const [k, v] of p.byDtype) w.byDtype.set(k, (w.byDtype.get(k) ?? 0) + v);
    for (const s of p.storage) {
      const prev = storage.get(s.label);
      if (!prev) storage.set(s.label, { ...s, ops: [...s.ops] });
      else {
        prev.tensors += s.tensors;
        prev.parameters += s.parameters;
        prev.bytes = prev.bytes === null || s.bytes === null ? null : prev.bytes + s.bytes;
        prev.bitsPerWeight = prev.bytes !== null && prev.parameters > 0 ? (prev.bytes * 8) / prev.parameters : null;
        for (const o of s.ops) if (!prev.ops.includes(o)) prev.ops.push(o);
      }
    }
  }
  w.bytes = w.missing ? null : bytes;
  w.storage = [...storage.values()].sort((a, b) => b.parameters - a.parameters || a.label.localeCompare(b.label));
  return w;
}
