/** The installed launcher, as a user runs it: a real process, real pipes. (pretest builds dist/.) */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/corpus.js';

const BIN = 'bin/coreml-doctor.js';

describe('bin/coreml-doctor.js', () => {
  it('prints help with examples and exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: coreml-doctor/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/\blog\b/);
  });

  it('prints its version', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('a missing file: one line on stderr, exit 2, no stack trace', () => {
    const r = spawnSync(process.execPath, [BIN, 'log', 'no/such.log'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('coreml-doctor: no/such.log: no such file; expected a coremltools conversion log (text)\n');
  });

  it('a closed pipe keeps the exit code of the run: a failing gate stays a failure', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'gate', '--report', 'fixtures/budgets/reports/pr.json', '--budget', 'fixtures/budgets/matrix.json', '--baseline', 'fixtures/budgets/reports/main.json', '--reporter', 'json'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
  });

  it('a reader that closes the pipe early ends the run quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'rewrites', '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/Error|at .*\.js/);
    expect(code).toBe(0);
  });
});
