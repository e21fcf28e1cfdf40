import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Guards against a hang only, far above any test's time on a busy machine (a test must
    // never fail because the machine is slow; the suite takes ~3 min on an idle 2-core machine).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Two cores on CI: forks keep memory-heavy tests apart.
    pool: 'forks',
  },
});
