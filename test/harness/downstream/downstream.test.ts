import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../../support/records.js';
import { faults, harnesses, replicaTables } from '../support.js';

const harness = harnesses(afterAll, { share: true });

const table = (name: string, key: string) => ({ TableName: name, KeySchema: [{ AttributeName: key, KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' });
const writerTables = [...replicaTables, table('dedup', 'id'), table('counters', 'pk'), table('audit', 'pk')];

describe('the outbox', () => {
  it('answers SQS, SNS, EventBridge, Kinesis, Firehose and S3 writes with realistic responses and records them', async () => {
    const h = await harness('publishers.ts');
    const records = seqs(2).map((s) => ddb(s));
    const run = await h.run({ shards: [{ shardId: 's', records }] });
    const response = run.trace.invocations[0]!.response as Record<string, unknown>;
    expect(run.trace.invocations[0]!.outcome).toBe('success');
    expect(response).toMatchObject({ sqsBatchFailed: 0, eventsFailed: 0, kinesisFailed: 0, firehoseFailed: 0 });
    expect(response.sqs).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.s3).toMatch(/^"[0-9a-f]{32}"$/);
    const [a, b] = seqs(2);
    expect(run.outbox.map((m) => [m.service, m.operation, m.target, m.body])).toEqual([
      ['sqs', 'SendMessage', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', a],
      ['sqs', 'SendMessageBatch', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', a],
      ['sqs', 'SendMessageBatch', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', b],
      ['sns', 'Publish', 'arn:aws:sns:us-east-1:123456789012:t', a],
      ['eventbridge', 'PutEvents', 'default', JSON.stringify({ Source: 'orders', DetailType: 'changed', Detail: JSON.stringify({ id: a }) })],
      ['eventbridge', 'PutEvents', 'default', JSON.stringify({ Source: 'orders', DetailType: 'changed', Detail: JSON.stringify({ id: b }) })],
      ['kinesis', 'PutRecords', 'audit', a],
      ['kinesis', 'PutRecords', 'audit', b],
      ['firehose', 'PutRecordBatch', 'lake', a],
      ['firehose', 'PutRecordBatch', 'lake', b],
      ['s3', 'PutObject', `archive/records/${a}.json`, JSON.stringify([a, b])],
    ]);
    expect(run.problems).toEqual([]);
  });

  it('reports partial failures of batch APIs the way each service does', async () => {
    const h = await harness('publishers.ts');
    const run = await h.run({
      shards: [{ shardId: 's', records: seqs(2).map((s) => ddb(s)) }],
      faults: faults({ calls: [1, 3, 4, 5].map((call) => ({ kind: 'partial-batch' as const, call, failed: [1] })) }),
    });
    expect(run.trace.invocations[0]!.response).toMatchObject({ sqsBatchFailed: 1, eventsFailed: 1, kinesisFailed: 1, firehoseFailed: 1 });
    expect(run.outbox.filter((m) => m.body === seqs(2)[1])).toEqual([]);
    expect(run.calls.filter((c) => c.outcome === 'partial').map((c) => c.failedEntries)).toEqual([[1], [1], [1], [1]]);
  });
});

describe('a poison record', () => {
  it('is refused entry by entry in batch APIs, as a malformed entry is, on every attempt; a call of its own fails whole', async () => {
    const h = await harness('publishers.ts');
    // (far apart: a handler may write a sequence number as a JavaScript number, and the poison matches that form too)
    const [a, b] = [seqs(1)[0]!, seqs(1, 2n * 10n ** 20n)[0]!];
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(a), ddb(b)] }], faults: faults({ calls: [{ kind: 'poison', values: [b] }] }), mapping: { MaximumRetryAttempts: 1 } });
    const first = run.calls.filter((c) => c.invocation === 0);
    expect(first.filter((c) => c.outcome === 'partial').map((c) => [c.operation, c.failedEntries])).toEqual([
      ['SendMessageBatch', [1]], ['PutEvents', [1]], ['PutRecords', [1]], ['PutRecordBatch', [1]],
    ]);
    // the S3 object holds both records: the poison fails it, attempt after attempt
    expect(first.filter((c) => c.operation === 'PutObject').map((c) => c.outcome)).toEqual(['error', 'error', 'error']);
    expect(run.calls.filter((c) => c.invocation === 1 && c.outcome === 'partial')).toHaveLength(4);
    expect(run.outbox.filter((m) => m.body === b)).toEqual([]);
    expect(run.outbox.filter((m) => m.body === a).map((m) => m.operation)).toEqual(expect.arrayContaining(['SendMessageBatch', 'PutRecords', 'PutRecordBatch']));
  });
});

describe('embedded DynamoDB through real handlers', () => {
  it('conditional writes, TransactWriteItems with a dedup record, and BatchWriteItem', async () => {
    const h = await harness('dynamodb-writers.ts', { tables: writerTables });
    const records = seqs(3).map((s) => ddb(s, { key: 'order-1' }));
    // the poller delivers the whole batch twice: the dedup record and the version guard absorb it
    const run = await h.run({ shards: [{ shardId: 's', records }], faults: faults({ invocations: [{ kind: 'duplicate-delivery', invocation: 0 }] }) });
    expect(run.trace.invocations.map((i) => [i.reason, i.outcome])).toEqual([['first', 'success'], ['duplicate', 'success']]);
    expect(run.tables.replica).toEqual([{ pk: { S: 'order-1' }, version: { S: seqs(3)[2]!.padStart(40, '0') }, seq: { S: seqs(3)[2] } }]);
    expect(run.tables.counters).toEqual([{ pk: { S: 'order-1' }, changes: { N: '3' } }]);
    expect(run.tables.dedup).toHaveLength(3);
    expect(run.tables.audit).toHaveLength(3);
    const operations = run.calls.map((c) => `${c.operation}:${c.statusCode}`);
    expect(operations.filter((o) => o === 'TransactWriteItems:400')).toHaveLength(3);
    expect(operations.filter((o) => o === 'UpdateItem:400')).toHaveLength(3);
  });

  it('a call to an undeclared table is reported with how to declare it', async () => {
    const h = await harness('dynamodb-writers.ts', { tables: replicaTables });
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!)] }], mapping: { MaximumRetryAttempts: 0 } });
    expect(run.problems.join("\n"), JSON.stringify([run.calls, run.trace.invocations], null, 1)).toMatch(/"dedup", which is not declared: add it to downstream\.dynamodb\.tables/);
  });
});

