import { describe, expect, it } from 'vitest';
import { compareByKey } from '../../../src/harness/dynamodb/item-order.js';
import type { AttributeDefinition, KeySchemaElement } from '../../../src/harness/dynamodb/table-declarations.js';

const schema = (hash: AttributeDefinition['AttributeType'], range?: AttributeDefinition['AttributeType']) => {
  const keySchema: KeySchemaElement[] = [{ AttributeName: 'pk', KeyType: 'HASH' }];
  const definitions: AttributeDefinition[] = [{ AttributeName: 'pk', AttributeType: hash }];
  if (range) {
    keySchema.push({ AttributeName: 'sk', KeyType: 'RANGE' });
    definitions.push({ AttributeName: 'sk', AttributeType: range });
  }
  return compareByKey(keySchema, definitions);
};

const sorted = <T extends Record<string, unknown>>(compare: ReturnType<typeof compareByKey>, items: T[]): T[] => [...items].sort(compare);

describe('compareByKey', () => {
  it('orders number keys by value, negatives and decimals included', () => {
    const items = ['10', '-3', '2.5', '9', '-10', '0'].map((n) => ({ pk: { N: n } }));
    expect(sorted(schema('N'), items).map((item) => item.pk.N)).toEqual(['-10', '-3', '0', '2.5', '9', '10']);
  });

  it('orders string keys by UTF-8 bytes: upper case before lower case, ASCII before accents', () => {
    const items = ['b', 'é', 'B', 'a', 'z', 'ab'].map((s) => ({ pk: { S: s } }));
    expect(sorted(schema('S'), items).map((item) => item.pk.S)).toEqual(['B', 'a', 'ab', 'b', 'z', 'é']);
  });

  it('orders binary keys by bytes', () => {
    const items = [[0xff], [0x01, 0x02], [0x01], [0x80]].map((bytes) => ({ pk: { B: Buffer.from(bytes).toString('base64') } }));
    expect(sorted(schema('B'), items).map((item) => [...Buffer.from(item.pk.B, 'base64')])).toEqual([[0x01], [0x01, 0x02], [0x80], [0xff]]);
  });

  it('orders by hash key, then by range key', () => {
    const compare = schema('S', 'N');
    const items = [
      { pk: { S: 'b' }, sk: { N: '1' } },
      { pk: { S: 'a' }, sk: { N: '20' } },
      { pk: { S: 'a' }, sk: { N: '3' } },
    ];
    expect(sorted(compare, items).map((item) => `${item.pk.S}${item.sk.N}`)).toEqual(['a3', 'a20', 'b1']);
    expect(compare(items[0]!, { ...items[0]! })).toBe(0);
  });
});
