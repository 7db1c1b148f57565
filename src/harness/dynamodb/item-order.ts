import { dynaliteDb } from './dynalite-internals.js';
import type { KeySchemaElement, AttributeDefinition } from './table-declarations.js';

/**
 * Deterministic item order by key: hash key, then range key, each in DynamoDB's own order for its
 * type (numbers by value, strings and binaries by bytes).
 */
export function compareByKey(
  keySchema: readonly KeySchemaElement[],
  attributeDefinitions: readonly AttributeDefinition[],
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  const parts = keySchema.map((element) => ({
    name: element.AttributeName,
    type: attributeDefinitions.find((d) => d.AttributeName === element.AttributeName)?.AttributeType ?? 'S',
  }));
  const sortKey = (item: Record<string, unknown>): string[] =>
    parts.map(({ name, type }) => {
      const value = item[name] as Record<string, unknown> | undefined;
      const raw = value?.[type];
      return raw === undefined ? '' : dynaliteDb.toRangeStr(raw, type);
    });
  const cache = new WeakMap<object, string[]>();
  const keyOf = (item: Record<string, unknown>): string[] => {
    let key = cache.get(item);
    if (!key) cache.set(item, (key = sortKey(item)));
    return key;
  };
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}
