import {
  IdempotentParameterMismatchException,
  TransactWriteItemsCommand,
  TransactionCanceledException,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';
import { sdkGateway } from './sdk-gateway.js';

let db: EmbeddedDynamoDB;
let sdk: Awaited<ReturnType<typeof sdkGateway>>;
let clock = 1_700_000_000_000;

beforeAll(async () => {
  db = await EmbeddedDynamoDB.start();
  db.setClock(() => clock);
  await db.declareTables([
    {
      TableName: 'accounts',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        { IndexName: 'by-owner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      ],
    },
    {
      TableName: 'ledger',
      KeySchema: [
        { AttributeName: 'account', KeyType: 'HASH' },
        { AttributeName: 'seq', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'account', AttributeType: 'S' },
        { AttributeName: 'seq', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
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
  await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'alice', owner: 'a', balance: 100 } }));
  await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'bob', owner: 'b', balance: 5 } }));
});

const transfer = (amount: number, token?: string) =>
  new TransactWriteCommand({
    ClientRequestToken: token,
    TransactItems: [
      {
        Update: {
          TableName: 'accounts',
          Key: { id: 'alice' },
          UpdateExpression: 'SET balance = balance - :amount',
          ConditionExpression: 'balance >= :amount',
          ExpressionAttributeValues: { ':amount': amount },
        },
      },
      {
        Update: {
          TableName: 'accounts',
          Key: { id: 'bob' },
          UpdateExpression: 'SET balance = balance + :amount',
          ExpressionAttributeValues: { ':amount': amount },
        },
      },
      { Put: { TableName: 'ledger', Item: { account: 'alice', seq: amount, amount }, ConditionExpression: 'attribute_not_exists(seq)' } },
      { ConditionCheck: { TableName: 'ledger', Key: { account: 'bob', seq: 0 }, ConditionExpression: 'attribute_not_exists(seq)' } },
    ],
  });

async function balances(): Promise<Record<string, unknown>> {
  const snapshot = await db.snapshot();
  return Object.fromEntries(snapshot.accounts!.map((item) => [(item.id as { S: string }).S, (item.balance as { N: string }).N]));
}

