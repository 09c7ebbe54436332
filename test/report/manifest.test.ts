import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { LATENCY_SUMMARY_KEYS, loadManifest, ROOT_KEYS, STEP_KEYS, validateManifest } from '../../src/report/manifest.js';
import { locateJsonError, parseJsonText } from '../../src/core/json.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const DIR = '/work/pose';

function errorOf(doc: unknown): InputError {
  try {
    validateManifest(doc, 'pipeline.json', DIR);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('manifest validation', () => {
  it('resolves paths against the manifest folder and keeps metrics in a Map', () => {
    const m = validateManifest(
      {
        model: 'PoseNet.mlpackage',
        device: 'Apple Watch Series 7',
        budget: 'apple-watch-series-7',
        steps: [
          { name: 'fp32', model: 'fp32/PoseNet.mlpackage/', trace: 'traces/fp32.xml', log: '/abs/convert.log', accuracy: { top1: 72.4, ['__proto__']: 1, constructor: 2 } },
          { name: 'int8', sizeBytes: 3107560, trace: ['a.xml', 'b.xml'], interval: 'Prediction / PoseNet', latencyMs: { p50: 38, p99: 41, count: 200 } },
        ],
      },
      'pipeline.json',
      DIR,
    );
    const [fp32, int8] = m.steps;
    expect(m.model).toEqual({ path: resolve(DIR, 'PoseNet.mlpackage'), display: 'PoseNet.mlpackage', jsonPath: '$.model' });
    expect(fp32?.trace).toEqual([{ path: resolve(DIR, 'traces/fp32.xml'), display: 'traces/fp32.xml', jsonPath: '$.steps[0].trace' }]);
    expect(fp32?.log?.path).toBe('/abs/convert.log');
    expect([...(fp32?.accuracy ?? new Map())]).toEqual([
      ['top1', 72.4],
      ['__proto__', 1],
      ['constructor', 2],
    ]);
    expect(Object.getPrototypeOf(fp32?.accuracy)).toBe(Map.prototype);
    expect(int8?.trace.map((t) => t.jsonPath)).toEqual(['$.steps[1].trace[0]', '$.steps[1].trace[1]']);
    expect(int8?.latencyMs).toEqual({ kind: 'summary', p50Ms: 38, p90Ms: null, p99Ms: 41, maxMs: null, meanMs: null, count: 200 });
    expect(m.budget).toBe('apple-watch-series-7');
  });

  it('reads "__proto__" from real JSON text as a metric, not a prototype', () => {
    const doc = parseJsonText('{"steps":[{"name":"a","accuracy":{"__proto__":0.5,"top1":0.7}}]}', 'p.json', 'a manifest');
    const m = validateManifest(doc, 'p.json', DIR);
    expect(m.steps[0]?.accuracy.get('__proto__')).toBe(0.5);
    expect(m.steps[0]?.accuracy.size).toBe(2);
  });

  const cases: [string, unknown, string][] = [
    ['latency as a word', { steps: [{ name: 'a' }, { name: 'b' }, { name: 'c', latencyMs: 'fast' }] }, 'pipeline.json:$.steps[2].latencyMs: expected an array of numbers or an object with p50/p90/p99/max, got "fast"'],
    ['a latency with its unit', { steps: [{ name: 'a', latencyMs: ['38ms'] }] }, 'pipeline.json:$.steps[0].latencyMs[0]: expected a latency in ms (a number >= 0), got "38ms" (write the number alone, 38: the unit is in the key\'s name)'],
    ['percentiles out of order', { steps: [{ name: 'a', latencyMs: { p50: 40, p99: 30 } }] }, 'pipeline.json:$.steps[0].latencyMs.p99: p99 (30) is below p50 (40); expected p50 <= p90 <= p99 <= max'],
    ['an empty latency list', { steps: [{ name: 'a', latencyMs: [] }] }, '$.steps[0].latencyMs: expected an array of numbers or an object with p50/p90/p99/max (the list is empty), got []'],
    ['a typo in a key', { steps: [{ name: 'a', latencyMS: [1] }] }, 'pipeline.json:$.steps[0].latencyMS: unknown key "latencyMS"; did you mean "latencyMs"?'],
    ['an unknown root key', { steps: [{ name: 'a' }], stepz: [] }, '$.stepz: unknown key "stepz"; did you mean "steps"?'],
    ['no steps', { model: 'a.mlpackage' }, 'pipeline.json:$: the manifest has no "steps"'],
    ['an empty list of steps', { steps: [] }, '$.steps: the list of steps is empty'],
    ['a step without a name', { steps: [{ sizeBytes: 10 }] }, '$.steps[0]: the step has no "name"'],
    ['two steps with one name', { steps: [{ name: 'int8' }, { name: 'int8' }] }, '$.steps[1].name: the step name "int8" is also the name of step 1'],
    ['a size in MB', { steps: [{ name: 'a', sizeBytes: 3.1 }] }, '$.steps[0].sizeBytes: expected a size in bytes (a whole number > 0; 1 MB = 1000000), got 3.1'],
    ['a model that is not Core ML', { steps: [{ name: 'a', model: 'pose.onnx' }] }, '$.steps[0].model: "pose.onnx" is not a Core ML model; expected a path to an .mlpackage, .mlmodel, .mlmodelc'],
    ['a metric that is text', { steps: [{ name: 'a', accuracy: { top1: '72 %' } }] }, '$.steps[0].accuracy.top1: expected the metric\'s value (a number), got "72 %"'],
    ['a metric name with a dash', { steps: [{ name: 'a', accuracy: { 'top-1': null } }] }, '$.steps[0].accuracy["top-1"]: expected the metric\'s value (a number), got null'],
    ['an interval without a trace', { steps: [{ name: 'a', interval: 'Prediction' }] }, '$.steps[0].interval: "interval" without a "trace"'],
    ['a budget that is a number', { budget: 8, steps: [{ name: 'a' }] }, '$.budget: expected a budget: a path to a budget file, a preset name, or a budget object, got 8'],
    ['weight bits of 0', { steps: [{ name: 'a', weightBits: 0 }] }, '$.steps[0].weightBits: expected the bits per weight'],
    ['an empty trace list', { steps: [{ name: 'a', trace: [] }] }, '$.steps[0].trace: expected a path to an xctrace export, or a non-empty list of them, got []'],
    ['a steps object', { steps: { name: 'a' } }, '$.steps: expected a list of steps, got an object'],
  ];
  for (const [what, doc, message] of cases) {
    it(`names the JSON path: ${what}`, () => {
      expect(errorOf(doc).message).toContain(message);
    });
  }

  it('warns about a step with nothing to measure', () => {
    const m = validateManifest({ steps: [{ name: 'planned' }] }, 'p.json', DIR);
    expect(m.warnings).toEqual(['step "planned" ($.steps[0]) names nothing to measure: give it a model, sizeBytes, trace, latencyMs, accuracy or log']);
  });
});

describe('manifest files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-manifest-'));

  it('reports a JSON syntax error at its line and column', async () => {
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{\n  "steps": [\n    { "name": "fp32", "sizeBytes": 12400000, }\n  ]\n}\n');
    await expect(loadManifest(p, { displayName: 'broken.json' })).rejects.toThrow('broken.json:3:46: invalid JSON: a trailing comma before \'}\'; expected a pipeline manifest');
  });

  it('finds the first syntax error of other shapes', () => {
    expect(locateJsonError('{"a": 1 "b": 2}')).toEqual({ offset: 8, problem: 'expected \',\' or \'}\', found "\\""' });
    expect(locateJsonError("{'a': 1}").problem).toBe('expected a property name in double quotes, found "\'"');
    expect(locateJsonError('{"a": 38ms}').problem).toMatch(/invalid number \(write plain decimal numbers, no units\)/);
    expect(locateJsonError('{"a": [1, 2}').problem).toBe('expected \',\' or \']\', found "}"');
    expect(locateJsonError('{"a": "x\ny"}').problem).toMatch(/control character/);
    expect(locateJsonError('{"a": 1} x').problem).toMatch(/unexpected text after the JSON value/);
    expect(locateJsonError('{"a": ').problem).toMatch(/found the end of the text/);
  });

  it('reads a manifest with a BOM, and from stdin', async () => {
    const p = join(dir, 'bom.json');
    writeFileSync(p, '\ufeff{"steps":[{"name":"a","sizeBytes":1}]}');
    expect((await loadManifest(p)).steps[0]?.sizeBytes).toBe(1);
    const { Readable } = await import('node:stream');
    const m = await loadManifest('-', { stdin: Readable.from([Buffer.from('{"steps":[{"name":"s","log":"x.log"}]}')]), cwd: dir });
    expect(m.file).toBe('<stdin>');
    expect(m.steps[0]?.log?.path).toBe(join(dir, 'x.log'));
  });

  it('refuses an empty file and a missing one', async () => {
    const p = join(dir, 'empty.json');
    writeFileSync(p, '  \n');
    await expect(loadManifest(p, { displayName: 'empty.json' })).rejects.toThrow('empty.json: the file is empty; expected a pipeline manifest');
    await expect(loadManifest(join(dir, 'nope.json'), { displayName: 'nope.json' })).rejects.toThrow('nope.json: no such file; expected a pipeline manifest');
  });

  it('accepts the demo manifest', async () => {
    const m = await loadManifest(join(REPO_ROOT, 'fixtures/demo/pipeline.json'));
    expect(m.steps.map((s) => s.name)).toEqual(['fp32', 'fp16', 'int8', 'palettize6+prune50']);
    expect(m.warnings).toEqual([]);
  });
});

