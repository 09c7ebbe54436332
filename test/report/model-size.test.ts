import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureModelOnDisk } from '../../src/report/model-size.js';

const where = { file: 'pipeline.json', place: '$.steps[0].model' };

/** An .mlpackage laid out as coremltools saves one: Manifest.json, the model spec and its weights. */
function makePackage(root: string, weightBytes: number, specBytes: number): string {
  const pkg = join(root, 'PoseNet.mlpackage');
  const data = join(pkg, 'Data', 'com.apple.CoreML');
  mkdirSync(join(data, 'weights'), { recursive: true });
  writeFileSync(
    join(pkg, 'Manifest.json'),
    JSON.stringify({
      fileFormatVersion: '1.0.0',
      itemInfoEntries: {
        'A1B2C3D4-0000-4000-8000-000000000001': { author: 'com.apple.CoreML', description: 'CoreML Model Specification', name: 'model.mlmodel', path: 'com.apple.CoreML/model.mlmodel' },
        'A1B2C3D4-0000-4000-8000-000000000002': { author: 'com.apple.CoreML', description: 'CoreML Model Weights', name: 'weights', path: 'com.apple.CoreML/weights' },
      },
      rootModelIdentifier: 'A1B2C3D4-0000-4000-8000-000000000001',
    }),
  );
  writeFileSync(join(data, 'model.mlmodel'), Buffer.alloc(specBytes, 7));
  writeFileSync(join(data, 'weights', 'weight.bin'), Buffer.alloc(weightBytes, 1));
  return pkg;
}

describe('model size on disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'report-size-'));

  it('counts every file of an .mlpackage and tells the weights apart', async () => {
    const pkg = makePackage(root, 40_000, 3_000);
    const m = await measureModelOnDisk(pkg, 'PoseNet.mlpackage', where);
    const manifestBytes = (await import('node:fs')).statSync(join(pkg, 'Manifest.json')).size;
    expect(m).toEqual({ kind: 'mlpackage', bytes: 40_000 + 3_000 + manifestBytes, weightBytes: 40_000, files: 3 });
  });

  it('does not follow symbolic links out of a package', async () => {
    const pkg = makePackage(join(root, 'linked'), 1_000, 100);
    const outside = join(root, 'huge.bin');
    writeFileSync(outside, Buffer.alloc(50_000));
    symlinkSync(outside, join(pkg, 'Data', 'huge.bin'));
    const m = await measureModelOnDisk(pkg, 'PoseNet.mlpackage', where);
    expect(m.bytes).toBeLessThan(2_000);
  });

  it('measures a compiled .mlmodelc folder and an .mlmodel file', async () => {
    const mlmodelc = join(root, 'PoseNet.mlmodelc');
    mkdirSync(join(mlmodelc, 'weights'), { recursive: true });
    writeFileSync(join(mlmodelc, 'model.mil'), 'program(1.0)\n');
    writeFileSync(join(mlmodelc, 'coremldata.bin'), Buffer.alloc(512));
    writeFileSync(join(mlmodelc, 'weights', 'weight.bin'), Buffer.alloc(8_192));
    expect(await measureModelOnDisk(mlmodelc, 'PoseNet.mlmodelc', where)).toEqual({ kind: 'mlmodelc', bytes: 13 + 512 + 8_192, weightBytes: 8_192, files: 3 });
    const mlmodel = join(root, 'Old.mlmodel');
    writeFileSync(mlmodel, Buffer.alloc(2_500));
    expect(await measureModelOnDisk(mlmodel, 'Old.mlmodel', where)).toEqual({ kind: 'mlmodel', bytes: 2_500, weightBytes: null, files: 1 });
  });

  it('says what is wrong with a path, naming the manifest place', async () => {
    await expect(measureModelOnDisk(join(root, 'Nope.mlpackage'), 'Nope.mlpackage', where)).rejects.toThrow('pipeline.json:$.steps[0].model: no such model: Nope.mlpackage');
    const file = join(root, 'Flat.mlpackage');
    writeFileSync(file, 'x');
    await expect(measureModelOnDisk(file, 'Flat.mlpackage', where)).rejects.toThrow('Flat.mlpackage is a file, but an .mlpackage is a directory');
    const d = join(root, 'Dir.mlmodel');
    mkdirSync(d);
    await expect(measureModelOnDisk(d, 'Dir.mlmodel', where)).rejects.toThrow('Dir.mlmodel is a directory, but an .mlmodel is a file');
    const empty = join(root, 'Empty.mlpackage');
    mkdirSync(empty);
    await expect(measureModelOnDisk(empty, 'Empty.mlpackage', where)).rejects.toThrow('Empty.mlpackage is an empty folder');
  });
});
