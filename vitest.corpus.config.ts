import { defineConfig } from 'vitest/config';

// `npm run test:corpus`: real files that no one here wrote, read from ../shared/corpus.
export default defineConfig({
  test: {
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
