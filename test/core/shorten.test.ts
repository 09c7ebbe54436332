import { describe, expect, it } from 'vitest';
import { shorten } from '../../src/core/shorten.js';

const SWIFT = 'PoseWatch.Keypoints.argmax2D(_: Swift.UnsafePointer<Swift.Float>, count: Swift.Int) -> Swift.Int';

describe('shorten: what identifies a name survives', () => {
  it('leaves what fits alone', () => {
    expect(shorten('mach_msg2_trap', 14)).toBe('mach_msg2_trap');
  });

  it("a Swift symbol loses its arguments, then its module, never its function's name", () => {
    expect(shorten(SWIFT, 48)).toBe('PoseWatch.Keypoints.argmax2D(…) -> Swift.Int');
    expect(shorten(SWIFT, 32)).toBe('PoseWatch.Keypoints.argmax2D(…)');
    expect(shorten(SWIFT, 24)).toBe('…Keypoints.argmax2D(…)');
    expect(shorten(SWIFT, 14)).toBe('…argmax2D(…)');
  });

  it('a return tuple is not taken for the arguments', () => {
    const name = 'PoseWatch.Keypoints.argmax2D(_: Swift.UnsafePointer<Swift.Float>, width: Swift.Int, height: Swift.Int) -> (Swift.Int, Swift.Int)';
    expect(shorten(name, 60)).toBe('PoseWatch.Keypoints.argmax2D(…) -> (Swift.Int, Swift.Int)');
    expect(shorten(name, 40)).toBe('PoseWatch.Keypoints.argmax2D(…)');
  });

  it('a path or an interval label keeps its end: the file, the asset id', () => {
    expect(shorten('logs/2026-12/04-palettize6-prune50.log', 30)).toBe('…/04-palettize6-prune50.log');
    expect(shorten('Prediction / PoseNet_palettize6_prune50', 28)).toBe('…PoseNet_palettize6_prune50');
    expect(shorten('Prediction / PoseNet_palettize6_prune50', 20)).toMatch(/^Pose.*….*_prune50$/);
  });

  it('one long word keeps its start and its end', () => {
    const s = shorten('PoseNet_palettize6_prune50_fp16_ane', 20);
    expect(s).toHaveLength(20);
    expect(s.startsWith('Pose')).toBe(true);
    expect(s.endsWith('fp16_ane')).toBe(true);
  });

  it('never exceeds the room, counting code points', () => {
    for (const s of [SWIFT, '-[_MTLCommandBuffer commitAndWaitUntilSubmitted]', 'a/b/c/d/e/f/g/h/i/j/k/l/m/n', 'x'.repeat(200), 'Ünïcødé·名前·with·dots.and.more']) {
      for (let max = 1; max < 60; max++) expect([...shorten(s, max)].length, `${s} at ${max}`).toBeLessThanOrEqual(max);
    }
  });

  it('a name shortened twice reads as one cut: no two ellipses, a cut call keeps its (…)', () => {
    const tuple = 'PoseWatch.Keypoints.argmax2D(heatmap: Swift.UnsafePointer<Swift.Float>, width: Swift.Int) -> (Swift.Int, Swift.Int)';
    // The case a renderer met: the table shortened a name the analysis had already shortened.
    expect(shorten(shorten(tuple, 60), 40)).toBe('PoseWatch.Keypoints.argmax2D(…)');
    expect(shorten('argmax2D(…)', 9)).toBe('a…ax2D(…)');
    for (const s of [SWIFT, tuple, 'models/v2/PoseNet_palettize6.mlpackage', 'PoseNet_palettize6_prune50_really_long_id']) {
      for (let first = 4; first < 70; first++) {
        const once = shorten(s, first);
        for (let max = 3; max <= first; max++) {
          const twice = shorten(once, max);
          expect(twice, `${s} at ${first} then ${max}`).not.toMatch(/……/);
          expect([...twice].length).toBeLessThanOrEqual(max);
        }
      }
    }
  });
});
