import { describe, expect, it } from 'vitest';
import type { ConformanceConfig } from '../../../src/config/index.js';
import { mergeTemplate } from '../../../src/config/template/config-over-template.js';

const fromTemplate = {
  source: 'dynamodb',
  table: { TableName: 'orders', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
  mapping: { BatchSize: 10, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 3 },
  function: { Timeout: 15, Environment: { Variables: { TABLE: 'projection', STAGE: 'prod' } } },
  downstream: { dynamodb: { tables: [{ TableName: 'projection' }] } },
} as unknown as ConformanceConfig;

describe('mergeTemplate', () => {
  it('keeps the template\'s values where the config gives none', () => {
    expect(mergeTemplate(fromTemplate, {})).toEqual(fromTemplate);
  });

  it('lets the config win key by key within each section', () => {
    const merged = mergeTemplate(fromTemplate, { mapping: { BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] }, function: { Timeout: 30 } });
    expect(merged.mapping).toEqual({ BatchSize: 1, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 3, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(merged.function).toEqual({ Timeout: 30, Environment: { Variables: { TABLE: 'projection', STAGE: 'prod' } } });
  });

  it('merges environment variables by name', () => {
    const merged = mergeTemplate(fromTemplate, { function: { Environment: { Variables: { STAGE: 'test', EXTRA: '1' } } } });
    expect(merged.function).toEqual({ Timeout: 15, Environment: { Variables: { TABLE: 'projection', STAGE: 'test', EXTRA: '1' } } });
  });

  it('replaces the template\'s downstream tables with the config\'s', () => {
    const merged = mergeTemplate(fromTemplate, { downstream: { dynamodb: { tables: [{ TableName: 'mine' }] } } });
    expect(merged.downstream).toEqual({ dynamodb: { tables: [{ TableName: 'mine' }] } });
  });

  it('reads a pasted AWS::DynamoDB::Table resource as its Properties', () => {
    const merged = mergeTemplate(fromTemplate, { table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders-test' } } });
    expect(merged.table).toMatchObject({ TableName: 'orders-test', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] });
  });

  it('lets top-level values of the config win whole, and keeps the config\'s own sections', () => {
    const merged = mergeTemplate(fromTemplate, { source: 'kinesis', runs: 50, items: { samples: [{ pk: 'a' }] } });
    expect(merged).toMatchObject({ source: 'kinesis', runs: 50, items: { samples: [{ pk: 'a' }] } });
  });

  it('does not change what it merges', () => {
    const before = structuredClone(fromTemplate);
    mergeTemplate(fromTemplate, { mapping: { BatchSize: 1 }, function: { Environment: { Variables: { A: '1' } } } });
    expect(fromTemplate).toEqual(before);
  });
});
