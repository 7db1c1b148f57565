import fc from 'fast-check';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { Shard } from '../src/model/types.js';
import { arrivalGaps, arrivalTimes } from './arrival-time.js';
import { dynamoString } from './attribute-value.js';
import { plainNumber } from './number.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_START_TIME, hashKey, kinesisShardId, kinesisStreamArn } from './ids.js';
import { versionNames } from './attribute-spec.js';
import { declaredPayload } from './kinesis-payload.js';
import type { ItemOptions } from './item.js';
import { kinesisSequenceStyle, renderSequence, type SequenceStyle } from './sequence-style.js';
import { ShardTopology } from './shard-topology.js';

export type JsonObject = { [key: string]: unknown };

export interface KinesisStreamOptions {
  /** Default 1. */
  shardCount?: number;
  /** Default 12. */
  maxRecords?: number;
  minRecords?: number;
  /** Payload field whose value is the partition key; otherwise keys come from a small pool. */
  partitionKey?: string;
  /** JSON objects to send (default: small random JSON objects). */
  payload?: fc.Arbitrary<JsonObject>;
  /**
   * What the config's `items` says of the payloads (samples, declared attributes), when `payload`
   * is not given. The partition key field, when the payload has none, comes from the pool.
   */
  items?: ItemOptions;
  /** Distinct partition keys in the pool (default 1–4), so keys repeat. */
  partitionKeyPoolSize?: { min?: number; max?: number };
  /** Epoch ms of the first record (default 2026-01-01T00:00:00Z). */
  startTime?: number;
  region?: string;
  accountId?: string;
  streamName?: string;
  /** The function's execution role. */
  invokeIdentityArn?: string;
}

export interface KinesisStream {
  streamArn: string;
  shards: Shard<KinesisStreamRecord>[];
  /** In write order (as JSON round-trips them, so they equal what a consumer decodes). */
  payloads: JsonObject[];
  /** Aligned with `payloads`. */
  partitionKeys: string[];
  /** Where each payload landed, aligned with `payloads`. */
  locations: { shardId: string; index: number }[];
}

interface Entry {
  key: number;
  payload: JsonObject;
}

/**
 * Numbers a producer's JSON commonly holds, all of which DynamoDB can store (magnitude 0 or
 * 1E-130 .. 9.99…E+125, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number):
 * a consumer that writes its payloads to a table is not failed for a subnormal double no producer sends.
 */
function payloadNumber(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: plainNumber() },
    { weight: 1, arbitrary: fc.double({ min: -1e125, max: 1e125, noNaN: true }).filter((v) => v === 0 || Math.abs(v) >= 1e-130) },
  );
}

/** JSON values up to two levels deep, with `payloadNumber` numbers. */
const payloadValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'payload' },
    fc.constant(null), fc.boolean(), fc.string(), payloadNumber(),
    fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'payload' }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4, depthIdentifier: 'payload' }),
  ),
})).value;

function defaultPayload(): fc.Arbitrary<JsonObject> {
  return fc.dictionary(fc.string({ maxLength: 8 }), payloadValue, { maxKeys: 5 });
}

