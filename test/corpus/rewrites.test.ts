/**
 * The rewrites catalogue against the real logs (../shared/corpus/convlogs): every op a log names
 * has an entry, `log` shows its first fix in every format, and `rewrites` answers for every
 * spelling the logs print. What each op must get was read off the log and its issue thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstFix } from '../../src/rewrites/advice.js';
import { entryById } from '../../src/rewrites/lookup.js';
import type { RewriteEntry } from '../../src/rewrites/schema.js';
import { runCli } from '../helpers/cli.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

/** Every op name a raw log prints, with the frontend whose message printed it (placeholders of cut source lines left out). */
const PRINTED: readonly [RegExp, string][] = [
  [/convert function for op '?([^'\s]+?)'? not implemented/g, 'pytorch'],
  [/ERROR - converting '([^']+)' op/g, 'pytorch'],
  [/Unsupported fx node .*?kind (\S+)/g, 'pytorch'],
  [/Conversion for TF op '([^']+)' not implemented/g, 'tensorflow'],
  [/Unsupported ONNX ops of type: ([\w,]+)/g, 'onnx'],
  [/\(op_type: (\w+)\)/g, 'mil'],
  [/with type "(\w+)", outputs a rank/g, 'mil'],
];

function printedOps(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [re, frontend] of PRINTED) {
    for (const m of text.matchAll(re)) for (const name of (m[1] as string).split(',')) if (name && !/[{}]/.test(name)) out.push([name, frontend]);
  }
  return out;
}

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

      // Wide enough that the first fix is on one line (off a terminal the text wraps at 80 columns).
      const text = (await runCli(['log', path, '--no-color'], { isTTY: true, columns: 200 })).stdout;
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

  it('rewrites answers every op name the raw logs print, for the frontend that printed it', async () => {
    const seen: string[] = [];
    for (const file of files) {
      for (const [name, frontend] of printedOps(readFileSync(corpusPath('convlogs', file), 'utf8'))) {
        const r = await runCli(['rewrites', name, '--frontend', frontend, '--json']);
        expect(r.code, `${file}: rewrites ${name} --frontend ${frontend}`).toBe(0);
        const j = JSON.parse(r.stdout);
        expect(j.frontend, name).toBe(frontend);
        expect(j.firstFix.length, name).toBeGreaterThan(20);
        if (frontend !== 'mil') expect(j.registry, name).not.toBeNull();
        seen.push(`${frontend}:${name}`);
      }
    }
    expect(seen.sort()).toEqual(['mil:inverse', 'mil:reshape', 'onnx:Cast', 'onnx:Floor', 'pytorch:full', 'pytorch:pythonop', 'pytorch:upsample_bicubic2d', 'tensorflow:Switch']);
  });

  it('the first fixes use the version each log shows: no upgrade to a release the log is not older than', async () => {
    for (const file of files) {
      const j = JSON.parse((await runCli(['log', corpusPath('convlogs', file), '--json'])).stdout);
      const min = j.coremltools.min as string | null;
      for (const op of j.unsupportedOps as JsonOp[]) {
        const up = /[Uu]pgrade (?:coremltools )?to (\d+\.\d+)/.exec(op.rewrite?.firstFix ?? '');
        if (!up) continue;
        expect(up[1], `${file} ${op.op}`).not.toBe('4.0');
        if (min) expect(Number(up[1]) > Number(min), `${file} ${op.op}: ${op.rewrite?.firstFix}`).toBe(true);
      }
    }
  });

  it('for the logs cut before their op, the advice their inferred version would get says which release adds it', async () => {
    // Ops and versions as INDEX.md and `log` give them; the op status is what the issue thread shows.
    const cases: [string, string, RegExp][] = [
      ['001-torch-lift_fresh-2115.log', 'lift_fresh', /^coremltools 6\.2 has no converter for `lift_fresh`; 7\.0 adds it: upgrade to 7\.0 or newer/],
      ['004-torch-linear-tf-warnings-1223.log', 'linear', /^coremltools 4\.0-5\.0 has no converter for `linear`; 5\.0 adds it/],
      ['005-torch-dim-script-progress-816.log', 'dim', /^coremltools 4\.0-5\.2 has no converter for `dim`; 5\.2 adds it/],
      ['006-torch-empty-gpt-unittest-1527.log', 'empty', /^coremltools 4\.0-5\.2 has no converter for `empty`; 6\.0 adds it/],
    ];
    for (const [file, op, re] of cases) {
      const j = JSON.parse((await runCli(['log', corpusPath('convlogs', file), '--json'])).stdout);
      expect(firstFix(entryById(op) as RewriteEntry, { version: j.coremltools, opStatus: 'unsupported', op }), file).toMatch(re);
    }
  });

  it('answers for the problems INDEX.md lists for the logs that are cut before their op', async () => {
    const spellings = ['lift_fresh', 'aten::linear', 'dim', 'empty', 'gather', 'clip', 'torch.clamp', 'matmul', 'group_norm', 'min', 'to', 'aten::_to_copy'];
    for (const s of spellings) {
      const r = await runCli(['rewrites', s]);
      expect(r.code, `rewrites ${s}`).toBe(0);
    }
  });
});
