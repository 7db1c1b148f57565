import { describe, expect, it } from 'vitest';
import type { HarnessRun } from '../../../src/harness/index.js';
import type { RecordedCall } from '../../../src/harness/index.js';
import type { InvocationRecord, Shard } from '../../../src/model/types.js';
import { committedFailure } from '../../../properties/support/committed-failure.js';

const record = (pk: string, seq: string) => ({ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: pk } }, SequenceNumber: seq, NewImage: { pk: { S: pk } } } });
const shards = [{ shardId: 's-1', records: [record('a', '100'), record('b', '200'), record('c', '300')] }] as unknown as Shard[];

function invocation(outcome: InvocationRecord['outcome'], failureIndex?: number): InvocationRecord {
  return { shardId: 's-1', sequenceNumbers: ['100', '200', '300'], outcome, ...(failureIndex !== undefined && { failureIndex }) } as InvocationRecord;
}

function put(call: number, pk: string, outcome: RecordedCall['outcome'], fault?: string, attempt = 3): RecordedCall {
  return {
    call, attempt, invocation: 0, at: 0, service: 'dynamodb', operation: 'PutItem', input: { TableName: 't', Item: { pk: { S: pk } } },
    statusCode: outcome === 'ok' ? 200 : 500, outcome, ...(fault !== undefined && { fault }),
  };
}

function run(invocations: InvocationRecord[], calls: RecordedCall[]): HarnessRun {
  return { trace: { invocations } as HarnessRun['trace'], calls, outbox: [], tables: {} as HarnessRun['tables'], problems: [], warnings: [], sdk: { calls: calls.length, completed: invocations.length, clientErrors: [] } };
}

describe('committedFailure: a failed record the checkpoint passed', () => {
  it('finds a record whose write failed for good before the reported failure', () => {
    const found = committedFailure(run([invocation('partial', 2)], [put(0, 'a', 'error', 'throttling'), put(1, 'b', 'ok'), put(2, 'c', 'ok')]), shards, 'dynamodb');
    expect(found).toMatchObject({ invocation: 0, record: '100', reported: '300' });
  });

  it('finds it for a network reset too, and in later invocations', () => {
    const calls = [put(0, 'a', 'ok'), { ...put(1, 'b', 'network-error', 'network-reset'), invocation: 1 }];
    expect(committedFailure(run([invocation('success'), invocation('partial', 2)], calls), shards, 'dynamodb')).toMatchObject({ invocation: 1, record: '200' });
  });

  it('tells two records of one key apart by the data the failed call carries', () => {
    const ofKeyA = (seq: string, status: string) => ({ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'a' } }, SequenceNumber: seq, NewImage: { pk: { S: 'a' }, status: { S: status } } } });
    const twoOfA = [{ shardId: 's-1', records: [ofKeyA('100', 'NEW'), record('b', '200'), ofKeyA('300', 'PAID')] }] as unknown as Shard[];
    const failed = (status: string): RecordedCall => ({ ...put(0, 'a', 'error', 'server-error'), input: { TableName: 't', Item: { pk: { S: 'a' }, status: { S: status } } } });
    expect(committedFailure(run([invocation('partial', 2)], [failed('NEW')]), twoOfA, 'dynamodb')).toMatchObject({ record: '100', reported: '300' });
    expect(committedFailure(run([invocation('partial', 2)], [failed('PAID')]), twoOfA, 'dynamodb')).toBeUndefined();
  });

  it('names the record a message is for by its event id, though the message carries the one before\'s image as its old image', () => {
    const change = (seq: string, eventID: string, newImage: object, oldImage: object) => ({ eventID, eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'a' } }, SequenceNumber: seq, NewImage: newImage, OldImage: oldImage } });
    const shipped = { pk: { S: 'a' }, status: { S: 'SHIPPED' }, customer: { S: 'c-7' } };
    const twoOfA = [{ shardId: 's-1', records: [change('100', 'e-100', shipped, { pk: { S: 'a' }, status: { S: 'SHIPPED' }, total: { N: '40' } }), record('b', '200'), change('300', 'e-300', { pk: { S: 'a' } }, shipped)] }] as unknown as Shard[];
    // the second change's message failed, and the handler reported the second change: right
    const message = JSON.stringify({ eventId: 'e-300', keys: { pk: { S: 'a' } }, newImage: { pk: { S: 'a' } }, oldImage: shipped });
    const failed: RecordedCall = { ...put(1, 'a', 'error', 'throttling'), service: 'sns', operation: 'Publish', input: { TopicArn: 't', Message: message } };
    expect(committedFailure(run([invocation('partial', 2)], [put(0, 'a', 'ok'), failed]), twoOfA, 'dynamodb')).toBeUndefined();
  });

  it('leaves out a poller duplicate: the checkpoint is already past its batch, so its answer commits nothing', () => {
    const duplicate = { ...invocation('partial', 2), reason: 'duplicate' } as InvocationRecord;
    expect(committedFailure(run([invocation('success'), duplicate], [{ ...put(0, 'a', 'error', 'throttling'), invocation: 1 }]), shards, 'dynamodb')).toBeUndefined();
  });

  it('passes a handler that reports the failed record (or one before it)', () => {
    expect(committedFailure(run([invocation('partial', 1)], [put(0, 'a', 'ok'), put(1, 'b', 'error', 'server-error')]), shards, 'dynamodb')).toBeUndefined();
    expect(committedFailure(run([invocation('partial', 0)], [put(0, 'a', 'ok'), put(1, 'b', 'error', 'server-error')]), shards, 'dynamodb')).toBeUndefined();
  });

  it('never blames an earlier record for a failed call that also carries the reported record’s key', () => {
    const both: RecordedCall = { ...put(0, 'c', 'error', 'throttling'), input: { TableName: 't', Item: { pk: { S: 'c' }, previous: { S: 'a' } } } };
    expect(committedFailure(run([invocation('partial', 2)], [both]), shards, 'dynamodb')).toBeUndefined();
  });

  it('passes a handler that retried the failed write to success itself', () => {
    const calls = [put(0, 'a', 'error', 'throttling'), put(1, 'a', 'ok'), put(2, 'b', 'ok'), put(3, 'c', 'error', 'throttling')];
    expect(committedFailure(run([invocation('partial', 2)], calls), shards, 'dynamodb')).toBeUndefined();
  });

  it('counts only the last attempt of a call, and only injected failures', () => {
    const retried = [put(0, 'a', 'error', 'throttling', 1), put(0, 'a', 'ok', undefined, 2)];
    expect(committedFailure(run([invocation('partial', 2)], retried), shards, 'dynamodb')).toBeUndefined();
    const refused = { ...put(0, 'a', 'error'), statusCode: 400 };
    expect(committedFailure(run([invocation('partial', 2)], [refused]), shards, 'dynamodb')).toBeUndefined();
  });

  it('leaves success and whole-batch failures to the other rules', () => {
    const calls = [put(0, 'a', 'error', 'throttling')];
    for (const outcome of ['success', 'function-error', 'timeout'] as const) {
      expect(committedFailure(run([invocation(outcome)], calls), shards, 'dynamodb')).toBeUndefined();
    }
  });
});
