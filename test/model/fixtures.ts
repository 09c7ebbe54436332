/**
 * Our own models, written with writer.ts, shaped like what coremltools 8/9 writes for the cases the real
 * corpus lacks. Each returns the spec bytes and weight.bin; the tests state what must be read off them.
 */
import { ARRAY, COLOR, DT, ProgramBuilder, TYPE, blobValue, description, feature, featureType, fp16, fp32, immediateValue, milFunction, model, pb, pipeline, program, stateValueType, tensorValueType, type Bytes } from './writer.js';

export interface Fixture {
  model: Bytes;
  weights?: Buffer;
}

const imageIn = feature('image', featureType.image(224, 224, COLOR.RGB));

function programModel(spec: number, b: ProgramBuilder, opts: { inputs?: { name: string; type: Bytes }[]; outputs: string[]; desc?: Bytes; fnName?: string }): Fixture {
  const body = pb.cat([...b.build().map((o) => pb.msg(3, o)), ...opts.outputs.map((o) => pb.string(2, o))]);
  const fn = milFunction(opts.inputs ?? [{ name: 'x', type: fp16([1, 256]) }], b.opset, body);
  return {
    model: model({ spec, description: opts.desc ?? description({ inputs: [feature('x', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 256] }))], outputs: [feature(opts.outputs[0] ?? 'y', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 512] }))] }), type: [TYPE.mlProgram, program([[opts.fnName ?? 'main', fn]], [['coremltools-version', '8.3.0'], ['coremltools-component-torch', '2.5.0']])] }),
    weights: b.weightBin(),
  };
}

/**
 * iOS 18 block-wise int4 (constexpr_blockwise_shift_scale, inputs bound to inline blob values):
 * data int4 [512, 256] (65,536 B), scale fp16 [512, 8] (8,192 B: block 32), offset int4 [512, 8]
 * (2,048 B), then a linear with an fp16 bias [512] (1,024 B).
 */
export function blockwiseInt4(): Fixture {
  const b = new ProgramBuilder('CoreML8');
  const [w] = b.constexpr('constexpr_blockwise_shift_scale', { data: { blob: ['int4', [512, 256]] }, scale: { blob: ['fp16', [512, 8]] }, offset: { blob: ['int4', [512, 8]] } }, [{ dtype: 'fp16', dims: [512, 256] }], 'inputs', 'w_q');
  const bias = b.blobConst('fp16', [512], 'bias');
  b.compute('linear', { x: 'x', weight: w as string, bias }, [{ name: 'y', type: fp16([1, 512]) }]);
  return programModel(9, b, { outputs: ['y'] });
}

/**
 * iOS 18 sub-byte palettization: 4-bit (indices uint4 [256, 128] = 16,384 B, lut fp16 [1, 1, 16, 1]
 * = 32 B) and 2-bit vector palettization (indices uint2 [64, 32] = 512 B, lut fp16 [1, 1, 4, 2] = 16 B,
 * dense [128, 32]), and 3-bit (indices uint3 [10, 10] = 300 bits = 38 B, lut fp16 [1, 1, 8, 1] = 16 B).
 */
export function subByteLut(): Fixture {
  const b = new ProgramBuilder('CoreML8');
  const [a] = b.constexpr('constexpr_lut_to_dense', { indices: { blob: ['uint4', [256, 128]] }, lut: { blob: ['fp16', [1, 1, 16, 1]] } }, [{ dtype: 'fp16', dims: [256, 128] }], 'inputs', 'w4');
  const [v] = b.constexpr('constexpr_lut_to_dense', { indices: { blob: ['uint2', [64, 32]] }, lut: { blob: ['fp16', [1, 1, 4, 2]] }, vector_axis: { inline: immediateValue('int32', [], { ints: [0] }) } }, [{ dtype: 'fp16', dims: [128, 32] }], 'inputs', 'w2v');
  const [t] = b.constexpr('constexpr_lut_to_dense', { indices: { blob: ['uint3', [10, 10]] }, lut: { blob: ['fp16', [1, 1, 8, 1]] } }, [{ dtype: 'fp16', dims: [10, 10] }], 'inputs', 'w3');
  b.compute('matmul', { x: 'x', y: a as string }, [{ name: 'h', type: fp16([1, 128]) }]);
  b.compute('matmul', { x: 'h', y: v as string }, [{ name: 'h2', type: fp16([1, 32]) }]);
  b.compute('add', { x: 'h2', y: t as string }, [{ name: 'y', type: fp16([1, 32]) }]);
  return programModel(9, b, { outputs: ['y'] });
}

/**
 * Sparse weights, both serialisations:
 * - iOS 16 (attributes): constexpr_sparse_to_dense, nonzero_data fp16 [2048] (4,096 B), mask uint8
 *   [512] (one bit per element of [64, 64]), shape uint32 [2] inline (8 B);
 * - iOS 18 joint: constexpr_lut_to_sparse (indices_mask uint1 [64, 64] = 512 B, indices_nonzero_data
 *   uint6 [2048] = 1,536 B, lut fp16 [1, 1, 64, 1] = 128 B) -> constexpr_sparse_to_dense by name.
 */
