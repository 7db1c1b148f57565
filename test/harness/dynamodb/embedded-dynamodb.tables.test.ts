import { DeleteTableCommand, DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB, TableDeclarationError } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;

/** AWS::DynamoDB::Table properties as pasted from a template. */
const replicaProperties = {
  TableName: 'replica',
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'N' },
  ],
  TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
  StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  SSESpecification: { SSEEnabled: true },
  Tags: [{ Key: 'team', Value: 'orders' }],
  TableClass: 'STANDARD',
  DeletionProtectionEnabled: true,
  ContributorInsightsSpecification: { Enabled: false },
  KinesisStreamSpecification: { StreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/x' },
};

const binaryKeyed = {
  TableName: 'blobs',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'B' }],
  ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: '5' },
};

beforeAll(async () => {
  db = await EmbeddedDynamoDB.start();
  sdk = await sdkGateway((operation, body) => db.handle(operation, body));
});

afterAll(async () => {
  await sdk.close();
  await db.close();
});

describe('declareTables', () => {
  it('creates tables from CloudFormation properties, PAY_PER_REQUEST and TTL included, ACTIVE at once', async () => {
    await db.declareTables([replicaProperties, { Type: 'AWS::DynamoDB::Table', Properties: binaryKeyed }]);
    expect(db.tableNames).toEqual(['replica', 'blobs']);
    const { Table } = await sdk.client.send(new DescribeTableCommand({ TableName: 'replica' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    await sdk.documents.send(new PutCommand({ TableName: 'replica', Item: { pk: 'a', sk: 1, expiresAt: 1 } }));
    await sdk.documents.send(new PutCommand({ TableName: 'blobs', Item: { id: new Uint8Array([1, 2]) } }));
  });

  it('is idempotent: declaring the same tables again keeps them and their items', async () => {
    await db.declareTables([replicaProperties, { Type: 'AWS::DynamoDB::Table', Properties: binaryKeyed }]);
    expect((await db.snapshot()).replica).toHaveLength(1);
  });

  it('adds to the tables declared before when additive', async () => {
    await db.declareTables(
      [{ TableName: 'extra', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }],
      { additive: true },
    );
    expect(db.tableNames).toEqual(['replica', 'blobs', 'extra']);
    expect((await db.snapshot()).replica).toHaveLength(1);
  });

  it('recreates a table declared differently and drops those not listed', async () => {
    await db.declareTables(
      [{ ...replicaProperties, GlobalSecondaryIndexes: [{ IndexName: 'by-sk', KeySchema: [{ AttributeName: 'sk', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }] }],
    );
    expect(db.tableNames).toEqual(['replica']);
    expect(await db.snapshot()).toEqual({ replica: [] });
    await expect(sdk.documents.send(new GetCommand({ TableName: 'blobs', Key: { id: new Uint8Array([1]) } }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    db.clearProblems();
  });

  it.each([
    [[{ KeySchema: [], AttributeDefinitions: [] }], 'downstream.dynamodb.tables[0].TableName: required'],
    [[replicaProperties, { TableName: 't2', AttributeDefinitions: [] }], 'downstream.dynamodb.tables[1].KeySchema: required'],
    [[{ TableName: 't3', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }], 'downstream.dynamodb.tables[0].AttributeDefinitions: required'],
    [[{ ...replicaProperties, Tabel: 'x' }], 'downstream.dynamodb.tables[0].Tabel: unknown key'],
    [[{ Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'x', AttributeDefinitions: [] } }], 'downstream.dynamodb.tables[0].Properties.KeySchema: required'],
    [[replicaProperties, replicaProperties], 'downstream.dynamodb.tables[1].TableName: table "replica" is already declared'],
    [
      [{ TableName: 'bad', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] }],
      'downstream.dynamodb.tables[0]: One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions',
    ],
    ['not a list', 'downstream.dynamodb.tables: must be a list'],
  ])('reports a bad declaration with its key path (%#)', async (tables, message) => {
    const error = await db.declareTables(tables).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TableDeclarationError);
    expect((error as Error).message.startsWith(message)).toBe(true);
    expect(db.tableNames).toEqual(['replica']);
  });
});

describe('reset and snapshot', () => {
  const orders = {
    TableName: 'orders',
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
  };

  it('empties every table while SDK clients keep working', async () => {
    await db.declareTables([replicaProperties, orders]);
    for (let i = 0; i < 30; i++) {
      await sdk.documents.send(new PutCommand({ TableName: 'orders', Item: { pk: `p${i % 3}`, sk: i } }));
      await sdk.documents.send(new PutCommand({ TableName: 'replica', Item: { pk: `p${i}`, sk: i } }));
    }
    await db.reset();
    expect(await db.snapshot()).toEqual({ replica: [], orders: [] });
    await sdk.documents.send(new PutCommand({ TableName: 'orders', Item: { pk: 'after', sk: 1 } }));
    expect((await db.snapshot()).orders).toEqual([{ pk: { S: 'after' }, sk: { N: '1' } }]);
  });

  it('empties secondary indexes along with the items', async () => {
    const accounts = {
      TableName: 'accounts',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [{ IndexName: 'by-owner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    };
    await db.declareTables([accounts], { additive: true });
    await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'alice', owner: 'a' } }));
    const byOwner = JSON.stringify({ TableName: 'accounts', IndexName: 'by-owner', KeyConditionExpression: '#o = :a', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':a': { S: 'a' } } });
    expect(JSON.parse((await db.handle('Query', byOwner)).body).Count).toBe(1);
    await db.reset();
    expect(JSON.parse((await db.handle('Query', byOwner)).body)).toMatchObject({ Count: 0, Items: [] });
    await db.declareTables([replicaProperties, orders]);
  });

  it('rebuilds a table the handler deleted', async () => {
    await sdk.client.send(new DeleteTableCommand({ TableName: 'orders' }));
    await db.reset();
    await sdk.documents.send(new PutCommand({ TableName: 'orders', Item: { pk: 'x', sk: 1 } }));
    expect((await db.snapshot()).orders).toHaveLength(1);
  });

  it('sorts items by hash key then range key, numbers by value and strings by bytes', async () => {
    await db.reset();
    const keys: [string, number][] = [
      ['b', 10], ['a', 2], ['b', -1.5], ['a', 10], ['é', 0], ['B', 3], ['b', 9], ['a', -20],
    ];
    for (const [pk, sk] of keys) await sdk.documents.send(new PutCommand({ TableName: 'orders', Item: { pk, sk } }));
    const order = (await db.snapshot()).orders!.map((item) => [(item.pk as { S: string }).S, Number((item.sk as { N: string }).N)]);
    expect(order).toEqual([
      ['B', 3], ['a', -20], ['a', 2], ['a', 10], ['b', -1.5], ['b', 9], ['b', 10], ['é', 0],
    ]);
  });
});
