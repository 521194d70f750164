import { defineConfig } from 'vitest/config';

// One test run for the whole workspace: `npm test`. Pipeline tests train tiny models, so the
// timeout is generous (a hang guard: a loaded 2-core machine runs the end-to-end tests 2-3x
// slower); the CI budget is kept by keeping those runs small, not by timing them.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test-support/**/*.test.ts', 'packages/*/bench/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
