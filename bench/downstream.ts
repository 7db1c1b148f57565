import { Agent, request } from 'node:http';
import { EmbeddedDynamoDB } from '../src/harness/index.js';

/** Figures for the embedded DynamoDB that handlers' downstream calls go to. */
export interface DownstreamResult {
  /** Sequential PutItem calls per second through `handle()` (the harness's path). */
  putItemPerSecond: number;
  /** Sequential GetItem calls per second through `handle()`. */
  getItemPerSecond: number;
  /** Sequential two-item TransactWriteItems calls (with conditions) per second through `handle()`. */
  transactWriteItemsPerSecond: number;
  /** Sequential PutItem calls per second over the loopback HTTP endpoint, for comparison. */
  endpointPutItemPerSecond: number;
  /** `reset()` of three tables holding 30 items each: median and slowest of the repetitions, in ms. */
  resetMedianMs: number;
  resetMaxMs: number;
  /** `snapshot()` of the same three tables, median in ms. */
  snapshotMedianMs: number;
  /** Calls made per throughput figure. */
  calls: number;
}

const TABLES = ['bench-orders', 'bench-replica', 'bench-audit'];

/** Measures the embedded DynamoDB; prints nothing. */
export async function measureDownstream(calls = 2000): Promise<DownstreamResult> {
  const db = await EmbeddedDynamoDB.start();
  try {
    await db.declareTables(
      TABLES.map((TableName) => ({
        TableName,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      })),
    );
    await db.reset();

    const putBody = (i: number) =>
      JSON.stringify({
        TableName: 'bench-orders',
        Item: { pk: { S: `order-${i % 50}` }, sk: { N: String(i) }, status: { S: 'NEW' }, total: { N: String(i * 3) } },
      });
    await timed(200, (i) => expectOk(db.handle('PutItem', putBody(i)))); // warm-up
    const putItemPerSecond = await timed(calls, (i) => expectOk(db.handle('PutItem', putBody(i))));

    const getItemPerSecond = await timed(calls, (i) =>
      expectOk(db.handle('GetItem', JSON.stringify({ TableName: 'bench-orders', Key: { pk: { S: `order-${i % 50}` }, sk: { N: String(i) } } }))),
    );

    const transactWriteItemsPerSecond = await timed(calls, (i) =>
      expectOk(
        db.handle(
          'TransactWriteItems',
          JSON.stringify({
            TransactItems: [
              {
                Put: {
                  TableName: 'bench-replica',
                  Item: { pk: { S: `order-${i}` }, sk: { N: '1' }, total: { N: String(i) } },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: 'bench-audit',
                  Key: { pk: { S: 'counter' }, sk: { N: '0' } },
                  UpdateExpression: 'ADD writes :one',
                  ExpressionAttributeValues: { ':one': { N: '1' } },
                },
              },
            ],
          }),
        ),
      ),
    );

    const endpointPutItemPerSecond = await overEndpoint(db.endpoint, calls, putBody);

    await db.reset();
    const resets: number[] = [];
    const snapshots: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (const TableName of TABLES) {
        for (let i = 0; i < 30; i++) {
          await db.handle('PutItem', JSON.stringify({ TableName, Item: { pk: { S: `p${i % 4}` }, sk: { N: String(i) }, v: { S: 'x'.repeat(40) } } }));
        }
      }
      let start = performance.now();
      await db.snapshot();
      snapshots.push(performance.now() - start);
      start = performance.now();
      await db.reset();
      resets.push(performance.now() - start);
    }

    return {
      putItemPerSecond,
      getItemPerSecond,
      transactWriteItemsPerSecond,
      endpointPutItemPerSecond,
      resetMedianMs: median(resets),
      resetMaxMs: Math.max(...resets),
      snapshotMedianMs: median(snapshots),
      calls,
    };
  } finally {
    await db.close();
  }
}

async function timed(calls: number, call: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) await call(i);
  return calls / ((performance.now() - start) / 1000);
}

async function expectOk(response: Promise<{ statusCode: number; body: string }>): Promise<void> {
  const { statusCode, body } = await response;
  if (statusCode !== 200) throw new Error(`benchmark call failed: ${statusCode} ${body}`);
}

/** The same PutItem calls over the loopback endpoint with a keep-alive connection. */
async function overEndpoint(endpoint: string, calls: number, body: (i: number) => string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(endpoint);
  const post = (payload: string) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          agent,
          headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-type': 'application/x-amz-json-1.0' },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  try {
    await timed(100, (i) => post(body(i)));
    return await timed(calls, (i) => post(body(i)));
  } finally {
    agent.destroy();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