describe('TransactWriteItems', () => {
  it('applies every item when every condition holds', async () => {
    await sdk.documents.send(transfer(30));
    expect(await balances()).toEqual({ alice: '70', bob: '35' });
    expect((await db.snapshot()).ledger).toEqual([{ account: { S: 'alice' }, seq: { N: '30' }, amount: { N: '30' } }]);
  });

  it('cancels with TransactionCanceledException and the reasons, applying nothing', async () => {
    const error = await sdk.documents.send(transfer(500)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const cancelled = error as TransactionCanceledException;
    expect(cancelled.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]',
    );
    expect(cancelled.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
      { Code: 'None' },
      { Code: 'None' },
    ]);
    expect(cancelled.$metadata.httpStatusCode).toBe(400);
    expect(await balances()).toEqual({ alice: '100', bob: '5' });
    expect((await db.snapshot()).ledger).toEqual([]);
  });

  it('returns the old item of a failed condition with ReturnValuesOnConditionCheckFailure ALL_OLD', async () => {
    const error = (await sdk.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: 'ledger', Item: { account: { S: 'x' }, seq: { N: '1' } } } },
            {
              ConditionCheck: {
                TableName: 'accounts',
                Key: { id: { S: 'bob' } },
                ConditionExpression: 'balance > :min',
                ExpressionAttributeValues: { ':min': { N: '10' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      )
      .catch((err: unknown) => err)) as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { id: { S: 'bob' }, owner: { S: 'b' }, balance: { N: '5' } },
      },
    ]);
    expect((await db.snapshot()).ledger).toEqual([]);
  });

  it('rolls back writes already made when an update fails while applying (ValidationError)', async () => {
    const error = (await sdk.documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'ledger', Item: { account: 'alice', seq: 1 } } },
            { Delete: { TableName: 'accounts', Key: { id: 'alice' } } },
            { Update: { TableName: 'accounts', Key: { id: 'bob' }, UpdateExpression: 'SET balance = absentAttr + :one', ExpressionAttributeValues: { ':one': 1 } } },
          ],
        }),
      )
      .catch((err: unknown) => err)) as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['None', 'None', 'ValidationError']);
    expect(error.CancellationReasons?.[2]?.Message).toBe('The provided expression refers to an attribute that does not exist in the item');
    expect(await balances()).toEqual({ alice: '100', bob: '5' });
    expect((await db.snapshot()).ledger).toEqual([]);
    // the secondary index was restored along with the item
    const response = await db.handle(
      'Query',
      JSON.stringify({ TableName: 'accounts', IndexName: 'by-owner', KeyConditionExpression: '#o = :a', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':a': { S: 'a' } } }),
    );
    expect(JSON.parse(response.body).Count).toBe(1);
  });

  it('refuses two operations on the same item with a ValidationException', async () => {
    const error = await sdk.documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'accounts', Item: { id: 'carol', balance: 1 } } },
            { ConditionCheck: { TableName: 'accounts', Key: { id: 'carol' }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      )
      .catch((err: unknown) => err);
    expect(error).toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    expect(Object.keys(await balances())).toEqual(['alice', 'bob']);
  });

  it('refuses more than 100 items and malformed items', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ Put: { TableName: 'ledger', Item: { account: 'a', seq: i } } }));
    await expect(sdk.documents.send(new TransactWriteCommand({ TransactItems: many }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Member must have length less than or equal to 100'),
    });
    const both = await db.handle(
      'TransactWriteItems',
      JSON.stringify({
        TransactItems: [
          { Put: { TableName: 'ledger', Item: { account: { S: 'a' }, seq: { N: '1' } } }, Delete: { TableName: 'ledger', Key: { account: { S: 'a' }, seq: { N: '2' } } } },
        ],
      }),
    );
    expect(both.statusCode).toBe(400);
    expect(JSON.parse(both.body)).toEqual({
      __type: 'com.amazon.coral.validate#ValidationException',
      message: 'TransactItems can only contain one of Check, Put, Update or Delete',
    });
    const badExpression = await sdk.documents
      .send(new TransactWriteCommand({ TransactItems: [{ Update: { TableName: 'accounts', Key: { id: 'bob' }, UpdateExpression: 'SET' } }] }))
      .catch((err: unknown) => err);
    expect(badExpression).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/^Invalid UpdateExpression: Syntax error/) });
    expect(await balances()).toEqual({ alice: '100', bob: '5' });
  });

  it('applies a ClientRequestToken once within ten minutes, and refuses it for another request', async () => {
    await sdk.documents.send(transfer(10, 'token-1'));
    await sdk.documents.send(transfer(10, 'token-1'));
    expect(await balances()).toEqual({ alice: '90', bob: '15' });

    const mismatch = await sdk.documents.send(transfer(20, 'token-1')).catch((err: unknown) => err);
    expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchException);
    expect(await balances()).toEqual({ alice: '90', bob: '15' });

    clock += 10 * 60 * 1000;
    // the ledger entry for 10 exists now, so the same request is re-run and cancelled
    await expect(sdk.documents.send(transfer(10, 'token-1'))).rejects.toBeInstanceOf(TransactionCanceledException);
    await sdk.documents.send(transfer(20, 'token-1'));
    expect(await balances()).toEqual({ alice: '70', bob: '35' });
  });

  it('answers ResourceNotFoundException for an undeclared table in any item and records it', async () => {
    const error = await sdk.documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: 'ledger', Item: { account: 'a', seq: 1 } } },
            { Put: { TableName: 'audit', Item: { id: 'x' } } },
          ],
        }),
      )
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(db.problems).toEqual([expect.objectContaining({ kind: 'undeclared-table', table: 'audit', operation: 'TransactWriteItems' })]);
    expect((await db.snapshot()).ledger).toEqual([]);
  });
});

