import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBHttpResponse } from '../../../src/harness/dynamodb/index.js';

/** Decides the answer to a request instead of the gateway (fault injection in tests). */
export type Override = (operation: string, body: string) => DynamoDBHttpResponse | undefined;

/**
 * Stands in for the harness's interception: a loopback HTTP server that hands every request
 * (operation from `X-Amz-Target`, raw JSON body) to `handle` and sends back exactly what it
 * returns, so real SDK clients exercise their real deserializers and exception classes.
 */
export async function sdkGateway(
  handle: (operation: string, body: string) => Promise<DynamoDBHttpResponse>,
  override?: { current?: Override },
) {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      const forced = override?.current?.(operation, body);
      const answer = forced ? Promise.resolve(forced) : handle(operation, body);
      void answer.then((response) => {
        res.writeHead(response.statusCode, response.headers);
        res.end(response.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  const documents = DynamoDBDocumentClient.from(client);
  return {
    endpoint,
    client,
    documents,
    async close(): Promise<void> {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
