import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Full runs in beforeAll render every figure to PNG (about 0.2–1 s each, more on a loaded machine).
    hookTimeout: 180_000,
    // Two cores on CI: forks keep memory-heavy tests apart.
    pool: 'forks',
  },
});
