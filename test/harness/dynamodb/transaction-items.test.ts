import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, getTable, runAction, type DynaliteStore } from '../../../src/harness/dynamodb/dynalite-internals.js';
import { locateItems, MAX_TRANSACTION_ITEMS, transactItemsOf, type LocatedItem } from '../../../src/harness/dynamodb/transaction-items.js';

const WRITES = ['ConditionCheck', 'Put', 'Delete', 'Update'];
const ONE = 'TransactItems can only contain one of Check, Put, Update or Delete';
let store: DynaliteStore;

beforeAll(async () => {
  store = createStore({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  for (const TableName of ['things', 'others']) {
    const created = await runAction(store, 'CreateTable', {
      TableName,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(created.ok).toBe(true);
  }
  while ((await getTable(store, 'others', false))?.TableStatus !== 'ACTIVE') await new Promise((resolve) => setTimeout(resolve, 1));
});

const put = (id: string, table = 'things') => ({ Put: { TableName: table, Item: { id: { S: id } } } });
const message = (outcome: LocatedItem[] | { body: Record<string, unknown> }) => (Array.isArray(outcome) ? undefined : outcome.body.message);

describe('transactItemsOf', () => {
  it('answers a missing list as DynamoDB does, a list of another type as a SerializationException', () => {
    expect(transactItemsOf({})).toMatchObject({ statusCode: 400, body: { message: expect.stringContaining("Value null at 'transactItems'") } });
    expect(transactItemsOf({ TransactItems: 'x' })).toMatchObject({ body: { __type: 'com.amazon.coral.service#SerializationException' } });
  });

  it(`accepts 1 to ${MAX_TRANSACTION_ITEMS} items`, () => {
    expect(transactItemsOf({ TransactItems: [] })).toMatchObject({ body: { message: expect.stringContaining('length greater than or equal to 1') } });
    expect(transactItemsOf({ TransactItems: [1] })).toEqual([1]);
    expect(transactItemsOf({ TransactItems: new Array(100).fill(0) })).toHaveLength(100);
    expect(transactItemsOf({ TransactItems: new Array(101).fill(0) })).toMatchObject({
      body: { message: "1 validation error detected: Value '[101 items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100" },
    });
  });
});

describe('locateItems', () => {
  it('locates each item with its kind, table and key attributes, in order', async () => {
    const located = (await locateItems(store, [put('a'), { Delete: { TableName: 'others', Key: { id: { S: 'a' } } } }], WRITES, ONE)) as LocatedItem[];
    expect(located.map((item) => [item.kind, item.table.TableName, item.keyAttributes])).toEqual([
      ['Put', 'things', { id: { S: 'a' } }],
      ['Delete', 'others', { id: { S: 'a' } }],
    ]);
  });

  it('refuses one item touched twice, whatever the operations; the same key in two tables is two items', async () => {
    const twice = await locateItems(store, [put('a'), { ConditionCheck: { TableName: 'things', Key: { id: { S: 'a' } }, ConditionExpression: 'attribute_exists(id)' } }], WRITES, ONE);
    expect(twice).toMatchObject({ statusCode: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Transaction request cannot include multiple operations on one item' } });
    expect(Array.isArray(await locateItems(store, [put('a'), put('a', 'others')], WRITES, ONE))).toBe(true);
  });

  it('refuses an item with no operation, two operations or one of another kind', async () => {
    expect(message(await locateItems(store, [{}], WRITES, ONE))).toBe(ONE);
    expect(message(await locateItems(store, [{ ...put('a'), Delete: { TableName: 'things', Key: { id: { S: 'a' } } } }], WRITES, ONE))).toBe(ONE);
    expect(message(await locateItems(store, [{ Get: { TableName: 'things', Key: { id: { S: 'a' } } } }], WRITES, ONE))).toBe(ONE);
    expect(message(await locateItems(store, [null], WRITES, ONE))).toBe(ONE);
  });

  it('names the member path of a validation error from the top of the request', async () => {
    expect(message(await locateItems(store, [put('a'), { Update: { TableName: 'things', UpdateExpression: 'SET a = :v', ExpressionAttributeValues: { ':v': { S: 'x' } } } }], WRITES, ONE))).toBe(
      "1 validation error detected: Value null at 'transactItems.2.member.update.key' failed to satisfy constraint: Member must not be null",
    );
    expect(message(await locateItems(store, [{ ConditionCheck: { TableName: 'things', Key: { id: { S: 'a' } } } }], WRITES, ONE))).toBe(
      "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null",
    );
    expect(message(await locateItems(store, [{ Put: { ...put('a').Put, ReturnValuesOnConditionCheckFailure: 'ALL_NEW' } }], WRITES, ONE))).toBe(
      "1 validation error detected: Value 'ALL_NEW' at 'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]",
    );
  });

  it('answers a key that does not match the schema, a bad expression and a missing table as DynamoDB does', async () => {
    expect(message(await locateItems(store, [{ Delete: { TableName: 'things', Key: { id: { N: '1' } } } }], WRITES, ONE))).toBe('The provided key element does not match the schema');
    expect(message(await locateItems(store, [{ Put: { ...put('a').Put, ConditionExpression: 'a = :missing' } }], WRITES, ONE))).toBe(
      'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    );
    expect(await locateItems(store, [put('a', 'ghost')], WRITES, ONE)).toMatchObject({
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'Requested resource not found' },
    });
  });

  it('keeps ReturnValuesOnConditionCheckFailure ALL_OLD and the parsed condition on the item', async () => {
    const [item] = (await locateItems(store, [{ Put: { ...put('a').Put, ConditionExpression: 'attribute_exists(id)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } }], WRITES, ONE)) as LocatedItem[];
    expect(item!.data.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(item!.data._condition).toBeDefined();
  });
});
