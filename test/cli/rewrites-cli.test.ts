import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';

const DEMO = 'fixtures/demo/logs/00-first-attempt.log';

describe('coreml-doctor rewrites', () => {
  it('lists the catalogue in 80 columns off a terminal: a line of facts per entry, its rewrite under it', async () => {
    const r = await runCli(['rewrites']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Core ML rewrites: (\d+) of \1 entries$/);
    expect(lines[1]).toMatch(/^Op \/ pattern +Frontends +Native +ANE$/);
    const at = lines.findIndex((l) => l.startsWith('upsample_bicubic2d '));
    expect(lines[at]).toMatch(/^upsample_bicubic2d +torch +main only +ok$/);
    expect(lines[at + 1]).toMatch(/^ {4}Replace the bicubic/);
    expect(r.stdout).toMatch(/^pixel_unshuffle +torch mil +6\.0\+ \(iOS16\) +/m);
    // The columns line up: every facts line puts its frontends where the heads put "Frontends".
    const col = (lines[1] as string).indexOf('Frontends');
    expect((lines[at] as string).indexOf('torch')).toBe(col);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).not.toMatch(/[│┌└]/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
    // Every entry is listed.
    const n = Number(/of (\d+) entries/.exec(lines[0] as string)?.[1]);
    const facts = lines.filter((l, i) => /^\S/.test(l) && /^ {4}\S/.test(lines[i + 1] ?? ''));
    expect(facts).toHaveLength(n);
  });

  it('draws a table on a wide terminal, wrapped to its width', async () => {
    const r = await runCli(['rewrites', '--no-color'], { isTTY: true, columns: 120 });
    expect(r.stdout).toMatch(/│ Op \/ pattern +│ Frontends +│ Native +│ ANE +│ Rewrite +│/);
    expect(r.stdout).toMatch(/│ upsample_bicubic2d +│ torch +│ main only +│ ok +│ Replace the bicubic/);
    expect(r.stdout).toMatch(/│ pixel_unshuffle +│ torch mil +│ 6\.0\+ \(iOS16\) +│/);
    for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(120);
  });

  it('filters by frontend and by Neural Engine relevance', async () => {
    const all = JSON.parse((await runCli(['rewrites', '--json'])).stdout);
    const tf = JSON.parse((await runCli(['rewrites', '--frontend', 'tensorflow', '--json'])).stdout);
    const ane = JSON.parse((await runCli(['rewrites', '--ane', '--json'])).stdout);
    expect(all).toMatchObject({ schemaVersion: 1, kind: 'rewrites', filters: { frontend: null, ane: false } });
    expect(all.count).toBe(all.total);
    expect(tf.count).toBeGreaterThan(5);
    expect(tf.count).toBeLessThan(all.count);
    for (const e of tf.entries) expect(e.frontends).toContain('tensorflow');
    expect(tf.entries.map((e: { id: string }) => e.id)).toContain('Switch');
    for (const e of ane.entries) expect(['high', 'medium']).toContain(e.ane.risk);
    expect(ane.count).toBeLessThan(all.count);
    const text = await runCli(['rewrites', '--frontend', 'onnx']);
    expect(text.stdout.split('\n')[0]).toMatch(/entries \(frontend onnx\)$/);
  });

  it('shows one entry in full for any spelling', async () => {
    const r = await runCli(['rewrites', 'aten::upsample_bicubic2d_']);
    expect(r.code).toBe(0);
    // Off a terminal the page is 80 columns: a title that does not fit beside the id goes under it.
    expect(r.stdout).toMatch(/^upsample_bicubic2d\n {2}Bicubic resize/);
    expect(r.stdout).toMatch(/ {2}Native +only on coremltools main/);
    expect(r.stdout).toMatch(/ {2}First fix +coremltools main \(unreleased\)/);
    expect(r.stdout).toMatch(/Snippet 1\/2 \(PyTorch model change\):\s+Drop-in module/);
    expect(r.stdout).toContain('    class BicubicResize(nn.Module):');
    expect(r.stdout).toContain('@register_torch_op(override=True)');
    expect(r.stdout).toMatch(/Neural Engine {2}Neural Engine friendly/);
    expect(r.stdout).toContain('https://github.com/apple/coremltools/issues/2175');
  });

  it('says which alias matched', async () => {
    const r = await runCli(['rewrites', 'tf.raw_ops.Einsum']);
    expect(r.stdout).toMatch(/Matched +"tf\.raw_ops\.Einsum" is an alias of einsum/);
  });

  it('writes one entry as versioned JSON', async () => {
    const r = await runCli(['rewrites', "'Upsample'", '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schemaVersion: 1, kind: 'rewrite', query: "'Upsample'", matched: 'Upsample', entry: { id: 'Upsample', frontends: ['onnx'] } });
    expect(j.entry.firstFix).toBe(j.entry.summary);
    expect(j.entry.snippets[0].code).toContain('ct.convert');
  });

  it('writes one entry as Markdown with fenced snippets', async () => {
    const r = await runCli(['rewrites', 'rank-above-5', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### `rank-above-5`: A tensor of rank 6 or more/);
    expect(r.stdout).toContain('```python\nimport torch\n');
    expect(r.stdout).toContain('- coremltools #1796: rank-6 reshape in MViT: <https://github.com/apple/coremltools/issues/1796>');
    // Fences balance: an even number of ``` lines.
    expect((r.stdout.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('lists as a Markdown table with escaped cells', async () => {
    const r = await runCli(['rewrites', '--format', 'markdown']);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(80);
    // Five columns: exactly six unescaped pipes per row.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(6);
  });

  it('colours only on a terminal, never with NO_COLOR, and wraps to the terminal width', async () => {
    expect((await runCli(['rewrites', 'gather'], { isTTY: true })).stdout).toMatch(/\u001b\[1m/);
    expect((await runCli(['rewrites', 'gather'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runCli(['rewrites', 'gather', '--no-color'], { isTTY: true })).stdout).not.toMatch(/\u001b\[/);
    let out = '';
    const io = { stdout: { write: (c: string) => (out += c), isTTY: true, columns: 80 }, stderr: { write: () => true }, stdin: Readable.from([]), env: { NO_COLOR: '1' }, cwd: process.cwd() };
    expect(await main(['rewrites', 'gather'], io)).toBe(0);
    // Prose wraps at 80 columns; snippet code (indented by 4) is shown as written.
    for (const l of out.split('\n').filter((x) => !x.startsWith('    '))) expect(l.length).toBeLessThanOrEqual(80);
    expect(out).toContain('  Why it fails');
  });

  describe('a name without an entry is answered from the op registry; what is no op name: one line, exit 2', () => {
    it('a name no release registers: said so, with the nearest entries', async () => {
      const r = await runCli(['rewrites', 'upsample_bicubc']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^upsample_bicubc {2}PyTorch op, no catalogue entry/);
      expect(r.stdout).toMatch(/Native +no coremltools release registers it/);
      expect(r.stdout).toMatch(/Nearest +upsample_bicubic2d, .*upsample_bilinear2d/);
    });

    it('text that is no op name', async () => {
      const r = await runCli(['rewrites', 'two words']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(/^coreml-doctor: rewrites: "two words" is no op name; expected an op as a log prints it/);
    });

    it('an unknown frontend', async () => {
      const r = await runCli(['rewrites', '--frontend', 'caffe']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Allowed choices are pytorch, tensorflow, onnx, mil/);
    });
  });
});

describe('coreml-doctor log attaches the rewrites', () => {
  it('JSON: unsupportedOps[].rewrite = { id, summary, nativeSince, snippet, firstFix }', async () => {
    const j = JSON.parse((await runCli(['log', DEMO, '--json'])).stdout);
    const rw = j.unsupportedOps[0].rewrite;
    expect(Object.keys(rw).sort()).toEqual(['firstFix', 'id', 'inCatalogue', 'nativeSince', 'snippet', 'summary']);
    expect(rw.inCatalogue).toBe(true);
    expect(rw).toMatchObject({ id: 'upsample_bicubic2d', nativeSince: null });
    expect(rw.firstFix).toMatch(/^coremltools main \(unreleased\) converts `upsample_bicubic2d`/);
    expect(rw.snippet).toContain('class BicubicResize');
  });

  it('text: the first fix inline, and where to read the rest', async () => {
    const r = await runCli(['log', DEMO]);
    expect(r.stdout).toMatch(/\n {6}fix {4}coremltools main \(unreleased\) converts `upsample_bicubic2d`/);
    expect(r.stdout).toContain('coreml-doctor rewrites upsample_bicubic2d');
  });

  it('Markdown: the first fix in the ops table', async () => {
    const r = await runCli(['log', DEMO, '--format', 'markdown']);
    const row = r.stdout.split('\n').find((l) => l.startsWith('| `upsample_bicubic2d`'));
    // Our code spans stay code in Markdown (issue 13): `upsample_bicubic2d` is a code span, not escaped backticks.
    expect(row).toContain('| coremltools main (unreleased) converts `upsample_bicubic2d`; until a release does:');
  });
});
