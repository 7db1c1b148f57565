import type { KinesisStreamRecord } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { dynamodbStream, faultSchedule, kinesisStream, MARSHALL_OPTIONS, producerRetries, withProducerRetries, type AttributeSpec, type ItemOptions, type NativeValue, type ProducerRetry, type Item, type KeySchema, type StreamViewType, type DynamoDBStream } from '../../generators/index.js';
import type { AttributeDeclaration, ConformanceConfig } from '../config/types.js';
import { isArbitrary } from '../config/validate.js';
import type { Case } from '../../properties/evidence.js';
import type { Shard, Source, StreamRecord } from '../model/types.js';

export type { Case };

export const defaultKeySchema: KeySchema = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
};

export interface CaseOptions {
  source: Source;
  config: ConformanceConfig;
  maxRecords?: number;
}

export function caseArbitrary({ source, config, maxRecords = 10 }: CaseOptions): fc.Arbitrary<Case> {
  return sourceCases[source].arbitrary(config, maxRecords);
}

/** How cases differ between the sources: what a stream of the source holds, and what its producers add. */
interface SourceCases {
  arbitrary(config: ConformanceConfig, maxRecords: number): fc.Arbitrary<Case>;
  /** The shards the adversarial run reads, and the producer retries whose copies they hold. */
  adversarial(c: Pick<Case, 'shards' | 'faults'>): { shards: Shard[]; retries: ProducerRetry[] };
}

const kinesisCases: SourceCases = {
  arbitrary(config, maxRecords) {
    const faults = faultSchedule({ maxCall: 10, maxInvocation: 6, producerRetries: true });
    const payload = isArbitrary(config.items) ? (config.items as fc.Arbitrary<Record<string, never>>) : undefined;
    const stream = kinesisStream({
      shardCount: config.stream?.ShardCount ?? 1,
      maxRecords,
      minRecords: 1,
      ...(config.stream?.partitionKey !== undefined && { partitionKey: config.stream.partitionKey }),
      ...(resourceName(config.stream?.Name) !== undefined && { streamName: resourceName(config.stream?.Name) }),
      ...(payload !== undefined && { payload }),
      ...(payload === undefined && config.items !== undefined && { items: itemOptions(config.items) }),
      ...(startsAt(config) !== undefined && { startTime: startsAt(config) }),
    });
    return fc.record({ stream, faults }).map(({ stream: s, faults: f }) => ({ shards: s.shards, finalItems: undefined, faults: f }));
  },
  // a producer retry appends a copy of a record: same partition key and data, a new sequence number
  adversarial(c) {
    const picks = c.faults.producerRetries ?? [];
    if (picks.length === 0) return { shards: c.shards, retries: [] };
    const shards = c.shards as Shard<KinesisStreamRecord>[];
    const retries = producerRetries(shards, picks);
    return { shards: withProducerRetries(shards, retries), retries };
  },
};

const dynamodbCases: SourceCases = {
  arbitrary(config, maxRecords) {
    const faults = faultSchedule({ maxCall: 10, maxInvocation: 6 });
    const table = config.table;
    const stream = dynamodbStream({
      keySchema: table ? { KeySchema: table.KeySchema, AttributeDefinitions: table.AttributeDefinitions } : defaultKeySchema,
      viewType: (table?.StreamSpecification?.StreamViewType ?? 'NEW_AND_OLD_IMAGES') as StreamViewType,
      shardCount: 1,
      maxRecords,
      minWrites: 1,
      ttlDeletes: table?.TimeToLiveSpecification?.Enabled === true,
      ...(resourceName(table?.TableName) !== undefined && { tableName: resourceName(table?.TableName) }),
      ...(config.items !== undefined && { items: itemOptions(config.items) }),
    });
    return fc.record({ stream, faults }).map(({ stream: s, faults: f }) => ({
      shards: s.shards,
      finalItems: s.finalItems.map((item) => marshall(item, MARSHALL_OPTIONS) as Record<string, unknown>),
      itemsAfter: itemsAfter(s),
      faults: f,
    }));
  },
  // DynamoDB writes each change to its stream once: no producer copies
  adversarial: (c) => ({ shards: c.shards, retries: [] }),
};

/** The item each change left in the table, by its record's sequence number (null after a REMOVE). */
function itemsAfter(stream: DynamoDBStream): Record<string, Record<string, unknown> | null> {
  const items: Record<string, Record<string, unknown> | null> = {};
  stream.changes.forEach((change, i) => {
    const { shardId, index } = stream.locations[i]!;
    const record = stream.shards.find((shard) => shard.shardId === shardId)!.records[index]!;
    items[record.dynamodb!.SequenceNumber!] = change.newItem === undefined ? null : (marshall(change.newItem, MARSHALL_OPTIONS) as Record<string, unknown>);
  });
  return items;
}

const sourceCases: Record<Source, SourceCases> = { dynamodb: dynamodbCases, kinesis: kinesisCases };

/** What the config says about the items, as the generators take it: samples, declared attributes, or an items arbitrary. */
export function itemOptions(items: NonNullable<ConformanceConfig['items']>): ItemOptions {
  if (isArbitrary(items)) return { arbitrary: items as fc.Arbitrary<Item> };
  return {
    ...(items.samples && { samples: items.samples as Item[] }),
    ...(items.maxSizeBytes !== undefined && { maxSizeBytes: items.maxSizeBytes }),
    ...(items.attributes && { declared: Object.fromEntries(Object.entries(items.attributes).map(([name, spec]) => [name, attributeSpec(spec)])) }),
  };
}

function attributeSpec(declared: AttributeDeclaration | fc.Arbitrary<unknown>): AttributeSpec {
  if (isArbitrary(declared)) return { required: true, arbitrary: declared as fc.Arbitrary<NativeValue> };
  const { samples, arbitrary, ...rest } = declared;
  return {
    ...rest,
    ...(samples !== undefined && { samples: samples as NativeValue[] }),
    ...(arbitrary !== undefined && { arbitrary: arbitrary as fc.Arbitrary<NativeValue> }),
  };
}

/** A table or stream name usable in an ARN (the configured one, so `eventSourceARN` names it), or undefined. */
function resourceName(name: unknown): string | undefined {
  return typeof name === 'string' && /^[\w.-]{1,255}$/.test(name) ? name : undefined;
}

/**
 * With AT_TIMESTAMP the generated stream starts a second before the mapping's timestamp, so the
 * records of that first second are skipped and the rest are read, as on AWS.
 */
function startsAt(config: ConformanceConfig): number | undefined {
  const { StartingPosition, StartingPositionTimestamp } = config.mapping ?? {};
  return StartingPosition === 'AT_TIMESTAMP' && typeof StartingPositionTimestamp === 'number' ? StartingPositionTimestamp * 1000 - 1000 : undefined;
}

/** The shards the adversarial run reads: with Kinesis producer retries, copies of some records are appended. */
export function adversarialShards(c: Pick<Case, 'shards' | 'faults'>, source: Source): { shards: Shard[]; retries: ProducerRetry[] } {
  return sourceCases[source].adversarial(c);
}
