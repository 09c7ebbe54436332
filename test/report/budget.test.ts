import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReportBudget } from '../../src/report/budget.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'report-budget-'));
const manifest = { file: 'pipeline.json', dir };

// The budget format is gate's (src/budget): these check what the report takes from it.
describe('the budget the report shows', () => {
  it('takes a preset by name: 30 fps leaves 33.3 ms, minus the UI time 25 ms', async () => {
    const b = await readReportBudget('apple-watch-series-7', manifest);
    expect(b?.budget).toMatchObject({ source: 'preset apple-watch-series-7', preset: 'apple-watch-series-7', sizeBytes: 8_000_000, frameStat: 'p99' });
    expect(b?.frame?.fps).toBe(30);
    expect(b?.frame?.perInferenceMs).toBeCloseTo(25, 10);
    expect(1000 / (b?.frame?.fps ?? 1)).toBeCloseTo(33.33, 2);
  });

  it('reads the demo budget file: the preset with its own frame rate and accuracy limit', async () => {
    const b = await readReportBudget('budget.json', { file: 'pipeline.json', dir: join(REPO_ROOT, 'fixtures/demo') });
    expect(b?.budget.source).toBe('budget.json');
    expect(b?.budget.sizeBytes).toBe(8_000_000);
    expect(b?.frame?.fps).toBe(20);
    // 50 ms per frame minus the preset's 8.3 ms of UI.
    expect(b?.frame?.perInferenceMs).toBeCloseTo(41.67, 2);
    expect([...(b?.budget.accuracyDrop ?? [])]).toEqual([['top1', 1]]);
  });

  it('reads an inline budget in every form gate accepts', async () => {
    const b = await readReportBudget(
      {
        sizeMB: ['warn', { max: 6.5 }],
        latencyMs: { p50: 30, p99: ['error', { max: 45, message: 'keep the worst frame' }], max: 'off' },
        fps: ['error', { min: 24, stat: 'p90' }],
        uiOverheadMs: 5,
        overBudgetFrames: 0.01,
        accuracyDrop: { top1: 1, wer: ['warn', { max: 0.5 }], ['__proto__']: 2 },
        lowerIsBetter: ['wer'],
        unsupportedOps: 0,
        forbid: ['dtype'],
      },
      manifest,
    );
    const s = b?.budget;
    expect(s?.source).toBe('pipeline.json:$.budget');
    expect(s?.sizeBytes).toBe(6_500_000);
    expect([...(s?.latencyMs ?? [])]).toEqual([
      ['p50', 30],
      ['p99', 45],
    ]);
    expect(s?.frameStat).toBe('p90');
    expect(b?.frame?.perInferenceMs).toBeCloseTo(1000 / 24 - 5, 10);
    expect(s?.overBudgetFrames).toBe(0.01);
    expect([...(s?.accuracyDrop ?? [])]).toEqual([
      ['top1', 1],
      ['wer', 0.5],
      ['__proto__', 2],
    ]);
    expect(s?.lowerIsBetter.has('wer')).toBe(true);
    expect(s?.unsupportedOps).toBe(0);
  });

  it('describes every target of a matrix (the engine judges them all); the figures are the first target\'s', async () => {
    const b = await readReportBudget({ targets: [{ name: 'watch', preset: 'apple-watch-series-7' }, { name: 'phone', preset: 'iphone-60fps' }] }, manifest);
    expect(b?.budget.target).toBe('watch');
    expect(b?.budget.targets?.map((t) => [t.name, t.lines])).toEqual([
      ['watch', ['size ≤ 8.00 MB', 'p99 ≤ 25.0 ms per inference (30 fps = 33.3 ms per frame − 8.3 ms UI)']],
      ['phone', ['size ≤ 100.00 MB', 'p99 ≤ 12.0 ms per inference (60 fps = 16.7 ms per frame − 4.7 ms UI)']],
    ]);
    expect(b?.resolved.targets).toHaveLength(2);
  });

  it('takes a level alone with the preset\'s limit, and "off" as no limit', async () => {
    const b = await readReportBudget({ preset: 'apple-watch-series-7', sizeMB: 'warn', fps: 'off' }, manifest);
    expect(b?.budget.sizeBytes).toBe(8_000_000);
    expect(b?.frame).toBeNull();
  });

  const bad: [string, unknown, string][] = [
    ['an unknown preset', { preset: 'apple-watch-ultra-9' }, 'pipeline.json:$.budget.preset: unknown preset "apple-watch-ultra-9"; expected one of apple-watch-series-7'],
    ['a size with its unit', { sizeMB: '8MB' }, 'pipeline.json:$.budget.sizeMB: expected a size in MB (a number >= 0) or ["error"|"warn"|"off", {...}], got "8MB" (write the number alone, 8: the unit is in the key\'s name)'],
    ['a level without a limit and no preset', { latencyMs: { p99: 'error' } }, 'pipeline.json:$.budget.latencyMs.p99: "error" without a limit: write ["error", {"max": N}] or use a preset that sets one'],
    ['a UI time longer than the frame', { fps: 60, uiOverheadMs: 20 }, 'pipeline.json:$.budget.uiOverheadMs: uiOverheadMs 20 ms leaves no time for the model at 60 fps (16.7 ms per frame)'],
    ['a frame statistic that does not exist', { fps: ['error', { min: 30, stat: 'p95' }] }, '$.budget.fps[1].stat: expected "p50", "p90", "p99", "max", "mean", got "p95"'],
    ['an empty matrix', { targets: [] }, 'pipeline.json:$.budget.targets: expected a non-empty list of targets, got []'],
  ];
  for (const [what, raw, message] of bad) {
    it(`refuses ${what}, naming the JSON path`, async () => {
      await expect(readReportBudget(raw, manifest)).rejects.toThrow(message);
    });
  }

  it('names the budget file and the place of an error inside it', async () => {
    writeFileSync(join(dir, 'b.json'), '{ "sizeMB": 8,\n  "fps": "thirty" }');
    await expect(readReportBudget('b.json', manifest)).rejects.toThrow('b.json:$.fps: expected a frame rate');
    writeFileSync(join(dir, 'c.json'), '{ "sizeMB": 8,,}');
    await expect(readReportBudget('c.json', manifest)).rejects.toThrow('c.json:1:15: invalid JSON');
  });

  it('says when a budget string is neither a file nor a preset', async () => {
    await expect(readReportBudget('watch-budget.json', manifest)).rejects.toThrow(
      'pipeline.json:$.budget: no budget file "watch-budget.json" and no preset of that name; expected a path to a budget JSON file (relative to the manifest) or a preset: apple-watch-series-7',
    );
  });

  it('is null without a budget', async () => {
    expect(await readReportBudget(undefined, manifest)).toBeNull();
  });
});
