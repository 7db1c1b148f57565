import { describe, expect, it } from 'vitest';
import {
  createStore,
  DYNALITE_OPERATIONS,
  dynaliteOperation,
  getItem,
  getTable,
  isDynaliteOperation,
  runAction,
  validateRequest,
} from '../../../src/harness/dynamodb/dynalite-internals.js';

describe('dynalite internals', () => {
  it('loads the action and validation of every operation it lists', () => {
    for (const operation of DYNALITE_OPERATIONS) {
      const { action, validation } = dynaliteOperation(operation);
      expect(typeof action, operation).toBe('function');
      expect(validation.types, operation).toBeTypeOf('object');
    }
    expect(isDynaliteOperation('PutItem')).toBe(true);
    expect(isDynaliteOperation('TransactWriteItems')).toBe(false);
    expect(isDynaliteOperation('ExecuteStatement')).toBe(false);
  });

  it('validates as dynalite\'s HTTP front end: DynamoDB\'s messages, expressions parsed', () => {
    const store = createStore({});
    expect(validateRequest(store, 'GetItem', { Key: { id: { S: 'a' } } })).toEqual({
      ok: false,
      statusCode: 400,
      body: { __type: 'com.amazon.coral.validate#ValidationException', message: "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null" },
    });
    const checked = validateRequest(store, 'PutItem', { TableName: 'things', Item: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' });
    expect(checked).toMatchObject({ ok: true, data: { _condition: expect.any(Object) } });
  });

  it('answers a JSON null attribute value (which crashes dynalite\'s checks) as an empty AttributeValue', () => {
    expect(validateRequest(createStore({}), 'PutItem', { TableName: 'things', Item: { id: null } })).toEqual({
      ok: false,
      statusCode: 400,
      body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes' },
    });
  });

  it('runs actions to outcomes: data, or the DynamoDB error; a missing table or item is undefined', async () => {
    const store = createStore({ createTableMs: 0 });
    expect(await getTable(store, 'things', false)).toBeUndefined();
    expect(await runAction(store, 'DescribeTable', { TableName: 'things' })).toMatchObject({
      ok: false,
      statusCode: 400,
      body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException' },
    });
    const created = await runAction(store, 'CreateTable', {
      TableName: 'things',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(created).toMatchObject({ ok: true, data: { TableDescription: { TableName: 'things' } } });
    expect(await getTable(store, 'things', false)).toMatchObject({ TableName: 'things' });
    expect(await getItem(store, 'things', 'nothing')).toBeUndefined();
  });
});
