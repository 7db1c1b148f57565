import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenOnLoopback, type Gateway } from '../../../src/harness/dynamodb/endpoint-server.js';
import { jsonResponse } from '../../../src/harness/dynamodb/http-response.js';

async function withEndpoint(gateway: Gateway, test: (url: string) => Promise<void>): Promise<void> {
  const { server, port } = await listenOnLoopback(gateway);
  try {
    await test(`http://127.0.0.1:${port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('the loopback endpoint', () => {
  it('hands the operation of X-Amz-Target and the raw body to the gateway, and sends back its response exactly', async () => {
    const seen: [string, string][] = [];
    const gateway: Gateway = async (operation, body) => {
      seen.push([operation, body]);
      return jsonResponse(400, { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' }, 'REQ-1');
    };
    await withEndpoint(gateway, async (url) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0' },
        body: '{"TableName":"orders"}',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-amzn-requestid')).toBe('REQ-1');
      expect(response.headers.get('x-amz-crc32')).not.toBeNull();
      expect(await response.json()).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' });
    });
    expect(seen).toEqual([['GetItem', '{"TableName":"orders"}']]);
  });

  it('answers GET as a health check, and a gateway that throws with a 500', async () => {
    const gateway: Gateway = () => Promise.reject(new Error('gateway broke'));
    await withEndpoint(gateway, async (url) => {
      const health = await fetch(url);
      expect(health.status).toBe(200);
      expect(await health.text()).toContain('healthy');
      const broken = await fetch(url, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body: '{}' });
      expect(broken.status).toBe(500);
      expect(await broken.text()).toContain('gateway broke');
    });
  });

  it('binds 127.0.0.1 on the port asked for, and fails on a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    await expect(listenOnLoopback(() => Promise.reject(new Error('unused')), port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const { server } = await listenOnLoopback(() => Promise.reject(new Error('unused')), port);
    expect(server.address()).toMatchObject({ address: '127.0.0.1', port });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
