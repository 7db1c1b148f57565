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
});
