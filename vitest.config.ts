import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Set-up hooks run whole evaluations and render every figure to PNG (0.2–1 s each);
    // a busy machine must not turn them into failures.
    hookTimeout: 180_000,
    // Two cores on CI: forks keep memory-heavy tests apart.
    pool: 'forks',
  },
});
