import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types (fixtures/demo/generate.mjs)
import { generateDemoTraces } from '../../fixtures/demo/generate.mjs';
import { REPO_ROOT } from '../helpers/corpus.js';

const DEMO = join(REPO_ROOT, 'fixtures/demo');

describe('the demo fixtures', () => {
  const files = generateDemoTraces() as Map<string, string>;

  it('are what the generator makes (run node fixtures/demo/generate.mjs after changing it)', () => {
    const committed = readdirSync(join(DEMO, 'traces')).sort();
    expect([...files.keys()].map((k) => k.replace('traces/', '')).sort()).toEqual(committed);
    for (const [rel, text] of files) expect(readFileSync(join(DEMO, rel), 'utf8') === text, rel).toBe(true);
  });

  it('are shaped like real xctrace exports: ids grow, a ref never comes before its id', () => {
    for (const [rel, text] of files) {
      expect(text.startsWith('<?xml version="1.0"?>\n<trace-query-result>\n    <node xpath=\'//trace-toc[1]/run[1]/data[1]/table['), rel).toBe(true);
      const ids = [...text.matchAll(/ id="(\d+)"/g)].map((m) => Number(m[1]));
      expect(ids.every((v, i) => i === 0 || v === (ids[i - 1] as number) + 1), rel).toBe(true);
      const defined = new Set<number>();
      for (const m of text.matchAll(/ (id|ref)="(\d+)"/g)) {
        if (m[1] === 'id') defined.add(Number(m[2]));
        else expect(defined.has(Number(m[2])), `${rel}: ref ${m[2]}`).toBe(true);
      }
    }
  });

  it('name every file the demo manifest uses', () => {
    const manifest = JSON.parse(readFileSync(join(DEMO, 'pipeline.json'), 'utf8'));
    for (const s of manifest.steps) for (const t of s.trace) expect(files.has(t), t).toBe(true);
  });
});
