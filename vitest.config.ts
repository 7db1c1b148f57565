import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the packed package, installed into fresh projects, is checked by `npm run test:package` (CI runs both)
    exclude: ['test/package/**', '**/node_modules/**'],
    // every core (vitest's default leaves one free, which on a 2-core machine runs the files one by one)
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
