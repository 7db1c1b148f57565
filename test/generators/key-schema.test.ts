import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidDynamoDBNumber, marshalValue, NumberValue, type KeySchema } from '../../generators/index.js';
import { canonicalKey, canonicalPartitionKey, keyArb, keyAttributeNames, keyAttributes, keyOf, keySchema, keySchemaArb } from '../../generators/key-schema.js';

/** DynamoDB's limits on key values: partition key 1..2048 bytes, sort key 1..1024 bytes (S and B); N a valid number. */
const KEY_BYTES = { HASH: 2048, RANGE: 1024 } as const;

describe('key schemas', () => {
  it('are hash-only or hash+range, in CloudFormation shape: one HASH, at most one RANGE, each defined once with S, N or B', () =>
    fc.assert(
      fc.property(keySchemaArb(), (schema) => {
        const types = schema.KeySchema.map((k) => k.KeyType);
        expect(types[0]).toBe('HASH');
        expect(types.filter((t) => t === 'HASH')).toHaveLength(1);
        expect(types.length === 1 || types[1] === 'RANGE').toBe(true);
        const names = schema.KeySchema.map((k) => k.AttributeName);
        expect(new Set(names).size).toBe(names.length);
        expect(schema.AttributeDefinitions.map((d) => d.AttributeName)).toEqual(names);
        for (const d of schema.AttributeDefinitions) expect(['S', 'N', 'B']).toContain(d.AttributeType);
      }),
      { numRuns: 50 },
    ));

  it('list the key attributes partition key first, whatever the order of KeySchema, and refuse an undefined one', () => {
    const schema: KeySchema = {
      KeySchema: [{ AttributeName: 'sk', KeyType: 'RANGE' }, { AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    };
    expect(keyAttributes(schema)).toEqual([{ name: 'pk', type: 'S', keyType: 'HASH' }, { name: 'sk', type: 'N', keyType: 'RANGE' }]);
    expect(keyAttributeNames(schema)).toEqual(new Set(['sk', 'pk']));
    expect(() => keyAttributes({ ...schema, AttributeDefinitions: schema.AttributeDefinitions.slice(0, 1) })).toThrow('No AttributeDefinition for key attribute sk');
  });
});

describe('key values', () => {
  it('are valid for the schema: the key attributes only, of their types, within DynamoDB\'s key limits', () =>
    fc.assert(
      fc.property(keySchemaArb().chain((schema) => keyArb(schema).map((key) => ({ schema, key }))), ({ schema, key }) => {
        const attributes = keyAttributes(schema);
        expect(Object.keys(key)).toEqual(attributes.map((a) => a.name));
        for (const { name, type, keyType } of attributes) {
          const value = marshalValue(key[name]!);
          expect(Object.keys(value), name).toEqual([type]);
          if (type === 'S') expect(Buffer.byteLength(value.S!, 'utf8')).toBeGreaterThan(0);
          if (type === 'S') expect(Buffer.byteLength(value.S!, 'utf8')).toBeLessThanOrEqual(KEY_BYTES[keyType]);
          if (type === 'B') expect(Buffer.byteLength(value.B!, 'base64')).toBeGreaterThan(0);
          if (type === 'B') expect(Buffer.byteLength(value.B!, 'base64')).toBeLessThanOrEqual(KEY_BYTES[keyType]);
          if (type === 'N') expect(isValidDynamoDBNumber(value.N!)).toBe(true);
        }
      }),
      { numRuns: 100 },
    ));

  it('identify an item by its key: other attributes and the spelling of numbers do not matter', () => {
    const schema = keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
    const item = { sk: 1, pk: 'a', total: 3 };
    expect(keyOf(item, schema)).toEqual({ pk: 'a', sk: 1 });
    expect(Object.keys(keyOf(item, schema))).toEqual(['pk', 'sk']);
    expect(canonicalKey(item, schema)).toBe(canonicalKey({ pk: 'a', sk: new NumberValue('1.0') }, schema));
    expect(canonicalKey(item, schema)).not.toBe(canonicalKey({ pk: 'a', sk: 2 }, schema));
    expect(canonicalPartitionKey(item, schema)).toBe(canonicalPartitionKey({ pk: 'a', sk: 2 }, schema));
    expect(() => keyOf({ pk: 'a' }, schema)).toThrow('Item lacks key attribute sk');
  });
});
