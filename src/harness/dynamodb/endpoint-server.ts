import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBHttpResponse } from './http-response.js';

export type Gateway = (operation: string, body: string) => Promise<DynamoDBHttpResponse>;

const LOOPBACK = '127.0.0.1';

/**
 * The embedded DynamoDB's HTTP endpoint, on the loopback interface only: it answers the JSON
 * protocol (`X-Amz-Target: DynamoDB_20120810.<Operation>`) through the same gateway as intercepted
 * calls, for clients that reach it over the network. No signature is checked.
 */
export async function listenOnLoopback(gateway: Gateway, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('healthy: dynamodb.us-east-1.amazonaws.com ');
        return;
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      gateway(operation, Buffer.concat(chunks).toString('utf8')).then(
        (response) => {
          res.writeHead(response.statusCode, response.headers);
          res.end(response.body);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  return { server, port: (server.address() as AddressInfo).port };
}
