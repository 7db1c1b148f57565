import type { ClientSideError } from './protocol.js';

/** What one run shows of the handler's AWS SDK use. */
export interface RunSdkUsage {
  /** Downstream calls recorded, HTTP targets included: any one shows that the handler's requests reach the suite. */
  calls: number;
  /** Invocations the handler ran to the end (it returned, whatever its response): one that threw or timed out may have failed before its first call. */
  completed: number;
  /** SDK calls that failed in the client, and whether the invocation still succeeded (the handler swallowed it). */
  clientErrors: (ClientSideError & { swallowed: boolean })[];
  /**
   * AWS calls the service refused with nothing injected (a 4xx other than a condition's refusal:
   * a ValidationException, say), and whether the invocation still succeeded (the handler went on).
   */
  refused?: { service: string; operation: string; statusCode: number; error: string; swallowed: boolean }[];
}

interface Seen {
  error: ClientSideError;
  times: number;
  swallowedEvery: boolean;
}

/**
 * The AWS SDK use of a whole check, across runs: the warnings say when the handler depends on an
 * SDK but no downstream call at all was ever recorded though it ran to the end (one that only
 * posts to HTTP targets with axios, say, is seen), and when a call failed in the SDK itself before any
 * request was sent and the handler swallowed that error every time.
 */
export class SdkUsage {
  private calls = 0;
  private completed = 0;
  private readonly clientErrors = new Map<string, Seen>();
  private readonly refused = new Map<string, { call: NonNullable<RunSdkUsage['refused']>[number]; times: number; swallowedEvery: boolean }>();

  /** Whether any run recorded a downstream call. */
  get called(): boolean {
    return this.calls > 0;
  }

  add(run: RunSdkUsage): void {
    this.calls += run.calls;
    this.completed += run.completed;
    for (const error of run.clientErrors) {
      const key = `${error.service} ${error.operation} ${error.name}`;
      const seen = this.clientErrors.get(key) ?? { error, times: 0, swallowedEvery: true };
      seen.times++;
      seen.swallowedEvery &&= error.swallowed;
      this.clientErrors.set(key, seen);
    }
    for (const call of run.refused ?? []) {
      const key = `${call.service} ${call.operation} ${call.statusCode} ${call.error.split(':')[0]}`;
      const seen = this.refused.get(key) ?? { call, times: 0, swallowedEvery: true };
      seen.times++;
      seen.swallowedEvery &&= call.swallowed;
      this.refused.set(key, seen);
    }
  }

  /**
   * `items`: whether the config describes the items (samples, attributes or an arbitrary); `configFile`:
   * whether a config file was read (a template alone has none to describe them in).
   */
  warnings(dependsOnSdk: boolean, items: { described: boolean; configFile: boolean } = { described: true, configFile: true }): string[] {
    const out: string[] = [];
    for (const { error, times, swallowedEvery } of this.clientErrors.values()) {
      if (!swallowedEvery) continue;
      out.push(
        `the handler's ${error.service} ${error.operation} failed inside the AWS SDK${error.sdk === 'v2' ? ' (v2)' : ''} before any request was sent (${error.name}: ${error.message}), ${times} time(s), and the handler swallowed the error every time: that call never wrote anything, and no rule can see the loss; fix the call, and let SDK errors fail the record`,
      );
    }
    for (const { call, times, swallowedEvery } of this.refused.values()) {
      if (!swallowedEvery) continue;
      out.push(
        `the service refused the handler's ${call.service} ${call.operation} with nothing injected (${call.statusCode} ${call.error}), ${times} time(s), and the handler went on every time as if it had succeeded: that call never changed anything, in production too, and no rule can see the loss; fix the request (a table name or key built from a setting that is missing, say), and let a refused call fail its record`,
      );
    }
    if (dependsOnSdk && this.calls === 0 && this.completed > 0 && this.clientErrors.size === 0) {
      const unseen = 'if it writes with a client stream-conformance does not intercept, those writes were not seen';
      if (items.described) {
        out.push(`the handler's project depends on the AWS SDK, but no AWS call was recorded in the whole check: ${unseen}; if it acts only on some items, check that the config's items describe them`);
      } else {
        const where = items.configFile ? 'in the config' : 'in a conformance.config.json beside the template, with mapping: { fromTemplate }';
        out.push(
          `the handler's project depends on the AWS SDK, but it made no downstream call in the whole check: if it acts only on some items (a field it checks, a status), none of the generated items was one, as nothing describes them: describe them (items.samples, or items.attributes with required: true) ${where}; ${unseen}`,
        );
      }
    }
    return out;
  }
}
