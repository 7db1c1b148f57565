import { describe, expect, it } from 'vitest';
import { perKeyOrdering } from '../../properties/per-key-ordering.js';
import type { Shard } from '../../src/model/types.js';
import { ddb, kinesis } from '../support/records.js';
import { differentialSkips } from './differential.js';
import { attributed, call, difference, evidence, invocation, run, s1, s2, s3, shardId, testRule } from './rule-tester.js';

// key a: s1 (status NEW), then s3 (status PAID); key b between them
const newer = { pk: { S: 'a' }, status: { S: 'PAID' } };
const older = { pk: { S: 'a' }, status: { S: 'NEW' } };
function withImage(seq: string, image: Record<string, unknown>, eventName: 'INSERT' | 'MODIFY' = 'MODIFY') {
  const record = ddb(seq, { key: 'a', eventName });
  record.dynamodb!.NewImage = image as never;
  return record;
}
const statusShards: Shard[] = [{ shardId, records: [withImage(s1, older), ddb(s2, { key: 'b' }), withImage(s3, newer)] }];
const removedThenWritten: Shard[] = [{ shardId, records: [withImage(s1, older, 'INSERT'), ddb(s2, { key: 'a', eventName: 'REMOVE' }), withImage(s3, newer, 'INSERT')] }];
const put = (item: unknown, index: number) => call({ call: index, input: { TableName: 'out', Item: item } });
// the run shows the older record applied after the newer one, or does not
const newerThenOlderPut = run({ calls: [put(newer, 0), put(older, 1)] });
const olderThenNewerPut = run({ calls: [put(older, 0), put(newer, 1)] });
const stalePutsOnly = run({ calls: [put(older, 0), put(older, 1)] });
const olderReplayedAlone = run({ invocations: [invocation(), invocation({ sequenceNumbers: [s1], requestId: 'r-2' })] });
const reorderedInvocation = run({ calls: [call({ input: { TableName: 'out', Key: { pk: { S: 'a' } } }, reordered: true })] });

testRule(perKeyOrdering, {
  valid: [{ name: 'no differences', input: evidence() }],
  invalid: [
    {
      name: 'messages out of stream order',
      input: evidence({ differences: [attributed('per-key-ordering', 'a later change of one item key was sent before an earlier one', { kind: 'order', where: 'sqs queue', id: 'pk=a' })] }),
      message: /^a later change of one item key was sent before an earlier one \(messages for "pk=a" were emitted in another order\)$/,
    },
  ],
  attributes: [
    { name: 'messages out of order', input: { difference: difference({ kind: 'order', where: 'sqs queue' }), evidence: evidence() }, reason: /^a later change of one item key was sent before an earlier one$/ },
    {
      name: 'an older image over a newer one: the write of the older landed after the newer\'s (a regrouped or reversed batch)',
      input: { difference: difference({ kind: 'changed', expected: newer, actual: older }), evidence: evidence({ advShards: statusShards, adv: newerThenOlderPut }) },
      reason: new RegExp(`^an older image overwrote a newer one: the downstream holds the image of record ${s1} although record ${s3} \\(MODIFY\\) came after it$`),
    },
    {
      name: 'a search document holding an older image: a _bulk refused the older item, applied the newer, and the older was sent again alone',
      input: {
        difference: difference({ kind: 'changed', where: 'index orders', expected: { pk: 'a', status: 'PAID' }, actual: { pk: 'a', status: 'NEW' } }),
        evidence: evidence({ advShards: statusShards, adv: run({ calls: [
          call({ service: 'search', operation: '_bulk', outcome: 'partial', failedEntries: [0], input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'a' } }, { pk: 'a', status: 'NEW' }, { index: { _index: 'orders', _id: 'a' } }, { pk: 'a', status: 'PAID' }] } }),
          call({ call: 1, service: 'search', operation: '_bulk', input: { method: 'POST', path: '/_bulk', body: [{ index: { _index: 'orders', _id: 'a' } }, { pk: 'a', status: 'NEW' }] } }),
        ] }) }),
      },
      reason: new RegExp(`^an older image overwrote a newer one: the downstream holds the image of record ${s1} although record ${s3} \\(MODIFY\\) came after it$`),
    },
    {
      name: 'an older image over a newer one: the older record delivered again, alone, after the newer (a bisected half)',
      input: { difference: difference({ kind: 'changed', expected: newer, actual: older }), evidence: evidence({ advShards: statusShards, adv: olderReplayedAlone }) },
      reason: /^an older image overwrote a newer one: /,
    },
    {
      name: 'an older image, its writes in stream order: the older landed first, and something else kept it',
      input: { difference: difference({ kind: 'changed', expected: newer, actual: older }), evidence: evidence({ advShards: statusShards, adv: olderThenNewerPut }) },
      reason: undefined,
    },
    {
      name: 'an older image no write of the newer ever replaced: a stale value the handler held (a cache), not an ordering bug',
      input: { difference: difference({ kind: 'changed', expected: newer, actual: older }), evidence: evidence({ advShards: statusShards, adv: stalePutsOnly }) },
      reason: undefined,
    },
    {
      name: 'an older REMOVE applied after a newer write: the key\'s concurrent calls were completed out of order',
      input: { difference: difference({ kind: 'missing', expected: newer }), evidence: evidence({ advShards: removedThenWritten, adv: reorderedInvocation }) },
      reason: new RegExp(`^an older REMOVE was applied after a newer write: record ${s2} \\(REMOVE\\) came before record ${s3} \\(INSERT\\), yet the item is gone$`),
    },
    {
      name: 'an item gone although removed before its last write, every record delivered and called in order: a stale read, not a late REMOVE',
      input: { difference: difference({ kind: 'missing', expected: newer }), evidence: evidence({ advShards: removedThenWritten }) },
      reason: undefined,
    },
    { name: 'the newest image, but counted twice', input: { difference: difference({ kind: 'changed', expected: newer, actual: newer }), evidence: evidence({ advShards: statusShards, adv: newerThenOlderPut }) }, reason: undefined },
    { name: 'a message is not an image', input: { difference: difference({ kind: 'changed', where: 'sqs queue', expected: newer, actual: older }), evidence: evidence({ advShards: statusShards, adv: newerThenOlderPut }) }, reason: undefined },
  ],
  skips: differentialSkips,
});

