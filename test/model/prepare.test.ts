import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/user-error.js';
import { dynamodbAccess, inferSource, InputError, kinesisAccess, prepareShards, recordAccess } from '../../src/model/prepare.js';
import type { Shard } from '../../src/model/types.js';
import { ddb, kinesis, seqs, shardOf, streamArn, t0 } from '../support/records.js';

function inputError(shards: unknown, access = dynamodbAccess): string {
  try {
    prepareShards(shards as Shard[], access);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('recordAccess', () => {
  it('reads a DynamoDB record: sequence number, arrival in ms from whole seconds, the key attributes as ordering key', () => {
    const record = ddb('100000000000000000001', { key: 'order-1', atMs: t0 + 1999 });
    expect(recordAccess('dynamodb')).toBe(dynamodbAccess);
    expect(dynamodbAccess.sequenceNumber(record)).toBe('100000000000000000001');
    expect(dynamodbAccess.arrivalMs(record)).toBe(t0 + 1000);
    expect(dynamodbAccess.orderingKey(record)).toBe(dynamodbAccess.orderingKey(ddb('100000000000000000002', { key: 'order-1' })));
    expect(dynamodbAccess.orderingKey(record)).not.toBe(dynamodbAccess.orderingKey(ddb('100000000000000000002', { key: 'order-2' })));
  });

  it('orders a composite key by attribute name, so the order the attributes arrive in does not matter', () => {
    const a = ddb('1');
    const b = ddb('2');
    a.dynamodb!.Keys = { pk: { S: 'p' }, sk: { N: '1' } };
    b.dynamodb!.Keys = { sk: { N: '1' }, pk: { S: 'p' } };
    expect(dynamodbAccess.orderingKey(a)).toBe(dynamodbAccess.orderingKey(b));
  });

  it('reads a Kinesis record: arrival with milliseconds, the partition key as ordering key', () => {
    const record = kinesis('49590338271490256608559692538361571095921575989136588898', { partitionKey: 'sensor-7', atMs: t0 + 835 });
    expect(recordAccess('kinesis')).toBe(kinesisAccess);
    expect(kinesisAccess.arrivalMs(record)).toBe(t0 + 835);
    expect(kinesisAccess.orderingKey(record)).toBe('sensor-7');
    expect([kinesisAccess.batchInfoKey, dynamodbAccess.batchInfoKey]).toEqual(['KinesisBatchInfo', 'DDBStreamBatchInfo']);
  });
});

describe('inferSource', () => {
  it('is kinesis when the first record found says aws:kinesis, else dynamodb', () => {
    expect(inferSource([{ shardId: 'a', records: [] }, { shardId: 'b', records: [kinesis('1')] }])).toBe('kinesis');
    expect(inferSource([shardOf([ddb('1')])])).toBe('dynamodb');
    expect(inferSource([])).toBe('dynamodb');
  });
});

describe('prepareShards', () => {
  it('extracts sequence numbers, arrivals and the stream ARN, leaving sizes to be counted', () => {
    const s = seqs(3);
    const [shard] = prepareShards([shardOf(s.map((q, i) => ddb(q, { atMs: t0 + i * 1000 })))], dynamodbAccess);
    expect(shard!.sequenceNumbers).toEqual(s);
    expect([...shard!.arrivals]).toEqual([t0, t0 + 1000, t0 + 2000]);
    expect([...shard!.sizes]).toEqual([-1, -1, -1]);
    expect(shard!.streamArn).toBe(streamArn);
    expect(prepareShards([{ shardId: 'empty', records: [] }], kinesisAccess)[0]!.streamArn).toBe(kinesisAccess.defaultStreamArn);
  });

  it('compares sequence numbers as numbers: 999… then 1000… is increasing', () => {
    const records = ['999999999999999999999', '1000000000000000000000'].map((q) => ddb(q));
    expect(() => prepareShards([shardOf(records)], dynamodbAccess)).not.toThrow();
    expect(inputError([shardOf([...records].reverse())])).toBe(
      "shards[0].records[1].dynamodb.SequenceNumber 999999999999999999999 is not greater than the previous record's 1000000000000000000000: records of a shard must be in increasing sequence order",
    );
  });

  it('refuses a repeated sequence number', () => {
    expect(inputError([shardOf([ddb('100000000000000000001'), ddb('100000000000000000001')])])).toMatch(/records\[1\]\.dynamodb\.SequenceNumber .* is not greater than/);
  });

  it('names the shard, the record and the field, in the source\'s own words', () => {
    expect(inputError({ shardId: 'a' })).toBe('shards must be an array of { shardId, parentShardId?, records }');
    expect(inputError([{ shardId: '', records: [] }])).toBe('shards[0].shardId must be a non-empty string');
    expect(inputError([{ shardId: 'a', records: [] }, { shardId: 'a', records: [] }])).toBe('shards[1].shardId a appears twice');
    expect(inputError([{ shardId: 'a' }])).toBe('shards[0].records must be an array of stream records');
    const badSequence = ddb('1');
    badSequence.dynamodb!.SequenceNumber = '12a';
    expect(inputError([shardOf([badSequence])])).toBe('shards[0].records[0].dynamodb.SequenceNumber must be a string of decimal digits, got "12a"');
    expect(inputError([{ shardId: 'k', records: [kinesis('01')] }], kinesisAccess)).toBe('shards[0].records[0].kinesis.sequenceNumber must be a string of decimal digits, got "01"');
    const noTime = ddb('1');
    delete noTime.dynamodb!.ApproximateCreationDateTime;
    expect(inputError([shardOf([noTime])])).toBe('shards[0].records[0].dynamodb.ApproximateCreationDateTime must be a number of epoch seconds, got undefined');
    const textTime = kinesis('1');
    (textTime.kinesis as { approximateArrivalTimestamp: unknown }).approximateArrivalTimestamp = '2026-01-01';
    expect(inputError([{ shardId: 'k', records: [textTime] }], kinesisAccess)).toBe('shards[0].records[0].kinesis.approximateArrivalTimestamp must be a number of epoch seconds, got "2026-01-01"');
  });

  it('refuses a lineage cycle, and accepts a parent that is not among the shards (trimmed)', () => {
    expect(inputError([shardOf([], 'a', 'b'), shardOf([], 'b', 'a')])).toBe('shard a has a lineage cycle through a');
    expect(inputError([shardOf([], 'a', 'a')])).toBe('shard a has a lineage cycle through a');
    expect(() => prepareShards([shardOf([], 'child', 'gone'), shardOf([], 'grandchild', 'child')], dynamodbAccess)).not.toThrow();
  });

  it('accepts any strictly increasing sequence numbers and refuses them once two are swapped', () =>
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 0n, max: 10n ** 40n }), { minLength: 2, maxLength: 20 }).map((values) => [...values].sort((a, b) => (a < b ? -1 : 1))),
        fc.nat(),
        (sorted, pick) => {
          const records = sorted.map((q) => ddb(q));
          expect(prepareShards([shardOf(records)], dynamodbAccess)[0]!.sequenceNumbers).toEqual(sorted.map(String));
          const i = pick % (sorted.length - 1);
          [records[i], records[i + 1]] = [records[i + 1]!, records[i]!];
          expect(() => prepareShards([shardOf(records)], dynamodbAccess)).toThrow(InputError);
        },
      ),
    ));
});
