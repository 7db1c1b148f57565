import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/harness/index.js';
import type { Shard } from '../../../src/model/types.js';
import { carriesKey, issuingInvocations, lastAttemptOfEachCall, recordKeys } from '../../../properties/support/call-attribution.js';
import { ddb, kinesis } from '../../support/records.js';

describe('call attribution', () => {
  it('keys every record by shard and sequence number, for either source', () => {
    const dynamodb = recordKeys([{ shardId: 's1', records: [ddb('100', { key: 'a' }), ddb('200', { key: 'b' })] }] as Shard[], 'dynamodb');
    expect([...dynamodb]).toEqual([['s1/100', { id: 'pk=a', values: ['a'] }], ['s1/200', { id: 'pk=b', values: ['b'] }]]);
    const stream = recordKeys([{ shardId: 's2', records: [kinesis('7', { partitionKey: 'user-1' })] }] as Shard[], 'kinesis');
    expect([...stream]).toEqual([['s2/7', { id: 'user-1', values: ['user-1'] }]]);
  });

  it.each([
    { input: { Item: { pk: { S: 'a' }, sk: { N: '1' } } }, key: { id: 'pk=a,sk=1', values: ['a', '1'] }, carries: true },
    { input: { Item: { pk: { S: 'a' } } }, key: { id: 'pk=a,sk=1', values: ['a', '1'] }, carries: false },
    { input: { body: [{ index: { _id: 'user-1' } }] }, key: { id: 'user-1', values: ['user-1'] }, carries: true },
    { input: { Item: { pk: { S: 'ab' } } }, key: { id: 'pk=a', values: ['a'] }, carries: false },
  ])('carriesKey($key.id) in $input: $carries', ({ input, key, carries }) => {
    expect(carriesKey(input, key)).toBe(carries);
  });

  it('keeps the last attempt of each call, in first-call order', () => {
    const attempt = (call: number, attempt: number, outcome: RecordedCall['outcome']) =>
      ({ call, attempt, invocation: 0, at: 0, service: 'dynamodb', operation: 'PutItem', input: {}, statusCode: 200, outcome }) as RecordedCall;
    const calls = [attempt(0, 1, 'error'), attempt(1, 1, 'ok'), attempt(0, 2, 'error'), attempt(0, 3, 'ok')];
    expect(lastAttemptOfEachCall(calls).map((c) => [c.call, c.attempt, c.outcome])).toEqual([[0, 3, 'ok'], [1, 1, 'ok']]);
  });

  it('a call belongs to the invocation that issued it, even when a retry lands in a later one', () => {
    const attempt = (call: number, attempt: number, invocation: number) =>
      ({ call, attempt, invocation, at: 0, service: 'dynamodb', operation: 'PutItem', input: {}, statusCode: 200, outcome: 'ok' }) as RecordedCall;
    const issued = issuingInvocations([attempt(0, 1, 0), attempt(1, 1, 0), attempt(0, 2, 1), attempt(2, 1, 1)]);
    expect([...issued]).toEqual([[0, 0], [1, 0], [2, 1]]);
  });
});
