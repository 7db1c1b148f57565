import { describe, expect, it } from 'vitest';
import { detailFacts, formatDuration } from '../../reports/format.js';
import { poisonPillIsolation } from '../../properties/poison-pill-isolation.js';
import { staticContext, testRule } from './rule-tester.js';
import type { StaticContext } from '../../properties/evidence.js';
import { resolveMapping, type MappingInput } from '../../src/model/mapping.js';
import type { Source } from '../../src/model/types.js';

// judged with the model consumer (no handler): a record of one key fails on every attempt
const onFailure = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };

testRule(poisonPillIsolation, {
  valid: [
    { name: 'bisection, finite retries and an OnFailure destination', input: staticContext({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 2, BatchSize: 1, ...onFailure }) },
    { name: 'one record per batch on Kinesis, the poison reported by sequence number', input: staticContext({ FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1, MaximumRetryAttempts: 2, ...onFailure }, 'kinesis') },
  ],
  invalid: [
    {
      name: 'retries forever: the mapping alone blocks the shard, mapping-config judges it',
      input: staticContext({}),
      status: 'skip',
      message: /^under this mapping \(retries forever\) a record that always fails blocks its shard whatever the handler does: mapping-config reports it$/,
    },
    {
      name: 'healthy records discarded with the poison',
      input: staticContext({ MaximumRetryAttempts: 1, ...onFailure }),
      status: 'warn',
      message: /3 healthy record\(s\) of other keys were never applied \(.*\): they were retried with the poison, then Lambda sent their range to the OnFailure destination \(sqs\) as failed; enable BisectBatchOnFunctionError/,
    },
  ],
});

describe('poison-pill-isolation fix', () => {
  it('advises only what the mapping lacks: a partial response naming the first record under bisection is told to throw instead', async () => {
    const both = await poisonPillIsolation.judgeOnce!(staticContext({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, MaximumRetryAttempts: 1, ...onFailure }));
    const none = await poisonPillIsolation.judgeOnce!(staticContext({ MaximumRetryAttempts: 1, ...onFailure }));
    for (const finding of [both, none]) expect(finding?.status).toBe('warn');
    expect(both!.fix).toMatch(/^Throw when the batch’s first record fails/);
    expect(both!.fix).not.toMatch(/Enable|Add ReportBatchItemFailures/);
    expect(none!.fix).toMatch(/^Enable BisectBatchOnFunctionError .* or add ReportBatchItemFailures/);
  });
});

describe('poison-pill-isolation production sentence', () => {
  it('for healthy records set aside unapplied, says what that costs (not the wait): metadata only at the destination, or nothing at all', async () => {
    const kept = await poisonPillIsolation.judgeOnce!(staticContext({ MaximumRetryAttempts: 1, ...onFailure }));
    expect(kept?.production).toMatch(/^Healthy records are set aside with the bad one without being applied: the OnFailure destination receives only their shard and sequence number range/);
    const dropped = await poisonPillIsolation.judgeOnce!(staticContext({ MaximumRetryAttempts: 1 }));
    expect(dropped?.status).toBe('warn');
    expect(dropped?.production).toBe('Healthy records are dropped with the bad one without being applied, and nothing records which ones.');
  });
});

describe('poison-pill-isolation details', () => {
  it('carries the worst IteratorAge as its own typed detail, which the message states too', async () => {
    const finding = await poisonPillIsolation.judgeOnce!(staticContext({ MaximumRetryAttempts: 1, ...onFailure }));
    expect(finding?.details).toMatchObject({ rule: 'poison-pill-isolation', worstIteratorAgeMs: expect.any(Number) });
    expect(finding!.details!.worstIteratorAgeMs).toBeGreaterThan(0);
    expect(detailFacts(finding!.details)).toEqual([`worst IteratorAge ${formatDuration(finding!.details!.worstIteratorAgeMs)}`]);
  });
});

const context = (mapping: MappingInput, source: Source = 'dynamodb') => ({ mapping: resolveMapping(mapping, source), source }) as StaticContext;

describe('poison-pill-isolation and mapping-config', () => {
  it('poison-pill-isolation leaves a mapping that retries forever to mapping-config', async () => {
    const finding = await poisonPillIsolation.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'] }));
    expect(finding).toMatchObject({ status: 'skip' });
    expect(finding?.message).toMatch(/mapping-config reports it/);
  });
});
