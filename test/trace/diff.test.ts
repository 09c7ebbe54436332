/**
 * `trace diff A B` on the demo's real-shaped exports (fixtures/demo/traces: Core ML signposts of 240
 * predictions per step, time profiles) and on one of them slowed by 5 % here. The figures are the
 * exports' own: trace reads p50 38.14 ms (int8) and 61.86 ms (fp32).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceDiff } from '../../src/report/trace-diff.js';
import { runCli } from '../helpers/cli.js';

const demo = (n: string) => `fixtures/demo/traces/${n}`;
const INT8 = demo('03-int8-coreml-os-signpost.xml');
const FP32 = demo('01-fp32-coreml-os-signpost.xml');
const FP16 = demo('02-fp16-coreml-os-signpost.xml');

/** The fp16 export with every duration 5 % longer (ids, refs and the rest as written). */
const slowed = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'trace-diff-'));
  const text = readFileSync(FP16, 'utf8').replace(/(<duration id="\d+"[^>]*>)(\d+)</g, (_m, open: string, ns: string) => `${open}${Math.round(Number(ns) * 1.05)}<`);
  const path = join(dir, 'fp16-slowed.xml');
  writeFileSync(path, text);
  return path;
})();

const json = async (...args: string[]) => {
  const r = await runCli(['trace', 'diff', ...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TraceDiff;
};

describe('trace diff: latency', () => {
  it('says B is slower when its p50 is higher beyond the noise', async () => {
    const d = await json(INT8, FP32);
    expect(d.schemaVersion).toBe(1);
    expect(d.a.intervals).toMatchObject({ label: 'Prediction / PoseNet_int8', table: 'coreml-os-signpost', count: 240 });
    expect(d.latency?.counts).toEqual([240, 240]);
    expect(d.latency?.verdict).toBe('slower');
    const p50 = d.latency?.changes.find((c) => c.stat === 'p50');
    expect(p50?.aMs).toBeCloseTo(38.14, 2);
    expect(p50?.bMs).toBeCloseTo(61.86, 2);
    expect(p50?.ci?.[0]).toBeGreaterThan(0);
    expect(d.latency?.changes.map((c) => c.stat)).toEqual(['p50', 'p90', 'p99', 'mean']);
  });

  it('says faster the other way round', async () => {
    const d = await json(FP32, INT8);
    expect(d.latency?.verdict).toBe('faster');
    expect(d.latency?.changes.find((c) => c.stat === 'p50')?.ci?.[1]).toBeLessThan(0);
  });

  it('finds a 5 % slowdown of the same model', async () => {
    const d = await json(FP16, slowed);
    expect(d.a.intervals?.label).toBe(d.b.intervals?.label);
    const p50 = d.latency?.changes.find((c) => c.stat === 'p50');
    expect(p50?.relative).toBeCloseTo(0.05, 3);
    expect(d.latency?.verdict).toBe('slower');
  });

  it('is inconclusive for the same trace twice (every interval of the change includes 0)', async () => {
    const d = await json(FP16, FP16);
    expect(d.latency?.changes.map((c) => [c.stat, c.changeMs, c.verdict])).toEqual([
      ['p50', 0, 'inconclusive'],
      ['p90', 0, 'inconclusive'],
      ['p99', 0, 'inconclusive'],
      ['mean', 0, 'inconclusive'],
    ]);
  });

  it('prints the verdict in text at 80 columns, and exits 0 whatever it is', async () => {
    const r = await runCli(['trace', 'diff', INT8, FP32]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('B is slower: p50 +23.71 ms (+62.2 %), 95 % CI [');
    expect(r.stdout).toMatch(/│ p50 +│ 38\.14 │ 61\.86 │ \+23\.71 │ +\+62\.2 % │/);
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });

  it('writes Markdown', async () => {
    const r = await runCli(['trace', 'diff', INT8, FP32, '--format', 'markdown']);
    expect(r.stdout).toMatch(/^### Trace diff: `fixtures\/demo\/traces\/01-fp32-coreml-os-signpost\.xml` against `fixtures\/demo\/traces\/03-int8-coreml-os-signpost\.xml`/);
    expect(r.stdout).toContain('**🔺 B is slower: p50 +23.71 ms (+62.2 %)');
    expect(r.stdout).toMatch(/\| p50 \| 38\.14 \| 61\.86 \| \+23\.71 \| \+62\.2 % \| \[/);
  });
});

describe('trace diff: frames', () => {
  it('lists the frames whose share of the samples changed most, with the self time in ms', async () => {
    const d = await json(demo('03-int8-time-profile.xml'), demo('01-fp32-time-profile.xml'), '--top', '3');
    expect(d.latency).toBeNull();
    expect(d.a.profile).toMatchObject({ table: 'time-profile', unit: 'ns', samples: 395 });
    expect(d.frames).toHaveLength(3);
    const [first] = d.frames;
    expect(first?.name).toBe('mach_msg2_trap');
    expect(first?.bSelf).toBe(0);
    expect(first?.shareChange).toBeCloseTo(-first!.aShare, 12);
    expect(first?.selfChangeMs).toBeCloseTo(-first!.aSelf / 1e6, 9);
    const shares = d.frames.map((f) => Math.abs(f.shareChange));
    expect([...shares].sort((x, y) => y - x)).toEqual(shares);
  });

  it('keeps the end of a long Swift symbol at 80 columns', async () => {
    const r = await runCli(['trace', 'diff', demo('03-int8-time-profile.xml'), demo('01-fp32-time-profile.xml')]);
    expect(r.stdout).toContain('…commitAndWaitUntilSubmitted]');
    expect(Math.max(...r.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});

describe('trace diff: bad input', () => {
  it('is the one-line error, exit 2, for a file that is not an export', async () => {
    const r = await runCli(['trace', 'diff', INT8, 'fixtures/budgets/watch.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^coreml-doctor: fixtures\/budgets\/watch\.json/);
  });

  it('says so when --interval names nothing on a side', async () => {
    const r = await runCli(['trace', 'diff', INT8, FP32, '--interval', 'Decode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^coreml-doctor: --interval: no intervals labelled "Decode" in fixtures\/demo\/traces\/03-int8-coreml-os-signpost\.xml; labels there: "Prediction \/ PoseNet_int8"/);
  });

  it('refuses two traces with nothing in common to compare', async () => {
    const r = await runCli(['trace', 'diff', INT8, demo('01-fp32-time-profile.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^coreml-doctor: nothing to compare: /);
  });
});
