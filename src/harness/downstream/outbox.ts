import { createHash } from 'node:crypto';
import type { SdkRequest, SdkResponse } from '../protocol.js';
import { errorResponse, jsonResponse, requestId, type RequestShape, xmlResponse } from './aws-protocol.js';

/**
 * A message the handler sent to a sink the harness emulates (SQS, SNS, EventBridge, Kinesis,
 * Firehose, S3, HTTP), or a call to a service declared in `downstream.services` (by its name).
 */
export interface OutboxMessage {
  service: 'sqs' | 'sns' | 'eventbridge' | 'kinesis' | 'firehose' | 's3' | 'http' | (string & {});
  operation: string;
  /** Queue URL, topic ARN, event bus, stream, delivery stream, bucket/key or URL. */
  target: string;
  body: string;
  /** Deduplication id, S3 key or other identity the sink uses, when there is one. */
  id?: string;
  /** Message group or partition key: what orders messages in the sink. */
  group?: string;
  invocation: number;
  at: number;
}

export interface OutboxAnswer {
  response: SdkResponse;
  delivered: Omit<OutboxMessage, 'invocation' | 'at'>[];
}

type Input = Record<string, unknown>;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** How many copies of each message (by its content) the run's sinks accepted so far. */
let copies = new Map<string, number>();

/**
 * The id a sink gives an accepted message (SQS and SNS MessageId, EventBridge EventId, Firehose
 * RecordId): a UUID drawn from the message's content and how many copies of it came before. The
 * same message gets the same id in a run with faults as in the run without them, whatever calls
 * failed before it, so a handler that stores the id it was given (an idempotency record holding
 * the result, as Powertools' Idempotency does) leaves the same state in both; a second copy gets
 * another id, as in the service.
 */
