import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetRequestIds, type RequestShape, type Service } from '../../../src/harness/downstream/aws-protocol.js';
import { answerOutbox, batchSize, emulatesOutbox, resetOutboxIds, unsupported } from '../../../src/harness/downstream/outbox.js';
import type { SdkRequest } from '../../../src/harness/protocol.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const base64 = (text: string) => Buffer.from(text).toString('base64');

function call(service: Service, operation: string, input: unknown, protocol: RequestShape['protocol'] = 'json', body?: string) {
  const shape: RequestShape = { service, name: service, aliases: [service], protocol, operation };
  const request: SdkRequest = {
    clientName: 'HTTP client', commandName: '', input, method: 'POST', protocol: 'https:', hostname: `${service}.us-east-1.amazonaws.com`,
    port: undefined, path: '/', query: {}, headers: {}, body,
  };
  return { shape, request };
}

const answer = (service: Service, operation: string, input: unknown, failed?: Set<number>, protocol?: RequestShape['protocol'], body?: string) => {
  const { shape, request } = call(service, operation, input, protocol, body);
  const result = answerOutbox(shape, request, failed);
  if (result === undefined) throw new Error(`${service}:${operation} is not answered`);
  return { ...result, json: () => JSON.parse(String(result.response.body)) };
};

beforeEach(() => {
  resetRequestIds();
  resetOutboxIds();
});

describe('answerOutbox: the ids sinks give accepted messages', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const send = (body: string) => answer('sqs', 'SendMessage', { QueueUrl: 'https://sqs/q', MessageBody: body }).json().MessageId as string;

  it('the same message gets the same id in every run, whatever calls came before it (a handler may store it); a copy gets another', () => {
    const first = send('order 1');
    expect(first).toMatch(uuid);
    const copy = send('order 1');
    expect(copy).toMatch(uuid);
    expect(copy).not.toBe(first);
    // another run: failed calls and other messages before it consume nothing of its id
    resetOutboxIds();
    answer('sns', 'Publish', { TopicArn: 'arn:aws:sns:us-east-1:1:t', Message: 'other' });
    answer('sqs', 'SendMessage', { QueueUrl: 'https://sqs/q', MessageBody: 'order 2' });
    expect([send('order 1'), send('order 1')]).toEqual([first, copy]);
  });

  it('SNS, EventBridge and Firehose ids too, and a batch\'s accepted entries', () => {
    const batch = answer('sns', 'PublishBatch', { TopicArn: 'arn:aws:sns:us-east-1:1:t', PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'b', Message: 'y' }] }, new Set([0]));
    expect(String(batch.response.body)).toMatch(/<MessageId>[0-9a-f-]{36}<\/MessageId>/);
    const events = answer('eventbridge', 'PutEvents', { Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }, { Source: 's', DetailType: 'd', Detail: '{"n":1}' }] });
    const [one, two] = events.json().Entries as { EventId: string }[];
    expect([one!.EventId, two!.EventId].every((id) => uuid.test(id))).toBe(true);
    expect(one!.EventId).not.toBe(two!.EventId);
    expect(answer('firehose', 'PutRecord', { DeliveryStreamName: 'f', Record: { Data: base64('r') } }).json().RecordId).toMatch(uuid);
  });
});

