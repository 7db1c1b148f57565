import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type AwsSdk from 'aws-sdk';

/**
 * aws-sdk v2 loaded with require, as a handler loads it (the hooks find it in require.cache),
 * whose HTTP client records each attempt's headers and fails it as a reset connection would: no
 * request leaves the process.
 */
export function loadSdkV2(): { AWS: typeof AwsSdk; attempts: Record<string, string>[] } {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
  const AWS = createRequire(import.meta.url)('aws-sdk') as typeof AwsSdk;
  const attempts: Record<string, string>[] = [];
  (AWS as unknown as { HttpClient: { getInstance: () => unknown } }).HttpClient.getInstance = () => ({
    handleRequest(request: { headers: Record<string, string> }, _options: unknown, _respond: unknown, fail: (error: Error) => void) {
      attempts.push({ ...request.headers });
      setImmediate(() => fail(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })));
      return new EventEmitter();
    },
  });
  return { AWS, attempts };
}

export const v2Client = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' } };
