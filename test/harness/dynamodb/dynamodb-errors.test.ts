import {
  IdempotentParameterMismatchException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DYNAMODB_FAULTS, dynamodbError, dynamodbFault, errorBody, errorType } from '../../../src/harness/dynamodb/dynamodb-errors.js';
import { sdkGateway, type Override } from './sdk-gateway.js';

/** Every request is answered by `override`: the SDK's deserializer reads exactly what the module built. */
let sdk: Awaited<ReturnType<typeof sdkGateway>>;
const override: { current?: Override } = {};

beforeAll(async () => {
  sdk = await sdkGateway(() => Promise.reject(new Error('every request is answered by the override')), override);
});

afterAll(() => sdk.close());

beforeEach(() => {
  override.current = undefined;
});

const get = () => sdk.documents.send(new GetCommand({ TableName: 'counters', Key: { id: 'a' } }));

describe('errorType and errorBody', () => {
  it.each([
    ['ConditionalCheckFailedException', 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException'],
    ['ValidationException', 'com.amazon.coral.validate#ValidationException'],
    ['SerializationException', 'com.amazon.coral.service#SerializationException'],
    ['ThrottlingException', 'com.amazon.coral.availability#ThrottlingException'],
    ['com.example#Custom', 'com.example#Custom'],
  ])('%s is served as %s', (name, type) => {
    expect(errorType(name)).toBe(type);
  });

  it('spells the message member Message for the shapes DynamoDB models so, message for the others', () => {
    expect(errorBody('TransactionCanceledException', 'x')).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', Message: 'x' });
    expect(errorBody('IdempotentParameterMismatchException', 'x')).toHaveProperty('Message', 'x');
    expect(errorBody('ConditionalCheckFailedException', 'x')).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'x' });
    expect(errorBody('com.amazon.coral.validate#ValidationException', 'x')).toEqual({ __type: 'com.amazon.coral.validate#ValidationException', message: 'x' });
    expect(errorBody('UnknownOperationException')).toEqual({ __type: 'com.amazon.coral.service#UnknownOperationException' });
  });

  it('defaults a fault\'s message to DynamoDB\'s, keeps a given one, and adds extra members', () => {
    expect(JSON.parse(dynamodbError(400, 'ThrottlingException').body).message).toBe(DYNAMODB_FAULTS.ThrottlingException.message);
    expect(JSON.parse(dynamodbError(400, 'ThrottlingException', 'slow').body).message).toBe('slow');
    expect(JSON.parse(dynamodbError(400, 'ConditionalCheckFailedException', 'no', { Item: { id: { S: 'a' } } }).body)).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      Item: { id: { S: 'a' } },
      message: 'no',
    });
    expect(dynamodbFault('ServiceUnavailable').statusCode).toBe(503);
    expect(dynamodbFault('InternalServerError', 'REQ').headers['x-amzn-requestid']).toBe('REQ');
  });
});

describe('the SDK reads them as the real exception classes', () => {
  it.each([
    ['ProvisionedThroughputExceededException', ProvisionedThroughputExceededException, 400, 'client'],
    ['ThrottlingException', ThrottlingException, 400, 'client'],
    ['InternalServerError', InternalServerError, 500, 'server'],
  ] as const)('%s', async (fault, exceptionClass, status, faultSide) => {
    override.current = () => dynamodbFault(fault);
    const error = await get().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(exceptionClass);
    expect(error).toMatchObject({ $fault: faultSide, $metadata: { httpStatusCode: status } });
  });

  it('RequestLimitExceeded and ServiceUnavailable', async () => {
    override.current = () => dynamodbFault('RequestLimitExceeded');
    await expect(get()).rejects.toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 400 } });
    override.current = () => dynamodbError(503, 'ServiceUnavailable');
    await expect(get()).rejects.toMatchObject({ name: 'ServiceUnavailable', message: 'Service Unavailable', $metadata: { httpStatusCode: 503 } });
  });

  it('a ValidationException from the coral namespace is named by the SDK, with its message', async () => {
    override.current = () => dynamodbError(400, 'ValidationException', 'The provided key element does not match the schema');
    const error = await get().catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ValidationException', $fault: 'client', message: 'The provided key element does not match the schema' });
  });

  it('TransactionCanceledException carries its Message and CancellationReasons; IdempotentParameterMismatch its Message', async () => {
    const reasons = [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }];
    override.current = () => dynamodbError(400, 'TransactionCanceledException', 'Transaction cancelled', { CancellationReasons: reasons });
    const write = () => sdk.documents.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: { id: 'a' } } }] }));
    const cancelled = await write().catch((err: unknown) => err);
    expect(cancelled).toBeInstanceOf(TransactionCanceledException);
    expect(cancelled).toMatchObject({ message: 'Transaction cancelled', CancellationReasons: reasons });
    override.current = () => dynamodbError(400, 'IdempotentParameterMismatchException', 'same token');
    const mismatch = await write().catch((err: unknown) => err);
    expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchException);
    expect(mismatch).toMatchObject({ message: 'same token' });
  });

  it('uses the exact body format', () => {
    const response = dynamodbError(400, 'ValidationException', 'bad');
    expect(JSON.parse(response.body)).toEqual({ __type: 'com.amazon.coral.validate#ValidationException', message: 'bad' });
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(response.headers['x-amzn-requestid']).toMatch(/^[A-Z0-9]{52}$/);
    expect(JSON.parse(dynamodbFault('ProvisionedThroughputExceededException').body).__type).toBe(
      'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    );
  });
});