describe('answerOutbox: SQS', () => {
  it('SendMessage answers the body\'s MD5 (the SDK checks it) and delivers with FIFO group and deduplication id', () => {
    const sent = answer('sqs', 'SendMessage', { QueueUrl: 'https://sqs/q.fifo', MessageBody: 'héllo', MessageGroupId: 'g', MessageDeduplicationId: 'd' });
    expect(sent.json()).toEqual({ MessageId: expect.any(String), MD5OfMessageBody: md5('héllo') });
    expect(sent.response.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(sent.delivered).toEqual([{ service: 'sqs', operation: 'SendMessage', target: 'https://sqs/q.fifo', body: 'héllo', id: 'd', group: 'g' }]);
  });

  it.each([
    { service: 'sqs' as const, operation: 'SendMessage', input: { QueueUrl: 'https://sqs/q.fifo', MessageBody: 'x' }, code: 'MissingParameter' },
    { service: 'sqs' as const, operation: 'SendMessageBatch', input: { QueueUrl: 'https://sqs/q.fifo', Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }, { Id: 'b', MessageBody: 'y' }] }, code: 'MissingParameter' },
    { service: 'sns' as const, operation: 'Publish', input: { TopicArn: 'arn:aws:sns:us-east-1:1:t.fifo', Message: 'x' }, code: 'InvalidParameter' },
    { service: 'sns' as const, operation: 'PublishBatch', input: { TopicArn: 'arn:aws:sns:us-east-1:1:t.fifo', PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }] }, code: 'InvalidParameter' },
  ])('a FIFO target refuses $service $operation without a MessageGroupId (400 $code), and delivers nothing', ({ service, operation, input, code }) => {
    const sent = answer(service, operation, input);
    expect(sent.response.statusCode).toBe(400);
    expect(sent.json().__type).toBe(code);
    expect(sent.delivered).toEqual([]);
    // a standard queue or topic takes it
    const standard = answer(service, operation, JSON.parse(JSON.stringify(input).replaceAll('.fifo', '')));
    expect(standard.response.statusCode).toBe(200);
  });

  it('SendMessageBatch reports the failed entries in Failed and delivers only the others', () => {
    const sent = answer('sqs', 'SendMessageBatch', { QueueUrl: 'q', Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'b', MessageBody: '2' }, { Id: 'c', MessageBody: '3' }] }, new Set([1]));
    const body = sent.json();
    expect(body.Successful.map((e: { Id: string }) => e.Id)).toEqual(['a', 'c']);
    expect(body.Failed).toEqual([{ Id: 'b', SenderFault: false, Code: 'InternalError', Message: 'We encountered an internal error. Please try again.' }]);
    expect(sent.delivered.map((m) => m.body)).toEqual(['1', '3']);
  });

  it('answers the query protocol in XML, the batch lists flattened', () => {
    const sent = answer('sqs', 'SendMessageBatch', { QueueUrl: 'q', Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'b', MessageBody: '2' }] }, new Set([0]), 'query');
    const parsed = new XMLParser().parse(String(sent.response.body)).SendMessageBatchResponse.SendMessageBatchResult;
    expect(parsed.SendMessageBatchResultEntry).toMatchObject({ Id: 'b', MD5OfMessageBody: md5('2') });
    expect(parsed.BatchResultErrorEntry).toMatchObject({ Id: 'a', Code: 'InternalError', SenderFault: false });
  });
});

