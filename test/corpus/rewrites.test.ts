/**
 * The rewrites catalogue against the real logs (../shared/corpus/convlogs): every op a log names
 * has an entry, `log` shows its first fix in every format, and `rewrites` answers for every
 * spelling the logs print. What each op must get was read off the log and its issue thread.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

/** Per log: op → entry id and what the first fix must start with. */
const EXPECTED = new Map<string, Map<string, { id: string; fix: RegExp }>>([
  ['003-torch-pythonop-deformconv-1135.log', new Map([['pythonop', { id: 'pythonop', fix: /^Re-implement the custom autograd\.Function/ }]])],
  ['007-tf-switch-nodedef-1129.log', new Map([['Switch', { id: 'Switch', fix: /^Export the graph in inference mode/ }]])],
  ['009-torch-inverse-dtype-2156.log', new Map([['inverse', { id: 'inverse', fix: /^Cast to float before the reciprocal/ }]])],
  ['014-torch-rank6-reshape-mvit-1796.log', new Map([['reshape', { id: 'rank-above-5', fix: /^Merge two adjacent axes/ }]])],
  ['016-torch-full-keyerror-custom-logfmt-2268.log', new Map([['full', { id: 'full', fix: /^Fixed in coremltools 8\.0 .*upgrade if you are older \(this log: 7\.2\+\)/ }]])],
  ['023-torch-upsample_bicubic2d-jupyter-2175.log', new Map([['upsample_bicubic2d', { id: 'upsample_bicubic2d', fix: /^coremltools main \(unreleased\) converts `upsample_bicubic2d`/ }]])],
  [
    '045-onnx-coreml-unsupported-cast-floor-444.log',
    new Map([
      ['Cast', { id: 'Cast', fix: /^Convert the PyTorch \(or TF\) model directly/ }],
      ['Floor', { id: 'Floor', fix: /^Convert the source model with ct\.convert/ }],
    ]),
  ],
]);

interface JsonOp {
  op: string;
  spellings: string[];
  rewrite: { id: string; summary: string; nativeSince: string | null; snippet: string | null; firstFix: string } | null;
}

const available = corpusAvailable();

describe.skipIf(!available)('corpus: rewrites for the ops real logs name', () => {
  const files = available ? readdirSync(corpusPath('convlogs')).filter((f) => f.endsWith('.log')).sort() : [];

  for (const file of files) {
    it(file, async () => {
      const path = corpusPath('convlogs', file);
      const json = await runCli(['log', path, '--json']);
      expect(json.code).toBe(0);
      const ops = JSON.parse(json.stdout).unsupportedOps as JsonOp[];
      const want = EXPECTED.get(file) ?? new Map();
      expect(ops.map((o) => o.op).sort()).toEqual([...want.keys()].sort());
      if (!ops.length) return;

      const text = (await runCli(['log', path])).stdout;
      const markdown = (await runCli(['log', path, '--format', 'markdown'])).stdout;
      for (const op of ops) {
        const exp = want.get(op.op);
        // Every op a log names has an entry, with a fix and a snippet.
        expect(op.rewrite, `${op.op} has a rewrite`).not.toBeNull();
        expect(op.rewrite?.id).toBe(exp?.id);
        expect(op.rewrite?.firstFix).toMatch(exp?.fix as RegExp);
        expect(op.rewrite?.snippet).toBeTruthy();
        // The text and Markdown renderings show that first fix inline.
        expect(text).toContain(`coreml-doctor rewrites ${op.rewrite?.id}`);
        expect(text).toContain(`fix    ${(op.rewrite?.firstFix ?? '').slice(0, 60)}`);
        const row = markdown.split('\n').find((l) => l.startsWith('| `' + op.op + '`'));
        expect(row, `Markdown row for ${op.op}`).toBeDefined();
        expect((row ?? '').split(' | ').at(-1)?.length).toBeGreaterThan(20);

        // `rewrites` answers for every spelling the log printed, and for the normalised name.
        for (const spelling of new Set([op.op, ...op.spellings])) {
          const r = await runCli(['rewrites', spelling, '--json']);
          expect(r.code, `rewrites ${spelling}`).toBe(0);
          expect(JSON.parse(r.stdout).entry.id).toBeTruthy();
        }
      }
    });
  }

  it('answers for the problems INDEX.md lists for the logs that are cut before their op', async () => {
    const spellings = ['lift_fresh', 'aten::linear', 'dim', 'empty', 'gather', 'clip', 'torch.clamp', 'matmul', 'group_norm', 'min', 'to', 'aten::_to_copy'];
    for (const s of spellings) {
      const r = await runCli(['rewrites', s]);
      expect(r.code, `rewrites ${s}`).toBe(0);
    }
  });
});
