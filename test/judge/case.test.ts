import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseArbitrary } from '../../src/judge/case.js';

describe('caseArbitrary: the generated records name the configured source', () => {
  it('eventSourceARN names the configured table, not "source"', () => {
    const [c] = fc.sample(caseArbitrary({
      source: 'dynamodb',
      config: { table: { TableName: 'orders', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] } },
    }), { seed: 1, numRuns: 1 });
    const record = c!.shards[0]!.records[0] as DynamoDBRecord;
    expect(record.eventSourceARN).toMatch(/:table\/orders\/stream\//);
  });

  it('a Kinesis eventSourceARN names the configured stream', () => {
    const [c] = fc.sample(caseArbitrary({ source: 'kinesis', config: { stream: { Name: 'audit-events' } } }), { seed: 1, numRuns: 1 });
    const record = c!.shards[0]!.records[0] as KinesisStreamRecord;
    expect(record.eventSourceARN).toMatch(/:stream\/audit-events$/);
  });

  it('a JSON config\'s items (samples and declared attributes) shape the Kinesis payloads too, not only DynamoDB items', () => {
    const items = { samples: [{ type: 'reading', value: 21.5 }, { type: 'heartbeat' }], attributes: { deviceId: { required: true, pattern: '^d-[1-4]$' } } };
    const cases = fc.sample(caseArbitrary({ source: 'kinesis', config: { items } }), { seed: 3, numRuns: 30 });
    const payloads = cases.flatMap((c) => c.shards.flatMap((shard) => (shard.records as KinesisStreamRecord[]).map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')) as Record<string, unknown>)));
    expect(payloads.length).toBeGreaterThan(30);
    for (const payload of payloads) {
      expect(payload.deviceId).toMatch(/^d-[1-4]$/);
      expect(Object.keys(payload).every((name) => ['type', 'value', 'deviceId'].includes(name))).toBe(true);
      if (payload.type !== undefined) expect(['reading', 'heartbeat']).toContain(payload.type);
    }
    expect(payloads.some((payload) => payload.type === 'heartbeat')).toBe(true);
  });
});
