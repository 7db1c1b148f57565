/** Fake credentials: requests are signed with these, and nothing ever leaves the machine. */
export const fakeCredentials = {
  AWS_ACCESS_KEY_ID: 'AKIASTREAMCONFORMANCE',
  AWS_SECRET_ACCESS_KEY: 'stream-conformance-fake-secret-access-key',
} as const;

export interface EnvironmentOptions {
  region: string;
  /** Loopback endpoint that AWS SDK clients resolve to by default. */
  endpoint: string;
  functionName: string;
  memoryLimitInMB: number;
  functionTimeoutMs: number;
  handlerRef: string;
  /** function.Environment.Variables from the config. */
  variables: Record<string, string>;
}

/**
 * The process environment the handler sees, as in a Lambda execution environment, minus anything
 * that could reach real AWS: every inherited AWS_* variable (profiles, keys, tokens, role and
 * container credentials, config file paths) is dropped, the shared config files point nowhere,
 * instance metadata is disabled, and endpoints point at this machine.
 */
export function safeEnvironment(inherited: NodeJS.ProcessEnv, options: EnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value !== undefined && !/^AWS_|^AMAZON_|^_X_AMZN_|^LAMBDA_/i.test(name)) env[name] = value;
  }
  const nowhere = '/nonexistent/stream-conformance/aws';
  Object.assign(env, {
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryLimitInMB),
    AWS_LAMBDA_FUNCTION_TIMEOUT: String(Math.ceil(options.functionTimeoutMs / 1000)),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    // environments start on demand (not provisioned concurrency, not SnapStart): Powertools' cold_start reads it
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    _HANDLER: options.handlerRef,
    ...options.variables,
    ...fakeCredentials,
    AWS_EC2_METADATA_DISABLED: 'true',
    // aws-sdk v2 prints a maintenance-mode notice on load; the handler's logs are not the place for it
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    AWS_SHARED_CREDENTIALS_FILE: `${nowhere}/credentials`,
    AWS_CONFIG_FILE: `${nowhere}/config`,
    AWS_ENDPOINT_URL: options.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoint,
  });
  return env;
}
