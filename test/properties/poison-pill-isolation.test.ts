import { describe, expect, it } from 'vitest';
import { detailFacts, formatDuration } from '../../reports/format.js';
import { poisonPillIsolation } from '../../properties/poison-pill-isolation.js';
import { staticContext, testRule } from './rule-tester.js';
import type { StaticContext } from '../../properties/evidence.js';
import { resolveMapping, type MappingInput } from '../../src/model/mapping.js';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { HarnessRun } from '../../src/harness/index.js';
import type { Shard, Source, StreamEvent } from '../../src/model/types.js';
import { simulateResolved, withSettings } from '../../src/simulate.js';

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

describe('poison-pill-isolation: a handler whose response Lambda cannot read', () => {
  it('says the response failed the whole batch and sends to batch-response-shape first, not the partial-response advice alone', async () => {
    const context = staticContext({ FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, MaximumRetryAttempts: 1, ...onFailure }, 'kinesis');
    // the handler names failures by eventID: every response that names one is invalid
    const runHandler = async (shards: Shard[], poison: string) => {
      const trace = await simulateResolved({
        source: 'kinesis',
        mapping: withSettings(context.mapping, {}),
        shards,
        handler: (event: StreamEvent) => {
          const records = event.Records as KinesisStreamRecord[];
          const bad = records.find((r) => r.kinesis.partitionKey === poison);
          return { batchItemFailures: bad === undefined ? [] : [{ itemIdentifier: bad.eventID }] };
        },
      });
      const failed = { call: 0, attempt: 1, invocation: 0, at: 0, service: 'dynamodb', operation: 'PutItem', input: { pk: poison }, statusCode: 500, outcome: 'error' as const, fault: 'server-error' };
      return { trace, calls: [failed], outbox: [], tables: {}, problems: [], warnings: [] } as HarnessRun;
    };
    const finding = await poisonPillIsolation.judgeOnce!({ ...context, runHandler });
    expect(finding?.status).toBe('warn');
    expect(finding?.message).toMatch(/the handler's response was invalid \(.*\), so Lambda took it for a failure of the whole batch and retried the whole batch, and bisected it, whatever it named; once its batchItemFailures name records by sequence number, /);
    expect(finding?.fix).toMatch(/^Make the response valid first \(batch-response-shape says how\): /);
    // named as Kinesis names shards, as the records' eventIDs do
    expect(finding?.shown?.shards[0]?.shardId).toBe('shardId-000000000000');
  });
});