describe('serialization', () => {
  it('lets no concurrent request observe half a transaction', async () => {
    const reads = Array.from({ length: 30 }, () => sdk.documents.send(new GetCommand({ TableName: 'accounts', Key: { id: 'alice' } })));
    const writes = Array.from({ length: 10 }, (_, i) =>
      sdk.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: 'accounts', Key: { id: 'alice' }, UpdateExpression: 'SET balance = balance - :one', ExpressionAttributeValues: { ':one': 1 } } },
            { Update: { TableName: 'accounts', Key: { id: 'bob' }, UpdateExpression: 'SET balance = balance + :one', ExpressionAttributeValues: { ':one': 1 } } },
            { Put: { TableName: 'ledger', Item: { account: 'alice', seq: i } } },
          ],
        }),
      ),
    );
    const sums = Array.from({ length: 30 }, async () => {
      const result = await sdk.documents.send(
        new TransactGetCommand({
          TransactItems: [{ Get: { TableName: 'accounts', Key: { id: 'alice' } } }, { Get: { TableName: 'accounts', Key: { id: 'bob' } } }],
        }),
      );
      return (result.Responses?.[0]?.Item?.balance as number) + (result.Responses?.[1]?.Item?.balance as number);
    });
    await Promise.all([...reads, ...writes]);
    expect(new Set(await Promise.all(sums))).toEqual(new Set([105]));
    expect(await balances()).toEqual({ alice: '90', bob: '15' });
  });
});

describe('TransactWriteItems: reasons, tokens and capacity (DynamoDB API reference, TransactWriteItems)', () => {
  it('gives one CancellationReason per item, in item order, for every failed condition', async () => {
    const error = (await sdk.documents
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: 'accounts', Key: { id: 'bob' }, ConditionExpression: 'balance > :n', ExpressionAttributeValues: { ':n': 10 } } },
            { Put: { TableName: 'ledger', Item: { account: 'bob', seq: 1 } } },
            { Delete: { TableName: 'accounts', Key: { id: 'alice' }, ConditionExpression: 'attribute_not_exists(id)' } },
          ],
        }),
      )
      .catch((err: unknown) => err)) as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual(['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']);
    expect(error.message).toContain('[ConditionalCheckFailed, None, ConditionalCheckFailed]');
    expect(await balances()).toEqual({ alice: '100', bob: '5' });
  });

  it('remembers the token of a successful call only: a cancelled call may be retried with its token', async () => {
    const debit = (token: string) =>
      new TransactWriteCommand({
        ClientRequestToken: token,
        TransactItems: [
          { Update: { TableName: 'accounts', Key: { id: 'bob' }, UpdateExpression: 'SET balance = balance - :n', ConditionExpression: 'balance >= :n', ExpressionAttributeValues: { ':n': 8 } } },
        ],
      });
    await expect(sdk.documents.send(debit('retry-1'))).rejects.toBeInstanceOf(TransactionCanceledException);
    await sdk.documents.send(new PutCommand({ TableName: 'accounts', Item: { id: 'bob', owner: 'b', balance: 9 } }));
    await sdk.documents.send(debit('retry-1'));
    await sdk.documents.send(debit('retry-1'));
    expect(await balances()).toEqual({ alice: '100', bob: '1' });
  });

  it('replays a token just inside the ten minutes, whatever the table holds now', async () => {
    await sdk.documents.send(transfer(10, 'window-1'));
    clock += 10 * 60 * 1000 - 1;
    // the same request run again would be cancelled (its ledger entry exists): a replay answers success
    await sdk.documents.send(transfer(10, 'window-1'));
    expect(await balances()).toEqual({ alice: '90', bob: '15' });
  });

  it('refuses a ClientRequestToken longer than 36 characters', async () => {
    const error = await sdk.documents.send(transfer(1, 'x'.repeat(37))).catch((err: unknown) => err);
    expect(error).toMatchObject({ name: 'ValidationException', message: expect.stringContaining("at 'clientRequestToken' failed to satisfy constraint") });
    expect(await balances()).toEqual({ alice: '100', bob: '5' });
  });

  it('reports consumed capacity when asked: two write units per item, per table', async () => {
    const result = await sdk.client.send(
      new TransactWriteItemsCommand({
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          { Put: { TableName: 'ledger', Item: { account: { S: 'a' }, seq: { N: '1' } } } },
          { Put: { TableName: 'ledger', Item: { account: { S: 'a' }, seq: { N: '2' } } } },
          { ConditionCheck: { TableName: 'accounts', Key: { id: { S: 'bob' } }, ConditionExpression: 'attribute_exists(id)' } },
        ],
      }),
    );
    expect(result.ConsumedCapacity).toEqual([
      { TableName: 'ledger', CapacityUnits: 4, WriteCapacityUnits: 4 },
      { TableName: 'accounts', CapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);
  });
});
