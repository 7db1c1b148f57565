import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import AWS from 'aws-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { faults, harnesses } from './support.js';

const harness = harnesses(afterAll);
const record = () => [ddb(seqs(1)[0]!, { key: 'k1' })];
type Outcomes = Record<string, { ok?: any; error?: string; message?: string; status?: number; body?: unknown }>;

describe('AWS SDK v2, unmodified, on the wire gateway', () => {
  it('DocumentClient, DynamoDB, SQS, SNS, EventBridge, Kinesis and S3 get realistic answers, their own exceptions and client-side validation', async () => {
    const h = await harness('v2-clients.cjs');
    const run = await h.run({ shards: [{ shardId: 's', records: record() }] });
    const out = run.trace.invocations[0]!.response as Outcomes;
    expect(out.put).toEqual({ ok: {} });
    expect(out.conditional).toMatchObject({ error: 'ConditionalCheckFailedException' });
    expect(out.get).toEqual({ ok: { Item: { pk: 'k1', n: 1 } } });
    expect(out.batch).toEqual({ ok: { UnprocessedItems: {} } });
    expect(out.transact).toMatchObject({ error: 'TransactionCanceledException', message: expect.stringContaining('[ConditionalCheckFailed]') });
    // v2 validates parameters before sending: the error is v2's own, and no request was made
    expect(out.validation).toMatchObject({ error: 'MissingRequiredParameter', message: "Missing required key 'TableName' in params" });
    expect(out.sqs!.ok).toMatchObject({ MessageId: expect.any(String), MD5OfMessageBody: 'b714927ba8e0c18f1ecd715f1248fa20' });
    expect(out.sqsBatch!.ok.Successful.map((e: { Id: string }) => e.Id)).toEqual(['a', 'b']);
    expect(out.sns!.ok.MessageId).toEqual(expect.any(String));
    expect(out.events!.ok).toMatchObject({ FailedEntryCount: 0 });
    expect(out.kinesis!.ok).toMatchObject({ ShardId: 'shardId-000000000000' });
    expect(out.s3!.ok.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(run.calls.map((c) => `${c.service} ${c.operation}`)).toEqual([
      'dynamodb PutItem', 'dynamodb PutItem', 'dynamodb GetItem', 'dynamodb BatchWriteItem', 'dynamodb TransactWriteItems',
      'sqs SendMessage', 'sqs SendMessageBatch', 'sns Publish', 'eventbridge PutEvents', 'kinesis PutRecord', 's3 PutObject',
    ]);
    expect(run.outbox.map((m) => [m.service, m.target, m.body])).toEqual([
      ['sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', '{"key":"k1"}'],
      ['sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', 'one'],
      ['sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', 'two'],
      ['sns', 'arn:aws:sns:us-east-1:123456789012:orders', '{"key":"k1"}'],
      ['eventbridge', 'default', JSON.stringify({ Source: 'orders', DetailType: 'changed', Detail: '{"key":"k1"}' })],
      ['kinesis', 'audit', '{"key":"k1"}'],
      ['s3', 'archive/k1.json', '{"key":"k1"}'],
    ]);
    expect(run.tables.replica!.map((i) => (i.pk as { S: string }).S).sort()).toEqual(['k1', 'k1-b1', 'k1-b2']);
    expect(run.problems).toEqual([]);
  });

  it('faults from the schedule: v2 retries them itself without back-off, one operation per request, and surfaces the real exception names', async () => {
    const h = await harness('v2-clients.cjs');
    const run = await h.run({
      shards: [{ shardId: 's', records: record() }],
      faults: faults({ calls: [
        { kind: 'error', call: 0, error: 'throttling', attempts: 99 },
        { kind: 'partial-batch', call: 3, failed: [1] },
        { kind: 'error', call: 5, error: 'network-reset', attempts: 1 },
        { kind: 'error', call: 6, error: 'throttling', attempts: 2 },
      ] }),
    });
    const out = run.trace.invocations[0]!.response as Outcomes;
    expect(out.put).toMatchObject({ error: 'ProvisionedThroughputExceededException' });
    // DynamoDB's v2 client retries 10 times (11 attempts); a real back-off would take tens of seconds
    expect(run.calls.filter((c) => c.call === 0).map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(out.conditional).toEqual({ ok: {} });
    expect(out.batch!.ok.UnprocessedItems).toEqual({ replica: [{ PutRequest: { Item: { pk: { S: 'k1-b2' } } } }] });
    expect(out.sqs!.ok.MessageId).toEqual(expect.any(String));
    expect(run.calls.filter((c) => c.call === 5).map((c) => c.outcome)).toEqual(['network-error', 'ok']);
    expect(out.sqsBatch!.ok.Successful).toHaveLength(2);
    expect(run.calls.filter((c) => c.call === 6).map((c) => c.outcome)).toEqual(['error', 'error', 'ok']);
  });
});

describe('every HTTP client reaches declared targets, and only those', () => {
  const http = { 'https://api.example.com': { status: 201, body: '{"ok":true}', routes: { 'GET /status': { body: '{"up":true}' } } } };

  it('node:https, axios, got, undici (request, fetch, Client) and fetch: answered, recorded as effects; undeclared hosts refused with the config to add', async () => {
    const h = await harness('http-clients.mjs', { http });
    const run = await h.run({ shards: [{ shardId: 's', records: record() }] });
    const out = run.trace.invocations[0]!.response as Outcomes;
    for (const client of ['https', 'got', 'undici', 'undiciFetch', 'undiciClient', 'fetch']) expect(out[client]).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(out.https).toMatchObject({ type: 'application/json' });
    expect(out.axios).toEqual({ status: 201, body: { ok: true } });
    expect(out.get).toEqual({ up: true });
    expect(out.undeclared).toMatchObject({ error: 'ECONNREFUSED', message: expect.stringContaining('api.other.example') });
    // a GET reads: only the POSTs are downstream effects, keyed by method, URL and body
    expect(run.outbox.map((m) => [m.target, JSON.parse(m.body).via])).toEqual(
      ['https', 'axios', 'got', 'undici', 'undici-fetch', 'undici-client', 'fetch'].map((via) => ['POST https://api.example.com/orders/k1', via]),
    );
    expect(run.problems).toEqual([expect.stringContaining('add to conformance.config: "downstream": { "http": { "https://api.other.example": { "status": 200, "body": "{}" } } }')]);
  });

  it('the fault schedule injects 429, 503 and connection resets on declared targets', async () => {
    const h = await harness('http-clients.mjs', { http });
    const run = await h.run({
      shards: [{ shardId: 's', records: record() }],
      faults: faults({ calls: [
        { kind: 'error', call: 0, error: 'throttling', attempts: 1 },
        { kind: 'error', call: 1, error: 'server-error', attempts: 1 },
        { kind: 'error', call: 2, error: 'network-reset', attempts: 1 },
        { kind: 'error', call: 3, error: 'network-reset', attempts: 1 },
      ] }),
    });
    const out = run.trace.invocations[0]!.response as Outcomes;
    expect(out.https).toMatchObject({ status: 429 });
    expect(out.axios).toMatchObject({ error: 'ERR_BAD_RESPONSE', message: 'Request failed with status code 503' });
    expect(out.got).toMatchObject({ error: 'ECONNRESET' });
    expect(out.undici).toMatchObject({ error: 'ECONNRESET' });
    expect(out.undiciFetch).toMatchObject({ status: 201 });
    expect(run.outbox.map((m) => JSON.parse(m.body).via)).toEqual(['undici-fetch', 'undici-client', 'fetch']);
    expect(run.calls.slice(0, 4).map((c) => [c.statusCode, c.outcome, c.fault])).toEqual([
      [429, 'error', 'throttling'], [503, 'error', 'server-error'], [undefined, 'network-error', 'network-reset'], [undefined, 'network-error', 'network-reset'],
    ]);
  });

  it('the fault schedule injects timeouts on declared targets: no real waiting, each client sees its own timeout or ETIMEDOUT, nothing is applied', async () => {
    const h = await harness('http-clients.mjs', { http });
    const run = await h.run({
      shards: [{ shardId: 's', records: record() }],
      faults: faults({ calls: [0, 1, 2, 3, 4, 5, 6, 9].map((call) => ({ kind: 'error' as const, call, error: 'timeout' as const, attempts: 1 })) }),
    });
    const out = run.trace.invocations[0]!.response as Outcomes;
    // no client timeout set: the dead connection fails as TCP does
    for (const client of ['https', 'axios', 'got', 'undici', 'undiciClient']) expect(out[client]).toEqual({ error: 'ETIMEDOUT', message: 'read ETIMEDOUT' });
    expect(out.fetch).toMatchObject({ error: 'TypeError', message: 'fetch failed' });
    // the client's own timeout (2 s of real time in production) fires at once
    expect(out.withTimeout).toEqual({ error: 'ECONNABORTED', message: 'timeout of 2000ms exceeded' });
    expect(out.get).toEqual({ up: true });
    const faulted = run.calls.filter((c) => c.fault !== undefined);
    expect(faulted.map((c) => [c.call, c.statusCode, c.outcome, c.fault])).toEqual([0, 1, 2, 3, 4, 5, 6, 9].map((call) => [call, undefined, 'network-error', 'timeout']));
    expect(run.outbox).toEqual([]);
  });

  it('concurrent requests on the wire (SDK v2, axios) are answered together, in issue order or the order the schedule draws, as SDK v3 calls are', async () => {
    const h = await harness('concurrent-wire.cjs', { http: { 'https://hooks.example.com': { status: 202 } } });
    const sequence = seqs(3);
    const records = sequence.map((s) => ddb(s, { key: 'same' }));
    const order = async (seed: number, reorder: boolean) => {
      const run = await h.run({ shards: [{ shardId: 's', records }], faults: faults({ reorder, seed }) });
      const applied = run.calls.map((c) => c.service === 'http' ? `axios-${(c.input as { body: { i: number } }).body.i}` : `v2-${sequence.indexOf((c.input as { Item: { v: { N: string } } }).Item.v.N)}`);
      // each client hands its answers to the handler in the order they were applied (axios takes more promise jobs than v2)
      const completed = (run.trace.invocations[0]!.response as { completed: string[] }).completed;
      for (const client of ['v2-', 'axios-']) expect(completed.filter((c) => c.startsWith(client))).toEqual(applied.filter((c) => c.startsWith(client)));
      return { applied: applied.join(' '), completed: completed.join(' '), last: run.tables.replica![0]!.v!.N };
    };
    expect(await order(1, false)).toMatchObject({ applied: 'v2-0 axios-0 v2-1 axios-1 v2-2 axios-2', last: sequence[2] });
    const drawn = new Set<string>();
    const lasts = new Set<string | undefined>();
    for (let seed = 1; seed <= 6; seed++) {
      const { applied, last } = await order(seed, true);
      drawn.add(applied);
      lasts.add(last);
    }
    expect(drawn.size).toBeGreaterThan(1);
    expect(lasts.size).toBeGreaterThan(1);
    expect(await order(3, true)).toEqual(await order(3, true));
  });

  it('a declared host wins over the AWS gateway (an OpenSearch domain is an amazonaws.com host)', async () => {
    const domain = 'https://search-orders-abc123.us-east-1.es.amazonaws.com';
    const h = await harness('fetcher.mjs', { http: { 'https://hooks.example.com': { status: 202 }, [domain]: { status: 200 } } });
    const run = await h.run({ shards: [{ shardId: 's', records: record() }] });
    expect(run.calls[0]).toMatchObject({ service: 'http', statusCode: 202 });
  });
});

describe('hand-signed requests and other processes', () => {
  it('SigV4-signed requests sent through @smithy/node-http-handler reach the same services', async () => {
    const h = await harness('signed-requests.mjs');
    const run = await h.run({ shards: [{ shardId: 's', records: record() }] });
    const out = run.trace.invocations[0]!.response as Record<string, { status: number; type?: string; body: any }>;
    expect(out.put).toEqual({ status: 200, body: {} });
    expect(out.again).toMatchObject({ status: 400, body: { __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException' } });
    expect(out.queued).toMatchObject({ status: 200, body: { MessageId: expect.any(String) } });
    expect(out.viaEndpoint).toEqual({ status: 200, body: { Item: { pk: { S: 'k1' } } } });
    expect(run.calls.map((c) => `${c.service} ${c.operation}`)).toEqual(['dynamodb PutItem', 'dynamodb PutItem', 'sqs SendMessage', 'dynamodb GetItem']);
    expect(run.tables.replica).toEqual([{ pk: { S: 'k1' } }]);
    expect(run.outbox).toEqual([expect.objectContaining({ service: 'sqs', body: 'k1' })]);
  });

  it('a process the handler starts inherits AWS_ENDPOINT_URL, the gateway on a loopback port: its signed requests are answered, faulted and recorded', async () => {
    // two node processes start in one invocation: on a loaded machine that takes more than 3 s
    const h = await harness('child-process-writer.mjs', { functionTimeoutMs: 60_000 });
    const [a, b] = seqs(2);
    const records = [ddb(a!, { key: 'k1' }), ddb(b!, { key: 'k2' })];
    const run = await h.run({ shards: [{ shardId: 's', records }], faults: faults({ calls: [{ kind: 'error', call: 1, error: 'throttling', attempts: 1 }] }) });
    const out = run.trace.invocations[0]!.response as { results: string[]; endpoint: string };
    expect(out.endpoint).toBe(await h.listen());
    expect(out.results).toEqual(['ok', 'ProvisionedThroughputExceededException']);
    expect(run.calls.map((c) => [c.invocation, c.service, c.operation, c.outcome, c.fault])).toEqual([
      [0, 'dynamodb', 'PutItem', 'ok', undefined],
      [0, 'dynamodb', 'PutItem', 'error', 'throttling'],
    ]);
    expect(run.tables.replica).toEqual([{ pk: { S: 'k1' } }]);
  });

  it('listens on a loopback port: SDK v3 and v2 clients in another process reach the emulated services through AWS_ENDPOINT_URL', async () => {
    const h = await harness('fetcher.mjs', { http: { 'https://hooks.example.com': {} } });
    const url = await h.listen();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await h.listen()).toBe(url);
    const credentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };
    const v3 = new SQSClient({ endpoint: url, region: 'us-east-1', credentials });
    const sent = await v3.send(new SendMessageCommand({ QueueUrl: `${url}/123456789012/orders`, MessageBody: 'from v3' }));
    expect(sent.MessageId).toEqual(expect.any(String));
    const sns = new AWS.SNS({ endpoint: url, region: 'us-east-1', credentials });
    const published = await sns.publish({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:orders', Message: 'from v2' }).promise();
    expect(published.MessageId).toEqual(expect.any(String));
    const dynamodb = new AWS.DynamoDB({ endpoint: url, region: 'us-east-1', credentials });
    const put = { TableName: 'replica', Item: { pk: { S: 'from-v2' } }, ConditionExpression: 'attribute_not_exists(pk)' };
    await dynamodb.putItem(put).promise();
    expect(await dynamodb.putItem(put).promise().catch((e: { code: string }) => e.code)).toBe('ConditionalCheckFailedException');
  });
});

describe('BatchGetItem under a partial-batch fault', () => {
  it('answers the other keys and leaves the failed ones in UnprocessedKeys, read settings kept, as DynamoDB does when it throttles a batch read', async () => {
    const h = await harness('batch-reader.mjs', { items: { replica: [{ pk: { S: 'a' }, v: { N: '1' } }, { pk: { S: 'b' }, v: { N: '2' } }] } });
    const shards = [{ shardId: 's', records: seqs(1).map((s) => ddb(s)) }];
    const clean = await h.run({ shards });
    expect(clean.trace.invocations[0]!.response).toEqual({ found: ['a', 'b'], unprocessed: null });
    const run = await h.run({ shards, faults: faults({ calls: [{ kind: 'partial-batch', call: 0, failed: [1] }] }) });
    expect(run.trace.invocations[0]!.response).toEqual({ found: ['a'], unprocessed: { keys: ['b'], consistentRead: true } });
    expect(run.calls[0]).toMatchObject({ operation: 'BatchGetItem', outcome: 'partial', failedEntries: [1] });
    const none = await h.run({ shards, faults: faults({ calls: [{ kind: 'partial-batch', call: 0, failed: [0, 1] }] }) });
    expect(none.trace.invocations[0]!.response).toEqual({ found: [], unprocessed: { keys: ['a', 'b'], consistentRead: true } });
  });
});
