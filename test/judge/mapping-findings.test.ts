import { describe, expect, it } from 'vitest';
import { mappingConfig } from '../../properties/mapping-config.js';
import { poisonPillIsolation } from '../../properties/poison-pill-isolation.js';
import { forSource } from '../../properties/rule.js';
import { validRecordRobustness } from '../../properties/valid-record-robustness.js';
import { expectedState } from '../../properties/expected-state.js';
import type { StaticContext } from '../../src/judge/evidence.js';
import { resolveMapping, type MappingInput } from '../../src/model/mapping.js';
import type { Source } from '../../src/model/types.js';

const context = (mapping: MappingInput, source: Source = 'dynamodb') => ({ mapping: resolveMapping(mapping, source), source }) as StaticContext;
const dlq = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };

describe('mapping findings are mapping-config findings, with advice for what is missing', () => {
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

  it('poison-pill-isolation leaves a mapping that retries forever to mapping-config', async () => {
    const finding = await poisonPillIsolation.judgeOnce!(context({ StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'] }));
    expect(finding).toMatchObject({ status: 'skip' });
    expect(finding?.message).toMatch(/mapping-config reports it/);
  });

  it('fix texts speak of the source: base64 for Kinesis, REMOVE and unmarshall for DynamoDB', () => {
    expect(forSource(validRecordRobustness.fix, 'kinesis')).toMatch(/base64/);
    expect(forSource(validRecordRobustness.fix, 'kinesis')).not.toMatch(/REMOVE|NewImage|unmarshall/);
    expect(forSource(validRecordRobustness.fix, 'dynamodb')).toMatch(/REMOVE/);
    expect(forSource(expectedState.fix, 'kinesis')).not.toMatch(/REMOVE|TTL/);
    expect(forSource(poisonPillIsolation.production, 'kinesis')).not.toMatch(/DynamoDB/);
  });
});
