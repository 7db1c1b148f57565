import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedDynamoDB } from '../../../src/harness/dynamodb/index.js';

/**
 * Whatever a handler sends, the gateway answers like DynamoDB (200 or a 4xx error with a DynamoDB
 * `__type`), never with a crash of its own (500 and an internal-error problem).
 */

let db: EmbeddedDynamoDB;

beforeAll(async () => {
  db = await EmbeddedDynamoDB.start();
  await db.declareTables([
    { TableName: 'orders', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
  ]);
});

afterAll(() => db.close());

const OPERATIONS = [
  'PutItem', 'GetItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchWriteItem', 'BatchGetItem',
  'TransactWriteItems', 'TransactGetItems', 'DescribeTable',
];

const attributeValue = fc.oneof(
  fc.record({ S: fc.string() }),
  fc.record({ N: fc.oneof(fc.string(), fc.integer().map(String)) }),
  fc.jsonValue(),
);
const item = fc.dictionary(fc.constantFrom('pk', 'a', 'b'), attributeValue, { maxKeys: 3 });
const member = fc.record(
  {
    TableName: fc.constantFrom('orders', 'orders', 'ghost'),
    Item: item,
    Key: item,
    ConditionExpression: fc.constantFrom('attribute_exists(pk)', 'a = :v', 'bad ((('),
    UpdateExpression: fc.constantFrom('SET a = :v', 'ADD b :v', 'SET a = a + :v'),
    ExpressionAttributeValues: fc.dictionary(fc.constantFrom(':v', ':w'), attributeValue, { maxKeys: 2 }),
    ReturnValuesOnConditionCheckFailure: fc.constantFrom('ALL_OLD', 'NONE', 'X'),
  },
  { requiredKeys: [] },
);
const requestBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  member,
  fc.record(
    {
      TransactItems: fc.array(
        fc.oneof(
          fc.record({ Put: member }),
          fc.record({ Update: member }),
          fc.record({ Delete: member }),
          fc.record({ ConditionCheck: member }),
          fc.record({ Get: member }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { maxLength: 4 },
      ),
      ClientRequestToken: fc.constantFrom('t1', 't2'),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    RequestItems: fc.dictionary(
      fc.constantFrom('orders', 'ghost'),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.record({ PutRequest: fc.record({ Item: item }) })), fc.record({ Keys: fc.array(item) })),
    ),
  }),
);

describe('malformed requests', () => {
  it('are answered with DynamoDB errors, never with a crash', () =>
    fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), requestBody, async (operation, body) => {
        const response = await db.handle(operation, JSON.stringify(body) ?? '');
        expect(response.statusCode === 200 || response.statusCode === 400).toBe(true);
        if (response.statusCode === 400) expect(JSON.parse(response.body).__type).toMatch(/^com\.amazon(aws\.dynamodb\.v20120810|\.coral\.\w+)#\w+$/);
        expect(db.problems.filter((problem) => problem.kind === 'internal-error')).toEqual([]);
      }),
      { numRuns: 400 },
    ));
});
