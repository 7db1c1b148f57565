import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/harness/index.js';
import type { InvocationRecord, Shard } from '../../../src/model/types.js';
import { unreportedFailure } from '../../../properties/support/unreported-failure.js';
import { ddb } from '../../support/records.js';
import { call, defaultShards, failedPut, invocation, run, s1, s2, s3, shardId } from '../rule-tester.js';

// defaultShards: records s1 (pk a), s2 (pk b), s3 (pk a); one invocation of all three.

const conditionalPut = (pk: string): RecordedCall =>
  call({ input: { TableName: 'out', Item: { pk: { S: pk } }, ConditionExpression: 'attribute_not_exists(pk)' }, statusCode: 400, outcome: 'error' });

describe('unreportedFailure', () => {
  it.each([
    {
      what: 'a failed write of key a, the batch reported a success',
      inv: invocation(), calls: [failedPut('a')],
      found: { answer: 'success', what: 'dynamodb PutItem failed (injected server-error)', record: s1 },
    },
    {
      what: 'a failed write of key b, only a later record (s3) reported',
      keys: ['pk=b'], inv: invocation({ outcome: 'partial', failureIndex: 2 }), calls: [failedPut('b')],
      found: { answer: 'later-record', what: 'dynamodb PutItem failed (injected server-error)', record: s2, reported: s3 },
    },
    { what: 'the failed record itself reported', keys: ['pk=b'], inv: invocation({ outcome: 'partial', failureIndex: 1 }), calls: [failedPut('b')], found: undefined },
    { what: 'key a failed, s2 reported, s3 (also key a) after it', inv: invocation({ outcome: 'partial', failureIndex: 1 }), calls: [failedPut('a')], found: undefined },
    { what: 'the handler threw', inv: invocation({ outcome: 'function-error' }), calls: [failedPut('a')], found: undefined },
    { what: 'a failed attempt the SDK retried to success', inv: invocation(), calls: [failedPut('a'), call({ attempt: 2, input: { TableName: 'out', Item: { pk: { S: 'a' } } } })], found: undefined },
    {
      what: 'an unconditional write DynamoDB refused',
      inv: invocation(), calls: [call({ input: { TableName: 'out', Item: { pk: { S: 'a' } } }, statusCode: 400, outcome: 'error' })],
      found: { answer: 'success', what: 'dynamodb PutItem failed', record: s1 },
    },
    {
      what: 'a write of key a whose last attempt failed during the next invocation (Promise.all)',
      inv: invocation(), calls: [failedPut('a', { attempt: 1, outcome: 'error' }), failedPut('a', { attempt: 2, invocation: 1 })],
      found: { answer: 'success', what: 'dynamodb PutItem failed (injected server-error)', record: s1 },
    },
    { what: 'a conditional write DynamoDB refused (a guard)', inv: invocation(), calls: [conditionalPut('a')], found: undefined },
    {
      what: 'a failed write the handler sent again itself, as a new call, to success',
      inv: invocation(), calls: [failedPut('a'), call({ call: 1, input: { TableName: 'out', Item: { pk: { S: 'a' } } } })], found: undefined,
    },
    {
      what: 'a _bulk item refused (429) and sent again alone to success: retried, not lost',
      inv: invocation(),
      calls: [
        call({ service: 'search', operation: '_bulk', outcome: 'partial', failedEntries: [1], input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'b' } }, { pk: 'b' }, { index: { _index: 'orders', _id: 'a' } }, { pk: 'a', v: 1 }] } }),
        call({ call: 1, service: 'search', operation: '_bulk', input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'a' } }, { pk: 'a', v: 1 }] } }),
      ],
      found: undefined,
    },
    {
      what: 'a _bulk item refused and never sent again: the refused item, not the whole request, names the key',
      keys: ['pk=a'], inv: invocation(),
      calls: [call({ service: 'search', operation: '_bulk', outcome: 'partial', failedEntries: [1], input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'b' } }, { pk: 'b' }, { index: { _index: 'orders', _id: 'a' } }, { pk: 'a', v: 1 }] } })],
      found: { answer: 'success', what: 'search _bulk partly failed', record: s1 },
    },
    {
      what: 'a _bulk whose refused item is of key a, asked about key b',
      keys: ['pk=b'], inv: invocation(),
      calls: [call({ service: 'search', operation: '_bulk', outcome: 'partial', failedEntries: [1], input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'b' } }, { pk: 'b' }, { index: { _index: 'orders', _id: 'a' } }, { pk: 'a', v: 1 }] } })],
      found: undefined,
    },
    {
      what: 'a search version conflict (a guard)',
      inv: invocation(), calls: [call({ service: 'search', operation: 'index', input: { id: 'a' }, statusCode: 409, outcome: 'error' })], found: undefined,
    },
  ] as { what: string; keys?: string[]; inv: InvocationRecord; calls: RecordedCall[]; found: unknown }[])('$what', ({ keys = ['pk=a'], inv, calls, found }) => {
    expect(unreportedFailure(keys, run({ invocations: [inv], calls }), 'dynamodb', defaultShards)).toEqual(found);
  });

  it('a failed write sent again only because its batch was delivered again (a poller duplicate) was still lost the first time', () => {
    const sentAgain = call({ call: 1, invocation: 1, input: { TableName: 'out', Item: { pk: { S: 'a' } } } });
    const twice = run({ invocations: [invocation(), invocation({ requestId: 'r-2', reason: 'duplicate' })], calls: [failedPut('a'), sentAgain] });
    expect(unreportedFailure(['pk=a'], twice, 'dynamodb', defaultShards)).toEqual({ answer: 'success', what: 'dynamodb PutItem failed (injected server-error)', record: s1 });
  });

  it('tells two records of one key apart by their data: the failed write was the first one\'s, and reporting the second committed it', () => {
    const withStatus = (seq: string, status: string) => {
      const record = ddb(seq, { key: 'a' });
      record.dynamodb!.NewImage = { pk: { S: 'a' }, status: { S: status } };
      return record;
    };
    const shards: Shard[] = [{ shardId, records: [withStatus(s1, 'NEW'), ddb(s2, { key: 'b' }), withStatus(s3, 'PAID')] }];
    const failedWrite = (status: string) => failedPut('a', { input: { TableName: 'out', Item: { pk: { S: 'a' }, status: { S: status } } } });
    const reportedAtS3 = invocation({ outcome: 'partial', failureIndex: 2 });
    expect(unreportedFailure(['pk=a'], run({ invocations: [reportedAtS3], calls: [failedWrite('NEW')] }), 'dynamodb', shards)).toEqual({
      answer: 'later-record', what: 'dynamodb PutItem failed (injected server-error)', record: s1, reported: s3,
    });
    // the second record's write failed and the second record was reported: nothing committed
    expect(unreportedFailure(['pk=a'], run({ invocations: [reportedAtS3], calls: [failedWrite('PAID')] }), 'dynamodb', shards)).toBeUndefined();
    // a delete by key could be for either: the later record may be the failed one
    expect(unreportedFailure(['pk=a'], run({ invocations: [reportedAtS3], calls: [failedPut('a')] }), 'dynamodb', shards)).toBeUndefined();
  });

  it('looks only at the keys asked about', () => {
    expect(unreportedFailure(['pk=b'], run({ calls: [failedPut('a')] }), 'dynamodb', defaultShards)).toBeUndefined();
  });
});
