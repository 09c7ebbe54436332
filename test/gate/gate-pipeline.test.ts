/**
 * `gate pipeline.json`: the manifest measured now (as `report` measures it: sizes, the Instruments
 * exports through the trace reader, accuracy, conversion logs), then checked. Runs on the demo in
 * fixtures/demo/ (an Apple Watch pose model, fp32 → 6-bit palettized and 50 % pruned).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const DEMO = 'fixtures/demo/pipeline.json';
const tmp = () => mkdtempSync(join(tmpdir(), 'gate-pipeline-'));

/** A manifest without traces: sizes, latency samples and accuracy written in it. */
function manifest(budget: unknown, extra: Record<string, unknown> = {}): string {
  const dir = tmp();
  const file = join(dir, 'pipeline.json');
  const doc: Record<string, unknown> = {
    model: 'models/Classifier.mlpackage',
    steps: [
      { name: 'fp16', sizeBytes: 5_000_000, latencyMs: [20, 21, 22, 23, 24, 25, 26, 27, 28, 40], accuracy: { top1: 0.76 } },
      { name: 'int8', sizeBytes: 2_600_000, latencyMs: [18, 19, 19, 20, 20, 21, 21, 22, 23, 31], accuracy: { top1: 0.752 } },
    ],
    ...extra,
  };
  if (budget !== undefined) doc.budget = budget;
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

describe('coreml-doctor gate pipeline.json', () => {
  it('the demo passes its own budget (the manifest\'s "budget"), on its last step', async () => {
    const r = await runCli(['gate', DEMO]);
    expect(r.code).toBe(0);
    expect(flat(r.stdout)).toContain('step "palettize6+prune50" of models/PoseNet.mlpackage on Apple Watch Series 7 (watchOS 11) (fixtures/demo/pipeline.json) against budget.json');
    expect(flat(r.stdout)).toContain('20 fps (50 ms − 8.33 ms UI) → 41.7 ms per inference');
    expect(flat(r.stdout)).toMatch(/✔ pass {2}fps <= 41\.7 ms +p99 latency 39\.1 ms fits the 20 fps per-inference budget of 41\.7 ms/);
    expect(flat(r.stdout)).toMatch(/accuracyDrop\.top1 <= 1 +top1 drop vs step "fp32" 0\.7 \(72\.4 → 71\.7\) is within 1/);
    // The second target judges what the last step's model is, read off the model itself.
    expect(flat(r.stdout)).toContain('Target watch-model · step "palettize6+prune50"');
    expect(flat(r.stdout)).toMatch(/✔ pass {2}weightBits <= 6 bits +bits per weight 5\.77 bits \(palettized 6-bit \+ sparse; some tensors sparse only\) is within 6 bits/);
    expect(flat(r.stdout)).toMatch(/✔ pass {2}minimumOS\.watchOS <= 11\.0 +the model runs on watchOS 11\.0 \(it needs watchOS 11\.0\)/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('PASSED: 8 passed');
  });

  it('fails closed when the model rows meet a step without a model', async () => {
    const r = await runCli(['gate', DEMO, '--step', 'int8', '--json']);
    // watch-model names its own step; a target of the model rows on int8 (no model) is not measured.
    expect(r.code).toBe(0);
    const dir = tmp();
    writeFileSync(join(dir, 'budget.json'), JSON.stringify({ weightBits: 8, minimumOS: { watchOS: '11.0' } }));
    const g = await runCli(['gate', DEMO, '--budget', join(dir, 'budget.json'), '--step', 'int8']);
    expect(g.code).toBe(1);
    expect(flat(g.stdout)).toContain('bits per weight not measured: step "int8" has no Core ML model to read');
  });

  it('fp32 breaks the Watch: measured from the traces, annotated on the manifest\'s step line', async () => {
    const r = await runCli(['gate', DEMO, '--preset', 'apple-watch-series-7', '--step', 'fp32', '--reporter', 'text,github']);
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toContain('model size 12.41 MB is over the budget of 8 MB by 4.41 MB');
    const annotation = r.stdout.split('\n').find((l) => l.startsWith('::error'));
    const line = Number(/line=(\d+)/.exec(annotation ?? '')?.[1]);
    expect(annotation).toMatch(/^::error file=fixtures\/demo\/pipeline\.json,line=\d+,title=coreml-doctor gate%3A sizeMB/);
    expect(readFileSync(DEMO, 'utf8').split('\n')[line - 1]).toContain('"name": "fp32"');
  });

  it('the same verdicts as `report --json` then `gate --report`', async () => {
    const dir = tmp();
    const rep = await runCli(['report', DEMO, '--json']);
    expect(rep.code).toBe(0);
    writeFileSync(join(dir, 'report.json'), rep.stdout);
    const a = JSON.parse((await runCli(['gate', DEMO, '--json'])).stdout);
    const b = JSON.parse((await runCli(['gate', '--report', join(dir, 'report.json'), '--budget', 'fixtures/demo/budget.json', '--json'])).stdout);
    const strip = (j: { targets: { verdicts: { assertion: string; status: string; actual: number | null }[] }[] }) => j.targets.map((t) => t.verdicts.map((v) => [v.assertion, v.status, v.actual]));
    expect(strip(a)).toEqual(strip(b));
    expect(a.source).toEqual({ kind: 'pipeline', file: DEMO });
  });

  it('regressions against a baseline report of the same pipeline: unchanged passes, a smaller main fails size', async () => {
    const dir = tmp();
    const rep = JSON.parse((await runCli(['report', DEMO, '--json'])).stdout);
    writeFileSync(join(dir, 'same.json'), JSON.stringify(rep));
    const same = JSON.parse((await runCli(['gate', DEMO, '--baseline', join(dir, 'same.json'), '--json'])).stdout);
    const regressions = same.targets[0].verdicts.filter((v: { kind: string }) => v.kind.startsWith('regression.'));
    expect(regressions.map((v: { assertion: string }) => v.assertion)).toEqual([
      'regression.sizeMB',
      'regression.latencyMs.p50',
      'regression.latencyMs.p99',
      'regression.accuracy.top1',
      'regression.unsupportedOps',
    ]);
    expect(regressions.every((v: { status: string }) => v.status === 'pass')).toBe(true);
    const last = rep.steps[rep.steps.length - 1];
    last.sizeBytes = Math.round(last.sizeBytes * 0.8);
    writeFileSync(join(dir, 'smaller.json'), JSON.stringify(rep));
    const r = await runCli(['gate', DEMO, '--baseline', join(dir, 'smaller.json')]);
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toMatch(/✘ fail {2}regression\.sizeMB: worse by <= [\d.]+ MB +model size 1\.84 MB → 2\.3 MB \(\+0\.46 MB, \+25 %\): worse by more than 5 % and more than 0\.05 MB/);
  });

  it('a budget written in the manifest, or a preset name there', async () => {
    const inline = manifest({ sizeMB: 4, latencyMs: { p99: 25 } });
    const r = await runCli(['gate', inline]);
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toMatch(/✘ fail {2}latencyMs\.p99 <= 25 ms +p99 latency 30\.3 ms is over the budget of 25 ms by 5\.28 ms/);
    expect(flat(r.stdout)).toContain(`from ${inline}:$.budget.latencyMs.p99`);
    expect(flat(r.stdout)).toContain(`against ${inline}:$.budget`);
    const preset = manifest('apple-watch-series-7');
    const p = await runCli(['gate', preset, '--json']);
    expect(JSON.parse(p.stdout).targets[0].name).toBe('apple-watch-series-7');
  });

  it('a bad budget in the manifest names its place there (exit 2)', async () => {
    const bad = manifest({ sizeMB: '4 MB' });
    const r = await runCli(['gate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`coreml-doctor: ${bad}:$.budget.sizeMB: expected a size in MB (a number >= 0) or ["error"|"warn"|"off", {...}], got "4 MB" (write the number alone, 4: the unit is in the key's name)\n`);
  });

  it('no budget anywhere: a usage error that says where one can go', async () => {
    const none = manifest(undefined);
    const r = await runCli(['gate', none]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no budget: give --budget FILE`);
    expect(r.stderr).toContain(`or a "budget" in ${none}`);
  });

  it('reads the manifest from stdin', async () => {
    const file = manifest({ sizeMB: 4 });
    const r = await runCli(['gate', '-', '--json'], { stdin: readFileSync(file), cwd: tmp() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toEqual({ kind: 'pipeline', file: '<stdin>' });
  });
});

/** The text reporter wraps to 80 columns off a terminal: its continuation lines joined back, for assertions on whole messages. */
function flat(s: string): string {
  return s.replace(/\n {2}(?=[^\s✘✔⚠?])|\n {4,}(?=\S)/g, " ");
}
