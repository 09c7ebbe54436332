/**
 * A small writer of Core ML model files for our fixtures, shaped like the real ones (field numbers of
 * Model.proto, FeatureTypes.proto, MIL.proto, NeuralNetwork.proto; MIL blob storage for weight.bin;
 * the Manifest.json coremltools writes). Primitives are encoded by @bufbuild/protobuf's BinaryWriter;
 * this file only knows which field is which. It covers what the corpus lacks: iOS 18 block-wise and
 * sub-byte weights, sparse weights, enumerated shapes, multifunction models, states.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

export type Bytes = Uint8Array;

const cat = (parts: readonly Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** Encoders of one field each. */
export const pb = {
  varint: (no: number, v: number | bigint): Bytes => new BinaryWriter().tag(no, WireType.Varint).int64(v).finish(),
  uint64: (no: number, v: number | bigint): Bytes => new BinaryWriter().tag(no, WireType.Varint).uint64(v).finish(),
  bool: (no: number, v: boolean): Bytes => new BinaryWriter().tag(no, WireType.Varint).bool(v).finish(),
  string: (no: number, s: string): Bytes => new BinaryWriter().tag(no, WireType.LengthDelimited).string(s).finish(),
  bytes: (no: number, b: Bytes): Bytes => new BinaryWriter().tag(no, WireType.LengthDelimited).bytes(b).finish(),
  msg: (no: number, ...parts: Bytes[]): Bytes => new BinaryWriter().tag(no, WireType.LengthDelimited).bytes(cat(parts)).finish(),
  double: (no: number, v: number): Bytes => new BinaryWriter().tag(no, WireType.Bit64).double(v).finish(),
  float: (no: number, v: number): Bytes => new BinaryWriter().tag(no, WireType.Bit32).float(v).finish(),
  packedInt64: (no: number, vs: readonly (number | bigint)[]): Bytes => {
    const w = new BinaryWriter();
    for (const v of vs) w.int64(v);
    return pb.bytes(no, w.finish());
  },
  packedFloats: (no: number, vs: readonly number[]): Bytes => {
    const w = new BinaryWriter();
    for (const v of vs) w.float(v);
    return pb.bytes(no, w.finish());
  },
  cat,
};

// ---------------------------------------------------------------- descriptions (FeatureTypes.proto)

export const ARRAY = { FLOAT32: 65568, DOUBLE: 65600, FLOAT16: 65552, INT32: 131104, INT8: 131080 } as const;
export const COLOR = { GRAYSCALE: 10, RGB: 20, BGR: 30, GRAYSCALE_FLOAT16: 40 } as const;

const sizeRange = (no: number, min: number, max: number): Bytes => pb.msg(no, pb.uint64(1, min), pb.varint(2, max));

export interface ArraySpec {
  dtype: number;
  shape: number[];
  enumerated?: number[][];
  /** [min, max] per dimension; max -1 = unbounded. */
  ranges?: [number, number][];
}

export function arrayType(a: ArraySpec): Bytes {
  const parts: Bytes[] = [pb.packedInt64(1, a.shape), pb.varint(2, a.dtype)];
  if (a.enumerated) parts.push(pb.msg(21, ...a.enumerated.map((s) => pb.msg(1, pb.packedInt64(1, s)))));
  if (a.ranges) parts.push(pb.msg(31, ...a.ranges.map(([lo, hi]) => sizeRange(1, lo, hi))));
  return cat(parts);
}

export const featureType = {
  int64: (): Bytes => pb.msg(1),
  double: (): Bytes => pb.msg(2),
  string: (): Bytes => pb.msg(3),
  image: (w: number, h: number, color: number, range?: { w: [number, number]; h: [number, number] }, sizes?: [number, number][]): Bytes =>
    pb.msg(
      4,
      pb.varint(1, w),
      pb.varint(2, h),
      pb.varint(3, color),
      ...(sizes ? [pb.msg(21, ...sizes.map(([sw, sh]) => pb.msg(1, pb.uint64(1, sw), pb.uint64(2, sh))))] : []),
      ...(range ? [pb.msg(31, sizeRange(1, range.w[0], range.w[1]), sizeRange(2, range.h[0], range.h[1]))] : []),
    ),
  multiArray: (a: ArraySpec): Bytes => pb.msg(5, arrayType(a)),
  state: (a: ArraySpec): Bytes => pb.msg(8, pb.msg(1, arrayType(a))),
};

