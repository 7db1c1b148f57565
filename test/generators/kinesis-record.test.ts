import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KinesisStreamRecord } from 'aws-lambda';
import type { Shard } from '../../src/model/types.js';
import { kinesisStream, type KinesisStream } from '../../generators/index.js';

const records = (stream: KinesisStream): KinesisStreamRecord[] => stream.shards.flatMap((s) => s.records);

/** The shard Kinesis picks: MD5 of the key in the 128-bit range split evenly between shards. */
function expectedShard(partitionKey: string, shardCount: number): number {
  const hash = BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
  const space = 2n ** 128n;
  for (let i = shardCount - 1; i >= 0; i--) if (hash >= (space * BigInt(i)) / BigInt(shardCount)) return i;
  return 0;
}

describe('kinesisStream', () => {
  it('has the Lambda record shape, eventID "<shardId>:<sequenceNumber>" and base64 JSON data', () =>
    fc.assert(
      fc.property(kinesisStream({ shardCount: 3 }), (stream) => {
        expect(records(stream)).toHaveLength(stream.payloads.length);
        stream.locations.forEach((location, i) => {
          const record = stream.shards.find((s) => s.shardId === location.shardId)!.records[location.index]!;
          expect(Object.keys(record)).toEqual([
            'kinesis', 'eventSource', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'awsRegion', 'eventSourceARN',
          ]);
          expect(Object.keys(record.kinesis)).toEqual([
            'kinesisSchemaVersion', 'partitionKey', 'sequenceNumber', 'data', 'approximateArrivalTimestamp',
          ]);
          expect(record.eventID).toBe(`${location.shardId}:${record.kinesis.sequenceNumber}`);
          expect(record.eventSource).toBe('aws:kinesis');
          expect(record.eventName).toBe('aws:kinesis:record');
          expect(record.kinesis.partitionKey).toBe(stream.partitionKeys[i]);
          expect(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'))).toEqual(stream.payloads[i]);
        });
      }),
      { numRuns: 60 },
    ));

  it('routes partition keys by MD5 and numbers each shard strictly increasing, up to 129 digits', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((shardCount) => kinesisStream({ shardCount })), (stream) => {
        stream.shards.forEach((shard, shardIndex) => {
          expect(shard.shardId).toMatch(/^shardId-\d{12}$/);
          shard.records.forEach((record, i) => {
            expect(expectedShard(record.kinesis.partitionKey, stream.shards.length)).toBe(shardIndex);
            expect(record.kinesis.sequenceNumber).toMatch(/^[1-9]\d{20,128}$/);
            if (i === 0) return;
            const previous = shard.records[i - 1]!.kinesis;
            expect(BigInt(previous.sequenceNumber) < BigInt(record.kinesis.sequenceNumber)).toBe(true);
            expect(previous.approximateArrivalTimestamp).toBeLessThanOrEqual(record.kinesis.approximateArrivalTimestamp);
          });
        });
      }),
      { numRuns: 60 },
    ));

  it('never gives two records of the stream the same sequence number, across shards too (PutRecord: unique across all records in the stream)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }).chain((shardCount) => kinesisStream({ shardCount, maxRecords: 24 })), (stream) => {
        const numbers = records(stream).map((r) => r.kinesis.sequenceNumber);
        expect(new Set(numbers).size).toBe(numbers.length);
        for (const n of numbers) expect(n).toMatch(/^[1-9]\d{20,128}$/);
      }),
      { numRuns: 200 },
    ));

  it('keeps sequence numbers apart across shards in shrunk cases too, where every shard runs the same smallest style', () => {
    // a shrunk case is what a counterexample shows: both shards then number alike unless kept apart
    const run = fc.check(fc.property(kinesisStream({ shardCount: 2, minRecords: 2 }), (stream) => stream.shards.some((s) => s.records.length === 0)), { seed: 7 });
    const [stream] = run.counterexample as [KinesisStream];
    const firsts = stream.shards.map((s) => s.records[0]!.kinesis.sequenceNumber);
    expect(firsts[0]).not.toBe(firsts[1]);
  });

  it('arrival timestamps are epoch seconds with milliseconds', () =>
    fc.assert(
      fc.property(kinesisStream(), (stream) => {
        for (const { kinesis } of records(stream)) {
          const ms = kinesis.approximateArrivalTimestamp * 1000;
          expect(Math.abs(ms - Math.round(ms))).toBeLessThan(1e-3);
          expect(kinesis.approximateArrivalTimestamp).toBeGreaterThan(1.7e9);
        }
      }),
    ));

  it('takes the partition key from the payload field when asked', () =>
    fc.assert(
      fc.property(kinesisStream({ partitionKey: 'customerId', shardCount: 2 }), (stream) => {
        stream.payloads.forEach((payload, i) => expect(payload.customerId).toBe(stream.partitionKeys[i]));
        expect(new Set(stream.partitionKeys).size).toBeLessThanOrEqual(4);
      }),
    ));

  it('default payloads hold only numbers DynamoDB can store (magnitude 0 or 1E-130 .. 9.99E+125), at every depth', () =>
    fc.assert(
      fc.property(kinesisStream({ maxRecords: 20 }), (stream) => {
        const numbers = (value: unknown): number[] =>
          typeof value === 'number' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(numbers) : [];
        for (const n of stream.payloads.flatMap(numbers)) expect(n === 0 || (Math.abs(n) >= 1e-130 && Math.abs(n) <= 1e125), String(n)).toBe(true);
      }),
      { numRuns: 200 },
    ));

  it('uses a custom payload arbitrary', () =>
    fc.assert(
      fc.property(
        kinesisStream({ partitionKey: 'id', payload: fc.record({ id: fc.constantFrom('a', 'b'), amount: fc.nat() }) }),
        (stream) => stream.payloads.every((p, i) => p.id === stream.partitionKeys[i] && typeof p.amount === 'number'),
      ),
    ));

  it('takes the payloads from the samples of the config\'s items: each field one of its sample values, or left out; a sampled partition key field is kept', () => {
    const samples: Record<string, string | number>[] = [{ deviceId: 'd-1', type: 'reading', celsius: 21.5 }, { deviceId: 'd-2', type: 'heartbeat' }];
    return fc.assert(
      fc.property(kinesisStream({ partitionKey: 'deviceId', items: { samples }, maxRecords: 20 }), (stream) => {
        stream.payloads.forEach((payload, i) => {
          for (const [name, value] of Object.entries(payload)) {
            if (name === 'deviceId' && !samples.some((sample) => sample.deviceId === value)) expect(value).toBe(stream.partitionKeys[i]);
            else expect(samples.map((sample) => sample[name])).toContainEqual(value);
          }
          if (payload.deviceId !== undefined) expect(stream.partitionKeys[i]).toBe(payload.deviceId);
        });
      }),
    );
  });

  it('declared attributes are always there with the values they declare, as JSON (sets as arrays, binary as base64, numbers as numbers); other fields stay random', () =>
    fc.assert(
      fc.property(
        kinesisStream({
          items: {
            declared: {
              type: { required: true, pattern: '^(reading|heartbeat)$' },
              deviceId: { required: true, samples: ['d-1', 'd-2'] },
              tags: { required: true, type: 'SS' },
              raw: { required: true, type: 'B' },
              count: { required: true, type: 'N' },
            },
          },
          partitionKey: 'deviceId',
          maxRecords: 10,
        }),
        (stream) => {
          stream.payloads.forEach((payload, i) => {
            expect(payload.type).toMatch(/^(reading|heartbeat)$/);
            expect(['d-1', 'd-2']).toContain(payload.deviceId);
            expect(stream.partitionKeys[i]).toBe(payload.deviceId);
            expect(Array.isArray(payload.tags) && (payload.tags as unknown[]).every((tag) => typeof tag === 'string')).toBe(true);
            expect(typeof payload.raw).toBe('string');
            expect(Buffer.from(payload.raw as string, 'base64').toString('base64')).toBe(payload.raw);
            expect(['number', 'string']).toContain(typeof payload.count);
          });
        },
      ),
    ));

  it('a { version: true } field counts the records of its partition key in stream order, in the payload the record carries', () =>
    fc.assert(
      fc.property(
        kinesisStream({ items: { declared: { seq: { version: true }, deviceId: { required: true, samples: ['d-1', 'd-2'] } } }, partitionKey: 'deviceId', shardCount: 2, maxRecords: 12 }),
        (stream) => {
          const seen = new Map<string, number>();
          stream.payloads.forEach((payload, i) => {
            const key = stream.partitionKeys[i]!;
            seen.set(key, (seen.get(key) ?? 0) + 1);
            expect(payload.seq).toBe(seen.get(key));
            const { shardId, index } = stream.locations[i]!;
            const record = stream.shards.find((shard) => shard.shardId === shardId)!.records[index]!;
            expect(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'))).toEqual(payload);
          });
        },
      ),
    ));

  it('shrinks toward fewer records', () => {
    const details = fc.check(fc.property(kinesisStream({ shardCount: 2 }), (s) => records(s).length < 3), { seed: 8 });
    expect(details.failed).toBe(true);
    expect(records(details.counterexample![0]).length).toBe(3);
  });

  it('produces records typed as Lambda delivers them', () => {
    const [stream] = fc.sample(kinesisStream({ minRecords: 1 }), { numRuns: 1, seed: 1 });
    const shards: Shard<KinesisStreamRecord>[] = stream!.shards;
    const record: KinesisStreamRecord = shards.flatMap((s) => s.records)[0]!;
    expect(typeof record.kinesis.data).toBe('string');
  });
});
