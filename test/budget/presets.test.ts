import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/budget/presets.js';

describe('device presets are data with sources', () => {
  it('ids are unique kebab-case names', () => {
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('every figure says what it rests on; facts are verified and sourced; conventions are flagged unverified', () => {
    for (const p of PRESETS) {
      for (const f of [p.sizeMB, p.fps, p.uiOverheadMs]) {
        if (!f) continue;
        expect(f.note.length).toBeGreaterThan(10);
        if (f.basis === 'fact') {
          expect(f.verified).toBe(true);
          expect(f.sources.length).toBeGreaterThan(0);
        }
        if (f.basis === 'convention') expect(f.verified).toBe(false);
        for (const s of f.sources) expect(s).toMatch(/^https:\/\//);
      }
      if (p.uiOverheadMs) expect(p.fps).toBeDefined();
    }
  });

  it('the issue\'s figures: Apple Watch Series 7 is 8 MB and 30 fps with 25 ms left for the model', () => {
    const w = PRESETS.find((p) => p.id === 'apple-watch-series-7');
    expect(w?.sizeMB?.value).toBe(8);
    expect(w?.fps?.value).toBe(30);
    expect(1000 / (w?.fps?.value ?? 1) - (w?.uiOverheadMs?.value ?? 0)).toBeCloseTo(25, 12);
  });

  it('every frame-rate preset leaves the model a positive share of the frame', () => {
    for (const p of PRESETS.filter((x) => x.fps)) {
      const per = 1000 / (p.fps?.value ?? 1) - (p.uiOverheadMs?.value ?? 0);
      expect(per).toBeGreaterThan(0);
      expect(per).toBeLessThan(1000 / (p.fps?.value ?? 1));
    }
  });
});
