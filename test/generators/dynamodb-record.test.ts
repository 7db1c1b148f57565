import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  STREAM_VIEW_TYPES,
  attributeSizeBytes,
  canonicalStreamImage,
  dynamodbStream,
  imageSizeBytes,
  keyAttributes,
  toDynamoDBRecord,
  type DynamoDBStream,
  type StreamImage,
} from '../../generators/index.js';

const EXPECTED_IMAGES = {
  KEYS_ONLY: { INSERT: [], MODIFY: [], REMOVE: [] },
  NEW_IMAGE: { INSERT: ['NewImage'], MODIFY: ['NewImage'], REMOVE: [] },
  OLD_IMAGE: { INSERT: [], MODIFY: ['OldImage'], REMOVE: ['OldImage'] },
  NEW_AND_OLD_IMAGES: { INSERT: ['NewImage'], MODIFY: ['NewImage', 'OldImage'], REMOVE: ['OldImage'] },
} as const;

const records = (stream: DynamoDBStream): DynamoDBRecord[] => stream.shards.flatMap((shard) => shard.records);
const streams = dynamodbStream({ shardCount: 2, allowSplits: true });

describe('DynamoDB stream records', () => {
  it('carry exactly the images Lambda includes for their view type', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        for (const record of records(stream)) {
          const { dynamodb, eventName } = record;
          const images = Object.keys(dynamodb ?? {}).filter((k) => k.endsWith('Image'));
          expect(images).toEqual(EXPECTED_IMAGES[stream.viewType][eventName as 'INSERT']);
          expect(dynamodb?.StreamViewType).toBe(stream.viewType);
        }
      }),
      { numRuns: 60 },
    ));

  it('have the key attributes in Keys and every image, typed as the schema says', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        const attributes = keyAttributes(stream.schema);
        for (const { dynamodb } of records(stream)) {
          const keys = dynamodb?.Keys as StreamImage;
          expect(Object.keys(keys)).toEqual(attributes.map((a) => a.name));
          for (const { name, type } of attributes) expect(Object.keys(keys[name] ?? {})).toEqual([type]);
          for (const image of [dynamodb?.NewImage, dynamodb?.OldImage]) {
            if (image === undefined) continue;
            const imageKeys = Object.fromEntries(attributes.map(({ name }) => [name, image[name]]));
            expect(canonicalStreamImage(imageKeys as StreamImage)).toBe(canonicalStreamImage(keys));
          }
        }
      }),
      { numRuns: 60 },
    ));

  it('have the Lambda envelope: field order, ids, integer seconds, SizeBytes', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        const all = records(stream);
        expect(new Set(all.map((r) => r.eventID)).size).toBe(all.length);
        for (const record of all) {
          const ttl = record.userIdentity !== undefined;
          expect(Object.keys(record)).toEqual([
            'eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'eventSourceARN', 'dynamodb',
            ...(ttl ? ['userIdentity'] : []),
          ]);
          expect(record.eventID).toMatch(/^[0-9a-f]{32}$/);
          expect(record.eventVersion).toBe('1.1');
          expect(record.eventSource).toBe('aws:dynamodb');
          expect(record.eventSourceARN).toBe(stream.streamArn);
          expect(record.eventSourceARN).toMatch(/^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/[^/]+\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
          const d = record.dynamodb!;
          expect(Object.keys(d).filter((k) => !k.endsWith('Image'))).toEqual([
            'ApproximateCreationDateTime', 'Keys', 'SequenceNumber', 'SizeBytes', 'StreamViewType',
          ]);
          expect(Number.isInteger(d.ApproximateCreationDateTime)).toBe(true);
          const parts = [d.Keys, d.NewImage, d.OldImage].filter((p) => p !== undefined);
          expect(d.SizeBytes).toBe(Math.max(1, parts.reduce((n, p) => n + imageSizeBytes(p), 0)));
          expect(d.SizeBytes).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 40 },
    ));

  it('TTL removes, and only they, carry the DynamoDB service identity', () =>
    fc.assert(
      fc.property(streams, (stream) => {
        stream.changes.forEach((change, i) => {
          const location = stream.locations[i]!;
          const record = stream.shards.find((s) => s.shardId === location.shardId)!.records[location.index]!;
          expect(record.eventName).toBe(change.eventName);
          if (change.ttl) {
            expect(record.eventName).toBe('REMOVE');
            expect(record.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
          } else expect(record).not.toHaveProperty('userIdentity');
        });
      }),
      { numRuns: 40 },
    ));

  it('toDynamoDBRecord marshals numbers, sets and binaries as Lambda delivers them', () => {
    const record = toDynamoDBRecord(
      {
        eventName: 'MODIFY',
        keys: { pk: new Uint8Array([1, 2, 3]) },
        oldItem: { pk: new Uint8Array([1, 2, 3]), n: 1.5 },
        newItem: { pk: new Uint8Array([1, 2, 3]), n: 2, ns: new Set([1, 2]), bs: new Set([new Uint8Array([255])]) },
        ttl: false,
      },
      {
        viewType: 'NEW_AND_OLD_IMAGES',
        sequenceNumber: '800000000003126276362',
        approximateCreationDateTime: 1767225600.9,
        region: 'eu-west-1',
        streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-01-01T00:00:00.000',
        eventID: '0123456789abcdef0123456789abcdef',
      },
    );
    expect(record.dynamodb).toEqual({
      ApproximateCreationDateTime: 1767225600,
      Keys: { pk: { B: 'AQID' } },
      NewImage: { pk: { B: 'AQID' }, n: { N: '2' }, ns: { NS: ['1', '2'] }, bs: { BS: ['/w=='] } },
      OldImage: { pk: { B: 'AQID' }, n: { N: '1.5' } },
      SequenceNumber: '800000000003126276362',
      SizeBytes: 5 + 17 + 9,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(attributeSizeBytes({ B: 'AQID' })).toBe(3);
  });

  it('every view type occurs', () => {
    const seen = new Set(fc.sample(dynamodbStream(), { numRuns: 100, seed: 2 }).map((s) => s.viewType));
    expect([...seen].sort()).toEqual([...STREAM_VIEW_TYPES].sort());
  });
});
