/**
 * The GitHub Action, tested as far as this machine allows: its `run:` script is taken out of
 * action.yml and executed with bash, with the environment GitHub would set (inputs as INPUT_*,
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, GITHUB_ACTION_PATH = this checkout, built by
 * pretest). With a `version`, `npx` is a stand-in on PATH that checks it is asked for coreml-doctor at
 * that version and runs this checkout's CLI instead of the network.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';

const actionText = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The block scalar after `run: |`, dedented. */
function runScript(yml: string): string {
  const lines = yml.split('\n');
  const start = lines.findIndex((l) => /^\s+run: \|\s*$/.test(l));
  if (start === -1) throw new Error('no run: | block');
  const body: string[] = [];
  let indent = -1;
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') {
      body.push('');
      continue;
    }
    const n = l.length - l.trimStart().length;
    if (indent === -1) indent = n;
    if (n < indent) break;
    body.push(l.slice(indent));
  }
  return body.join('\n');
}

/** `inputs:` names and their defaults. */
function inputs(yml: string): Map<string, string> {
  const out = new Map<string, string>();
  const block = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  let current: string | null = null;
  for (const l of block.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(l);
    if (name) current = name[1] as string;
    const def = /^ {4}default: '(.*)'\s*$/.exec(l);
    if (def && current) out.set(current, def[1] as string);
  }
  return out;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
  summary: string;
  calls: string[];
  temp: string;
}

function runAction(env: Record<string, string>): Run {
  const dir = mkdtempSync(join(tmpdir(), 'gate-action-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  const npx = join(bin, 'npx');
  writeFileSync(
    npx,
    `#!/usr/bin/env bash
echo "$*" >> "${join(dir, 'npx-calls')}"
[ "$1" = "--yes" ] || { echo "npx stand-in: expected --yes first" >&2; exit 99; }
[ "$2" = "coreml-doctor@${pkg.version}" ] || { echo "npx stand-in: unexpected package $2" >&2; exit 99; }
shift 2
exec node "${join(REPO_ROOT, 'bin/coreml-doctor.js')}" "$@"
`,
  );
  chmodSync(npx, 0o755);
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '## Tests\n\nall green\n');
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const defaults = Object.fromEntries([...inputs(actionText)].map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v]));
  const r = spawnSync('bash', ['-c', runScript(actionText)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: dir,
      GITHUB_ACTION_PATH: REPO_ROOT,
      ...defaults,
      ...env,
    },
  });
  const calls = existsSync(join(dir, 'npx-calls')) ? readFileSync(join(dir, 'npx-calls'), 'utf8').trim().split('\n') : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: readFileSync(output, 'utf8'), summary: readFileSync(summary, 'utf8'), calls, temp: dir };
}

