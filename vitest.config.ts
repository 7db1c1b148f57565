import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests of pure stages (no handler thread, no process-wide hooks) share their module graph between
// files: re-importing it for each file cost more than the tests themselves. Anything that starts
// handler workers, servers or pools keeps a fresh module graph per file.
const pure = ['generators', 'model', 'properties', 'reports', 'core', 'judge', 'config'].map((folder) => `test/${folder}/**/*.test.ts`);

export default defineConfig({
  test: {
    // the packed package, installed into fresh projects, is checked by `npm run test:package` (CI runs both)
    exclude: ['test/package/**', '**/node_modules/**'],
    // every core (vitest's default leaves one free, which on a 2-core machine runs the files one by one)
    maxWorkers: Math.max(2, availableParallelism()),
    // the threads the tests start load the compiled harness (built first when the source is newer)
    globalSetup: ['test/setup/compiled.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'pure', include: pure, isolate: false } },
      { extends: true, test: { name: 'world', include: ['test/**/*.test.ts'], exclude: [...pure, 'test/package/**', '**/node_modules/**'] } },
    ],
  },
});
