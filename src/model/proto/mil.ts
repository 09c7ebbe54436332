/**
 * ML programs (`MILSpec.Program`, MIL.proto): functions, their opset, every op by type (nested blocks of
 * `cond` and `while_loop` included), the float dtypes compute ops output, the highest rank, and the
 * weight graph: every `const` value and every `constexpr_*` op with what it stores (inline or in a blob
 * file) and what it reads, so that weights.ts can count parameters and bits per weight.
 *
 * Constexpr ops keep their parameters in `attributes` (op variants of iOS 16/17) or in `inputs` bound to
 * inline values or to other constexpr ops' outputs (iOS 18 variants); both are read.
 */
import { milDtype, packedBytes } from '../tables/dtypes.js';
import type { Field, Msg } from './wire.js';

/** Distinct op types kept by name; more than this (no real opset has) are counted as "(other)". */
export const MAX_OP_TYPES = 4096;
export const OTHER_OPS = '(other)';
const MAX_DIMS = 1024;
/** Names and types longer than this are refused. */
const MAX_NAME = 64 << 10;

export interface MilTensorType {
  dtype: number;
  /** Dimension sizes; null for an unknown (dynamic) dimension. */
  dims: (number | null)[];
  state: boolean;
}

export interface BlobRef {
  /** The file as the program names it: `@model_path/weights/weight.bin`. */
  file: string;
  /** Offset of the blob's metadata record in that file. */
  offset: bigint;
  /** Byte offset of the reference in the spec file (for messages). */
  at: number;
}

/** A value a weight node stores itself: inline, or in a blob. */
export interface StoredValue {
  param: string;
  type: MilTensorType | null;
  /** Bytes the type declares (elements x width, bit-packed); null when a dimension is unknown. */
  declaredBytes: number | null;
  blob: BlobRef | null;
}

export interface WeightNode {
  opType: string;
  /** The op's name (decoded when read). */
  readonly opName: string;
  fn: string;
  /** The node's output types; the first is the dense weight of a terminal node. */
  outputs: (MilTensorType | null)[];
  stored: StoredValue[];
  /** What this node reads from other weight nodes (constexpr chains): parameter, node, output index. */
  reads: { param: string; node: WeightNode; index: number }[];
  feedsCompute: boolean;
  feedsConstexpr: boolean;
}

export interface DecodedFunction {
  name: string;
  opset: string;
  ops: Map<string, number>;
  opCount: number;
  /** Float dtype name -> outputs of compute ops (not const, constexpr_*, cast, or input preprocessing). */
  precisionOutputs: Map<string, number>;
  maxRank: { rank: number; op: string; opType: string } | null;
  /** Ops whose output rank is above 5: how many, and the first. */
  rankAbove5: { count: number; op: string; opType: string } | null;
  /** The first op of each type (by name), for findings. */
  firstOp: Map<string, string>;
  inputs: { name: string; type: MilTensorType | null }[];
  weights: WeightNode[];
  blockSpecializations: string[];
}

export interface DecodedProgram {
  version: number;
  functions: DecodedFunction[];
  /** String attributes of the program (`buildInfo` entries written by coremltools). */
  buildInfo: Map<string, string>;
}

