import fc from 'fast-check';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Shard } from '../src/model/types.js';
import type { Item } from './attribute-value.js';
import { arrivalGaps, arrivalTimes } from './arrival-time.js';
import { STREAM_VIEW_TYPES, toDynamoDBRecord, type StreamViewType } from './dynamodb-record.js';
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  DEFAULT_START_TIME,
  dynamodbShardId,
  dynamodbStreamArn,
  eventIdFor,
  hashKey,
} from './ids.js';
import { maxItemBytes, type ItemOptions } from './item.js';
import { canonicalPartitionKey, keySchemaArb, type KeySchema } from './key-schema.js';
import { renderSequence, sequenceStyle, type SequenceStyle } from './sequence-style.js';
import { ShardTopology, splitPlans, splitSchedule, type ShardNode, type SplitPlan } from './shard-topology.js';
import { applyHistory, writeHistory, type Change, type Write } from './write-history.js';

export interface DynamoDBStreamOptions {
  viewType?: StreamViewType | fc.Arbitrary<StreamViewType>;
  keySchema?: KeySchema | fc.Arbitrary<KeySchema>;
  /** Shards open at the start (default 1). */
  shardCount?: number;
  /** Most writes, hence most records (default 12). */
  maxRecords?: number;
  minWrites?: number;
  /** Let shards close and hand their keys to one or two children (default false). */
  allowSplits?: boolean;
  /** Most shard closings when splits are allowed (default 3). */
  maxSplits?: number;
  /** Epoch ms of the stream's creation and first record (default 2026-01-01T00:00:00Z). */
  startTime?: number;
  region?: string;
  accountId?: string;
  tableName?: string;
  keyPoolSize?: { min?: number; max?: number };
  ttlDeletes?: boolean;
  items?: ItemOptions;
}

/** Where a change landed. */
export interface RecordLocation {
  shardId: string;
  index: number;
}

export interface DynamoDBStream {
  schema: KeySchema;
  viewType: StreamViewType;
  streamArn: string;
  history: Write[];
  changes: Change[];
  /** The table after the history. */
  finalItems: Item[];
  /** Parents before children. */
  shards: Shard<DynamoDBRecord>[];
  /** Aligned with `changes`. */
  locations: RecordLocation[];
}

interface Settings {
  shardCount: number;
  startTime: number;
  region: string;
  streamArn: string;
  maxSizeBytes: number;
}

interface Parts {
  history: Write[];
  splits: SplitPlan[];
  gaps: number[];
  styles: SequenceStyle[];
}

function given<T>(value: T | fc.Arbitrary<T> | undefined, fallback: fc.Arbitrary<T>): fc.Arbitrary<T> {
  if (value === undefined) return fallback;
  return value instanceof fc.Arbitrary ? value : fc.constant(value);
}

/** A DynamoDB stream produced by a write history: shards, lineage, and the records Lambda delivers. */
export function dynamodbStream(options: DynamoDBStreamOptions = {}): fc.Arbitrary<DynamoDBStream> {
  const maxRecords = options.maxRecords ?? 12;
  const maxSplits = options.allowSplits ? (options.maxSplits ?? 3) : 0;
  const startTime = options.startTime ?? DEFAULT_START_TIME;
  const region = options.region ?? DEFAULT_REGION;
  const settings: Settings = {
    shardCount: Math.max(1, options.shardCount ?? 1),
    startTime,
    region,
    streamArn: dynamodbStreamArn(region, options.accountId ?? DEFAULT_ACCOUNT_ID, options.tableName ?? 'source', startTime),
    maxSizeBytes: maxItemBytes(options.items),
  };
  const shardSlots = settings.shardCount + 2 * maxSplits;
  return fc
    .tuple(given(options.keySchema, keySchemaArb()), given(options.viewType, fc.constantFrom(...STREAM_VIEW_TYPES)))
    .chain(([schema, viewType]) =>
      fc
        .record({
          history: writeHistory(schema, {
            maxWrites: maxRecords,
            ...(options.minWrites !== undefined && { minWrites: options.minWrites }),
            ...(options.keyPoolSize && { keyPoolSize: options.keyPoolSize }),
            ...(options.ttlDeletes !== undefined && { ttlDeletes: options.ttlDeletes }),
            ...(options.items && { items: options.items }),
          }),
          splits: splitPlans(maxSplits),
          gaps: arrivalGaps(maxRecords),
          styles: fc.array(sequenceStyle(), { minLength: shardSlots, maxLength: shardSlots }),
        })
        .map((parts) => assemble(schema, viewType, parts, settings)),
    );
}

/** Route each change to the open shard owning its partition key, closing shards as planned. */
function route(schema: KeySchema, changes: Change[], times: number[], splits: SplitPlan[], settings: Settings) {
  const topology = new ShardTopology(settings.shardCount, settings.startTime);
  const schedule = splitSchedule(splits, changes.length);
  let next = 0;
  const owners = changes.map((change, i) => {
    for (; next < schedule.length && (schedule[next]?.before ?? Infinity) <= i; next++) {
      topology.split((schedule[next] as { plan: SplitPlan }).plan, times[i] as number);
    }
    return topology.ownerOf(hashKey(canonicalPartitionKey(change.keys, schema)));
  });
  for (const { plan } of schedule.slice(next)) topology.split(plan, times.at(-1) ?? settings.startTime);
  return { nodes: topology.shards, owners };
}

function assemble(schema: KeySchema, viewType: StreamViewType, parts: Parts, settings: Settings): DynamoDBStream {
  const { changes, finalItems } = applyHistory(parts.history, schema, { maxSizeBytes: settings.maxSizeBytes });
  const times = arrivalTimes(settings.startTime, parts.gaps, changes.length);
  const { nodes, owners } = route(schema, changes, times, parts.splits, settings);
  const ids = nodes.map((node) => dynamodbShardId(node.createdAt, `${settings.streamArn}#${node.ordinal}`));
  const counts = nodes.map((node) => owners.filter((owner) => owner === node).length);
  const sequences = nodes.map((node, i) => renderSequence(parts.styles[i] as SequenceStyle, counts[i] as number));
  const shards: Shard<DynamoDBRecord>[] = nodes.map((node) => ({
    shardId: ids[node.ordinal] as string,
    ...(node.parent && { parentShardId: ids[node.parent.ordinal] as string }),
    records: [],
  }));
  const locations = changes.map((change, i): RecordLocation => {
    const node = owners[i] as ShardNode;
    const shard = shards[node.ordinal] as Shard<DynamoDBRecord>;
    const sequenceNumber = sequences[node.ordinal]?.[shard.records.length] as string;
    shard.records.push(
      toDynamoDBRecord(change, {
        viewType,
        sequenceNumber,
        approximateCreationDateTime: Math.floor((times[i] as number) / 1000),
        region: settings.region,
        streamArn: settings.streamArn,
        eventID: eventIdFor(settings.streamArn, shard.shardId, sequenceNumber),
      }),
    );
    return { shardId: shard.shardId, index: shard.records.length - 1 };
  });
  return { schema, viewType, streamArn: settings.streamArn, history: parts.history, changes, finalItems, shards, locations };
}
