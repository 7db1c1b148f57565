import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpAnswer, HttpRequest } from '../../../src/harness/protocol.js';
import { captureHttp } from '../../../src/harness/worker/http-capture.js';

// the capture is what the worker thread installs; vitest runs each test file in its own process
const seen: HttpRequest[] = [];
let next: HttpAnswer = { kind: 'response', status: 200, headers: {}, body: '' };
let captured: (host: string, port: number) => boolean;
const local = http.createServer((_, response) => response.end('real loopback'));

beforeAll(async () => {
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  captured = captureHttp(async (request) => {
    seen.push(request);
    return next;
  }, { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566' });
});
afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));

function get(url: string, options: https.RequestOptions = {}): Promise<{ status?: number; headers: http.IncomingHttpHeaders; body: string; events: string[] }> {
  const events: string[] = [];
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.request(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, ...options }, (response) => {
      events.push('response');
      let body = '';
      response.on('data', (chunk: Buffer) => { events.push('data'); body += chunk; });
      response.on('end', () => { events.push('end'); resolve({ status: response.statusCode, headers: response.headers, body, events }); });
    });
    request.on('timeout', () => { events.push('timeout'); request.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })); });
    request.on('error', (error: NodeJS.ErrnoException) => reject(Object.assign(error, { events })));
    request.end('payload');
  });
}

describe('HTTP capture in the worker', () => {
  it('hands a request off the machine to the gateway as one request type and gives the client a real response', async () => {
    next = { kind: 'response', status: 201, headers: { 'content-type': 'application/json', 'x-request-id': 'r1' }, body: '{"ok":true}' };
    const answer = await get('https://api.example.com:8443/orders?id=1');
    expect(answer).toMatchObject({ status: 201, body: '{"ok":true}', events: ['response', 'data', 'end'] });
    expect(answer.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'r1', 'content-length': '11' });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ url: 'https://api.example.com:8443/orders?id=1', method: 'POST', headers: expect.objectContaining({ host: 'api.example.com:8443', 'content-type': 'text/plain' }) });
    expect(Buffer.from(request.body!).toString()).toBe('payload');
  });

  it('a reset is ECONNRESET; a timeout reaches a client that set one as its timeout event, and others as ETIMEDOUT', async () => {
    next = { kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' };
    await expect(get('http://api.example.com/x')).rejects.toMatchObject({ code: 'ECONNRESET' });
    next = { kind: 'network-error', code: 'ETIMEDOUT', message: 'timed out' };
    await expect(get('https://api.example.com/x', { timeout: 5000 })).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT', events: ['timeout'] });
    // (Node's global agent sets a 5 s socket timeout of its own: a fresh agent has none)
    await expect(get('https://api.example.com/x', { agent: new https.Agent() })).rejects.toMatchObject({ code: 'ETIMEDOUT', events: [] });
    next = { kind: 'refused', message: 'not declared' };
    await expect(get('https://api.example.com/x')).rejects.toMatchObject({ code: 'ECONNREFUSED', message: 'not declared' });
  });

  it('loopback stays real, except the AWS_ENDPOINT_URL* targets', async () => {
    const port = (local.address() as AddressInfo).port;
    const before = seen.length;
    expect((await get(`http://127.0.0.1:${port}/`)).body).toBe('real loopback');
    expect(seen.length).toBe(before);
    expect([captured('127.0.0.1', 4566), captured('127.0.0.1', port), captured('sqs.us-east-1.amazonaws.com', 443)]).toEqual([true, false, true]);
  });

  it('keep-alive agents reuse the captured connection', async () => {
    next = { kind: 'response', status: 200, headers: {}, body: 'again' };
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get('https://api.example.com/a', { agent });
    const second = await get('https://api.example.com/b', { agent });
    expect([first.body, second.body]).toEqual(['again', 'again']);
    expect(seen.slice(-2).map((r) => r.url)).toEqual(['https://api.example.com/a', 'https://api.example.com/b']);
    agent.destroy();
  });
});
