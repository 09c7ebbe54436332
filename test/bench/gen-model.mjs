/**
 * Writes a large .mlpackage shaped like what coremltools writes for a big conv net: an ML program
 * (spec 7, opset CoreML6) whose weights are `const` fp16 blobs and 8-bit palettized
 * `constexpr_lut_to_dense` ops (iOS 16 attribute form: uint8 indices and an fp16 LUT in weight.bin,
 * the shape inline), each feeding a conv. weight.bin is laid out as MIL blob storage (64-byte header,
 * 64-byte metadata per blob, data 64-aligned) and written sparse: the metadata records are written, the
 * data are holes, so a 2 GB file costs no disk; a reader still does real positional reads of headers.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

const LEN = WireType.LengthDelimited;
const cat = (parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const f = {
  varint: (no, v) => new BinaryWriter().tag(no, WireType.Varint).uint64(v).finish(),
  string: (no, s) => new BinaryWriter().tag(no, LEN).string(s).finish(),
  msg: (no, ...parts) => new BinaryWriter().tag(no, LEN).bytes(cat(parts)).finish(),
  packed: (no, vs) => {
    const w = new BinaryWriter();
    for (const v of vs) w.int64(v);
    return new BinaryWriter().tag(no, LEN).bytes(w.finish()).finish();
  },
};
const DT = { fp16: 10, fp32: 11, uint8: 31, uint32: 33, string: 2 };
const BLOB_DT = { fp16: 1, uint8: 3 };
const tensor = (dt, dims) => f.msg(1, f.varint(1, DT[dt]), f.varint(2, dims.length), ...dims.map((d) => f.msg(3, f.msg(1, f.varint(1, d)))));
const blobValue = (dt, dims, offset) => cat([f.msg(2, tensor(dt, dims)), f.msg(5, f.string(1, '@model_path/weights/weight.bin'), f.varint(2, offset))]);
const str = (s) => cat([f.msg(2, tensor('string', [])), f.msg(3, f.msg(1, f.msg(4, f.string(1, s))))]);
const attr = (k, v) => f.msg(5, f.string(1, k), f.msg(2, v));
const out = (name, type) => f.msg(3, f.string(1, name), f.msg(2, type));
const bind = (param, name) => f.msg(2, f.string(1, param), f.msg(2, f.msg(1, f.string(1, name))));
const op = (parts) => f.msg(3, cat(parts));

/**
 * @param {string} dir where to write NAME.mlpackage
 * @param {{ fp16Blobs: number, fp16Elements: number, lutWeights: number, lutElements: number, name?: string }} shape
 * @returns {{ path: string, blobs: number, parameters: number, weightBytes: number, fileBytes: number }}
 */