describe('faults', () => {
  it('transient faults are retried by the SDK itself: 10 throttles across 5 calls', async () => {
    const h = await harness('mirror-document-client.ts');
    const run = await h.run({
      shards: [{ shardId: 's', records: seqs(5).map((s, i) => ddb(s, { key: `k${i}` })) }],
      faults: faults({ calls: [0, 1, 2, 3, 4].map((call) => ({ kind: 'error' as const, call, error: 'throttling' as const, attempts: 2 })) }),
    });
    // DynamoDB clients make up to 4 attempts: each call is throttled twice, then succeeds
    expect(run.calls.map((c) => `${c.call}.${c.attempt}:${c.outcome}${c.error ? ` ${c.error}` : ''}`)).toEqual(
      [0, 1, 2, 3, 4].flatMap((call) => [`${call}.1:error ProvisionedThroughputExceededException`, `${call}.2:error ProvisionedThroughputExceededException`, `${call}.3:ok`]),
    );
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['success']);
    expect(run.tables.replica).toHaveLength(5);
  });

  it('a permanent failure reaches the handler as the real exception, which it reports', async () => {
    const h = await harness('mirror-document-client.ts');
    const run = await h.run({
      shards: [{ shardId: 's', records: seqs(2).map((s, i) => ddb(s, { key: `k${i}` })) }],
      mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      faults: faults({ calls: [{ kind: 'error', call: 1, error: 'server-error', attempts: 99 }] }),
    });
    expect(run.trace.invocations.map((i) => [i.outcome, i.sequenceNumbers.length])).toEqual([['partial', 2], ['success', 1]]);
    expect(run.tables.replica).toHaveLength(2);
  });

  it('an invocation timeout after n calls: later calls never happen, issued ones complete', async () => {
    const h = await harness('mirror-document-client.ts');
    const run = await h.run({
      shards: [{ shardId: 's', records: seqs(3).map((s, i) => ddb(s, { key: `k${i}` })) }],
      faults: faults({ invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: 1 }] }),
    });
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['timeout', 'success']);
    expect(run.trace.invocations[0]!.error).toMatch(/after 1 downstream call/);
    expect(run.calls.filter((c) => c.invocation === 0)).toHaveLength(1);
    expect(run.calls.filter((c) => c.invocation === 1)).toHaveLength(3);
  });

  it('a cold start gives the handler fresh module state', async () => {
    const h = await harness('cold-start-counter.mjs');
    const input = { shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s)) }], mapping: { BatchSize: 1 } };
    const warm = await h.run(input);
    expect(warm.outbox.map((m) => JSON.parse(m.body).invocations)).toEqual([1, 2, 3]);
    const cold = await h.run({ ...input, faults: faults({ invocations: [{ kind: 'cold-start', invocation: 2 }] }) });
    expect(cold.outbox.map((m) => JSON.parse(m.body).invocations)).toEqual([1, 2, 1]);
    // each run starts in a fresh execution environment
    expect((await h.run(input)).outbox.map((m) => JSON.parse(m.body).invocations)).toEqual([1, 2, 3]);
  });

  it('concurrent calls complete in an adversarial order when the schedule says so', async () => {
    const h = await harness('concurrent-writes.mjs');
    const records = seqs(4).map((s) => ddb(s, { key: 'same' }));
    const last = async (seed: number, reorder: boolean) => {
      const run = await h.run({ shards: [{ shardId: 's', records }], faults: faults({ reorder, seed }) });
      return run.tables.replica![0]!.v!.N;
    };
    expect(await last(1, false)).toBe(seqs(4)[3]);
    const outcomes = new Set<string | undefined>();
    for (let seed = 1; seed <= 6; seed++) outcomes.add(await last(seed, true));
    expect(outcomes.size).toBeGreaterThan(1);
    expect(await last(3, true)).toBe(await last(3, true));
  });
});

describe('SDK versions', () => {
  it('intercepts an SDK from the 3.4xx line and the current one side by side, retries without back-off delays', async () => {
    const h = await harness('two-sdk-copies.mjs');
    const run = await h.run({
      shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!, { key: 'k' })] }],
      faults: faults({ calls: [0, 1].map((call) => ({ kind: 'error' as const, call, error: 'throttling' as const, attempts: 2 })) }),
    });
    expect(run.trace.invocations[0]!.response).toEqual({ oldAttempts: 3, oldDelay: 0, currentAttempts: 3, currentDelay: 0 });
    expect(run.tables.replica!.map((i) => i.pk!.S)).toEqual(['k-current', 'k-old']);
  });
});
