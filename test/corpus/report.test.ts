/**
 * The report on real files no one here wrote (../shared/corpus): Instruments exports of other
 * people's recordings and coremltools logs from public issues, measured through the real readers
 * and rendered by every renderer. What each must yield comes from the files themselves (rows
 * counted with a regex) or from the `trace` and `log` commands, which have their own corpus suites.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../src/cli/commands/report.js';
import { validateManifest } from '../../src/report/manifest.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import { renderReportHtml } from '../../src/render/report/html/page.js';
import { renderReportJson } from '../../src/render/report/json.js';
import { renderReportMarkdown } from '../../src/render/report/markdown.js';
import { renderReportText } from '../../src/render/report/text.js';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { corpusAvailable, corpusPath } from '../helpers/corpus.js';

const available = corpusAvailable();

describe.skipIf(!available)('corpus: the report on real exports and logs', () => {
  const traces = corpusPath('traces');
  const logs = available ? readdirSync(corpusPath('convlogs')).filter((f) => f.endsWith('.log')).sort() : [];
  const failing = logs.find((f) => f.includes('upsample')) ?? logs[0] ?? '';

  async function report() {
    const m = validateManifest(
      {
        device: 'Mac (x86_64)',
        steps: [
          { name: 'load', trace: 'xcode27-ModelLoadingTable.xml', interval: 'unloaded → loaded', sizeBytes: 1_000_000 },
          { name: 'profile', trace: ['xctraceprof-time-profile.xml', 'xcode27-ModelLoadingTable.xml'], sizeBytes: 900_000, log: corpusPath('convlogs', failing) },
          { name: 'deep copy', trace: 'instruments16-time-profile-deep-copy.txt' },
        ],
      },
      'corpus-pipeline.json',
      traces,
    );
    return measurePipeline(m, { readTrace });
  }

  it('takes the intervals a manifest names from a real Xcode 27 interval table', async () => {
    const r = await report();
    const direct = (await analyzeTraceFile(corpusPath('traces', 'xcode27-ModelLoadingTable.xml'))).intervals.find((s) => s.label === 'unloaded → loaded');
    const xml = readFileSync(corpusPath('traces', 'xcode27-ModelLoadingTable.xml'), 'utf8');
    const rows = (xml.match(/<row>/g) ?? []).length;
    expect(rows).toBe(22);
    expect(r.steps[0]?.latency).toMatchObject({ source: 'trace', label: 'unloaded → loaded', table: 'ModelLoadingTable', count: 9 });
    expect(r.steps[0]?.latency?.p99Ms).toBe(direct?.p99Ms);
    expect(r.steps[0]?.latency?.samplesMs).toHaveLength(9);
  });

  it('reads a real time profile, and says why a step has no latency', async () => {
    const r = await report();
    const profile = r.steps[1];
    const direct = (await analyzeTraceFile(corpusPath('traces', 'xctraceprof-time-profile.xml'))).profiles[0];
    expect(profile?.engines).toMatchObject({ unit: 'ns', table: 'time-profile', file: 'xctraceprof-time-profile.xml' });
    expect(profile?.engines?.total).toBe(direct?.totalWeight);
    // The call tree holds the samples that have a stack (3 of the 105 rows have none).
    expect(profile?.engines?.callTree?.total).toBe((direct?.totalWeight ?? 0) - (direct?.noStackWeight ?? 0));
    expect(direct?.noStackWeight).toBe(3_000_000);
    expect(profile?.latency).toBeNull();
    expect(profile?.warnings?.some((w) => w.startsWith('no latency from xctraceprof-time-profile.xml, xcode27-ModelLoadingTable.xml: no Core ML Prediction intervals'))).toBe(true);
    expect(r.steps[2]?.engines?.table).toBe('deep-copy');
  });

  it('flags a real failed conversion', async () => {
    const r = await report();
    expect(r.steps[1]?.log?.outcome).toBe('failed');
    expect(r.flags.some((f) => f.step === 'profile' && f.kind === 'conversion-problem')).toBe(true);
  });

  it('renders real symbol names in every format, escaped', async () => {
    const r = await report();
    const html = renderReportHtml(r);
    expect(html).toContain('lsl::Allocator::persistentAllocator(lsl::MemoryManager&amp;&amp;)');
    expect(html.match(/<svg class="chart flame"/g)?.length).toBe(2);
    expect(renderReportText(r)).toContain('Where CPU time goes');
    expect(renderReportMarkdown(r)).toContain('| load |');
    expect(JSON.parse(renderReportJson(r)).steps).toHaveLength(3);
  });
});

describe.skipIf(!available)('corpus: report and gate read real models', () => {
  it('the YOLO package (13) and a package without its weights (21): facts, the memory plan, the model rows', async () => {
    const yolo = corpusPath('models', '13-pipeline-mlprogram-lut8-nms-yolo11n', 'yolo11n.mlpackage');
    const rtm = corpusPath('models', '21-partial-mlpackage-overlays-weights-absent', 'rtmpose-m.mlpackage');
    const m = validateManifest(
      {
        budget: { weightBits: 8, minimumOS: { iOS: '16.0' }, computePrecision: { forbid: ['fp32'] }, flexibleInputs: false },
        steps: [
          { name: 'yolo', model: yolo, latencyMs: [10, 11, 12] },
          { name: 'rtmpose', model: rtm },
        ],
      },
      'pipeline.json',
      corpusPath('models'),
    );
    const r = await measurePipeline(m, { readTrace });
    const [y, p] = r.steps;
    // What models.test.ts reads off the same package (checked there against INDEX.md and MODELS.md).
    expect(y?.model).toMatchObject({ parameters: 2_641_448, compression: ['palettized 8-bit'], computePrecision: 'fp16', minimumOS: { iOS: '16.0', watchOS: '9.0' } });
    expect(y?.weightBitsSource).toBe('model');
    expect(r.memoryPlanBasis).toMatchObject({ step: 'yolo', parameters: 2_641_448, bitsSource: 'model' });
    expect(p?.model?.weightsPresent).toBe(false);
    expect(p?.warnings?.some((w) => w.startsWith('WEIGHTS MISSING in '))).toBe(true);
    const verdicts = (s: typeof y) => s?.targets.flatMap((t) => t.verdicts.map((v) => [v.assertion, v.status])) ?? [];
    // 2,696,612 bytes of weights over 2,641,448 parameters: 8.17 bits, over 8 (the LUTs count).
    expect(y?.model?.bitsPerWeight).toBeCloseTo((2_696_612 * 8) / 2_641_448, 6);
    expect(verdicts(y)).toEqual([
      ['weightBits', 'fail'],
      ['minimumOS.iOS', 'pass'],
      ['computePrecision', 'pass'],
      ['flexibleInputs', 'pass'],
    ]);
    expect(verdicts(p)[0]).toEqual(['weightBits', 'not-measured']);
  });
});
