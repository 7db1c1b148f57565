import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { forwardedHeaders, type CallAnswer, type ClientSideError, type SdkRequest } from '../protocol.js';
import { SdkV2Observer } from './sdk-v2-observer.js';

const require = createRequire(import.meta.url);

/**
 * The module files that define the SDK's base `Client` (whose `send` every service client and the
 * DocumentClient inherit), across SDK generations: @smithy/core (current), @smithy/smithy-client
 * (3.4xx–3.6xx), @aws-sdk/smithy-client (older). Each copy in node_modules is its own module.
 */
const clientModule = /[\\/](@smithy[\\/]core[\\/]dist-cjs[\\/]submodules[\\/]client[\\/]index\.js|@smithy[\\/]smithy-client[\\/]dist-cjs[\\/]index\.js|@aws-sdk[\\/]smithy-client[\\/]dist-cjs[\\/]index\.js)$/;

const interceptorName = 'streamConformanceInterceptor';

/**
 * SigV4 signing middlewares (current SDKs, and the 3.4xx line): requests never leave the process
 * and the credentials are fake, so a signature proves nothing; it cost a fifth of every call.
 */
const signingMiddlewares = ['httpSigningMiddleware', 'awsAuthMiddleware'];

interface MiddlewareStack {
  add(middleware: unknown, options: Record<string, unknown>): void;
  addRelativeTo(middleware: unknown, options: Record<string, unknown>): void;
  remove(name: string): boolean;
}

interface SdkClient {
  middlewareStack: MiddlewareStack;
  config: Record<string, unknown>;
}

interface HttpRequestLike {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

/** Where intercepted calls go. `issue` numbers SDK sends in the order the handler made them. */
export interface CallGateway {
  call(request: SdkRequest, issue: number): Promise<CallAnswer>;
  /** A send was made: it will reach `call` (perhaps more than once, with retries) or fail before. */
  issued(issue: number): void;
  /** A send finished, whatever the outcome (`failure` when it failed). */
  settled(issue: number, failure?: ClientSideError): void;
  /** An SDK v2 request failed before it was sent. */
  clientError(error: ClientSideError): void;
}

const issueKey = Symbol.for('stream-conformance.issue');
const issueOrderName = 'streamConformanceIssueOrder';

/**
 * Adds a middleware to every SDK client's stack right after the deserializer, inside the retry
 * loop: requests are answered by the harness instead of the network, and the SDK's own retries,
 * deserializers and exception classes still run. Retry back-off delays are removed (virtual time),
 * and requests are not signed.
 */
export class SdkInterception {
  private readonly patchedPrototypes = new WeakSet<object>();
  private readonly preparedStacks = new WeakSet<object>();
  private readonly preparedConfigs = new WeakSet<object>();

  private readonly v2: SdkV2Observer;

  constructor(private readonly gateway: CallGateway) {
    this.v2 = new SdkV2Observer((error) => gateway.clientError(error));
  }

  /** Patches every copy of the SDK's base client loaded so far (and watches SDK v2); cheap to call before each invocation. */
  scan(): number {
    this.v2.scan();
    let patched = 0;
    for (const [file, entry] of Object.entries(require.cache)) {
      if (!clientModule.test(file)) continue;
      const Client = (entry?.exports as { Client?: { prototype: Record<string, unknown> } } | undefined)?.Client;
      if (Client && this.patch(Client.prototype)) patched++;
    }
    return patched;
  }

  private patch(prototype: Record<string, unknown>): boolean {
    if (this.patchedPrototypes.has(prototype) || typeof prototype.send !== 'function') return false;
    this.patchedPrototypes.add(prototype);
    const send = prototype.send as (this: SdkClient, ...args: unknown[]) => unknown;
    const interception = this;
    prototype.send = function patchedSend(this: SdkClient, ...args: unknown[]) {
      interception.prepare(this);
      return send.apply(this, args);
    };
    return true;
  }

  private prepare(client: SdkClient): void {
    const stack = client.middlewareStack;
    if (stack && !this.preparedStacks.has(stack)) {
      this.preparedStacks.add(stack);
      stack.add(this.issueOrder(), { step: 'initialize', priority: 'high', name: issueOrderName, override: true });
      stack.addRelativeTo(this.middleware(), {
        relation: 'after',
        toMiddleware: 'deserializerMiddleware',
        name: interceptorName,
        override: true,
      });
      for (const name of signingMiddlewares) stack.remove(name);
    }
    const config = client.config;
    if (config && !this.preparedConfigs.has(config)) {
      this.preparedConfigs.add(config);
      withoutBackoff(config);
    }
  }

