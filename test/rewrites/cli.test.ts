/** `coreml-doctor rewrites` on the op registry: any op, --frontend, --since and --in, in every format. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

describe('rewrites OP for an op without an entry', () => {
  it('text: what the registry says, the first fix, the data it comes from', async () => {
    const r = await runCli(['rewrites', 'aten::relu_']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^aten::relu_ {2}PyTorch op, no catalogue entry\n/);
    expect(r.stdout).toContain('  Releases      4.0–5.0; 5.1–main as relu (from 5.1 a trailing `_` is stripped)');
    expect(r.stdout).toMatch(/Op registry: coremltools e0e2f42b \(2026-08-18\)/);
  });

  it('JSON: versioned, the verdict with its segments, entry null', async () => {
    const j = JSON.parse((await runCli(['rewrites', 'upsample_nearest2d.vec', '--json'])).stdout);
    expect(j).toMatchObject({ schemaVersion: 1, kind: 'rewrite', frontend: 'pytorch', registry: { availability: 'release', since: '8.0', torchScript: { kind: 'upsample_nearest2d', since: '4.0' } }, entry: { id: 'upsample_nearest2d' } });
    const none = JSON.parse((await runCli(['rewrites', 'frobnicate', '--json'])).stdout);
    expect(none).toMatchObject({ entry: null, matched: null, registry: { availability: 'never', segments: [] }, source: { commit: expect.stringMatching(/^e0e2f42b/) } });
    expect(none.firstFix).toMatch(/^No coremltools release registers `frobnicate`/);
  });

  it('--frontend answers for that frontend; Markdown escapes what it prints', async () => {
    const onnx = await runCli(['rewrites', 'Gather', '--frontend', 'onnx', '--format', 'markdown']);
    expect(onnx.stdout).toMatch(/^### `Gather`: ONNX op, no catalogue entry/);
    expect(onnx.stdout).toContain('6.0 removed the ONNX converter');
    expect(onnx.stdout).toContain('minimum\\_ios\\_deployment\\_target');
    const tf = await runCli(['rewrites', 'gather', '--frontend', 'tensorflow', '--json']);
    expect(JSON.parse(tf.stdout)).toMatchObject({ frontend: 'tensorflow', name: 'Gather', registry: { caseDiffers: true } });
  });

  it('wraps to an 80-column terminal', async () => {
    let out = '';
    const io = { stdout: { write: (c: string) => ((out += c), true), isTTY: true, columns: 80 }, stderr: { write: () => true }, stdin: Readable.from([]), env: { NO_COLOR: '1' }, cwd: process.cwd() };
    expect(await main(['rewrites', 'lift_fresh_copy'], io)).toBe(0);
    for (const l of out.split('\n').filter((x) => !x.startsWith('    '))) expect(l.length).toBeLessThanOrEqual(80);
  });
});

describe('rewrites --since / --in', () => {
  it('--frontend pytorch --since 8.0: what each release from 8.0 on added, as JSON', async () => {
    const r = await runCli(['rewrites', '--frontend', 'pytorch', '--since', '8.0', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, kind: 'registry', mode: 'since', release: '8.0', frontends: [{ frontend: 'pytorch' }] });
    const releases = j.frontends[0].releases as { release: string; added: string[]; dropped: { name: string }[] }[];
    expect(releases.map((x) => x.release)).toEqual(['8.0', '8.1', '8.2', '8.3', '9.0', 'main']);
    expect(releases[0]?.added).toEqual(expect.arrayContaining(['upsample_nearest2d.vec', 'lift_fresh_copy', 'conv_transpose2d.input']));
    expect(releases[0]?.dropped.map((d) => d.name)).toEqual(expect.arrayContaining(['select_copy.int']));
    expect(releases.find((x) => x.release === 'main')?.added).toEqual(expect.arrayContaining(['upsample_bicubic2d', 'bitwise_or']));
    expect(j.frontends[0].count).toBe(releases.reduce((n, x) => n + x.added.length, 0));
  });

  it('--in 7.2: every name 7.2 registers, by frontend', async () => {
    const j = JSON.parse((await runCli(['rewrites', '--in', '7.2', '--json'])).stdout);
    expect(j.frontends.map((f: { frontend: string }) => f.frontend)).toEqual(['pytorch', 'tensorflow', 'onnx']);
    const torch = j.frontends[0].names as string[];
    expect(torch).toContain('_unique2');
    expect(torch).not.toContain('upsample_nearest2d.vec');
    expect(j.frontends[0].count).toBe(330);
    expect(j.frontends[2].count).toBe(0);
    const text = (await runCli(['rewrites', '--in', '5.2', '--frontend', 'onnx'])).stdout;
    expect(text).toMatch(/^ONNX: coremltools 5\.2 registers 109 op names/);
  });

  it('text: releases with their dates, what no longer converts', async () => {
    const r = await runCli(['rewrites', '--frontend', 'tensorflow', '--since', '5.0']);
    expect(r.stdout).toMatch(/^TensorFlow: \d+ op names added from coremltools 5\.0 on/);
    expect(r.stdout).toMatch(/ {2}5\.1 \(2021-11-09\)\n {4}no longer converts:\n {4}TensorListResize/);
  });

  it.each([
    [['--since', '8.5'], /--since "8\.5" is not a coremltools release; expected one of 4\.0, 4\.1,.* 9\.0, main$/],
    [['--since', '8.0', '--in', '7.2'], /--since and --in exclude each other/],
    [['relu', '--since', '8.0'], /--since lists the op registry by release; expected no OP with it/],
    [['--in', '7.2', '--frontend', 'mil'], /MIL ops come with deployment targets/],
    [['--in', '7.2', '--ane'], /--ane filters the catalogue list/],
  ])('usage error: %j', async (args, re) => {
    const r = await runCli(['rewrites', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(re);
  });
});