describe('answerOutbox: SNS, EventBridge, Kinesis, Firehose', () => {
  it('SNS PublishBatch lists Successful and Failed members; delivers the topic\'s messages', () => {
    const sent = answer('sns', 'PublishBatch', { TopicArn: 'arn:t', PublishBatchRequestEntries: [{ Id: 'a', Message: 'x' }, { Id: 'b', Message: 'y', MessageGroupId: 'g' }] }, new Set([0]), 'query');
    const result = new XMLParser().parse(String(sent.response.body)).PublishBatchResponse.PublishBatchResult;
    expect(result.Successful.member).toMatchObject({ Id: 'b' });
    expect(result.Failed.member).toMatchObject({ Id: 'a', Code: 'InternalError' });
    expect(sent.delivered).toEqual([{ service: 'sns', operation: 'PublishBatch', target: 'arn:t', body: 'y', group: 'g' }]);
  });

  it('EventBridge PutEvents keeps each entry\'s result in place and counts the failures', () => {
    const entries = [{ Source: 's', DetailType: 't', Detail: '{"a":1}' }, { Source: 's', DetailType: 't', Detail: '{"a":2}', EventBusName: 'orders' }];
    const sent = answer('eventbridge', 'PutEvents', { Entries: entries }, new Set([0]));
    expect(sent.json()).toEqual({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' }, { EventId: expect.any(String) }] });
    expect(sent.response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(sent.delivered).toEqual([{ service: 'eventbridge', operation: 'PutEvents', target: 'orders', body: JSON.stringify({ Source: 's', DetailType: 't', Detail: '{"a":2}' }) }]);
  });

  it('Kinesis PutRecords decodes the data, orders by partition key, and gives growing sequence numbers that restart with the run', () => {
    const records = [{ Data: { $binary: base64('one') }, PartitionKey: 'k1' }, { Data: { $binary: base64('two') }, PartitionKey: 'k2' }, { Data: { $binary: base64('three') }, PartitionKey: 'k1' }];
    const sent = answer('kinesis', 'PutRecords', { StreamName: 'orders', Records: records }, new Set([1]));
    const body = sent.json();
    expect(body.FailedRecordCount).toBe(1);
    expect(body.Records[1]).toEqual({ ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000' });
    const [first, , third] = body.Records.map((r: { SequenceNumber?: string }) => r.SequenceNumber);
    expect(BigInt(third) > BigInt(first)).toBe(true);
    expect(sent.delivered).toEqual([
      { service: 'kinesis', operation: 'PutRecords', target: 'orders', body: 'one', group: 'k1' },
      { service: 'kinesis', operation: 'PutRecords', target: 'orders', body: 'three', group: 'k1' },
    ]);
    resetOutboxIds();
    expect(answer('kinesis', 'PutRecord', { StreamName: 'orders', Data: { $binary: base64('x') }, PartitionKey: 'k' }).json().SequenceNumber).toBe(first);
  });

  it('Firehose PutRecordBatch counts FailedPutCount and delivers the rest', () => {
    const sent = answer('firehose', 'PutRecordBatch', { DeliveryStreamName: 'ds', Records: [{ Data: { $binary: base64('a') } }, { Data: { $binary: base64('b') } }] }, new Set([0]));
    expect(sent.json()).toMatchObject({ FailedPutCount: 1, Encrypted: false, RequestResponses: [{ ErrorCode: 'ServiceUnavailableException' }, { RecordId: expect.any(String) }] });
    expect(sent.delivered).toEqual([{ service: 'firehose', operation: 'PutRecordBatch', target: 'ds', body: 'b' }]);
  });
});

describe('answerOutbox: S3', () => {
  it('PutObject answers the body\'s MD5 as ETag; DeleteObject answers 204; both identify bucket/key', () => {
    const put = answer('s3', 'PutObject', { Bucket: 'archive', Key: 'a.json' }, undefined, 'rest-xml', '{"a":1}');
    expect(put.response).toMatchObject({ statusCode: 200, headers: { etag: `"${md5('{"a":1}')}"` }, body: '' });
    expect(put.delivered).toEqual([{ service: 's3', operation: 'PutObject', target: 'archive/a.json', id: 'archive/a.json', body: '{"a":1}' }]);
    expect(answer('s3', 'DeleteObject', { Bucket: 'archive', Key: 'a.json' }, undefined, 'rest-xml').response.statusCode).toBe(204);
  });
});

describe('which operations the outbox emulates', () => {
  it('answers only its operations; batchSize counts each batch\'s entries', () => {
    const { shape, request } = call('sqs', 'ReceiveMessage', {});
    expect(answerOutbox(shape, request)).toBeUndefined();
    expect(emulatesOutbox(shape)).toBe(false);
    expect(emulatesOutbox(call('firehose', 'PutRecordBatch', {}).shape)).toBe(true);
    expect(batchSize(call('sns', 'PublishBatch', {}).shape, { PublishBatchRequestEntries: [1, 2] })).toBe(2);
    expect(batchSize(call('kinesis', 'PutRecords', {}).shape, { Records: [1, 2, 3] })).toBe(3);
    expect(batchSize(call('sqs', 'SendMessage', {}).shape, {})).toBe(0);
    const refusal = unsupported(shape);
    expect(refusal.statusCode).toBe(400);
    expect(JSON.parse(String(refusal.body))).toEqual({ __type: 'UnsupportedOperation', message: 'stream-conformance does not emulate sqs ReceiveMessage' });
  });
});