describe('action.yml', () => {
  it('is a composite action whose script sees inputs only through the environment', () => {
    expect(actionText).toMatch(/^ {2}using: composite$/m);
    const script = runScript(actionText);
    expect(script).not.toMatch(/\$\{\{/);
    for (const name of inputs(actionText).keys()) {
      if (name === 'working-directory') continue;
      expect(actionText).toContain(`INPUT_${name.toUpperCase().replace(/-/g, '_')}: \${{ inputs.${name} }}`);
    }
  });

  it('runs its own checkout by default: no npm release, no network', () => {
    expect(inputs(actionText).get('version')).toBe('');
    const r = runAction({ INPUT_REPORT: 'fixtures/budgets/reports/main.json', INPUT_PRESET: 'apple-watch-series-7' });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
  });

  it('a broken budget fails the step with exit 1, annotations, text and the job summary', () => {
    const r = runAction({ INPUT_REPORT: 'fixtures/budgets/reports/pr.json', INPUT_BUDGET: 'fixtures/budgets/watch.json', INPUT_VERSION: pkg.version });
    expect(r.code).toBe(1);
    expect(r.calls).toEqual([
      `--yes coreml-doctor@${pkg.version} gate --report fixtures/budgets/reports/pr.json --budget fixtures/budgets/watch.json --reporter text,github,markdown:${r.temp}/coreml-doctor-gate.md`,
    ]);
    expect(r.stdout).toMatch(/^::error file=fixtures\/budgets\/reports\/pr\.json,line=\d+,title=coreml-doctor gate%3A fps \(apple-watch-series-7\)::/m);
    expect(r.stdout).toContain('FAILED: 3 errors (3 over budget), 1 warning, 5 passed');
    expect(r.summary.startsWith('## Tests\n\nall green\n### ❌ coreml-doctor gate: FAILED')).toBe(true);
    expect(r.output).toBe('exit-code=1\nresult=failed\n');
  });

  it('a budget that holds passes; regressions against a baseline; JUnit and SARIF files', () => {
    const out = mkdtempSync(join(tmpdir(), 'gate-action-out-'));
    const r = runAction({
      INPUT_REPORT: 'fixtures/budgets/reports/main.json',
      INPUT_PRESET: 'apple-watch-series-7',
      INPUT_BASELINE: 'fixtures/budgets/reports/main.json',
      INPUT_REPORTERS: `github,junit:${out}/gate.xml,sarif:${out}/gate.sarif`,
      INPUT_VERSION: pkg.version,
    });
    expect(r.code).toBe(0);
    expect(r.output).toBe('exit-code=0\nresult=passed\n');
    expect(r.calls[0]).toContain('--baseline fixtures/budgets/reports/main.json');
    expect(XMLValidator.validate(readFileSync(`${out}/gate.xml`, 'utf8'))).toBe(true);
    expect(JSON.parse(readFileSync(`${out}/gate.sarif`, 'utf8')).runs[0].results).toEqual([]);
  });

  it('measures a pipeline manifest with its own budget (the demo)', () => {
    const r = runAction({ INPUT_PIPELINE: 'fixtures/demo/pipeline.json', INPUT_VERSION: pkg.version });
    expect(r.code).toBe(0);
    expect(r.calls[0]).toMatch(/^--yes coreml-doctor@[\d.]+ gate fixtures\/demo\/pipeline\.json --reporter text,github,markdown:/);
    expect(r.stdout).toContain('PASSED: 8 passed');
    expect(r.summary).toContain('### ✅ coreml-doctor gate: PASSED: 8 passed');
    expect(r.output).toBe('exit-code=0\nresult=passed\n');
  });

  it('measures the baseline from main\'s pipeline manifest itself, and checks regressions against it', () => {
    const r = runAction({ INPUT_PIPELINE: 'fixtures/demo/pipeline.json', INPUT_BASELINE_PIPELINE: 'fixtures/demo/pipeline.json', INPUT_REPORTERS: 'json' });
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.baselineFile).toMatch(/coreml-doctor-baseline\.json$/);
    const regressions = result.targets[0].verdicts.filter((v: { kind: string }) => v.kind.startsWith('regression.'));
    expect(regressions.length).toBeGreaterThan(0);
    expect(regressions.every((v: { status: string }) => v.status === 'pass')).toBe(true);
    const missing = runAction({ INPUT_PIPELINE: 'fixtures/demo/pipeline.json', INPUT_BASELINE_PIPELINE: 'main/models/pipeline.json' });
    expect(missing.code).toBe(0);
    expect(missing.stdout).toContain('::notice title=coreml-doctor gate::No baseline pipeline at main/models/pipeline.json');
  });

  it('a missing baseline file is skipped with a notice, or is an error when required', () => {
    const skipped = runAction({ INPUT_REPORT: 'fixtures/budgets/reports/main.json', INPUT_PRESET: 'apple-watch-series-7', INPUT_BASELINE: 'artifacts/main-report.json', INPUT_VERSION: pkg.version });
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toContain('::notice title=coreml-doctor gate::No baseline report at artifacts/main-report.json: regressions are not checked in this run.');
    expect(skipped.calls[0]).not.toContain('--baseline');
    const required = runAction({ INPUT_REPORT: 'fixtures/budgets/reports/main.json', INPUT_PRESET: 'apple-watch-series-7', INPUT_BASELINE: 'artifacts/main-report.json', INPUT_BASELINE_REQUIRED: 'true' });
    expect(required.code).toBe(2);
    expect(required.stderr).toMatch(/artifacts\/main-report\.json: no such file/);
    expect(required.output).toBe('exit-code=2\nresult=error\n');
  });

  it('inputs with shell metacharacters stay arguments', () => {
    const r = runAction({ INPUT_REPORT: 'fixtures/budgets/reports/main.json', INPUT_PRESET: 'apple-watch-series-7', INPUT_STEP: '$(touch /tmp/pwned-gate); fp16' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no step named "$(touch /tmp/pwned-gate); fp16"');
    expect(existsSync('/tmp/pwned-gate')).toBe(false);
  });
});