/** A FeatureDescription: name 1, shortDescription 2, type 3 (with isOptional 1000 inside). */
export function feature(name: string, type: Bytes, opts: { description?: string; optional?: boolean } = {}): Bytes {
  return cat([pb.string(1, name), ...(opts.description ? [pb.string(2, opts.description)] : []), pb.msg(3, type, ...(opts.optional ? [pb.bool(1000, true)] : []))]);
}

export interface DescriptionSpec {
  inputs?: Bytes[];
  outputs?: Bytes[];
  states?: Bytes[];
  trainingInputs?: Bytes[];
  functions?: { name: string; inputs: Bytes[]; outputs: Bytes[]; states?: Bytes[] }[];
  defaultFunction?: string;
  metadata?: { shortDescription?: string; version?: string; author?: string; license?: string; userDefined?: [string, string][] };
}

export function description(d: DescriptionSpec): Bytes {
  const parts: Bytes[] = [];
  for (const i of d.inputs ?? []) parts.push(pb.msg(1, i));
  for (const o of d.outputs ?? []) parts.push(pb.msg(10, o));
  for (const s of d.states ?? []) parts.push(pb.msg(13, s));
  for (const f of d.functions ?? []) {
    parts.push(pb.msg(20, pb.string(1, f.name), ...f.inputs.map((i) => pb.msg(2, i)), ...f.outputs.map((o) => pb.msg(3, o)), ...(f.states ?? []).map((s) => pb.msg(6, s))));
  }
  if (d.defaultFunction) parts.push(pb.string(21, d.defaultFunction));
  for (const t of d.trainingInputs ?? []) parts.push(pb.msg(50, t));
  if (d.metadata) {
    const m = d.metadata;
    parts.push(
      pb.msg(
        100,
        ...(m.shortDescription ? [pb.string(1, m.shortDescription)] : []),
        ...(m.version ? [pb.string(2, m.version)] : []),
        ...(m.author ? [pb.string(3, m.author)] : []),
        ...(m.license ? [pb.string(4, m.license)] : []),
        ...(m.userDefined ?? []).map(([k, v]) => pb.msg(100, pb.string(1, k), pb.string(2, v))),
      ),
    );
  }
  return cat(parts);
}

// ---------------------------------------------------------------- Model.proto

export interface ModelSpec {
  spec: number;
  description?: Bytes;
  isUpdatable?: boolean;
  /** The model type: its field number and its message. */
  type: [number, Bytes];
}

export function model(m: ModelSpec): Bytes {
  return cat([pb.varint(1, m.spec), ...(m.description ? [pb.msg(2, m.description)] : []), ...(m.isUpdatable ? [pb.bool(10, true)] : []), pb.msg(m.type[0], m.type[1])]);
}

export const TYPE = { pipeline: 202, pipelineClassifier: 200, neuralNetwork: 500, neuralNetworkClassifier: 403, mlProgram: 502, nms: 610, glmRegressor: 300, customModel: 555, treeEnsembleRegressor: 302 } as const;

/** Pipeline: models 1 (repeated Model), names 2. */
export function pipeline(models: Bytes[]): Bytes {
  return cat(models.map((m) => pb.msg(1, m)));
}

// ---------------------------------------------------------------- MIL.proto

export const DT = {
  bool: 1, string: 2, fp16: 10, fp32: 11, fp64: 12, bf16: 13,
  int8: 21, int16: 22, int32: 23, int64: 24, int4: 25,
  uint8: 31, uint16: 32, uint32: 33, uint64: 34, uint4: 35, uint2: 36, uint1: 37, uint6: 38, uint3: 39,
} as const;
export type DtName = keyof typeof DT;

