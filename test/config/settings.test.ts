import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveRunSettings, ruleIds, type LoadedConfig } from '../../src/config/index.js';
import { HandlerLoadError } from '../../src/harness/load/handler-load-error.js';

const fixtures = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const noConfig = (cwd: string): LoadedConfig => ({ config: {}, file: undefined, baseDir: cwd });

describe('resolveRunSettings', () => {
  it('fills in every default', () => {
    const cwd = join(fixtures, 'mjs-plain');
    const settings = resolveRunSettings({ loaded: noConfig(cwd), cli: { handler: 'handler.mjs' }, cwd, randomSeed: () => 7 });
    expect(settings).toEqual({
      handlerRef: 'handler.mjs',
      handlerFile: join(cwd, 'handler.mjs'),
      cwd,
      source: 'dynamodb',
      runs: 100,
      seed: 7,
      rules: [...ruleIds],
      ruleSettings: Object.fromEntries(ruleIds.map((id) => [id, id === 'producer-duplicates' ? 'warn' : 'error'])), // producer-duplicates warns by default
      timeoutMs: 3000,
      timeBudgetSeconds: 60,
      config: {},
      configFile: undefined,
      baseDir: cwd,
      warnings: [],
    });
  });

  it('draws a random 31-bit seed when none is given', () => {
    const cwd = join(fixtures, 'mjs-plain');
    const seeds = Array.from({ length: 20 }, () => resolveRunSettings({ loaded: noConfig(cwd), cli: { handler: 'handler.mjs' }, cwd }).seed);
    for (const seed of seeds) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(2 ** 31);
    }
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('resolves a handler from the config against the config file directory, shown relative to cwd', async () => {
    const loaded = await loadConfig({ cwd: fixtures, file: 'nested/config/conformance.config.json' });
    const settings = resolveRunSettings({ loaded, cwd: fixtures, randomSeed: () => 1 });
    expect(settings.handlerRef).toBe('nested/src/consumer.mjs#process');
    expect(settings.handlerFile).toBe(join(fixtures, 'nested/src/consumer.mjs'));
    expect(settings.timeoutMs).toBe(2000); // function.Timeout
    expect(settings.configFile).toBe(join(fixtures, 'nested/config/conformance.config.json'));
  });

  it('lets the command line override the config', async () => {
    const cwd = join(fixtures, 'ts-esm');
    const loaded = await loadConfig({ cwd });
    const fromConfig = resolveRunSettings({ loaded, cwd, randomSeed: () => 1 });
    expect(fromConfig).toMatchObject({ handlerRef: 'src/handler.ts#handler', source: 'dynamodb', runs: 25, timeoutMs: 5000 });
    expect(fromConfig.rules).not.toContain('expected-state'); // off in the config
    expect(fromConfig.ruleSettings['poison-pill-isolation']).toBe('warn');

    const fromCli = resolveRunSettings({
      loaded, cwd, cli: { handler: './src/handler.ts#other', runs: 3, seed: 99, timeoutMs: 250, rules: ['mapping-config', 'batch-response-shape'] },
    });
    expect(fromCli).toMatchObject({ handlerRef: 'src/handler.ts#other', runs: 3, seed: 99, timeoutMs: 250 });
    expect(fromCli.rules).toEqual(['batch-response-shape', 'mapping-config']); // in rule-table order
  });

  it('runs only --rule ids that are not off, and says so', async () => {
    const cwd = join(fixtures, 'ts-esm');
    const loaded = await loadConfig({ cwd });
    const settings = resolveRunSettings({ loaded, cwd, cli: { rules: ['expected-state', 'no-silent-loss'] } });
    expect(settings.rules).toEqual(['no-silent-loss']);
    expect(settings.warnings).toEqual(['--rule expected-state: the rule is off in conformance.config.ts (rules.expected-state), so it does not run']);
  });

  it('checks the mapping again when --source changes the source', async () => {
    const cwd = join(fixtures, 'ts-cjs');
    const loaded = await loadConfig({ cwd }); // kinesis, AT_TIMESTAMP
    expect(() => resolveRunSettings({ loaded, cwd, cli: { source: 'dynamodb' } })).toThrow(
      /^conformance\.config\.ts: mapping\.StartingPosition: must be one of TRIM_HORIZON, LATEST for a dynamodb source/,
    );
    expect(resolveRunSettings({ loaded, cwd }).source).toBe('kinesis');
  });

  it('without a handler anywhere says where to give one', () => {
    expect(() => resolveRunSettings({ loaded: noConfig(fixtures) , cwd: fixtures })).toThrow(
      new ConfigError('no handler: pass it as the first argument (conformance src/handler.ts) or set handler in conformance.config.ts'),
    );
  });

  it('refuses an unknown --rule, listing the valid ids', () => {
    const cwd = join(fixtures, 'mjs-plain');
    expect(() => resolveRunSettings({ loaded: noConfig(cwd), cwd, cli: { handler: 'handler.mjs', rules: ['per-key-order'] } })).toThrow(
      /^--rule per-key-order: unknown rule id; did you mean per-key-ordering\? \(rule ids: batch-response-shape, .*mapping-config\)$/,
    );
  });

  it('refuses a handler file that does not exist, naming where it was looked for', () => {
    const cwd = join(fixtures, 'nested');
    const loaded: LoadedConfig = { config: { handler: 'consumer.mjs' }, file: join(cwd, 'config/conformance.config.json'), baseDir: join(cwd, 'config') };
    expect(() => resolveRunSettings({ loaded, cwd })).toThrow(
      /^config\/conformance\.config\.json: handler: Handler file not found: config\/consumer\.mjs.*; a handler path in the config is relative to the config file's directory$/,
    );
    expect(() => resolveRunSettings({ loaded, cwd, cli: { handler: 'src/consumer.ts' } })).toThrow(HandlerLoadError);
  });
});
