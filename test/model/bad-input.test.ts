/**
 * Bad input for `coreml-doctor model` (issue 11): each exits 2 with one line naming the file, the byte
 * offset or item, and what was expected; a package whose weights are missing is read (exit 0) and says
 * so loudly. The inputs are shaped like the broken files users have (corpus 18-21, the rejected LFS
 * pointers), built here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { docErrorLines } from '../helpers/doc-errors.js';
import { blockwiseInt4, pipelineWithProgram } from './fixtures.js';
import { asFile, asPackage, tempDir } from './helpers.js';
import { MODEL_ID, ProgramBuilder, TYPE, blobValue, description, fp16, milFunction, model, op, pb, program, writePackage } from './writer.js';

const dir = tempDir();
/** docs/model.md's examples of bad input: each is checked below against the line the tool prints. */
const DOC_LINES = docErrorLines('docs/model.md', '## Bad input');

async function refused(args: string[], stdin?: Buffer): Promise<string> {
  const r = await runCli(['model', ...args], { cwd: dir, ...(stdin ? { stdin } : {}) });
  expect(r.code, r.stderr + r.stdout).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^coreml-doctor: /);
  expect(lines[0]).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return lines[0] as string;
}

const alias = Buffer.concat([Buffer.from('book\0\0\0\0mark\0\0\0\x008\0\0\x008\0\0\0', 'latin1'), Buffer.alloc(900, 7)]);
const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