const BITS: Record<DtName, number> = {
  bool: 8, string: 8, fp16: 16, fp32: 32, fp64: 64, bf16: 16, int8: 8, int16: 16, int32: 32, int64: 64, int4: 4,
  uint8: 8, uint16: 16, uint32: 32, uint64: 64, uint4: 4, uint2: 2, uint1: 1, uint6: 6, uint3: 3,
};

/** Blob storage dtype codes (MILBlob BlobDataType). */
export const BLOB_DT: Partial<Record<DtName, number>> = {
  fp16: 1, fp32: 2, uint8: 3, int8: 4, bf16: 5, int16: 6, uint16: 7, int4: 8, uint1: 9, uint2: 10, uint4: 11, uint3: 12, uint6: 13, int32: 14, uint32: 15,
};

export function bytesOf(dtype: DtName, dims: readonly number[]): number {
  return Math.ceil((dims.reduce((a, b) => a * b, 1) * BITS[dtype]) / 8);
}

/** ValueType { tensorType 1 { dataType 1, rank 2, dimensions 3 { constant 1 { size 1 } | unknown 2 } } }. */
export function tensorValueType(dtype: DtName, dims: readonly (number | null)[]): Bytes {
  const dimMsgs = dims.map((d) => (d === null ? pb.msg(3, pb.msg(2, pb.bool(1, false))) : pb.msg(3, pb.msg(1, pb.uint64(1, d)))));
  return pb.msg(1, pb.varint(1, DT[dtype]), pb.varint(2, dims.length), ...dimMsgs);
}

export function stateValueType(dtype: DtName, dims: readonly number[]): Bytes {
  return pb.msg(5, pb.msg(1, tensorValueType(dtype, dims)));
}

/** Value { type 2, blobFileValue 5 { fileName 1, offset 2 } }. */
export function blobValue(dtype: DtName, dims: readonly number[], offset: number, file = '@model_path/weights/weight.bin'): Bytes {
  return cat([pb.msg(2, tensorValueType(dtype, dims)), pb.msg(5, pb.string(1, file), pb.uint64(2, offset))]);
}

/** An inline tensor Value: ints (2), floats (1), strings (4) or raw bytes (7). */
export function immediateValue(dtype: DtName, dims: readonly number[], values: { ints?: number[]; floats?: number[]; strings?: string[]; bytes?: Bytes }): Bytes {
  let tv: Bytes;
  if (values.strings) tv = pb.msg(4, ...values.strings.map((s) => pb.string(1, s)));
  else if (values.floats) tv = pb.msg(1, pb.packedFloats(1, values.floats));
  else if (values.bytes) tv = pb.msg(7, pb.bytes(1, values.bytes));
  else tv = pb.msg(2, pb.packedInt64(1, values.ints ?? []));
  return cat([pb.msg(2, tensorValueType(dtype, dims)), pb.msg(3, pb.msg(1, tv))]);
}

export const scalarString = (s: string): Bytes => immediateValue('string', [], { strings: [s] });

export interface OpSpec {
  type: string;
  name?: string;
  /** param -> value names (bound by name) or inline Values. */
  inputs?: Record<string, string | string[] | { value: Bytes }>;
  outputs: { name: string; type: Bytes }[];
  attributes?: Record<string, Bytes>;
  blocks?: Bytes[];
}

export function op(o: OpSpec): Bytes {
  const parts: Bytes[] = [pb.string(1, o.type)];
  for (const [param, v] of Object.entries(o.inputs ?? {})) {
    const bindings = typeof v === 'string' ? [pb.msg(1, pb.string(1, v))] : Array.isArray(v) ? v.map((n) => pb.msg(1, pb.string(1, n))) : [pb.msg(1, pb.msg(2, v.value))];
    parts.push(pb.msg(2, pb.string(1, param), pb.msg(2, ...bindings)));
  }
  for (const out of o.outputs) parts.push(pb.msg(3, pb.string(1, out.name), pb.msg(2, out.type)));
  for (const b of o.blocks ?? []) parts.push(pb.msg(4, b));
  const attrs = { name: scalarString(o.name ?? o.outputs[0]?.name ?? o.type), ...(o.attributes ?? {}) };
  for (const [k, v] of Object.entries(attrs)) parts.push(pb.msg(5, pb.string(1, k), pb.msg(2, v)));
  return cat(parts);
}

