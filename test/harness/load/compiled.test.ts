import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, SHAPES } from './cases.js';
import { buildLoader, FIXTURES } from './support.js';

/**
 * The real path: the loader compiled with the build settings, imported by a plain `node` process (no vitest
 * transform, no tsx preloaded) whose working directory is the fixtures folder, on the main thread
 * and in a worker thread (where the CLI runs handlers).
 */
const runner = join(import.meta.dirname, 'run-compiled.mjs');
let entry: string;
let remove = () => {};

beforeAll(() => {
  ({ entry, remove } = buildLoader());
});
afterAll(() => remove());

interface Outcome {
  ref: string;
  exportPath?: string;
  format?: string;
  result?: unknown;
  kind?: string;
  message?: string;
}

async function runCompiled(mode: 'main' | 'worker', jobs: { ref: string; register?: string }[]): Promise<Outcome[]> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [runner, entry, mode, JSON.stringify(jobs)], {
    cwd: FIXTURES,
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  expect(stderr).toBe('');
  return JSON.parse(stdout) as Outcome[];
}

const expectedOutcomes = (cases: typeof SHAPES) => cases.map(({ ref, expected }) => ({ ref, ...expected }));

describe('the compiled loader in plain Node', () => {
  it('loads every shape and reports every error, on the main thread', async () => {
    // The last one checks that loading goes on after a tsconfig that could not be read.
    const cases = [...SHAPES, ...ERRORS, SHAPES[1]!];
    expect(await runCompiled('main', cases)).toEqual(expectedOutcomes(cases));
  });

  it('does the same in a worker thread', async () => {
    const cases = [...SHAPES, ...ERRORS].filter(({ ref }) => /aliased|cjs\.cts|requires-ts|default-export\.ts$|throws-on-import|syntax/.test(ref));
    expect(cases.length).toBeGreaterThanOrEqual(7);
    expect(await runCompiled('worker', cases)).toEqual(expectedOutcomes(cases));
  });

  it('uses the tsconfig it is given: without the project tsconfig, paths aliases do not resolve', async () => {
    const register = join(FIXTURES, 'broken', 'tsconfig.json');
    expect(await runCompiled('main', [{ ref: 'esm-ts/aliased.ts', register }, { ref: 'cjs-ts/aliased.ts' }])).toEqual([
      {
        ref: 'esm-ts/aliased.ts',
        kind: 'import-failed',
        message:
          "esm-ts/aliased.ts threw while loading: Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@lib/marker.js' imported from esm-ts/aliased.ts",
      },
      {
        ref: 'cjs-ts/aliased.ts',
        kind: 'import-failed',
        message:
          "cjs-ts/aliased.ts threw while loading: Error [MODULE_NOT_FOUND]: Cannot find module '@lib/marker' required from cjs-ts/aliased.ts",
      },
    ]);
  });
});
