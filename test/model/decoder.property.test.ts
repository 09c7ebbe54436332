/**
 * The model decoder under random and mutated bytes: it returns a model or throws our InputError with a
 * byte offset inside the file, never anything else (no crash, no hang, no stack overflow, no allocation
 * sized by a length the file claims). A property that only checked "it threw" would pass on a decoder
 * that always throws, so valid models generated at random must also decode to exactly what was written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { decodeModel } from '../../src/model/proto/model.js';
import { MAX_OP_TYPES, OTHER_OPS } from '../../src/model/proto/mil.js';
import { MemorySource, Msg } from '../../src/model/proto/wire.js';
import { readModel } from '../../src/model/read.js';
import { blockwiseInt4, pipelineWithProgram, sparse, statefulFlexible } from './fixtures.js';
import { LAYER, TYPE, block, description, fp16, layer, milFunction, model, neuralNetwork, op, pb, pipeline, program, writePackage, type Bytes } from './writer.js';

const RUNS = { numRuns: 300, seed: 20261202 };
const NAME = 'm.mlmodel';

function decode(bytes: Uint8Array): ReturnType<typeof decodeModel> {
  return decodeModel(Msg.root(new MemorySource(NAME, bytes), 'Model'));
}

/** The error is ours, names the file, and points at a byte inside it. */
function expectPlaced(e: unknown, file: string, size: number): void {
  expect(e, String(e)).toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.file).toBe(file);
  const m = /^byte (\d+)$/.exec(String(ie.place));
  expect(m, `place ${String(ie.place)}`).not.toBeNull();
  expect(Number(m?.[1])).toBeLessThanOrEqual(size);
  expect(ie.message.split('\n')).toHaveLength(1);
}

const SEEDS: Bytes[] = [pipelineWithProgram().model, sparse().model, statefulFlexible().model, blockwiseInt4().model];

/** A mutation of a real-shaped model: flipped bytes, a cut, an insertion, a varint made huge. */
const mutated = fc
  .record({
    seed: fc.nat({ max: SEEDS.length - 1 }),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    insert: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 12 })), { nil: undefined }),
  })
  .map(({ seed, flips, cut, insert }) => {
    let b = Buffer.from(SEEDS[seed] as Bytes);
    for (const [at, v] of flips) b[at % b.length] = v;
    if (insert) b = Buffer.concat([b.subarray(0, insert[0] % b.length), Buffer.from(insert[1]), b.subarray(insert[0] % b.length)]);
    if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
    return new Uint8Array(b);
  });

describe('decoder: random and mutated bytes', () => {
  it('random bytes decode or fail with a byte offset', () => {
    let failed = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        try {
          decode(bytes);
        } catch (e) {
          failed++;
          expectPlaced(e, NAME, bytes.length);
        }
      }),
      RUNS,
    );
    expect(failed).toBeGreaterThan(0);
  });

  it('mutated models decode or fail with a byte offset; most still decode', () => {
    let ok = 0;
    fc.assert(
      fc.property(mutated, (bytes) => {
        try {
          decode(bytes);
          ok++;
        } catch (e) {
          expectPlaced(e, NAME, bytes.length);
        }
      }),
      RUNS,
    );
    expect(ok).toBeGreaterThan(0);
  });

  it('mutated packages, spec and weight.bin headers, read fully (summary and findings) or fail cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-prop-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const base = blockwiseInt4();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutated, fc.array(fc.tuple(fc.nat({ max: 400 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), async (spec, headerFlips) => {
        const w = Buffer.from(base.weights as Buffer);
        // Header bytes: the file header and the first metadata records.
        for (const [at, v] of headerFlips) w[at % 192] = v;
        const root = writePackage(dir, `p${n++}.mlpackage`, { model: spec, weights: w });
        try {
          const m = await readModel(root, { displayName: 'p.mlpackage' });
          expect(m.schemaVersion).toBe(1);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(InputError);
          const ie = e as InputError;
          expect(ie.file.startsWith('p.mlpackage')).toBe(true);
          expect(ie.message.split('\n')).toHaveLength(1);
        }
      }),
      { numRuns: 120, seed: 20261202 },
    );
  });
});

describe('decoder: what it must refuse without allocating or recursing', () => {
  it('nesting deeper than 100 messages is an InputError, not a stack overflow', () => {
    let inner: Bytes = model({ spec: 1, type: [TYPE.neuralNetwork, new Uint8Array()] });
    for (let i = 0; i < 5_000; i++) inner = model({ spec: 1, type: [TYPE.pipeline, pipeline([inner])] });
    try {
      decode(inner);
      expect.unreachable('decoded 5,000 nested pipelines');
    } catch (e) {
      expectPlaced(e, NAME, inner.length);
      expect((e as InputError).problem).toMatch(/nested more than 100 deep at Model\.pipeline\.models\.pipeline\.models\.…\(\d+ more\)…\./);
      expect((e as InputError).message.length).toBeLessThan(300);
    }
  });

  it('a length claiming 2 GB in a 20-byte file is refused at once', () => {
    const w = pb.cat([pb.varint(1, 5), new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x07]), new Uint8Array(10)]);
    try {
      decode(w);
      expect.unreachable();
    } catch (e) {
      expectPlaced(e, NAME, w.length);
      expect((e as InputError).problem).toMatch(/field 2 of Model claims 2147483647 bytes, but only 10 are left/);
    }
  });

  it('op types beyond 4,096 distinct ones are counted as "(other)": the op table stays bounded', () => {
    const ops = Array.from({ length: 6_000 }, (_, i) => op({ type: `op_${i}`, outputs: [{ name: `v${i}`, type: fp16([1]) }] }));
    const spec = model({ spec: 6, description: description({}), type: [TYPE.mlProgram, program([['main', milFunction([], 'CoreML5', block(ops))]])] });
    const m = decode(spec);
    const fn = m.program?.functions[0];
    expect(fn?.ops.size).toBe(MAX_OP_TYPES + 1);
    expect(fn?.ops.get(OTHER_OPS)).toBe(6_000 - MAX_OP_TYPES);
    expect(fn?.opCount).toBe(6_000);
  });
});