/** Block { inputs 1, outputs 2, operations 3 }. */
export function block(ops: Bytes[], outputs: string[] = []): Bytes {
  return cat([...outputs.map((o) => pb.string(2, o)), ...ops.map((o) => pb.msg(3, o))]);
}

/** Function { inputs 1 (NamedValueType), opset 2, block_specializations 3 (map opset -> Block) }. */
export function milFunction(inputs: { name: string; type: Bytes }[], opset: string, body: Bytes): Bytes {
  return cat([...inputs.map((i) => pb.msg(1, pb.string(1, i.name), pb.msg(2, i.type))), pb.string(2, opset), pb.msg(3, pb.string(1, opset), pb.msg(2, body))]);
}

/** Program { version 1, functions 2 (map name -> Function), attributes 4 }. */
export function program(functions: [string, Bytes][], buildInfo?: [string, string][]): Bytes {
  const parts: Bytes[] = [pb.varint(1, 1), ...functions.map(([n, f]) => pb.msg(2, pb.string(1, n), pb.msg(2, f)))];
  if (buildInfo) {
    const dict = pb.msg(3, pb.msg(4, ...buildInfo.map(([k, v]) => pb.msg(1, pb.msg(1, scalarString(k)), pb.msg(2, scalarString(v))))));
    parts.push(pb.msg(4, pb.string(1, 'buildInfo'), pb.msg(2, dict)));
  }
  return cat(parts);
}

// ---------------------------------------------------------------- weight.bin (MIL blob storage)

export interface BlobSpec {
  dtype: DtName;
  /** Data bytes (or only a size: zeros). */
  data?: Bytes;
  size?: number;
  /** Written into padding_size_in_bits (garbage, as coremltools 7 writes, when not sub-byte). */
  padding?: bigint;
}

/** Lays out blobs as MILBlob's StorageWriter does; returns each blob's metadata offset. */
export function blobLayout(blobs: readonly BlobSpec[]): { offsets: number[]; size: number; records: { at: number; dataOffset: number; spec: BlobSpec; size: number }[] } {
  let pos = 64;
  const offsets: number[] = [];
  const records: { at: number; dataOffset: number; spec: BlobSpec; size: number }[] = [];
  let end = 64;
  for (const b of blobs) {
    const size = b.data?.length ?? b.size ?? 0;
    const dataOffset = pos + 64;
    offsets.push(pos);
    records.push({ at: pos, dataOffset, spec: b, size });
    end = dataOffset + size;
    pos = Math.ceil(end / 64) * 64;
  }
  return { offsets, size: end, records };
}

export function metadataRecord(dtype: number, size: number, dataOffset: number, padding = 0n, sentinel = 0xdeadbeef): Buffer {
  const m = Buffer.alloc(64);
  m.writeUInt32LE(sentinel, 0);
  m.writeUInt32LE(dtype, 4);
  m.writeBigUInt64LE(BigInt(size), 8);
  m.writeBigUInt64LE(BigInt(dataOffset), 16);
  m.writeBigUInt64LE(padding, 24);
  return m;
}

export function storageHeader(count: number, version = 2): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32LE(count, 0);
  h.writeUInt32LE(version, 4);
  return h;
}

export function weightBin(blobs: readonly BlobSpec[]): { bytes: Buffer; offsets: number[] } {
  const layout = blobLayout(blobs);
  const out = Buffer.alloc(layout.size);
  storageHeader(blobs.length).copy(out, 0);
  for (const r of layout.records) {
    metadataRecord(BLOB_DT[r.spec.dtype] as number, r.size, r.dataOffset, r.spec.padding ?? 0n).copy(out, r.at);
    if (r.spec.data) Buffer.from(r.spec.data).copy(out, r.dataOffset);
  }
  return { bytes: out, offsets: layout.offsets };
}

