import { describe, expect, it } from 'vitest';
import { counterexampleFaults, describeCounterexample } from '../../src/judge/counterexample.js';
import type { FaultSchedule, RecordedCall } from '../../src/harness/index.js';
import type { Shard, Trace } from '../../src/model/types.js';
import { compileFilterCriteria } from '../../src/model/filter/index.js';
import { ddb, kinesis, seqs } from '../support/records.js';

const schedule = (fields: Partial<FaultSchedule>): FaultSchedule => ({ calls: [], invocations: [], reorder: false, seed: 0, ...fields });
const trace = { invocations: [], destinations: [], checkpoints: {}, discards: [], events: [], metrics: { s: { invoked: 1 } }, endTime: 9 } as unknown as Trace;

describe('the counterexample as data (the judge writes no sentences)', () => {
  it('every fault of a schedule, typed, invocations numbered from 1, in a stable order', () => {
    const faults = counterexampleFaults(schedule({
      calls: [{ kind: 'error', call: 2, error: 'throttling', attempts: 2 }, { kind: 'error', call: 3, error: 'server-error', attempts: 99 }, { kind: 'partial-batch', call: 4, failed: [0, 2] }, { kind: 'poison', values: ['k', '7'] }],
      invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: 1 }, { kind: 'cold-start', invocation: 1 }, { kind: 'duplicate-delivery', invocation: 2 }],
      reorder: true, seed: 42,
    }));
    expect(faults).toEqual([
      { kind: 'call-error', call: 2, error: 'throttling', attempts: 2, permanent: false },
      { kind: 'call-error', call: 3, error: 'server-error', attempts: 99, permanent: true },
      { kind: 'partial-batch', call: 4, failed: [0, 2] },
      { kind: 'poison-key', values: ['k', '7'] },
      { kind: 'timeout-after-calls', invocation: 1, calls: 1 },
      { kind: 'cold-start', invocation: 2 },
      { kind: 'duplicate-delivery', invocation: 3 },
      { kind: 'reorder', seed: 42 },
    ]);
  });

  it('call faults in the order of the calls they hit, whatever order the schedule drew them in', () => {
    const faults = counterexampleFaults(schedule({ calls: [{ kind: 'partial-batch', call: 2, failed: [0] }, { kind: 'error', call: 0, error: 'throttling', attempts: 99 }] }));
    expect(faults.map((f) => ('call' in f ? f.call : undefined))).toEqual([0, 2]);
  });

  it('a partial-batch fault names the entries it made fail in its call, and is left out when it made none fail', () => {
    const made = (call: number, failedEntries?: number[]): RecordedCall => ({
      call, attempt: 1, invocation: 0, at: 0, service: 'firehose', operation: 'PutRecordBatch', input: {}, statusCode: 200, outcome: failedEntries ? 'partial' : 'ok', ...(failedEntries && { failedEntries }),
    });
    const faults = schedule({ calls: [{ kind: 'partial-batch', call: 0, failed: [3, 4, 1] }, { kind: 'partial-batch', call: 1, failed: [5] }, { kind: 'partial-batch', call: 2, failed: [2, 0] }] });
    // call 0 had 3 entries (1 failed), call 1 had 1 (none could), call 2 was never made
    expect(counterexampleFaults(faults, [], 'dynamodb', [made(0, [1]), made(1)])).toEqual([
      { kind: 'partial-batch', call: 0, failed: [1] },
      { kind: 'partial-batch', call: 2, failed: [2, 0] },
    ]);
  });

  it('a producer retry is a Kinesis fault: it names the original and the copy there, and nothing on DynamoDB', () => {
    const [a, b] = seqs(2);
    const kinesisShards: Shard[] = [{ shardId: 'shardId-000000000000', records: [kinesis(a!, { partitionKey: 'p' }), kinesis(b!, { partitionKey: 'q' })] }];
    const retries = counterexampleFaults(schedule({ producerRetries: [0] }), kinesisShards, 'kinesis');
    expect(retries).toEqual([{ kind: 'producer-retry', shardId: 'shardId-000000000000', original: a, copy: String(BigInt(b!) + 1n) }]);
    const dynamodbShards: Shard[] = [{ shardId: 'shardId-000000000000', records: [ddb(a!), ddb(b!)] }];
    expect(counterexampleFaults(schedule({ producerRetries: [0] }), dynamodbShards, 'dynamodb')).toEqual([]);
  });

  it('calls keep their fields (invocation from 1), records are readable, the trace keeps its metrics', () => {
    const call: RecordedCall = { call: 0, attempt: 2, invocation: 0, at: 5, service: 'sqs', operation: 'SendMessage', input: { secret: 'x' }, statusCode: 500, outcome: 'error', error: 'InternalError', fault: 'server-error' };
    const [s1] = seqs(1);
    const c = describeCounterexample({ shards: [{ shardId: 'shardId-1', records: [ddb(s1!, { key: 'a', eventName: 'INSERT' })] }], finalItems: undefined, faults: schedule({}) }, 'dynamodb', { message: 'm' }, trace, [call], 'token');
    expect(c.calls).toEqual([{ invocation: 1, call: 0, attempt: 2, service: 'sqs', operation: 'SendMessage', outcome: 'error', statusCode: 500, error: 'InternalError', fault: 'server-error' }]);
    expect(c.records).toEqual([expect.objectContaining({ shardId: 'shardId-1', sequenceNumber: s1, eventName: 'INSERT', key: { pk: 'a' } })]);
    expect(c.trace.metrics).toEqual(trace.metrics);
    expect(c).not.toHaveProperty('timeline');
    expect(c.replay).toBe('token');
  });

  it('shows the item a write left in the source table when the record carries no new image (KEYS_ONLY), and only then', () => {
    const [s1, s2] = seqs(2);
    const keysOnly = ddb(s1!, { key: 'a', eventName: 'INSERT' });
    delete keysOnly.dynamodb!.NewImage;
    const shards = [{ shardId: 'shardId-1', records: [keysOnly, ddb(s2!, { key: 'a', eventName: 'MODIFY' })] }];
    const itemsAfter = { [s1!]: { pk: { S: 'a' }, status: { S: 'NEW' } }, [s2!]: { pk: { S: 'a' }, status: { S: 'PAID' } } };
    const c = describeCounterexample({ shards, finalItems: undefined, itemsAfter, faults: schedule({}) }, 'dynamodb', { message: 'm' }, trace, [], 'token');
    expect(c.records.map((r) => r.wrote)).toEqual([{ pk: 'a', status: 'NEW' }, undefined]);
  });

  it("marks the records the mapping's filter dropped, and only those", () => {
    const [s1, s2] = seqs(2);
    const shards = [{ shardId: 'shardId-1', records: [ddb(s1!, { key: 'a', eventName: 'INSERT' }), ddb(s2!, { key: 'a', eventName: 'REMOVE' })] }];
    const filter = compileFilterCriteria({ Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] }, 'dynamodb', 'FilterCriteria');
    const c = describeCounterexample({ shards, finalItems: undefined, faults: schedule({}) }, 'dynamodb', { message: 'm' }, trace, [], 'token', filter);
    expect(c.records.map((r) => [r.eventName, r.filtered])).toEqual([['INSERT', undefined], ['REMOVE', true]]);
    expect(describeCounterexample({ shards, finalItems: undefined, faults: schedule({}) }, 'dynamodb', { message: 'm' }, trace, [], 'token').records.some((r) => r.filtered)).toBe(false);
  });

  it('names the field a dropped record lacks when an anything-but on it alone dropped the record', () => {
    const [s1] = seqs(1);
    const shards = [{ shardId: 'shardId-1', records: [ddb(s1!, { key: 'a', eventName: 'MODIFY' })] }];
    const filter = compileFilterCriteria({ Filters: [{ Pattern: '{"userIdentity":{"principalId":[{"anything-but":["dynamodb.amazonaws.com"]}]}}' }] }, 'dynamodb', 'FilterCriteria');
    const c = describeCounterexample({ shards, finalItems: undefined, faults: schedule({}) }, 'dynamodb', { message: 'm' }, trace, [], 'token', filter);
    expect(c.records.map((r) => [r.filtered, r.filteredLacking])).toEqual([[true, 'userIdentity.principalId']]);
  });
});
