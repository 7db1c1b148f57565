import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_START_TIME, dynamodbShardId, dynamodbStreamArn, eventIdFor, hashKey, kinesisShardId, kinesisStreamArn, streamLabel } from '../../generators/ids.js';
import { HASH_KEY_SPACE } from '../../generators/shard-topology.js';

describe('AWS identifiers', () => {
  it('event ids are 32 lowercase hex characters, the same for the same parts, different for different parts', () => {
    expect(eventIdFor('shard', '1')).toMatch(/^[0-9a-f]{32}$/);
    expect(eventIdFor('shard', '1')).toBe(eventIdFor('shard', '1'));
    expect(eventIdFor('shard', '1')).not.toBe(eventIdFor('shard', '2'));
    // parts are kept apart: ('a', 'bc') is not ('ab', 'c')
    expect(eventIdFor('a', 'bc')).not.toBe(eventIdFor('ab', 'c'));
  });

  it('hash keys fall in the 128-bit hash-key space Kinesis partitions', () =>
    fc.assert(
      fc.property(fc.string(), (key) => {
        const hash = hashKey(key);
        expect(hash >= 0n && hash < HASH_KEY_SPACE).toBe(true);
      }),
      { numRuns: 50 },
    ));

  it('DynamoDB: the stream ARN ends with its label (creation time, ISO 8601 to the millisecond), shard ids are 28–65 characters', () => {
    expect(streamLabel(DEFAULT_START_TIME + 1)).toBe('2026-01-01T00:00:00.001');
    expect(dynamodbStreamArn('eu-west-1', '111122223333', 'orders', DEFAULT_START_TIME)).toBe('arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000');
    const shardId = dynamodbShardId(DEFAULT_START_TIME, 'salt');
    expect(shardId).toMatch(/^shardId-00000001767225600000-[0-9a-f]{8}$/);
    expect(shardId.length).toBeGreaterThanOrEqual(28);
    expect(shardId.length).toBeLessThanOrEqual(65);
    expect(dynamodbShardId(DEFAULT_START_TIME, 'other')).not.toBe(shardId);
  });

  it('Kinesis: stream ARN and 12-digit shard ids', () => {
    expect(kinesisStreamArn('us-east-1', '123456789012', 'orders')).toBe('arn:aws:kinesis:us-east-1:123456789012:stream/orders');
    expect(kinesisShardId(0)).toBe('shardId-000000000000');
    expect(kinesisShardId(42)).toBe('shardId-000000000042');
  });
});
