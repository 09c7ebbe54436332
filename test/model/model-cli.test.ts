/**
 * `coreml-doctor model` as users run it: text in 80 columns, --json with the names issue 11 fixes,
 * Markdown escaped, stdin and gzip, --target, --out, colour only on a terminal, hostile names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { blockwiseInt4, pipelineWithProgram, statefulFlexible } from './fixtures.js';
import { asFile, asPackage, tempDir } from './helpers.js';
import { ProgramBuilder, TYPE, description, feature, featureType, fp16, milFunction, model, pb, program, writePackage, ARRAY } from './writer.js';

const dir = tempDir();
const yoloLike = asPackage(dir, pipelineWithProgram(), 'Detector.mlpackage');

describe('text', () => {
  it('says what the model is, needs and holds, in 80 columns', async () => {
    const r = await runCli(['model', 'Detector.mlpackage'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Detector.mlpackage  pipeline · spec 5, effectively 7');
    expect(r.stdout).toContain('Runs on: iOS 16.0, macOS 13.0, watchOS 9.0, tvOS 16.0 and newer');
    expect(r.stdout).toMatch(/Sub-models\n  1 +mlProgram, spec 7 \(iOS 16\.0\)\n +main: 2 ops, CoreML6, fp16\n  2 +nonMaximumSuppression, spec 5/);
    expect(r.stdout).toMatch(/Weights: 432 parameters · 864 B · 16\.0 bits per weight/);
    expect(r.stdout).toMatch(/weights\/weight\.bin: 992 B, 1 blob, 1 referenced, all checked/);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colour on a terminal, none with NO_COLOR or --no-color; the terminal width is used', async () => {
    expect((await runCli(['model', 'Detector.mlpackage'], { cwd: dir, isTTY: true })).stdout).toMatch(/\u001b\[1m/);
    expect((await runCli(['model', 'Detector.mlpackage'], { cwd: dir, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['model', 'Detector.mlpackage', '--no-color'], { cwd: dir, isTTY: true })).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('--json', () => {
  it('has the fields issue 11 names, with op counts, layers and dtypes as objects', async () => {
    const r = await runCli(['model', 'Detector.mlpackage', '--json'], { cwd: dir });
    const j = JSON.parse(r.stdout);
    for (const k of ['schemaVersion', 'source', 'kind', 'specificationVersion', 'effectiveSpecificationVersion', 'minimumOS', 'effectiveMinimumOS', 'modelType', 'metadata', 'inputs', 'outputs', 'states', 'functions', 'layers', 'subModels', 'weights', 'findings']) expect(j, k).toHaveProperty(k);
    expect(j).toMatchObject({ schemaVersion: 1, source: 'Detector.mlpackage', kind: 'mlpackage', specificationVersion: 5, effectiveSpecificationVersion: 7, modelType: 'pipeline' });
    expect(j.minimumOS).toEqual({ iOS: '14.0', macOS: '11.0', watchOS: '7.0', tvOS: '14.0' });
    expect(j.effectiveMinimumOS).toEqual({ iOS: '16.0', macOS: '13.0', watchOS: '9.0', tvOS: '16.0' });
    expect(j.subModels[0].functions[0]).toMatchObject({ name: 'main', opset: 'CoreML6', ops: { const: 1, conv: 1 } });
    for (const k of ['bytes', 'byDtype', 'parameters', 'bitsPerWeight', 'missing', 'blobs']) expect(j.weights, k).toHaveProperty(k);
    expect(j.weights).toMatchObject({ bytes: 864, byDtype: { fp16: 864 }, parameters: 432, bitsPerWeight: 16, missing: false });
    expect(j.findings[0]).toMatchObject({ id: 'deploy.effective-above-declared', level: 'warning' });
    for (const f of j.findings) for (const k of ['id', 'level', 'message', 'source']) expect(f).toHaveProperty(k);
  });

  it('op types and metadata keys from the model are plain keys (no prototype tricks), and --out writes the file', async () => {
    const b = new ProgramBuilder('CoreML5');
    b.compute('__proto__', { x: 'x' }, [{ name: 'a', type: fp16([1]) }]);
    b.compute('constructor', { x: 'a' }, [{ name: 'y', type: fp16([1]) }]);
    const body = pb.cat([...b.build().map((o) => pb.msg(3, o)), pb.string(2, 'y')]);
    const spec = model({ spec: 6, description: description({ metadata: { userDefined: [['__proto__', 'polluted'], ['toString', 'x']] } }), type: [TYPE.mlProgram, program([['main', milFunction([{ name: 'x', type: fp16([1]) }], 'CoreML5', body)]])] });
    asFile(dir, spec, 'proto.mlmodel');
    const r = await runCli(['model', 'proto.mlmodel', '--json', '--out', 'proto.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(join(dir, 'proto.json'), 'utf8');
    expect(text).toContain('"__proto__": 1');
    const j = JSON.parse(text);
    expect(Object.keys(j.functions[0].ops).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(j.metadata.userDefined, '__proto__')?.value).toBe('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('markdown', () => {
  it('escapes what comes from the model', async () => {
    const evil = 'x | <script>alert(1)</script> `code` *bold*\n# heading';
    const spec = model({ spec: 4, description: description({ inputs: [feature(evil, featureType.multiArray({ dtype: ARRAY.FLOAT32, shape: [1] }))], metadata: { author: evil } }), type: [TYPE.neuralNetwork, new Uint8Array()] });
    asFile(dir, spec, 'evil.mlmodel');
    const r = await runCli(['model', 'evil.mlmodel', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(0);
    // Outside code spans no HTML survives; inside one (the input's name) it is shown as it is, literally.
    const outsideCode = r.stdout.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(outsideCode).not.toContain('<script>');
    expect(r.stdout).toContain('| Author | x \\| &lt;script&gt;alert(1)&lt;/script&gt; \\`code\\` \\*bold\\* # heading |');
    expect(r.stdout).toMatch(/\| ``? ?x \\\| <script>/);
    expect(r.stdout).not.toMatch(/\n# heading/);
    for (const row of r.stdout.split('\n').filter((l) => l.startsWith('| '))) {
      // Every table row keeps its own cell count: no unescaped pipe from the model.
      const cells = row.replace(/\\\|/g, '').split('|').length;
      expect(cells, row).toBeGreaterThanOrEqual(3);
    }
    const authorRow = r.stdout.split('\n').find((l) => l.startsWith('| Author'));
    expect(authorRow?.replace(/\\\|/g, '').split('|')).toHaveLength(4);
  });

  it('text sanitises terminal escapes from the model', async () => {
    const spec = model({ spec: 4, description: description({ inputs: [feature('in\u001b[31mred', featureType.double())] }), type: [TYPE.neuralNetwork, new Uint8Array()] });
    asFile(dir, spec, 'esc.mlmodel');
    const r = await runCli(['model', 'esc.mlmodel'], { cwd: dir });
    expect(r.stdout).toContain('in\\x1b[31mred');
    expect(r.stdout).not.toContain('\u001b[31m');
  });
});

describe('stdin, gzip, --target', () => {
  it('reads an .mlmodel from stdin, plain and gzipped, and a gzipped file', async () => {
    const f = statefulFlexible();
    const plain = JSON.parse((await runCli(['model', '-', '--json'], { cwd: dir, stdin: Buffer.from(f.model) })).stdout);
    expect(plain).toMatchObject({ source: '<stdin>', kind: 'mlmodel', gzip: false, modelType: 'mlProgram' });
    const gz = JSON.parse((await runCli(['model', '-', '--json'], { cwd: dir, stdin: gzipSync(f.model) })).stdout);
    expect(gz).toMatchObject({ source: '<stdin>', gzip: true, modelType: 'mlProgram', flexibleInputs: ['x', 'tokens', 'photo'] });
    asFile(dir, gzipSync(f.model), 'flex.mlmodel.gz');
    const file = await runCli(['model', 'flex.mlmodel.gz'], { cwd: dir });
    expect(file.stdout.split('\n')[0]).toBe('flex.mlmodel.gz  mlProgram · spec 9 · gzipped');
  });

  it('--target names the platform the model will not load on; a bad --target is a usage error', async () => {
    const r = await runCli(['model', 'Detector.mlpackage', '--target', 'watchOS=8', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.targets).toEqual({ watchOS: '8' });
    expect(j.findings[0]).toMatchObject({ id: 'deploy.target-too-old', level: 'error' });
    const ok = JSON.parse((await runCli(['model', 'Detector.mlpackage', '--target', 'ios=16.0,watchOS=9', '--json'], { cwd: dir })).stdout);
    expect(ok.findings.map((f: { id: string }) => f.id)).not.toContain('deploy.target-too-old');
    const bad = await runCli(['model', 'Detector.mlpackage', '--target', 'android=14'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^coreml-doctor: --target takes PLATFORM=VERSION with PLATFORM one of iOS, macOS, watchOS, tvOS/);
  });

  it('a custom author folder and an unusual root path are found through the manifest', async () => {
    const f = blockwiseInt4();
    writePackage(dir, 'Custom.mlpackage', { model: f.model, ...(f.weights ? { weights: f.weights } : {}), author: 'com.example.Tool' });
    const j = JSON.parse((await runCli(['model', 'Custom.mlpackage', '--json'], { cwd: dir })).stdout);
    expect(j.package.rootModel).toBe('com.example.Tool/model.mlmodel');
    expect(j.weights.missing).toBe(false);
    expect(j.weights.blobs.files[0].path).toBe('Custom.mlpackage/Data/com.example.Tool/weights/weight.bin');
  });
});

it('help lists the command and its formats', async () => {
  const r = await runCli(['model', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/--format <format>\s+output format \(choices: "text", "json",\s+"markdown"/);
  expect(r.stdout).toMatch(/--target/);
  for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(100);
});

void yoloLike;
