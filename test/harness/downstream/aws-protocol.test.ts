import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildXml,
  errorCodeOf,
  errorResponse,
  escapeXml,
  jsonResponse,
  requestId,
  resetRequestIds,
  serviceOfSignature,
  shapeOf,
  xmlResponse,
  type RequestShape,
} from '../../../src/harness/downstream/aws-protocol.js';
import type { SdkRequest } from '../../../src/harness/protocol.js';

const xml = new XMLParser({ ignoreAttributes: false });

function request(over: Partial<SdkRequest>): SdkRequest {
  return {
    clientName: 'HTTP client', commandName: '', input: undefined, method: 'POST', protocol: 'https:', hostname: 'localhost',
    port: undefined, path: '/', query: {}, headers: {}, body: undefined, ...over,
  };
}

const signedFor = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`;

describe('shapeOf', () => {
  it('reads the JSON protocol from X-Amz-Target: the service from its prefix, the operation after the dot', () => {
    expect(shapeOf(request({ hostname: 'kinesis.us-east-1.amazonaws.com', headers: { 'x-amz-target': 'Kinesis_20131202.PutRecords' } }))).toMatchObject({
      service: 'kinesis', protocol: 'json', operation: 'PutRecords',
    });
    expect(shapeOf(request({ clientName: 'DynamoDBDocumentClient', commandName: 'PutCommand', hostname: '127.0.0.1', headers: { 'X-Amz-Target': 'DynamoDB_20120810.PutItem' } }))).toMatchObject({
      service: 'dynamodb', protocol: 'json', operation: 'PutItem',
    });
  });

  it('names a service it does not emulate by its client, its signature and its endpoint, for downstream.services', () => {
    const stepFunctions = shapeOf(request({
      clientName: 'SFNClient', commandName: 'StartExecutionCommand', hostname: 'states.us-east-1.amazonaws.com',
      headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution', authorization: signedFor('states') },
    }));
    expect(stepFunctions).toEqual({ service: undefined, name: 'sfn', aliases: ['sfn', 'states', 'states', 'awsstepfunctions'], protocol: 'json', operation: 'StartExecution' });
    const scheduler = shapeOf(request({ clientName: 'SchedulerClient', commandName: 'CreateScheduleCommand', hostname: 'scheduler.us-east-1.amazonaws.com', path: '/schedules/s', headers: { 'content-type': 'application/json' } }));
    expect(scheduler).toMatchObject({ service: undefined, name: 'scheduler', protocol: 'rest-json', operation: 'CreateSchedule' });
  });

  it('reads the query protocol\'s Action; an unnamed client on a custom endpoint is classic SQS, a named one is not', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    expect(shapeOf(request({ hostname: '127.0.0.1', headers: form, body: 'Action=SendMessage&QueueUrl=q' }))).toMatchObject({ service: 'sqs', protocol: 'query', operation: 'SendMessage' });
    expect(shapeOf(request({ clientName: 'STSClient', hostname: 'sts.amazonaws.com', headers: form, body: 'Action=GetCallerIdentity' }))).toMatchObject({ service: undefined, name: 'sts', operation: 'GetCallerIdentity' });
  });

  it('tells REST-XML (S3 and its kin) from REST-JSON, and names an unknown REST call by method and path', () => {
    expect(shapeOf(request({ method: 'PUT', hostname: 'bucket.s3.us-east-1.amazonaws.com', path: '/k' }))).toMatchObject({ service: 's3', protocol: 'rest-xml', operation: 'PutObject' });
    expect(shapeOf(request({ method: 'GET', hostname: 'cloudfront.amazonaws.com', path: '/2020-05-31/distribution' }))).toMatchObject({ protocol: 'rest-xml', operation: 'GET /2020-05-31/distribution' });
    expect(shapeOf(request({ method: 'GET', hostname: 'api.example.com', path: '/x' }))).toMatchObject({ service: undefined, protocol: 'rest-json' });
  });
});

describe('serviceOfSignature', () => {
  it('reads the service of the SigV4 credential scope, whatever the endpoint', () => {
    expect(serviceOfSignature(request({ headers: { authorization: signedFor('sqs') } }))).toBe('sqs');
    expect(serviceOfSignature(request({ headers: { Authorization: signedFor('events') } }))).toBe('eventbridge');
    expect(serviceOfSignature(request({ headers: { authorization: signedFor('states') } }))).toBeUndefined();
    expect(serviceOfSignature(request({ headers: { authorization: 'Bearer x' } }))).toBeUndefined();
  });
});

describe('responses in each protocol', () => {
  const shape = (protocol: RequestShape['protocol'], service: RequestShape['service']): RequestShape => ({ service, name: service ?? 'x', aliases: [], protocol, operation: 'Op' });

  it('JSON errors carry __type (namespaced for DynamoDB) and x-amzn-errortype', () => {
    const kinesis = errorResponse(shape('json', 'kinesis'), 400, 'ProvisionedThroughputExceededException', 'Rate exceeded');
    expect(kinesis).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'ProvisionedThroughputExceededException' } });
    expect(JSON.parse(String(kinesis.body))).toEqual({ __type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' });
    const dynamodb = errorResponse(shape('json', 'dynamodb'), 500, 'InternalServerError', 'Internal server error');
    expect(JSON.parse(String(dynamodb.body)).__type).toBe('com.amazonaws.dynamodb.v20120810#InternalServerError');
    expect(errorResponse(shape('rest-json', undefined), 400, 'X', 'y').headers['content-type']).toBe('application/json');
  });

  it('query errors are an ErrorResponse: Sender for 4xx, Receiver for 5xx', () => {
    const sender = xml.parse(String(errorResponse(shape('query', 'sns'), 400, 'Throttling', 'Rate exceeded').body));
    expect(sender.ErrorResponse.Error).toEqual({ Type: 'Sender', Code: 'Throttling', Message: 'Rate exceeded' });
    expect(sender.ErrorResponse.RequestId).toMatch(/^00000000-0000-4000-8000-/);
    expect(xml.parse(String(errorResponse(shape('query', 'sqs'), 500, 'InternalError', 'x').body)).ErrorResponse.Error.Type).toBe('Receiver');
  });

  it('the error code is read back from any protocol, as the SDKs read it; a success has none', () => {
    expect(errorCodeOf(errorResponse(shape('json', 'dynamodb'), 400, 'ValidationException', 'x'))).toBe('ValidationException');
    expect(errorCodeOf({ statusCode: 400, headers: {}, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}' })).toBe('ConditionalCheckFailedException');
    expect(errorCodeOf({ statusCode: 400, headers: { 'X-Amzn-ErrorType': 'ResourceNotFoundException:http://internal.amazon.com/' }, body: '' })).toBe('ResourceNotFoundException');
    expect(errorCodeOf(errorResponse(shape('query', 'sqs'), 400, 'AWS.SimpleQueueService.NonExistentQueue', 'x'))).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(errorCodeOf(errorResponse(shape('rest-xml', 's3'), 503, 'SlowDown', 'x'))).toBe('SlowDown');
    expect(errorCodeOf({ statusCode: 500, headers: {}, body: 'not json {' })).toBeUndefined();
    expect(errorCodeOf({ statusCode: 500, headers: {}, body: '{ broken' })).toBeUndefined();
    expect(errorCodeOf(jsonResponse({ __type: 'NotAnError' }))).toBeUndefined();
  });

  it('REST-XML errors are an <Error> document with the S3 request id header', () => {
    const s3 = errorResponse(shape('rest-xml', 's3'), 503, 'SlowDown', 'Please reduce your request rate.');
    expect(String(s3.body)).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Error>/);
    expect(xml.parse(String(s3.body)).Error).toMatchObject({ Code: 'SlowDown', Message: 'Please reduce your request rate.' });
    expect(s3.headers['x-amz-request-id']).toBeDefined();
  });

  it('query successes wrap the result in <OpResponse><OpResult> with the namespace and metadata', () => {
    const parsed = xml.parse(String(xmlResponse('Publish', { MessageId: 'm-1' }, 'http://sns.amazonaws.com/doc/2010-03-31/').body));
    expect(parsed.PublishResponse['@_xmlns']).toBe('http://sns.amazonaws.com/doc/2010-03-31/');
    expect(parsed.PublishResponse.PublishResult).toEqual({ MessageId: 'm-1' });
    expect(parsed.PublishResponse.ResponseMetadata.RequestId).toBeDefined();
    expect(jsonResponse({ a: 1 }, '1.1').headers['content-type']).toBe('application/x-amz-json-1.1');
  });

  it('escapes text in XML', () => {
    expect(buildXml({ Message: '<a & "b">' })).toBe('<Message>&lt;a &amp; &quot;b&quot;&gt;</Message>');
    expect(escapeXml(`<'&">`)).toBe('&lt;&apos;&amp;&quot;&gt;');
  });
});

describe('request ids', () => {
  it('count up from the start of every run, so a run repeats exactly', () => {
    resetRequestIds();
    expect([requestId(), requestId()]).toEqual(['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002']);
    resetRequestIds();
    expect(requestId()).toBe('00000000-0000-4000-8000-000000000001');
  });
});
