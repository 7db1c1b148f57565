import { describe, expect, it } from 'vitest';
import { MappingError, resolveMapping } from '../../src/index.js';

describe('mapping validation', () => {
  it('fills in the AWS defaults', () => {
    expect(resolveMapping({ StartingPosition: 'LATEST' }, 'dynamodb')).toMatchObject({
      BatchSize: 100, MaximumBatchingWindowInSeconds: 0, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false, ParallelizationFactor: 1, ReportBatchItemFailures: false, OnFailure: undefined,
      TumblingWindowInSeconds: 0,
    });
  });

  const bad: [Record<string, unknown>, string][] = [
    [{ BatchSize: 0 }, 'mapping.BatchSize: must be an integer from 1 to 10000, got 0'],
    [{ BatchSize: 10_001 }, 'mapping.BatchSize: must be an integer from 1 to 10000, got 10001'],
    [{ MaximumBatchingWindowInSeconds: 301 }, 'mapping.MaximumBatchingWindowInSeconds: must be an integer from 0 to 300'],
    [{ MaximumRetryAttempts: -2 }, 'mapping.MaximumRetryAttempts: must be -1 (infinite) or an integer from 0 to 10000'],
    [{ MaximumRecordAgeInSeconds: 59 }, 'mapping.MaximumRecordAgeInSeconds: must be -1 (infinite) or an integer from 60 to 604800, got 59'],
    [{ ParallelizationFactor: 11 }, 'mapping.ParallelizationFactor: must be an integer from 1 to 10'],
    [{ TumblingWindowInSeconds: 901 }, 'mapping.TumblingWindowInSeconds: must be an integer from 0 to 900'],
    [{ FunctionResponseTypes: ['Nope'] }, 'mapping.FunctionResponseTypes: must be [] or ["ReportBatchItemFailures"]'],
    [{ BisectBatchOnFunctionError: 'yes' }, 'mapping.BisectBatchOnFunctionError: must be true or false'],
    [{ StartingPosition: 'AT_TIMESTAMP' }, 'mapping.StartingPosition: must be one of TRIM_HORIZON, LATEST for a dynamodb source'],
    [{ DestinationConfig: { OnFailure: { Destination: 'arn:aws:lambda:us-east-1:1:function:x' } } }, 'mapping.DestinationConfig.OnFailure.Destination: must be an SQS queue, SNS topic or S3 bucket ARN'],
    [{ DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:1:q.fifo' } } }, 'FIFO queues and topics cannot be'],
    [{ FilterCriteria: { Filters: Array.from({ length: 6 }, () => ({ Pattern: '{}' })) } }, 'mapping.FilterCriteria.Filters: allows at most 5 filters'],
    [{ FilterCriteria: { Filters: [{ Pattern: '{nope' }] } }, 'mapping.FilterCriteria.Filters[0].Pattern: is not valid JSON'],
    [{ BatchSzie: 10 }, 'mapping.BatchSzie: unknown property'],
  ];
  it.each(bad)('%j is rejected naming the key and the allowed range', (mapping, message) => {
    expect(() => resolveMapping(mapping, 'dynamodb')).toThrow(MappingError);
    expect(() => resolveMapping(mapping, 'dynamodb')).toThrow(message);
  });

  it('accepts CloudFormation properties it does not use, and AT_TIMESTAMP for Kinesis', () => {
    expect(() => resolveMapping({ Enabled: true, EventSourceArn: 'x', FunctionName: 'f', Tags: [] }, 'dynamodb')).not.toThrow();
    expect(resolveMapping({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1 }, 'kinesis').StartingPosition).toBe('AT_TIMESTAMP');
  });
});
