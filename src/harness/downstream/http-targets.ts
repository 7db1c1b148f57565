import type { DownstreamError } from '../faults.js';
import type { HttpAnswer, HttpRequest } from '../protocol.js';

/** What a declared HTTP target answers. */
export interface HttpResponseSpec {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

/** A captured request as a TS config's responder function sees it. */
export interface CapturedHttpRequest {
  method: string;
  url: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export type HttpResponder = (request: CapturedHttpRequest) => HttpResponseSpec | Promise<HttpResponseSpec>;

/**
 * A declared target (downstream.http): one answer for every request, answers per `"METHOD /path"`
 * (`*` matches one path segment, a trailing `/**` any rest; `"/path"` any method), or a function.
 */
export type HttpTarget = (HttpResponseSpec & { routes?: Record<string, HttpResponseSpec> }) | HttpResponder;

/** The declared target for a URL: by origin (`https://api.example.com`), host, or full URL. */
export function declaredTarget(targets: Record<string, HttpTarget>, url: URL): HttpTarget | undefined {
  return targets[url.origin] ?? targets[url.host] ?? targets[url.href];
}

export function capturedRequest(request: HttpRequest): CapturedHttpRequest {
  const url = new URL(request.url);
  const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
  return { method: request.method.toUpperCase(), url: request.url, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: request.headers, body };
}

/** The declared answer to a request, with the defaults filled in. */
export async function respond(target: HttpTarget, request: CapturedHttpRequest): Promise<Required<HttpResponseSpec>> {
  const spec = typeof target === 'function' ? await target(request) : routeFor(target, request) ?? target;
  return {
    status: spec.status ?? 200,
    body: spec.body ?? '{}',
    headers: spec.headers ?? { 'content-type': 'application/json' },
  };
}

function routeFor(target: Exclude<HttpTarget, HttpResponder>, request: CapturedHttpRequest): HttpResponseSpec | undefined {
  for (const [route, spec] of Object.entries(target.routes ?? {})) {
    const [method, path] = route.includes(' ') ? route.split(/\s+/, 2) as [string, string] : ['*', route];
    if ((method === '*' || method.toUpperCase() === request.method) && pathMatches(path, request.path)) return spec;
  }
  return undefined;
}

function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '**') return true;
    if (i >= got.length || (want[i] !== '*' && want[i] !== got[i])) return false;
  }
  return want.length === got.length;
}

/**
 * An injected fault as an HTTP API shows it: throttling is 429 Too Many Requests, a server error
 * 503 Service Unavailable (what a load balancer in front of a failing API returns), a network
 * reset the connection dropped before the response (ECONNRESET), a timeout no answer at all: the
 * worker fires the client's own socket timeout, or fails the connection with ETIMEDOUT.
 */
export function httpFault(error: DownstreamError): HttpAnswer {
  switch (error) {
    case 'throttling':
      return { kind: 'response', status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: '{"message":"Too Many Requests"}' };
    case 'server-error':
      return { kind: 'response', status: 503, headers: { 'content-type': 'application/json' }, body: '{"message":"Service Unavailable"}' };
    case 'network-reset':
      return { kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' };
    case 'timeout':
      return { kind: 'network-error', code: 'ETIMEDOUT', message: 'read ETIMEDOUT' };
  }
}

/** The config lines that declare `origin`, for the refusal message. */
export function declarationFor(origin: string, method: string, path: string): string {
  // quoted keys: valid in a JSON config and in a .ts/.js one alike
  return `"downstream": { "http": { "${origin}": { "status": 200, "body": "{}" } } } (or per route: { "routes": { "${method} ${path}": { "status": 200 } } })`;
}