export function sparse(): Fixture {
  const b = new ProgramBuilder('CoreML8');
  const shape = immediateValue('uint32', [2], { ints: [64, 64] });
  const [s16] = b.constexpr('constexpr_sparse_to_dense', { nonzero_data: { blob: ['fp16', [2048]] }, mask: { blob: ['uint8', [512]] }, shape: { inline: shape } }, [{ dtype: 'fp16', dims: [64, 64] }], 'attributes', 'w_sparse16');
  const [mask, nz] = b.constexpr('constexpr_lut_to_sparse', { indices_mask: { blob: ['uint1', [64, 64]] }, indices_nonzero_data: { blob: ['uint6', [2048]] }, lut: { blob: ['fp16', [1, 1, 64, 1]] } }, [{ dtype: 'uint1', dims: [64, 64] }, { dtype: 'fp16', dims: [2048] }], 'inputs', 'w_lut_sparse');
  const [joint] = b.constexpr('constexpr_sparse_to_dense', { nonzero_data: { ref: nz as string }, mask: { ref: mask as string } }, [{ dtype: 'fp16', dims: [64, 64] }], 'inputs', 'w_joint');
  b.compute('matmul', { x: 'x', y: s16 as string }, [{ name: 'h', type: fp16([1, 64]) }]);
  b.compute('matmul', { x: 'h', y: joint as string }, [{ name: 'y', type: fp16([1, 64]) }]);
  return programModel(9, b, { inputs: [{ name: 'x', type: fp16([1, 64]) }], outputs: ['y'] });
}

/** iOS 16 linear quantization kept in the attribute form inside a CoreML8 program (it has no iOS 18 variant). */
export function affineInt8(): Fixture {
  const b = new ProgramBuilder('CoreML8');
  const [w] = b.constexpr(
    'constexpr_affine_dequantize',
    { quantized_data: { blob: ['int8', [64, 64]] }, zero_point: { blob: ['int8', [64]] }, scale: { blob: ['fp16', [64]] }, axis: { inline: immediateValue('int32', [], { ints: [0] }) } },
    [{ dtype: 'fp16', dims: [64, 64] }],
    'attributes',
    'w_int8',
  );
  b.compute('matmul', { x: 'x', y: w as string }, [{ name: 'y', type: fp16([1, 64]) }]);
  return programModel(9, b, { inputs: [{ name: 'x', type: fp16([1, 64]) }], outputs: ['y'] });
}

/**
 * Multifunction (spec 9): functions `main` and `lora` in one program; both read the same blob (a
 * shared fp16 weight [128, 64], 16,384 B) and `lora` adds its own fp16 [64, 64] (8,192 B).
 * The description lists both functions; the default is `main`.
 */
export function multifunction(): Fixture {
  const shared = new ProgramBuilder('CoreML8');
  const w = shared.blobConst('fp16', [128, 64], 'w_shared');
  shared.compute('matmul', { x: 'x', y: w }, [{ name: 'y', type: fp16([1, 64]) }]);
  const mainOps = shared.build();
  const weights = shared.weightBin();
  const offset = 64;
  const extraOffset = Math.ceil((64 + 64 + 16384) / 64) * 64; // the next blob after the shared one
  const lora = [
    pb.msg(3, opConst('w_shared', 'fp16', [128, 64], offset)),
    pb.msg(3, opConst('w_lora', 'fp16', [64, 64], extraOffset)),
    pb.msg(3, opMatmul('x', 'w_shared', 'h', [1, 64])),
    pb.msg(3, opMatmul('h', 'w_lora', 'y', [1, 64])),
    pb.string(2, 'y'),
  ];
  const second = Buffer.concat([weights, Buffer.alloc(extraOffset - weights.length)]);
  const meta = Buffer.alloc(64);
  meta.writeUInt32LE(0xdeadbeef, 0);
  meta.writeUInt32LE(1, 4);
  meta.writeBigUInt64LE(8192n, 8);
  meta.writeBigUInt64LE(BigInt(extraOffset + 64), 16);
  const full = Buffer.concat([second, meta, Buffer.alloc(8192)]);
  full.writeUInt32LE(2, 0); // two blobs
  const io = (n: string) => feature(n, featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 128] }));
  const out = (n: string) => feature(n, featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 64] }));
  const desc = description({ functions: [{ name: 'main', inputs: [io('x')], outputs: [out('y')] }, { name: 'lora', inputs: [io('x')], outputs: [out('y')] }], defaultFunction: 'main' });
  const fnMain = milFunction([{ name: 'x', type: fp16([1, 128]) }], 'CoreML8', pb.cat([...mainOps.map((o) => pb.msg(3, o)), pb.string(2, 'y')]));
  const fnLora = milFunction([{ name: 'x', type: fp16([1, 128]) }], 'CoreML8', pb.cat(lora));
  return { model: model({ spec: 9, description: desc, type: [TYPE.mlProgram, program([['main', fnMain], ['lora', fnLora]])] }), weights: full };
}

