/**
 * The JSON inputs (pipeline manifest, budget, a report given as baseline): any JSON value gives a
 * validated result or an InputError that names the file and a JSON path; any text gives a value or
 * an error with line:column. Keys such as __proto__, constructor and toString are ordinary names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetFromValue } from '../../src/budget/load.js';
import { InputError } from '../../src/core/errors.js';
import { parseJsonText } from '../../src/core/json.js';
import { validateManifest } from '../../src/report/manifest.js';

const RUNS = { numRuns: 400, seed: 20261125 };
const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'steps', 'sizeMB', 'latencyMs', 'accuracy', 'preset'];

/** JSON values biased towards the shapes the validators walk, with hostile keys. */
const jsonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, '', 'x', '8MB', 'error', 'warn', 'off', 'apple-watch-series-7'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...HOSTILE_KEYS, 'name', 'p99', 'fps', 'top1', 'targets', 'max', 'min'), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Goes through JSON text, as a file would: `__proto__` becomes an own key, as JSON.parse makes it. */
const viaJson = (v: unknown) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown;

function expectCleanError(e: unknown, file: string): void {
  expect(e, String(e)).toBeInstanceOf(InputError);
  const ie = e as InputError;
  expect(ie.file).toBe(file);
  expect(String(ie.place ?? '')).toMatch(/^\$|^\d+:\d+$|^$/);
}

describe('JSON inputs under hostile values', () => {
  it('manifest: any JSON value validates or fails with the JSON path', () => {
    fc.assert(
      fc.property(jsonish, (v) => {
        try {
          validateManifest(viaJson(v), 'pipeline.json', '/tmp');
        } catch (e) {
          expectCleanError(e, 'pipeline.json');
        }
      }),
      RUNS,
    );
  });

  it('manifest: steps made of hostile values', () => {
    fc.assert(
      fc.property(fc.array(jsonish, { minLength: 1, maxLength: 3 }), (steps) => {
        try {
          validateManifest(viaJson({ steps }), 'pipeline.json', '/tmp');
        } catch (e) {
          expectCleanError(e, 'pipeline.json');
        }
      }),
      RUNS,
    );
  });

  it('budget: any JSON value resolves or fails with the JSON path', () => {
    fc.assert(
      fc.property(jsonish, (v) => {
        try {
          const b = budgetFromValue(viaJson(v), 'budget.json');
          expect(b.targets.length).toBeGreaterThan(0);
        } catch (e) {
          expectCleanError(e, 'budget.json');
        }
      }),
      RUNS,
    );
  });

  it('any text: a JSON value or an error with line:column', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1)))), (text) => {
        try {
          parseJsonText(text, 'x.json', 'a manifest');
        } catch (e) {
          expectCleanError(e, 'x.json');
        }
      }),
      RUNS,
    );
  });

  it('__proto__, constructor and toString are metric names like any other, and pollute nothing', () => {
    const m = validateManifest(
      viaJson({ steps: [{ name: 'a', sizeBytes: 10, accuracy: JSON.parse('{"__proto__": 0.5, "constructor": 0.4, "toString": 0.3}') }] }),
      'pipeline.json',
      '/tmp',
    );
    expect([...(m.steps[0]?.accuracy ?? new Map())]).toEqual([
      ['__proto__', 0.5],
      ['constructor', 0.4],
      ['toString', 0.3],
    ]);
    const b = budgetFromValue(JSON.parse('{"accuracyDrop": {"__proto__": 1, "constructor": 2}}'), 'budget.json');
    expect(b.targets[0]?.assertions.filter((a) => a.kind === 'accuracyDrop').map((a) => [a.key, a.limit])).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
