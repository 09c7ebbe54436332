/**
 * Model load, compile and first prediction (src/trace/startup.ts) from our fixtures, which
 * fixtures/traces/generate-intervals.mjs writes: each expectation is worked out from the rows the
 * generator lists (durations in ns there, ms here).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import { STARTUP_RULES } from '../../src/trace/startup.js';
import { renderTraceJson } from '../../src/render/trace/json.js';
import { runCli } from '../helpers/cli.js';

describe('two launches of a Watch app (coreml-os-signpost Load, Compile, Prediction)', async () => {
  const a = await analyzeTraceFile('fixtures/traces/watch-startup.xml');
  const s = a.startup;

  it('has two loads (1840.125 ms uncached, 412.25 ms cached) and the one compile inside the first', () => {
    expect(s?.load).toMatchObject({ count: 2, p50Ms: (1840.125 + 412.25) / 2, maxMs: 1840.125, minMs: 412.25 });
    expect(s?.compile).toMatchObject({ count: 1, p50Ms: 1210.5, maxMs: 1210.5 });
    expect(s?.tables).toEqual([{ run: 1, table: 'coreml-os-signpost', rule: 'the coreml-os-signpost rule' }]);
  });

  it('takes the first prediction after each load, not the later ones', () => {
    // Launch 1: 96.375 ms, then 21.25, 22.125 … ; launch 2: 64.625 ms, then 20.625 …
    expect(s?.firstPrediction).toMatchObject({ count: 2, p50Ms: (96.375 + 64.625) / 2, maxMs: 96.375, minMs: 64.625 });
    expect(Array.from(s?.firstPrediction?.durationsMs ?? [])).toEqual([96.375, 64.625]);
    expect(s?.models).toEqual([{ id: 'SleepStager', load: 2, compile: 1, firstPrediction: 2 }]);
  });

  it('leaves the intervals as they were: every prediction is still latency', () => {
    expect(a.intervals.map((i) => [i.label, i.count])).toEqual([
      ['Prediction / SleepStager', 9],
      ['CPU / SleepStager', 2],
      ['Load / SleepStager', 2],
      ['Compile / SleepStager', 1],
    ]);
  });

  it('writes start-up into the JSON without the durations', () => {
    const j = JSON.parse(renderTraceJson(a)) as { startup: { load: Record<string, unknown>; firstPrediction: Record<string, unknown> } };
    expect(j.startup.load).toEqual({ count: 2, p50Ms: 1126.1875, p90Ms: 1697.3375, maxMs: 1840.125, minMs: 412.25, meanMs: 1126.1875, totalMs: 2252.375 });
    expect(j.startup.firstPrediction).not.toHaveProperty('durationsMs');
  });
});

describe('ModelLoadingTable (the real Xcode 27 schema)', async () => {
  const a = await analyzeTraceFile('fixtures/traces/model-loading.xml');

  it('counts a transition into "loaded" as a load, from "unloaded" or from "dynamicMode"; unloads are not', () => {
    // 96.41225 (dynamicMode → loaded), 281.530041, 517.204667, 44.876125 ms.
    expect(a.startup?.load).toMatchObject({ count: 4, p50Ms: (96.41225 + 281.530041) / 2, maxMs: 517.204667, minMs: 44.876125 });
    expect(a.startup?.compile).toBeNull();
    expect(a.startup?.firstPrediction).toBeNull();
    expect(a.startup?.models.map((m) => [m.id, m.load])).toEqual([
      ['com.example.sleep.stager.base', 1],
      ['com.example.sleep.stager.tokenizer', 1],
      ['com.example.sleep.stager.encoder', 1],
      ['com.example.sleep.safety.configuration', 1],
    ]);
  });
});

/** A coreml-os-signpost export of the given rows: [start ns, duration ns, model, event]. */
function signposts(rows: [number, number, string, string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  const head = readFileSync('fixtures/traces/watch-startup.xml', 'utf8').split('\n').slice(0, 3).join('\n');
  const body = rows
    .map(([t, d, m, e]) => `<row><start-time fmt="x">${t}</start-time><duration fmt="x">${d}</duration><coreml-model-name fmt="${m}">${m}</coreml-model-name><coreml-model-event fmt="${e}">${e}</coreml-model-event><sentinel/><sentinel/></row>`)
    .join('\n');
  const path = join(dir, 'rows.xml');
  writeFileSync(path, `${head}\n${body}\n</node></trace-query-result>\n`);
  return path;
}

describe('pairing a first prediction with its load', () => {
  it('pairs by model: a prediction of another model is not the first of this one', async () => {
    const a = await analyzeTraceFile(
      signposts([
        [1_000_000, 50_000_000, 'A-1', 'Load'],
        [60_000_000, 5_000_000, 'B-1', 'Prediction'],
        [70_000_000, 7_000_000, 'A-2', 'Prediction'],
        [80_000_000, 3_000_000, 'A-1', 'Prediction'],
      ]),
    );
    expect(Array.from(a.startup?.firstPrediction?.durationsMs ?? [])).toEqual([7]);
    expect(a.startup?.models).toEqual([{ id: 'A', load: 1, compile: 0, firstPrediction: 1 }]);
  });

  it('has no first prediction for predictions before any load, and a second load before a prediction replaces the first', async () => {
    const a = await analyzeTraceFile(
      signposts([
        [1_000_000, 4_000_000, 'A-1', 'Prediction'],
        [10_000_000, 30_000_000, 'A-1', 'Load'],
        [50_000_000, 20_000_000, 'A-1', 'Load'],
        [80_000_000, 9_000_000, 'A-1', 'Prediction'],
        [90_000_000, 0, 'A-1', 'Load'],
      ]),
    );
    // The 0 duration is "no data": not a load.
    expect(a.startup?.load?.count).toBe(2);
    expect(Array.from(a.startup?.firstPrediction?.durationsMs ?? [])).toEqual([9]);
  });

  it('gives no start-up section for a Core ML table without loads or compiles', async () => {
    const a = await analyzeTraceFile('fixtures/traces/coreml-os-signpost.xml');
    expect(a.startup).toBeUndefined();
  });
});

describe('trace text', () => {
  it('shows the Start-up section before the profiles and intervals', async () => {
    const r = await runCli(['trace', 'fixtures/traces/watch-startup.xml']);
    expect(r.code).toBe(0);
    const at = r.stdout.indexOf('Start-up');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(r.stdout.indexOf('Intervals'));
    expect(r.stdout).toMatch(/│ Load +│ +2 │ 1126\.2 │ 1840\.1 │/);
    expect(r.stdout).toMatch(/│ First prediction │ +2 │ +80\.50 │ +96\.38 │/);
    expect(r.stdout).toContain('SleepStager  2 loads, 1 compile, 2 first predictions');
  });

  it('has the same section in Markdown', async () => {
    const r = await runCli(['trace', 'fixtures/traces/watch-startup.xml', '--format', 'markdown']);
    expect(r.stdout).toContain('| Load | 2 | 1126.2 | 1840.1 | 2252.4 |\n| Compile | 1 | 1210.5 | 1210.5 | 1210.5 |\n| First prediction | 2 | 80.50 | 96.38 | 161.0 |');
    expect(r.stdout).toContain('| `SleepStager` | 2 loads, 1 compile, 2 first predictions |');
  });
});

describe('docs/trace.md', () => {
  it('names the table of every start-up rule', () => {
    const docs = readFileSync('docs/trace.md', 'utf8');
    for (const r of STARTUP_RULES) expect(docs, r.schema.source).toContain('`' + r.schema.source.replace(/^\^|\$$/g, '') + '`');
  });
});
