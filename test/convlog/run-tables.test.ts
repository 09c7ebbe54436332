/**
 * What a run keeps is made when first needed and searched in place while small: its messages (an
 * array searched while it lists at most 8, indexed beyond) and its stages by bar (searched in the
 * stages while there are at most 8, indexed by name beyond). Both must answer what a table of every
 * message and every bar instance answers, below and above the threshold.
 */
import { describe, expect, it } from 'vitest';
import { Run, MAX_RUN_DIAGNOSTICS } from '../../src/convlog/runs.js';
import { describeStage, StageTracker, type BarState } from '../../src/convlog/progress.js';
import type { Diagnostic, Stage } from '../../src/convlog/model.js';

const diag = (i: number): Diagnostic => ({ id: `id.${i}`, category: 'other', severity: 'warning', message: `message ${i}`, line: i, count: 1, lines: [i], explanation: '', emitter: 'print' });

/** A small deterministic PRNG (the sequences are the same on every run). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** What a run lists of messages noted in this order: a Map of every one, the first MAX_RUN_DIAGNOSTICS listed. */
function reference(notes: readonly [Diagnostic, number][]): { listed: { id: string; line: number; count: number }[]; dropped: number } {
  const m = new Map<Diagnostic, { line: number; count: number }>();
  let dropped = 0;
  for (const [d, line] of notes) {
    const r = m.get(d);
    if (r) r.count++;
    else if (m.size < MAX_RUN_DIAGNOSTICS) m.set(d, { line, count: 1 });
    else dropped++;
  }
  return { listed: [...m].map(([d, r]) => ({ id: d.id, line: r.line, count: r.count })), dropped };
}

describe('a run lists its messages', () => {
  for (const distinct of [1, 3, 8, 9, 20, MAX_RUN_DIAGNOSTICS, 80]) {
    it(`in the order met, with their counts and first lines, and the ones beyond as dropped (${distinct} distinct)`, () => {
      const ds = Array.from({ length: distinct }, (_, i) => diag(i));
      const rnd = prng(distinct);
      const notes: [Diagnostic, number][] = [];
      for (let k = 0; k < 2000; k++) notes.push([ds[Math.floor(rnd() * distinct)]!, k + 1]);
      const run = new Run(1);
      for (const [d, line] of notes) run.noteDiagnostic(d, line);
      const want = reference(notes);
      const c = run.conversion(1, 'converted', null);
      expect(c.diagnostics.map((d) => ({ id: d.id, line: d.line, count: d.count }))).toEqual(want.listed);
      expect(c.diagnosticsDropped).toBe(want.dropped);
      expect(run.diagnosticCount).toBe(want.listed.length);
      expect(run.hasContent).toBe(true);
    });
  }

  it('folds the messages of a run that showed no stage into the run before, as one table would', () => {
    const ds = Array.from({ length: 60 }, (_, i) => diag(i));
    const a = new Run(1);
    const b = new Run(100);
    for (let i = 0; i < 30; i++) a.noteDiagnostic(ds[i]!, i + 1);
    for (let i = 20; i < 60; i++) b.noteDiagnostic(ds[i]!, 100 + i);
    b.noteDiagnostic(ds[25]!, 200);
    a.absorb(b);
    const c = a.conversion(1, 'converted', null);
    expect(c.diagnostics).toHaveLength(MAX_RUN_DIAGNOSTICS);
    expect(c.diagnostics.map((d) => d.id)).toEqual(ds.slice(0, MAX_RUN_DIAGNOSTICS).map((d) => d.id));
    // Shown in both: counted together, at the first run's line.
    expect(c.diagnostics[25]).toMatchObject({ count: 3, line: 26 });
    expect(c.diagnostics[35]).toMatchObject({ count: 1, line: 135 });
    // b's 50th message on is not listed: one dropped each.
    expect(c.diagnosticsDropped).toBe(60 - MAX_RUN_DIAGNOSTICS);
  });

  it('has no content until something is shown', () => {
    expect(new Run(1).hasContent).toBe(false);
    expect(new Run(1).diagnosticCount).toBe(0);
  });
});

const DESCS = ['Converting TF Frontend ==> MIL Ops', 'Running TensorFlow Graph Passes', 'Running MIL default pipeline'];

/** The instance a bar state updates, as a table of every instance by name answers (its last four, most recent first). */
function referenceFind(stages: readonly Stage[], bar: BarState): Stage | undefined {
  const instances = stages.filter((s) => s.name === bar.desc).slice(-4).reverse();
  const n = bar.done;
  const moves = (s: Stage) => n === null || s.done === null || n >= s.done;
  return instances.find((s) => (s.total === bar.total || bar.total === null || s.total === null) && moves(s)) ?? instances.find((s) => s === stages[stages.length - 1] && moves(s) && (n ?? 0) > 0);
}

describe('a run finds the stage a bar updates', () => {
  it('as a table of every instance by name does, with few stages and with many (loop bodies restarting)', () => {
    const rnd = prng(7);
    const t = new StageTracker();
    let created = 0;
    for (let k = 0; k < 3000 && t.stages.length < 400; k++) {
      const desc = DESCS[Math.floor(rnd() * DESCS.length)]!;
      const total = rnd() < 0.1 ? null : [10, 20, 40][Math.floor(rnd() * 3)]!;
      const done = rnd() < 0.1 ? null : Math.floor(rnd() * 41);
      const bar: BarState = { desc, percent: Math.floor(rnd() * 101), done, total, rest: '', before: '', stage: describeStage(desc) };
      const want = referenceFind(t.stages, bar);
      const before = t.stages.length;
      const got = t.update(bar, k + 1);
      if (want) expect(got).toBe(want);
      else {
        expect(t.created).toBe(true);
        expect(t.stages.length).toBe(before + 1);
        created++;
      }
    }
    // Both ways were taken: the run went past the stages it searches in place.
    expect(t.stages.length).toBeGreaterThan(50);
    expect(created).toBeGreaterThan(50);
  });

  for (const before of [0, 9]) {
    it(`looks at a bar's last four instances, no older one (${before} other stages before them)`, () => {
      const t = new StageTracker();
      const mk = (desc: string, done: number | null, total: number | null): BarState => ({ desc, percent: 0, done, total, rest: '', before: '', stage: describeStage(desc) });
      for (let i = 0; i < before; i++) t.update(mk(DESCS[1]!, 20 - i, 100 + i), i + 1);
      expect(t.stages).toHaveLength(before);
      // Five instances of one bar: each state has a new total and goes back from the last one's count.
      const inst = [100, 200, 300, 400, 500].map((total, i) => t.update(mk(DESCS[0]!, 50 - 10 * i, total), 100 + i));
      expect(new Set(inst).size).toBe(5);
      // Total 200 (a redraw cut before its counter): the fourth most recent instance.
      expect(t.update(mk(DESCS[0]!, null, 200), 200)).toBe(inst[1]);
      // Total 100: the fifth, no longer a candidate: a new instance.
      const n = t.stages.length;
      expect(t.update(mk(DESCS[0]!, null, 100), 201)).not.toBe(inst[0]);
      expect(t.stages.length).toBe(n + 1);
    });
  }

  it('finds nothing once the run is finished', () => {
    const t = new StageTracker();
    const bar: BarState = { desc: DESCS[0]!, percent: 10, done: 1, total: 10, rest: '', before: '', stage: describeStage(DESCS[0]!) };
    t.update(bar, 1);
    expect(t.wouldCreate({ ...bar, done: 2 })).toBe(false);
    t.release();
    expect(t.wouldCreate({ ...bar, done: 2 })).toBe(true);
  });
});
