import type { HttpRequest, SdkRequest } from '../protocol.js';
import { bodyText, s3Location, shapeOf } from './aws-protocol.js';

/**
 * An AWS request caught on the wire (SDK v2, a v3 client with its own request handler, a
 * hand-signed request) as the services answer it: the same `SdkRequest` the SDK v3 middleware
 * sends, with the operation's input read back from the wire (JSON body, query form, S3 path).
 */
export function sdkRequestOf(request: HttpRequest): SdkRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  const sdk: SdkRequest = {
    clientName: 'HTTP client',
    commandName: '',
    input: undefined,
    method: request.method.toUpperCase(),
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname,
    query,
    headers,
    body: isAwsChunked(headers) ? decodeAwsChunked(request.body) : request.body,
  };
  sdk.input = inputOf(sdk);
  return sdk;
}

type Input = Record<string, unknown>;

function inputOf(request: SdkRequest): unknown {
  const shape = shapeOf(request);
  switch (shape.protocol) {
    case 'json':
      return shape.service === 'dynamodb' ? undefined : withBinaryData(parseJson(bodyText(request)));
    case 'query':
      return unflattenQuery(new URLSearchParams(bodyText(request)));
    case 'rest-xml': {
      if (shape.service !== 's3') return { path: request.path, query: request.query };
      const { bucket, key } = s3Location(request);
      return { Bucket: bucket, Key: key };
    }
  }
}

function parseJson(text: string): Input {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Input) : {};
  } catch {
    return {};
  }
}

/** Kinesis and Firehose carry record data as base64 on the wire; the SDK v3 input holds the bytes. */
function withBinaryData(input: Input): Input {
  const binary = (entry: unknown) => {
    const record = entry as Input | undefined;
    if (record && typeof record.Data === 'string') record.Data = { $binary: record.Data };
  };
  binary(input);
  binary(input.Record);
  for (const list of [input.Records]) if (Array.isArray(list)) list.forEach(binary);
  return input;
}

/** The query protocol's flattened lists, renamed to the members the SDK v3 input uses. */
const listNames: Record<string, string> = {
  SendMessageBatchRequestEntry: 'Entries',
  DeleteMessageBatchRequestEntry: 'Entries',
  ChangeMessageVisibilityBatchRequestEntry: 'Entries',
  MessageAttribute: 'MessageAttributes',
};

/**
 * `SendMessageBatchRequestEntry.2.MessageBody=…` and `PublishBatchRequestEntries.member.2.Message=…`
 * back into `{ Entries: [, { MessageBody }] }`: numbered segments (1-based) are list indexes,
 * `member` / `entry` wrappers are dropped.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-making-api-requests-xml.html
 */
export function unflattenQuery(params: URLSearchParams): Input {
  const root: Input = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.').filter((p) => p !== 'member' && p !== 'entry');
    let node: Record<string | number, unknown> = root;
    parts.forEach((part, i) => {
      const slot = /^\d+$/.test(part) ? Number(part) - 1 : i === 0 ? listNames[part] ?? part : part;
      if (i === parts.length - 1) node[slot] = value;
      else node = (node[slot] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return compact(root) as Input;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return value;
}

/** A streaming upload signed chunk by chunk (S3), or with a trailing checksum. */
function isAwsChunked(headers: Record<string, string>): boolean {
  return /aws-chunked/.test(headers['content-encoding'] ?? '') || (headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
}

/**
 * The payload of an aws-chunked body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` chunks, a
 * zero-size chunk, then optional trailers.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
export function decodeAwsChunked(body: string | Uint8Array | undefined): Uint8Array | undefined {
  if (body === undefined) return undefined;
  const bytes = Buffer.from(body);
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    chunks.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return new Uint8Array(Buffer.concat(chunks));
}
