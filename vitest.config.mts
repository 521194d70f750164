import { defineConfig } from 'vitest/config';

// One test run for the whole workspace: `npm test`. Pipeline tests train tiny models, so the
// timeout is generous; the CI budget is kept by keeping those runs small, not by timing them.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
