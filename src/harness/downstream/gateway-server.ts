import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpAnswer, HttpRequest } from '../protocol.js';

/** What the listening gateway needs of the downstream: its single entry for HTTP requests. */
export interface GatewayDownstream {
  fetch(request: HttpRequest): Promise<HttpAnswer>;
  addAwsEndpoint(origin: string): void;
}

export interface ListeningGateway {
  /** `http://127.0.0.1:<port>`: an AWS endpoint (AWS_ENDPOINT_URL) for a handler in another process. */
  url: string;
  close(): Promise<void>;
}

/**
 * The AWS wire gateway on a loopback port: every request that reaches it is an AWS request,
 * answered by the same emulated services, faults and records as the handler's own calls. Only
 * 127.0.0.1 is bound: nothing off this machine can reach it.
 */
export async function listenGateway(downstream: GatewayDownstream, port = 0): Promise<ListeningGateway> {
  const server = http.createServer((request, response) => {
    void serve(downstream, url, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  downstream.addAwsEndpoint(url);
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function serve(downstream: GatewayDownstream, origin: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const body = Buffer.concat(chunks);
  const answer = await downstream.fetch({ url: `${origin}${request.url ?? '/'}`, method: request.method ?? 'GET', headers, body: chunks.length === 0 ? undefined : new Uint8Array(body) });
  switch (answer.kind) {
    case 'response': {
      const out = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !/^(content-length|transfer-encoding|connection)$/i.test(name)));
      const body = answer.status === 204 || answer.status === 304 ? Buffer.alloc(0) : Buffer.from(answer.body);
      if (body.length > 0) out['content-length'] = String(body.length);
      response.writeHead(answer.status, out);
      response.end(body.length === 0 ? undefined : body);
      return;
    }
    case 'network-error':
    case 'abort':
      request.socket.resetAndDestroy();
      return;
    case 'refused':
      response.writeHead(403, { 'content-type': 'text/plain' });
      response.end(answer.message);
      return;
  }
}
