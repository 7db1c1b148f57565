import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/harness/index.js';
import { completedOutOfOrder, redelivered } from '../../../properties/support/landing-order.js';
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
