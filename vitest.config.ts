import { defineConfig } from 'vitest/config';

// `npm test`: our own fixtures only. The real-world corpus lives beside the checkout
// (../shared/corpus) and has its own config, vitest.corpus.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/corpus/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
