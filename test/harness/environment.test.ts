import { describe, expect, it } from 'vitest';
import { fakeCredentials, safeEnvironment, type EnvironmentOptions } from '../../src/harness/environment.js';

const options: EnvironmentOptions = {
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:4567',
  functionName: 'orders-consumer',
  memoryLimitInMB: 512,
  functionTimeoutMs: 2200,
  handlerRef: 'src/handler.ts#handler',
  variables: { TABLE_NAME: 'orders', AWS_ACCESS_KEY_ID: 'AKIAREALKEY', AWS_ENDPOINT_URL: 'https://dynamodb.eu-west-1.amazonaws.com' },
};

describe('safeEnvironment: what a Lambda execution environment has, and nothing that reaches real AWS', () => {
  const inherited = {
    PATH: '/usr/bin',
    HOME: '/home/dev',
    AWS_PROFILE: 'prod',
    aws_secret_access_key: 'lowercase-secret',
    AWS_SESSION_TOKEN: 'token',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.2/creds',
    AMAZON_X: '1',
    _X_AMZN_TRACE_ID: 'Root=1',
    LAMBDA_TASK_ROOT: '/var/task',
    UNSET: undefined,
  };
  const env = safeEnvironment(inherited, options);

  it('keeps the rest of the inherited environment and drops every AWS_*, AMAZON_*, _X_AMZN_* and LAMBDA_* variable', () => {
    expect(env.PATH).toBe('/usr/bin');
    expect(env.HOME).toBe('/home/dev');
    for (const name of ['AWS_PROFILE', 'aws_secret_access_key', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AMAZON_X', '_X_AMZN_TRACE_ID', 'LAMBDA_TASK_ROOT', 'UNSET']) {
      expect(env).not.toHaveProperty(name);
    }
  });

  it("sets Lambda's variables from the function's settings, timeout in whole seconds rounded up", () => {
    expect(env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'orders-consumer',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_TIMEOUT: '3',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/orders-consumer',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      _HANDLER: 'src/handler.ts#handler',
      TABLE_NAME: 'orders',
    });
  });

  it("sets the region; the function's variables never set credentials or endpoints", () => {
    expect(env.AWS_REGION).toBe('eu-west-1');
    expect(env.AWS_DEFAULT_REGION).toBe('eu-west-1');
    expect(env.AWS_ACCESS_KEY_ID).toBe(fakeCredentials.AWS_ACCESS_KEY_ID);
    expect(env.AWS_SECRET_ACCESS_KEY).toBe(fakeCredentials.AWS_SECRET_ACCESS_KEY);
    expect(env).toMatchObject({
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4567',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/stream-conformance/aws/credentials',
      AWS_CONFIG_FILE: '/nonexistent/stream-conformance/aws/config',
    });
  });
});
