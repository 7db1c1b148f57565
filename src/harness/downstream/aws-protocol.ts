import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { SdkRequest, SdkResponse } from '../protocol.js';

/** The wire protocols of the services the harness answers, so the SDK's own deserializers read its answers. */
export type WireProtocol = 'json' | 'rest-json' | 'query' | 'rest-xml';

export type Service = 'dynamodb' | 'sqs' | 'sns' | 'eventbridge' | 'kinesis' | 'firehose' | 's3';

const targetPrefixes: Record<string, Service> = {
  DynamoDB_20120810: 'dynamodb',
  AmazonSQS: 'sqs',
  AWSEvents: 'eventbridge',
  Kinesis_20131202: 'kinesis',
  Firehose_20150804: 'firehose',
};

const clientNames: Record<string, Service> = {
  DynamoDBClient: 'dynamodb',
  DynamoDBDocumentClient: 'dynamodb',
  SQSClient: 'sqs',
  SNSClient: 'sns',
  EventBridgeClient: 'eventbridge',
  KinesisClient: 'kinesis',
  FirehoseClient: 'firehose',
  S3Client: 's3',
};

export interface RequestShape {
  /** The service when the harness emulates it. */
  service: Service | undefined;
  /**
   * The service as a `downstream.services` declaration names it: the client's name without
   * `Client`, lower case (`scheduler`, `sfn`, `lambda`), or the endpoint's first label.
   */
  name: string;
  /** Other names the declaration may use: the endpoint prefix (`states`), the JSON target prefix. */
  aliases: string[];
  protocol: WireProtocol;
  /** The operation name, e.g. `PutItem`, `SendMessage`. */
  operation: string;
}

export function header(request: SdkRequest, name: string): string | undefined {
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : request.headers[key];
}

/**
 * The service a default AWS endpoint belongs to, from its host name: `sqs.us-east-1.amazonaws.com`,
 * the legacy `queue.amazonaws.com`, `sns.eu-west-1.amazonaws.com`, `bucket.s3.amazonaws.com`,
 * `s3.dualstack.us-east-1.amazonaws.com`, FIPS variants (`dynamodb-fips.…`), and so on.
 */
export function serviceOfHost(hostname: string): Service | undefined {
  const labels = hostname.toLowerCase().split('.');
  for (const label of labels) {
    const name = label.replace(/-fips$/, '');
    if (name === 'dynamodb') return 'dynamodb';
    if (name === 'sqs' || name === 'queue') return 'sqs';
    if (name === 'sns') return 'sns';
    if (name === 'events') return 'eventbridge';
    if (name === 'kinesis') return 'kinesis';
    if (name === 'firehose') return 'firehose';
    if (name === 's3' || /^s3-/.test(name) || name === 's3-external-1') return 's3';
    if (name === 'amazonaws') break;
  }
  return undefined;
}

/**
 * The service a request is signed for: the SigV4 credential scope names it
 * (`Credential=AKID/20260101/us-east-1/sns/aws4_request`), whatever endpoint it was sent to.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export function serviceOfSignature(request: SdkRequest): Service | undefined {
  const scope = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(header(request, 'authorization') ?? '');
  return scope === null ? undefined : serviceOfHost(`${scope[1]}.amazonaws.com`);
}

/** The service from the endpoint's host name, else from the signature. */
function serviceOfEndpoint(request: SdkRequest): Service | undefined {
  return serviceOfHost(request.hostname) ?? serviceOfSignature(request);
}

/**
 * Which service and operation a request is, from the wire (target header, form action, the host)
 * and, for SDK v3 calls, the client and command.
 */
export function shapeOf(request: SdkRequest): RequestShape {
  const fromCommand = request.commandName.replace(/Command$/, '');
  const byClient = clientNames[request.clientName];
  const endpointPrefix = request.hostname.split('.')[0]!.toLowerCase();
  const fromClient = /^[A-Za-z0-9]+Client$/.test(request.clientName) && request.clientName !== 'UnknownClient' ? request.clientName.replace(/Client$/, '').toLowerCase() : undefined;
  const signedFor = /Credential=[^/,\s]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(header(request, 'authorization') ?? '')?.[1];
  const names = (...aliases: (string | undefined)[]) => {
    const all = [fromClient, signedFor, endpointPrefix, ...aliases].filter((a): a is string => a !== undefined && a !== '');
    return { name: all[0] ?? 'unknown', aliases: all };
  };
  const target = header(request, 'x-amz-target');
  if (target !== undefined) {
    const [prefix, operation] = target.split('.');
    return { service: targetPrefixes[prefix!] ?? byClient ?? serviceOfEndpoint(request), ...names(prefix?.toLowerCase()), protocol: 'json', operation: operation ?? fromCommand };
  }
  const contentType = header(request, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(bodyText(request)).get('Action') ?? fromCommand;
    // a client the suite does not know (STS, …) is that service; an unnamed one on a custom endpoint is classic SQS
    const service = byClient ?? serviceOfEndpoint(request) ?? (fromClient === undefined ? 'sqs' : undefined);
    return { service, ...names(), protocol: 'query', operation: action };
  }
  const service = byClient ?? serviceOfEndpoint(request);
  const operation = fromCommand !== '' ? fromCommand : service === 's3' ? s3Location(request).operation : `${request.method} ${request.path}`;
  return { service, ...names(), protocol: restProtocol(service, endpointPrefix, contentType), operation };
}

/** The few services on REST-XML (S3 and its kin, CloudFront, Route 53); the others on REST are REST-JSON. */
const restXmlServices = new Set(['s3', 's3-control', 's3control', 'cloudfront', 'route53']);

