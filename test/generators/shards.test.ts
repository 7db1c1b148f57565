import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DynamoDBRecord } from 'aws-lambda';
import type { Shard } from '../../src/model/types.js';
import {
  canonicalKey,
  dynamodbStream,
  keySchema,
  type DynamoDBStream,
} from '../../generators/index.js';

const streams = dynamodbStream({ shardCount: 2, allowSplits: true, maxSplits: 4, maxRecords: 20 });

function ancestors(stream: DynamoDBStream, shardId: string): string[] {
  const parent = stream.shards.find((s) => s.shardId === shardId)?.parentShardId;
  return parent === undefined ? [] : [parent, ...ancestors(stream, parent)];
}

const recordCount = (stream: DynamoDBStream) => stream.shards.reduce((n, s) => n + s.records.length, 0);

describe('dynamodbStream shards', () => {
  it('have realistic unique ids and parents listed before children', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        const ids = stream.shards.map((s) => s.shardId);
        expect(new Set(ids).size).toBe(ids.length);
        stream.shards.forEach((shard, i) => {
          expect(shard.shardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
          expect(shard.shardId.length).toBeGreaterThanOrEqual(28);
          expect(shard.shardId.length).toBeLessThanOrEqual(65);
          if (shard.parentShardId !== undefined) expect(ids.indexOf(shard.parentShardId)).toBeLessThan(i);
        });
      }),
      { numRuns: 60 },
    ));

  it('number records strictly increasing as BigInt within each shard, with non-decreasing creation times', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        for (const { records } of stream.shards) {
          records.forEach((record, i) => {
            expect(record.dynamodb?.SequenceNumber).toMatch(/^[1-9]\d{20,39}$/);
            if (i === 0) return;
            const previous = records[i - 1]!.dynamodb!;
            expect(BigInt(previous.SequenceNumber!) < BigInt(record.dynamodb!.SequenceNumber!)).toBe(true);
            expect(previous.ApproximateCreationDateTime!).toBeLessThanOrEqual(record.dynamodb!.ApproximateCreationDateTime!);
          });
        }
      }),
      { numRuns: 60 },
    ));

  it('put every child record after all its parent records in time', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        const byId = new Map(stream.shards.map((s) => [s.shardId, s]));
        const writeIndex = new Map(stream.locations.map((l, i) => [`${l.shardId}/${l.index}`, stream.changes[i]!.writeIndex]));
        for (const child of stream.shards) {
          const parent = child.parentShardId === undefined ? undefined : byId.get(child.parentShardId);
          if (!parent || parent.records.length === 0 || child.records.length === 0) continue;
          const lastParent = parent.records.at(-1)!.dynamodb!.ApproximateCreationDateTime!;
          expect(child.records[0]!.dynamodb!.ApproximateCreationDateTime!).toBeGreaterThanOrEqual(lastParent);
          expect(writeIndex.get(`${child.shardId}/0`)!).toBeGreaterThan(writeIndex.get(`${parent.shardId}/${parent.records.length - 1}`)!);
        }
      }),
      { numRuns: 60 },
    ));

  it('deliver each item key in history order when shards are read along their lineage', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        const { schema, changes, locations } = stream;
        expect(recordCount(stream)).toBe(changes.length);
        const perKey = new Map<string, { shardId: string; index: number; change: number }[]>();
        locations.forEach((location, change) => {
          const key = canonicalKey(changes[change]!.keys, schema);
          perKey.set(key, [...(perKey.get(key) ?? []), { ...location, change }]);
        });
        for (const visits of perKey.values()) {
          // Read the key's shards parent first: each shard must descend from the previous one.
          const shards = [...new Set(visits.map((v) => v.shardId))].sort(
            (a, b) => ancestors(stream, a).length - ancestors(stream, b).length,
          );
          shards.slice(1).forEach((shardId, i) => expect(ancestors(stream, shardId)).toContain(shards[i]));
          const readOrder = shards.flatMap((shardId) =>
            visits.filter((v) => v.shardId === shardId).sort((a, b) => a.index - b.index),
          );
          expect(readOrder.map((v) => v.change)).toEqual(visits.map((v) => v.change));
        }
      }),
      { numRuns: 100 },
    ));

  it('route items sharing a partition key to the same shard', () =>
    fc.assert(
      fc.property(
        dynamodbStream({ shardCount: 4, keySchema: keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' }) }),
        (stream) => {
          const shardOf = new Map<string, string>();
          stream.changes.forEach((change, i) => {
            const pk = JSON.stringify(change.keys.pk);
            expect(shardOf.get(pk) ?? stream.locations[i]!.shardId).toBe(stream.locations[i]!.shardId);
            shardOf.set(pk, stream.locations[i]!.shardId);
          });
        },
      ),
      { numRuns: 40 },
    ));

  it('splits happen and spread keys over several shards', () => {
    const samples = fc.sample(streams, { numRuns: 200, seed: 4 });
    expect(samples.filter((s) => s.shards.some((sh) => sh.parentShardId && sh.records.length > 0)).length).toBeGreaterThan(30);
    expect(samples.filter((s) => s.shards.filter((sh) => sh.records.length > 0).length > 1).length).toBeGreaterThan(30);
  });

  it('shrink toward fewer records', () => {
    for (const seed of [1, 2, 3]) {
      const details = fc.check(fc.property(streams, (stream) => recordCount(stream) < 3), { seed, numRuns: 200 });
      expect(details.failed).toBe(true);
      const [stream] = details.counterexample!;
      expect(recordCount(stream)).toBe(3);
      expect(stream.history.length).toBe(3);
    }
  });

  it('produce records typed as Lambda delivers them', () => {
    const [stream] = fc.sample(dynamodbStream(), { numRuns: 1, seed: 1 });
    const shards: Shard<DynamoDBRecord>[] = stream!.shards;
    const record: DynamoDBRecord | undefined = shards[0]?.records[0];
    expect(shards.length).toBeGreaterThan(0);
    expect(record === undefined || typeof record.eventID === 'string').toBe(true);
  });
});
