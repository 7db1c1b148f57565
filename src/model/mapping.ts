import { compileFilterCriteria, type RecordFilter } from './filter/index.js';
import { MappingError } from './mapping-error.js';
import type { Source } from './types.js';
import { nearest } from '../core/suggest.js';

/** `AWS::Lambda::EventSourceMapping` properties, as users paste them from templates. */
export interface MappingInput {
  BatchSize?: number;
  MaximumBatchingWindowInSeconds?: number;
  StartingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  /** Epoch seconds, with AT_TIMESTAMP (Kinesis only). */
  StartingPositionTimestamp?: number;
  MaximumRetryAttempts?: number;
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  ParallelizationFactor?: number;
  FunctionResponseTypes?: string[];
  DestinationConfig?: { OnFailure?: { Destination?: string } };
  FilterCriteria?: { Filters?: { Pattern: string }[] };
  TumblingWindowInSeconds?: number;
  [ignored: string]: unknown;
}

export type DestinationType = 'sqs' | 'sns' | 's3';

/** A validated mapping with every default filled in. */
export interface Mapping {
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  StartingPosition: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  StartingPositionTimestamp: number | undefined;
  MaximumRetryAttempts: number;
  MaximumRecordAgeInSeconds: number;
  BisectBatchOnFunctionError: boolean;
  ParallelizationFactor: number;
  ReportBatchItemFailures: boolean;
  OnFailure: { arn: string; type: DestinationType } | undefined;
  Filters: { Pattern: string }[];
  /** FilterCriteria compiled: whether a record reaches the function (undefined: no filters, every record does). */
  filter: RecordFilter | undefined;
  TumblingWindowInSeconds: number;
}

export { MappingError };

/** Properties CloudFormation allows on a mapping that the model does not use: accepted so templates paste cleanly. */
const ignoredProperties = new Set([
  'AmazonManagedKafkaEventSourceConfig', 'DocumentDBEventSourceConfig', 'Enabled', 'EventSourceArn',
  'FunctionName', 'KmsKeyArn', 'LoggingConfig', 'MetricsConfig', 'ProvisionedPollerConfig', 'Queues',
  'ScalingConfig', 'SelfManagedEventSource', 'SelfManagedKafkaEventSourceConfig',
  'SourceAccessConfigurations', 'Tags', 'Topics', 'Type', 'Stream',
]);

const knownProperties = new Set([
  'BatchSize', 'MaximumBatchingWindowInSeconds', 'StartingPosition', 'StartingPositionTimestamp',
  'MaximumRetryAttempts', 'MaximumRecordAgeInSeconds', 'BisectBatchOnFunctionError',
  'ParallelizationFactor', 'FunctionResponseTypes', 'DestinationConfig', 'FilterCriteria',
  'TumblingWindowInSeconds',
]);

export const mappingDefaults = {
  BatchSize: 100,
  MaximumBatchingWindowInSeconds: 0,
  MaximumRetryAttempts: -1,
  MaximumRecordAgeInSeconds: -1,
  BisectBatchOnFunctionError: false,
  ParallelizationFactor: 1,
  TumblingWindowInSeconds: 0,
} as const;

/**
 * Checks a mapping against the AWS ranges (SPEC §3.1) and fills in the defaults.
 * `path` prefixes error messages so a config error names the bad key.
 */