export function tensorElements(t: MilTensorType | null): number | null {
  if (!t) return null;
  let n = 1;
  for (const d of t.dims) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

export function declaredBytes(t: MilTensorType | null): number | null {
  const n = tensorElements(t);
  const bits = t ? milDtype(t.dtype).bits : null;
  return n === null || bits === null ? null : packedBytes(n, bits);
}

export function decodeProgram(msg: Msg): DecodedProgram {
  const program: DecodedProgram = { version: 0, functions: [], buildInfo: new Map() };
  msg.forEach((f) => {
    if (f.no === 1) program.version = f.int64n('version');
    else if (f.no === 2) {
      const entry = mapEntry(f.message('functions'));
      if (entry.value) program.functions.push(decodeFunction(entry.key, entry.value));
    } else if (f.no === 4) {
      const entry = mapEntry(f.message('attributes'));
      if (entry.key === 'buildInfo' && entry.value) readBuildInfo(entry.value, program.buildInfo);
    }
  });
  return program;
}

/** A map entry: key (field 1, a string) and value (field 2, a message). */
function mapEntry(msg: Msg): { key: string; value: Msg | null } {
  let key = '';
  let value: Msg | null = null;
  msg.forEach((f) => {
    if (f.no === 1) key = f.string('a map key', MAX_NAME);
    else if (f.no === 2) value = f.message(key || 'value');
  });
  return { key, value };
}

interface FunctionState {
  fn: DecodedFunction;
  /** Value name -> the weight node and which of its outputs it is. */
  nodes: Map<string, { node: WeightNode; index: number }>;
  /** Function inputs and the outputs of the scale/bias ops applied to them before the first cast. */
  boundary: Set<string>;
}

/** Elementwise ops that image preprocessing (scale, bias) applies to an fp32 input before the cast to fp16. */
const PREPROCESSING = new Set(['mul', 'add', 'sub', 'real_div']);

function decodeFunction(name: string, msg: Msg): DecodedFunction {
  const fn: DecodedFunction = {
    name,
    opset: '',
    ops: new Map(),
    opCount: 0,
    precisionOutputs: new Map(),
    maxRank: null,
    rankAbove5: null,
    firstOp: new Map(),
    inputs: [],
    weights: [],
    blockSpecializations: [],
  };
  const blocks: { key: string; msg: Msg }[] = [];
  msg.forEach((f) => {
    if (f.no === 1) fn.inputs.push(namedValueType(f.message('inputs')));
    else if (f.no === 2) fn.opset = f.string('opset', MAX_NAME);
    else if (f.no === 3) {
      const entry = mapEntry(f.message('block_specializations'));
      if (entry.value) blocks.push({ key: entry.key, msg: entry.value });
    }
  });
  fn.blockSpecializations = blocks.map((b) => b.key);
  // The block of the function's own opset (there is normally exactly one).
  const block = blocks.find((b) => b.key === fn.opset) ?? blocks[0];
  if (block) walkBlock(block.msg, { fn, nodes: new Map(), boundary: new Set(fn.inputs.map((i) => i.name)) });
  return fn;
}

function walkBlock(msg: Msg, st: FunctionState): void {
  msg.forEach((f) => {
    if (f.no === 3) decodeOperation(f.message('operations'), st);
  });
}

interface Binding {
  param: string;
  names: string[];
  values: { msg: Msg; at: number }[];
}

function decodeOperation(msg: Msg, st: FunctionState): void {
  let type = '';
  const bindings: Binding[] = [];
  const outputMsgs: Msg[] = [];
  const blocks: Msg[] = [];
  const attributes: { key: string; msg: Msg; at: number }[] = [];
  msg.forEach((f) => {
    switch (f.no) {
      case 1:
        type = f.string('an op type', MAX_NAME);
        break;
      case 2:
        bindings.push(decodeInput(f.message('inputs')));
        break;
      case 3:
        outputMsgs.push(f.message('outputs'));
        break;
      case 4:
        blocks.push(f.message('blocks'));
        break;
      case 5: {
        const entry = mapEntry(f.message('attributes'));
        if (entry.value) attributes.push({ key: entry.key, msg: entry.value, at: f.offset });
        break;
      }
    }
  });
  const fn = st.fn;
  const opType = fn.ops.has(type) || fn.ops.size < MAX_OP_TYPES ? type : OTHER_OPS;
  fn.ops.set(opType, (fn.ops.get(opType) ?? 0) + 1);
  fn.opCount++;
  const isConst = type === 'const';
  const isConstexpr = type.startsWith('constexpr_');
  // Only weights need their sizes; a compute op's outputs need their dtype and rank.
  const outputs = outputMsgs.map((m) => namedValueType(m, isConst || isConstexpr));
  // The op's name (its `name` attribute) is decoded only when something will say it.
  const nameAttr = attributes.find((a) => a.key === 'name');
  const ordinal = fn.opCount;
  let name: string | undefined;
  const opName = (): string => (name ??= (nameAttr && scalarString(nameAttr.msg)) || outputs[0]?.name || `${type}#${ordinal}`);
  if (!fn.firstOp.has(opType)) fn.firstOp.set(opType, opName());

  // Preprocessing of a function input (scale and bias on the fp32 image, before the cast to fp16) is
  // not the compute precision: it is left out of the tally, as casts are.
  let boundary = false;
  if (PREPROCESSING.has(type)) {
    const computed = bindings.flatMap((b) => b.names).filter((n) => !st.nodes.has(n));
    boundary = computed.length > 0 && computed.every((n) => st.boundary.has(n));
    if (boundary) for (const o of outputs) st.boundary.add(o.name);
  }
  for (const o of outputs) {
    if (!o.type) continue;
    const rank = o.type.dims.length;
    if (!fn.maxRank || rank > fn.maxRank.rank) fn.maxRank = { rank, op: opName(), opType: type };
    if (rank > 5) fn.rankAbove5 = fn.rankAbove5 ? { ...fn.rankAbove5, count: fn.rankAbove5.count + 1 } : { count: 1, op: opName(), opType: type };
    if (!isConst && !isConstexpr && type !== 'cast' && !boundary) {
      const dt = milDtype(o.type.dtype);
      if (dt.float) fn.precisionOutputs.set(dt.name, (fn.precisionOutputs.get(dt.name) ?? 0) + 1);
    }
  }

  if (isConst || isConstexpr) {
    const node = new LazyNamedNode(type, name ?? nameAttr?.msg ?? null, outputs[0]?.name || `${type}#${ordinal}`, fn.name, outputs.map((o) => o.type));
    for (const a of attributes) {
      if (a.key === 'name') continue;
      if (isConst && a.key !== 'val') continue;
      node.stored.push(storedValue(a.key, a.msg, a.at));
    }
    for (const b of bindings) {
      for (const v of b.values) node.stored.push(storedValue(b.param, v.msg, v.at));
      for (const n of b.names) {
        const src = st.nodes.get(n);
        if (src) {
          src.node.feedsConstexpr = true;
          node.reads.push({ param: b.param, node: src.node, index: src.index });
        }
      }
    }
    fn.weights.push(node);
    outputs.forEach((o, index) => st.nodes.set(o.name, { node, index }));
  } else {
    for (const b of bindings) {
      for (const n of b.names) {
        const src = st.nodes.get(n);
        if (src) src.node.feedsCompute = true;
      }
      // A blob bound straight to a compute op's input is a weight of its own.
      for (const v of b.values) {
        const sv = storedValue(b.param, v.msg, v.at);
        if (sv.blob) fn.weights.push({ opType: type, opName: opName(), fn: fn.name, outputs: [sv.type], stored: [sv], reads: [], feedsCompute: true, feedsConstexpr: false });
      }
    }
  }
  for (const b of blocks) walkBlock(b, st);
}

/**
 * A weight node whose name is decoded when first read (messages name few ops). A class, not a closure:
 * a closure would keep the whole op's decoding scope alive with every weight.
 */
class LazyNamedNode implements WeightNode {
  stored: StoredValue[] = [];
  reads: { param: string; node: WeightNode; index: number }[] = [];
  feedsCompute = false;
  feedsConstexpr = false;
  constructor(
    readonly opType: string,
    private name: string | Msg | null,
    private readonly fallback: string,
    readonly fn: string,
    readonly outputs: (MilTensorType | null)[],
  ) {}
  get opName(): string {
    if (typeof this.name !== 'string') this.name = (this.name && scalarString(this.name)) || this.fallback;
    return this.name;
  }
}

function decodeInput(msg: Msg): Binding {
  const binding: Binding = { param: '', names: [], values: [] };
  msg.forEach((f) => {
    if (f.no === 1) binding.param = f.string('an input name', MAX_NAME);
    else if (f.no === 2) {
      f.message('Argument').forEach((a) => {
        if (a.no !== 1) return;
        a.message('arguments').forEach((b) => {
          if (b.no === 1) binding.names.push(b.string('a value name', MAX_NAME));
          else if (b.no === 2) binding.values.push({ msg: b.message('value'), at: b.offset });
        });
      });
    }
  });
  return binding;
}

function namedValueType(msg: Msg, sizes = true): { name: string; type: MilTensorType | null } {
  let name = '';
  let type: MilTensorType | null = null;
  msg.forEach((f) => {
    if (f.no === 1) name = f.string('a value name', MAX_NAME);
    else if (f.no === 2) type = valueType(f.message('type'), sizes);
  });
  return { name, type };
}

/**
 * ValueType: a tensor (or a state wrapping one); other kinds (list, tuple, dict) have no tensor type.
 * Without `sizes`, dimensions are counted, not read (they read as unknown).
 */
function valueType(msg: Msg, sizes = true): MilTensorType | null {
  let t: MilTensorType | null = null;
  msg.forEach((f) => {
    if (f.no === 1) t = tensorType(f.message('tensorType'), sizes);
    else if (f.no === 5) {
      f.message('stateType').forEach((w) => {
        if (w.no === 1) {
          const inner = valueType(w.message('wrappedType'), sizes);
          if (inner) t = { ...inner, state: true };
        }
      });
    }
  });
  return t;
}

function tensorType(msg: Msg, sizes: boolean): MilTensorType {
  const t: MilTensorType = { dtype: 0, dims: [], state: false };
  let rank = -1;
  msg.forEach((f) => {
    if (f.no === 1) t.dtype = f.int32('dataType');
    else if (f.no === 2) rank = f.int64n('rank');
    else if (f.no === 3) {
      if (t.dims.length >= MAX_DIMS) throw msg.error(f.offset, `a tensor type of more than ${MAX_DIMS} dimensions`, 'a tensor type');
      t.dims.push(sizes ? dimension(f.message('dimensions')) : null);
    }
  });
  // A rank without dimensions: sizes unknown.
  if (t.dims.length === 0 && rank > 0) t.dims = Array.from({ length: Math.min(rank, MAX_DIMS) }, () => null);
  return t;
}

function dimension(msg: Msg): number | null {
  let size: number | null = null;
  msg.forEach((f) => {
    if (f.no === 1) {
      size = 0;
      f.message('constant').forEach((c) => {
        if (c.no === 1) size = c.uint64n('size');
      });
    }
  });
  return size;
}

function storedValue(param: string, msg: Msg, at: number): StoredValue {
  let type: MilTensorType | null = null;
  let blob: BlobRef | null = null;
  msg.forEach((f) => {
    if (f.no === 2) type = valueType(f.message('type'));
    else if (f.no === 5) blob = blobFileValue(f);
  });
  return { param, type, declaredBytes: declaredBytes(type), blob };
}

function blobFileValue(f: Field): BlobRef {
  let file = '';
  let offset = 0n;
  f.message('blobFileValue').forEach((b) => {
    if (b.no === 1) file = b.string('fileName', MAX_NAME);
    else if (b.no === 2) offset = b.uint64('offset');
  });
  return { file, offset, at: f.offset };
}

/** The first string of a Value's immediate tensor (the `name` attribute every op carries). */
function scalarString(value: Msg): string | null {
  let out: string | null = null;
  value.forEach((f) => {
    if (f.no !== 3) return;
    f.message('immediateValue').forEach((iv) => {
      if (iv.no !== 1) return;
      iv.message('tensor').forEach((tv) => {
        if (tv.no !== 4) return;
        tv.message('strings').forEach((s) => {
          if (s.no === 1 && out === null) out = s.string('a name', MAX_NAME);
        });
      });
    });
  });
  return out;
}

function readBuildInfo(value: Msg, into: Map<string, string>): void {
  // Value.immediateValue.dictionary.values[] = { key: Value(string), value: Value(string) }.
  value.forEach((f) => {
    if (f.no !== 3) return;
    f.message('immediateValue').forEach((iv) => {
      if (iv.no !== 4) return;
      iv.message('dictionary').forEach((d) => {
        if (d.no !== 1) return;
        let k: string | null = null;
        let v: string | null = null;
        d.message('values').forEach((kv) => {
          if (kv.no === 1) k = scalarString(kv.message('key'));
          else if (kv.no === 2) v = scalarString(kv.message('value'));
        });
        if (k !== null && into.size < 1000) into.set(k, v ?? '');
      });
    });
  });
}
