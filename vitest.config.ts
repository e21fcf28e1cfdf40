import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Two cores on CI: forks keep memory-heavy tests apart.
    pool: 'forks',
  },
});
