import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { s3Location, serviceOfHost, shapeOf } from '../../src/harness/downstream/aws-protocol.js';
import { Downstream } from '../../src/harness/downstream/downstream.js';
import { sdkRequestOf, unflattenQuery } from '../../src/harness/downstream/wire-request.js';
import type { FaultSchedule } from '../../src/harness/faults.js';
import type { HttpAnswer, HttpRequest } from '../../src/harness/protocol.js';

const xml = new XMLParser({ ignoreAttributes: false });
const form = (params: Record<string, string>): Pick<HttpRequest, 'headers' | 'body'> => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: new URLSearchParams(params).toString(),
});

function downstream(schedule: Partial<FaultSchedule> = {}, http: ConstructorParameters<typeof Downstream>[0]['http'] = {}): Downstream {
  const d = new Downstream({ dynamodb: undefined, http });
  d.beginRun({ calls: [], invocations: [], reorder: false, seed: 0, ...schedule });
  d.beginInvocation(0, 0);
  return d;
}

function response(answer: HttpAnswer): { status: number; headers: Record<string, string>; text: string } {
  if (answer.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(answer)}`);
  return { status: answer.status, headers: answer.headers, text: Buffer.from(answer.body).toString('utf8') };
}

const queue = 'https://sqs.us-east-1.amazonaws.com/123456789012/orders';

describe('query protocol (classic SQS, SNS): XML a query-protocol SDK parses', () => {
  it('SendMessage and SendMessageBatch answer the documented result elements, and deliver to the outbox', async () => {
    const d = downstream({ calls: [{ kind: 'partial-batch', call: 1, failed: [1] }] });
    const single = response(await d.fetch({ url: queue, method: 'POST', ...form({ Action: 'SendMessage', Version: '2012-11-05', QueueUrl: queue, MessageBody: 'a & <b>' }) }));
    const sent = xml.parse(single.text).SendMessageResponse;
    expect(sent['@_xmlns']).toBe('http://queue.amazonaws.com/doc/2012-11-05/');
    expect(sent.SendMessageResult).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: createHash('md5').update('a & <b>').digest('hex') });
    expect(sent.ResponseMetadata.RequestId).toEqual(expect.any(String));
    const batch = response(await d.fetch({
      url: queue, method: 'POST',
      ...form({ Action: 'SendMessageBatch', QueueUrl: queue, 'SendMessageBatchRequestEntry.1.Id': 'x', 'SendMessageBatchRequestEntry.1.MessageBody': 'one', 'SendMessageBatchRequestEntry.2.Id': 'y', 'SendMessageBatchRequestEntry.2.MessageBody': 'two' }),
    }));
    const result = xml.parse(batch.text).SendMessageBatchResponse.SendMessageBatchResult;
    expect(result.SendMessageBatchResultEntry).toMatchObject({ Id: 'x', MessageId: expect.any(String) });
    expect(result.BatchResultErrorEntry).toMatchObject({ Id: 'y', Code: 'InternalError', SenderFault: false });
    expect(d.outbox.map((m) => [m.service, m.operation, m.target, m.body])).toEqual([
      ['sqs', 'SendMessage', queue, 'a & <b>'],
      ['sqs', 'SendMessageBatch', queue, 'one'],
    ]);
  });

  it('SNS Publish and PublishBatch, with member lists', async () => {
    const d = downstream();
    const topic = 'arn:aws:sns:us-east-1:123456789012:orders';
    const url = 'https://sns.us-east-1.amazonaws.com/';
    expect(xml.parse(response(await d.fetch({ url, method: 'POST', ...form({ Action: 'Publish', TopicArn: topic, Message: 'm' }) })).text).PublishResponse.PublishResult.MessageId).toEqual(expect.any(String));
    const batch = response(await d.fetch({
      url, method: 'POST',
      ...form({ Action: 'PublishBatch', TopicArn: topic, 'PublishBatchRequestEntries.member.1.Id': 'a', 'PublishBatchRequestEntries.member.1.Message': 'm1', 'PublishBatchRequestEntries.member.2.Id': 'b', 'PublishBatchRequestEntries.member.2.Message': 'm2' }),
    }));
    const result = xml.parse(batch.text).PublishBatchResponse.PublishBatchResult;
    expect(result.Successful.member.map((m: { Id: string }) => m.Id)).toEqual(['a', 'b']);
    expect(d.outbox.map((m) => [m.service, m.target, m.body])).toEqual([['sns', topic, 'm'], ['sns', topic, 'm1'], ['sns', topic, 'm2']]);
  });

  it('faults answer the real error shapes: query ErrorResponse, JSON __type, S3 Error', async () => {
    const d = downstream({ calls: [0, 1, 2, 3].map((call) => ({ kind: 'error' as const, call, error: call === 3 ? 'server-error' as const : 'throttling' as const, attempts: 1 })) });
    const query = response(await d.fetch({ url: queue, method: 'POST', ...form({ Action: 'SendMessage', QueueUrl: queue, MessageBody: 'x' }) }));
    expect(query.status).toBe(400);
    expect(xml.parse(query.text).ErrorResponse).toMatchObject({ Error: { Type: 'Sender', Code: 'RequestThrottled', Message: 'Request is throttled.' }, RequestId: expect.any(String) });
    const json = response(await d.fetch({ url: 'https://kinesis.eu-west-1.amazonaws.com/', method: 'POST', headers: { 'x-amz-target': 'Kinesis_20131202.PutRecord', 'content-type': 'application/x-amz-json-1.1' }, body: '{"StreamName":"s","Data":"eA==","PartitionKey":"k"}' }));
    expect([json.status, JSON.parse(json.text).__type]).toEqual([400, 'ProvisionedThroughputExceededException']);
    const s3 = response(await d.fetch({ url: 'https://archive.s3.us-east-1.amazonaws.com/a/b.json', method: 'PUT', headers: {}, body: '{}' }));
    expect(s3.status).toBe(503);
    expect(xml.parse(s3.text).Error).toMatchObject({ Code: 'SlowDown', Message: 'Please reduce your request rate.' });
    const sns = response(await d.fetch({ url: 'https://sns.us-east-1.amazonaws.com/', method: 'POST', ...form({ Action: 'Publish', TopicArn: 't', Message: 'm' }) }));
    expect([sns.status, xml.parse(sns.text).ErrorResponse.Error.Type, xml.parse(sns.text).ErrorResponse.Error.Code]).toEqual([500, 'Receiver', 'InternalError']);
    expect(d.outbox).toEqual([]);
  });
});

describe('reading requests off the wire', () => {
  it('unflattens query lists and renames them as the SDK v3 input does', () => {
    expect(unflattenQuery(new URLSearchParams('Action=SendMessageBatch&QueueUrl=q&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two'))).toEqual({
      QueueUrl: 'q', Entries: [{ Id: 'a' }, { Id: 'b', MessageBody: 'two' }],
    });
    expect(unflattenQuery(new URLSearchParams('Action=SendMessage&MessageAttribute.1.Name=n&MessageAttribute.1.Value.StringValue=v'))).toEqual({
      MessageAttributes: [{ Name: 'n', Value: { StringValue: 'v' } }],
    });
  });

  it('tells the service from the host, then the SigV4 scope', () => {
    expect(['sqs.us-east-1.amazonaws.com', 'queue.amazonaws.com', 'sns.eu-west-1.amazonaws.com', 'events.us-east-1.amazonaws.com', 'dynamodb-fips.us-gov-west-1.amazonaws.com', 'bucket.s3.amazonaws.com', 's3.dualstack.us-east-1.amazonaws.com', 'firehose.us-east-1.amazonaws.com', 'scheduler.us-east-1.amazonaws.com'].map(serviceOfHost))
      .toEqual(['sqs', 'sqs', 'sns', 'eventbridge', 'dynamodb', 's3', 's3', 'firehose', undefined]);
    const signed = sdkRequestOf({
      url: 'http://127.0.0.1:4566/', method: 'POST',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=abc', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=Publish&TopicArn=t&Message=m',
    });
    expect(shapeOf(signed)).toMatchObject({ service: 'sns', name: 'sns', protocol: 'query', operation: 'Publish' });
  });

  it('reads the payload of an aws-chunked S3 upload', async () => {
    const d = downstream();
    const body = '5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n';
    const answer = await d.fetch({ url: 'https://archive.s3.us-east-1.amazonaws.com/k.txt', method: 'PUT', headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, body });
    expect(response(answer).status).toBe(200);
    expect(d.outbox).toEqual([expect.objectContaining({ service: 's3', target: 'archive/k.txt', body: 'hello world' })]);
  });

  it('reads S3 bucket, key and operation from virtual-hosted and path-style requests', () => {
    const at = (url: string, method: string, headers: Record<string, string> = {}) => s3Location(sdkRequestOf({ url, method, headers, body: undefined }));
    expect(at('https://archive.s3.us-east-1.amazonaws.com/records/a%20b.json', 'PUT')).toEqual({ bucket: 'archive', key: 'records/a b.json', operation: 'PutObject' });
    expect(at('https://s3.us-east-1.amazonaws.com/archive/k', 'DELETE')).toEqual({ bucket: 'archive', key: 'k', operation: 'DeleteObject' });
    expect(at('https://s3.amazonaws.com/archive/k', 'PUT', { 'x-amz-copy-source': 'x/y' }).operation).toBe('CopyObject');
    expect(at('https://s3.amazonaws.com/archive?delete', 'POST').operation).toBe('DeleteObjects');
  });
});

describe('declared HTTP targets', () => {
  it('answers per route and method, or by a function; a throwing function is a reported 500', async () => {
    const d = downstream({}, {
      'https://api.example.com': { status: 202, routes: { 'GET /orders/*': { body: '{"found":true}' }, '/health': { status: 204 } } },
      'https://fn.example.com': (request) => ({ status: request.method === 'PUT' ? 201 : 200, body: JSON.stringify({ echo: request.body, path: request.path }) }),
      'https://broken.example.com': () => { throw new Error('boom'); },
    });
    const call = async (url: string, method = 'GET', body?: string) => response(await d.fetch({ url, method, headers: {}, body }));
    expect(await call('https://api.example.com/orders/7')).toMatchObject({ status: 200, text: '{"found":true}' });
    expect(await call('https://api.example.com/orders/7', 'POST', '{}')).toMatchObject({ status: 202 });
    expect(await call('https://api.example.com/health', 'HEAD')).toMatchObject({ status: 204 });
    expect(await call('https://fn.example.com/x', 'PUT', 'hi')).toMatchObject({ status: 201, text: '{"echo":"hi","path":"/x"}' });
    expect(await call('https://broken.example.com/', 'POST')).toMatchObject({ status: 500 });
    expect([...d.problems]).toEqual([expect.stringMatching(/responder for https:\/\/broken\.example\.com threw: boom/)]);
    expect(d.outbox.map((m) => m.target)).toEqual(['POST https://api.example.com/orders/7', 'PUT https://fn.example.com/x']);
  });

  it('refuses undeclared hosts, naming the host and the config lines to add', async () => {
    const d = downstream();
    const answer = await d.fetch({ url: 'https://hooks.slack.com/services/T0/B0', method: 'POST', headers: {}, body: '{}' });
    expect(answer).toEqual({ kind: 'refused', message: expect.stringContaining('hooks.slack.com is not declared') });
    expect([...d.problems][0]).toContain('"downstream": { "http": { "https://hooks.slack.com": { "status": 200, "body": "{}" } } } (or per route: { "routes": { "POST /services/T0/B0": { "status": 200 } } })');
  });

  it('refuses AWS hosts of services the gateway does not emulate, unless declared', async () => {
    const d = downstream({}, { 'https://search-logs-abc.us-east-1.es.amazonaws.com': { body: '{"result":"created"}' } });
    const refused = await d.fetch({ url: 'https://search-orders-abc.us-east-1.es.amazonaws.com/orders/_doc/1', method: 'PUT', headers: {}, body: '{}' });
    // a search domain is pointed at downstream.search, which answers it with the embedded document store
    expect(refused).toEqual({ kind: 'refused', message: expect.stringContaining('search-orders-abc.us-east-1.es.amazonaws.com is a search endpoint that is not declared; add { "endpoint": "https://search-orders-abc.us-east-1.es.amazonaws.com", "engine": "opensearch" } (or "elasticsearch") to downstream.search') });
    expect(response(await d.fetch({ url: 'https://search-logs-abc.us-east-1.es.amazonaws.com/logs/_doc/1', method: 'PUT', headers: {}, body: '{}' })).text).toBe('{"result":"created"}');
  });

  it('a timeout-after-calls fault ends the invocation before the next request is answered', async () => {
    const d = downstream({ invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: 1 }] }, { 'https://api.example.com': {} });
    expect((await d.fetch({ url: 'https://api.example.com/a', method: 'POST', headers: {}, body: '1' })).kind).toBe('response');
    expect(await d.fetch({ url: 'https://api.example.com/b', method: 'POST', headers: {}, body: '2' })).toEqual({ kind: 'abort', reason: expect.stringContaining('timed out after 1 downstream call') });
  });
});
