/**
 * `report` and `gate` reading step files in worker threads (--jobs; the built CLI, since the workers
 * run dist/): the same output byte for byte as one file at a time, and a failing step's error the
 * same one line.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';
// @ts-expect-error: a benchmark generator (JavaScript)
import { generateApp } from '../bench/gen-xctrace-app.mjs';

const BIN = join(REPO_ROOT, 'bin/coreml-doctor.js');
const DEMO = join(REPO_ROOT, 'fixtures/demo/pipeline.json');

function cli(args: string[], cwd = REPO_ROOT, node: string[] = []) {
  const r = spawnSync(process.execPath, [...node, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('steps read in worker threads', () => {
  it('report --json, text and HTML are the same with --jobs 2 as with --jobs 1', () => {
    for (const args of [['--json'], [], ['--format', 'html']]) {
      const one = cli(['report', DEMO, ...args, '--jobs', '1']);
      const two = cli(['report', DEMO, ...args, '--jobs', '2']);
      expect(one.code, one.stderr).toBe(0);
      expect(two.code).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
    }
    expect(JSON.parse(cli(['report', DEMO, '--json', '--jobs', '2']).stdout).steps.map((s: { name: string }) => s.name)).toEqual(['fp32', 'fp16', 'int8', 'palettize6+prune50']);
  });

  it('runs the reads in the worker threads of the built CLI', () => {
    const r = cli(['report', DEMO, '--json', '--jobs', '2'], REPO_ROOT, ['--import', './test/helpers/record-loads.mjs']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^LOAD file:.*\/dist\/cli\/read-pool\.js$/m);
    expect(r.stderr).toMatch(/^LOAD file:.*\/dist\/cli\/read-worker\.js$/m);
  });

  it('gate gives the same verdicts and exit code with --jobs 3 as with --jobs 1', () => {
    const one = cli(['gate', DEMO, '--json', '--step', 'fp32', '--jobs', '1']);
    const three = cli(['gate', DEMO, '--json', '--step', 'fp32', '--jobs', '3']);
    expect(one.code).toBe(1);
    expect(three.code).toBe(one.code);
    expect(three.stdout).toBe(one.stdout);
  });

  it('a failing step fails with its own one-line error, the same as one at a time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-cli-'));
    copyFileSync(join(REPO_ROOT, 'fixtures/demo/traces/01-fp32-time-profile.xml'), join(dir, 'good.xml'));
    writeFileSync(join(dir, 'notes.xml'), '<?xml version="1.0"?>\n<notes><note>not an export</note></notes>\n');
    writeFileSync(join(dir, 'list.xml'), '<?xml version="1.0"?>\n<plist version="1.0"><dict/></plist>\n');
    const steps = [['good.xml'], ['notes.xml'], ['list.xml'], ['good.xml']].map((trace, i) => ({ name: `s${i}`, sizeBytes: 1000, trace }));
    writeFileSync(join(dir, 'pipeline.json'), JSON.stringify({ steps }));
    const one = cli(['report', 'pipeline.json', '--jobs', '1'], dir);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^coreml-doctor: notes\.xml:[^\n]+\n$/);
    for (const jobs of ['2', '4']) {
      const r = cli(['report', 'pipeline.json', '--jobs', jobs], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(one.stderr);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a --jobs that is not a positive whole number', () => {
    const r = cli(['report', DEMO, '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('coreml-doctor: --jobs takes a positive whole number, not "0"\n');
  });

  it('running out of memory on a big profile is one line and exit 3, not a V8 crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parallel-cli-oom-'));
    // Every frame unsymbolicated: each symbol's label is a string (its address) kept on the heap.
    await generateApp(join(dir, 'big.xml'), { mb: 30, seed: 3, unsymbolicated: 1 });
    writeFileSync(join(dir, 'pipeline.json'), JSON.stringify({ steps: [{ name: 'a', sizeBytes: 1, trace: 'big.xml' }] }));
    // A heap below what this profile needs (with frames kept as integers and the labels of named
    // frames made only when read, the reader reads it within a 12 MB heap and fails at 10; the
    // default profile of this size now fits in 8 MB).
    const r = cli(['report', 'pipeline.json', '--json'], dir, ['--max-old-space-size=8']);
    expect(r.stderr).toBe('coreml-doctor: internal error: out of memory reading big.xml (run with --debug for a stack trace, and please report it)\n');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
  });
});
