import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const fixtures = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

const temporary: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-config-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<string> {
  const error: unknown = await loadConfig(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('loadConfig', () => {
  it('without a config file gives an empty config based in cwd', async () => {
    const dir = tempDir({});
    expect(await loadConfig({ cwd: dir })).toMatchObject({ config: {}, file: undefined, baseDir: dir });
  });

  it('loads a TS config in an ESM project (default export, functions and an fc.Arbitrary)', async () => {
    const loaded = await loadConfig({ cwd: fixture('ts-esm') });
    expect(loaded.file).toBe(join(fixture('ts-esm'), 'conformance.config.ts'));
    expect(loaded.baseDir).toBe(fixture('ts-esm'));
    expect(loaded.config.handler).toBe('src/handler.ts#handler');
    expect(loaded.config.runs).toBe(25);
    expect(typeof loaded.config.downstream?.expect?.state).toBe('function');
    const items = loaded.config.items;
    expect(items instanceof fc.Arbitrary || typeof (items as { generate?: unknown }).generate === 'function').toBe(true);
  });

  it('loads a TS config in a CommonJS project (default.default unwrapped)', async () => {
    const loaded = await loadConfig({ cwd: fixture('ts-cjs') });
    expect(loaded.config).toEqual({
      handler: './src/handler.ts',
      source: 'kinesis',
      stream: { ShardCount: 2, partitionKey: 'deviceId' },
      mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1700000000 },
      function: { Timeout: 7 },
    });
  });

  it('loads JS and JSON configs, and one given with --config relative to cwd', async () => {
    expect((await loadConfig({ cwd: fixture('mjs-plain') })).config).toEqual({ handler: 'handler.mjs', runs: 12, timeBudgetSeconds: 1.5 });
    const loaded = await loadConfig({ cwd: fixtures, file: 'nested/config/conformance.config.json' });
    expect(loaded.file).toBe(join(fixtures, 'nested/config/conformance.config.json'));
    expect(loaded.baseDir).toBe(join(fixtures, 'nested/config'));
    expect(loaded.config.handler).toBe('../src/consumer.mjs#process');
    expect(loaded.config).not.toHaveProperty('$schema');
  });

  it('reports the two-files warning and uses the first', async () => {
    const loaded = await loadConfig({ cwd: fixture('two-files') });
    expect(loaded.config).toEqual({ runs: 3 });
    expect(loaded.warnings).toEqual([expect.stringContaining('conformance.config.ts and conformance.config.json')]);
  });

  it('names file, line and column of a JSON syntax error', async () => {
    expect(await loadError({ cwd: fixture('json-syntax') })).toBe(
      "conformance.config.json: invalid JSON at line 4, column 3: Expected ',' or '}' after property value",
    );
    const dir = tempDir({ 'conformance.config.json': "{\n  \"runs\": 'ten'\n}\n" });
    // (the reason is V8's, and its wording differs between Node versions)
    const quoted = await loadError({ cwd: dir });
    expect(quoted).toMatch(/^conformance\.config\.json: invalid JSON at line 2, column 11: \S/);
    expect(quoted).not.toContain('is not valid JSON'); // V8 echoes the whole text there
    const unfinished = tempDir({ 'conformance.config.json': '{\n  "runs": 1,\n' });
    expect(await loadError({ cwd: unfinished })).toMatch(/^conformance\.config\.json: invalid JSON at line 3, column 1: \S/);
  });

  it('validates what it loaded, naming the file', async () => {
    expect(await loadError({ cwd: fixture('json-function') })).toBe(
      'conformance.config.json: downstream.expect.state: must be a function, which a JSON config cannot hold; write the config as conformance.config.ts to use it',
    );
    const dir = tempDir({ 'conformance.config.mjs': 'export default { mapping: { BatchSize: 0 } };' });
    expect(await loadError({ cwd: dir })).toBe('conformance.config.mjs: mapping.BatchSize: must be an integer from 1 to 10000, got 0');
  });

  it('turns a config that throws on import into a ConfigError with its message and file', async () => {
    expect(await loadError({ cwd: fixture('throws') })).toBe(
      'conformance.config.ts: threw while loading: TABLE_NAME is not set; fix the config file (or what it imports) so that it loads',
    );
    const dir = tempDir({ 'conformance.config.mjs': "import 'no-such-package-for-conformance';\nexport default {};" });
    expect(await loadError({ cwd: dir })).toMatch(
      /^conformance\.config\.mjs: threw while loading: Cannot find package 'no-such-package-for-conformance'.*; check the imports of the config/,
    );
  });

  it('refuses a module without a default export, a missing --config file and an unknown extension', async () => {
    expect(await loadError({ cwd: fixture('no-default') })).toBe(
      'conformance.config.mjs: has no default export; write export default defineConfig({ ... })',
    );
    expect(await loadError({ cwd: fixtures, file: 'nope.config.ts' })).toBe('config file not found: nope.config.ts; check the --config path');
    const dir = tempDir({ 'conformance.yaml': 'runs: 1' });
    expect(await loadError({ cwd: dir, file: 'conformance.yaml' })).toBe(
      'conformance.yaml: unsupported config file type; use .ts, .mts, .js, .mjs or .json',
    );
  });
});
