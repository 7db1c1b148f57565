import { TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;

beforeAll(async () => {
  db = await EmbeddedDynamoDB.create();
  await db.declareTables([
    { TableName: 'accounts', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] },
    { TableName: 'owners', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] },
  ]);
  sdk = await sdkGateway((operation, body) => db.handle(operation, body));
  await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'alice', owner: 'a', balance: 100, address: { city: 'Oslo', zip: '0150' } } }));
  await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'bob', owner: 'b', balance: 5 } }));
  await sdk.documents.send(new PutCommand({ TableName: 'owners', Item: { id: 'a', name: 'Alice' } }));
});

afterAll(async () => {
  await sdk.close();
  await db.close();
});

describe('TransactGetItems', () => {
  it('reads every item, projected, with {} for a missing one', async () => {
    const result = await sdk.documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: 'accounts', Key: { id: 'bob' }, ProjectionExpression: 'balance' } },
          { Get: { TableName: 'accounts', Key: { id: 'nobody' } } },
          { Get: { TableName: 'accounts', Key: { id: 'alice' }, ProjectionExpression: '#a.city, id', ExpressionAttributeNames: { '#a': 'address' } } },
          { Get: { TableName: 'owners', Key: { id: 'a' } } },
        ],
      }),
    );
    expect(result.Responses).toEqual([{ Item: { balance: 5 } }, {}, { Item: { id: 'alice', address: { city: 'Oslo' } } }, { Item: { id: 'a', name: 'Alice' } }]);
  });

  it('refuses the same item twice', async () => {
    await expect(
      sdk.documents.send(
        new TransactGetCommand({
          TransactItems: [{ Get: { TableName: 'accounts', Key: { id: 'bob' } } }, { Get: { TableName: 'accounts', Key: { id: 'bob' } } }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'Transaction request cannot include multiple operations on one item' });
  });

  it('refuses a write among the items, and an empty list', async () => {
    const withPut = JSON.stringify({ TransactItems: [{ Put: { TableName: 'accounts', Item: { id: { S: 'x' } } } }] });
    expect(JSON.parse((await db.handle('TransactGetItems', withPut)).body)).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'TransactItems can only contain Get',
    });
    const empty = await db.handle('TransactGetItems', JSON.stringify({ TransactItems: [] }));
    expect(JSON.parse(empty.body).message).toContain('Member must have length greater than or equal to 1');
  });

  it('reports consumed capacity when asked: two read units per item, per table', async () => {
    const result = await sdk.client.send(
      new TransactGetItemsCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          { Get: { TableName: 'accounts', Key: { id: { S: 'alice' } } } },
          { Get: { TableName: 'accounts', Key: { id: { S: 'bob' } } } },
          { Get: { TableName: 'owners', Key: { id: { S: 'a' } } } },
        ],
      }),
    );
    expect(result.ConsumedCapacity).toEqual([
      { TableName: 'accounts', CapacityUnits: 4, ReadCapacityUnits: 4 },
      { TableName: 'owners', CapacityUnits: 2, ReadCapacityUnits: 2 },
    ]);
    const plain = await sdk.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: 'owners', Key: { id: { S: 'a' } } } }] }));
    expect(plain.ConsumedCapacity).toBeUndefined();
  });
});
