import { describe, expect, it } from 'vitest';
import { isAwsServiceHost, isLoopback } from '../../src/harness/hosts.js';

describe('isLoopback: the only places a handler may really reach', () => {
  it.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])('%s is this machine', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['localhost.example.com', 'mylocalhost', '128.0.0.1', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0', '::2', 'example.com'])(
    '%s is not',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});

describe('isAwsServiceHost: default AWS endpoints, answered in-process', () => {
  it.each(['dynamodb.us-east-1.amazonaws.com', 'sqs.cn-north-1.amazonaws.com.cn', 'amazonaws.com', 'search-x.eu-west-1.es.AMAZONAWS.com', 'bedrock.us-east-1.api.aws'])(
    '%s is AWS',
    (host) => {
      expect(isAwsServiceHost(host)).toBe(true);
    },
  );

  it.each(['notamazonaws.com', 'amazonaws.com.evil.example', 'myapi.aws', 'api.aws.example.com', 'localhost'])('%s is not', (host) => {
    expect(isAwsServiceHost(host)).toBe(false);
  });
});
