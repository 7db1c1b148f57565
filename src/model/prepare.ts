import { UserError } from '../core/user-error.js';
import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { isSequenceNumber } from './sequence-number.js';
import type { Shard, Source, StreamRecord } from './types.js';

/** A shard as the model reads it: the records plus what it needs of each, extracted once. */
export interface PreparedShard {
  shardId: string;
  parentShardId: string | undefined;
  records: StreamRecord[];
  sequenceNumbers: string[];
  /** Arrival in the stream, epoch ms. */
  arrivals: Float64Array;
  /** Serialized size of each record in bytes, counted when first needed (-1 until then). */
  sizes: Int32Array;
  streamArn: string;
}

export class InputError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** What differs between a DynamoDB and a Kinesis record, for the model. */
export interface RecordAccess {
  source: Source;
  sequenceNumber(record: StreamRecord): unknown;
  arrivalMs(record: StreamRecord): unknown;
  /** The key that keeps order: the item's key attributes, or the partition key. */
  orderingKey(record: StreamRecord): string;
  sequencePath: string;
  arrivalPath: string;
  defaultStreamArn: string;
  batchInfoKey: 'DDBStreamBatchInfo' | 'KinesisBatchInfo';
  /** How precise the OnFailure document's approximateArrivalOf…Record times are (DynamoDB stream records carry whole seconds). */
  arrivalPrecision: 'seconds' | 'milliseconds';
}

export const dynamodbAccess: RecordAccess = {
  source: 'dynamodb',
  sequenceNumber: (r) => (r as DynamoDBRecord).dynamodb?.SequenceNumber,
  arrivalMs: (r) => {
    const seconds = (r as DynamoDBRecord).dynamodb?.ApproximateCreationDateTime;
    return typeof seconds === 'number' ? seconds * 1000 : seconds;
  },
  orderingKey: (r) => canonicalKey((r as DynamoDBRecord).dynamodb?.Keys ?? {}),
  sequencePath: 'dynamodb.SequenceNumber',
  arrivalPath: 'dynamodb.ApproximateCreationDateTime',
  defaultStreamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/source/stream/2026-01-01T00:00:00.000',
  batchInfoKey: 'DDBStreamBatchInfo',
  arrivalPrecision: 'seconds',
};

export const kinesisAccess: RecordAccess = {
  source: 'kinesis',
  sequenceNumber: (r) => (r as KinesisStreamRecord).kinesis?.sequenceNumber,
  arrivalMs: (r) => {
    const seconds = (r as KinesisStreamRecord).kinesis?.approximateArrivalTimestamp;
    return typeof seconds === 'number' ? Math.round(seconds * 1000) : seconds;
  },
  orderingKey: (r) => (r as KinesisStreamRecord).kinesis?.partitionKey ?? '',
  sequencePath: 'kinesis.sequenceNumber',
  arrivalPath: 'kinesis.approximateArrivalTimestamp',
  defaultStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/source',
  batchInfoKey: 'KinesisBatchInfo',
  arrivalPrecision: 'milliseconds',
};

const accessBySource: Record<Source, RecordAccess> = { dynamodb: dynamodbAccess, kinesis: kinesisAccess };

export function recordAccess(source: Source): RecordAccess {
  return accessBySource[source];
}

/** Key attributes in name order, so that equal keys give equal strings. */
function canonicalKey(keys: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(keys).sort().map((name) => [name, keys[name]]));
}

/** Infers the source from the records when the input does not name it. */
export function inferSource(shards: readonly Shard[]): Source {
  for (const shard of shards) {
    const first = shard.records?.[0] as { eventSource?: string } | undefined;
    if (first?.eventSource === 'aws:kinesis') return 'kinesis';
    if (first) return 'dynamodb';
  }
  return 'dynamodb';
}

/** Checks the shards (ids, lineage, sequence order) and extracts what the model reads. */
export function prepareShards(shards: readonly Shard[], access: RecordAccess): PreparedShard[] {
  if (!Array.isArray(shards)) throw new InputError('shards must be an array of { shardId, parentShardId?, records }');
  const ids = new Set<string>();
  const prepared = shards.map((shard, s) => {
    const where = `shards[${s}]`;
    if (typeof shard?.shardId !== 'string' || shard.shardId === '') throw new InputError(`${where}.shardId must be a non-empty string`);
    if (ids.has(shard.shardId)) throw new InputError(`${where}.shardId ${shard.shardId} appears twice`);
    ids.add(shard.shardId);
    if (!Array.isArray(shard.records)) throw new InputError(`${where}.records must be an array of stream records`);
    return prepareShard(shard, where, access);
  });
  for (const shard of prepared) checkLineage(shard, prepared);
  return prepared;
}

function prepareShard(shard: Shard, where: string, access: RecordAccess): PreparedShard {
  const n = shard.records.length;
  const sequenceNumbers = new Array<string>(n);
  const arrivals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const record = shard.records[i]!;
    const seq = access.sequenceNumber(record);
    if (!isSequenceNumber(seq)) {
      throw new InputError(`${where}.records[${i}].${access.sequencePath} must be a string of decimal digits, got ${JSON.stringify(seq)}`);
    }
    if (i > 0 && !increasing(sequenceNumbers[i - 1]!, seq)) {
      throw new InputError(`${where}.records[${i}].${access.sequencePath} ${seq} is not greater than the previous record's ${sequenceNumbers[i - 1]}: records of a shard must be in increasing sequence order`);
    }
    const arrival = access.arrivalMs(record);
    if (typeof arrival !== 'number' || !Number.isFinite(arrival)) {
      throw new InputError(`${where}.records[${i}].${access.arrivalPath} must be a number of epoch seconds, got ${JSON.stringify(arrival)}`);
    }
    sequenceNumbers[i] = seq;
    arrivals[i] = arrival;
  }
  const first = shard.records[0] as { eventSourceARN?: string } | undefined;
  return {
    shardId: shard.shardId,
    parentShardId: shard.parentShardId,
    records: shard.records,
    sequenceNumbers,
    arrivals,
    sizes: new Int32Array(n).fill(-1),
    streamArn: first?.eventSourceARN ?? access.defaultStreamArn,
  };
}

/** `a < b` for sequence numbers (decimal, no leading zeros): a shorter one is smaller, else digit order decides. */
function increasing(a: string, b: string): boolean {
  return a.length < b.length || (a.length === b.length && a < b);
}

function checkLineage(shard: PreparedShard, all: PreparedShard[]): void {
  const seen = new Set<string>([shard.shardId]);
  let parentId = shard.parentShardId;
  while (parentId !== undefined) {
    if (seen.has(parentId)) throw new InputError(`shard ${shard.shardId} has a lineage cycle through ${parentId}`);
    seen.add(parentId);
    parentId = all.find((s) => s.shardId === parentId)?.parentShardId;
  }
}
