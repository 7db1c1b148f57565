import type { DynamoDBRecord } from 'aws-lambda';
import { canonical } from '../../src/core/canonical.js';
import { plainItem } from '../../src/core/plain-item.js';
import { sequenceNumberOf, sourceKeyOf } from '../../src/core/record-key.js';
import type { Shard, Source } from '../../src/model/types.js';

/** One record of a key, as its history shows it. */
export interface KeyRecord {
  seq: string;
  shardId: string;
  image: Record<string, unknown> | undefined;
  eventName: string;
}

/** Per source key: its records' images in stream order (DynamoDB JSON), and where each record is. */
export type KeyHistory = Map<string, KeyRecord[]>;

const histories = new WeakMap<Shard[], KeyHistory>();

/** The history of every key of the shards (computed once per set of shards). */
export function keyHistory(shards: Shard[], source: Source): KeyHistory {
  const known = histories.get(shards);
  if (known) return known;
  const images: KeyHistory = new Map();
  for (const shard of shards) {
    for (const record of shard.records) {
      const key = sourceKeyOf(record, source).id;
      const ddb = (record as DynamoDBRecord).dynamodb;
      const entry = { seq: sequenceNumberOf(record, source), shardId: shard.shardId, image: ddb?.NewImage as Record<string, unknown> | undefined, eventName: (record as DynamoDBRecord).eventName ?? '' };
      images.set(key, [...(images.get(key) ?? []), entry]);
    }
  }
  histories.set(shards, images);
  return images;
}

/** An older record of a key whose effect stands where a newer record's should: what it says, and the two records. */
export interface StaleEffect {
  key: string;
  older: KeyRecord;
  newer: KeyRecord;
  said: string;
}

/** The actual value matches an older record's image of its key than the expected value does. */
export function staleImage(d: { kind: string; keys: string[]; expected: unknown; actual: unknown }, history: KeyHistory): StaleEffect | undefined {
  for (const key of d.keys) {
    const records = history.get(key) ?? [];
    const actualAt = latestMatch(d.actual, records);
    const expectedAt = d.kind === 'extra' ? records.length : latestMatch(d.expected, records);
    if (actualAt >= 0 && expectedAt > actualAt) {
      const older = records[actualAt]!;
      const newer = records[expectedAt] ?? records.at(-1)!;
      return { key, older, newer, said: `the downstream holds the image of record ${older.seq} although record ${newer.seq} (${newer.eventName}) came after it` };
    }
  }
  return undefined;
}

/** The key was removed and then written again: losing the item means the REMOVE landed last. */
export function lateRemove(keys: string[], history: KeyHistory): StaleEffect | undefined {
  for (const key of keys) {
    const records = history.get(key) ?? [];
    const lastWrite = records.findLastIndex((r) => r.eventName !== 'REMOVE');
    const remove = records.findIndex((r, i) => r.eventName === 'REMOVE' && i < lastWrite);
    if (remove >= 0) {
      const older = records[remove]!;
      const newer = records[lastWrite]!;
      return { key, older, newer, said: `record ${older.seq} (REMOVE) came before record ${newer.seq} (${newer.eventName}), yet the item is gone` };
    }
  }
  return undefined;
}

/**
 * Index of the latest record whose NewImage agrees with the value on every attribute they share,
 * at least one of which changes across the key's records (so the match says which version it is).
 */
function latestMatch(value: unknown, stored: { image: Record<string, unknown> | undefined }[]): number {
  if (value === null || typeof value !== 'object') return -1;
  const item = value as Record<string, unknown>;
  // a document or message holds plain JSON: the images compared with it are made plain too
  const records = isDynamoJson(item) ? stored : stored.map(({ image }) => ({ image: image && (plainItem(image) as Record<string, unknown>) }));
  // a value that is exactly one record's image is that version, whatever its attributes share with others
  const whole = canonical(item);
  const exact = records.findLastIndex(({ image }) => image !== undefined && canonical(image) === whole);
  if (exact >= 0) return exact;
  const versions = new Map<string, Set<string>>();
  for (const { image } of records) for (const [name, v] of Object.entries(image ?? {})) versions.set(name, (versions.get(name) ?? new Set()).add(canonical(v)));
  const varying = (name: string) => (versions.get(name)?.size ?? 0) > 1;
  for (let i = records.length - 1; i >= 0; i--) {
    const image = records[i]!.image;
    if (!image) continue;
    const shared = Object.keys(image).filter((name) => name in item);
    if (shared.some(varying) && shared.every((name) => canonical(image[name]) === canonical(item[name]))) return i;
  }
  return -1;
}

const TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

/** Every attribute is a DynamoDB JSON value (`{ S: … }`, `{ N: … }`, …), as a table's items are. */
function isDynamoJson(item: Record<string, unknown>): boolean {
  return Object.values(item).every((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && TYPES.has(Object.keys(v)[0]!));
}
