import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('EmbeddedDynamoDB lifecycle', () => {
  it('starts once per process on the fixed port asked for, loopback only', async () => {
    const port = await freePort();
    const [first, second] = await Promise.all([EmbeddedDynamoDB.start({ port }), EmbeddedDynamoDB.start({ port: port + 1 })]);
    expect(second).toBe(first);
    expect(first.endpoint).toBe(`http://127.0.0.1:${port}`);
    const health = await fetch(first.endpoint);
    expect(health.status).toBe(200);
    await first.close();
    const again = await EmbeddedDynamoDB.start();
    expect(again).not.toBe(first);
    expect(again.port).not.toBe(0);
    await again.close();
  });

  it('fails to start on a port in use, and can start afterwards', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    await expect(EmbeddedDynamoDB.start({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const db = await EmbeddedDynamoDB.start();
    await db.close();
  });
});