function opConst(name: string, dtype: 'fp16', dims: number[], offset: number): Bytes {
  return pb.cat([
    pb.string(1, 'const'),
    pb.msg(3, pb.string(1, name), pb.msg(2, tensorValueType(dtype, dims))),
    pb.msg(5, pb.string(1, 'name'), pb.msg(2, immediateValue('string', [], { strings: [name] }))),
    pb.msg(5, pb.string(1, 'val'), pb.msg(2, blobValue(dtype, dims, offset))),
  ]);
}

function opMatmul(x: string, y: string, out: string, dims: number[]): Bytes {
  const bind = (param: string, v: string) => pb.msg(2, pb.string(1, param), pb.msg(2, pb.msg(1, pb.string(1, v))));
  return pb.cat([pb.string(1, 'matmul'), bind('x', x), bind('y', y), pb.msg(3, pb.string(1, out), pb.msg(2, fp16(dims)))]);
}

/**
 * A stateful model (spec 9): a key cache state fp16 [1, 100] (100: not a multiple of 32), read with
 * read_state; inputs with enumerated shapes (3 shapes) and a range; an image input with a size range.
 */
export function statefulFlexible(): Fixture {
  const b = new ProgramBuilder('CoreML8');
  b.compute('read_state', { input: 'k_cache' }, [{ name: 'k', type: fp16([1, 100]) }]);
  b.compute('add', { x: 'x', y: 'k' }, [{ name: 'y', type: fp16([1, 100]) }]);
  const desc = description({
    inputs: [
      feature('x', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 100], enumerated: [[1, 100], [2, 100], [4, 100]] })),
      feature('tokens', featureType.multiArray({ dtype: ARRAY.INT32, shape: [1, 1], ranges: [[1, 1], [1, 512]] }), { optional: true }),
      feature('photo', featureType.image(256, 256, COLOR.BGR, { w: [64, 1024], h: [64, -1] })),
    ],
    outputs: [feature('y', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 100] }))],
    states: [feature('k_cache', featureType.state({ dtype: ARRAY.FLOAT16, shape: [1, 100] }))],
    metadata: { author: 'coreml-doctor tests', license: 'MIT', version: '1.0', userDefined: [['com.github.apple.coremltools.version', '8.3.0'], ['com.github.apple.coremltools.source', 'torch==2.5.0']] },
  });
  return programModel(9, b, { inputs: [{ name: 'x', type: fp16([null, 100]) }, { name: 'k_cache', type: stateValueType('fp16', [1, 100]) }], outputs: ['y'], desc });
}

/** The plainest fp32 ML program (spec 6, iOS 15): one fp32 weight [10, 100] (1,000 parameters, 4,000 B) and a matmul. */
export function fp32Dense(): Fixture {
  const b = new ProgramBuilder('CoreML5');
  const w = b.blobConst('fp32', [10, 100], 'w');
  b.compute('matmul', { x: 'x', y: w }, [{ name: 'y', type: fp32([1, 100]) }]);
  return programModel(6, b, { inputs: [{ name: 'x', type: fp32([1, 10]) }], outputs: ['y'] });
}

/** fp32 ML program with an LSTM and a rank-6 reshape: the Neural Engine findings. */
export function fp32Risky(): Fixture {
  const b = new ProgramBuilder('CoreML5');
  const w = b.blobConst('fp32', [64, 64], 'w');
  b.compute('matmul', { x: 'x', y: w }, [{ name: 'h', type: fp32([1, 64]) }]);
  b.compute('lstm', { x: 'h' }, [{ name: 'l', type: fp32([1, 1, 64]) }]);
  b.compute('reshape', { x: 'l' }, [{ name: 'r6', type: fp32([1, 1, 2, 2, 4, 4]) }]);
  b.compute('gather', { x: 'r6' }, [{ name: 'y', type: fp32([1, 64]) }]);
  return programModel(6, b, { inputs: [{ name: 'x', type: fp32([1, 64]) }], outputs: ['y'] });
}

/** A pipeline (spec 5) holding an ML program at spec 7 (opset CoreML6) and an NMS model, like Ultralytics writes. */
export function pipelineWithProgram(): Fixture {
  const inner = programModel(7, (() => {
    const b = new ProgramBuilder('CoreML6');
    const w = b.blobConst('fp16', [16, 3, 3, 3], 'conv_w');
    b.compute('conv', { x: 'image', weight: w }, [{ name: 'y', type: fp16([1, 16, 222, 222]) }]);
    return b;
  })(), { inputs: [{ name: 'image', type: fp32([1, 3, 224, 224]) }], outputs: ['y'], desc: description({ inputs: [imageIn], outputs: [feature('y', featureType.multiArray({ dtype: ARRAY.FLOAT16, shape: [1, 16, 222, 222] }))] }) });
  const nms = model({ spec: 5, description: description({}), type: [TYPE.nms, pb.cat([pb.msg(100, pb.string(1, 'cat'), pb.string(1, 'dog')), pb.double(110, 0.45), pb.double(111, 0.25)])] });
  return { model: model({ spec: 5, description: description({ inputs: [imageIn] }), type: [TYPE.pipeline, pipeline([inner.model, nms])] }), ...(inner.weights ? { weights: inner.weights } : {}) };
}

export { DT };
