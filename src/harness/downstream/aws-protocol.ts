import type { SdkRequest, SdkResponse } from '../protocol.js';

/** The wire protocols of the services the harness answers, so the SDK's own deserializers read its answers. */
export type WireProtocol = 'json' | 'query' | 'rest-xml';

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
  service: Service | undefined;
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
  const target = header(request, 'x-amz-target');
  if (target !== undefined) {
    const [prefix, operation] = target.split('.');
    return { service: targetPrefixes[prefix!] ?? clientNames[request.clientName], protocol: 'json', operation: operation ?? fromCommand };
  }
  const contentType = header(request, 'content-type') ?? '';
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const action = new URLSearchParams(bodyText(request)).get('Action') ?? fromCommand;
    return { service: clientNames[request.clientName] ?? (request.hostname.startsWith('sns.') ? 'sns' : 'sqs'), protocol: 'query', operation: action };
  }
  return { service: clientNames[request.clientName], protocol: 'rest-xml', operation: fromCommand };
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
      return {
        statusCode,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId(), 'x-amzn-errortype': code },
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
