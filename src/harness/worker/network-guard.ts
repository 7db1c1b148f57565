import type { HttpAnswer, HttpRequest } from '../protocol.js';

export type FetchGateway = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * The global `fetch` never leaves the machine: loopback calls go through, every other call is
 * answered (or refused) by the main thread, as the same request type as every other HTTP client's.
 */
export function interceptFetch(gateway: FetchGateway, captured: (host: string, port: number) => boolean): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    if (!captured(url.hostname.replace(/^\[|\]$/g, ''), port)) return realFetch(input, init);
    const body = request.body === null ? undefined : await request.text();
    const answer = await gateway({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers), body });
    if (answer.kind === 'abort') return new Promise<Response>(() => {}); // the invocation is timed out around it
    if (answer.kind === 'refused') throw new TypeError('fetch failed', { cause: Object.assign(new Error(answer.message), { code: 'ECONNREFUSED' }) });
    if (answer.kind === 'network-error') throw new TypeError('fetch failed', { cause: Object.assign(new Error(answer.message), { code: answer.code }) });
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };
}
