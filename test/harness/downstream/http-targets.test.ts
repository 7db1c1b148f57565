import { describe, expect, it } from 'vitest';
import { capturedRequest, declarationFor, declaredTarget, httpFault, respond, type HttpTarget } from '../../../src/harness/downstream/http-targets.js';

const get = (url: string, method = 'GET', body?: string) => capturedRequest({ url, method, headers: { accept: 'application/json' }, body });

describe('declaredTarget', () => {
  it('finds a target by origin, by host (with port), or by full URL', () => {
    const one: HttpTarget = { status: 201 };
    const two: HttpTarget = { status: 202 };
    const three: HttpTarget = { status: 203 };
    const targets = { 'https://api.example.com': one, 'localhost:8080': two, 'https://hooks.example.com/notify': three };
    expect(declaredTarget(targets, new URL('https://api.example.com/v1/orders?x=1'))).toBe(one);
    expect(declaredTarget(targets, new URL('http://localhost:8080/x'))).toBe(two);
    expect(declaredTarget(targets, new URL('https://hooks.example.com/notify'))).toBe(three);
    expect(declaredTarget(targets, new URL('http://api.example.com/'))).toBeUndefined();
  });
});

describe('respond', () => {
  it('fills in 200, {} and a JSON content type', async () => {
    expect(await respond({}, get('https://api.example.com/'))).toEqual({ status: 200, body: '{}', headers: { 'content-type': 'application/json' } });
  });

  it('answers the first route whose method and path match: * is one segment, a trailing /** any rest', async () => {
    const target: HttpTarget = {
      status: 500,
      routes: {
        'POST /orders': { status: 201 },
        'GET /orders/*': { status: 200, body: '{"one":true}' },
        '/files/**': { status: 204 },
        'delete /orders/*/items/*': { status: 202 },
      },
    };
    const status = async (method: string, path: string) => (await respond(target, get(`https://api.example.com${path}`, method))).status;
    expect(await status('POST', '/orders')).toBe(201);
    expect(await status('GET', '/orders')).toBe(500);
    expect(await status('GET', '/orders/7')).toBe(200);
    expect(await status('GET', '/orders/7/items')).toBe(500);
    expect(await status('PUT', '/files/a/b/c')).toBe(204);
    expect(await status('DELETE', '/orders/7/items/2')).toBe(202);
  });

  it('calls a responder function with the captured request', async () => {
    const answer = await respond(
      (request) => ({ status: request.method === 'POST' ? 201 : 405, body: JSON.stringify({ echoed: request.body, q: request.query }) }),
      get('https://api.example.com/x?id=7', 'post', 'payload'),
    );
    expect(answer).toEqual({ status: 201, body: '{"echoed":"payload","q":{"id":"7"}}', headers: { 'content-type': 'application/json' } });
  });
});

describe('capturedRequest', () => {
  it('reads method, path, query and a byte body as text', () => {
    expect(capturedRequest({ url: 'https://a.example.com/p/q?x=1&y=2', method: 'put', headers: { h: 'v' }, body: new TextEncoder().encode('{"a":1}') })).toEqual({
      method: 'PUT', url: 'https://a.example.com/p/q?x=1&y=2', path: '/p/q', query: { x: '1', y: '2' }, headers: { h: 'v' }, body: '{"a":1}',
    });
  });
});

describe('httpFault', () => {
  it('throttles with 429 and Retry-After, fails with 503, drops or times out the connection', () => {
    expect(httpFault('throttling')).toMatchObject({ kind: 'response', status: 429, headers: { 'retry-after': '1' } });
    expect(httpFault('server-error')).toMatchObject({ kind: 'response', status: 503 });
    expect(httpFault('network-reset')).toEqual({ kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' });
    expect(httpFault('timeout')).toEqual({ kind: 'network-error', code: 'ETIMEDOUT', message: 'read ETIMEDOUT' });
  });
});

describe('declarationFor', () => {
  it('gives the config lines to add, for the host and for the route', () => {
    expect(declarationFor('https://api.example.com', 'POST', '/orders')).toBe(
      '"downstream": { "http": { "https://api.example.com": { "status": 200, "body": "{}" } } } (or per route: { "routes": { "POST /orders": { "status": 200 } } })',
    );
  });
});
