import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The contract suites run real databases: PGlite always, PostgreSQL when DATABASE_URL is set.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
