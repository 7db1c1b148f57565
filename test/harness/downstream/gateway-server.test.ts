import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenGateway, type GatewayDownstream, type ListeningGateway } from '../../../src/harness/downstream/gateway-server.js';
import type { HttpAnswer, HttpRequest } from '../../../src/harness/protocol.js';

/** A downstream that answers every request with `answer` and keeps what it was asked. */
function downstream(answer: HttpAnswer) {
  const requests: HttpRequest[] = [];
  const endpoints: string[] = [];
  const fake: GatewayDownstream = {
    fetch: async (request) => {
      requests.push(request);
      return answer;
    },
    addAwsEndpoint: (origin) => void endpoints.push(origin),
  };
  return { fake, requests, endpoints };
}

let gateway: ListeningGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

/** A raw request, so the test sees exactly what went over the socket (fetch would hide a reset). */
function send(url: string, method: string, body?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const request = http.request(url, { method, headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(body);
  });
}

describe('listenGateway', () => {
  it('binds 127.0.0.1, registers itself as an AWS endpoint, and hands each request over with its URL, headers and body', async () => {
    const { fake, requests, endpoints } = downstream({ kind: 'response', status: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': '999' }, body: '{"MessageId":"m"}' });
    gateway = await listenGateway(fake);
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints).toEqual([gateway.url]);
    const answer = await send(`${gateway.url}/queue?x=1`, 'POST', '{"QueueUrl":"q"}');
    expect(answer).toMatchObject({ status: 200, body: '{"MessageId":"m"}', headers: { 'content-length': '17' } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ url: `${gateway.url}/queue?x=1`, method: 'POST', headers: { 'x-amz-target': 'AmazonSQS.SendMessage' } });
    expect(Buffer.from(requests[0]!.body as Uint8Array).toString()).toBe('{"QueueUrl":"q"}');
  });

  it('sends no body for 204, and no request body when the client sent none', async () => {
    const { fake, requests } = downstream({ kind: 'response', status: 204, headers: {}, body: 'ignored' });
    gateway = await listenGateway(fake);
    expect(await send(gateway.url, 'DELETE')).toMatchObject({ status: 204, body: '' });
    expect(requests[0]!.body).toBeUndefined();
  });

  it('resets the connection for a network fault, and answers a refusal with 403 and its message', async () => {
    const reset = downstream({ kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' });
    gateway = await listenGateway(reset.fake);
    expect(await send(gateway.url, 'POST', '{}')).toEqual({ error: 'ECONNRESET' });
    await gateway.close();
    const refused = downstream({ kind: 'refused', message: 'add the host to downstream.http' });
    gateway = await listenGateway(refused.fake);
    expect(await send(gateway.url, 'POST', '{}')).toMatchObject({ status: 403, body: 'add the host to downstream.http' });
  });
});