describe('per-key-ordering: a publisher’s messages', () => {
  it('out of order are told as messages, with a publisher’s fix; a table’s differences keep the rule’s own', () => {
    const messages = perKeyOrdering.judgeCase!(evidence({ differences: [attributed('per-key-ordering', 'a later change of one item key was sent before an earlier one', { kind: 'order', where: 'outbox', id: 'pk=a' })] }));
    expect(messages?.production).toMatch(/^Whoever reads the messages sees a later change of an item before an earlier one/);
    expect(messages?.fix).toMatch(/^Send each key’s messages in stream order/);
    expect(`${messages?.production} ${messages?.fix}`).not.toMatch(/conditional|image|Promise\.all/);
    const table = perKeyOrdering.judgeCase!(evidence({ differences: [attributed('per-key-ordering', 'an older image overwrote a newer one', { kind: 'changed', where: 'table out' })] }));
    expect(table?.production).toBeUndefined();
    expect(table?.fix).toBeUndefined();
  });
});

describe('per-key-ordering: calls that raced because nothing awaited them', () => {
  const raced = run({ calls: [call({ input: { TableName: 'out', Item: newer }, reordered: true, afterReturn: true })] });
  const judged = (where: string, kind: 'changed' | 'order', adv = raced) =>
    perKeyOrdering.judgeCase!(evidence({ adv, differences: [attributed('per-key-ordering', 'an older image overwrote a newer one', { kind, where, id: 'pk=a' })] }));

  it('say so, and the fix starts with awaiting each call: for a table, then the rule’s own advice', async () => {
    const table = await judged('table out', 'changed');
    expect(table?.message).toMatch(/^an older image overwrote a newer one \(.*\); the calls ran as work the handler did not await$/);
    expect(table?.fix).toMatch(/^Await each call before the next, with for…of and await: Array\.prototype\.forEach does not wait for an async callback.* Process records sequentially/);
  });

  it('for messages, then the publisher’s advice', async () => {
    const messages = await judged('outbox', 'order');
    expect(messages?.fix).toMatch(/^Await each call before the next.* Send each key’s messages in stream order: one send after another, each awaited/);
  });

  it('not when the calls that raced were awaited (Promise.all), nor for a search index, which keeps its own advice', async () => {
    const awaited = run({ calls: [call({ input: { TableName: 'out', Item: newer }, reordered: true })] });
    expect((await judged('table out', 'changed', awaited))?.fix).toBeUndefined();
    expect((await judged('index orders', 'changed'))?.fix).toBeUndefined();
  });
});

