import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const DEMO = 'fixtures/demo/logs/00-first-attempt.log';

describe('coreml-doctor log', () => {
  it('prints the failing op and its module path first', async () => {
    const r = await runCli(['log', DEMO]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // The outcome comes first; off a terminal it wraps at 80 columns, its continuation lines under its text.
    const [, outcome] = /\n( {2}Outcome .*(?:\n {16}\S.*)*)/.exec(r.stdout) ?? [];
    expect(outcome?.replace(/\n {16}/g, ' ')).toMatch(/FAILED .*upsample_bicubic2d.*head\/refine\/upsample.*about op 1145 of 1287/);
    expect(r.stdout.split('\n')[1]).toMatch(/^ {2}Outcome {7}FAILED/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // not a TTY: no colour
  });

  it('writes the versioned JSON shape', async () => {
    const r = await runCli(['log', DEMO, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, frontend: 'pytorch', outcome: 'failed', coremltoolsVersion: '8.2-8.3' });
    expect(j.unsupportedOps[0]).toMatchObject({ op: 'upsample_bicubic2d', frontend: 'pytorch', nodes: ['head/refine/upsample'], lines: [12, 27] });
    expect(j.stages[0]).toMatchObject({ name: 'Converting PyTorch Frontend ==> MIL Ops', done: 1144, total: 1287 });
    for (const d of j.diagnostics) expect(Object.keys(d)).toEqual(expect.arrayContaining(['category', 'severity', 'message', 'line']));
  });

  it('reads stdin with -', async () => {
    const r = await runCli(['log', '-', '--format', 'markdown'], { stdin: "RuntimeError: PyTorch convert function for op 'pythonop' not implemented.\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`pythonop`');
    expect(r.stdout).toContain('<stdin>');
  });

  it('colours only on a TTY, and never with NO_COLOR', async () => {
    expect((await runCli(['log', DEMO], { isTTY: true })).stdout).toMatch(/\u001b\[31m/);
    expect((await runCli(['log', DEMO], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['log', DEMO, '--no-color'], { isTTY: true })).stdout).not.toMatch(/\u001b\[/);
  });

  describe('bad input: one line, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cmd-log-'));
    const cases: [string, () => string, RegExp][] = [
      ['a missing file', () => join(dir, 'nope.log'), /nope\.log: no such file; expected a coremltools conversion log/],
      ['a directory', () => dir, /is a directory; expected a file with a coremltools conversion log/],
      ['an empty file', () => (writeFileSync(join(dir, 'empty.log'), ''), join(dir, 'empty.log')), /empty\.log: the file is empty/],
      ['a binary file', () => (writeFileSync(join(dir, 'bin.log'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])), join(dir, 'bin.log')), /bin\.log:byte 4: binary data/],
    ];
    for (const [what, make, re] of cases) {
      it(what, async () => {
        const r = await runCli(['log', make()]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(re);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/^coreml-doctor: /);
      });
    }
    it('an unreadable file', async () => {
      // root reads any file whatever its mode; /proc/self/mem opens but refuses to be read (EIO).
      const asRoot = process.getuid?.() === 0;
      const p = asRoot ? '/proc/self/mem' : join(dir, 'secret.log');
      if (!asRoot) {
        writeFileSync(p, 'x');
        chmodSync(p, 0o000);
      }
      const r = await runCli(['log', p]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(asRoot ? /^coreml-doctor: \/proc\/self\/mem: read failed \(EIO\)/ : /permission denied/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
    it('an unknown format', async () => {
      const r = await runCli(['log', DEMO, '--format', 'xml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Allowed choices are text, json, markdown/);
    });
    it('an empty stdin', async () => {
      const r = await runCli(['log', '-'], { stdin: '' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/<stdin>: no input on stdin/);
    });
  });
});
