import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const PR = 'fixtures/budgets/reports/pr.json';
const MAIN = 'fixtures/budgets/reports/main.json';
const NOISY = 'fixtures/budgets/reports/noisy.json';
const WATCH = 'fixtures/budgets/watch.json';
const MATRIX = 'fixtures/budgets/matrix.json';

const tmp = () => mkdtempSync(join(tmpdir(), 'gate-cli-'));

describe('coreml-doctor gate: exit codes', () => {
  it('1 when an error-level assertion fails, with the reasons on stdout', async () => {
    const r = await runCli(['gate', '--report', PR, '--budget', WATCH]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(flat(r.stdout)).toContain('✘ fail  fps <= 25 ms');
    expect(flat(r.stdout)).toContain('p99 latency 29.6 ms is over the 30 fps per-inference budget of 25 ms by 4.62 ms');
    expect(flat(r.stdout)).toContain('More than one point of top-1 lost against fp32');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('FAILED: 3 errors (3 over budget), 1 warning, 5 passed');
  });

  it('0 when the budget holds, warnings allowed', async () => {
    const r = await runCli(['gate', '--report', MAIN, '--budget', WATCH]);
    expect(r.code).toBe(0);
    expect(flat(r.stdout)).toContain('⚠ warn  latencyMs.p50 <= 20 ms');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('PASSED: 1 warning, 8 passed');
  });

  it('1 when an error-level assertion cannot be measured (fails closed)', async () => {
    const dir = tmp();
    const report = join(dir, 'r.json');
    writeFileSync(report, JSON.stringify({ schemaVersion: 1, steps: [{ name: 'fp16', sizeBytes: 5e6, latency: { source: 'given', p50Ms: 10, p99Ms: 12 } }] }));
    const r = await runCli(['gate', '--report', report, '--preset', 'apple-watch-series-7', '--json']);
    expect(r.code).toBe(0);
    const strict = join(dir, 'b.json');
    writeFileSync(strict, JSON.stringify({ preset: 'apple-watch-series-7', overBudgetFrames: 0.01 }));
    const r2 = await runCli(['gate', '--report', report, '--budget', strict]);
    expect(r2.code).toBe(1);
    expect(flat(r2.stdout)).toMatch(/✘ not measured +overBudgetFrames <= 1 % +share of inferences over 25 ms not measured: step "fp16" has no latency samples/);
    writeFileSync(strict, JSON.stringify({ preset: 'apple-watch-series-7', overBudgetFrames: ['warn', { max: 0.01 }] }));
    expect((await runCli(['gate', '--report', report, '--budget', strict])).code).toBe(0);
  });

  describe('2 for bad input or usage: one line, no stack trace', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "targets": [ { "sizeMB": 8 }, { "latencyMs": { "p99": "25ms" } } ] }');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "sizeMB": 8,\n}\n');
    const cases: [string, string[], RegExp][] = [
      ['a budget with a wrong type', ['--report', PR, '--budget', bad], /bad\.json:\$\.targets\[1\]\.latencyMs\.p99: expected a number of ms \(>= 0\) or \["error"\|"warn"\|"off", \{\.\.\.\}\], got "25ms"/],
      ['a budget that is not JSON', ['--report', PR, '--budget', broken], /broken\.json:3:1: invalid JSON: a trailing comma before '\}'/],
      ['a missing budget file', ['--report', PR, '--budget', join(dir, 'nope.json')], /nope\.json: no such file; expected a coreml-doctor budget/],
      ['a budget given as the report', ['--report', WATCH, '--budget', WATCH], /watch\.json: this is a coreml-doctor budget \(JSON\), not a report JSON: use coreml-doctor gate --budget FILE/],
      ['a report given as the budget', ['--report', PR, '--budget', PR], /pr\.json: this is the JSON of `coreml-doctor report --json`, not a budget: use coreml-doctor gate --report FILE/],
      ['a manifest given as the budget', ['fixtures/demo/pipeline.json', '--budget', 'fixtures/demo/pipeline.json'], /pipeline\.json: this is a pipeline manifest \(JSON with "steps"\), not a budget: use coreml-doctor report FILE, or coreml-doctor gate FILE/],
      ['an unknown step', ['--report', PR, '--budget', WATCH, '--step', 'int8'], /--step: no step named "int8" in fixtures\/budgets\/reports\/pr\.json; expected one of "fp32", "fp16", "palettize-6bit"/],
      ['no budget', ['--report', PR], /no budget: give --budget FILE/],
      ['nothing to check', ['--budget', WATCH], /nothing to check: give a pipeline manifest, or --report FILE/],
      ['an unknown reporter', ['--report', PR, '--budget', WATCH, '--reporter', 'text,tap'], /--reporter: unknown reporter "tap"/],
      ['two documents on stdout', ['--report', PR, '--budget', WATCH, '--reporter', 'text,junit'], /--reporter: text and junit would both write to stdout; give all but one a file \(junit:FILE\)/],
      ['an unknown preset', ['--report', PR, '--preset', 'watch'], /--preset: unknown preset "watch"/],
      ['a pipeline and a report', ['fixtures/demo/pipeline.json', '--report', PR, '--budget', WATCH], /give a pipeline manifest or --report, not both/],
      ['two inputs on stdin', ['-', '--budget', '-'], /only one input can read stdin/],
    ];
    for (const [what, args, re] of cases) {
      it(what, async () => {
        const r = await runCli(['gate', ...args]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(re);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^coreml-doctor: /);
      });
    }
  });
});

