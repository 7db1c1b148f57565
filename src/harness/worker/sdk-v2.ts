import { createRequire } from 'node:module';
import { threadId } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/** The core module of each copy of aws-sdk v2 in node_modules: it exports the `AWS` namespace. */
const coreModule = /[\\/]aws-sdk[\\/]lib[\\/]core\.js$/;

interface SdkV2 {
  util: { calculateRetryDelay: (...args: unknown[]) => number };
  events: { on(event: string, listener: (request: SdkV2Request) => void): void };
}

interface SdkV2Request {
  httpRequest: { headers: Record<string, string> };
  retryCount?: number;
  response?: { retryCount: number };
  [invocationKey]?: string;
}

const invocationKey = Symbol('stream-conformance.v2-invocation');

/**
 * AWS SDK v2 runs unmodified on the wire gateway; two things are adjusted on every copy loaded:
 * its retry back-off costs no real time (the delays `calculateRetryDelay` computes for the
 * service's retries, DynamoDB's included, become 0 while the retries stay), and each attempt
 * carries the `amz-sdk-invocation-id` / `amz-sdk-request: attempt=N` headers SDK v3 sends, so the
 * harness counts a request and its retries as one operation, as it does for v3.
 */
export class SdkV2Hooks {
  private readonly prepared = new WeakSet<object>();
  private requests = 0;

  /** Prepares every copy of aws-sdk v2 loaded so far; cheap to call before each invocation. */
  scan(): number {
    let prepared = 0;
    for (const [file, entry] of Object.entries(require.cache)) {
      if (!coreModule.test(file)) continue;
      const AWS = entry?.exports as SdkV2 | undefined;
      if (AWS?.util === undefined || AWS.events === undefined || this.prepared.has(AWS)) continue;
      this.prepared.add(AWS);
      AWS.util.calculateRetryDelay = () => 0;
      AWS.events.on('sign', (request) => this.mark(request));
      prepared++;
    }
    return prepared;
  }

  private mark(request: SdkV2Request): void {
    request[invocationKey] ??= `v2-${threadId}-${this.requests++}`;
    const headers = request.httpRequest.headers;
    headers['amz-sdk-invocation-id'] = request[invocationKey];
    headers['amz-sdk-request'] = `attempt=${(request.response?.retryCount ?? 0) + 1}`;
  }
}
