import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { CallAnswer, ClientSideError, SdkRequest } from '../../../src/harness/protocol.js';
import { SdkInterception } from '../../../src/harness/worker/sdk-interception.js';

// CommonJS, as a handler's require or Node's import of the SDK loads it: the interception finds it in require.cache
const require = createRequire(import.meta.url);
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');

const calls: { request: SdkRequest; issue: number }[] = [];
const events: string[] = [];
const failures: ClientSideError[] = [];
let answers: CallAnswer[] = [];
const interception = new SdkInterception({
  async call(request, issue) {
    calls.push({ request, issue });
    return answers.shift() ?? { kind: 'refused', message: 'no answer left' };
  },
  issued: (issue) => events.push(`issued ${issue}`),
  settled: (issue, failure) => {
    events.push(`settled ${issue}${failure ? ' with a failure' : ''}`);
    if (failure) failures.push(failure);
  },
  clientError: () => {},
});
const client = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' } };
const json = (status: number, body: unknown, headers: Record<string, string> = {}): CallAnswer => ({
  kind: 'response',
  response: { statusCode: status, headers: { 'content-type': 'application/x-amz-json-1.0', ...headers }, body: JSON.stringify(body) },
});
const sent = (body: string) => json(200, { MessageId: 'm-1', MD5OfMessageBody: createHash('md5').update(body).digest('hex') });
const reset = () => {
  calls.length = 0;
  events.length = 0;
  failures.length = 0;
};

describe('SdkInterception: SDK v3 clients answered by the harness, with their own deserializers and retries', () => {
  it('patches each copy of the base client once', () => {
    expect(interception.scan()).toBeGreaterThanOrEqual(1);
    expect(interception.scan()).toBe(0);
  });

  it('hands the serialized request to the gateway, and the client parses the answer as it would a response', async () => {
    reset();
    answers = [sent('hello')];
    const sqs = new SQSClient(client);
    const output = await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', MessageBody: 'hello' }));
    expect(output.MessageId).toBe('m-1');
    const { request, issue } = calls[0]!;
    expect(request).toMatchObject({
      clientName: 'SQSClient',
      commandName: 'SendMessageCommand',
      input: { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', MessageBody: 'hello' },
      method: 'POST',
      hostname: 'sqs.eu-west-1.amazonaws.com',
      headers: { 'x-amz-target': 'AmazonSQS.SendMessage', 'amz-sdk-request': expect.stringMatching(/^attempt=1; max=\d+$/) },
    });
    expect(Object.keys(request.headers).sort()).toEqual(['amz-sdk-invocation-id', 'amz-sdk-request', 'content-type', 'x-amz-target']);
    expect(JSON.parse(String(request.body))).toMatchObject({ MessageBody: 'hello' });
    expect(events).toEqual([`issued ${issue}`, `settled ${issue}`]);
  });

  it("a DynamoDB request is sent once, as its body; the SDK retries a throttle itself, as one issue", async () => {
    reset();
    answers = [
      json(400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }),
      json(500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' }),
      json(200, {}),
    ];
    const dynamodb = new DynamoDBClient(client);
    await dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: { pk: { S: 'k1' } } }));
    expect(calls).toHaveLength(3);
    expect(calls.map(({ request }) => request.headers['amz-sdk-request']!.split(';')[0])).toEqual(['attempt=1', 'attempt=2', 'attempt=3']);
    expect(new Set(calls.map(({ issue }) => issue)).size).toBe(1);
    expect(new Set(calls.map(({ request }) => request.headers['amz-sdk-invocation-id'])).size).toBe(1);
    expect(calls[0]!.request.input).toBeUndefined();
    expect(JSON.parse(String(calls[0]!.request.body))).toEqual({ TableName: 'orders', Item: { pk: { S: 'k1' } } });
    expect(calls[0]!.request.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
    // the retries stay, their back-off costs no time
    const strategy = (await (dynamodb.config.retryStrategy as unknown as () => Promise<{ retryBackoffStrategy: { computeNextBackoffDelay(attempts: number): number } }>)());
    expect([1, 2, 5].map((attempts) => strategy.retryBackoffStrategy.computeNextBackoffDelay(attempts))).toEqual([0, 0, 0]);
  });

  it('sends are numbered in the order the handler made them, before any answer', async () => {
    reset();
    answers = [sent('a'), sent('b')];
    const sqs = new SQSClient(client);
    const queue = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders';
    const both = Promise.all([sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'a' })), sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: 'b' }))]);
    const [first, second] = events.map((event) => Number(event.split(' ')[1]));
    expect(events).toEqual([`issued ${first}`, `issued ${second}`]);
    expect(second).toBe(first! + 1);
    await both;
    expect(calls.map(({ request, issue }) => [(request.input as { MessageBody: string }).MessageBody, issue])).toEqual([['a', first], ['b', second]]);
  });

  it('a network error reaches the client with its code; a refusal as its own error; both settle as failures', async () => {
    reset();
    answers = [{ kind: 'network-error', code: 'ECONNRESET', message: 'socket hang up' }, { kind: 'refused', message: 'undeclared table' }];
    const dynamodb = new DynamoDBClient({ ...client, maxAttempts: 1 });
    await expect(dynamodb.send(new PutItemCommand({ TableName: 'orders', Item: {} }))).rejects.toMatchObject({ code: 'ECONNRESET', message: 'socket hang up' });
    await expect(dynamodb.send(new PutItemCommand({ TableName: 'audit', Item: {} }))).rejects.toMatchObject({
      name: 'RequestRefusedByStreamConformance',
      message: 'undeclared table',
    });
    expect(failures).toEqual([
      { sdk: 'v3', service: 'dynamodb', operation: 'PutItem', name: 'Error', message: 'socket hang up' },
      { sdk: 'v3', service: 'dynamodb', operation: 'PutItem', name: 'RequestRefusedByStreamConformance', message: 'undeclared table' },
    ]);
  });
});