describe('coreml-doctor gate: reporters', () => {
  it('github,junit:FILE,sarif:FILE: annotations on stdout, each document in its file', async () => {
    const dir = tmp();
    const r = await runCli(['gate', '--report', PR, '--budget', MATRIX, '--baseline', MAIN, '--reporter', `github,junit:${join(dir, 'gate.xml')},sarif:${join(dir, 'gate.sarif')}`]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.every((l) => /^::(error|warning|notice) file=fixtures\/budgets\/reports\/pr\.json,line=\d+,title=/.test(l))).toBe(true);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(5);
    // The step's "name" line in the report file: annotations point there.
    const line = Number(/line=(\d+)/.exec(lines[0] as string)?.[1]);
    expect(readFileSync(PR, 'utf8').split('\n')[line - 1]).toContain('"name": "palettize-6bit"');
    const xml = readFileSync(join(dir, 'gate.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<testsuites name="coreml-doctor gate" tests="20" failures="5"');
    const sarif = JSON.parse(readFileSync(join(dir, 'gate.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(8);
  });

  it('annotations point at the step in the pipeline manifest the report names, relative to $GITHUB_WORKSPACE', async () => {
    const repo = tmp();
    const models = join(repo, 'models');
    mkdirSync(models);
    const manifest = ['{', '  "model": "MobileNetV3-Small",', '  "steps": [', '    { "name": "fp32", "log": "logs/fp32.log" },', '    { "name": "fp16", "trace": "traces/fp16.xml" },', '    { "name": "palettize-6bit", "trace": "traces/p6.xml" }', '  ]', '}'].join('\n');
    writeFileSync(join(models, 'pipeline.json'), manifest);
    const report = JSON.parse(readFileSync(PR, 'utf8'));
    report.source = 'pipeline.json';
    writeFileSync(join(models, 'report.json'), JSON.stringify(report));
    const r = await runCli(['gate', '--report', 'report.json', '--budget', join(REPO_ROOT, WATCH), '--reporter', 'github'], { cwd: models, env: { GITHUB_WORKSPACE: repo } });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=models\/pipeline\.json,line=6,title=/);
    // A manifest that is not there (the report was made elsewhere): the report file itself.
    report.source = 'elsewhere/pipeline.json';
    writeFileSync(join(models, 'report.json'), JSON.stringify(report, null, 2));
    const r2 = await runCli(['gate', '--report', 'report.json', '--budget', join(REPO_ROOT, WATCH), '--reporter', 'github'], { cwd: models });
    expect(r2.stdout.split('\n')[0]).toMatch(/^::error file=report\.json,line=\d+,title=/);
  });

  it('markdown is appended to $GITHUB_STEP_SUMMARY, never overwriting it', async () => {
    const dir = tmp();
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '## Earlier step\n\nkept\n');
    const env = { GITHUB_STEP_SUMMARY: summary };
    const r = await runCli(['gate', '--report', PR, '--budget', WATCH, '--reporter', 'text,markdown:' + join(dir, 'gate.md')], { env });
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).toContain('FAILED');
    const once = readFileSync(summary, 'utf8');
    expect(once.startsWith('## Earlier step\n\nkept\n### ❌ coreml-doctor gate: FAILED')).toBe(true);
    expect(readFileSync(join(dir, 'gate.md'), 'utf8')).toBe(once.slice('## Earlier step\n\nkept\n'.length).replace(/\n$/, ''));
    await runCli(['gate', '--report', MAIN, '--budget', WATCH, '--reporter', 'markdown:' + summary], { env });
    const twice = readFileSync(summary, 'utf8');
    expect(twice.startsWith(once)).toBe(true);
    expect(twice.match(/### .* coreml-doctor gate/g)).toHaveLength(2);
  });

  it('in GitHub Actions, markdown without a file goes to the job summary only, beside text on stdout', async () => {
    const dir = tmp();
    const summary = join(dir, 'summary.md');
    const r = await runCli(['gate', '--report', PR, '--budget', WATCH, '--reporter', 'text,github,markdown'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    expect(flat(r.stdout)).not.toContain('### ');
    expect(flat(r.stdout)).toContain('::error ');
    expect(flat(r.stdout)).toContain('FAILED: 3 errors');
    expect(readFileSync(summary, 'utf8')).toMatch(/^### ❌ coreml-doctor gate: FAILED/);
    // Outside Actions the same list is two documents on stdout: a usage error.
    expect((await runCli(['gate', '--report', PR, '--budget', WATCH, '--reporter', 'text,github,markdown'])).code).toBe(2);
  });

  it('--json: one document on stdout', async () => {
    const r = await runCli(['gate', '--report', NOISY, '--budget', MATRIX, '--baseline', MAIN, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.counts).toMatchObject({ errors: 2, inconclusive: 1 });
    const v = j.targets[0].verdicts.find((x: { assertion: string }) => x.assertion === 'regression.latencyMs.p99');
    expect(v).toMatchObject({ status: 'inconclusive', detail: { samples: { baseline: 200, current: 10 } } });
  });

  it('reads the report from stdin with --report -', async () => {
    const r = await runCli(['gate', '--report', '-', '--preset', 'apple-watch-series-7,iphone-30fps', '--reporter', 'json'], { stdin: readFileSync(PR) });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.source.file).toBe('<stdin>');
    expect(j.targets.map((t: { name: string }) => t.name)).toEqual(['apple-watch-series-7', 'iphone-30fps']);
    expect(j.targets[0].location).toBeUndefined();
  });

  it('colour only on a terminal, never with NO_COLOR', async () => {
    expect((await runCli(['gate', '--report', PR, '--budget', WATCH], { isTTY: true })).stdout).toMatch(/\u001b\[31m/);
    expect((await runCli(['gate', '--report', PR, '--budget', WATCH], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
  });

  it('--list-presets shows each figure with its basis and sources', async () => {
    const r = await runCli(['gate', '--list-presets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apple-watch-series-7 {2}Apple Watch Series 7, live 30 fps feed$/m);
    expect(flat(r.stdout)).toMatch(/sizeMB +8 MB {2}convention \[unverified\]/);
    expect(flat(r.stdout)).toMatch(/→ per inference +25\.00 ms/);
    expect(flat(r.stdout)).toContain('source: https://developer.apple.com/help/app-store-connect/reference/maximum-build-file-sizes');
    const j = JSON.parse((await runCli(['gate', '--list-presets', '--json'])).stdout);
    expect(j.presets.find((p: { id: string }) => p.id === 'iphone-neural-engine-1gb').sizeMB).toMatchObject({ value: 1000, basis: 'fact', verified: true });
  });
});

/** The text reporter wraps to 80 columns off a terminal: its continuation lines joined back, for assertions on whole messages. */
function flat(s: string): string {
  return s.replace(/\n {2}(?=[^\s✘✔⚠?])|\n {4,}(?=\S)/g, " ");
}
