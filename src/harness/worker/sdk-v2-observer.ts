import { createRequire } from 'node:module';
import type { ClientSideError } from '../protocol.js';

const require = createRequire(import.meta.url);

/** `aws-sdk/lib/core.js`: its export is the `AWS` namespace, whose `AWS.events` every request listens to. */
const coreModule = /[\\/]aws-sdk[\\/]lib[\\/]core\.js$/;

interface V2Response {
  request: { operation?: string; service?: { serviceIdentifier?: string; api?: { serviceId?: string } } };
  error?: { code?: string; name?: string; message?: string } | null;
}

interface V2Events {
  on(event: string, listener: (response: V2Response) => void): unknown;
}

/**
 * Sees SDK v2 requests that fail before they are sent (parameter validation, building, signing),
 * which never reach the network or the harness. Every v2 request takes the listeners of
 * `AWS.events` (Service#addAllRequestListeners): 'send' fires when a request is about to go on
 * the wire, 'complete' when it is done, with `response.error` when it failed.
 */
export class SdkV2Observer {
  private readonly observed = new WeakSet<object>();

  constructor(private readonly report: (error: ClientSideError) => void) {}

  /** Watches every copy of aws-sdk loaded so far; cheap to call before each invocation. */
  scan(): void {
    for (const [file, entry] of Object.entries(require.cache)) {
      if (!coreModule.test(file)) continue;
      const events = (entry?.exports as { events?: V2Events } | undefined)?.events;
      if (events === undefined || typeof events.on !== 'function' || this.observed.has(events)) continue;
      this.observed.add(events);
      this.watch(events);
    }
  }

  private watch(events: V2Events): void {
    const sent = new WeakSet<object>();
    events.on('send', (response) => {
      sent.add(response.request);
    });
    events.on('complete', (response) => {
      const { request, error } = response;
      if (!error || sent.has(request)) return;
      const operation = request.operation ?? 'unknown';
      this.report({
        sdk: 'v2',
        service: request.service?.serviceIdentifier ?? request.service?.api?.serviceId?.toLowerCase() ?? 'unknown',
        operation: operation.charAt(0).toUpperCase() + operation.slice(1),
        name: error.code ?? error.name ?? 'Error',
        message: error.message ?? '',
      });
    });
  }
}
