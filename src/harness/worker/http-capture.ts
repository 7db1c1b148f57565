import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { isLoopback } from '../hosts.js';
import type { HttpAnswer, HttpRequest } from '../protocol.js';
import { type ConnectionTarget, MemorySocket, memorySocketPair } from './memory-socket.js';

export type HttpGateway = (request: HttpRequest) => Promise<HttpAnswer>;

/**
 * Every connection the handler opens to a host off this machine (or to an AWS_ENDPOINT_URL*
 * target) is captured where all Node HTTP clients meet: net.connect/createConnection,
 * tls.connect and the http agent's createConnection. node:http/https with any agent (SDK v2,
 * axios, got, @smithy/node-http-handler, the OpenSearch and Elasticsearch clients) and the
 * undici package open their sockets there. The client gets an in-memory socket whose far end is
 * a node:http server in this thread: it parses what the client wrote, asks `gateway` (the main
 * thread) for the answer and writes it back as a server would, so clients read real HTTP
 * responses through their own parsers, with their own events, timeouts and errors.
 * Returns which host and port are captured (the rest are loopback services, reached for real).
 */
export function captureHttp(gateway: HttpGateway, env: NodeJS.ProcessEnv = process.env): (host: string, port: number) => boolean {
  const endpoints = endpointTargets(env);
  const captured = (host: string, port: number) => !isLoopback(host) || endpoints.has(`${host}:${port}`);
  const server = http.createServer({ requireHostHeader: false }, (request, response) => {
    void answer(gateway, request, response);
  });
  const open = (target: ConnectionTarget, listener?: unknown): MemorySocket => {
    const { client, server: far } = memorySocketPair(target);
    // net.connect({ timeout }) sets the socket's idle timeout, as http agents pass it on
    if (target.timeout !== undefined && target.timeout > 0) client.setTimeout(target.timeout);
    if (typeof listener === 'function') client.once(target.tls ? 'secureConnect' : 'connect', listener as () => void);
    server.emit('connection', far);
    return client;
  };

  const realNetConnect = net.connect;
  const netConnect = (...args: unknown[]) => {
    const target = targetOf(args, false);
    if (target === undefined || !captured(target.host, target.port)) return (realNetConnect as (...a: unknown[]) => net.Socket)(...args);
    return open(target, args.find((a) => typeof a === 'function'));
  };
  const realTlsConnect = tls.connect;
  const tlsConnect = (...args: unknown[]) => {
    const target = targetOf(args, true);
    if (target === undefined || !captured(target.host, target.port)) return (realTlsConnect as (...a: unknown[]) => tls.TLSSocket)(...args);
    return open(target, args.find((a) => typeof a === 'function'));
  };
  patch(net, 'connect', netConnect);
  patch(net, 'createConnection', netConnect);
  patch(tls, 'connect', tlsConnect);
  // the http agent holds net.createConnection itself, taken before this patch
  patch(http.Agent.prototype, 'createConnection', function createConnection(this: http.Agent, ...args: unknown[]) {
    return netConnect(...args);
  });
  syncBuiltinESMExports();
  return captured;
}

function patch(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true });
}

/** host:port of every AWS_ENDPOINT_URL* the handler starts with: they are AWS endpoints, answered by the gateway. */
function endpointTargets(env: NodeJS.ProcessEnv): Set<string> {
  const targets = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!/^AWS_ENDPOINT_URL(_|$)/.test(name) || value === undefined) continue;
    try {
      const url = new URL(value);
      targets.add(`${url.hostname}:${url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)}`);
    } catch {
      // not a URL: the SDK will refuse it itself
    }
  }
  return targets;
}

/** Where net.connect / tls.connect was asked to go: (options[, cb]) or (port[, host][, options][, cb]); undefined for IPC paths. */
function targetOf(args: unknown[], secure: boolean): ConnectionTarget | undefined {
  let options: Record<string, unknown> = {};
  if (typeof args[0] === 'object' && args[0] !== null) options = args[0] as Record<string, unknown>;
  else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    options = { port: args[0], ...(typeof args[1] === 'string' && { host: args[1] }) };
    const extra = args.find((a, i) => i > 0 && typeof a === 'object' && a !== null);
    if (extra) options = { ...(extra as object), ...options };
  } else return undefined;
  if (options.path !== undefined && options.host === undefined) return undefined;
  const host = String(options.host ?? options.hostname ?? options.servername ?? 'localhost').replace(/^\[|\]$/g, '');
  const port = Number(options.port ?? (secure ? 443 : 80));
  return { host, port, tls: secure, ...(typeof options.timeout === 'number' && { timeout: options.timeout }) };
}

async function answer(gateway: HttpGateway, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const socket = request.socket as unknown as MemorySocket;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of request) chunks.push(chunk as Buffer);
  } catch {
    return; // the client went away mid-request
  }
  const { host, port, tls: secure } = socket.target;
  const defaultPort = secure ? 443 : 80;
  const authority = `${host.includes(':') ? `[${host}]` : host}${port === defaultPort ? '' : `:${port}`}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
  const reply = await gateway({
    url: `${secure ? 'https' : 'http'}://${authority}${request.url ?? '/'}`,
    method: request.method ?? 'GET',
    headers,
    body: body === undefined ? undefined : new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  });
  const client = socket.peer;
  switch (reply.kind) {
    case 'response': {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.headers)) {
        if (!/^(content-length|transfer-encoding|connection)$/i.test(name)) out[name] = value;
      }
      const body = reply.status === 204 || reply.status === 304 ? Buffer.alloc(0) : Buffer.from(reply.body);
      if (reply.status !== 204 && reply.status !== 304) out['content-length'] = String(body.length);
      response.writeHead(reply.status, out);
      response.end(body.length === 0 ? undefined : body);
      return;
    }
    case 'network-error':
      if (reply.code === 'ETIMEDOUT') client.timeOut();
      else client.fail('ECONNRESET', 'read ECONNRESET');
      socket.destroy();
      return;
    case 'refused':
      client.fail('ECONNREFUSED', reply.message);
      socket.destroy();
      return;
    case 'abort':
      return; // the invocation is being timed out: no answer ever comes
  }
}