describe('not a model', () => {
  it('a macOS alias named .mlmodel', async () => {
    asFile(dir, alias, 'ObjectDetector.mlmodel');
    const line = await refused(['ObjectDetector.mlmodel']);
    expect(line).toMatch(/^coreml-doctor: ObjectDetector\.mlmodel: a macOS alias .*; expected the \.mlmodel or \.mlpackage itself/);
    expect(DOC_LINES).toContain(line);
  });

  it('an HTML page saved under a model name', async () => {
    asFile(dir, '<!DOCTYPE html>\n<html><head><title>GitHub</title></head><body>...</body></html>\n', 'page.mlmodel');
    expect(await refused(['page.mlmodel'])).toMatch(/page\.mlmodel: an HTML page, not a model.*; expected the raw model file/);
  });

  it('a Git LFS pointer in place of the model', async () => {
    asFile(dir, lfs, 'lfs.mlmodel');
    expect(await refused(['lfs.mlmodel'])).toMatch(/lfs\.mlmodel: a Git LFS pointer.*; expected the real file \(run `git lfs pull`/);
  });

  it('a compiled .mlmodelc folder says what to pass instead', async () => {
    mkdirSync(join(dir, 'Pose.mlmodelc', 'weights'), { recursive: true });
    writeFileSync(join(dir, 'Pose.mlmodelc', 'coremldata.bin'), Buffer.alloc(64));
    writeFileSync(join(dir, 'Pose.mlmodelc', 'model.mil'), 'program(1.0)\n');
    expect(await refused(['Pose.mlmodelc'])).toMatch(/Pose\.mlmodelc: a compiled model \(\.mlmodelc\).*; expected the \.mlpackage or \.mlmodel it was compiled from/);
  });

  it("a package's Manifest.json, a JSON document, a zip, an empty file, a folder, a missing path", async () => {
    const pkg = asPackage(dir, pipelineWithProgram(), 'P.mlpackage');
    expect(await refused([join(pkg, 'Manifest.json')])).toMatch(/Manifest\.json: an \.mlpackage's Manifest\.json, not the model; expected the \.mlpackage folder that holds it/);
    asFile(dir, '{"name": "x"}', 'doc.mlmodel');
    expect(await refused(['doc.mlmodel'])).toMatch(/doc\.mlmodel: a JSON document, not a model/);
    asFile(dir, Buffer.from('PK\x03\x04\x14\x00\x00\x00', 'latin1'), 'model.zip');
    expect(await refused(['model.zip'])).toMatch(/model\.zip: a zip archive, not a model; expected the \.mlpackage folder or \.mlmodel file inside it/);
    asFile(dir, '', 'empty.mlmodel');
    expect(await refused(['empty.mlmodel'])).toMatch(/empty\.mlmodel: the file is empty/);
    mkdirSync(join(dir, 'Loose.mlpackage'), { recursive: true });
    expect(await refused(['Loose.mlpackage'])).toMatch(/Loose\.mlpackage: a folder without Manifest\.json, so not an \.mlpackage/);
    expect(await refused(['nope.mlpackage'])).toMatch(/nope\.mlpackage: no such file or folder; expected/);
  });

  it('a protobuf that is not a model (spec 0, no model type), and garbage bytes', async () => {
    asFile(dir, Buffer.from([0x08, 0x00, 0x50, 0x01]), 'zero.mlmodel');
    expect(await refused(['zero.mlmodel'])).toMatch(/zero\.mlmodel: a protobuf that is not a Core ML model \(specification version 0, no model type\); expected a Core ML model/);
    asFile(dir, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]), 'bin.mlmodel');
    expect(await refused(['bin.mlmodel'])).toMatch(/bin\.mlmodel: binary data that is not a Core ML model \(it starts with ff fe 00 01/);
  });

  it('gzip holding something else; an empty stdin', async () => {
    asFile(dir, gzipSync(Buffer.from(lfs)), 'lfs.mlmodel.gz');
    expect(await refused(['lfs.mlmodel.gz'])).toMatch(/lfs\.mlmodel\.gz: gzip holding a Git LFS pointer/);
    expect(await refused(['-'], Buffer.alloc(0))).toMatch(/<stdin>: no input on stdin/);
  });
});

describe('broken packages and models', () => {
  it('a manifest whose root item does not exist names the item', async () => {
    const root = writePackage(dir, 'NoRoot.mlpackage', {
      model: blockwiseInt4().model,
      manifest: { fileFormatVersion: '1.0.0', itemInfoEntries: { [MODEL_ID]: { author: 'com.apple.CoreML', description: 'CoreML Model Specification', name: 'model.mlmodel', path: 'com.apple.CoreML/gone.mlmodel' } }, rootModelIdentifier: MODEL_ID },
    });
    expect(root).toMatch(/NoRoot/);
    const noRoot = await refused(['NoRoot.mlpackage']);
    expect(DOC_LINES).toContain(noRoot);
    expect(noRoot).toBe(
      `coreml-doctor: NoRoot.mlpackage/Manifest.json:itemInfoEntries.${MODEL_ID}.path: the root model item "Data/com.apple.CoreML/gone.mlmodel" does not exist; expected the model spec file the manifest names (an incomplete copy of the package?)`,
    );
  });

  it('a manifest whose rootModelIdentifier names no item, an item missing a key, a path out of Data/, bad JSON', async () => {
    const item = { author: 'com.apple.CoreML', description: 'CoreML Model Specification', name: 'model.mlmodel', path: 'com.apple.CoreML/model.mlmodel' };
    writePackage(dir, 'BadRoot.mlpackage', { model: blockwiseInt4().model, manifest: { fileFormatVersion: '1.0.0', itemInfoEntries: { A: item }, rootModelIdentifier: 'B' } });
    expect(await refused(['BadRoot.mlpackage'])).toMatch(/BadRoot\.mlpackage\/Manifest\.json:rootModelIdentifier: "B" names no item of itemInfoEntries/);
    writePackage(dir, 'NoKey.mlpackage', { model: blockwiseInt4().model, manifest: { fileFormatVersion: '1.0.0', itemInfoEntries: { A: { ...item, author: undefined } }, rootModelIdentifier: 'A' } });
    expect(await refused(['NoKey.mlpackage'])).toMatch(/NoKey\.mlpackage\/Manifest\.json:itemInfoEntries\.A\.author: missing or not a string/);
    writePackage(dir, 'Escape.mlpackage', { model: blockwiseInt4().model, manifest: { fileFormatVersion: '1.0.0', itemInfoEntries: { A: { ...item, path: '../../etc/passwd' } }, rootModelIdentifier: 'A' } });
    expect(await refused(['Escape.mlpackage'])).toMatch(/Escape\.mlpackage\/Manifest\.json:itemInfoEntries\.A\.path: "\.\.\/\.\.\/etc\/passwd" leaves the package's Data folder/);
    const bad = writePackage(dir, 'BadJson.mlpackage', { model: blockwiseInt4().model });
    writeFileSync(join(bad, 'Manifest.json'), '{"fileFormatVersion": "1.0.0", "itemInfoEntries": {');
    expect(await refused(['BadJson.mlpackage'])).toMatch(/BadJson\.mlpackage\/Manifest\.json(:byte \d+)?: not valid JSON/);
  });

  it('a truncated protobuf names the byte offset and what the field claimed', async () => {
    const full = pipelineWithProgram().model;
    const cut = full.subarray(0, Math.floor(full.length * 0.6));
    asFile(dir, cut, 'cut.mlmodel');
    const line = await refused(['cut.mlmodel']);
    expect(line).toMatch(/^coreml-doctor: cut\.mlmodel:byte \d+: field \d+ of Model(\.[\w[\]]+)* claims \d+ bytes, but only \d+ are left in the message \(truncated or not a model\); expected a Core ML model/);
    const offset = Number(/byte (\d+)/.exec(line)?.[1]);
    expect(offset).toBeLessThan(cut.length);
    expect(DOC_LINES).toContain(line);
  });

  it('an out-of-bounds blob offset names weight.bin, the offset and the op', async () => {
    const b = new ProgramBuilder('CoreML5');
    b.blobConst('fp16', [8, 8], 'conv_w'); // weight.bin: one 128-byte blob at 64, the file 256 bytes
    // The program's own const points at 1,000,000 instead.
    const far = op({ type: 'const', outputs: [{ name: 'conv_w', type: fp16([8, 8]) }], attributes: { val: blobValue('fp16', [8, 8], 1_000_000) } });
    const add = op({ type: 'add', inputs: { x: 'x', y: 'conv_w' }, outputs: [{ name: 'y', type: fp16([8, 8]) }] });
    const fn = milFunction([{ name: 'x', type: fp16([8, 8]) }], 'CoreML5', pb.cat([pb.msg(3, far), pb.msg(3, add), pb.string(2, 'y')]));
    const spec = model({ spec: 6, description: description({}), type: [TYPE.mlProgram, program([['main', fn]])] });
    writePackage(dir, 'Far.mlpackage', { model: spec, weights: b.weightBin() });
    const refusal = await refused(['Far.mlpackage']);
    expect(DOC_LINES).toContain(refusal);
    expect(refusal).toBe(
      'coreml-doctor: Far.mlpackage/Data/com.apple.CoreML/weights/weight.bin:byte 1000000: const "conv_w" (function main, val) references a blob at byte 1000000, past the end of the file (256 bytes); expected a blob offset inside weight.bin',
    );
  });

  it('a weight.bin cut short: the blob whose data lies past the end', async () => {
    const f = blockwiseInt4();
    const small = Buffer.from((f.weights as Buffer).subarray(0, 8_320));
    writePackage(dir, 'Short.mlpackage', { model: f.model, weights: small });
    expect(await refused(['Short.mlpackage'])).toBe(
      "coreml-doctor: Short.mlpackage/Data/com.apple.CoreML/weights/weight.bin:byte 80: the blob's data (65536 bytes at byte 128) lies outside the file (8320 bytes) or before its own metadata; expected data after its metadata record and inside the file",
    );
  });

  it('a blob without its sentinel, a dtype the program does not declare, storage version 1, a short header count', async () => {
    const f = blockwiseInt4();
    const w = Buffer.from(f.weights as Buffer);
    w.writeUInt32LE(0x12345678, 64);
    writePackage(dir, 'Sentinel.mlpackage', { model: f.model, weights: w });
    expect(await refused(['Sentinel.mlpackage'])).toBe('coreml-doctor: Sentinel.mlpackage/Data/com.apple.CoreML/weights/weight.bin:byte 64: no blob metadata here (sentinel 0x12345678); expected the sentinel 0xdeadbeef of MIL blob storage (a weight.bin written by coremltools or Xcode)');

    const d = Buffer.from(f.weights as Buffer);
    d.writeUInt32LE(2, 64 + 4); // int4 data said to be fp32
    writePackage(dir, 'Dtype.mlpackage', { model: f.model, weights: d });
    expect(await refused(['Dtype.mlpackage'])).toMatch(/weight\.bin:byte 68: the blob is fp32, but constexpr_blockwise_shift_scale "w_q" \(function main, data\) declares int4; expected a int4 blob, as the program declares/);

    const v = Buffer.from(f.weights as Buffer);
    v.writeUInt32LE(1, 4);
    writePackage(dir, 'V1.mlpackage', { model: f.model, weights: v });
    expect(await refused(['V1.mlpackage'])).toMatch(/weight\.bin:byte 4: blob storage version 1 \(the older Espresso format\); expected version 2/);

    const c = Buffer.from(f.weights as Buffer);
    c.writeUInt32LE(40, 0);
    writePackage(dir, 'Count.mlpackage', { model: f.model, weights: c });
    expect(await refused(['Count.mlpackage'])).toMatch(/weight\.bin:byte \d+: the header says 40 blobs, but the file ends after 4/);
  });

  it('a blob whose size is not what the program declares', async () => {
    const f = blockwiseInt4();
    const w = Buffer.from(f.weights as Buffer);
    // The last blob (the bias): metadata at 76,032 (after 65,536 + 8,192 + 2,048 bytes of data, each 64-aligned).
    expect(w.readUInt32LE(76_032)).toBe(0xdeadbeef);
    w.writeBigUInt64LE(1_000n, 76_032 + 8);
    writePackage(dir, 'Size.mlpackage', { model: f.model, weights: w });
    expect(await refused(['Size.mlpackage'])).toBe(
      'coreml-doctor: Size.mlpackage/Data/com.apple.CoreML/weights/weight.bin:byte 76040: the blob holds 1000 bytes, but const "bias" (function main, val) declares fp16 [512], 1024 bytes; expected a blob of the size the program declares',
    );
  });
});

describe('weights missing: the structure is shown, and the missing weights said loudly', () => {
  it('a package without its weights folder (a clone without LFS)', async () => {
    const f = pipelineWithProgram();
    const root = asPackage(dir, { model: f.model }, 'NoWeights.mlpackage');
    const manifest = JSON.parse(readFileSync(join(root, 'Manifest.json'), 'utf8')) as { itemInfoEntries: Record<string, unknown> };
    manifest.itemInfoEntries.W = { author: 'com.apple.CoreML', description: 'CoreML Model Weights', name: 'weights', path: 'com.apple.CoreML/weights' };
    writeFileSync(join(root, 'Manifest.json'), JSON.stringify(manifest));
    const text = await runCli(['model', 'NoWeights.mlpackage'], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Weights: MISSING\n  the package has no Data\/com\.apple\.CoreML\/weights folder \(a clone without Git\s+LFS, or a partial copy\?\)/);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('the program declares 432 parameters, 864 B at 16.0 bits per weight (not checked: no weight file)');
    expect(text.stdout).toMatch(/error +weights\.missing/);
    expect(text.stdout).toMatch(/Ops in main \(sub-model 1, CoreML6, fp16 compute\): 2/);
    const json = JSON.parse((await runCli(['model', 'NoWeights.mlpackage', '--json'], { cwd: dir })).stdout);
    expect(json.weights).toMatchObject({ missing: true, bytes: null, bitsPerWeight: null, parameters: 432, declared: { bytes: 864, bitsPerWeight: 16 } });
    expect(json.weights.blobs.files[0]).toMatchObject({ reference: '@model_path/weights/weight.bin', present: false, referenced: 1 });
    expect(json.findings[0]).toMatchObject({ id: 'weights.missing', level: 'error' });
  });

  it('a bare model.mlmodel copied out of its package, and one read from stdin', async () => {
    const f = pipelineWithProgram();
    mkdirSync(join(dir, 'bare'), { recursive: true });
    asFile(dir, f.model, 'bare/model.mlmodel');
    const r = await runCli(['model', 'bare/model.mlmodel', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('mlmodel');
    expect(j.weights.missingReason).toMatch(/^@model_path\/weights\/weight\.bin is not beside this \.mlmodel: an ML program's model\.mlmodel copied out of its \.mlpackage\? Pass the \.mlpackage$/);
    const s = JSON.parse((await runCli(['model', '-', '--json'], { cwd: dir, stdin: Buffer.from(f.model) })).stdout);
    expect(s.source).toBe('<stdin>');
    expect(s.weights.missing).toBe(true);
    expect(s.weights.missingReason).toMatch(/came on stdin/);
  });

  it('a weight.bin that is a Git LFS pointer', async () => {
    const f = pipelineWithProgram();
    writePackage(dir, 'Lfs.mlpackage', { model: f.model, weights: Buffer.from(lfs) });
    const j = JSON.parse((await runCli(['model', 'Lfs.mlpackage', '--json'], { cwd: dir })).stdout);
    expect(j.weights.missing).toBe(true);
    expect(j.weights.missingReason).toBe('Lfs.mlpackage/Data/com.apple.CoreML/weights/weight.bin is a Git LFS pointer, not the weights (run `git lfs pull`)');
  });
});
