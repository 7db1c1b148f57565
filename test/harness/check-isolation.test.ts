import { describe, expect, it } from 'vitest';
import { checkConsumer } from '../../src/check.js';
import type { ConformanceConfig } from '../../src/config/types.js';
import { live } from '../../src/harness/live.js';

const keySchema = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }] };

/** A consumer writing to `table`, with only that table declared. */
function writingTo(table: string, handler = 'test/fixtures/consumers/table-writer.mjs'): ConformanceConfig {
  return {
    handler,
    source: 'dynamodb',
    table: { TableName: 'orders', ...keySchema },
    mapping: { BatchSize: 10, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
    downstream: { dynamodb: { tables: [{ TableName: table, ...keySchema, BillingMode: 'PAY_PER_REQUEST' }] } },
    function: { Timeout: 1, Environment: { Variables: { TABLE: table } } },
  };
}

describe('checks are isolated from each other', () => {
  it('two checks in parallel with different table declarations each see only their own tables', async () => {
    // with one DynamoDB per process, each run re-declared its own tables and dropped the other check's:
    // "The handler called PutItem on table "audit", which is not declared"
    const [audit, ledger] = await Promise.all([checkConsumer(writingTo('audit'), { seed: 5, runs: 4 }), checkConsumer(writingTo('ledger'), { seed: 6, runs: 4 })]);
    for (const report of [audit, ledger]) {
      expect(report.rules.filter((r) => r.status === 'fail').map((r) => r.message)).toEqual([]);
      // the downstream state was seen and compared: the writes landed in the check's own table
      expect(report.rules.find((r) => r.id === 'idempotent-redelivery')?.status).toBe('pass');
    }
  });

  it('a check releases its workers and its embedded DynamoDB before it returns, whatever the outcome', async () => {
    const before = { ...live };
    await checkConsumer(writingTo('audit'), { seed: 1, runs: 2 });
    expect(live).toEqual(before);
    // a failing check (the handler hangs, so its environments are cut and renewed)
    const failing = await checkConsumer(writingTo('replica', 'test/fixtures/hostile/never-settles.mjs'), { seed: 1, runs: 2 });
    expect(failing.ok).toBe(false);
    expect(live).toEqual(before);
    // a check that ends with an error (a setup problem)
    await expect(checkConsumer(writingTo('replica', 'test/fixtures/hostile/undeclared-host.mjs'), { seed: 1, runs: 2 })).rejects.toThrow(/hooks\.example\.com is not declared/);
    expect(live).toEqual(before);
    // a handler that cannot be loaded
    await expect(checkConsumer(writingTo('audit', 'test/fixtures/hostile/missing.mjs'), { seed: 1, runs: 2 })).rejects.toThrow();
    expect(live).toEqual(before);
  });
});
