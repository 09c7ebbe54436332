/**
 * The real logs that users pasted into public issues (../shared/corpus/convlogs, never copied here).
 * What each must yield was read off the log itself: the op it names (or none, when the paste is
 * cut before the error), the node, the outcome and how far conversion got.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openText } from '../../src/core/input.js';
import { parseConversionLog } from '../../src/convlog/parser.js';
import type { ConversionLog } from '../../src/convlog/model.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

interface Expect {
  ops: { op: string; frontend?: string; status?: 'unsupported' | 'failed'; nodes?: string[] }[];
  outcome: ConversionLog['outcome'];
  frontend?: ConversionLog['frontend'];
  coremltools?: string | null;
  /** The failing op ordinal from the frontend bar. */
  opIndex?: number;
  /** Diagnostic ids that must be present (with counts where given). */
  diagnostics?: Record<string, number | true>;
  cutStart?: boolean;
  cutEnd?: boolean;
  versions?: Record<string, string>;
}

const EXPECTED = new Map<string, Expect>([
  ['001-torch-lift_fresh-2115.log', { ops: [], outcome: 'unknown', frontend: 'pytorch', coremltools: '6.2', cutEnd: true, versions: { torch: '2.1.1' }, diagnostics: { 'torch.tracer-warning': true, 'env.untested-library-version': 1 } }],
  ['002-torch-pythonop-hubert-2051.log', { ops: [], outcome: 'failed', frontend: 'pytorch', opIndex: 68, cutEnd: true }],
  ['003-torch-pythonop-deformconv-1135.log', { ops: [{ op: 'pythonop', frontend: 'pytorch', status: 'unsupported' }], outcome: 'failed', frontend: 'pytorch', coremltools: '4.0-8.3', cutStart: true }],
  ['004-torch-linear-tf-warnings-1223.log', { ops: [], outcome: 'failed', coremltools: '4.0-5.0', opIndex: 385, versions: { tensorflow: '2.5.0', keras: '2.5.0' }, cutEnd: true }],
  ['005-torch-dim-script-progress-816.log', { ops: [], outcome: 'unknown', coremltools: '4.0-5.2', cutEnd: true }],
  ['006-torch-empty-gpt-unittest-1527.log', { ops: [], outcome: 'failed', opIndex: 169, cutEnd: true }],
  ['007-tf-switch-nodedef-1129.log', { ops: [{ op: 'Switch', frontend: 'tensorflow', status: 'unsupported', nodes: ['batch_normalization_12/cond/Switch'] }], outcome: 'failed', frontend: 'tensorflow' }],
  ['009-torch-inverse-dtype-2156.log', { ops: [{ op: 'inverse', status: 'failed', nodes: ['1309'] }], outcome: 'failed', diagnostics: { 'mil.input-dtype-mismatch': 1 } }],
  ['011-torch-gather-indices-fp32-quoted-2193.log', { ops: [], outcome: 'failed', frontend: 'pytorch', opIndex: 2440, cutEnd: true, diagnostics: { 'mil.value-downcast': 6, 'torch.tuple-output': 1 } }],
  ['013-torch-clip-alpha-dtype-ipython-1684.log', { ops: [], outcome: 'failed', cutEnd: true }],
  ['014-torch-rank6-reshape-mvit-1796.log', { ops: [{ op: 'reshape', status: 'failed', nodes: ['reshape_16'] }], outcome: 'failed', cutStart: true, diagnostics: { 'mil.rank-above-5': 1 } }],
  ['016-torch-full-keyerror-custom-logfmt-2268.log', { ops: [{ op: 'full', frontend: 'pytorch', status: 'failed', nodes: ['heads'] }], outcome: 'failed', frontend: 'pytorch', coremltools: '7.2+', opIndex: 1143 }],
  ['017-torch-detr-matmul-ipython-2155.log', { ops: [], outcome: 'failed', cutEnd: true }],
  ['018-torch-invalid-args-ipython-795.log', { ops: [], outcome: 'failed', opIndex: 28, cutEnd: true }],
  ['019-torch-min-inputs-userwarning-1436.log', { ops: [], outcome: 'failed', opIndex: 63, cutEnd: true, diagnostics: { 'python.user-warning': true, 'torch.tuple-output': 1 } }],
  ['020-torch-groupnorm-indexerror-1607.log', { ops: [], outcome: 'failed', frontend: 'pytorch', coremltools: '6.0', opIndex: 24, cutEnd: true }],
  ['023-torch-upsample_bicubic2d-jupyter-2175.log', { ops: [{ op: 'upsample_bicubic2d', frontend: 'pytorch', status: 'unsupported' }], outcome: 'failed', frontend: 'pytorch', cutStart: true }],
  ['030-env-libcoremlpython-linux-2465.log', { ops: [], outcome: 'unknown', diagnostics: { 'env.libcoremlpython-missing': true } }],
  ['032-torch-export-noinputs-deploytarget-2578.log', { ops: [], outcome: 'unknown', frontend: 'pytorch', coremltools: '8.2-8.3', cutEnd: true, diagnostics: { 'convert.default-target': 1, 'env.sklearn-unsupported': 1 } }],
  ['037-torch-success-pipeline-runtimewarning-voxcpm.log', { ops: [], outcome: 'converted', frontend: 'pytorch', diagnostics: { 'env.predict-unavailable': 1, 'mil.value-downcast': 1 } }],
  ['038-env-pytest-captured-log-optimum-executorch.log', { ops: [], outcome: 'unknown', coremltools: '8.2-8.3', diagnostics: { 'env.libcoremlpython-missing': true, 'env.untested-library-version': 1 } }],
  ['041-torch-deprecation-futurewarning-katago.log', { ops: [], outcome: 'unknown', coremltools: '7.1', versions: { torch: '2.1.1' }, diagnostics: { 'api.deprecated-function': 2 } }],
  ['045-onnx-coreml-unsupported-cast-floor-444.log', { ops: [{ op: 'Cast', frontend: 'onnx', status: 'unsupported' }, { op: 'Floor', frontend: 'onnx', status: 'unsupported' }], outcome: 'failed', frontend: 'onnx' }],
]);

