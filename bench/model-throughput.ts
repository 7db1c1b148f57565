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
  /** Wall time of the run, s. */
  seconds: number;
  recordsPerSecond: number;
  /** CPU time of the process during the run, s (on a shared machine, wall time also counts waiting for a core). */
  cpuSeconds: number;
  recordsPerCpuSecond: number;
}

async function simulateOnce(shard: ReturnType<typeof syntheticShard>): Promise<ThroughputResult> {
  const count = shard.records.length;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const trace = await simulate({ shards: [shard], handler: () => undefined, mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 100 } });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if (trace.checkpoints[shard.shardId] !== shard.records[count - 1]!.dynamodb!.SequenceNumber) throw new Error('benchmark run did not commit every record');
  return { records: count, seconds, recordsPerSecond: count / seconds, cpuSeconds, recordsPerCpuSecond: count / cpuSeconds };
}

/**
 * The first simulation of `count` fresh records (what a conformance case does: its records were
 * just generated), best of `trials`, each on newly built records. The payload limit counts every
 * record's JSON size on this first run.
 */
export async function measureModelThroughput(count: number, trials = 3): Promise<ThroughputResult> {
  let best: ThroughputResult | undefined;
  for (let t = 0; t < trials; t++) {
    const result = await simulateOnce(syntheticShard(count));
    if (best === undefined || result.seconds < best.seconds) best = result;
  }
  return best!;
}
