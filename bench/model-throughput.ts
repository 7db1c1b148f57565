import type { DynamoDBRecord } from 'aws-lambda';
import { simulate } from '../src/simulate.js';

/** Small, realistic DynamoDB records: what a no-op consumer sees most of the time. */
export function syntheticShard(count: number, shardId = 'shardId-00000001767225600000-a1b2c3d4'): { shardId: string; records: DynamoDBRecord[] } {
  const base = 10n ** 24n - BigInt(count); // crosses a digit-length boundary part-way
  const records = new Array<DynamoDBRecord>(count);
  for (let i = 0; i < count; i++) {
    const key = { pk: { S: `device-${i % 64}` } };
    records[i] = {
      eventID: (i + 1).toString(16).padStart(32, '0'),
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/source/stream/2026-01-01T00:00:00.000',
      dynamodb: {
        ApproximateCreationDateTime: 1_767_225_600 + Math.floor(i / 1000),
        Keys: key,
        NewImage: { ...key, reading: { N: String(i) } },
        SequenceNumber: String(base + BigInt(i) * 7n),
        SizeBytes: 40,
        StreamViewType: 'NEW_IMAGE',
      },
    };
  }
  return { shardId, records };
}

export interface ThroughputResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

/**
 * Simulates `count` records twice. The first run measures each record's serialized size for the
 * 6 MB payload limit (one JSON serialization per record); the second reuses those sizes, as the
 * reference and adversarial runs of a conformance case do.
 */
export async function measureModelThroughput(count: number): Promise<[ThroughputResult, ThroughputResult]> {
  const shard = syntheticShard(count);
  const once = async (): Promise<ThroughputResult> => {
    const started = performance.now();
    const trace = await simulate({ shards: [shard], handler: () => undefined, mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 100 } });
    const seconds = (performance.now() - started) / 1000;
    if (trace.checkpoints[shard.shardId] !== shard.records[count - 1]!.dynamodb!.SequenceNumber) throw new Error('benchmark run did not commit every record');
    return { records: count, seconds, recordsPerSecond: count / seconds };
  };
  return [await once(), await once()];
}
