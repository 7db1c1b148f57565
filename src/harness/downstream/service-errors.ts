import type { DownstreamError } from '../faults.js';
import type { Service } from './aws-protocol.js';

/** The error each service really returns for a throttle or an internal failure: the SDK classifies them by code and status. */
const throttles: Record<Service, [number, string, string]> = {
  dynamodb: [400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.'],
  sqs: [400, 'RequestThrottled', 'Request is throttled.'],
  sns: [400, 'Throttling', 'Rate exceeded'],
  eventbridge: [400, 'ThrottlingException', 'Rate exceeded'],
  kinesis: [400, 'ProvisionedThroughputExceededException', 'Rate exceeded for shard shardId-000000000000 in stream.'],
  firehose: [503, 'ServiceUnavailableException', 'Slow down.'],
  s3: [503, 'SlowDown', 'Please reduce your request rate.'],
};

const internal: Record<Service, [number, string, string]> = {
  dynamodb: [500, 'InternalServerError', 'Internal server error'],
  sqs: [500, 'InternalError', 'We encountered an internal error. Please try again.'],
  sns: [500, 'InternalError', 'Internal error'],
  eventbridge: [500, 'InternalException', 'Internal service error'],
  kinesis: [500, 'InternalFailure', 'Internal service failure.'],
  firehose: [500, 'InternalFailure', 'Internal service failure.'],
  s3: [500, 'InternalError', 'We encountered an internal error. Please try again.'],
};

/**
 * The common AWS error shapes, for the services declared in `downstream.services`: the SDKs retry
 * `ThrottlingException` as a throttle and any 5xx as transient.
 */
const declaredThrottle: [number, string, string] = [400, 'ThrottlingException', 'Rate exceeded'];
const declaredInternal: [number, string, string] = [500, 'InternalServerException', 'Internal server error'];

export function serviceError(service: Service | undefined, error: Exclude<DownstreamError, 'network-reset' | 'timeout'>): [number, string, string] {
  if (service === undefined) return error === 'throttling' ? declaredThrottle : declaredInternal;
  return (error === 'throttling' ? throttles : internal)[service];
}
