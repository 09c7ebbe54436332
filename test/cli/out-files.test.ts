/** Every command takes -o FILE and creates its folders; gate's NAME:FILE reporters too; report's CSV history. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
import { runCli } from '../helpers/cli.js';

const MANIFEST = join(REPO_ROOT, 'fixtures/demo/pipeline.json');

const COMMANDS: [string, string[]][] = [
  ['log', ['log', join(REPO_ROOT, 'fixtures/demo/logs/00-first-attempt.log')]],
  ['rewrites', ['rewrites', 'relu_']],
  ['trace', ['trace', join(REPO_ROOT, 'fixtures/traces/ane-hw-intervals.xml')]],
  ['report', ['report', MANIFEST]],
  ['gate', ['gate', MANIFEST]],
  ['gate --list-presets', ['gate', '--list-presets']],
];

describe('-o FILE', () => {
  it.each(COMMANDS)('%s writes what it prints to FILE, creating missing folders', async (_, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    const printed = await runCli(args, { cwd: dir });
    const r = await runCli([...args, '-o', 'a/b/result.txt'], { cwd: dir });
    expect(r.code).toBe(printed.code);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'a/b/result.txt'), 'utf8')).toBe(printed.stdout);
  });

  it('gate: a reporter file in a missing folder is written, and -o takes the stdout reporter only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'out-'));
    const r = await runCli(['gate', MANIFEST, '--reporter', 'text,github,junit:reports/ci/gate.xml', '-o', 'out/gate.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'reports/ci/gate.xml'), 'utf8')).toMatch(/^<\?xml/);
    expect(readFileSync(join(dir, 'out/gate.txt'), 'utf8')).toMatch(/PASS/);
    // github's workflow commands still go to stdout, where Actions reads them.
    expect(r.stdout).not.toMatch(/PASS.*\n.*Step/);
  });
});

describe('report --format csv --append', () => {
  it('keeps one header and adds a row per step with the date, the commit and the pipeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'));
    const env = { GITHUB_SHA: 'abc123def456' };
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['report', MANIFEST, '--format', 'csv', '--append', '-o', 'history/posenet.csv'], { cwd: dir, env });
      expect(r.code, r.stderr).toBe(0);
    }
    const lines = readFileSync(join(dir, 'history/posenet.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 2 * 4);
    expect(lines[0]).toMatch(/^date,commit,pipeline,step,size_bytes,/);
    expect(lines.filter((l) => l.startsWith('date,'))).toHaveLength(1);
    expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[^,]+,abc123def456,${MANIFEST.replace(/[.+]/g, '\\$&')},fp32,`));
    expect(lines[8]).toMatch(/,palettize6\+prune50,/);
  });

  it("without GITHUB_SHA the commit is the manifest's repository's; a file with another header is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hist-'));
    const r = await runCli(['report', MANIFEST, '--format', 'csv', '--append', '-o', 'h.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim();
    expect(readFileSync(join(dir, 'h.csv'), 'utf8').split('\n')[1]).toContain(`,${head},`);
    writeFileSync(join(dir, 'other.csv'), 'step,size\nfp32,1\n');
    const bad = await runCli(['report', MANIFEST, '--format', 'csv', '--append', '-o', 'other.csv'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^coreml-doctor: other\.csv:1: its header is not the one this report writes/);
    expect(readFileSync(join(dir, 'other.csv'), 'utf8')).toBe('step,size\nfp32,1\n');
  });

  it('--append without --format csv -o FILE is a usage error', async () => {
    const r = await runCli(['report', MANIFEST, '--append']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('coreml-doctor: --append adds to a CSV history: give it with --format csv -o FILE\n');
  });
});

describe('unknown keys with another unit in their name', () => {
  it('a manifest step with sizeMB is asked whether it means sizeBytes; a budget with sizeBytes whether it means sizeMB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ steps: [{ name: 'fp32', sizeMB: 12 }] }));
    const r = await runCli(['report', 'm.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('coreml-doctor: m.json:$.steps[0].sizeMB: unknown key "sizeMB"; did you mean "sizeBytes"?\n');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ sizeBytes: 8000000 }));
    const g = await runCli(['gate', '--report', join(REPO_ROOT, 'fixtures/budgets/reports/pr.json'), '--budget', 'b.json'], { cwd: dir });
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/unknown key "sizeBytes"; did you mean "sizeMB"\?/);
  });
});
