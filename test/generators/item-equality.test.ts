import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { attributeValue, itemArb, keySchemaArb, marshalImage, NumberValue, type Item, type NativeValue } from '../../generators/index.js';
import { canonicalAttribute, canonicalItem, canonicalStreamImage, canonicalValue, itemsEqual, valuesEqual } from '../../generators/item-equality.js';

/** The same item with its attributes (and those of its maps) in reverse order. */
function reversed(value: NativeValue): NativeValue {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object' && !(value instanceof Set) && !(value instanceof Uint8Array) && !(value instanceof NumberValue)) {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v as NativeValue)]));
  }
  return value;
}

describe('DynamoDB equality of values', () => {
  it('compares values by DynamoDB semantics', () => {
    const cases: [NativeValue, NativeValue, boolean][] = [
      [5, new NumberValue('5.0'), true],
      [new Set(['a', 'b']), new Set(['b', 'a']), true],
      [new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
      [{ x: 1, y: [true] }, { y: [true], x: 1 }, true],
      ['5', 5, false],
      [[1, 2], [2, 1], false],
      [new Set([1]), new Set([new NumberValue('1')]), true],
    ];
    for (const [a, b, equal] of cases) expect(valuesEqual(a, b), `${canonicalValue(a)} vs ${canonicalValue(b)}`).toBe(equal);
  });


  it('an item equals itself with its attributes in any order, and differs once an attribute changes', () =>
    fc.assert(
      fc.property(keySchemaArb().chain((schema) => itemArb(schema)), (item) => {
        expect(itemsEqual(item, reversed(item) as Item)).toBe(true);
        expect(canonicalItem(item)).toBe(canonicalItem(reversed(item) as Item));
        expect(itemsEqual(item, { ...item, zzExtra: 'x' })).toBe(false);
      }),
      { numRuns: 40 },
    ));

  it('values compare equal exactly when their canonical texts are equal (both ways)', () =>
    fc.assert(
      fc.property(attributeValue({ maxDepth: 2 }), attributeValue({ maxDepth: 2 }), (a, b) => {
        expect(valuesEqual(a, a)).toBe(true);
        expect(valuesEqual(a, b)).toBe(valuesEqual(b, a));
        expect(valuesEqual(a, b)).toBe(canonicalValue(a) === canonicalValue(b));
      }),
      { numRuns: 60 },
    ));

  it('compares stream images (Keys across records) the same way as the items they come from', () => {
    const a = marshalImage({ pk: 'o-1', tags: new Set(['b', 'a']) });
    const b = marshalImage({ tags: new Set(['a', 'b']), pk: 'o-1' });
    expect(canonicalStreamImage(a)).toBe(canonicalStreamImage(b));
    expect(canonicalAttribute({ NS: ['2', '10'] })).toEqual(canonicalAttribute({ NS: ['10', '2'] }));
    expect(canonicalAttribute({ S: '1' })).not.toEqual(canonicalAttribute({ N: '1' }));
  });
});
