/**
 * Big pipelines (issue 15): a file several steps name is read once (by real path), reads may run
 * ahead of the steps (concurrency) with the same measurements in the same order, a failing step fails
 * with the error it failed with one step at a time, and each profile's call tree is kept only as far
 * as the flame graph draws it.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/budget/bootstrap.js';
import { InputError } from '../../src/core/errors.js';
import { flameGraph } from '../../src/render/report/html/flame.js';
import { flameTree, FLAME_MAX_DEPTH, FLAME_MIN_SHARE, keepForReport } from '../../src/report/flame-tree.js';
import { validateManifest } from '../../src/report/manifest.js';
import { measurePipeline } from '../../src/report/pipeline.js';
import type { TraceReader } from '../../src/report/trace-select.js';
import { analyzeTraceFile } from '../../src/trace/analyze.js';
import type { CallTreeNode, CompactCallTree, ProfileSummary, TraceAnalysis } from '../../src/trace/model.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateApp } from '../bench/gen-xctrace-app.mjs';
import { analysis, latencies, node, profile, series } from './fake-trace.js';

const dir = mkdtempSync(join(tmpdir(), 'report-step-files-'));
const NAMES = ['a.xml', 'b.xml', 'c.xml', 'd.xml', 'bad.xml', 'worse.xml'];
for (const f of NAMES) writeFileSync(join(dir, f), '<?xml version="1.0"?>\n<trace-query-result/>\n');
symlinkSync(join(dir, 'a.xml'), join(dir, 'link-to-a.xml'));

/** A random call tree as the trace analysis makes one: children by total, descending. */
function randomTree(seed: number, nodes: number, maxDepth = 90): CallTreeNode {
  const rand = mulberry32(seed);
  let made = 0;
  const grow = (depth: number): CallTreeNode => {
    made++;
    const kids: CallTreeNode[] = [];
    const fan = depth > maxDepth ? 0 : Math.floor(rand() * rand() * 6) + (depth < 70 ? 1 : 0);
    for (let i = 0; i < fan && made < nodes; i++) kids.push(grow(depth + 1));
    return node(`f${made}`, `bin${made % 7}`, Math.floor(rand() * rand() * 1000), kids);
  };
  return grow(0);
}

function count(n: CallTreeNode): number {
  return 1 + n.children.reduce((a, c) => a + count(c), 0);
}

const tree = randomTree(7, 60_000);

function traceOf(file: string, seed: number): TraceAnalysis {
  return analysis(file, [series('coreml-os-signpost', 'Prediction / PoseNet', latencies(200, 20 + seed, 1, 2, 60, seed))], [profile({ neuralEngine: 100e6 * seed, app: 7e6 }, randomTree(seed, 3000))]);
}

/** A reader over the files of `dir`, by real content, that counts its reads and takes its time. */
function countingReader(delays: Record<string, number> = {}): TraceReader & { reads: string[] } {
  const reads: string[] = [];
  const byFile = new Map(NAMES.map((f, i) => [f, traceOf(f, i + 1)]));
  const reader: TraceReader = async (path, o) => {
    const base = path.split('/').pop() as string;
    const real = base === 'link-to-a.xml' ? 'a.xml' : base;
    reads.push(real);
    await new Promise((r) => setTimeout(r, delays[real] ?? 1));
    if (real === 'bad.xml') throw new InputError(o.displayName, 'line 3', 'bad step two', 'an export');
    if (real === 'worse.xml') throw new InputError(o.displayName, 'line 1', 'bad step three', 'an export');
    return byFile.get(real) as TraceAnalysis;
  };
  return Object.assign(reader, { reads });
}

const manifest = (traces: string[][]) => validateManifest({ steps: traces.map((trace, i) => ({ name: `s${i + 1}`, sizeBytes: 1000 - i, trace })) }, 'pipeline.json', dir);

