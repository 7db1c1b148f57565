import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { isLoopback } from '../hosts.js';
import type { FetchAnswer, FetchRequest } from '../protocol.js';

export type FetchGateway = (request: FetchRequest) => Promise<FetchAnswer>;

/**
 * `fetch` never leaves the machine: loopback calls go through, every other call is answered (or
 * refused) by the harness, which records it in the outbox.
 */
export function interceptFetch(gateway: FetchGateway): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (isLoopback(url.hostname)) return realFetch(input, init);
    const body = request.body === null ? undefined : await request.text();
    const answer = await gateway({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body });
    if (answer.kind === 'refused' || answer.kind === 'abort') throw new TypeError('fetch failed', { cause: new Error(answer.kind === 'abort' ? answer.reason : answer.message) });
    if (answer.kind === 'network-error') throw new TypeError('fetch failed', { cause: Object.assign(new Error(answer.message), { code: answer.code }) });
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}

/**
 * The last line of defence: a request to a non-loopback host through node:http or node:https
 * (something that escaped the SDK and fetch interception) is refused and reported.
 */
export function guardHttp(report: (message: string) => void): void {
  for (const module of [http, https]) {
    const mutable = module as unknown as Record<string, unknown>;
    for (const name of ['request', 'get'] as const) {
      const original = module[name] as (...args: unknown[]) => unknown;
      mutable[name] = (...args: unknown[]) => {
        const host = hostOf(args[0], args[1]);
        if (host !== undefined && !isLoopback(host)) {
          const message = `stream-conformance refused a network request to ${host}: the suite never contacts real services; declare HTTP targets in downstream.http`;
          report(message);
          throw Object.assign(new Error(message), { code: 'ECONNREFUSED' });
        }
        return original(...args);
      };
    }
  }
  syncBuiltinESMExports();
}

function hostOf(first: unknown, second: unknown): string | undefined {
  if (typeof first === 'string') return new URL(first).hostname;
  if (first instanceof URL) return first.hostname;
  const options = (first ?? second) as { hostname?: string; host?: string } | undefined;
  const host = options?.hostname ?? options?.host;
  return host === undefined ? 'localhost' : host.replace(/:\d+$/, '');
}
