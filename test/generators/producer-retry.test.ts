import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kinesisStream, producerRetries, withProducerRetries } from '../../generators/index.js';

describe('Kinesis producer retries', () => {
  it('append a copy with the same partition key and data under a new, larger sequence number, after the last record of its key', () =>
    fc.assert(
      fc.property(kinesisStream({ shardCount: 2, maxRecords: 12 }), fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 3 }), (stream, picks) => {
        const retries = producerRetries(stream.shards, picks);
        const shards = withProducerRetries(stream.shards, retries);
        const total = stream.shards.reduce((n, s) => n + s.records.length, 0);
        expect(retries.length > 0).toBe(total > 0);
        expect(retries.length).toBeLessThanOrEqual(picks.length);
        for (const retry of retries) {
          const shard = shards.find((s) => s.shardId === retry.shardId)!;
          const original = shard.records.find((r) => r.kinesis.sequenceNumber === retry.original)!;
          const copyAt = shard.records.findIndex((r) => r.kinesis.sequenceNumber === retry.copy);
          const copy = shard.records[copyAt]!;
          expect(copy.kinesis.data).toBe(original.kinesis.data);
          expect(copy.kinesis.partitionKey).toBe(original.kinesis.partitionKey);
          expect(copy.eventID).toBe(`${retry.shardId}:${retry.copy}`);
          // no record of the same key between the original and its copy, other than other copies of it
          const between = shard.records.slice(shard.records.indexOf(original) + 1, copyAt);
          expect(between.every((r) => r.kinesis.partitionKey !== original.kinesis.partitionKey || r.kinesis.data === original.kinesis.data)).toBe(true);
        }
        const numbers = shards.flatMap((s) => s.records.map((r) => r.kinesis.sequenceNumber));
        expect(new Set(numbers).size).toBe(numbers.length);
        for (const shard of shards) {
          const values = shard.records.map((r) => BigInt(r.kinesis.sequenceNumber));
          for (let i = 1; i < values.length; i++) expect(values[i]! > values[i - 1]!).toBe(true);
        }
        // the input is left alone
        expect(stream.shards.reduce((n, s) => n + s.records.length, 0) + retries.length).toBe(shards.reduce((n, s) => n + s.records.length, 0));
      }),
    ));
});