const available = corpusAvailable();

describe.skipIf(!available)('corpus: real conversion logs', () => {
  const files = available ? readdirSync(corpusPath('convlogs')).filter((f) => f.endsWith('.log')).sort() : [];

  it('has an expectation for every log in the corpus', () => {
    expect(files.filter((f) => !EXPECTED.has(f))).toEqual([]);
  });

  for (const file of files) {
    const exp = EXPECTED.get(file);
    it(file, async () => {
      expect(exp, `no expectation for ${file}`).toBeDefined();
      if (!exp) return;
      const log = await parseConversionLog(await openText(corpusPath('convlogs', file), { what: 'log' }));
      expect(log.unsupportedOps.map((o) => o.op).sort()).toEqual(exp.ops.map((o) => o.op).sort());
      for (const e of exp.ops) {
        const got = log.unsupportedOps.find((o) => o.op === e.op);
        if (e.frontend) expect(got?.frontend).toBe(e.frontend);
        if (e.status) expect(got?.status).toBe(e.status);
        if (e.nodes) expect(got?.nodes).toEqual(e.nodes);
        expect(got?.lines.length).toBeGreaterThan(0);
      }
      expect(log.outcome).toBe(exp.outcome);
      if (exp.frontend) expect(log.frontend).toBe(exp.frontend);
      if (exp.coremltools !== undefined) expect(log.coremltoolsVersion).toBe(exp.coremltools);
      if (exp.opIndex !== undefined) expect(log.failure?.opIndex).toBe(exp.opIndex);
      if (exp.cutStart !== undefined) expect(log.cut.start).toBe(exp.cutStart);
      if (exp.cutEnd !== undefined) expect(log.cut.end).toBe(exp.cutEnd);
      for (const [k, v] of Object.entries(exp.versions ?? {})) expect(log.versions[k]).toBe(v);
      for (const [id, count] of Object.entries(exp.diagnostics ?? {})) {
        const ds = log.diagnostics.filter((d) => d.id === id);
        expect(ds.length, `diagnostic ${id}`).toBeGreaterThan(0);
        if (count !== true) expect(ds.reduce((n, d) => n + d.count, 0)).toBe(count);
      }
      // Nothing is invented: every op named was named on a line that exists.
      for (const o of log.unsupportedOps) for (const l of o.lines) expect(l).toBeLessThanOrEqual(log.lineCount);
    });
  }
});
