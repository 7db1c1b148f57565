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

describe('a filter that excludes TTL deletions with anything-but on userIdentity', () => {
  const settled = { MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true, ...dlq };
  const filters = (...patterns: unknown[]) => ({ ...settled, FilterCriteria: { Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) } });
  const inserts = { eventName: ['INSERT', 'MODIFY'] };
  const notTtl = { eventName: ['REMOVE'], userIdentity: { principalId: [{ 'anything-but': ['dynamodb.amazonaws.com'] }] } };

  it('fails on every seed, since the config shows it: the filter matches no record, and the fix is the same filter testing the field is absent', async () => {
    const finding = await mappingConfig.judgeOnce!(context(filters(inserts, notTtl)));
    expect(finding?.status).toBeUndefined();
    expect(finding?.message).toBe('FilterCriteria.Filters[1] tests userIdentity.principalId with anything-but, so it matches no record: only TTL deletions carry userIdentity, and a filter pattern matches only records that have the fields it names');
    expect(finding?.fix).toBe('To let through every record but TTL deletions, test that userIdentity.principalId is absent instead: {"Pattern":"{\\"eventName\\":[\\"REMOVE\\"],\\"userIdentity\\":{\\"principalId\\":[{\\"exists\\":false}]}}"}.');
    expect((await mappingConfig.judgeOnce!(context(filters({ userIdentity: { type: [{ 'anything-but': 'Service' }] } }))))?.message).toMatch(/^FilterCriteria\.Filters\[0\] tests userIdentity\.type with anything-but/);
  });

  it('says nothing of filters that can match: the documented TTL filter, an exists:false beside it, an anything-but that keeps TTL deletions, or a Kinesis stream', async () => {
    const quiet = [
      filters(inserts, { userIdentity: { type: ['Service'], principalId: ['dynamodb.amazonaws.com'] } }),
      filters({ userIdentity: { principalId: [{ 'anything-but': ['dynamodb.amazonaws.com'] }, { exists: false }] } }),
      filters({ userIdentity: { principalId: [{ 'anything-but': ['someone-else'] }] } }),
      filters({ eventName: [{ 'anything-but': ['REMOVE'] }] }),
    ];
    for (const mapping of quiet) expect(await mappingConfig.judgeOnce!(context(mapping))).toBeUndefined();
  });
});
