import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  ExecuteStatementCommand,
  GetItemCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;

beforeAll(async () => {
  db = await EmbeddedDynamoDB.start();
  await db.declareTables([
    {
      TableName: 'orders',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
    {
      TableName: 'counters',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    },
  ]);
  sdk = await sdkGateway((operation, body) => db.handle(operation, body));
});

afterAll(async () => {
  await sdk.close();
  await db.close();
});

beforeEach(async () => {
  await db.reset();
  db.clearProblems();
});

describe('EmbeddedDynamoDB.start', () => {
  it('returns the same instance on a second call, listening on loopback', async () => {
    expect(await EmbeddedDynamoDB.start()).toBe(db);
    expect(db.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the same tables over its own loopback endpoint', async () => {
    await sdk.documents.send(new PutCommand({ TableName: 'counters', Item: { id: 'a', n: 1 } }));
    const response = await fetch(db.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ TableName: 'counters', Key: { id: { S: 'a' } } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ Item: { id: { S: 'a' }, n: { N: '1' } } });
  });
});

describe('single-item operations through the DocumentClient', () => {
  it('puts, gets, updates with condition expressions and deletes', async () => {
    const { documents } = sdk;
    await documents.send(
      new PutCommand({
        TableName: 'orders',
        Item: { pk: 'o1', sk: 1, status: 'NEW', total: 3, tags: new Set(['a']) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    const put = await documents.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o1', sk: 1 } }));
    expect(put.Item).toEqual({ pk: 'o1', sk: 1, status: 'NEW', total: 3, tags: new Set(['a']) });

    const updated = await documents.send(
      new UpdateCommand({
        TableName: 'orders',
        Key: { pk: 'o1', sk: 1 },
        UpdateExpression: 'SET #s = :paid, #t = #t + :one',
        ConditionExpression: '#s = :new',
        ExpressionAttributeNames: { '#s': 'status', '#t': 'total' },
        ExpressionAttributeValues: { ':paid': 'PAID', ':new': 'NEW', ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(updated.Attributes).toMatchObject({ status: 'PAID', total: 4 });

    await documents.send(new DeleteCommand({ TableName: 'orders', Key: { pk: 'o1', sk: 1 }, ConditionExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'total' }, ExpressionAttributeValues: { ':t': 4 } }));
    expect((await documents.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o1', sk: 1 } }))).Item).toBeUndefined();
  });

  it('fails a condition with the real ConditionalCheckFailedException, with the item when asked', async () => {
    const { documents } = sdk;
    await documents.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o1', sk: 1, status: 'NEW' } }));
    const put = documents.send(
      new PutCommand({
        TableName: 'orders',
        Item: { pk: 'o1', sk: 1, status: 'OTHER' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await expect(put).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(put).rejects.toMatchObject({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } });

    const error = await sdk.client
      .send(
        new GetItemCommand({ TableName: 'orders', Key: { pk: { S: 'o1' }, sk: { N: '1' } } }),
      )
      .then(() =>
        documents.send(
          new UpdateCommand({
            TableName: 'orders',
            Key: { pk: 'o1', sk: 1 },
            UpdateExpression: 'SET #s = :x',
            ConditionExpression: '#s = :y',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':x': 'X', ':y': 'Y' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      )
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).Item).toEqual({ pk: { S: 'o1' }, sk: { N: '1' }, status: { S: 'NEW' } });
    expect((await documents.send(new GetCommand({ TableName: 'orders', Key: { pk: 'o1', sk: 1 } }))).Item?.status).toBe('NEW');
  });

  it('queries and scans', async () => {
    const { documents } = sdk;
    for (const sk of [3, 1, 2]) await documents.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o1', sk } }));
    await documents.send(new PutCommand({ TableName: 'orders', Item: { pk: 'o2', sk: 1 } }));
    const query = await documents.send(
      new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :pk AND sk >= :min', ExpressionAttributeValues: { ':pk': 'o1', ':min': 2 } }),
    );
    expect(query.Items?.map((item) => item.sk)).toEqual([2, 3]);
    const scan = await documents.send(new ScanCommand({ TableName: 'orders' }));
    expect(scan.Count).toBe(4);
  });

  it('answers validation errors as ValidationException', async () => {
    const error = await sdk.documents
      .send(new PutCommand({ TableName: 'orders', Item: { pk: 'o1' } }))
      .catch((err: unknown) => err as Error);
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: Missing the key sk in the item',
      $fault: 'client',
    });
  });
});

describe('batch operations', () => {
  it('writes and reads in batches, reads in request order', async () => {
    const { documents } = sdk;
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    await documents.send(
      new BatchWriteCommand({
        RequestItems: {
          counters: ids.map((id, n) => ({ PutRequest: { Item: { id, n } } })),
          orders: [{ PutRequest: { Item: { pk: 'o1', sk: 1 } } }],
        },
      }),
    );
    const got = await documents.send(
      new BatchGetCommand({ RequestItems: { counters: { Keys: [...ids].reverse().map((id) => ({ id })) } } }),
    );
    expect(got.Responses?.counters?.map((item) => item.id)).toEqual([...ids].reverse());
    await documents.send(
      new BatchWriteCommand({ RequestItems: { counters: ids.slice(0, 10).map((id) => ({ DeleteRequest: { Key: { id } } })) } }),
    );
    expect((await db.snapshot()).counters).toHaveLength(10);
  });
});

describe('undeclared tables and unsupported operations', () => {
  it('answers ResourceNotFoundException for an undeclared table and records the problem', async () => {
    const put = sdk.documents.send(new PutCommand({ TableName: 'ghost', Item: { id: 'x' } }));
    await expect(put).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(put).rejects.toMatchObject({ message: 'Requested resource not found' });
    await expect(
      sdk.documents.send(new BatchWriteCommand({ RequestItems: { phantom: [{ PutRequest: { Item: { id: 'x' } } }] } })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sdk.client.send(new DescribeTableCommand({ TableName: 'ghost' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(db.problems).toEqual([
      {
        kind: 'undeclared-table',
        table: 'ghost',
        operation: 'PutItem',
        message:
          'The handler called PutItem on table "ghost", which is not declared: add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)',
      },
      expect.objectContaining({ table: 'phantom', operation: 'BatchWriteItem' }),
      expect.objectContaining({ table: 'ghost', operation: 'DescribeTable' }),
    ]);
    expect(db.takeProblems()).toHaveLength(3);
    expect(db.problems).toEqual([]);
  });

  it('answers an operation dynalite lacks with UnknownOperationException and records it', async () => {
    const error = await sdk.client.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM orders' })).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'UnknownOperationException' });
    expect(db.problems).toEqual([expect.objectContaining({ kind: 'unsupported-operation', operation: 'ExecuteStatement' })]);
  });
});