// ---------------------------------------------------------------- a program with weights

export const fp16 = (dims: readonly (number | null)[]): Bytes => tensorValueType('fp16', dims);
export const fp32 = (dims: readonly (number | null)[]): Bytes => tensorValueType('fp32', dims);

/**
 * Builds an ML program the way coremltools writes one: const ops for weights in weight.bin, constexpr
 * ops in the iOS 16 form (attributes) or the iOS 18 form (inputs bound to inline values).
 */
export class ProgramBuilder {
  readonly blobs: BlobSpec[] = [];
  private n = 0;

  constructor(readonly opset: string) {}

  /** Reserves a blob; returns its index (the offset is known once all blobs are laid out). */
  private blob(dtype: DtName, dims: number[]): number {
    const size = bytesOf(dtype, dims);
    const elements = dims.reduce((a, b) => a * b, 1);
    // Sub-byte blobs say how many trailing bits are unused; others carry whatever (coremltools 8 writes 0).
    this.blobs.push({ dtype, size, padding: BITS[dtype] < 8 ? BigInt(size * 8 - elements * BITS[dtype]) : 0n });
    return this.blobs.length - 1;
  }

  private offsets(): number[] {
    return blobLayout(this.blobs).offsets;
  }

  fresh(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  /** `const` with its value in weight.bin. */
  blobConst(dtype: DtName, dims: number[], name = this.fresh('w')): string {
    const i = this.blob(dtype, dims);
    this.later((off) => op({ type: 'const', outputs: [{ name, type: tensorValueType(dtype, dims) }], attributes: { val: blobValue(dtype, dims, off[i] as number) } }));
    return name;
  }

  inlineConst(dtype: DtName, dims: number[], values: { ints?: number[]; floats?: number[] }, name = this.fresh('c')): string {
    this.later(() => op({ type: 'const', outputs: [{ name, type: tensorValueType(dtype, dims) }], attributes: { val: immediateValue(dtype, dims, values) } }));
    return name;
  }

  /** A constexpr op: params are [dtype, dims] blobs, or inline values; `form` picks attributes (iOS 16) or inputs (iOS 18). */
  constexpr(type: string, params: Record<string, { blob: [DtName, number[]] } | { inline: Bytes } | { ref: string }>, out: { dtype: DtName; dims: number[] }[], form: 'attributes' | 'inputs', name = this.fresh(type)): string[] {
    const idx = new Map<string, number>();
    for (const [k, p] of Object.entries(params)) if ('blob' in p) idx.set(k, this.blob(p.blob[0], p.blob[1]));
    const outs = out.map((o, i) => ({ name: i === 0 ? name : `${name}_${i}`, type: tensorValueType(o.dtype, o.dims) }));
    this.later((off) => {
      const values: Record<string, Bytes> = {};
      const refs: Record<string, string> = {};
      for (const [k, p] of Object.entries(params)) {
        if ('blob' in p) values[k] = blobValue(p.blob[0], p.blob[1], off[idx.get(k) as number] as number);
        else if ('inline' in p) values[k] = p.inline;
        else refs[k] = p.ref;
      }
      const inputs: Record<string, string | { value: Bytes }> = { ...refs };
      if (form === 'inputs') for (const [k, v] of Object.entries(values)) inputs[k] = { value: v };
      return op({ type, name, inputs, outputs: outs, attributes: form === 'attributes' ? values : {} });
    });
    return outs.map((o) => o.name);
  }

  compute(type: string, inputs: Record<string, string | string[] | { value: Bytes }>, outputs: { name: string; type: Bytes }[], blocks?: Bytes[]): string {
    this.later(() => op({ type, inputs, outputs, ...(blocks ? { blocks } : {}) }));
    return outputs[0]?.name ?? '';
  }

  private queue: ((off: number[]) => Bytes)[] = [];
  private later(f: (off: number[]) => Bytes): void {
    this.queue.push(f);
  }

  /** The ops in order, with blob offsets filled in. */
  build(): Bytes[] {
    const off = this.offsets();
    return this.queue.map((f) => f(off));
  }

  weightBin(): Buffer {
    return weightBin(this.blobs).bytes;
  }
}

// ---------------------------------------------------------------- NeuralNetwork.proto

/** WeightParams: floatValue 1 (packed), float16Value 2, rawValue 30, quantization 40. */
export const weights = {
  fp32: (n: number): Bytes => pb.packedFloats(1, Array.from({ length: n }, (_, i) => i / n)),
  fp16: (n: number): Bytes => pb.bytes(2, new Uint8Array(n * 2)),
  /** n fp32 zeros, packed (fast to make at any size). */
  fp32Zeros: (n: number): Bytes => pb.bytes(1, new Uint8Array(n * 4)),
  lut: (n: number, bits: number): Bytes => cat([pb.bytes(30, new Uint8Array(Math.ceil((n * bits) / 8))), pb.msg(40, pb.uint64(1, bits), pb.msg(102, pb.packedFloats(1, Array.from({ length: 2 ** bits }, (_, i) => i))))]),
  linear: (n: number, bits: number, channels: number): Bytes =>
    cat([pb.bytes(30, new Uint8Array(Math.ceil((n * bits) / 8))), pb.msg(40, pb.uint64(1, bits), pb.msg(101, pb.packedFloats(1, new Array(channels).fill(0.1)), pb.packedFloats(2, new Array(channels).fill(0))))]),
};

/** A layer: name 1, input 2, output 3, the layer kind's field with its params. */
export function layer(name: string, kind: number, params: Bytes, io: { input?: string[]; output?: string[]; updatable?: boolean } = {}): Bytes {
  return cat([pb.string(1, name), ...(io.input ?? []).map((i) => pb.string(2, i)), ...(io.output ?? []).map((o) => pb.string(3, o)), ...(io.updatable ? [pb.bool(10, true)] : []), pb.msg(kind, params)]);
}

export const LAYER = { convolution: 100, innerProduct: 140, activation: 130, batchnorm: 160, uniDirectionalLSTM: 420, custom: 500, branch: 605, loop: 615, getShape: 1065, gather: 930, concatND: 980 } as const;

export function neuralNetwork(layers: Bytes[]): Bytes {
  return cat(layers.map((l) => pb.msg(1, l)));
}

// ---------------------------------------------------------------- packages

export interface PackageSpec {
  model: Bytes;
  weights?: Buffer;
  /** Replaces the manifest written. */
  manifest?: unknown;
  author?: string;
  extraFiles?: Record<string, string | Buffer>;
}

export const MODEL_ID = 'F248F212-C30F-41D3-AF24-77CDEF0580B3';
export const WEIGHTS_ID = 'A5E9B9D0-85ED-49BF-A7C8-6272E038B0A4';

/** Writes NAME.mlpackage as coremltools does: Manifest.json + Data/com.apple.CoreML/{model.mlmodel, weights/weight.bin}. */
export function writePackage(dir: string, name: string, p: PackageSpec): string {
  const root = join(dir, name);
  const author = p.author ?? 'com.apple.CoreML';
  mkdirSync(join(root, 'Data', author), { recursive: true });
  writeFileSync(join(root, 'Data', author, 'model.mlmodel'), p.model);
  const items: Record<string, unknown> = {
    [MODEL_ID]: { author, description: 'CoreML Model Specification', name: 'model.mlmodel', path: `${author}/model.mlmodel` },
  };
  if (p.weights) {
    mkdirSync(join(root, 'Data', author, 'weights'), { recursive: true });
    writeFileSync(join(root, 'Data', author, 'weights', 'weight.bin'), p.weights);
    items[WEIGHTS_ID] = { author, description: 'CoreML Model Weights', name: 'weights', path: `${author}/weights` };
  }
  for (const [rel, content] of Object.entries(p.extraFiles ?? {})) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  const manifest = p.manifest ?? { fileFormatVersion: '1.0.0', itemInfoEntries: items, rootModelIdentifier: MODEL_ID };
  writeFileSync(join(root, 'Manifest.json'), JSON.stringify(manifest, null, 4));
  return root;
}