describe('per-key-ordering: a sequence-number guard that refuses a newer record with nothing out of order', () => {
  // key a: a 21-digit sequence number, then a 22-digit one; compared as text, the older sorts after
  const [short, long] = ['999999999999999999999', '1000000000776349560271'];
  const shards: Shard[] = [{ shardId, records: [withImage(short, older, 'INSERT'), ddb(s2, { key: 'b' }), withImage(long, newer)] }];
  const guarded = (seq: string, fields = {}) =>
    call({ call: 1, input: { TableName: 'out', Item: { ...newer, v: { S: seq } }, ConditionExpression: 'attribute_not_exists(v) OR v < :v', ExpressionAttributeValues: { ':v': { S: seq } } }, statusCode: 400, outcome: 'error', error: 'ConditionalCheckFailedException', ...fields });
  const refRun = (refused: ReturnType<typeof call>) => run({ invocations: [invocation({ sequenceNumbers: [short, s2, long] })], calls: [put(older, 0), refused] });
  const judged = (ref: ReturnType<typeof run>, differences = [] as never[]) => perKeyOrdering.judgeCase!(evidence({ ref, advShards: shards, differences }));

  it('fails on the run without faults, naming both records and why the text comparison went wrong', async () => {
    const finding = await judged(refRun(guarded(long)));
    expect(finding?.run).toBe('reference');
    expect(finding?.message).toBe(`with no faults, every record once and in order, the condition of the handler's dynamodb PutItem refused record ${long} (ConditionalCheckFailedException) after record ${short} of the same key: its sequence-number guard took the older record for the newer one (21 digits against 22: compared as text, ${short} sorts after ${long}), so the downstream keeps the older image`);
    expect(finding?.fix).toMatch(/^Compare sequence numbers as numbers of any length: store the sequence number left-padded to 40 digits/);
    // padded in the write, it is found too
    expect((await judged(refRun(guarded(long.padStart(40, '0')))))?.run).toBe('reference');
    // a Kinesis record has no image: the message says what it keeps in its own words
    const kinesisShards: Shard[] = [{ shardId, records: [kinesis(short, { partitionKey: 'a' }), kinesis(long, { partitionKey: 'a' })] }];
    const onKinesis = await perKeyOrdering.judgeCase!(evidence({ source: 'kinesis', ref: run({ invocations: [invocation({ sequenceNumbers: [short, long] })], calls: [put(older, 0), guarded(long)] }), advShards: kinesisShards }));
    expect(onKinesis?.message).toMatch(/so the downstream keeps what the older record wrote$/);
    expect(onKinesis?.fix).toMatch(/left-padded to 129 digits/);
  });

  it('not for an insert-once condition that keeps the sequence number in the item (a dedup, refusing by design)', async () => {
    const dedup = call({ call: 1, input: { TableName: 'out', Item: { ...newer, firstSequenceNumber: { S: long } }, ConditionExpression: 'attribute_not_exists(eventKey)' }, statusCode: 400, outcome: 'error', error: 'ConditionalCheckFailedException' });
    expect(await judged(refRun(dedup))).toBeUndefined();
    // a condition that orders values, in a transaction's write, is read too
    const transaction = call({ call: 1, operation: 'TransactWriteItems', input: { TransactItems: [{ Put: guarded(long).input }] }, statusCode: 400, outcome: 'error', error: 'TransactionCanceledException' });
    expect((await judged(refRun(transaction)))?.run).toBe('reference');
  });

  it('not for a refusal that carries no record’s sequence number, nor an injected one, nor one with no earlier record of the key', async () => {
    expect(await judged(refRun(guarded('42')))).toBeUndefined();
    expect(await judged(refRun(guarded(long, { fault: 'conditional' })))).toBeUndefined();
    const firstOfKey = run({ invocations: [invocation({ sequenceNumbers: [short, s2, long] })], calls: [guarded(short, { call: 0 })] });
    expect(await judged(firstOfKey)).toBeUndefined();
  });
});