/** AT_TIMESTAMP is a Kinesis starting position only (CreateEventSourceMapping, StartingPosition). */
const STARTING_POSITIONS: Record<Source, string[]> = { dynamodb: ['TRIM_HORIZON', 'LATEST'], kinesis: ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'] };

export function resolveMapping(input: MappingInput | undefined, source: Source, path = 'mapping'): Mapping {
  const m: MappingInput = input ?? {};
  if (typeof m !== 'object' || Array.isArray(m)) throw new MappingError(path, 'must be an object of AWS::Lambda::EventSourceMapping properties');
  for (const key of Object.keys(m)) {
    if (!knownProperties.has(key) && !ignoredProperties.has(key)) {
      const guess = nearest(key, [...knownProperties]);
      throw new MappingError(`${path}.${key}`, `unknown property${guess ? `; did you mean ${guess}?` : ''}; expected one of ${[...knownProperties].join(', ')}`);
    }
  }
  const at = (key: string) => `${path}.${key}`;
  const startingPosition = m.StartingPosition ?? 'TRIM_HORIZON';
  const positions = STARTING_POSITIONS[source];
  if (!positions.includes(startingPosition)) {
    throw new MappingError(at('StartingPosition'), `must be one of ${positions.join(', ')} for a ${source} source, got ${JSON.stringify(startingPosition)}`);
  }
  if (startingPosition === 'AT_TIMESTAMP' && typeof m.StartingPositionTimestamp !== 'number') {
    throw new MappingError(at('StartingPositionTimestamp'), 'is required with StartingPosition AT_TIMESTAMP (epoch seconds)');
  }
  return {
    BatchSize: integer(m.BatchSize, mappingDefaults.BatchSize, at('BatchSize'), 1, 10_000),
    MaximumBatchingWindowInSeconds: integer(m.MaximumBatchingWindowInSeconds, 0, at('MaximumBatchingWindowInSeconds'), 0, 300),
    StartingPosition: startingPosition,
    StartingPositionTimestamp: m.StartingPositionTimestamp,
    MaximumRetryAttempts: integerOrInfinite(m.MaximumRetryAttempts, at('MaximumRetryAttempts'), 0, 10_000),
    MaximumRecordAgeInSeconds: integerOrInfinite(m.MaximumRecordAgeInSeconds, at('MaximumRecordAgeInSeconds'), 60, 604_800),
    BisectBatchOnFunctionError: boolean(m.BisectBatchOnFunctionError, at('BisectBatchOnFunctionError')),
    ParallelizationFactor: integer(m.ParallelizationFactor, 1, at('ParallelizationFactor'), 1, 10),
    ReportBatchItemFailures: responseTypes(m.FunctionResponseTypes, at('FunctionResponseTypes')),
    OnFailure: onFailure(m.DestinationConfig, at('DestinationConfig')),
    Filters: (m.FilterCriteria?.Filters ?? []) as { Pattern: string }[],
    filter: compileFilterCriteria(m.FilterCriteria as never, source, at('FilterCriteria')),
    TumblingWindowInSeconds: integer(m.TumblingWindowInSeconds, 0, at('TumblingWindowInSeconds'), 0, 900),
  };
}

function integer(value: unknown, fallback: number, path: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new MappingError(path, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function integerOrInfinite(value: unknown, path: string, min: number, max: number): number {
  if (value === undefined || value === -1) return -1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new MappingError(path, `must be -1 (infinite) or an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function boolean(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new MappingError(path, `must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

function responseTypes(value: unknown, path: string): boolean {
  if (value === undefined) return false;
  if (!Array.isArray(value) || value.some((v) => v !== 'ReportBatchItemFailures')) {
    throw new MappingError(path, `must be [] or ["ReportBatchItemFailures"], got ${JSON.stringify(value)}`);
  }
  return value.length > 0;
}

const destinationArn = /^arn:aws[a-z-]*:(sqs|sns|s3):[^:]*:[^:]*:(.+)$/;

function onFailure(value: unknown, path: string): Mapping['OnFailure'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new MappingError(path, 'must be { OnFailure: { Destination: "<SQS, SNS or S3 ARN>" } }');
  const { OnFailure, ...rest } = value as { OnFailure?: { Destination?: unknown } };
  const extra = Object.keys(rest).filter((k) => k !== 'OnSuccess');
  if (extra.length > 0) throw new MappingError(`${path}.${extra[0]}`, 'unknown property; expected OnFailure');
  if (OnFailure === undefined) return undefined;
  const arn = OnFailure.Destination;
  if (arn === undefined) return undefined;
  const match = typeof arn === 'string' ? destinationArn.exec(arn) : null;
  if (typeof arn !== 'string' || !match) {
    throw new MappingError(`${path}.OnFailure.Destination`, `must be an SQS queue, SNS topic or S3 bucket ARN, got ${JSON.stringify(arn)}`);
  }
  if (arn.endsWith('.fifo')) {
    throw new MappingError(`${path}.OnFailure.Destination`, 'FIFO queues and topics cannot be stream OnFailure destinations; use a standard queue or topic');
  }
  return { arn, type: match[1] as DestinationType };
}