function messageId(message: Omit<OutboxMessage, 'invocation' | 'at' | 'operation'>): string {
  const key = JSON.stringify([message.service, message.target, message.body, message.id ?? null, message.group ?? null]);
  const copy = copies.get(key) ?? 0;
  copies.set(key, copy + 1);
  const hex = createHash('sha256').update(`${key}#${copy}`).digest('hex');
  const variant = (8 | (parseInt(hex[16]!, 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Answers a write to an emulated sink with the service's real success shape; the entries listed in
 * `failed` (indexes into a batch) are reported failed the way each service reports partial failures.
 */
export function answerOutbox(shape: RequestShape, request: SdkRequest, failed: ReadonlySet<number> = new Set()): OutboxAnswer | undefined {
  const input = (request.input ?? {}) as Input;
  const key = `${shape.service}:${shape.operation}`;
  const refused = missingGroup(key, input);
  if (refused !== undefined) return { response: errorResponse(shape, 400, refused.code, refused.message), delivered: [] };
  switch (key) {
    case 'sqs:SendMessage': {
      const body = String(input.MessageBody ?? '');
      const message = sqsMessage(input, input, 'SendMessage');
      const result = { MessageId: messageId(message), MD5OfMessageBody: md5(body) };
      return {
        response: shape.protocol === 'json' ? jsonResponse(result) : xmlResponse('SendMessage', result, sqsNamespace),
        delivered: [message],
      };
    }
    case 'sqs:SendMessageBatch': {
      const entries = (input.Entries ?? []) as Input[];
      const accepted = entries.filter((_, i) => !failed.has(i));
      const delivered = accepted.map((e) => sqsMessage(input, e, 'SendMessageBatch'));
      const successful = accepted.map((e, i) => ({ Id: e.Id, MessageId: messageId(delivered[i]!), MD5OfMessageBody: md5(String(e.MessageBody ?? '')) }));
      const failures = entries.filter((_, i) => failed.has(i)).map((e) => ({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'We encountered an internal error. Please try again.' }));
      if (shape.protocol === 'json') return { response: jsonResponse({ Successful: successful, Failed: failures }), delivered };
      // the query protocol flattens both lists: repeated entries straight under the result
      const result = { SendMessageBatchResultEntry: successful, BatchResultErrorEntry: failures };
      return { response: xmlResponse('SendMessageBatch', result, sqsNamespace), delivered };
    }
    case 'sns:Publish': {
      const message = snsMessage(input, input, 'Publish');
      return { response: xmlResponse('Publish', { MessageId: messageId(message) }, snsNamespace), delivered: [message] };
    }
    case 'sns:PublishBatch': {
      const entries = (input.PublishBatchRequestEntries ?? []) as Input[];
      const ok = entries.filter((_, i) => !failed.has(i));
      const bad = entries.filter((_, i) => failed.has(i));
      const delivered = ok.map((e) => snsMessage(input, e, 'PublishBatch'));
      const result = {
        Successful: { member: ok.map((e, i) => ({ Id: e.Id, MessageId: messageId(delivered[i]!) })) },
        Failed: { member: bad.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false, Message: 'Internal error' })) },
      };
      return { response: xmlResponse('PublishBatch', result, snsNamespace), delivered };
    }
    case 'eventbridge:PutEvents': {
      const entries = (input.Entries ?? []) as Input[];
      const events = entries.map((e) => ({
        service: 'eventbridge' as const, operation: 'PutEvents', target: String(e.EventBusName ?? 'default'),
        body: JSON.stringify({ Source: e.Source, DetailType: e.DetailType, Detail: e.Detail, Resources: e.Resources }),
      }));
      const results = events.map((event, i) => (failed.has(i) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' } : { EventId: messageId(event) }));
      const delivered = events.filter((_, i) => !failed.has(i));
      return { response: jsonResponse({ FailedEntryCount: failed.size > 0 ? results.filter((r) => 'ErrorCode' in r).length : 0, Entries: results }, '1.1'), delivered };
    }
    case 'kinesis:PutRecord': {
      const result = { ShardId: 'shardId-000000000000', SequenceNumber: kinesisSequence() };
      return { response: jsonResponse(result, '1.1'), delivered: [kinesisMessage(input, input, 'PutRecord')] };
    }
    case 'kinesis:PutRecords': {
      const records = (input.Records ?? []) as Input[];
      const results = records.map((_, i) => (failed.has(i)
        ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000' }
        : { ShardId: 'shardId-000000000000', SequenceNumber: kinesisSequence() }));
      const delivered = records.filter((_, i) => !failed.has(i)).map((r) => kinesisMessage(input, r, 'PutRecords'));
      return { response: jsonResponse({ FailedRecordCount: results.filter((r) => 'ErrorCode' in r).length, Records: results }, '1.1'), delivered };
    }
    case 'firehose:PutRecord': {
      const message = firehoseMessage(input, (input.Record ?? {}) as Input, 'PutRecord');
      return { response: jsonResponse({ RecordId: messageId(message), Encrypted: false }, '1.1'), delivered: [message] };
    }
    case 'firehose:PutRecordBatch': {
      const records = (input.Records ?? []) as Input[];
      const messages = records.map((r) => firehoseMessage(input, r, 'PutRecordBatch'));
      const results = messages.map((message, i) => (failed.has(i) ? { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' } : { RecordId: messageId(message) }));
      const delivered = messages.filter((_, i) => !failed.has(i));
      return { response: jsonResponse({ FailedPutCount: results.filter((r) => 'ErrorCode' in r).length, Encrypted: false, RequestResponses: results }, '1.1'), delivered };
    }
    case 's3:PutObject': {
      const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : Buffer.from(request.body).toString('utf8');
      return {
        response: { statusCode: 200, headers: { etag: `"${md5(body)}"`, 'x-amz-request-id': requestId() }, body: '' },
        delivered: [{ service: 's3', operation: 'PutObject', target: `${String(input.Bucket)}/${String(input.Key)}`, id: `${String(input.Bucket)}/${String(input.Key)}`, body }],
      };
    }
    case 's3:DeleteObject':
      return {
        response: { statusCode: 204, headers: { 'x-amz-request-id': requestId() }, body: '' },
        delivered: [{ service: 's3', operation: 'DeleteObject', target: `${String(input.Bucket)}/${String(input.Key)}`, id: `${String(input.Bucket)}/${String(input.Key)}`, body: '' }],
      };
    default:
      return undefined;
  }
}

/**
 * A FIFO queue or topic refuses a message without a MessageGroupId, on every attempt (SQS
 * SendMessage: "MissingParameter: The request must contain the parameter MessageGroupId."; SNS
 * Publish to a FIFO topic: InvalidParameter). A batch with such an entry is refused as a whole here.
 */
function missingGroup(key: string, input: Input): { code: string; message: string } | undefined {
  const fifo = (target: unknown) => typeof target === 'string' && target.endsWith('.fifo');
  const ungrouped = (entries: unknown) => ((entries ?? []) as Input[]).some((e) => e.MessageGroupId === undefined || e.MessageGroupId === '');
  switch (key) {
    case 'sqs:SendMessage':
    case 'sqs:SendMessageBatch':
      if (!fifo(input.QueueUrl) || !ungrouped(key === 'sqs:SendMessage' ? [input] : input.Entries)) return undefined;
      return { code: 'MissingParameter', message: 'The request must contain the parameter MessageGroupId.' };
    case 'sns:Publish':
    case 'sns:PublishBatch':
      if (!fifo(input.TopicArn) || !ungrouped(key === 'sns:Publish' ? [input] : input.PublishBatchRequestEntries)) return undefined;
      return { code: 'InvalidParameter', message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics' };
    default:
      return undefined;
  }
}

/** The operations `answerOutbox` answers, as `service:Operation`. */
export const outboxOperations: ReadonlySet<string> = new Set([
  'sqs:SendMessage', 'sqs:SendMessageBatch', 'sns:Publish', 'sns:PublishBatch', 'eventbridge:PutEvents', 'kinesis:PutRecord',
  'kinesis:PutRecords', 'firehose:PutRecord', 'firehose:PutRecordBatch', 's3:PutObject', 's3:DeleteObject',
]);

/** Whether `answerOutbox` answers this operation. */
export function emulatesOutbox(shape: RequestShape): boolean {
  return outboxOperations.has(`${shape.service}:${shape.operation}`);
}

/**
 * The entries of a batch write that the service accepts or refuses one by one (the others, a
 * single write or DynamoDB's BatchWriteItem, which an invalid request fails whole, have none).
 */
export function batchEntries(shape: { service?: string | undefined; operation: string }, input: Input): unknown[] {
  const entries = (list: unknown) => (Array.isArray(list) ? (list as unknown[]) : []);
  switch (`${shape.service}:${shape.operation}`) {
    case 'sqs:SendMessageBatch':
    case 'eventbridge:PutEvents':
      return entries(input.Entries);
    case 'sns:PublishBatch':
      return entries(input.PublishBatchRequestEntries);
    case 'kinesis:PutRecords':
    case 'firehose:PutRecordBatch':
      return entries(input.Records);
    default:
      return [];
  }
}

/** The entries of a batch write, for partial-failure faults: how many there are. */
export function batchSize(shape: RequestShape, input: Input): number {
  return batchEntries(shape, input).length;
}

export function unsupported(shape: RequestShape): SdkResponse {
  return errorResponse(shape, 400, 'UnsupportedOperation', `stream-conformance does not emulate ${shape.service ?? 'this service'} ${shape.operation}`);
}

const snsNamespace = 'http://sns.amazonaws.com/doc/2010-03-31/';
const sqsNamespace = 'http://queue.amazonaws.com/doc/2012-11-05/';

let kinesisCounter = 0n;
function kinesisSequence(): string {
  kinesisCounter++;
  return (49_600_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + kinesisCounter).toString();
}


function sqsMessage(request: Input, entry: Input, operation: string): Omit<OutboxMessage, 'invocation' | 'at'> {
  return {
    service: 'sqs', operation, target: String(request.QueueUrl ?? ''), body: String(entry.MessageBody ?? ''),
    ...(entry.MessageDeduplicationId !== undefined && { id: String(entry.MessageDeduplicationId) }),
    ...(entry.MessageGroupId !== undefined && { group: String(entry.MessageGroupId) }),
  };
}

function snsMessage(request: Input, entry: Input, operation: string): Omit<OutboxMessage, 'invocation' | 'at'> {
  return {
    service: 'sns', operation, target: String(request.TopicArn ?? request.TargetArn ?? request.PhoneNumber ?? ''), body: String(entry.Message ?? ''),
    ...(entry.MessageDeduplicationId !== undefined && { id: String(entry.MessageDeduplicationId) }),
    ...(entry.MessageGroupId !== undefined && { group: String(entry.MessageGroupId) }),
  };
}

function dataOf(data: unknown): string {
  if (data && typeof data === 'object' && '$binary' in data) return Buffer.from(String((data as { $binary: string }).$binary), 'base64').toString('utf8');
  return String(data ?? '');
}

function kinesisMessage(request: Input, entry: Input, operation: string): Omit<OutboxMessage, 'invocation' | 'at'> {
  return { service: 'kinesis', operation, target: String(request.StreamName ?? request.StreamARN ?? ''), body: dataOf(entry.Data), group: String(entry.PartitionKey ?? '') };
}

function firehoseMessage(request: Input, record: Input, operation: string): Omit<OutboxMessage, 'invocation' | 'at'> {
  return { service: 'firehose', operation, target: String(request.DeliveryStreamName ?? ''), body: dataOf(record.Data) };
}

export function resetOutboxIds(): void {
  kinesisCounter = 0n;
  copies = new Map();
}
