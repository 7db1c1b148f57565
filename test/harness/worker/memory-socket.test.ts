import http from 'node:http';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { memorySocketPair, type MemorySocket } from '../../../src/harness/worker/memory-socket.js';

const target = { host: 'search.example.internal', port: 9200, tls: false };

/** node:http's server on one end of the pair, answering with what it was asked. */
function serve(server: MemorySocket): void {
  const httpServer = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => response.end(JSON.stringify({ method: request.method, url: request.url, host: request.headers.host, body })));
  });
  httpServer.emit('connection', server);
}

describe('memorySocketPair: an in-memory connection node:http uses as a socket', () => {
  it('carries a request and its response between a real client and a real server', async () => {
    const { client, server } = memorySocketPair(target);
    serve(server);
    const request = http.request({ host: target.host, port: target.port, method: 'POST', path: '/orders/_doc', createConnection: () => client });
    request.end('{"id":1}');
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    let body = '';
    for await (const chunk of response) body += chunk;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(body)).toEqual({ method: 'POST', url: '/orders/_doc', host: 'search.example.internal:9200', body: '{"id":1}' });
    expect(client.bytesWritten).toBeGreaterThan(0);
  });

  it('connects on the next tick, TLS-secured when asked, with addresses on both ends', async () => {
    const { client, server } = memorySocketPair({ ...target, tls: true, port: 443 });
    expect(client.connecting).toBe(true);
    expect(client.readyState).toBe('opening');
    const events: string[] = [];
    for (const name of ['connect', 'ready', 'secureConnect']) client.on(name, () => events.push(name));
    await once(client, 'secureConnect');
    expect(events).toEqual(['connect', 'ready', 'secureConnect']);
    expect(client.readyState).toBe('open');
    expect([client.encrypted, client.getProtocol()]).toEqual([true, 'TLSv1.3']);
    expect(client.address()).toEqual({ address: client.localAddress, family: 'IPv4', port: 49152 });
    expect([client.remoteAddress, client.remotePort]).toEqual([server.localAddress, 443]);
    expect(memorySocketPair(target).client.getProtocol()).toBeNull();
  });

  it('a failure is the error a real socket gives, and the peer sees the end', async () => {
    const { client, server } = memorySocketPair(target);
    const ended = once(server, 'end');
    server.resume();
    client.fail('ECONNRESET', 'read ECONNRESET');
    const [error] = (await once(client, 'error')) as [NodeJS.ErrnoException];
    expect(error).toMatchObject({ code: 'ECONNRESET', errno: -104, syscall: 'read', message: 'read ECONNRESET' });
    await ended;
    const closing = memorySocketPair(target);
    closing.server.resume();
    closing.client.end();
    await once(closing.server, 'end');
    const refused = memorySocketPair(target).client;
    refused.fail('ECONNREFUSED', 'connect ECONNREFUSED');
    expect(((await once(refused, 'error')) as [NodeJS.ErrnoException])[0]).toMatchObject({ code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
  });

  it('a server that never answers: a client with a timeout hears it at once and acts on it; any other fails with ETIMEDOUT', async () => {
    const patient = memorySocketPair(target).client;
    patient.setTimeout(5000, () => patient.destroy(new Error('client gave up')));
    patient.timeOut();
    expect(((await once(patient, 'error')) as [Error])[0].message).toBe('client gave up');

    const unaware = memorySocketPair(target).client;
    unaware.timeOut();
    expect(((await once(unaware, 'error')) as [NodeJS.ErrnoException])[0]).toMatchObject({ code: 'ETIMEDOUT', message: 'read ETIMEDOUT' });

    const cleared = memorySocketPair(target).client;
    const listener = () => cleared.destroy(new Error('should not be called'));
    cleared.setTimeout(5000, listener);
    cleared.setTimeout(0, listener);
    cleared.setTimeout(5000);
    cleared.timeOut();
    expect(((await once(cleared, 'error')) as [NodeJS.ErrnoException])[0].code).toBe('ETIMEDOUT');
  });
});