function restProtocol(service: Service | undefined, endpointPrefix: string, contentType: string): 'rest-json' | 'rest-xml' {
  if (service === 's3' || contentType.includes('xml')) return 'rest-xml';
  if (contentType.includes('json')) return 'rest-json';
  return restXmlServices.has(endpointPrefix.replace(/-fips$/, '')) ? 'rest-xml' : 'rest-json';
}

/**
 * Bucket, key and operation of an S3 REST request: virtual-hosted (`bucket.s3.region.amazonaws.com/key`)
 * or path-style (`s3.region.amazonaws.com/bucket/key`, and any custom endpoint).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 */
export function s3Location(request: SdkRequest): { bucket: string; key: string; operation: string } {
  const labels = request.hostname.split('.');
  const s3Label = labels.findIndex((l) => l === 's3' || l.startsWith('s3-'));
  const path = request.path.replace(/^\//, '');
  let bucket: string;
  let key: string;
  if (s3Label > 0) {
    bucket = labels.slice(0, s3Label).join('.');
    key = path;
  } else {
    const slash = path.indexOf('/');
    bucket = slash < 0 ? path : path.slice(0, slash);
    key = slash < 0 ? '' : path.slice(slash + 1);
  }
  key = decodeURIComponent(key);
  const query = request.query;
  const copy = header(request, 'x-amz-copy-source') !== undefined;
  const operation = key === ''
    ? { GET: 'ListObjects', PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket', POST: 'delete' in query ? 'DeleteObjects' : 'PostBucket' }[request.method] ?? request.method
    : { GET: 'GetObject', PUT: copy ? 'CopyObject' : 'uploadId' in query ? 'UploadPart' : 'PutObject', DELETE: 'DeleteObject', HEAD: 'HeadObject', POST: 'uploads' in query ? 'CreateMultipartUpload' : 'CompleteMultipartUpload' }[request.method] ?? request.method;
  return { bucket, key, operation };
}

export function bodyText(request: SdkRequest): string {
  const { body } = request;
  if (body === undefined) return '';
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

export function jsonResponse(body: unknown, protocol: 'json' | '1.0' | '1.1' = '1.0', statusCode = 200): SdkResponse {
  return {
    statusCode,
    headers: { 'content-type': `application/x-amz-json-${protocol === 'json' ? '1.0' : protocol}`, 'x-amzn-requestid': requestId() },
    body: JSON.stringify(body),
  };
}

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressBooleanAttributes: false });

/** XML text from plain data: arrays become repeated elements, text is escaped. */
export function buildXml(document: Record<string, unknown>): string {
  return xml.build(document) as string;
}

/**
 * A query-protocol (SNS, classic SQS) success response: `<OpResponse><OpResult>…</OpResult>` and
 * the response metadata. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/sqs-api-responses.html
 */
export function xmlResponse(operation: string, result: Record<string, unknown>, namespace: string): SdkResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() },
    body: buildXml({
      [`${operation}Response`]: { '@_xmlns': namespace, [`${operation}Result`]: result, ResponseMetadata: { RequestId: requestId() } },
    }),
  };
}

/** An error as the service would send it, in the request's protocol. */
export function errorResponse(shape: RequestShape, statusCode: number, code: string, message: string): SdkResponse {
  switch (shape.protocol) {
    case 'json':
    case 'rest-json':
      return {
        statusCode,
        headers: {
          'content-type': shape.protocol === 'json' ? 'application/x-amz-json-1.0' : 'application/json',
          'x-amzn-requestid': requestId(),
          'x-amzn-errortype': code,
        },
        body: JSON.stringify({ __type: shape.service === 'dynamodb' ? `com.amazonaws.dynamodb.v20120810#${code}` : code, message }),
      };
    case 'query':
      return {
        statusCode,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() },
        body: buildXml({ ErrorResponse: { Error: { Type: statusCode >= 500 ? 'Receiver' : 'Sender', Code: code, Message: message }, RequestId: requestId() } }),
      };
    case 'rest-xml':
      return {
        statusCode,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() },
        body: `<?xml version="1.0" encoding="UTF-8"?>${buildXml({ Error: { Code: code, Message: message, RequestId: requestId() } })}`,
      };
  }
}

const xmlReader = new XMLParser();

/**
 * The error code an error response carries, as the SDKs read it: the `x-amzn-errortype` header or
 * the JSON `__type` (its part after `#`), or the XML `<Code>` of the query and REST-XML protocols.
 */
export function errorCodeOf(response: SdkResponse): string | undefined {
  if (response.statusCode < 300) return undefined;
  const header = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'x-amzn-errortype')?.[1];
  if (header) return header.split(':')[0];
  const body = response.body.trimStart();
  if (body.startsWith('{')) {
    try {
      const type = (JSON.parse(body) as { __type?: unknown }).__type;
      return typeof type === 'string' ? type.slice(type.lastIndexOf('#') + 1) : undefined;
    } catch {
      return undefined;
    }
  }
  if (!body.startsWith('<')) return undefined;
  const document = xmlReader.parse(body) as { ErrorResponse?: { Error?: { Code?: unknown } }; Error?: { Code?: unknown } };
  const code = document.ErrorResponse?.Error?.Code ?? document.Error?.Code;
  return typeof code === 'string' ? code : undefined;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);
}

let requests = 0;

/** Ids restart with every run, so a run repeats exactly. */
export function resetRequestIds(): void {
  requests = 0;
}

export function requestId(): string {
  requests++;
  return `00000000-0000-4000-8000-${requests.toString(16).padStart(12, '0')}`;
}
