import { describe, expect, it } from 'vitest';
import { checkConsumer } from '../../src/run/check.js';
import type { ConformanceConfig } from '../../src/config/types.js';

const base: ConformanceConfig = {
  handler: 'test/fixtures/consumers/needs-message.mjs',
  source: 'dynamodb',
  table: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
  mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } },
  rules: { 'valid-record-robustness': 'error' },
};

describe('a table whose items always carry Message can say so (issue 14)', () => {
  it('valid-record-robustness flags items without Message, unless the config declares it required', async () => {
    const undeclared = await checkConsumer({ ...base, items: { samples: [{ Message: 'hello' }] } }, { seed: 3, runs: 15 });
    const rule = (r: typeof undeclared) => r.rules.find((x) => x.id === 'valid-record-robustness')!;
    expect(rule(undeclared).status).toBe('fail');
    const declared = await checkConsumer({ ...base, items: { samples: [{ Message: 'hello' }], attributes: { Message: { required: true } } } }, { seed: 3, runs: 15 });
    expect(rule(declared).status).toBe('pass');
  }, 120_000);
});
