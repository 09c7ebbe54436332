import { defineConfig } from 'vitest/config';

// `npm run test:corpus`: real files that no one here wrote, read from ../shared/corpus.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    // Tests' temporary folders live in one folder of the run, removed at its end.
    globalSetup: ['test/helpers/tmp-root.ts'],
    testTimeout: 60_000,
  },
});
