import { describe, expect, it } from 'vitest';
import type { Service } from '../../../src/harness/downstream/aws-protocol.js';
import { serviceError } from '../../../src/harness/downstream/service-errors.js';

const services: Service[] = ['dynamodb', 'sqs', 'sns', 'eventbridge', 'kinesis', 'firehose', 's3'];

describe('serviceError', () => {
  it('throttles with each service\'s own code (the SDKs classify throttles by code)', () => {
    expect(Object.fromEntries(services.map((s) => [s, serviceError(s, 'throttling').slice(0, 2)]))).toEqual({
      dynamodb: [400, 'ProvisionedThroughputExceededException'],
      sqs: [400, 'RequestThrottled'],
      sns: [400, 'Throttling'],
      eventbridge: [400, 'ThrottlingException'],
      kinesis: [400, 'ProvisionedThroughputExceededException'],
      firehose: [503, 'ServiceUnavailableException'],
      s3: [503, 'SlowDown'],
    });
  });

  it('fails a server error with a 5xx and the service\'s internal error code', () => {
    for (const service of services) {
      const [status, code, message] = serviceError(service, 'server-error');
      expect(status, service).toBe(500);
      expect(code, service).toMatch(/^Internal/);
      expect(message.length, service).toBeGreaterThan(0);
    }
    expect(serviceError('dynamodb', 'server-error')).toEqual([500, 'InternalServerError', 'Internal server error']);
  });

  it('answers a declared service with the common shapes the SDKs retry', () => {
    expect(serviceError(undefined, 'throttling')).toEqual([400, 'ThrottlingException', 'Rate exceeded']);
    expect(serviceError(undefined, 'server-error')).toEqual([500, 'InternalServerException', 'Internal server error']);
  });
});
