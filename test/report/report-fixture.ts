/**
 * A realistic report made through the whole pipeline (manifest → measurement → report) with an
 * injected trace reader, optionally with hostile names everywhere an input string can reach.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateManifest } from '../../src/report/manifest.js';
import type { Report } from '../../src/report/model.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import { REPO_ROOT } from '../helpers/corpus.js';
import { analysis, fakeReader, latencies, node, profile, series } from './fake-trace.js';

export const HOSTILE = '<img src=x onerror=alert(1)>';

export async function makeReport(opts: { hostile?: boolean } = {}): Promise<Report> {
  const h = opts.hostile === true;
  const dir = mkdtempSync(join(tmpdir(), 'report-render-'));
  for (const f of ['fp32.xml', 'int8.xml', 'pal.xml']) writeFileSync(join(dir, f), '<?xml version="1.0"?>\n<trace-query-result/>\n');
  writeFileSync(join(dir, 'convert.log'), await import('node:fs').then((fs) => fs.readFileSync(join(REPO_ROOT, 'fixtures/demo/logs/00-first-attempt.log'))));
  const frame = h ? `${HOSTILE}</script><script>alert(2)</script>` : '-[_ANEClient evaluateWithModel:options:request:qos:error:]';
  const tree = (ane: number, gpu: number) =>
    node('(all samples)', null, 0, [
      node('start', 'dyld', 0, [
        node('main', 'PoseWatch', 20e6, [
          node('-[MLModel predictionFromFeatures:error:]', 'CoreML', 30e6, [node(frame, 'AppleNeuralEngine', ane), node('-[MPSGraphExecutable encodeToCommandBuffer:]', 'MetalPerformanceShadersGraph', gpu)]),
        ]),
      ]),
    ]);
  const traces = new Map([
    ['fp32.xml', analysis('fp32.xml', [series('coreml-os-signpost', 'Prediction / PoseNet', latencies(240, 62, 2, 6, 95, 3))], [profile({ gpu: 120e6, coremlOverhead: 30e6, app: 20e6 }, tree(0, 120e6))])],
    ['int8.xml', analysis('int8.xml', [series('coreml-os-signpost', 'Prediction / PoseNet', latencies(240, 38, 0.8, 1, 60, 4))], [profile({ neuralEngine: 150e6, coremlOverhead: 30e6, app: 20e6 }, tree(150e6, 0))])],
    ['pal.xml', analysis('pal.xml', [series('coreml-os-signpost', 'Prediction / PoseNet', latencies(240, 37.4, 0.8, 1, 60, 5))], [profile({ neuralEngine: 140e6, coremlOverhead: 30e6, app: 20e6 }, tree(140e6, 0))])],
  ]);
  const metric = h ? 'top|1 `x`' : 'top1';
  const m = validateManifest(
    {
      model: h ? `${HOSTILE}.mlpackage` : 'PoseNet.mlpackage',
      device: h ? `Watch\u001b[31m ${HOSTILE}` : 'Apple Watch Series 7',
      budget: { preset: 'apple-watch-series-7', fps: 20, accuracyDrop: { [metric]: 1 } },
      steps: [
        { name: h ? HOSTILE : 'fp32', sizeBytes: 12_412_735, weightBits: 32, trace: 'fp32.xml', accuracy: { [metric]: 72.4, ['__proto__']: 0.5 }, log: 'convert.log', notes: h ? '[click](http://evil.example) **bold** | pipe' : 'GPU' },
        { name: h ? 'int8 | `tick` \u202e' : 'int8', sizeBytes: 3_107_560, trace: 'int8.xml', accuracy: { [metric]: 72.1 } },
        { name: 'pal6', sizeBytes: 2_297_041, trace: 'pal.xml', accuracy: { [metric]: 71.7 } },
        { name: 'pal4', sizeBytes: 1_540_000, latencyMs: { p50: 37, p90: 38, p99: 40, max: 44 }, accuracy: { [metric]: 70.2 } },
      ],
    },
    'pipeline.json',
    dir,
  );
  return measurePipeline(m, { readTrace: fakeReader(traces) });
}
