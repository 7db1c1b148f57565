import { describe, expect, it } from 'vitest';
import type { Difference } from '../../src/core/difference.js';
import { classifyProducerCopies } from '../../src/judge/producer-copies.js';
import type { Shard } from '../../src/model/types.js';
import { kinesis } from '../support/records.js';

const shards = [{ shardId: 's', records: [kinesis('100', { partitionKey: 'a' }), kinesis('101', { partitionKey: 'a' }), kinesis('200', { partitionKey: 'b' })] }] as Shard[];
const retries = [{ shardId: 's', original: '100', copy: '101' }];
const changed = (keys: string[]): Difference => ({ kind: 'changed', where: 'table totals', id: '[{"S":"w1"}]', expected: { n: 1 }, actual: { n: 2 }, keys });

describe('producer copies are judged apart (issue 14)', () => {
  it('a difference between the stream with and without the copies is producer-duplicates, a key-less one (a total) included', () => {
    const [d] = classifyProducerCopies([changed([])], shards, retries);
    expect(d!.rule).toBe('producer-duplicates');
    expect(d!.reason).toMatch(/^a producer retry wrote record 100 again \(same partition key and data, new sequence number 101\)/);
    expect(classifyProducerCopies([changed([])], shards, [])).toEqual([]);
  });

  it.each([
    { keys: ['a'], rules: ['producer-duplicates'], why: 'the retried record belongs to the key' },
    { keys: ['b'], rules: [], why: 'no retried record belongs to the key' },
    { keys: ['b', 'a'], rules: ['producer-duplicates'], why: 'one of the keys has a retried record' },
  ])('keys $keys: $why', ({ keys, rules }) => {
    expect(classifyProducerCopies([changed(keys)], shards, retries).map((d) => d.rule)).toEqual(rules);
  });

  it('a retry on another shard does not explain a key of this one', () => {
    expect(classifyProducerCopies([changed(['a'])], shards, [{ shardId: 'other', original: '100', copy: '101' }])).toEqual([]);
  });

  it.each([
    { what: 'the sequence number it keeps', expected: { seq: '100', t: 1 }, actual: { seq: '101', t: 1 }, rules: [] },
    { what: 'the sequence number, left-padded', expected: { seq: '0000100', t: 1 }, actual: { seq: '0000101', t: 1 }, rules: [] },
    { what: 'the sequence number and a count', expected: { seq: '100', n: 1 }, actual: { seq: '101', n: 2 }, rules: ['producer-duplicates'] },
    { what: 'the sequence number and a longer number ending in it', expected: { seq: '100', id: '7100' }, actual: { seq: '101', id: '7101' }, rules: ['producer-duplicates'] },
  ])('an item that differs in $what: $rules (only the position it keeps: the same event, applied once)', ({ expected, actual, rules }) => {
    const d: Difference = { kind: 'changed', where: 'table state', id: '[{"S":"a"}]', expected, actual, keys: ['a'] };
    expect(classifyProducerCopies([d], shards, retries).map((x) => x.rule)).toEqual(rules);
  });

  it('says what the copy did: a second event kept, or an effect applied again', () => {
    const extra: Difference = { kind: 'extra', where: 'outbox', id: 'm2', expected: undefined, actual: { body: 'x' }, keys: ['a'] };
    expect(classifyProducerCopies([extra], shards, retries)[0]!.reason).toMatch(/the downstream kept it as a second event/);
    expect(classifyProducerCopies([changed(['a'])], shards, retries)[0]!.reason).toMatch(/the downstream applied it again/);
  });
});
