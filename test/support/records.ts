import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import type { Shard } from '../../src/model/types.js';

export const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000';
export const t0 = Date.UTC(2026, 0, 1);

/** A DynamoDB stream record with just what the model reads, shaped as Lambda delivers it. */
export function ddb(sequenceNumber: string | bigint, options: { key?: string; atMs?: number; eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' } = {}): DynamoDBRecord {
  const key = { pk: { S: options.key ?? 'k1' } };
  const seq = String(sequenceNumber);
  return {
    eventID: BigInt(seq).toString(16).padStart(32, '0').slice(-32),
    eventName: options.eventName ?? 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((options.atMs ?? t0) / 1000),
      Keys: key,
      NewImage: { ...key, v: { N: seq } },
      SequenceNumber: seq,
      SizeBytes: 30,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

export function kinesis(sequenceNumber: string, options: { partitionKey?: string; atMs?: number; shardId?: string } = {}): KinesisStreamRecord {
  const shardId = options.shardId ?? 'shardId-000000000000';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: options.partitionKey ?? 'p1',
      sequenceNumber,
      data: Buffer.from(JSON.stringify({ n: sequenceNumber })).toString('base64'),
      approximateArrivalTimestamp: (options.atMs ?? t0) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/orders',
  };
}

/** Consecutive sequence numbers from a 21-digit start: `seqs(3)` → 3 strings. */
export function seqs(count: number, start = 10n ** 20n): string[] {
  return Array.from({ length: count }, (_, i) => String(start + BigInt(i)));
}

export function shardOf(records: DynamoDBRecord[], shardId = 'shardId-00000001767225600000-0000aaaa', parentShardId?: string): Shard {
  return parentShardId === undefined ? { shardId, records } : { shardId, parentShardId, records };
}

/**
 * Shards of simple records over a small key pool: sequence numbers strictly increasing as BigInt
 * and often crossing a digit-length boundary, arrivals non-decreasing.
 */
export function shardsArb(options: { maxShards?: number; maxRecords?: number; keys?: number } = {}): fc.Arbitrary<Shard<DynamoDBRecord>[]> {
  const shardArb = fc.record({
    start: fc.bigInt({ min: 10n ** 20n, max: 10n ** 38n }),
    steps: fc.array(fc.record({ gap: fc.bigInt({ min: 1n, max: 10n ** 12n }), key: fc.nat({ max: (options.keys ?? 4) - 1 }), wait: fc.constantFrom(0, 0, 0, 1, 3) }), { maxLength: options.maxRecords ?? 25 }),
    cross: fc.boolean(),
  });
  return fc.array(shardArb, { minLength: 1, maxLength: options.maxShards ?? 2 }).map((shards) =>
    shards.map(({ start, steps, cross }, s) => {
      let seq = cross ? 10n ** BigInt(String(start).length) - BigInt(steps.length) * 2n : start;
      if (seq < 10n ** 20n) seq = 10n ** 20n;
      let at = t0;
      const records = steps.map(({ gap, key, wait }) => {
        seq += cross ? 2n : gap;
        at += wait * 1000;
        return ddb(seq, { key: `k${key}`, atMs: at });
      });
      return { shardId: `shardId-0000000176722560000${s}-0000aaaa`, records };
    }),
  );
}

export function keyOf(record: DynamoDBRecord): string {
  return record.dynamodb!.Keys!.pk!.S!;
}
