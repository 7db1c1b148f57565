import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { MappingInput } from '../src/model/mapping.js';
import type { Source, StreamEvent, StreamRecord } from '../src/model/types.js';
import { simulate } from '../src/simulate.js';
import type { Rule } from './rule.js';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 0, 1);

export const poisonPillIsolation: Rule = {
  id: 'poison-pill-isolation',
  meaning: 'under its mapping, one permanently failing record does not keep the records behind it (other keys) from being processed for more than an hour',
  production: 'One bad record blocks its whole shard: with infinite retries and no way to isolate it, every record behind it waits until the poison expires (24 hours on DynamoDB Streams), and IteratorAge climbs all the while.',
  fix: 'Isolate failures: enable BisectBatchOnFunctionError or ReportBatchItemFailures (reporting the failing record by sequence number), set a finite MaximumRetryAttempts (or MaximumRecordAgeInSeconds) and an OnFailure destination so the poison is set aside instead of retried forever.',
  judgedBy: 'the model with a permanently failing record under the consumer’s own mapping; reports the worst IteratorAge',
  async judgeOnce({ mapping, source }) {
    const input = mappingInput(mapping);
    const records = scenario(source);
    const poison = records[0]!;
    const trace = await simulate({
      source,
      mapping: input,
      shards: [{ shardId: 'shardId-00000001767225600000-00000001', records }],
      // a consumer that fails on the poison as best it can: by sequence number when it may, else by throwing
      handler: (event: StreamEvent) => {
        const index = event.Records.indexOf(poison);
        if (index < 0) return { batchItemFailures: [] };
        if (mapping.ReportBatchItemFailures) return { batchItemFailures: [{ itemIdentifier: sequenceNumber(poison, source) }] };
        throw new Error('poison record');
      },
    });
    const worstIteratorAgeMs = Math.max(0, ...trace.invocations.map((i) => i.iteratorAgeMs));
    const processedAt = new Map<string, number>();
    for (const inv of trace.invocations) {
      const done = inv.outcome === 'success' ? inv.sequenceNumbers : inv.outcome === 'partial' ? inv.sequenceNumbers.slice(0, inv.failureIndex) : [];
      for (const seq of done) if (!processedAt.has(seq)) processedAt.set(seq, inv.at + inv.durationMs);
    }
    const healthy = records.slice(1).map((r) => sequenceNumber(r, source));
    const discardedAt = new Map(trace.discards.flatMap((d) => d.sequenceNumbers.map((seq) => [seq, d.at] as const)));
    // a healthy record set aside with the poison only after an hour or more was blocked all that time
    const discardedHealthy = healthy.filter((seq) => !processedAt.has(seq) && discardedAt.has(seq) && discardedAt.get(seq)! - t0 <= hour);
    const blocked = healthy.filter((seq) => !discardedHealthy.includes(seq) && (processedAt.get(seq) ?? discardedAt.get(seq) ?? Infinity) - t0 > hour);
    if (blocked.length > 0) {
      const waited = Math.max(...blocked.map((seq) => processedAt.get(seq) ?? discardedAt.get(seq) ?? trace.endTime)) - t0;
      return {
        worstIteratorAgeMs,
        message: `a permanently failing record kept ${blocked.length} record(s) of other keys from being processed for ${formatDuration(waited)}${blocked.some((seq) => !processedAt.has(seq)) ? ', and then they were discarded with it' : ''} (worst IteratorAge ${formatDuration(worstIteratorAgeMs)})`,
      };
    }
    if (discardedHealthy.length > 0) {
      return {
        status: 'warn',
        worstIteratorAgeMs,
        message: `${discardedHealthy.length} healthy record(s) were discarded together with the poison (${discardedHealthy.join(', ')}): ${isolationAdvice(mapping)}`,
      };
    }
    return { status: 'pass', worstIteratorAgeMs, message: `a permanently failing record held other keys back for at most ${formatDuration(worstIteratorAgeMs)} (worst IteratorAge)` };
  },
};

/** How to set only the poison aside under this mapping. */
function isolationAdvice(mapping: import('../src/model/mapping.js').Mapping): string {
  if (mapping.ReportBatchItemFailures && mapping.BisectBatchOnFunctionError) {
    return 'a partial response that names the first record of the batch is retried whole and never bisected; throw when the first record fails (Lambda then bisects the batch) and report later failures by sequence number';
  }
  if (mapping.ReportBatchItemFailures) {
    return 'a partial response that names the first record of the batch is retried whole; enable BisectBatchOnFunctionError and throw when the first record fails, so that Lambda splits the batch down to the poison';
  }
  return 'enable BisectBatchOnFunctionError so that Lambda splits a failing batch down to the poison, or report failures by sequence number with ReportBatchItemFailures';
}

/** The mapping as simulate takes it (tumbling windows and filters are judged by their own issue). */
function mappingInput(mapping: import('../src/model/mapping.js').Mapping): MappingInput {
  return {
    BatchSize: mapping.BatchSize,
    MaximumBatchingWindowInSeconds: mapping.MaximumBatchingWindowInSeconds,
    StartingPosition: mapping.StartingPosition === 'AT_TIMESTAMP' ? 'TRIM_HORIZON' : mapping.StartingPosition,
    MaximumRetryAttempts: mapping.MaximumRetryAttempts,
    MaximumRecordAgeInSeconds: mapping.MaximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: mapping.BisectBatchOnFunctionError,
    ParallelizationFactor: mapping.ParallelizationFactor,
    FunctionResponseTypes: mapping.ReportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
    ...(mapping.OnFailure && { DestinationConfig: { OnFailure: { Destination: mapping.OnFailure.arn } } }),
  };
}

/** A poison record with healthy records of other keys: three in its second, three a minute later. */
function scenario(source: Source): StreamRecord[] {
  const keys = ['poison', 'a', 'b', 'c', 'd', 'e', 'f'];
  return keys.map((key, i) => {
    const at = (t0 + (i > 3 ? 60_000 : 0)) / 1000;
    const seq = String(10n ** 20n + BigInt(i));
    if (source === 'kinesis') {
      const record: KinesisStreamRecord = {
        kinesis: { kinesisSchemaVersion: '1.0', partitionKey: key, sequenceNumber: `4959${seq}`, data: Buffer.from(JSON.stringify({ key })).toString('base64'), approximateArrivalTimestamp: at },
        eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `shardId-000000000000:4959${seq}`, eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer', awsRegion: 'us-east-1', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/source',
      };
      return record;
    }
    const record: DynamoDBRecord = {
      eventID: seq.padStart(32, '0'), eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1',
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/source/stream/2026-01-01T00:00:00.000',
      dynamodb: { ApproximateCreationDateTime: at, Keys: { pk: { S: key } }, NewImage: { pk: { S: key } }, SequenceNumber: seq, SizeBytes: 10, StreamViewType: 'NEW_IMAGE' },
    };
    return record;
  });
}

function sequenceNumber(record: StreamRecord, source: Source): string {
  return source === 'kinesis' ? (record as KinesisStreamRecord).kinesis.sequenceNumber : (record as DynamoDBRecord).dynamodb!.SequenceNumber!;
}

function formatDuration(ms: number): string {
  return ms >= hour ? `${(ms / hour).toFixed(1)} h` : ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}
