import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/harness/index.js';
import { completedOutOfOrder, redelivered, refusedEntryResentLast } from '../../../properties/support/landing-order.js';
import { call, defaultShards, invocation, run, s1, s2, s3 } from '../rule-tester.js';

// defaultShards: records s1 (pk a), s2 (pk b), s3 (pk a).

describe('redelivered', () => {
  it.each([
    { what: 'each record once', deliveries: [[s1, s2, s3]], keys: undefined, redelivered: false },
    { what: 'a retried batch', deliveries: [[s1, s2, s3], [s1, s2, s3]], keys: undefined, redelivered: true },
    { what: 'a bisected half holding only key b, asked about key a', deliveries: [[s1, s2, s3], [s2]], keys: ['pk=a'], redelivered: false },
    { what: 'a bisected half holding only key b, asked about key b', deliveries: [[s1, s2, s3], [s2]], keys: ['pk=b'], redelivered: true },
    { what: 'two records of the same key, each once', deliveries: [[s1], [s3]], keys: ['pk=a'], redelivered: false },
  ])('$what: $redelivered', ({ deliveries, keys, redelivered: expected }) => {
    const adv = run({ invocations: deliveries.map((sequenceNumbers) => invocation({ sequenceNumbers })) });
    expect(redelivered(keys, adv, defaultShards, 'dynamodb')).toBe(expected);
  });
});

describe('completedOutOfOrder', () => {
  const put = (n: number, pk: string, fields: Partial<RecordedCall> = {}) =>
    call({ call: n, input: { TableName: 'out', Item: { pk: { S: pk }, v: { N: String(n) } } }, ...fields });

  it.each([
    { what: 'calls of key a finished as issued', calls: [put(0, 'a'), put(1, 'b'), put(2, 'a')], keys: ['pk=a'], out: false },
    { what: 'calls of key a finished in reverse', calls: [put(2, 'a'), put(1, 'b'), put(0, 'a')], keys: ['pk=a'], out: true },
    { what: 'only calls of another key reversed', calls: [put(1, 'b'), put(0, 'b'), put(2, 'a')], keys: ['pk=a'], out: false },
    { what: 'reversed calls in different invocations', calls: [put(2, 'a', { invocation: 0 }), put(0, 'a', { invocation: 1 })], keys: ['pk=a'], out: false },
    { what: 'a reversed call that failed', calls: [put(2, 'a'), put(0, 'a', { outcome: 'error', statusCode: 500 })], keys: ['pk=a'], out: false },
  ])('$what: $out', ({ calls, keys, out }) => {
    expect(completedOutOfOrder(keys, run({ calls }), defaultShards, 'dynamodb')).toBe(out);
  });
});

describe('refusedEntryResentLast', () => {
  // a _bulk as the harness records it: its NDJSON lines parsed
  const bulk = (n: number, docs: { pk: string; v: number }[], fields: Partial<RecordedCall> = {}) => call({
    call: n, service: 'search', operation: '_bulk',
    input: { method: 'POST', path: '/_bulk', body: docs.flatMap((doc) => [{ index: { _index: 'orders', _id: doc.pk } }, doc]) },
    ...fields,
  });
  const first = { pk: 'a', v: 1 };
  const later = { pk: 'a', v: 3 };

  it.each([
    { what: 'the refused entry of key a sent again after the call applied a later entry of a', calls: [bulk(0, [first, later], { outcome: 'partial', failedEntries: [0] }), bulk(1, [first])], out: true },
    { what: 'the refused entry sent again with the later one after it, in order', calls: [bulk(0, [first, later], { outcome: 'partial', failedEntries: [0] }), bulk(1, [first, later])], out: false },
    { what: 'the last entry of the key refused and sent again: nothing later landed before it', calls: [bulk(0, [first, later], { outcome: 'partial', failedEntries: [1] }), bulk(1, [later])], out: false },
    { what: 'the refused entry never sent again', calls: [bulk(0, [first, later], { outcome: 'partial', failedEntries: [0] })], out: false },
    {
      what: 'the later entry\'s image a subset of the refused one\'s (a field removed): still the refused entry resent alone',
      calls: [bulk(0, [first, { pk: 'a' } as never], { outcome: 'partial', failedEntries: [0] }), bulk(1, [first])], out: true,
    },
    { what: 'sent again, and refused again', calls: [bulk(0, [first, later], { outcome: 'partial', failedEntries: [0] }), bulk(1, [first], { outcome: 'error', statusCode: 429 })], out: false },
  ])('$what: $out', ({ calls, out }) => {
    expect(refusedEntryResentLast('pk=a', run({ calls }), defaultShards, 'dynamodb')).toBe(out);
  });
});
