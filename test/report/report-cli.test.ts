import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
const LOG = join(REPO_ROOT, 'fixtures/demo/logs/01-fp32-convert.log');

const manifest = {
  model: 'PoseNet.mlpackage',
  device: 'Apple Watch Series 7',
  budget: 'apple-watch-series-7',
  steps: [
    { name: 'fp32', sizeBytes: 12_412_735, latencyMs: { p50: 61.9, p90: 64.3, p99: 81, max: 162.1, count: 240 }, accuracy: { top1: 72.4 }, log: LOG },
    { name: 'int8', sizeBytes: 3_107_560, latencyMs: [24.1, 24.4, 23.9, 24.8, 25.2, 24.0, 24.3, 24.6], accuracy: { top1: 72.1 } },
  ],
};
writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(manifest));

describe('coreml-doctor report', () => {
  it('prints the text report on stdout and exits 0, whatever the budget status', async () => {
    const r = await runCli(['report', 'pipeline.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Optimization report: PoseNet.mlpackage');
    expect(r.stdout).toMatch(/│ fp32 +│ 12\.41 MB │ +61\.9 ms │ 81\.0 ms │/);
    expect(r.stdout).toMatch(/│ +│ baseline │ baseline │ +│/);
    expect(r.stdout).toMatch(/│ int8 +│ +3\.11 MB │ +24\.4 ms │ 25\.2 ms │/);
    expect(r.stdout).toMatch(/│ +│ +−75\.0 % │ +−60\.7 % │/);
    expect(r.stdout).toContain('fail: size, │');
    expect(r.stdout).not.toMatch(/\u001b/);
  });

  it('writes Markdown, JSON and HTML', async () => {
    const md = await runCli(['report', 'pipeline.json', '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toMatch(/^### ❌ Optimization report `PoseNet.mlpackage`/);
    const json = await runCli(['report', 'pipeline.json', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ schemaVersion: 1, steps: [{ name: 'fp32' }, { name: 'int8', latency: { source: 'samples', count: 8 } }] });
    const html = await runCli(['report', 'pipeline.json', '--format', 'html', '--out', 'report.html'], { cwd: dir });
    expect(html.code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('also writes the HTML page with --html, and says where on stderr', async () => {
    const r = await runCli(['report', 'pipeline.json', '--html', 'out/page.html'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('coreml-doctor: wrote the HTML report to out/page.html\n');
    expect(existsSync(join(dir, 'out/page.html'))).toBe(true);
    expect(r.stdout).toContain('Optimization report');
  });

  it('reads the manifest from stdin, paths relative to the working directory', async () => {
    const r = await runCli(['report', '-', '--json'], { cwd: dir, stdin: JSON.stringify({ steps: [{ name: 'a', log: LOG }] }) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toBe('<stdin>');
  });

  it('puts warnings on stderr for machine output', async () => {
    writeFileSync(join(dir, 'warn.json'), JSON.stringify({ steps: [{ name: 'planned' }] }));
    const r = await runCli(['report', 'warn.json', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('coreml-doctor: warning: step "planned" ($.steps[0]) names nothing to measure: give it a model, sizeBytes, trace, latencyMs, accuracy or log\n');
  });

  describe('bad input: one line naming the file and the place, exit 2', () => {
    const cases: [string, string, RegExp][] = [
      ['latency as a word', '{"steps":[{"name":"a"},{"name":"b"},{"name":"c","latencyMs":"fast"}]}', /^coreml-doctor: bad\.json:\$\.steps\[2\]\.latencyMs: expected an array of numbers or an object with p50\/p90\/p99\/max, got "fast"\n$/],
      ['a JSON syntax error', '{"steps": [\n  {"name": "a",}\n]}', /^coreml-doctor: bad\.json:2:16: invalid JSON: a trailing comma before '\}'; expected a pipeline manifest/],
      ['a missing log', '{"steps":[{"name":"a","log":"nope.log"}]}', /^coreml-doctor: bad\.json:\$\.steps\[0\]\.log: no such file: nope\.log/],
      ['a missing budget', '{"budget":"watch.json","steps":[{"name":"a","sizeBytes":1}]}', /^coreml-doctor: bad\.json:\$\.budget: no budget file "watch\.json" and no preset of that name/],
    ];
    for (const [what, text, re] of cases) {
      it(what, async () => {
        writeFileSync(join(dir, 'bad.json'), text);
        const r = await runCli(['report', 'bad.json'], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(re);
        expect(r.stderr.split('\n')).toHaveLength(2);
      });
    }

    it('a manifest that is not there', async () => {
      const r = await runCli(['report', 'missing.json'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('coreml-doctor: missing.json: no such file; expected a pipeline manifest (JSON: { "model", "steps": [{ "name", ... }] })\n');
    });
  });
});
