/**
 * The demo's last model (fixtures/demo/models/PoseNet_pal6_sparse50.mlpackage) is what its generator
 * makes (rewrite it with UPDATE_GENERATED=1 npx vitest run test/report/demo-model.test.ts), and reads
 * as the demo says: 6-bit palettized and 50 % sparse weights, fp16 compute, watchOS 11.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL, writeDemoModel } from '../../fixtures/demo/models/generate.js';
import { stepModelFacts } from '../../src/model/facts.js';
import { readModel } from '../../src/model/read.js';
import { REPO_ROOT } from '../helpers/corpus.js';

const MODELS = join(REPO_ROOT, 'fixtures/demo/models');
const committed = join(MODELS, DEMO_MODEL);

function files(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), readFileSync(p));
    }
  };
  walk(root);
  return out;
}

describe('the demo model', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'demo-model-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  if (process.env.UPDATE_GENERATED === '1') writeDemoModel(MODELS);

  it('is what fixtures/demo/models/generate.ts makes', () => {
    const made = files(writeDemoModel(tmp));
    const have = files(committed);
    expect([...have.keys()].sort()).toEqual([...made.keys()].sort());
    for (const [rel, bytes] of made) expect(Buffer.compare(have.get(rel) as Buffer, bytes), rel).toBe(0);
  });

  it('reads as the demo step says: 3.12 M weights, 6-bit palettized + 50 % sparse, fp16, watchOS 11', async () => {
    const m = await readModel(committed, { displayName: 'models/PoseNet_pal6_sparse50.mlpackage' });
    const f = stepModelFacts(m, 'models/PoseNet_pal6_sparse50.mlpackage');
    expect(f).toMatchObject({ kind: 'mlpackage', weightsPresent: true, computePrecision: 'fp16', flexibleInputs: [], minimumOS: { iOS: '18.0', watchOS: '11.0' } });
    // Worked out from poseNetLayers(): conv weights 3,114,592 (the stem 864 + 20,736; the stages
    // 1,956,096 with their transitions; the head 49,152 + 1,048,576 + 39,168) and one bias per output
    // channel, 3,769.
    expect(f.parameters).toBe(3_114_592 + 3_769);
    expect(f.compression).toEqual(['palettized 6-bit + sparse', 'sparse']);
    // Joint tensors: 4 bits per weight (a mask bit + half of them at 6 bits) + a 128-byte LUT each (26);
    // sparse only: 9 bits (a mask bit + half at 16); biases 16: (4 × 2,026,848 + 26 × 1,024 + 9 × 1,087,744 + 16 × 3,769) / 3,118,361.
    expect(f.bitsPerWeight).toBeCloseTo((4 * 2_026_848 + 26 * 1024 + 9 * 1_087_744 + 16 * 3769) / 3_118_361, 6);
    expect(f.opCounts.get('conv')).toBe(27);
    expect(m.weights.blobs?.files[0]).toMatchObject({ present: true, count: 110, referenced: 110, unreferenced: 0 });
    // The size the demo's table shows (2.30 MB), within 0.1 % of the figure the step gave before it had a model.
    const size = [...files(committed).keys()].reduce((n, rel) => n + statSync(join(committed, rel)).size, 0);
    expect(Math.abs(size - 2_297_041) / 2_297_041).toBeLessThan(0.001);
  });
});