describe('the JSON Schema', () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas/pipeline.schema.json'), 'utf8'));

  it('lists the keys the validator knows, no more, no fewer', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...ROOT_KEYS].sort());
    expect(Object.keys(schema.definitions.step.properties).sort()).toEqual([...STEP_KEYS].sort());
    const summary = schema.definitions.step.properties.latencyMs.oneOf[1];
    expect(Object.keys(summary.properties).sort()).toEqual([...LATENCY_SUMMARY_KEYS].sort());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.definitions.step.additionalProperties).toBe(false);
  });

  it('accepts the model paths the validator accepts', () => {
    const re = new RegExp(schema.definitions.modelPath.pattern);
    for (const ok of ['a.mlpackage', 'b/A.MLPACKAGE/', 'c.mlmodel', 'd.mlmodelc']) expect(re.test(ok)).toBe(true);
    for (const bad of ['a.onnx', 'a.mlpackage.zip', 'mlmodel']) expect(re.test(bad)).toBe(false);
  });

  it('is the schema the demo manifest points its editor at', () => {
    const demo = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/demo/pipeline.json'), 'utf8'));
    expect(resolve(REPO_ROOT, 'fixtures/demo', demo.$schema)).toBe(join(REPO_ROOT, 'schemas/pipeline.schema.json'));
  });
});
