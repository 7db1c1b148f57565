import { defineConfig } from 'vitest/config';

/** The package as users get it: packed, installed into fresh ESM and CommonJS projects, run there. */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
