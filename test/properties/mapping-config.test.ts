import { describe, expect, it } from 'vitest';
import { mappingConfig } from '../../properties/mapping-config.js';
import type { StaticContext } from '../../properties/evidence.js';
import { resolveMapping, type MappingInput } from '../../src/model/mapping.js';
import type { Source } from '../../src/model/types.js';
import { evidence, invocation, run, staticContext, testRule } from './rule-tester.js';

const reported = run({ invocations: [invocation({ outcome: 'partial', failureIndex: 1, response: { batchItemFailures: [{ itemIdentifier: '1' }] } })] });

testRule(mappingConfig, {
  valid: [
    { name: 'batchItemFailures with ReportBatchItemFailures on', input: evidence({ adv: reported }) },
    { name: 'no batchItemFailures without ReportBatchItemFailures', input: evidence({ mappingInput: {} }) },
    { name: 'bisect, finite retries and an OnFailure destination', input: staticContext({ BisectBatchOnFunctionError: true, MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } }) },
  ],
  invalid: [
    {
      name: 'batchItemFailures returned while Lambda ignores them',
      input: evidence({ mappingInput: {}, adv: reported }),
      message: /^the handler returned batchItemFailures \[\{"itemIdentifier":"1"\}\] but the mapping's FunctionResponseTypes does not include ReportBatchItemFailures: Lambda ignored them and committed the batch$/,
    },
    {
      name: 'infinite retries with no way past a failing record',
      input: staticContext({}),
      message: /^MaximumRetryAttempts is -1 \(retry forever\): a record that always fails is retried until it leaves the stream \(24 hours on DynamoDB Streams\), and every record behind it on its shard waits$/,
    },
    {
      name: 'finite retries with nowhere for discarded records to go',
      input: staticContext({ MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true }),
      status: 'warn',
      message: /^records that fail 4 time\(s\) are discarded without a trace: the mapping has no OnFailure destination$/,
    },
  ],
});

const context = (mapping: MappingInput, source: Source = 'dynamodb') => ({ mapping: resolveMapping(mapping, source), source }) as StaticContext;
const dlq = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };

describe('mapping findings, with advice for what is missing', () => {
  it('AWS defaults (retry forever, no bisection, no destination): mapping-config fails, naming every missing setting', async () => {
    const finding = await mappingConfig.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON' }));
    expect(finding?.status).toBeUndefined();
    expect(finding?.message).toMatch(/retried until it leaves the stream \(24 hours on DynamoDB Streams\)/);
    expect(finding?.production).toMatch(/stops its whole shard/);
    expect(finding?.fix).toMatch(/MaximumRetryAttempts/);
    expect(finding?.fix).toMatch(/OnFailure/);
    expect(finding?.fix).toMatch(/BisectBatchOnFunctionError or ReportBatchItemFailures/);
  });

  it('never advises a setting that is already on', async () => {
    const finding = await mappingConfig.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'], ...dlq }));
    expect(finding?.fix).toMatch(/MaximumRetryAttempts/);
    expect(finding?.fix).not.toMatch(/ReportBatchItemFailures|OnFailure|Bisect/);
  });

  it('Kinesis: the stream’s retention, not DynamoDB’s', async () => {
    const finding = await mappingConfig.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON' }, 'kinesis'));
    expect(finding?.message).toMatch(/retention period: 24 hours by default, up to 365 days/);
    expect(finding?.message).not.toMatch(/DynamoDB/);
  });

  it('finite retries without a destination: a warning about discarded records, and only that', async () => {
    const finding = await mappingConfig.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2 }));
    expect(finding).toMatchObject({ status: 'warn' });
    expect(finding?.fix).toMatch(/^Add DestinationConfig.OnFailure/);
    expect(await mappingConfig.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 2, ...dlq }))).toBeUndefined();
  });
});
