import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The transport of the Elasticsearch 8 client (and of the other clients built on @elastic/transport): each copy in node_modules. */
const transportModule = /[\\/]@elastic[\\/]transport[\\/]lib[\\/]Transport\.js$/;

interface TransportPrototype {
  request(this: unknown, params: unknown, options?: Record<string, unknown>): unknown;
}

/** No wait: the retry is made at once. */
const noBackoff = (): number => 0;

/**
 * The Elasticsearch 8 client retries a request that met a connection error after sleeping 1–4 s
 * of real time (@elastic/transport's "equal jitter" back-off, `retryBackoff`). As for the AWS SDKs
 * (sdk-interception.ts, sdk-v2.ts), the delay is removed and the retries stay: a network fault the
 * harness answers at once then costs no real time, where the sleep kept the invocation running
 * until the watchdog cut it as a hang. The 7.x client and the OpenSearch client retry at once.
 */
export class SearchClientBackoff {
  private readonly patched = new WeakSet<object>();

  /** Patches every copy of @elastic/transport loaded so far; cheap to call before each invocation. */
  scan(): number {
    let patched = 0;
    for (const [file, entry] of Object.entries(require.cache)) {
      if (!transportModule.test(file)) continue;
      const exports = entry?.exports as { default?: { prototype?: TransportPrototype } } | undefined;
      const prototype = exports?.default?.prototype;
      if (prototype === undefined || typeof prototype.request !== 'function' || this.patched.has(prototype)) continue;
      this.patched.add(prototype);
      const request = prototype.request;
      // a back-off given with the request wins over the client's own (`options.retryBackoff ?? this[kRetryBackoff]`)
      prototype.request = function requestWithoutBackoff(params, options) {
        return request.call(this, params, { ...options, retryBackoff: noBackoff });
      };
      patched++;
    }
    return patched;
  }
}