function toJsonObject(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/** A Kinesis stream: payloads routed by MD5 of their partition key to shards with even hash ranges. */
export function kinesisStream(options: KinesisStreamOptions = {}): fc.Arbitrary<KinesisStream> {
  const shardCount = Math.max(1, options.shardCount ?? 1);
  const maxRecords = options.maxRecords ?? 12;
  const poolMax = Math.max(1, options.partitionKeyPoolSize?.max ?? 4);
  const pool = fc.uniqueArray(dynamoString({ minLength: 1, maxLength: 16 }), {
    minLength: Math.max(1, options.partitionKeyPoolSize?.min ?? 1),
    maxLength: poolMax,
  });
  const payload = options.payload ?? (options.items ? declaredPayload(options.items, defaultPayload()) : defaultPayload());
  const entry = fc.record({ key: fc.nat({ max: poolMax - 1 }), payload });
  return fc
    .record({
      pool,
      entries: fc.array(entry, { minLength: options.minRecords ?? 0, maxLength: maxRecords }),
      gaps: arrivalGaps(maxRecords),
      styles: fc.array(kinesisSequenceStyle({ shardCount }), { minLength: shardCount, maxLength: shardCount }),
    })
    .map((parts) => assembleKinesis(parts, shardCount, options));
}

/**
 * Kinesis sequence numbers are unique across the stream, not only within a shard ("The sequence
 * number for the record is unique across all records in the stream": PutRecord's SequenceNumber,
 * Kinesis API reference). Each shard's run keeps its order and digit changes; scaled by the shard
 * count and offset by the shard's index, no two shards can share a number.
 */
function streamWide(sequence: string[], shard: number, shardCount: number): string[] {
  if (shardCount === 1) return sequence;
  return sequence.map((n) => String(BigInt(n) * BigInt(shardCount) + BigInt(shard)));
}

/** The payload's own partition-key field when it has one, else a key from the pool. */
function partitionKeyOf(entry: Entry, pool: string[], field: string | undefined): string {
  const own = field === undefined ? undefined : entry.payload[field];
  if ((typeof own === 'string' && own !== '') || typeof own === 'number') return String(own);
  return pool[entry.key % pool.length] as string;
}

function withKeyField(entry: Entry, pool: string[], options: KinesisStreamOptions): JsonObject {
  const field = options.partitionKey;
  if (field === undefined || options.payload !== undefined) return toJsonObject(entry.payload);
  // a field the config declares or samples keeps its value
  if (options.items !== undefined && entry.payload[field] !== undefined) return toJsonObject(entry.payload);
  return toJsonObject({ ...entry.payload, [field]: pool[entry.key % pool.length] });
}

/**
 * Stamps the declared `{ version: true }` fields with the partition key's next version, in stream
 * order: a key's records all go to one shard, in the order they were put.
 */
function withVersions(payloads: JsonObject[], partitionKeys: string[], names: string[]): JsonObject[] {
  if (names.length === 0) return payloads;
  const versions = new Map<string, number>();
  return payloads.map((payload, i) => {
    const key = partitionKeys[i] as string;
    const version = (versions.get(key) ?? 0) + 1;
    versions.set(key, version);
    return { ...payload, ...Object.fromEntries(names.map((name) => [name, version])) };
  });
}

function assembleKinesis(
  parts: { pool: string[]; entries: Entry[]; gaps: number[]; styles: SequenceStyle[] },
  shardCount: number,
  options: KinesisStreamOptions,
): KinesisStream {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const streamArn = kinesisStreamArn(region, accountId, options.streamName ?? 'source');
  const invokeIdentityArn = options.invokeIdentityArn ?? `arn:aws:iam::${accountId}:role/stream-consumer`;
  const topology = new ShardTopology(shardCount, options.startTime ?? DEFAULT_START_TIME);
  const keyed = parts.entries.map((entry) => withKeyField(entry, parts.pool, options));
  const partitionKeys = parts.entries.map((entry, i) =>
    partitionKeyOf({ ...entry, payload: keyed[i] as JsonObject }, parts.pool, options.partitionKey),
  );
  const payloads = withVersions(keyed, partitionKeys, versionNames(options.items?.declared));
  const owners = partitionKeys.map((key) => topology.ownerOf(hashKey(key)).ordinal);
  const sequences = parts.styles.map((style, shard) => streamWide(renderSequence(style, owners.filter((o) => o === shard).length), shard, shardCount));
  const times = arrivalTimes(options.startTime ?? DEFAULT_START_TIME, parts.gaps, payloads.length);
  const shards: Shard<KinesisStreamRecord>[] = parts.styles.map((_, i) => ({ shardId: kinesisShardId(i), records: [] }));
  const locations = payloads.map((payload, i) => {
    const shard = shards[owners[i] as number] as Shard<KinesisStreamRecord>;
    const sequenceNumber = sequences[owners[i] as number]?.[shard.records.length] as string;
    shard.records.push({
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: partitionKeys[i] as string,
        sequenceNumber,
        data: Buffer.from(JSON.stringify(payload), 'utf8').toString('base64'),
        approximateArrivalTimestamp: (times[i] as number) / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `${shard.shardId}:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn,
      awsRegion: region,
      eventSourceARN: streamArn,
    });
    return { shardId: shard.shardId, index: shard.records.length - 1 };
  });
  return { streamArn, shards, payloads, partitionKeys, locations };
}
