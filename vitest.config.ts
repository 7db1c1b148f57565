import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Test files share their module graph (one process per vitest worker): re-importing it for each
// file cost more than most files' tests. A check owns and releases everything it starts (its
// threads, relay processes, servers and stores: test/harness/check-isolation.test.ts), so files
// that run checks need no fresh process. Files that change the process itself get one: they load
// handlers or install the handler thread's hooks (tsx, module generations, fences, interception,
// guards) in the test's own thread, mock modules, set the environment, or hold the process's one
// inspector session.
const pure = ['generators', 'model', 'properties', 'reports', 'core', 'judge', 'config'].map((folder) => `test/${folder}/**/*.test.ts`);
const processWide = ['test/harness/worker/**/*.test.ts', 'test/harness/load/**/*.test.ts', 'test/harness/thread-entry.test.ts', 'test/harness/harness.test.ts', 'test/harness/loop-breaker.test.ts', 'test/cli/main.test.ts'];
const excluded = ['test/package/**', '**/node_modules/**'];

export default defineConfig({
  test: {
    // the packed package, installed into fresh projects, is checked by `npm run test:package` (CI runs both)
    exclude: excluded,
    // every core (vitest's default leaves one free, which on a 2-core machine runs the files one by one)
    maxWorkers: Math.max(2, availableParallelism()),
    // the threads the tests start load the compiled harness (built first when the source is newer)
    globalSetup: ['test/setup/compiled.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'pure', include: pure, isolate: false } },
      { extends: true, test: { name: 'world', include: ['test/**/*.test.ts'], exclude: [...pure, ...processWide, ...excluded], isolate: false } },
      { extends: true, test: { name: 'process', include: processWide } },
    ],
  },
});