describe('decoder: random valid models decode to what was written', () => {
  const OP_TYPES = ['conv', 'add', 'mul', 'relu', 'const', 'matmul', 'softmax', 'reshape', 'silu', 'cast'];
  interface Tree {
    ops: string[];
    children: Tree[];
  }
  /** Blocks nested up to `depth` deep (cond inside while_loop inside cond ...), as control flow nests. */
  const treeOf = (depth: number): fc.Arbitrary<Tree> =>
    fc.record({ ops: fc.array(fc.constantFrom(...OP_TYPES), { maxLength: 12 }), children: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 2 }) });
  const tree = treeOf(4);

  function write(t: Tree, counts: Map<string, number>, id: { n: number }): Bytes[] {
    const out: Bytes[] = [];
    for (const type of t.ops) {
      counts.set(type, (counts.get(type) ?? 0) + 1);
      out.push(op({ type, outputs: [{ name: `v${id.n++}`, type: fp16([1, 4]) }] }));
    }
    if (t.children.length) {
      counts.set('cond', (counts.get('cond') ?? 0) + 1);
      const blocks = t.children.map((c) => block(write(c, counts, id)));
      out.push(op({ type: 'cond', outputs: [{ name: `v${id.n++}`, type: fp16([1, 4]) }], blocks }));
    }
    return out;
  }

  it('ML programs: every op of every nested block, by type', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom('CoreML5', 'CoreML6', 'CoreML7', 'CoreML8'), (t, opset) => {
        const counts = new Map<string, number>();
        const ops = write(t, counts, { n: 0 });
        const spec = model({ spec: 6, description: description({}), type: [TYPE.mlProgram, program([['main', milFunction([], opset, block(ops))]])] });
        const fn = decode(spec).program?.functions[0];
        expect(fn?.opset).toBe(opset);
        expect(Object.fromEntries(fn?.ops ?? [])).toEqual(Object.fromEntries(counts));
        expect(fn?.opCount).toBe([...counts.values()].reduce((a, b) => a + b, 0));
      }),
      RUNS,
    );
  });

  it('neural networks: layers by type, nested networks included', () => {
    const KINDS: [string, number][] = [['convolution', LAYER.convolution], ['innerProduct', LAYER.innerProduct], ['activation', LAYER.activation], ['gather', LAYER.gather], ['concatND', LAYER.concatND]];
    fc.assert(
      fc.property(fc.array(fc.nat({ max: KINDS.length - 1 }), { maxLength: 30 }), fc.array(fc.nat({ max: KINDS.length - 1 }), { maxLength: 10 }), (top, nested) => {
        const counts = new Map<string, number>();
        const mk = (i: number) => {
          const [name, no] = KINDS[i] as [string, number];
          counts.set(name, (counts.get(name) ?? 0) + 1);
          return layer(`l${counts.size}`, no, new Uint8Array());
        };
        const layers = top.map(mk);
        const inner = nested.map(mk);
        counts.set('branch', 1);
        const spec = model({ spec: 4, type: [TYPE.neuralNetwork, neuralNetwork([...layers, layer('b', LAYER.branch, pb.msg(1, neuralNetwork(inner)))])] });
        const net = decode(spec).network;
        expect(Object.fromEntries(net?.layers ?? [])).toEqual(Object.fromEntries(counts));
      }),
      RUNS,
    );
  });

  it('a spec written to disk larger than the in-memory limit reads the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coreml-doctor-prop-big-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // 10,000 small layers behind a 9 MB weight: the network message is walked from disk.
    const layers = [layer('big', LAYER.innerProduct, pb.msg(20, pb.bytes(1, new Uint8Array(9 << 20)))), ...Array.from({ length: 10_000 }, (_, i) => layer(`a${i}`, LAYER.activation, new Uint8Array()))];
    const spec = model({ spec: 4, type: [TYPE.neuralNetwork, neuralNetwork(layers)] });
    const path = join(dir, 'big.mlmodel');
    writeFileSync(path, spec);
    const m = await readModel(path);
    expect(Object.fromEntries(m.layers)).toEqual({ innerProduct: 1, activation: 10_000 });
    expect(m.weights.parameters).toBe((9 << 20) / 4);
  });
});