  /** Runs synchronously inside `send`, so sends are numbered in the order the handler made them. */
  private issueOrder() {
    const gateway = this.gateway;
    return (next: (args: unknown) => Promise<unknown>, context: Record<symbol, number> & { clientName?: string; commandName?: string }) => (args: unknown) => {
      const issue = this.issues++;
      context[issueKey] = issue;
      gateway.issued(issue);
      return next(args).then(
        (output) => {
          gateway.settled(issue);
          return output;
        },
        (error: unknown) => {
          gateway.settled(issue, {
            sdk: 'v3',
            service: (context.clientName ?? 'UnknownClient').replace(/Client$/, '').toLowerCase(),
            operation: (context.commandName ?? 'UnknownCommand').replace(/Command$/, ''),
            name: error instanceof Error ? error.name : 'Error',
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        },
      );
    };
  }

  private issues = 0;

  private middleware() {
    const gateway = this.gateway;
    return (_next: unknown, context: { clientName?: string; commandName?: string; [issueKey]?: number }) =>
      async (args: { request?: HttpRequestLike; input?: unknown }) => {
        const request = args.request!;
        const headers = forwarded(request.headers);
        // a DynamoDB request's body is its input, already as plain JSON: no need to send it twice
        const dynamodb = headers['x-amz-target']?.startsWith('DynamoDB_') === true;
        const answer = await gateway.call({
          clientName: context.clientName ?? 'UnknownClient',
          commandName: context.commandName ?? 'UnknownCommand',
          input: dynamodb ? undefined : plain(args.input),
          method: request.method,
          protocol: request.protocol,
          hostname: request.hostname,
          port: request.port,
          path: request.path,
          query: request.query ?? {},
          headers,
          body: typeof request.body === 'string' ? request.body : await bodyOf(request.body),
        }, context[issueKey] ?? -1);
        if (answer.kind === 'response') {
          const { statusCode, headers, body } = answer.response;
          // the deserializers take bytes as they are; other services get a stream, as a socket gives
          const bytes = Buffer.from(body);
          return { response: { statusCode, reason: undefined, headers, body: dynamodb ? bytes : Readable.from([bytes]) } };
        }
        if (answer.kind === 'network-error') throw Object.assign(new Error(answer.message), { code: answer.code });
        throw Object.assign(new Error(answer.message), { name: 'RequestRefusedByStreamConformance', $metadata: {} });
      };
  }
}

/** Retry back-off costs no real time: the retry strategy's delays become 0, and the SDK's retries stay. */
function withoutBackoff(config: Record<string, unknown>): void {
  const provider = config.retryStrategy;
  if (typeof provider !== 'function') return;
  const wrapped = new WeakMap<object, Record<string, unknown>>();
  config.retryStrategy = async () => {
    const strategy = await (provider as () => Promise<Record<string, unknown>>)();
    let zero = wrapped.get(strategy);
    if (zero === undefined) wrapped.set(strategy, (zero = zeroDelay(strategy)));
    return zero;
  };
}

function zeroDelay(strategy: Record<string, unknown>): Record<string, unknown> {
  // current SDKs sleep inside refreshRetryTokenForRetry, for the back-off strategy's delay
  const backoff = strategy.retryBackoffStrategy as Record<string, unknown> | undefined;
  if (backoff && typeof backoff.computeNextBackoffDelay === 'function') backoff.computeNextBackoffDelay = () => 0;
  if (typeof strategy.refreshRetryTokenForRetry === 'function') {
    // 3.4xx-era SDKs sleep in the retry middleware, for the token's delay
    const refresh = strategy.refreshRetryTokenForRetry.bind(strategy) as (...a: unknown[]) => Promise<Record<string, unknown>>;
    return new Proxy(strategy, {
      get(target, property, receiver) {
        if (property !== 'refreshRetryTokenForRetry') return Reflect.get(target, property, receiver);
        return async (...a: unknown[]) => {
          const token = await refresh(...a);
          return new Proxy(token, { get: (t, p, r) => (p === 'getRetryDelay' ? () => 0 : Reflect.get(t, p, r)) });
        };
      },
    });
  }
  if ('delayDecider' in strategy) strategy.delayDecider = () => 0;
  return strategy;
}

function forwarded(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if ((forwardedHeaders as readonly string[]).includes(lower)) out[lower] = value;
  }
  return out;
}

async function bodyOf(body: unknown): Promise<string | Uint8Array | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  return String(body);
}

/** The command input as plain data the main thread can receive (binary as base64, sets as arrays). */
function plain(value: unknown, depth = 0): unknown {
  if (depth > 64) return '[too deep]';
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : typeof value === 'bigint' ? String(value) : value;
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('base64') };
  if (value instanceof Set) return [...value].map((v) => plain(v, depth + 1));
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
  if (Object.keys(out).length === 0 && typeof (value as { toString?: unknown }).toString === 'function' && value.constructor !== Object) return String(value);
  return out;
}
