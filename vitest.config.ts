import { defineConfig } from 'vitest/config';

// `npm test`: our own fixtures only. The real-world corpus lives beside the checkout
// (../shared/corpus) and has its own config, vitest.corpus.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/corpus/**', 'node_modules/**'],
    // Tests' temporary folders live in one folder of the run, removed at its end.
    globalSetup: ['test/helpers/tmp-root.ts'],
    testTimeout: 30_000,
  },
});