export function generatePackage(dir, shape) {
  const root = join(dir, shape.name ?? 'Big.mlpackage');
  const data = join(root, 'Data', 'com.apple.CoreML');
  mkdirSync(join(data, 'weights'), { recursive: true });
  const binPath = join(data, 'weights', 'weight.bin');
  const fd = openSync(binPath, 'w');
  let pos = 64;
  let count = 0;
  let end = 64;
  let weightBytes = 0;
  const meta = Buffer.alloc(64);
  /** Writes one metadata record; the data stay a hole. Returns the record's offset. */
  const blob = (dt, size) => {
    const at = pos;
    meta.fill(0);
    meta.writeUInt32LE(0xdeadbeef, 0);
    meta.writeUInt32LE(BLOB_DT[dt], 4);
    meta.writeBigUInt64LE(BigInt(size), 8);
    meta.writeBigUInt64LE(BigInt(at + 64), 16);
    writeSync(fd, meta, 0, 64, at);
    end = at + 64 + size;
    pos = Math.ceil(end / 64) * 64;
    count++;
    weightBytes += size;
    return at;
  };
  const ops = [];
  const side = (n) => {
    // [cout, cin, k, k] with k = 3 when it divides, else a flat [n].
    return n % 9 === 0 ? [n / 9 / 16, 16, 3, 3] : [n];
  };
  let x = 'x';
  let parameters = 0;
  for (let i = 0; i < shape.fp16Blobs; i++) {
    const dims = side(shape.fp16Elements);
    const at = blob('fp16', shape.fp16Elements * 2);
    ops.push(op([f.string(1, 'const'), out(`w${i}`, tensor('fp16', dims)), attr('name', str(`w${i}`)), attr('val', blobValue('fp16', dims, at))]));
    ops.push(op([f.string(1, 'conv'), bind('x', x), bind('weight', `w${i}`), out(`c${i}`, tensor('fp16', [1, 16, 56, 56])), attr('name', str(`conv_${i}`))]));
    x = `c${i}`;
    parameters += shape.fp16Elements;
  }
  for (let i = 0; i < shape.lutWeights; i++) {
    const dims = side(shape.lutElements);
    const idx = blob('uint8', shape.lutElements);
    const lut = blob('fp16', 256 * 2);
    const shapeValue = cat([f.msg(2, tensor('uint32', [dims.length])), f.msg(3, f.msg(1, f.msg(2, f.packed(1, dims))))]);
    ops.push(op([f.string(1, 'constexpr_lut_to_dense'), out(`p${i}`, tensor('fp16', dims)), attr('name', str(`p${i}`)), attr('indices', blobValue('uint8', [shape.lutElements], idx)), attr('lut', blobValue('fp16', [256], lut)), attr('shape', shapeValue)]));
    ops.push(op([f.string(1, 'conv'), bind('x', x), bind('weight', `p${i}`), out(`q${i}`, tensor('fp16', [1, 16, 56, 56])), attr('name', str(`pconv_${i}`))]));
    x = `q${i}`;
    parameters += shape.lutElements;
    weightBytes += dims.length * 4; // the inline uint32 shape
  }
  const header = Buffer.alloc(64);
  header.writeUInt32LE(count, 0);
  header.writeUInt32LE(2, 4);
  writeSync(fd, header, 0, 64, 0);
  ftruncateSync(fd, end);
  closeSync(fd);
  const block = cat([...ops, f.string(2, x)]);
  const fn = cat([f.msg(1, f.string(1, 'x'), f.msg(2, tensor('fp16', [1, 16, 56, 56]))), f.string(2, 'CoreML6'), f.msg(3, f.string(1, 'CoreML6'), f.msg(2, block))]);
  const program = cat([f.varint(1, 1), f.msg(2, f.string(1, 'main'), f.msg(2, fn))]);
  const arr = (name) => f.msg(3, f.msg(5, f.packed(1, [1, 16, 56, 56]), f.varint(2, 65552)));
  const description = cat([f.msg(1, f.string(1, 'x'), arr()), f.msg(10, f.string(1, x), arr())]);
  writeFileSync(join(data, 'model.mlmodel'), cat([f.varint(1, 7), f.msg(2, description), f.msg(502, program)]));
  const manifest = {
    fileFormatVersion: '1.0.0',
    itemInfoEntries: {
      'A5E9B9D0-85ED-49BF-A7C8-6272E038B0A4': { author: 'com.apple.CoreML', description: 'CoreML Model Weights', name: 'weights', path: 'com.apple.CoreML/weights' },
      'F248F212-C30F-41D3-AF24-77CDEF0580B3': { author: 'com.apple.CoreML', description: 'CoreML Model Specification', name: 'model.mlmodel', path: 'com.apple.CoreML/model.mlmodel' },
    },
    rootModelIdentifier: 'F248F212-C30F-41D3-AF24-77CDEF0580B3',
  };
  writeFileSync(join(root, 'Manifest.json'), JSON.stringify(manifest, null, 4));
  return { path: root, blobs: count, parameters, weightBytes, fileBytes: end };
}
