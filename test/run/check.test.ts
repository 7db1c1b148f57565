import { describe, expect, it } from 'vitest';
import { ruleIds } from '../../properties/index.js';
import type { ConformanceConfig } from '../../src/config/types.js';
import { UserError } from '../../src/core/user-error.js';
import { encodeReplay } from '../../src/judge/replay.js';
import { checkConsumer } from '../../src/run/check.js';

// a correct consumer of a table whose items always carry Message; the mapping is AWS's defaults
const config: ConformanceConfig = {
  handler: 'test/fixtures/consumers/needs-message.mjs',
  items: { attributes: { Message: { required: true, samples: ['hi'] } } },
  rules: { 'poison-pill-isolation': 'off', 'mapping-config': 'warn' },
};

describe('checkConsumer', () => {
  it('reports every rule not turned off, in the rule table’s order, with its docs link; a failure of a rule set to warn is a warning', async () => {
    const report = await checkConsumer(config, { seed: 2, runs: 3 });
    expect(report).toMatchObject({ schemaVersion: 2, tool: { name: 'stream-conformance' }, seed: 2, handler: 'test/fixtures/consumers/needs-message.mjs', source: 'dynamodb' });
    expect(report.mapping).toBe('BatchSize 100, retries unlimited, bisect off, no OnFailure');
    expect(report.rules.map((r) => r.id)).toEqual(ruleIds.filter((id) => id !== 'poison-pill-isolation'));
    for (const rule of report.rules) expect(rule.docsUrl, rule.id).toMatch(new RegExp(`${rule.id}`));
    const mapping = report.rules.find((r) => r.id === 'mapping-config')!;
    expect(mapping).toMatchObject({ status: 'warn', severity: 'warn' });
    expect(mapping.fix).toMatch(/MaximumRetryAttempts/);
    expect(report.rules.find((r) => r.id === 'valid-record-robustness')).toMatchObject({ status: 'pass', runs: 3, message: 'held in 3 generated case(s)' });
    // the handler writes nowhere: the differential rules say they cannot judge, and why
    expect(report.rules.find((r) => r.id === 'per-key-ordering')).toMatchObject({ status: 'skip', message: expect.stringMatching(/^no observable downstream state/) });
    expect(report.rules.filter((r) => r.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
    // no config file: a replay hint calls the API again
    expect(report.replayCall).toBe('checkConsumer');
  }, 120_000);

  it('a replay token recorded under other settings is refused, naming what changed', async () => {
    const token = encodeReplay({ seed: 2, path: '0', rule: 'per-key-ordering', settings: { source: 'kinesis-digest' } });
    const error = await checkConsumer(config, { replay: token }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^--replay: this counterexample was recorded under different settings \(.*source.*\)/);
  }, 120_000);

  it('a mapping whose filter lets no generated record through is a setup problem (exit 2), not a run of skipped rules that passes', async () => {
    // anything-but matches only records that have the field: ordinary writes carry no userIdentity
    const filter = { Filters: [{ Pattern: JSON.stringify({ userIdentity: { principalId: [{ 'anything-but': 'dynamodb.amazonaws.com' }] } }) }] };
    const error = await checkConsumer({ ...config, mapping: { FilterCriteria: filter } }, { seed: 2, runs: 3 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^the mapping's FilterCriteria let no record of the 3 generated cases through, so the handler never ran/);
  }, 120_000);
});