describe('the files behind the steps', () => {
  it('reads a file that several steps name once, whatever path names it (real path)', async () => {
    const m = manifest([['a.xml'], ['./a.xml'], ['link-to-a.xml'], ['b.xml', 'a.xml'], ['a.xml']]);
    const reader = countingReader();
    const r = await measurePipeline(m, { readTrace: reader });
    expect(reader.reads.sort()).toEqual(['a.xml', 'b.xml']);
    const alone = await measurePipeline(manifest([['a.xml'], ['b.xml', 'a.xml']]), { readTrace: countingReader() });
    const figures = (l: unknown) => ({ ...(l as object), file: null });
    expect(r.steps.map((s) => figures(s.latency))).toEqual([0, 0, 0, 1, 0].map((i) => figures(alone.steps[i]?.latency)));
    expect(r.steps.map((s) => s.latency?.file)).toEqual(['a.xml', './a.xml', 'link-to-a.xml', 'b.xml', 'a.xml']);
    expect(r.steps.map((s) => s.engines?.total)).toEqual([0, 0, 0, 1, 0].map((i) => alone.steps[i]?.engines?.total));
    // The files keep the names each step gives them.
    expect(r.steps.map((s) => s.files?.trace)).toEqual([['a.xml'], ['./a.xml'], ['link-to-a.xml'], ['b.xml', 'a.xml'], ['a.xml']]);
  });

  it('measures the same steps, in order, with reads ahead of the steps as one by one', async () => {
    const m = manifest([['d.xml'], ['c.xml', 'a.xml'], ['b.xml'], ['a.xml'], ['c.xml']]);
    const slow = { d: 40, c: 5, a: 25, b: 1 };
    const delays = Object.fromEntries(Object.entries(slow).map(([k, v]) => [`${k}.xml`, v]));
    const serial = await measurePipeline(m, { readTrace: countingReader(delays) });
    for (const concurrency of [2, 4, 8]) {
      const reader = countingReader(delays);
      const parallel = await measurePipeline(m, { readTrace: reader, concurrency });
      expect(parallel).toEqual(serial);
      expect(reader.reads.sort()).toEqual(['a.xml', 'b.xml', 'c.xml', 'd.xml']);
    }
  });

  it('fails with the first failing step\'s own error, as one by one, even when a later step fails sooner', async () => {
    // Step 2 fails after 40 ms, step 3 at once: read ahead, step 3's error comes first in time.
    const m = manifest([['a.xml'], ['bad.xml'], ['worse.xml'], ['b.xml']]);
    const delays = { 'bad.xml': 40, 'worse.xml': 0 };
    const serial = await measurePipeline(m, { readTrace: countingReader(delays) }).catch((e: unknown) => e);
    expect(serial).toBeInstanceOf(InputError);
    expect((serial as Error).message).toBe('bad.xml:line 3: bad step two; expected an export');
    for (const concurrency of [2, 4]) {
      const e = await measurePipeline(m, { readTrace: countingReader(delays), concurrency }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toBe((serial as Error).message);
    }
  });

  it('fails on a missing file with the manifest\'s message before the reader is heard', async () => {
    const m = manifest([['a.xml'], ['missing.xml']]);
    for (const concurrency of [1, 3]) {
      const e = await measurePipeline(m, { readTrace: countingReader(), concurrency }).catch((x: unknown) => x);
      expect((e as Error).message).toBe('pipeline.json:$.steps[1].trace[0]: no such file: missing.xml; expected an xctrace export (xcrun xctrace export --xpath ...) or an Instruments Deep Copy, at a path relative to the manifest');
    }
  });
});

describe('the call tree a report keeps', () => {
  it('is what the flame graph draws: the same drawing from far fewer nodes', () => {
    const kept = flameTree(tree);
    expect(count(tree)).toBeGreaterThan(50_000);
    expect(count(kept)).toBeLessThan(count(tree) / 5);
    expect(count(kept)).toBeLessThanOrEqual(FLAME_MAX_DEPTH / FLAME_MIN_SHARE);
    expect(kept.total).toBe(tree.total);
    const draw = (root: CallTreeNode) => flameGraph({ id: 'f', title: 't', root, format: (w) => `${w} ns` });
    expect(draw(kept)).toBe(draw(tree));
    expect(flameTree(kept)).toBe(kept);
  });

  it('keeps a deep tree\'s drawing, its cut at the deepest level included', () => {
    let deep = node('leaf', 'App', 5);
    for (let i = 0; i < 100; i++) deep = node(`f${i}`, 'App', 1, [deep, node(`g${i}`, 'App', 0.001)]);
    const kept = flameTree(deep);
    const draw = (root: CallTreeNode) => flameGraph({ id: 'f', title: 't', root, format: String });
    expect(draw(kept)).toBe(draw(deep));
    expect(draw(kept)).toContain('levels are not drawn');
  });

  it('is the same object when there is nothing to cut, and none at all when nothing draws it', () => {
    const small = node('(all samples)', null, 0, [node('main', 'App', 10, [node('predict', 'CoreML', 500)])]);
    expect(flameTree(small)).toBe(small);
    const a = analysis('x.xml', [], [profile({ app: 1e6 }, small)]);
    expect(keepForReport(a, true).profiles[0]?.callTree).toBe(small);
    expect(keepForReport(a, false).profiles[0]).not.toHaveProperty('callTree');
    expect(keepForReport(a, false).profiles[0]?.engines).toEqual(a.profiles[0]?.engines);
  });

  it('from an xctrace profile\'s compact tree, is the flame tree of the whole tree, made without it', async () => {
    // A real app's shape (recursion, hot frames recurring all over), deep enough to be cut at the
    // deepest drawn level: only the drawn part of the compact tree is made into objects.
    const file = join(dir, 'app.xml');
    await generateApp(file, { mb: 2, frames: 5_000, seed: 11 });
    const a = await analyzeTraceFile(file);
    const p = a.profiles[0] as ProfileSummary;
    let made = 0;
    const compact = p.compactTree as CompactCallTree;
    const toCallTree = compact.toCallTree.bind(compact);
    compact.toCallTree = (keep) => {
      const t = toCallTree(keep);
      made = count(t);
      return t;
    };
    const kept = keepForReport(a, true).profiles[0]?.callTree as CallTreeNode;
    const whole = toCallTree();
    expect(kept).toEqual(flameTree(whole));
    expect(made).toBeLessThan(count(whole) / 5);
    expect(keepForReport(a, false).profiles[0]).not.toHaveProperty('callTree');
  });

  it('is not kept by the report when asked not to', async () => {
    const m = manifest([['a.xml']]);
    const withTree = await measurePipeline(m, { readTrace: countingReader() });
    const without = await measurePipeline(m, { readTrace: countingReader(), callTree: false });
    expect(withTree.steps[0]?.engines?.callTree?.total).toBeGreaterThan(0);
    expect(without.steps[0]?.engines).not.toHaveProperty('callTree');
    const { callTree: _t, ...rest } = withTree.steps[0]?.engines ?? {};
    expect(without.steps[0]?.engines).toEqual(rest);
  });
});
