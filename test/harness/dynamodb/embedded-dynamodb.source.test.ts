import { GetItemCommand, QueryCommand, ResourceNotFoundException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;

const orders = {
  TableName: 'orders',
  KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }],
  GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
};
const replica = { TableName: 'replica', KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }] };

beforeAll(async () => {
  db = await EmbeddedDynamoDB.create();
  sdk = await sdkGateway((operation, body) => db.handle(operation, body));
  await db.declareTables([replica]);
  await db.declareSourceTable(orders, 'table');
});

afterAll(async () => {
  await sdk.close();
  await db.close();
});

describe('the source table (the table whose stream the function reads)', () => {
  it('holds what applySource wrote, readable by GetItem and through its indexes', async () => {
    await db.reset();
    await db.applySource([
      { key: { orderId: { S: 'o1' } }, item: { orderId: { S: 'o1' }, status: { S: 'NEW' } } },
      { key: { orderId: { S: 'o2' } }, item: { orderId: { S: 'o2' }, status: { S: 'NEW' } } },
      { key: { orderId: { S: 'o2' } }, item: null },
    ]);
    expect((await sdk.documents.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'o1' }, ConsistentRead: true }))).Item).toEqual({ orderId: 'o1', status: 'NEW' });
    expect((await sdk.client.send(new GetItemCommand({ TableName: 'orders', Key: { orderId: { S: 'o2' } } }))).Item).toBeUndefined();
    const byStatus = await sdk.client.send(new QueryCommand({ TableName: 'orders', IndexName: 'by-status', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'NEW' } } }));
    expect(byStatus.Items).toEqual([{ orderId: { S: 'o1' }, status: { S: 'NEW' } }]);
  });

  it('is no downstream table: snapshots leave it out, and reset empties it', async () => {
    await db.applySource([{ key: { orderId: { S: 'o3' } }, item: { orderId: { S: 'o3' } } }]);
    expect(Object.keys(await db.snapshot())).toEqual(['replica']);
    await db.reset();
    expect((await sdk.documents.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'o3' } }))).Item).toBeUndefined();
    // declaring the downstream tables again keeps it
    await db.declareTables([replica]);
    expect(db.tableNames).toEqual(['replica', 'orders']);
  });

  it('refuses every write to it as a problem of the setup, naming the loop it would make; a ConditionCheck only reads it', async () => {
    db.clearProblems();
    await expect(sdk.documents.send(new PutCommand({ TableName: 'orders', Item: { orderId: 'o1' } }))).rejects.toThrow(/not modelled/);
    await expect(sdk.documents.send(new UpdateCommand({ TableName: 'orders', Key: { orderId: 'o1' }, UpdateExpression: 'SET processed = :t', ExpressionAttributeValues: { ':t': true } }))).rejects.toThrow();
    await expect(sdk.documents.send(new DeleteCommand({ TableName: 'orders', Key: { orderId: 'o1' } }))).rejects.toThrow();
    expect(db.takeProblems().map((p) => [p.kind, p.operation])).toEqual([['source-table-write', 'PutItem'], ['source-table-write', 'UpdateItem'], ['source-table-write', 'DeleteItem']]);
    await db.applySource([{ key: { orderId: { S: 'o1' } }, item: { orderId: { S: 'o1' } } }]);
    await sdk.client.send(new TransactWriteItemsCommand({ TransactItems: [
      { ConditionCheck: { TableName: 'orders', Key: { orderId: { S: 'o1' } }, ConditionExpression: 'attribute_exists(orderId)' } },
      { Put: { TableName: 'replica', Item: { orderId: { S: 'o1' } } } },
    ] }));
    expect(db.takeProblems()).toEqual([]);
    await expect(sdk.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: 'orders', Item: { orderId: { S: 'o9' } } } }] }))).rejects.toThrow();
    const [problem] = db.takeProblems();
    expect(problem).toMatchObject({ kind: 'source-table-write', operation: 'TransactWriteItems' });
    expect(problem!.message).toMatch(/^The handler called TransactWriteItems on "orders", the table whose stream it reads: in AWS that write adds a record to the same stream/);
  });
});

describe('items the downstream tables start with (downstream.dynamodb.items)', () => {
  it('are there now and after every reset, whatever the handler did to them; a bad one names its table and position', async () => {
    await db.seed({ replica: [{ orderId: { S: 'o1' }, stock: { N: '5' } }] });
    await sdk.documents.send(new UpdateCommand({ TableName: 'replica', Key: { orderId: 'o1' }, UpdateExpression: 'ADD stock :d', ExpressionAttributeValues: { ':d': -2 } }));
    await sdk.documents.send(new PutCommand({ TableName: 'replica', Item: { orderId: 'o2' } }));
    expect((await db.snapshot()).replica).toEqual([{ orderId: { S: 'o1' }, stock: { N: '3' } }, { orderId: { S: 'o2' } }]);
    await db.reset();
    expect((await db.snapshot()).replica).toEqual([{ orderId: { S: 'o1' }, stock: { N: '5' } }]);
    await expect(db.seed({ replica: [{ orderId: { S: 'o1' } }, { stock: { N: '1' } }] })).rejects.toThrow(/^downstream\.dynamodb\.items\.replica\[1\]: .*key/i);
    await db.seed({});
    await db.reset();
    expect((await db.snapshot()).replica).toEqual([]);
  });
});

describe('an undeclared table near the source table\'s name', () => {
  it('a write is not pointed at the source table (never a write\'s target); a read may be', async () => {
    db.clearProblems();
    await expect(sdk.documents.send(new PutCommand({ TableName: 'order', Item: { orderId: 'o1' } }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(sdk.documents.send(new GetCommand({ TableName: 'order', Key: { orderId: 'o1' } }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    const [write, read] = db.takeProblems();
    expect(write!.message).not.toContain('did you mean "orders"');
    expect(read!.message).toContain('did you mean "orders"?');
  });
});

describe('an undeclared table when the config names no source table', () => {
  it('the problem says how to name the source table, and how to declare a downstream one', async () => {
    const unnamed = await EmbeddedDynamoDB.create();
    const gateway = await sdkGateway((operation, body) => unnamed.handle(operation, body));
    try {
      unnamed.sourceUnnamed();
      await expect(gateway.documents.send(new GetCommand({ TableName: 'orders', Key: { orderId: 'o1' } }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      expect(unnamed.takeProblems()[0]!.message).toBe('The handler called GetItem on table "orders", which is not declared: if it is the table whose stream the function reads, set table.TableName: "orders" in conformance.config (the handler then reads it as it was at each invocation); if it is another table, add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)');
    } finally {
      await gateway.close();
      await unnamed.close();
    }
  });
});
