import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/index.js';
import type { DynamoDBRecord } from 'aws-lambda';
import { ddb, kinesis, seqs, shardOf, t0 } from '../support/records.js';

const dlq = 'arn:aws:sqs:us-east-1:123456789012:dlq';
const rbif = ['ReportBatchItemFailures'];
const failing = (...bad: string[]) => (event: { Records: DynamoDBRecord[] }) => ({
  batchItemFailures: event.Records.filter((r) => bad.includes(r.dynamodb!.SequenceNumber!)).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
});
const deliveriesOf = (trace: Awaited<ReturnType<typeof simulate>>, seq: string) => trace.invocations.filter((i) => i.sequenceNumbers.includes(seq)).length;

describe('worked scenarios from the AWS documentation', () => {
  it('partial failure at index k commits the records before k and retries from k to the end', async () => {
    const s = seqs(5);
    let calls = 0;
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif },
      handler: (event) => (calls++ === 0 ? failing(s[2]!)(event) : {}),
    });
    expect(trace.invocations.map((i) => [i.sequenceNumbers, i.outcome])).toEqual([
      [s, 'partial'],
      [s.slice(2), 'success'],
    ]);
    expect(trace.invocations[0]!.failureIndex).toBe(2);
    expect(trace.invocations[1]!.reason).toBe('partial-suffix');
    expect(trace.events.filter((e) => e.type === 'checkpoint').map((e) => (e as { sequenceNumber: string }).sequenceNumber)).toEqual([s[1], s[4]]);
    expect(trace.checkpoints).toEqual({ 'shardId-00000001767225600000-0000aaaa': s[4] });
  });

  it('the lowest reported sequence number wins, compared as numbers even across digit lengths', async () => {
    const records = ['999999999999999999998', '999999999999999999999', '1000000000000000000000'].map((q) => ddb(q));
    const trace = await simulate({
      shards: [shardOf(records)],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif, MaximumRetryAttempts: 0 },
      // reported out of order: as strings "1000…" < "9999…", as numbers it is the last record
      handler: () => ({ batchItemFailures: [{ itemIdentifier: '1000000000000000000000' }, { itemIdentifier: '999999999999999999999' }] }),
    });
    expect(trace.invocations[0]!.failureIndex).toBe(1);
  });

  it('a record failing at the end of a 3-record batch with MaximumRetryAttempts 3 is delivered 5 times (AWS-observed)', async () => {
    const s = seqs(3);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif, MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: failing(s[2]!),
    });
    expect(deliveriesOf(trace, s[2]!)).toBe(5);
    expect(deliveriesOf(trace, s[0]!)).toBe(1);
    expect(trace.destinations).toHaveLength(1);
    const doc = trace.destinations[0]!.document;
    expect(doc.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(doc.requestContext.approximateInvokeCount).toBe(4);
    expect(doc.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: null });
    expect(doc.DDBStreamBatchInfo).toMatchObject({ batchSize: 1, startSequenceNumber: s[2], endSequenceNumber: s[2] });
    expect(trace.destinations[0]!.type).toBe('sqs');
  });

  it('with partialProgressResetsAttempts off the same record is delivered 4 times', async () => {
    const s = seqs(3);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif, MaximumRetryAttempts: 3 },
      knobs: { partialProgressResetsAttempts: false },
      handler: failing(s[2]!),
    });
    expect(deliveriesOf(trace, s[2]!)).toBe(4);
  });

  const malformed: [string, unknown][] = [
    ['eventID as itemIdentifier', { batchItemFailures: [{ itemIdentifier: '0000000000000000000000000000abcd' }] }],
    ['empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['numeric itemIdentifier', { batchItemFailures: [{ itemIdentifier: 123 }] }],
    ['wrong key', { batchItemFailures: [{ foo: 123 }] }],
    ['unknown sequence number', { batchItemFailures: [{ itemIdentifier: '12345678901234567890123' }] }],
    ['batchItemFailures not an array', { batchItemFailures: 'oops' }],
    ['a string response', 'failed'],
    ['a number response', 42],
    ['a non-empty array', [{ itemIdentifier: '1' }]],
  ];
  it.each(malformed)('%s is a whole-batch failure documented with functionError null', async (_name, response) => {
    const s = seqs(2);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif, MaximumRetryAttempts: 1, BisectBatchOnFunctionError: true, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: () => response,
    });
    expect(trace.invocations.map((i) => [i.outcome, i.sequenceNumbers.length])).toEqual([['invalid-response', 2], ['invalid-response', 2]]);
    expect(trace.events.some((e) => e.type === 'bisect')).toBe(false);
    expect(trace.destinations[0]!.document.responseContext!.functionError).toBeNull();
    expect(trace.destinations[0]!.document.DDBStreamBatchInfo!.batchSize).toBe(2);
  });

  const successes: [string, unknown][] = [
    ['undefined', undefined], ['null', null], ['{}', {}], ['[]', []], ['""', ''],
    ['{batchItemFailures: null}', { batchItemFailures: null }], ['{batchItemFailures: []}', { batchItemFailures: [] }],
    ['an object without batchItemFailures', { ok: true }],
  ];
  it.each(successes)('%s is a success', async (_name, response) => {
    const trace = await simulate({
      shards: [shardOf(seqs(2).map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif },
      handler: () => response,
    });
    expect(trace.invocations.map((i) => i.outcome)).toEqual(['success']);
  });

  it('without ReportBatchItemFailures a batchItemFailures response is a success and the failures are lost', async () => {
    const s = seqs(3);
    const trace = await simulate({ shards: [shardOf(s.map((q) => ddb(q)))], mapping: { StartingPosition: 'TRIM_HORIZON' }, handler: failing(s[1]!) });
    expect(trace.invocations.map((i) => i.outcome)).toEqual(['success']);
    expect(Object.values(trace.checkpoints)).toEqual([s[2]]);
  });

  it('a thrown error overrides the response, and a circular result is a function error', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const trace = await simulate({
      shards: [shardOf(seqs(1).map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: rbif, MaximumRetryAttempts: 1 },
      handler: (() => {
        let n = 0;
        return () => {
          if (n++ === 0) throw 'a string, not an Error';
          return circular;
        };
      })(),
    });
    expect(trace.invocations.map((i) => i.outcome)).toEqual(['function-error', 'function-error']);
    expect(trace.invocations[0]!.error).toMatch(/non-Error thrown: "a string, not an Error"/);
    expect(trace.invocations[1]!.error).toMatch(/cannot be serialized/);
  });

  it('a stale record at the head of a batch is cut off and reported alone while the rest is invoked (AWS-observed)', async () => {
    const old = ddb(10n ** 20n, { atMs: t0 });
    const fresh = seqs(5, 10n ** 20n + 1n).map((q) => ddb(q, { atMs: t0 + 120_000 }));
    const trace = await simulate({
      shards: [shardOf([old, ...fresh])],
      startTime: t0 + 120_000,
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: () => undefined,
    });
    expect(trace.invocations.map((i) => i.sequenceNumbers)).toEqual([fresh.map((r) => r.dynamodb!.SequenceNumber)]);
    const doc = trace.destinations[0]!.document;
    expect(doc.requestContext.condition).toBe('RecordAgeExceeded');
    expect(doc.requestContext.approximateInvokeCount).toBe(1);
    expect(doc).not.toHaveProperty('responseContext');
    expect(doc.DDBStreamBatchInfo!.batchSize).toBe(1);
  });

  it('an always-failing record with infinite retries and MaximumRecordAgeInSeconds 60 reports approximateInvokeCount 8 (AWS-observed)', async () => {
    const trace = await simulate({
      source: 'kinesis',
      shards: [{ shardId: 'shardId-000000000000', records: [kinesis('49590338271490256608559692538361571095921575989136588898')] }],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: () => {
        throw new Error('always');
      },
    });
    expect(trace.invocations).toHaveLength(7);
    const doc = trace.destinations[0]!.document;
    expect(doc.requestContext).toMatchObject({ condition: 'RecordAgeExceeded', approximateInvokeCount: 8 });
    expect(doc.KinesisBatchInfo!.approximateArrivalOfFirstRecord).toBe('2026-01-01T00:00:00.000Z');
    expect(doc).not.toHaveProperty('DDBStreamBatchInfo');
  });

  it('bisection on a poisoned record: BatchSize 4, r3 poisons, MaximumRetryAttempts 1 (esm-semantics B4)', async () => {
    const s = seqs(4);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 4, MaximumRetryAttempts: 1, BisectBatchOnFunctionError: true, DestinationConfig: { OnFailure: { Destination: dlq } } },
      handler: (event: { Records: DynamoDBRecord[] }) => {
        if (event.Records.some((r) => r.dynamodb!.SequenceNumber === s[2])) throw new Error('poison');
      },
    });
    expect(s.map((q) => deliveriesOf(trace, q))).toEqual([2, 2, 4, 3]);
    expect(trace.invocations.map((i) => i.sequenceNumbers.length)).toEqual([4, 2, 2, 1, 1, 1]);
    expect(trace.destinations).toHaveLength(1);
    expect(trace.destinations[0]!.document.responseContext!.functionError).toBe('Unhandled');
    expect(trace.destinations[0]!.document.DDBStreamBatchInfo).toMatchObject({ startSequenceNumber: s[2], batchSize: 1 });
    expect(Object.values(trace.checkpoints)).toEqual([s[3]]);
  });

  it('bisectSplit floor gives the left half the smaller part', async () => {
    const s = seqs(3);
    const trace = await simulate({
      shards: [shardOf(s.map((q) => ddb(q)))],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0, BisectBatchOnFunctionError: true },
      knobs: { bisectSplit: 'floor' },
      handler: (event: { Records: unknown[] }) => {
        if (event.Records.length > 1) throw new Error('too many');
      },
    });
    expect(trace.invocations.map((i) => i.sequenceNumbers.length)).toEqual([3, 1, 2, 1, 1]);
  });
});
