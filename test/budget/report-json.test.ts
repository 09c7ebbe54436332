import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseJson } from '../../src/budget/read-json.js';
import { parseReportJson } from '../../src/budget/report-json.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const fixture = (f: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/budgets/reports', f), 'utf8')) as unknown;

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('reading `report --json` back into step measurements', () => {
  it('reads the fixture report: steps, sizes, latency samples, accuracy and log summaries', () => {
    const r = parseReportJson(fixture('pr.json'), 'pr.json');
    expect(r.model).toBe('MobileNetV3-Small');
    expect(r.steps.map((s) => s.name)).toEqual(['fp32', 'fp16', 'palettize-6bit']);
    const last = r.steps[2];
    expect(last?.sizeBytes).toBe(2_871_306);
    expect(last?.latency?.samplesMs).toHaveLength(200);
    expect(last?.latency?.p99Ms).toBeCloseTo(29.622, 3);
    expect(last?.accuracy).toEqual(new Map([['top1', 0.659], ['top5', 0.866]]));
    expect(last?.log).toEqual({ outcome: 'converted', unsupportedOps: [], errors: 0, warnings: 2, categories: ['compression', 'dtype'] });
  });

  it('accepts accuracy as an object, [name, value] pairs or {metric, value} objects, into a Map', () => {
    const base = { schemaVersion: 1, steps: [{ name: 'a', accuracy: { __proto__: 1 } }] };
    const parsed = JSON.parse('{"schemaVersion":1,"steps":[{"name":"a","accuracy":{"__proto__":0.5,"constructor":0.25}}]}');
    expect(parseReportJson(parsed, 'r.json').steps[0]?.accuracy).toEqual(new Map([['__proto__', 0.5], ['constructor', 0.25]]));
    expect(parseReportJson({ ...base, steps: [{ name: 'a', accuracy: [['top1', 0.7]] }] }, 'r.json').steps[0]?.accuracy.get('top1')).toBe(0.7);
    expect(parseReportJson({ ...base, steps: [{ name: 'a', accuracy: [{ metric: 'top1', value: 0.6 }] }] }, 'r.json').steps[0]?.accuracy.get('top1')).toBe(0.6);
  });

  it('takes unsupported ops as names or as `log --json` objects', () => {
    const r = parseReportJson({ schemaVersion: 1, steps: [{ name: 'a', log: { outcome: 'failed', unsupportedOps: ['pythonop', { op: 'upsample_bicubic2d', nodes: [] }] } }] }, 'r.json');
    expect(r.steps[0]?.log?.unsupportedOps).toEqual(['pythonop', 'upsample_bicubic2d']);
  });

  const cases: [string, unknown, string][] = [
    ['not a report', { unsupportedOps: [], schemaVersion: 1 }, 'r.json:$.steps: expected a list of steps, got undefined (this looks like `log --json` output); expected the JSON of `coreml-doctor report --json`'],
    ['no schemaVersion', { steps: [] }, 'r.json:$: no "schemaVersion": this is not a report JSON; expected the JSON of `coreml-doctor report --json`'],
    ['a newer schema', { schemaVersion: 2, steps: [] }, 'r.json:$.schemaVersion: schemaVersion 2 is newer than this coreml-doctor reads (1); expected a report from this version of coreml-doctor or older (upgrade coreml-doctor)'],
    ['a step without a name', { schemaVersion: 1, steps: [{ sizeBytes: 1 }] }, 'r.json:$.steps[0].name: expected the step name (a string), got undefined'],
    ['a size that is text', { schemaVersion: 1, steps: [{ name: 'a', sizeBytes: '2 MB' }] }, 'r.json:$.steps[0].sizeBytes: expected a number or null, got "2 MB"'],
    ['a bad sample', { schemaVersion: 1, steps: [{ name: 'a', latency: { samplesMs: [1, 'x'] } }] }, 'r.json:$.steps[0].latency.samplesMs[1]: expected a number, got "x"'],
    ['two steps with one name', { schemaVersion: 1, steps: [{ name: 'a' }, { name: 'a' }] }, 'r.json:$.steps[1].name: a second step named "a"; expected unique step names'],
  ];
  for (const [what, value, expected] of cases) it(`bad input: ${what}`, () => expect(err(() => parseReportJson(value, 'r.json'))).toBe(expected));
});

describe('JSON syntax errors say where', () => {
  const cases: [string, string][] = [
    ['{\n  "sizeMB": 8,\n}\n', 'b.json:3:1: not valid JSON: a trailing comma before "}"; expected X'],
    ['{\n  "sizeMB": 8\n  "fps": 30\n}', 'b.json:3:3: not valid JSON: expected "," or "}", found "\\""; expected X'],
    ["{ 'sizeMB': 8 }", 'b.json:1:3: not valid JSON: expected a property name in double quotes, found "\'"; expected X'],
    ['{ "a": [1, 2 }', 'b.json:1:14: not valid JSON: expected "," or "]", found "}"; expected X'],
    ['{ "a": "x\ty" }', 'b.json:1:10: not valid JSON: a control character (a raw newline or tab?) inside a string; expected X'],
    ['{ "a": 1 } x', 'b.json:1:12: not valid JSON: unexpected "x" after the JSON value; expected X'],
    ['{ "a": 01 }', 'b.json:1:9: not valid JSON: expected "," or "}", found "1"; expected X'],
    ['   ', 'b.json: the file has no JSON in it; expected X'],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => expect(err(() => parseJson(text, 'b.json', 'X'))).toBe(expected));
  it('valid JSON parses', () => expect(parseJson('{"a":[1,{"b":null}]}', 'b.json', 'X')).toEqual({ a: [1, { b: null }] }));
});
