import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../src/config/settings.js';
import { resolveMapping, type MappingInput } from '../src/model/mapping.js';
import { describeMapping, reportHeader } from '../src/report-header.js';

const dlq = { DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } } };
const described = (input: MappingInput, source: 'dynamodb' | 'kinesis' = 'dynamodb') => describeMapping(resolveMapping(input, source));

describe('describeMapping', () => {
  it('AWS defaults: the settings that shape delivery, stated even when left at their default', () => {
    expect(described({})).toBe('BatchSize 100, retries unlimited, bisect off, no OnFailure');
    expect(described({ StartingPosition: 'TRIM_HORIZON' }, 'kinesis')).toBe('BatchSize 100, retries unlimited, bisect off, no OnFailure');
  });

  it('every setting that changes delivery, when set', () => {
    expect(described({
      StartingPosition: 'LATEST', BatchSize: 10, MaximumBatchingWindowInSeconds: 5, MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: 120,
      BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'], ParallelizationFactor: 2,
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }, { Pattern: '{"eventName":["MODIFY"]}' }] }, TumblingWindowInSeconds: 60, ...dlq,
    })).toBe('BatchSize 10, window 5 s, LATEST, retries 3, max record age 120 s, bisect on, ReportBatchItemFailures, ParallelizationFactor 2, 2 filters, tumbling window 60 s, OnFailure sqs');
  });

  it('one filter is a filter; zero retries are said as such', () => {
    expect(described({ MaximumRetryAttempts: 0, FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] } })).toBe('BatchSize 100, retries 0, bisect off, 1 filter, no OnFailure');
  });
});

describe('reportHeader', () => {
  const cwd = '/work/project';
  const settings = (fields: Partial<RunSettings> = {}) => ({ handlerRef: 'src/handler.ts#main', cwd, source: 'kinesis', seed: 42, configFile: join(cwd, 'conformance.config.ts'), config: { mapping: { BatchSize: 5, StartingPosition: 'TRIM_HORIZON' } }, ...fields }) as RunSettings;

  it('what the report will say before any rule runs: tool, seed, handler, config relative to the working directory, source, mapping', () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(reportHeader(settings())).toEqual({
      tool: { name: 'stream-conformance', version }, seed: 42, handler: 'src/handler.ts#main', config: 'conformance.config.ts', source: 'kinesis',
      mapping: 'BatchSize 5, retries unlimited, bisect off, no OnFailure',
    });
  });

  it('a replay token’s seed replaces the session’s; no config file, no config line', () => {
    const header = reportHeader(settings({ configFile: undefined }), 7);
    expect(header.seed).toBe(7);
    expect('config' in header).toBe(false);
  });
});
