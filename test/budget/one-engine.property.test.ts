/**
 * One engine, one verdict: for generated pipelines and budgets (levels, presets, frame rates,
 * matrices with targets that name their own step or baseline step, regressions asked for without a
 * baseline), `report --json` gives every step exactly the verdicts `gate --step STEP` gives it, both
 * through the command line as a user runs them, from the manifest and from the report's JSON. Steps
 * may name a Core ML model (our fixtures, one without its weights): the model rows judge what the
 * report read off it, and what the gate reads back from the report's JSON.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presetIds } from '../../src/budget/presets.js';
import { runCli } from '../helpers/cli.js';
import { fp32Dense, fp32Risky, sparse, statefulFlexible, subByteLut } from '../model/fixtures.js';
import { asPackage } from '../model/helpers.js';
import { writePackage } from '../model/writer.js';

const dir = mkdtempSync(join(tmpdir(), 'one-engine-'));
/** Models a step may name: fp32, sparse, sub-byte palettized, flexible and stateful, risky ops, and one whose weight.bin is missing. */
const MODELS = ['fp32.mlpackage', 'sparse.mlpackage', 'lut.mlpackage', 'flexible.mlpackage', 'risky.mlpackage', 'no-weights.mlpackage'];
asPackage(dir, fp32Dense(), 'fp32.mlpackage');
asPackage(dir, sparse(), 'sparse.mlpackage');
asPackage(dir, subByteLut(), 'lut.mlpackage');
asPackage(dir, statefulFlexible(), 'flexible.mlpackage');
asPackage(dir, fp32Risky(), 'risky.mlpackage');
writePackage(dir, 'no-weights.mlpackage', { model: sparse().model });

const NAMES = ['fp32', 'fp16', 'int8', 'pal6', 'pal4'];
const MODEL_ROWS = new Set(['weightBits', 'minimumOS', 'computePrecision', 'forbidOps', 'flexibleInputs', 'aneFindings']);
const LEVEL = fc.constantFrom('error', 'warn');

/** A limit in every form the budget format allows: a bare number, a level (the preset's limit), [level, {max}], off. */
const limit = (max: fc.Arbitrary<number>) =>
  fc.oneof(max, fc.tuple(LEVEL, max).map(([l, m]) => [l, { max: m }]), fc.constant('off'), fc.tuple(LEVEL, max).map(([l, m]) => [l, { max: m, message: `keep it under ${m}` }]));

