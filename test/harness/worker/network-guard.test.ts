import { afterAll, describe, expect, it } from 'vitest';
import type { HttpAnswer, HttpRequest } from '../../../src/harness/protocol.js';
import { interceptFetch } from '../../../src/harness/worker/network-guard.js';

const realFetch = globalThis.fetch;
/** The fetch the handler's thread had before: here it records what reached it instead of the network. */
const reachedNetwork: string[] = [];
globalThis.fetch = async (input: string | URL | Request) => {
  reachedNetwork.push(String(input instanceof Request ? input.url : input));
  return new Response('real');
};
const asked: HttpRequest[] = [];
let answer: HttpAnswer = { kind: 'response', status: 200, headers: {}, body: '' };
interceptFetch(
  async (request) => {
    asked.push(request);
    return answer;
  },
  // loopback goes through, except the one target the harness serves ([::1]:80)
  (host, port) => (host === 'localhost' || host === '::1' ? port === 80 : true),
);
afterAll(() => {
  globalThis.fetch = realFetch;
});

describe('interceptFetch: the global fetch never leaves the machine', () => {
  it('a captured host is asked of the main thread, as one request type; its answer is a real Response', async () => {
    answer = { kind: 'response', status: 201, headers: { 'content-type': 'application/json', 'x-amzn-requestid': 'r1' }, body: '{"ok":true}' };
    const response = await fetch('https://search.example.com/orders/_doc?refresh=true', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"id":1}' });
    expect(asked.at(-1)).toEqual({
      url: 'https://search.example.com/orders/_doc?refresh=true',
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"id":1}',
    });
    expect([response.status, response.headers.get('x-amzn-requestid'), await response.json()]).toEqual([201, 'r1', { ok: true }]);
    expect(reachedNetwork).toEqual([]);
  });

  it('a request object and a GET without a body; a 204 has no body', async () => {
    answer = { kind: 'response', status: 204, headers: {}, body: 'ignored' };
    const response = await fetch(new Request('http://api.example.com:8443/health'));
    expect(asked.at(-1)).toMatchObject({ url: 'http://api.example.com:8443/health', method: 'GET', body: undefined });
    expect([response.status, await response.text()]).toEqual([204, '']);
  });

  it('refusals and network errors are TypeError("fetch failed") with the cause a real fetch gives', async () => {
    answer = { kind: 'refused', message: 'undeclared host api.example.com' };
    await expect(fetch('https://api.example.com/')).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED', message: 'undeclared host api.example.com' },
    });
    answer = { kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' };
    await expect(fetch('https://api.example.com/')).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNRESET' } });
  });

  it('loopback that is not captured goes through, default ports by scheme', async () => {
    const before = asked.length;
    expect(await (await fetch('http://localhost:3000/x')).text()).toBe('real');
    expect(await (await fetch('http://[::1]:8080/y')).text()).toBe('real');
    expect(reachedNetwork).toEqual(['http://localhost:3000/x', 'http://[::1]:8080/y']);
    expect(asked.length).toBe(before);
    answer = { kind: 'response', status: 200, headers: {}, body: '' };
    await fetch('http://[::1]/z');
    expect(asked.length).toBe(before + 1);
  });
});
