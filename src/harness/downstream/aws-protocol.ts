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

/** Which service and operation a request is, from the wire (target header, form action) and the client. */
export function shapeOf(request: SdkRequest): RequestShape {
  const fromCommand = request.commandName.replace(/Command$/, '');
  const endpointPrefix = request.hostname.split('.')[0]!.toLowerCase();
  const fromClient = request.clientName === 'UnknownClient' ? undefined : request.clientName.replace(/Client$/, '').toLowerCase();
  const names = (...aliases: (string | undefined)[]) => {
    const all = [fromClient, endpointPrefix, ...aliases].filter((a): a is string => a !== undefined && a !== '');
    return { name: all[0] ?? 'unknown', aliases: all };
  };
  const target = header(request, 'x-amz-target');
  if (target !== undefined) {
    const [prefix, operation] = target.split('.');
    return { service: targetPrefixes[prefix!] ?? clientNames[request.clientName], ...names(prefix?.toLowerCase()), protocol: 'json', operation: operation ?? fromCommand };
  }
  const contentType = header(request, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(bodyText(request)).get('Action') ?? fromCommand;
    const service = clientNames[request.clientName] ?? (endpointPrefix === 'sns' ? 'sns' : endpointPrefix === 'sqs' || endpointPrefix === 'queue' ? 'sqs' : undefined);
    return { service, ...names(), protocol: 'query', operation: action };
  }
  const service = clientNames[request.clientName] ?? (endpointPrefix === 's3' ? 's3' : undefined);
  return { service, ...names(), protocol: restProtocol(service, endpointPrefix, contentType), operation: fromCommand };
}

/** The few services on REST-XML (S3 and its kin, CloudFront, Route 53); the others on REST are REST-JSON. */
const restXmlServices = new Set(['s3', 's3-control', 's3control', 'cloudfront', 'route53']);

function restProtocol(service: Service | undefined, endpointPrefix: string, contentType: string): 'rest-json' | 'rest-xml' {
  if (service === 's3' || contentType.includes('xml')) return 'rest-xml';
  if (contentType.includes('json')) return 'rest-json';
  return restXmlServices.has(endpointPrefix.replace(/-fips$/, '')) ? 'rest-xml' : 'rest-json';
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

export function xmlResponse(operation: string, resultXml: string, namespace: string): SdkResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId() },
    body: `<${operation}Response xmlns="${namespace}"><${operation}Result>${resultXml}</${operation}Result><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${operation}Response>`,
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
        body: `<ErrorResponse><Error><Type>${statusCode >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
      };
    case 'rest-xml':
      return {
        statusCode,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() },
        body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId()}</RequestId></Error>`,
      };
  }
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