const step = (name: string) =>
  fc.record(
    {
      name: fc.constant(name),
      sizeBytes: fc.integer({ min: 500_000, max: 20_000_000 }),
      latencyMs: fc.oneof(
        fc.array(fc.double({ min: 5, max: 80, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.record({ p50: fc.constant(20), p90: fc.constant(26), p99: fc.double({ min: 27, max: 60, noNaN: true }), max: fc.constant(61) }, { requiredKeys: ['p50', 'p99'] }),
      ),
      accuracy: fc.record({ top1: fc.double({ min: 0.6, max: 0.8, noNaN: true }), wer: fc.double({ min: 0.05, max: 0.2, noNaN: true }) }, { requiredKeys: [] }),
      model: fc.constantFrom(...MODELS),
      weightBits: fc.constantFrom(4, 16, 32),
    },
    { requiredKeys: ['name'] },
  );

const target = (steps: string[]) =>
  fc.record(
    {
      preset: fc.constantFrom(...presetIds()),
      sizeMB: limit(fc.double({ min: 0.5, max: 30, noNaN: true })),
      latencyMs: fc.record({ p50: limit(fc.integer({ min: 5, max: 60 })), p99: limit(fc.integer({ min: 10, max: 80 })), max: limit(fc.integer({ min: 20, max: 90 })) }, { requiredKeys: [] }),
      fps: fc.oneof(fc.constantFrom(15, 20, 30), fc.tuple(LEVEL, fc.constantFrom(15, 20, 30), fc.constantFrom('p50', 'p90', 'p99', 'max')).map(([l, min, stat]) => [l, { min, stat }])),
      overBudgetFrames: limit(fc.double({ min: 0, max: 0.5, noNaN: true })),
      accuracyDrop: fc.record({ top1: limit(fc.double({ min: 0, max: 0.05, noNaN: true })), wer: limit(fc.double({ min: 0, max: 0.05, noNaN: true })) }, { requiredKeys: [] }),
      lowerIsBetter: fc.constant(['wer']),
      unsupportedOps: limit(fc.integer({ min: 0, max: 2 })),
      forbid: fc.oneof(fc.constant(['dtype']), fc.tuple(LEVEL).map(([l]) => [l, { categories: ['precision'] }])),
      step: fc.constantFrom(...steps),
      baselineStep: fc.constantFrom(...steps),
      regression: fc.constant({ sizeMB: ['warn', { relative: 0.1 }] }),
      weightBits: limit(fc.constantFrom(4, 8, 16, 32)),
      minimumOS: fc.record({ iOS: fc.constantFrom('15.0', '17.0', ['warn', { max: '16.0' }]), watchOS: fc.constantFrom('8.0', '10.0') }, { requiredKeys: [] }),
      computePrecision: fc.constantFrom({ forbid: ['fp32'] }, ['warn', { allow: ['fp16'] }]),
      forbidOps: fc.constantFrom(['lstm'], ['warn', { ops: ['matmul', 'gather'] }]),
      flexibleInputs: fc.constantFrom(false, true, ['warn', { allowed: false }]),
      aneFindings: fc.record({ error: limit(fc.integer({ min: 0, max: 1 })), warning: limit(fc.integer({ min: 0, max: 2 })) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  );

const pipeline = fc
  .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
  .chain((names) =>
    fc.record({
      steps: fc.tuple(...names.map(step)),
      budget: fc.oneof(
        target(names),
        fc.array(target(names), { minLength: 1, maxLength: 3 }).map((ts) => ({ targets: ts.map((t, i) => ({ ...t, name: `target-${i}` })) })),
      ),
    }),
  );

interface Judged {
  target: string;
  verdicts: [string, string, number | null, string | null][];
}

const judged = (targets: { name: string; verdicts: { assertion: string; status: string; actual: number | null; actualText?: string }[] }[]): Judged[] =>
  targets.map((t) => ({ target: t.name, verdicts: t.verdicts.map((v) => [v.assertion, v.status, v.actual, v.actualText ?? null]) }));

describe('report and gate: the same engine, the same verdicts', () => {
  it('report --json per step equals gate --step per step, from the manifest and from the report', async () => {
    let n = 0;
    let modelVerdicts = 0;
    let valid = 0;
    let judgedSteps = 0;
    await fc.assert(
      fc.asyncProperty(pipeline, async (p) => {
        n++;
        const manifest = join(dir, `pipeline-${n}.json`);
        const budget = join(dir, `budget-${n}.json`);
        const reportFile = join(dir, `report-${n}.json`);
        writeFileSync(manifest, JSON.stringify({ device: 'Apple Watch', steps: p.steps, budget: `budget-${n}.json` }));
        writeFileSync(budget, JSON.stringify(p.budget));
        const report = await runCli(['report', manifest, '--json']);
        const gateLast = await runCli(['gate', manifest, '--json']);
        if (report.code === 2) {
          // A budget the engine refuses is refused by both, with the same one line.
          expect(gateLast.code).toBe(2);
          expect(gateLast.stderr).toBe(report.stderr);
          return;
        }
        valid++;
        expect(report.code, report.stderr).toBe(0);
        writeFileSync(reportFile, report.stdout);
        const json = JSON.parse(report.stdout) as { steps: { name: string; targets: Parameters<typeof judged>[0]; budget: Record<string, string> }[]; gate: { passed: boolean } };
        // gate without --step: the report's own gate summary.
        expect([0, 1]).toContain(gateLast.code);
        expect(json.gate.passed).toBe(gateLast.code === 0);
        for (const s of json.steps) {
          const g = await runCli(['gate', '--report', reportFile, '--budget', budget, '--step', s.name, '--json']);
          expect([0, 1], g.stderr).toContain(g.code);
          const gate = JSON.parse(g.stdout) as { targets: (Parameters<typeof judged>[0][number] & { step: string })[] };
          expect(judged(s.targets)).toEqual(judged(gate.targets.filter((t) => t.step === s.name)));
          // The older per-step map is the first target's statuses.
          expect(s.budget).toEqual(Object.fromEntries((s.targets[0]?.verdicts ?? []).map((v) => [v.assertion, v.status])));
          if (s.targets.length) judgedSteps++;
          modelVerdicts += s.targets.flatMap((t) => t.verdicts).filter((v) => MODEL_ROWS.has(v.assertion.split('.')[0] as string) && v.status !== 'not-measured').length;
        }
      }),
      { numRuns: 80, seed: 20240610 },
    );
    // The property is not a yes-machine: most budgets are valid and judge steps.
    expect(valid).toBeGreaterThan(n * 0.6);
    expect(judgedSteps).toBeGreaterThan(valid);
    // ... and the model rows judge models that were read, not only steps without one.
    expect(modelVerdicts).toBeGreaterThan(valid);
  }, 180_000);
});
