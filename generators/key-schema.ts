import fc from 'fast-check';
import { dynamoBinary, dynamoString, type Item, type NativeValue } from './attribute-value.js';
import { dynamoNumber } from './number.js';
import { canonicalValue } from './item-equality.js';

export type KeyAttributeType = 'S' | 'N' | 'B';
export type KeyType = 'HASH' | 'RANGE';

/** A table's key schema in CloudFormation (AWS::DynamoDB::Table) shape. */
export interface KeySchema {
  KeySchema: { AttributeName: string; KeyType: KeyType }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: KeyAttributeType }[];
}

export interface KeyAttribute {
  name: string;
  type: KeyAttributeType;
  keyType: KeyType;
}

/** The key attributes, partition (HASH) key first. */
export function keyAttributes(schema: KeySchema): KeyAttribute[] {
  return [...schema.KeySchema]
    .sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1))
    .map(({ AttributeName, KeyType }) => {
      const definition = schema.AttributeDefinitions.find((d) => d.AttributeName === AttributeName);
      if (definition === undefined) throw new Error(`No AttributeDefinition for key attribute ${AttributeName}`);
      return { name: AttributeName, type: definition.AttributeType, keyType: KeyType };
    });
}

export function keyAttributeNames(schema: KeySchema): Set<string> {
  return new Set(schema.KeySchema.map((element) => element.AttributeName));
}

export function keySchema(hash: Omit<KeyAttribute, 'keyType'>, range?: Omit<KeyAttribute, 'keyType'>): KeySchema {
  const parts = range === undefined ? [{ ...hash, keyType: 'HASH' as const }] : [
    { ...hash, keyType: 'HASH' as const },
    { ...range, keyType: 'RANGE' as const },
  ];
  return {
    KeySchema: parts.map((p) => ({ AttributeName: p.name, KeyType: p.keyType })),
    AttributeDefinitions: parts.map((p) => ({ AttributeName: p.name, AttributeType: p.type })),
  };
}

const keyAttributeType = fc.constantFrom<KeyAttributeType>('S', 'N', 'B');

/** Hash-only or hash+range schemas with S, N or B key attributes. */
export function keySchemaArb(): fc.Arbitrary<KeySchema> {
  return fc
    .record({
      hash: fc.record({ name: fc.constantFrom('pk', 'id', 'userId', 'tenant'), type: keyAttributeType }),
      range: fc.option(fc.record({ name: fc.constantFrom('sk', 'ts', 'version'), type: keyAttributeType }), {
        nil: undefined,
      }),
    })
    .map(({ hash, range }) => keySchema(hash, range));
}

/** Valid key values: S and B non-empty (and short, far under the 2048/1024-byte key limits). */
export function keyValue(type: KeyAttributeType): fc.Arbitrary<NativeValue> {
  switch (type) {
    case 'S':
      return dynamoString({ minLength: 1, maxLength: 20 });
    case 'N':
      return dynamoNumber();
    case 'B':
      return dynamoBinary({ minLength: 1, maxLength: 16 });
  }
}

export function keyArb(schema: KeySchema): fc.Arbitrary<Item> {
  const attributes = keyAttributes(schema);
  return fc
    .tuple(...attributes.map((attribute) => keyValue(attribute.type)))
    .map((values) => Object.fromEntries(attributes.map((attribute, i) => [attribute.name, values[i] as NativeValue])));
}

/** The key of an item, attributes in schema order. */
export function keyOf(item: Item, schema: KeySchema): Item {
  return Object.fromEntries(keyAttributes(schema).map(({ name }) => [name, requireValue(item, name)]));
}

/** Equal for two items exactly when they have the same key. */
export function canonicalKey(itemOrKey: Item, schema: KeySchema): string {
  return JSON.stringify(keyAttributes(schema).map(({ name }) => canonicalValue(requireValue(itemOrKey, name))));
}

/** The partition (HASH) key value in canonical form: what decides the shard. */
export function canonicalPartitionKey(itemOrKey: Item, schema: KeySchema): string {
  const [hash] = keyAttributes(schema);
  if (hash === undefined) throw new Error('Key schema has no HASH key');
  return canonicalValue(requireValue(itemOrKey, hash.name));
}

function requireValue(item: Item, name: string): NativeValue {
  const value = item[name];
  if (value === undefined) throw new Error(`Item lacks key attribute ${name}`);
  return value;
}
