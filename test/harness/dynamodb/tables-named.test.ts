import { describe, expect, it } from 'vitest';
import { tablesNamed } from '../../../src/harness/dynamodb/tables-named.js';

describe('tablesNamed', () => {
  it('reads TableName, the tables of RequestItems and of every transaction item, each once', () => {
    expect(tablesNamed({ TableName: 'orders', Key: {} })).toEqual(['orders']);
    expect(tablesNamed({ RequestItems: { orders: [], audit: [] } })).toEqual(['orders', 'audit']);
    expect(
      tablesNamed({
        TransactItems: [
          { Put: { TableName: 'orders' } },
          { ConditionCheck: { TableName: 'stock' } },
          { Update: { TableName: 'orders' } },
          { Get: { TableName: 'audit' } },
        ],
      }),
    ).toEqual(['orders', 'stock', 'audit']);
  });

  it('names nothing for malformed shapes (validation reports them)', () => {
    expect(tablesNamed({})).toEqual([]);
    expect(tablesNamed({ TableName: 7, RequestItems: ['orders'], TransactItems: [null, 'x', { Put: null }, { Put: { TableName: 1 } }] })).toEqual([]);
    expect(tablesNamed({ RequestItems: null, TransactItems: { Put: { TableName: 'orders' } } })).toEqual([]);
  });
});
