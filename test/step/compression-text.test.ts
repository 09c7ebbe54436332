import { describe, expect, it } from 'vitest';
import { compressionText } from '../../src/step/compression-text.js';

describe('compressionText', () => {
  it('says which tensors took only part of the recipe', () => {
    expect(compressionText(['palettized 6-bit + sparse', 'sparse'])).toBe('palettized 6-bit + sparse; some tensors sparse only');
  });
  it('keeps unrelated storages as they are', () => {
    expect(compressionText(['palettized 4-bit', 'int8 linear (block 32)'])).toBe('palettized 4-bit; int8 linear (block 32)');
    expect(compressionText(['sparse', 'palettized 6-bit + sparse'])).toBe('sparse; palettized 6-bit + sparse');
  });
  it('one label alone, and none', () => {
    expect(compressionText(['fp16 cast'])).toBe('fp16 cast');
    expect(compressionText([])).toBe('');
  });
});
