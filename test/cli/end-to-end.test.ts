import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';

/** The real CLI (no stand-ins): exit codes and one-line messages. */
const root = join(import.meta.dirname, '..', '..');

async function run(args: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    cwd,
    env: { NO_COLOR: '1' },
  } as unknown as CliIo;
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('conformance, end to end', () => {
  it.each([
    ['a handler that throws while importing', ['test/fixtures/handlers/broken/throws-on-import.ts'], /throws-on-import\.ts threw while loading: Error: missing TABLE_NAME/],
    ['a handler export that is not a function', ['test/fixtures/handlers/broken/not-a-function.ts'], /is an object, not a function/],
    ['an out-of-range mapping value', ['-c', 'test/fixtures/configs/bad-mapping/conformance.config.json'], /mapping\.BatchSize: must be an integer from 1 to 10000, got 0/],
    ['an unknown flag', ['--runz', '3'], /--runz/],
  ])('%s exits 2 with one line', async (_name, args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the bundled example and prints the seed and a passing summary (exit 0)', async () => {
    // one harness (the report does not depend on the worker count: test/run/pool.test.ts)
    const { code, stdout, stderr } = await run(['--runs', '10', '--seed', '4', '--workers', '1'], join(root, 'examples', 'orders-projection'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^  seed     4$/m);
    expect(stdout).toMatch(/All rules passed\./);
  });

  it('prints a failure block with the rule id, advice and a replay command (exit 1)', async () => {
    const { code, stdout } = await run(['--runs', '30', '--seed', '4', '--workers', '1', '--rule', 'valid-record-robustness'], join(root, 'examples', 'new-image-on-remove'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL valid-record-robustness/);
    expect(stdout).toMatch(/In production: /);
    expect(stdout).toMatch(/Fix: /);
    expect(stdout).toMatch(/Replay: npx conformance .* --replay \S+/);
  });
});
